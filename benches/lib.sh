# shellcheck shell=bash
# The awk programs handed to figure() are single-quoted on purpose.
# shellcheck disable=SC2016
# Helpers shared by benches/team.sh and benches/athlete_scale.sh; sourced,
# not run. The caller sets OUT (where the logs and timings go) and
# BENCH (the name its log lines start with).
#
# Each measured step leaves $OUT/NAME.log (the command's output) and
# $OUT/NAME.time: "wall_s peak_kb user_s sys_s". User and system time
# are kept apart from the wall time because issue 15 asks for the CPU
# use over the run (are both cores busy?), not only how long it took.

log() { printf '%s: %s\n' "$BENCH" "$*" >&2; }

# skipped STEP: whether STEP is named in $SKIP (" a e ").
skipped() { [[ " ${SKIP:-} " == *" $1 "* ]]; }

# measure NAME COMMAND...: runs COMMAND and records its figures. GNU time
# when there is one, else a Python wrapper (wall clock and getrusage of
# the child), so the script also runs where /usr/bin/time is missing.
measure() {
    local name=$1
    shift
    log "($name) $*"
    if [ -x /usr/bin/time ] && /usr/bin/time -f '%e' true 2>/dev/null; then
        /usr/bin/time -f '%e %M %U %S' -o "$OUT/$name.time" "$@" >"$OUT/$name.log" 2>&1 ||
            { log "($name) failed, see $OUT/$name.log"; tail -5 "$OUT/$name.log" >&2; return 1; }
    else
        python3 - "$OUT/$name.time" "$@" >"$OUT/$name.log" 2>&1 <<'PY' ||
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{wall:.2f} {usage.ru_maxrss} {usage.ru_utime:.2f} {usage.ru_stime:.2f}\n")
sys.exit(code)
PY
            { log "($name) failed, see $OUT/$name.log"; tail -5 "$OUT/$name.log" >&2; return 1; }
    fi
    log "($name) $(awk '{printf "%.2f s, %.0f MB, user+sys %.1f s", $1, $2 / 1024, $3 + $4}' "$OUT/$name.time")"
}

# The figures of a measured step, empty when it did not run: wall s, peak
# MB, CPU as % of all the machine's cores (100% = every core busy for the
# whole wall time; GNU time's %P would say 200% for two), MB/s of MB read.
# figure STEP [AWK OPTIONS] PROGRAM runs PROGRAM on STEP's figures.
figure() {
    local step=$1
    shift
    if [ -f "$OUT/$step.time" ]; then awk "$@" "$OUT/$step.time"; fi
}
wall() { figure "$1" '{printf "%.2f", $1}'; }
peak_mb() { figure "$1" '{printf "%.0f", $2 / 1024}'; }
cpu_pct() { figure "$1" -v n="$(nproc)" '{ if ($1 > 0) printf "%.0f", ($3 + $4) / $1 / n * 100; else print "-" }'; }
mb_per_s() { figure "$1" -v mb="$2" '{ if ($1 > 0) printf "%.1f", mb / $1; else print "-" }'; }

# size_mb DIR: DIR's size on disk in MB, with a decimal: whole MB would
# round a small input's throughput.
size_mb() { du -sk "$1" | awk '{printf "%.1f", $1 / 1024}'; }

# row STEP WHAT [MB]: one line of the steps table (step, what, wall s,
# peak RSS MB, CPU %, MB/s); MB/s only for the steps that decode every
# file (cold or filling the cache), given the MB they read.
row() {
    local step=$1 what=$2 mb=${3:-}
    [ -f "$OUT/$step.time" ] || return 0
    printf '| %s | %s | %s | %s | %s | %s |\n' "$step" "$what" "$(wall "$step")" "$(peak_mb "$step")" \
        "$(cpu_pct "$step")" "$([ -n "$mb" ] && mb_per_s "$step" "$mb" || echo -)"
}

# max VALUE...: the largest of the values that are not empty.
max() { printf '%s\n' "$@" | awk '$1 != "" && ($1 > m || m == "") { m = $1 } END { print m }'; }

# ratio A B [FORMAT]: A / B, or "-" when either is missing.
ratio() {
    awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (a == "" || b == "" || a == "-" || b == "-" || b == 0) print "-"; else printf f, a / b }'
}

# percent A B: A / B in %, or "-".
percent() { ratio "$1" "$2" '%.4f' | awk '$1 == "-" { print; next } { printf "%.0f", $1 * 100 }'; }

# verdict LABEL VALUE OP LIMIT UNIT: one line of the targets list, "met"
# or "missed" (measured, not asserted: the script still exits 0).
verdict() {
    local label=$1 value=$2 op=$3 limit=$4 unit=$5
    if [ -z "$value" ] || [ "$value" = - ]; then
        printf '  %-60s not measured\n' "$label"
        return 0
    fi
    printf '  %-60s %s%s: %s\n' "$label" "$value" "$unit" \
        "$(awk -v v="$value" -v l="$limit" -v op="$op" 'BEGIN {
            ok = (op == "<") ? (v < l) : (v >= l); print (ok ? "met" : "missed") }')"
}

# Where and on what the figures were taken: the load before says whether
# others were busy (this machine is often shared with builds).
machine_lines() {
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
        "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); load before: $1"
    echo "Commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
}
