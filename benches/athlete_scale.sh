#!/usr/bin/env bash
# Scale check of issue 15 for one athlete: does peak memory stay flat
# when the archive doubles?
#
#   benches/athlete_scale.sh [RUNS] [SEED]     (defaults: 12000 runs, seed 1)
#
# For an archive of RUNS runs (1) and one of twice as many (2):
#   (cold1, cold2)  `patella analyze ARCHIVE --no-cache`
#   (fill1, fill2)  filling an empty cache
#   (warm1, warm2)  warm, nothing changed
# and prints wall time, peak RSS, CPU use and MB/s for each, the two sizes
# side by side with the growth in %, and issue 15's targets.
#
# The archives are generated with gen-archive into
# target/bench-archive-N[-sSEED] when missing, the folders benches/e2e.sh
# uses, so the two scripts share them (and runs an earlier e2e.sh added
# are removed first, as e2e.sh does). ARCHIVE_DIR=path uses an existing
# archive of RUNS runs, ARCHIVE2_DIR one of 2 x RUNS: those are read as
# found, never changed. SCALE_SKIP="double" measures RUNS alone (24,000
# runs are about 4 GB and minutes to generate); other step names skip
# those steps. CARGO_TARGET_DIR is honoured. Results also go to
# target/bench-scale-RUNS[-sSEED]/results.md.
set -euo pipefail

RUNS=${1:-12000}
SEED=${2:-1}
SKIP=" ${SCALE_SKIP:-} "
BENCH=athlete_scale
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release
# shellcheck source=benches/lib.sh
. "$ROOT/benches/lib.sh"
suffix() { if [ "$SEED" = 1 ]; then echo "$1"; else echo "$1-s$SEED"; fi; }
OUT=$TARGET/bench-scale-$(suffix "$RUNS")
mkdir -p "$OUT"

log "building (release)"
cargo build --release --quiet --bin patella --example gen-archive

# archive N GIVEN: the folder of the N-run archive, generated when GIVEN
# (a path from the environment) is empty and it is missing.
archive() {
    local runs=$1 given=$2 dir
    if [ -n "$given" ]; then
        dir=$(cd "$given" && pwd)
        # A wrong folder would quietly measure another size.
        if [ "$(awk -F' = ' '$1 == "runs" {print $2}' "$dir/.gen-archive" 2>/dev/null)" != "$runs" ]; then
            log "$dir is not a complete gen-archive of $runs runs (no manifest, or another size)"
            return 1
        fi
        [ ! -d "$dir/activities/added" ] || log "note: $dir has added runs, measured as they are"
        echo "$dir"
        return 0
    fi
    dir=$TARGET/bench-archive-$(suffix "$runs")
    if [ ! -f "$dir/.gen-archive" ]; then
        # No manifest: never generated, or interrupted.
        rm -rf "$dir"
        log "generating $runs runs (seed $SEED) into $dir"
        "$BIN/examples/gen-archive" --runs "$runs" --seed "$SEED" "$dir" >&2
    fi
    rm -rf "$dir/activities/added"
    echo "$dir"
}

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f "$OUT"/*.time
SIZES=(1)
skipped double || SIZES+=(2)
declare -A ARCHIVE_OF MB_OF RUNS_OF
for i in "${SIZES[@]}"; do
    RUNS_OF[$i]=$((RUNS * i))
    if [ "$i" = 1 ]; then given=${ARCHIVE_DIR:-}; else given=${ARCHIVE2_DIR:-}; fi
    ARCHIVE_OF[$i]=$(archive "${RUNS_OF[$i]}" "$given")
    MB_OF[$i]=$(size_mb "${ARCHIVE_OF[$i]}")
done

for i in "${SIZES[@]}"; do
    dir=${ARCHIVE_OF[$i]}
    # Read once, so the cold run does not pay for the disk alone (2 GB
    # per 12,000 runs fits in the page cache here).
    log "reading ${MB_OF[$i]} MB once into the page cache"
    find "$dir" -type f -print0 | xargs -0 cat >/dev/null
    report=$OUT/report-${RUNS_OF[$i]}
    # A report left by an older patella may lack the marker that lets
    # patella replace it.
    rm -rf "$report"
    analyze=("$BIN/patella" analyze "$dir" --out "$report" --quiet)
    skipped "cold$i" || measure "cold$i" "${analyze[@]}" --no-cache
    # A cache of its own per size, emptied, so the fill really fills it.
    export PATELLA_CACHE_DIR=$OUT/cache-${RUNS_OF[$i]}
    rm -rf "$PATELLA_CACHE_DIR"
    skipped "fill$i" || measure "fill$i" "${analyze[@]}"
    skipped "warm$i" || measure "warm$i" "${analyze[@]}"
done

# growth A B: how much B adds to A, in %.
growth() { percent "$2" "$1" | awk '$1 == "-" { print; next } { printf "%+d%%", $1 - 100 }'; }
pair() { printf '| %s | %s | %s | %s |\n' "$1" "${2:--}" "${3:--}" "$(growth "$2" "$3")"; }
{
    for i in "${SIZES[@]}"; do
        echo "Archive $i: ${ARCHIVE_OF[$i]} (${RUNS_OF[$i]} runs, seed $SEED, ${MB_OF[$i]} MB)"
    done
    machine_lines "$LOAD"
    echo "Release build; cold = --no-cache; warm = a private PATELLA_CACHE_DIR under $OUT. CPU % is user+sys over wall, of all $(nproc) cores."
    echo
    echo "| step | what | wall s | peak RSS MB | CPU % | MB/s |"
    echo "|---|---|---|---|---|---|"
    for i in "${SIZES[@]}"; do
        row "cold$i" "${RUNS_OF[$i]} runs, cold" "${MB_OF[$i]}"
        row "fill$i" "${RUNS_OF[$i]} runs, filling the cache" "${MB_OF[$i]}"
        row "warm$i" "${RUNS_OF[$i]} runs, warm, nothing changed"
    done
    if [ ${#SIZES[@]} = 2 ]; then
        echo
        echo "| | $RUNS runs | $((RUNS * 2)) runs | growth |"
        echo "|---|---|---|---|"
        pair "cold peak RSS MB" "$(peak_mb cold1)" "$(peak_mb cold2)"
        pair "filling peak RSS MB" "$(peak_mb fill1)" "$(peak_mb fill2)"
        pair "warm peak RSS MB" "$(peak_mb warm1)" "$(peak_mb warm2)"
        pair "cold wall s" "$(wall cold1)" "$(wall cold2)"
        pair "cold MB/s" "$(mb_per_s cold1 "${MB_OF[1]}")" "$(mb_per_s cold2 "${MB_OF[2]}")"
        pair "warm wall s" "$(wall warm1)" "$(wall warm2)"
    fi
} | tee "$OUT/results.md"

# Targets of issue 15 (measured, not asserted): the peak of all three runs
# of a size counts, since a coach meets all three.
PEAK1=$(max "$(peak_mb cold1)" "$(peak_mb fill1)" "$(peak_mb warm1)")
{
    echo
    echo "Targets ($RUNS runs; issue 15 sets them for 12,000):"
    verdict "one athlete's peak RSS < 150 MB" "$PEAK1" "<" 150 " MB"
    if [ ${#SIZES[@]} = 2 ]; then
        PEAK2=$(max "$(peak_mb cold2)" "$(peak_mb fill2)" "$(peak_mb warm2)")
        verdict "doubling the runs adds < 10% to the peak ($PEAK1 -> $PEAK2 MB)" \
            "$(percent "$PEAK2" "$PEAK1" | awk '$1 == "-" { print; next } { print $1 - 100 }')" "<" 10 "%"
    else
        verdict "doubling the runs adds < 10% to the peak" "" "<" 10 "%"
    fi
} | tee -a "$OUT/results.md"
