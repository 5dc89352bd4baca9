#!/usr/bin/env bash
# End-to-end benchmark of issue 5 on one generated archive:
#
#   benches/e2e.sh [RUNS] [SEED]        (defaults: 3000 runs, seed 1)
#
#   (a) fitparser alone decoding every FIT file on all cores, as patella
#       uses them (rayon over files; benches/baseline/fitparser_baseline.rs)
#   (a1) the same on one thread
#   (b) `patella analyze` cold
#   (c) `patella analyze` again, nothing changed (warm)
#   (d) `patella analyze` after adding ten runs (gen-archive --add 10)
#   (e) benches/python_baseline.py (fitdecode + gpxpy) computing the same
#       weekly distances, in a virtual environment under target/bench-venv
#
# and prints wall time, peak memory (max RSS) and the ratios (against (a),
# the same cores, and against (a1), one thread), then a few
# weeks of (e) next to patella's report.json as a sanity check. The archive
# is generated into target/bench-archive-RUNS[-sSEED] when missing; runs
# added by an earlier (d) are removed first, so the script can be re-run.
# When `patella analyze` has a --no-cache flag, (b) uses it and an extra
# run (b2) fills the cache before (c).
#
# patella's cache goes to target/bench-e2e-RUNS/cache, emptied first.
# Environment: E2E_SKIP="a e" skips steps (e.g. the slow Python one while
# debugging); CARGO_TARGET_DIR is honoured. Results also go to
# target/bench-e2e-RUNS/results.md.
set -euo pipefail

RUNS=${1:-3000}
SEED=${2:-1}
SKIP=" ${E2E_SKIP:-} "
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
SUFFIX=$RUNS
[ "$SEED" = 1 ] || SUFFIX="$RUNS-s$SEED"
ARCHIVE=$TARGET/bench-archive-$SUFFIX
OUT=$TARGET/bench-e2e-$SUFFIX
REPORT=$OUT/report
VENV=$TARGET/bench-venv
BIN=$TARGET/release

BENCH=e2e
# log, skipped and measure (each step's wall s, peak KB, user and system s
# in $OUT/NAME.time, its output in $OUT/NAME.log).
# shellcheck source=benches/lib.sh
. "$ROOT/benches/lib.sh"

log "building (release)"
cargo build --release --quiet --bin patella --example gen-archive --example fitparser-baseline

if [ ! -f "$ARCHIVE/.gen-archive" ]; then
    # No manifest: never generated, or interrupted.
    rm -rf "$ARCHIVE"
    log "generating $RUNS runs (seed $SEED) into $ARCHIVE"
    "$BIN/examples/gen-archive" --runs "$RUNS" --seed "$SEED" "$ARCHIVE"
fi
rm -rf "$ARCHIVE/activities/added"
mkdir -p "$OUT"
ARCHIVE_MB=$(du -sm "$ARCHIVE" | cut -f1)
FILES=$(find "$ARCHIVE" -type f \( -name '*.fit*' -o -name '*.gpx*' -o -name '*.tcx*' \) | wc -l)

# A report left by an older patella (or a failed run) may lack the marker
# that lets patella replace it.
rm -rf "$REPORT"
# A cache of its own, emptied, so that (b2) really fills it and the
# user's own cache is left alone.
export PATELLA_CACHE_DIR=$OUT/cache
rm -rf "$PATELLA_CACHE_DIR"
rm -f "$OUT"/*.time

CORES=$(nproc)
skipped a || measure a "$BIN/examples/fitparser-baseline" "$ARCHIVE" --threads "$CORES"
skipped a1 || measure a1 "$BIN/examples/fitparser-baseline" "$ARCHIVE" --threads 1

COLD_FLAGS=()
if "$BIN/patella" analyze --help | grep -q -- '--no-cache'; then
    COLD_FLAGS=(--no-cache)
fi
ANALYZE=("$BIN/patella" analyze "$ARCHIVE" --out "$REPORT" --quiet)
if ! skipped b; then
    measure b "${ANALYZE[@]}" "${COLD_FLAGS[@]}"
    if [ ${#COLD_FLAGS[@]} -gt 0 ]; then
        measure b2 "${ANALYZE[@]}"
    fi
fi
skipped c || measure c "${ANALYZE[@]}"
if ! skipped d; then
    "$BIN/examples/gen-archive" --add 10 "$ARCHIVE" >"$OUT/add.log" 2>&1
    measure d "${ANALYZE[@]}"
fi

if ! skipped e; then
    if ! "$VENV/bin/python" -c 'import fitdecode, gpxpy' 2>/dev/null; then
        log "setting up $VENV (fitdecode, gpxpy)"
        rm -rf "$VENV"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install --quiet --disable-pip-version-check fitdecode gpxpy
    fi
    # After (d), so both count the ten added runs.
    measure e "$VENV/bin/python" "$ROOT/benches/python_baseline.py" "$ARCHIVE" --out "$OUT/python-weeks.tsv"
fi

# The table.
value() { [ -f "$OUT/$1.time" ] && awk "{print \$$2}" "$OUT/$1.time" || echo ""; }
A=$(value a 1)
A1=$(value a1 1)
E=$(value e 1)
# ratio BASELINE WALL: how many times faster WALL is, or "-".
ratio() { awk -v a="$1" -v w="$2" -v f="$3" 'BEGIN { if (a == "" || w <= 0) print "-"; else printf f "x", a / w }'; }
row() {
    local step=$1 what=$2 wall peak
    wall=$(value "$step" 1)
    [ -n "$wall" ] || return 0
    peak=$(awk '{printf "%.0f", $2 / 1024}' "$OUT/$step.time")
    printf '| %s | %s | %.2f | %s | %s | %s | %s |\n' "$step" "$what" "$wall" "$peak" \
        "$(ratio "$A" "$wall" %.2f)" "$(ratio "$A1" "$wall" %.2f)" "$(ratio "$E" "$wall" %.1f)"
}
{
    echo "Archive: $ARCHIVE ($FILES activity files of $RUNS runs, seed $SEED, $ARCHIVE_MB MB; (d) adds 10)"
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
        "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "Commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo
    echo "| step | what | wall s | peak MB | fitparser ($CORES cores) time / this | fitparser (1 thread) time / this | python time / this |"
    echo "|---|---|---|---|---|---|---|"
    row a "fitparser alone, every FIT file, $CORES threads (rayon over files)"
    row a1 "fitparser alone, every FIT file, 1 thread"
    row b "patella analyze, cold${COLD_FLAGS[*]:+ (--no-cache)}"
    row b2 "patella analyze, filling the cache"
    row c "patella analyze, warm, nothing changed"
    row d "patella analyze, warm, 10 runs added"
    row e "python: fitdecode + gpxpy weekly distances"
} | tee "$OUT/results.md"

# Targets of issues 5 and 16 (measured, not asserted).
B=$(value b 1)
{
    echo
    echo "Targets:"
    target() { printf '  %-48s %s\n' "$1" "$2"; }
    [ -n "$A" ] && [ -n "$B" ] && target "cold >= 15x faster than fitparser, $CORES cores" \
        "$(awk -v a="$A" -v b="$B" 'BEGIN { r = a / b; printf "%.2fx: %s", r, (r >= 15 ? "met" : "missed") }')"
    [ -n "$A1" ] && [ -n "$B" ] && target "cold against fitparser on 1 thread" \
        "$(awk -v a="$A1" -v b="$B" 'BEGIN { printf "%.2fx (patella on '"$CORES"' cores)", a / b }')"
    C=$(value c 1)
    [ -n "$C" ] && target "warm re-run < 0.15 s (issue 5: 0.3 s)" \
        "$(awk -v c="$C" 'BEGIN { printf "%.2f s: %s", c, (c < 0.15 ? "met" : "missed") }')"
    D=$(value d 1)
    [ -n "$D" ] && target "after adding ten runs < 1 s" \
        "$(awk -v d="$D" 'BEGIN { printf "%.2f s: %s", d, (d < 1 ? "met" : "missed") }')"
    [ -n "$E" ] && [ -n "$B" ] && target "cold >= 100x faster than python" \
        "$(awk -v e="$E" -v b="$B" 'BEGIN { r = e / b; printf "%.1fx: %s", r, (r >= 100 ? "met" : "missed") }')"
    PEAK=$(for s in b b2 c d; do value "$s" 2; done | awk '$1 > m { m = $1 } END { printf "%.0f", m / 1024 }')
    [ -n "$B" ] && target "patella peak memory < 300 MB" \
        "$(awk -v p="$PEAK" 'BEGIN { printf "%d MB: %s", p, (p < 300 ? "met" : "missed") }')"
    target "memory flat when the archive doubles" "run again with $((RUNS * 2)) runs and compare"
} | tee -a "$OUT/results.md"

if [ -f "$OUT/python-weeks.tsv" ] && [ -f "$REPORT/report.json" ]; then
    echo
    echo "Sanity check: weekly km of the Python baseline vs patella's report.json"
    python3 "$ROOT/benches/python_baseline.py" --compare "$OUT/python-weeks.tsv" "$REPORT/report.json" |
        tee -a "$OUT/results.md"
fi
