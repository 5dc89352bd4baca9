#!/usr/bin/env python3
"""Import circles between the files of each folder of a Rust crate.

Usage: python3 scripts/module_cycles.py [--no-tests] [--edges] [SRC]
(SRC defaults to the `src` folder beside this script's folder.)

Prints every circle (a strongly connected component of more than one
node) with the lines that make its arrows, and exits 1 when there is one,
0 when there is none.

How it reads the code (no compiler, a small lexer; comments and strings
are blanked first, so a path in a doc comment is no use):
- The module tree is followed from SRC/lib.rs through `mod x;` (and
  `#[path = "..."] mod x;`), as rustc finds files. A file no `mod` line
  reaches (one declared by a macro) gets its module from its path.
  `main.rs`, when present, is the binary's crate: its tree (the modules
  its `mod` lines declare, e.g. `commands/`) is read as a crate of its
  own, and it uses the library only through the library's name.
- A file uses another when one of its `use` declarations or a path in its
  code (`crate::a::b`, `super::x`, `self::x`, `child::item`, or a name a
  `use` brought in) resolves to an item that file defines. Paths are
  followed through re-exports: `super::Skipped`, where `mod.rs` has
  `pub use discover::Skipped`, is a use of discover.rs; an item the face
  does not re-export from elsewhere (defined in mod.rs itself, or not
  found) is a use of mod.rs.
- A folder's face (`mod.rs`, or `x.rs` beside a folder `x/`) re-exporting
  its own children (`pub use child::Item`) does not use them by that line:
  re-exporting is what a face is for. It uses them where its own code
  names them.
- Arrows are counted in the folder that holds both ends (the deepest
  common module): there each end is the file directly in that folder, or
  the subfolder holding it, or the folder's face. So `import/fit/session.rs`
  using `import/infer_sport.rs` is an arrow `import/fit/ -> import/infer_sport.rs`
  in `import`; the top level (`src`) shows circles between the stages.
- A test module (`#[cfg(test)] mod tests;`, `foo_tests.rs` under
  `#[path]`) belongs to the file that declares it. `--no-tests` leaves
  out every `#[cfg(test)]` module and file.
- `--edges` also prints every arrow of every folder.
"""
import bisect
import os
import re
import sys
from collections import defaultdict

# --- lexing ------------------------------------------------------------------

CHAR_LITERAL = re.compile(r"b?'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F_]+\}|.)|[^\\'\n])'")
RAW_STRING = re.compile(r'(?:b|c)?r(#*)"')


def blank(text):
    """`text` with comments blanked and every string literal replaced by
    `"S<n>"` (the n-th of the returned list), newlines kept so line numbers
    stay right."""
    out, strings = [], []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append("\n" * text.count("\n", i, j))
            i = j
            continue
        prev = text[i - 1] if i else " "
        raw = RAW_STRING.match(text, i) if c in "bcr" and not (prev.isalnum() or prev == "_") else None
        if raw:
            close = '"' + raw.group(1)
            end = text.find(close, raw.end())
            end = n if end < 0 else end + len(close)
            strings.append(text[raw.end() : end - len(close)])
            out.append('"S%d"' % (len(strings) - 1) + "\n" * text.count("\n", i, end))
            i = end
            continue
        if c == '"' or (c in "bc" and text.startswith('"', i + 1) and not (prev.isalnum() or prev == "_")):
            j = i + (1 if c == '"' else 2)
            start = j
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            strings.append(text[start:j])
            out.append('"S%d"' % (len(strings) - 1) + "\n" * text.count("\n", i, j))
            i = j + 1
            continue
        if c == "'" or (c == "b" and text.startswith("'", i + 1)):
            m = CHAR_LITERAL.match(text, i)
            if m and not (c == "b" and (prev.isalnum() or prev == "_")):
                out.append("' '")
                i = m.end()
                continue
        out.append(c)
        i += 1
    return "".join(out), strings


IDENT = r"(?:r\#)?[A-Za-z_]\w*"
TOKEN = re.compile(
    r"""
    (?P<attr>\#!?\s*\[(?P<attrbody>[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\])
  | (?P<vis>\bpub\b(?:\s*\((?:crate|super|self|in\s[^)]*)\))?)
  | (?P<use>(?<![\w:])use\b[^;]*;)
  | (?P<mod>\bmod\s+(?P<modname>%(id)s)\s*(?P<modend>[;{]))
  | (?P<def>\b(?:fn|struct|enum|trait|type|union)\s+(?P<defname>%(id)s)
      | \bmacro_rules\s*!\s*(?P<mname>%(id)s)
      | \b(?:const|static)\s+(?:mut\s+)?(?!fn\b|unsafe\b|extern\b|async\b)(?P<cname>%(id)s))
  | (?P<path>(?<![\w$:])%(id)s(?:\s*::\s*%(id)s)+)
  | (?P<ident>(?<![\w$:])%(id)s)
  | (?P<open>\{) | (?P<close>\}) | (?P<other>;)
    """
    % {"id": IDENT},
    re.X,
)

KINDS = ("attr", "vis", "use", "mod", "def", "path", "ident", "open", "close", "other")


def segments(path):
    return [s.replace("r#", "") for s in re.split(r"\s*::\s*", path.strip())]


def use_tree(text):
    """(segments, alias, is_glob) for each leaf of a `use` tree."""

    def tree(prefix):
        nonlocal pos
        out, segs = [], list(prefix)
        while pos < len(tokens):
            t = tokens[pos]
            if t == "::":
                pos += 1
            elif t == "{":
                pos += 1
                while pos < len(tokens) and tokens[pos] != "}":
                    if tokens[pos] == ",":
                        pos += 1
                        continue
                    out += tree(segs)
                pos += 1
                return out
            elif t == "*":
                pos += 1
                return out + [(segs, None, True)]
            elif t in (",", "}"):
                break
            elif t == "as":
                alias = tokens[pos + 1] if pos + 1 < len(tokens) else "_"
                pos += 2
                return out + [(segs, alias, False)]
            else:
                segs = segs + [t.replace("r#", "")]
                pos += 1
        if segs and segs[-1] == "self":
            segs = segs[:-1]
        return out + ([(segs, None, False)] if segs else [])

    body = text.strip()
    body = re.sub(r"^use\b", "", body).rstrip(";")
    tokens = re.findall(r"::|\{|\}|,|\*|%s" % IDENT, body)
    if tokens and tokens[0] == "::":
        return []  # an extern crate path
    pos = 0
    return tree([])


# --- the module tree -----------------------------------------------------------


def declared_mods(path):
    """The module names a crate root's `mod x;` lines declare."""
    if not os.path.isfile(path):
        return set()
    with open(path, encoding="utf-8") as f:
        return set(re.findall(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;", f.read(), re.M))


class Crate:
    def __init__(self, src, no_tests, root="lib.rs"):
        self.src = src
        self.root = root
        other = "main.rs" if root == "lib.rs" else "lib.rs"
        # Files of the other crate's own modules are not this crate's.
        self.foreign = declared_mods(os.path.join(src, other)) - declared_mods(
            os.path.join(src, root)
        )
        self.no_tests = no_tests
        self.modules = {}  # module path (tuple) -> file
        self.folder_faces = set()  # files whose children live in a folder
        self.declared = set()  # every file a `mod` line names
        self.unreached = []
        self.defined = defaultdict(set)  # module path -> item names
        self.names = defaultdict(dict)  # module path -> name a `use` brings -> segments
        self.globs = defaultdict(list)  # module path -> segments of each `use x::*`
        self.refs = []  # (file, scope, segments, line, text): a use of what they name
        self.reexports = []  # (file, scope, segments, name, line, text): a face's `pub use`
        self.code_idents = defaultdict(set)  # (file, scope) -> identifiers its code names
        self.parsed = {}  # file -> module path

    def load(self):
        root = os.path.join(self.src, self.root)
        self.visit(root, (), owns_dir=True, in_test=False)
        for dirpath, _, files in os.walk(self.src):
            for name in sorted(files):
                path = os.path.join(dirpath, name)
                if (
                    name.endswith(".rs")
                    and name not in ("main.rs", "lib.rs")
                    and os.path.normpath(path) not in self.declared
                    and self.module_by_path(path)[0] not in self.foreign
                    and path not in self.parsed
                ):
                    module = self.module_by_path(path)
                    if module is not None and module not in self.modules:
                        self.unreached.append(os.path.relpath(path, self.src))
                        self.visit(path, module, owns_dir=name == "mod.rs", in_test=False)

    def module_by_path(self, path):
        parts = os.path.relpath(path, self.src)[:-3].split(os.sep)
        if parts[-1] == "mod":
            parts = parts[:-1]
        return tuple(parts)

    def visit(self, path, module, owns_dir, in_test):
        if path in self.parsed or not os.path.isfile(path):
            return
        self.parsed[path] = module
        self.modules[module] = path
        with open(path, encoding="utf-8") as f:
            text, strings = blank(f.read())
        lines = [i for i, c in enumerate(text) if c == "\n"]
        line_of = lambda offset: bisect.bisect_left(lines, offset) + 1
        directory = os.path.dirname(path)
        child_dir = directory if owns_dir else os.path.join(directory, os.path.basename(path)[:-3])
        scopes = [(module, 0, in_test)]  # (module path, brace depth of its body, test code?)
        depth = 0
        pending_path, pending_test, pending_vis = None, False, None
        for m in TOKEN.finditer(text):
            kind = next(k for k in KINDS if m.group(k) is not None)
            scope, _, scope_test = scopes[-1]
            if kind == "attr":
                body = m.group("attrbody")
                path_attr = re.fullmatch(r'\s*path\s*=\s*"S(\d+)"\s*', body)
                if path_attr:
                    pending_path = strings[int(path_attr.group(1))]
                elif re.fullmatch(r"\s*cfg\s*\(\s*test\s*\)\s*", body):
                    pending_test = True
                continue
            if kind == "vis":
                pending_vis = m.group("vis")
                continue
            test = scope_test or pending_test
            skip = self.no_tests and test
            if kind == "use":
                if not skip:
                    for segs, alias, glob in use_tree(m.group()):
                        if glob:
                            self.globs[scope].append(segs)
                            self.refs.append((path, scope, segs, line_of(m.start()), m.group("use")))
                            continue
                        name = alias or (segs[-1] if segs else None)
                        if not segs or name == "_":
                            continue
                        self.names[scope][name] = segs
                        if pending_vis and scope == module:
                            self.reexports.append((path, scope, segs, name, line_of(m.start()), m.group()))
                        else:
                            self.refs.append((path, scope, segs, line_of(m.start()), m.group("use")))
            elif kind == "mod":
                name = m.group("modname").replace("r#", "")
                if m.group("modend") == "{":
                    depth += 1
                    scopes.append((scope + (name,), depth, test))
                else:
                    if pending_path is not None:
                        child, child_owns = os.path.normpath(os.path.join(directory, pending_path)), True
                    else:
                        child = os.path.join(child_dir, *scope[len(module):], name + ".rs")
                        child_owns = False
                        if not os.path.isfile(child):
                            child, child_owns = os.path.join(child_dir, *scope[len(module):], name, "mod.rs"), True
                    self.declared.add(os.path.normpath(child))
                    if pending_path is None:
                        self.folder_faces.add(path)
                    # Test modules are read even with --no-tests, for the
                    # files they declare; their uses are not counted.
                    self.visit(child, scope + (name,), child_owns, test)
            elif kind == "def":
                name = m.group("defname") or m.group("mname") or m.group("cname")
                self.defined[scope].add(name.replace("r#", ""))
            elif kind == "path":
                if not skip:
                    self.refs.append((path, scope, segments(m.group("path")), line_of(m.start()), m.group("path")))
            elif kind == "ident":
                if not skip:
                    self.code_idents[(path, scope)].add(m.group("ident"))
            elif kind == "open":
                depth += 1
            elif kind == "close":
                if len(scopes) > 1 and scopes[-1][1] == depth:
                    scopes.pop()
                depth -= 1
            pending_path, pending_test, pending_vis = None, False, None

    # --- resolving paths -------------------------------------------------------

    def absolute(self, segs, scope, seen=()):
        """`segs` as written in `scope`, from the crate root; None when it
        leaves the crate (std, another crate, a local name)."""
        if not segs:
            return None
        first = segs[0]
        if first == "crate":
            return tuple(segs[1:])
        if first in ("super", "self"):
            cur, rest = scope, list(segs)
            while rest and rest[0] in ("super", "self"):
                cur = cur[:-1] if rest[0] == "super" else cur
                rest = rest[1:]
            return cur + tuple(rest)
        if scope + (first,) in self.modules or first in self.defined[scope]:
            return scope + tuple(segs)
        if first in self.names[scope] and (scope, first) not in seen:
            base = self.absolute(self.names[scope][first], scope, seen + ((scope, first),))
            return None if base is None else base + tuple(segs[1:])
        if (scope, "*") in seen:
            return None
        for glob in self.globs[scope]:
            target = self.absolute(glob, scope, seen + ((scope, "*"),))
            if target is not None and target in self.modules:
                if target + (first,) in self.modules or first in self.defined[target] or first in self.names[target]:
                    return target + tuple(segs)
        return None

    def file_of(self, abs_segs, seen=()):
        """The file defining what `abs_segs` names."""
        cut = len(abs_segs)
        while cut and tuple(abs_segs[:cut]) not in self.modules:
            cut -= 1
        module = tuple(abs_segs[:cut])
        if module not in self.modules:
            return None
        rest = abs_segs[cut:]
        if not rest:
            return self.modules[module]
        return self.item_file(module, rest[0], seen)

    def item_file(self, module, name, seen):
        if (module, name) in seen:
            return self.modules[module]
        seen = seen + ((module, name),)
        if name in self.defined[module]:
            return self.modules[module]
        if name in self.names[module]:
            target = self.absolute(self.names[module][name], module, seen)
            if target is not None:
                return self.file_of(target, seen) or self.modules[module]
        for glob in self.globs[module]:
            target = self.absolute(glob, module, seen)
            if target is not None and target in self.modules:
                if name in self.defined[target] or name in self.names[target]:
                    return self.item_file(target, name, seen)
        return self.modules[module]

    def edges(self):
        """(from file, to file, line, text) for every use across files."""
        out = []
        for path, scope, segs, line, text in self.refs:
            target = self.absolute(segs, scope)
            if target is None:
                continue
            found = self.file_of(target)
            if found and found != path:
                out.append((path, found, line, text))
        for path, scope, segs, name, line, text in self.reexports:
            target = self.absolute(segs, scope)
            if target is None:
                continue
            found = self.file_of(target)
            if not found or found == path:
                continue
            own_child = target[: len(scope)] == scope and len(target) > len(scope)
            # A face handing on its own children's items does not use them;
            # it does where its code names them.
            if not own_child or name in self.code_idents[(path, scope)]:
                out.append((path, found, line, text))
        return out


# --- circles ----------------------------------------------------------------------


def strongly_connected(nodes, arrows):
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(arrows.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            out.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return [c for c in out if len(c) > 1]


def main(argv):
    no_tests = "--no-tests" in argv
    show_edges = "--edges" in argv
    rest = [a for a in argv if not a.startswith("--")]
    src = rest[0] if rest else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
    src = os.path.normpath(src)
    roots = [r for r in ("lib.rs", "main.rs") if os.path.isfile(os.path.join(src, r))]
    if not roots:
        print(f"neither {src}/lib.rs nor {src}/main.rs found", file=sys.stderr)
        return 2
    found = modules = 0
    for root in roots:
        circles, count = check(src, root, no_tests, show_edges)
        found += circles
        modules += count
    scope = " (test modules left out)" if no_tests else ""
    print(f"{found} circle(s) across {modules} modules{scope}")
    return 1 if found else 0


def check(src, root, no_tests, show_edges):
    """Prints the circles of the crate rooted at SRC/ROOT; gives how many
    there are and how many modules the crate has."""
    label = "src" if root == "lib.rs" else "src (binary)"
    crate = Crate(src, no_tests, root)
    crate.load()
    module_of = {f: m for m, f in crate.modules.items()}
    rel = lambda f: os.path.relpath(f, src).replace(os.sep, "/")

    def node(file, group):
        """What `file` is in the folder of module `group`: its face, a
        file of the folder, or the subfolder holding it."""
        module = module_of[file]
        if module == group:
            return rel(file)
        child = group + (module[len(group)],)
        child_file = crate.modules.get(child)
        if child_file is None:
            return "/".join(child) + "/"
        if child_file in crate.folder_faces:
            if os.path.basename(child_file) == "mod.rs":
                return rel(os.path.dirname(child_file)) + "/"
            return rel(child_file) + "+" + os.path.basename(child_file)[:-3] + "/"
        return rel(child_file)

    groups = defaultdict(lambda: defaultdict(list))  # group -> (a, b) -> evidence
    for a, b, line, text in crate.edges():
        ma, mb = module_of[a], module_of[b]
        common = 0
        while common < min(len(ma), len(mb)) and ma[common] == mb[common]:
            common += 1
        group = ma[:common]
        na, nb = node(a, group), node(b, group)
        if na != nb:
            groups[group][(na, nb)].append(f"{rel(a)}:{line}: {' '.join(text.split())[:90]}")

    found = 0
    for group in sorted(groups):
        arrows = defaultdict(set)
        for a, b in groups[group]:
            arrows[a].add(b)
        nodes = set(arrows) | {b for bs in arrows.values() for b in bs}
        folder = label + ("/" + "/".join(group) if group else "")
        if show_edges:
            print(f"{folder}:")
            for (a, b), evidence in sorted(groups[group].items()):
                print(f"  {a} -> {b}    ({evidence[0]})")
        for component in strongly_connected(nodes, arrows):
            found += 1
            print(f"circle in {folder}: " + " <-> ".join(component))
            for (a, b), evidence in sorted(groups[group].items()):
                if a in component and b in component:
                    more = f" (+{len(evidence) - 1} more)" if len(evidence) > 1 else ""
                    print(f"    {a} -> {b}: {evidence[0]}{more}")
    if crate.unreached:
        print(f"note ({root}): {len(crate.unreached)} file(s) no `mod` line reaches, placed by their path: "
              + ", ".join(sorted(crate.unreached)))
    return found, len(crate.modules)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
