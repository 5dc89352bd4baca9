#!/usr/bin/env bash
# Team benchmark of issue 15: a coach's folder of generated athletes.
#
#   benches/team.sh [ATHLETES] [RUNS] [SEED]     (defaults: 100 300 1)
#
#   (a)  team cold: `patella analyze TEAM --no-cache`
#   (b)  team, filling an empty cache
#   (c)  team warm, nothing changed
#   (d)  team warm after `gen-archive --add 10 TEAM/athlete-001`
#   (e)  the same bytes as one athlete (`--one-athlete --no-cache`), for
#        the throughput target: the team's MB/s against one log's
#   (f1) athlete-001 alone cold, (f2) filling its own cache, (f3) warm,
#        (f4) warm after the same ten runs: the single-athlete figures the
#        team's are set beside
#
# and prints wall time, peak RSS, CPU use and MB/s for each, the team next
# to one athlete with their ratios, and issue 15's targets, met or missed.
#
# The team is generated with `make_team` into
# target/bench-team-ATHLETESxRUNS[-sSEED] when missing. TEAM_DIR=path uses
# an existing team folder instead (ATHLETES, RUNS and SEED are then read
# from it). Either way the runs that (d) adds are removed on exit, and any
# left by an interrupted run are removed first, so the script can be
# re-run and leaves the team as it found it.
#
# Environment: TEAM_SKIP="e f1" skips steps; CARGO_TARGET_DIR is
# honoured. Caches go to the output folder (emptied first, so the user's
# own is left alone). Results also go to
# target/bench-team-out-ATHLETESxRUNS[-sSEED]/results.md.
set -euo pipefail

ATHLETES=${1:-100}
RUNS=${2:-300}
SEED=${3:-1}
SKIP=" ${TEAM_SKIP:-} "
BENCH=team
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release
# shellcheck source=benches/lib.sh
. "$ROOT/benches/lib.sh"

log "building (release)"
cargo build --release --quiet --bin patella --example make_team --example gen-archive

if [ -n "${TEAM_DIR:-}" ]; then
    TEAM=$(cd "$TEAM_DIR" && pwd)
    # The folder says what it holds; the arguments would only mislabel it.
    ATHLETES=$(find "$TEAM" -mindepth 1 -maxdepth 1 -type d -name 'athlete-*' | wc -l)
    RUNS=$(awk -F' = ' '$1 == "runs" {print $2}' "$TEAM/athlete-001/.gen-archive")
    SEED=$(awk -F' = ' '$1 == "seed" {print int(($2 - 1) / 1000)}' "$TEAM/athlete-001/.gen-archive")
    SUFFIX=${ATHLETES}x$RUNS
    [ "$SEED" = 1 ] || SUFFIX="$SUFFIX-s$SEED"
else
    SUFFIX=${ATHLETES}x$RUNS
    [ "$SEED" = 1 ] || SUFFIX="$SUFFIX-s$SEED"
    TEAM=$TARGET/bench-team-$SUFFIX
    # make_team writes the athletes in order, each manifest last: without
    # the last one the team was never written or was interrupted.
    if [ ! -f "$TEAM/athlete-$(printf '%03d' "$ATHLETES")/.gen-archive" ]; then
        rm -rf "$TEAM"
        log "generating $ATHLETES athletes of $RUNS runs (seed $SEED) into $TEAM"
        "$BIN/examples/make_team" --athletes "$ATHLETES" --runs "$RUNS" --seed "$SEED" "$TEAM"
    fi
fi
ONE=$TEAM/athlete-001
OUT=$TARGET/bench-team-out-$SUFFIX
mkdir -p "$OUT"

# Only (d) adds runs, to athlete-001; an earlier, interrupted run may have
# left some anywhere. Removing them on exit too leaves a shared team
# folder (TEAM_DIR) as it was.
remove_added() { rm -rf "$TEAM"/athlete-*/activities/added; }
remove_added
trap remove_added EXIT

TEAM_MB=$(size_mb "$TEAM")
ONE_MB=$(size_mb "$ONE")
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f "$OUT"/*.time

# The team (7 GB at 100 x 300) fits in the page cache of a large machine:
# read it once so that (a), (e) and (f1) all start from the same cache and
# the first of them does not pay for the disk alone.
log "reading $TEAM_MB MB once into the page cache"
find "$TEAM" -type f -print0 | xargs -0 cat >/dev/null

# A report left by an older patella (or a failed run) may lack the marker
# that lets patella replace it.
rm -rf "$OUT"/report-*
TEAM_RUN=("$BIN/patella" analyze "$TEAM" --out "$OUT/report-team" --quiet)
SAME_RUN=("$BIN/patella" analyze "$TEAM" --one-athlete --out "$OUT/report-same" --quiet)
ONE_RUN=("$BIN/patella" analyze "$ONE" --out "$OUT/report-one" --quiet)

# Each report folder starts empty, so each first run into it draws every
# chart, as a coach's first run does; later runs into it reuse the charts
# whose data did not change. The cold runs first, back to back, so the throughput comparison sees
# the same machine state; --no-cache leaves the caches alone.
skipped a || measure a "${TEAM_RUN[@]}" --no-cache
skipped e || measure e "${SAME_RUN[@]}" --no-cache
skipped f1 || measure f1 "${ONE_RUN[@]}" --no-cache

# Two caches, so that after the ten new runs both the team's (d) and the
# lone athlete's (f4) are the first to see them.
export PATELLA_CACHE_DIR=$OUT/cache-team
rm -rf "$OUT/cache-team" "$OUT/cache-one"
skipped b || measure b "${TEAM_RUN[@]}"
skipped c || measure c "${TEAM_RUN[@]}"
PATELLA_CACHE_DIR=$OUT/cache-one
skipped f2 || measure f2 "${ONE_RUN[@]}"
skipped f3 || measure f3 "${ONE_RUN[@]}"

"$BIN/examples/gen-archive" --add 10 "$ONE" >"$OUT/add.log" 2>&1
PATELLA_CACHE_DIR=$OUT/cache-team
skipped d || measure d "${TEAM_RUN[@]}"
PATELLA_CACHE_DIR=$OUT/cache-one
skipped f4 || measure f4 "${ONE_RUN[@]}"

# pair LABEL TEAM ONE: the side-by-side table's line, with team / one.
pair() { printf '| %s | %s | %s | %s |\n' "$1" "${2:--}" "${3:--}" "$(ratio "$2" "$3")"; }
{
    echo "Team: $TEAM ($ATHLETES athletes x $RUNS runs, seed $SEED, $TEAM_MB MB; athlete-001 $ONE_MB MB; (d), (f4) add 10 runs to athlete-001)"
    machine_lines "$LOAD"
    echo "Release build; cold = --no-cache; warm = a private PATELLA_CACHE_DIR under $OUT. CPU % is user+sys over wall, of all $(nproc) cores."
    echo
    echo "| step | what | wall s | peak RSS MB | CPU % | MB/s |"
    echo "|---|---|---|---|---|---|"
    row a "team, cold" "$TEAM_MB"
    row b "team, filling the cache" "$TEAM_MB"
    row c "team, warm, nothing changed"
    row d "team, warm, 10 runs added to athlete-001"
    row e "team's files as one athlete (--one-athlete), cold" "$TEAM_MB"
    row f1 "athlete-001 alone, cold" "$ONE_MB"
    row f2 "athlete-001 alone, filling its cache" "$ONE_MB"
    row f3 "athlete-001 alone, warm, nothing changed"
    row f4 "athlete-001 alone, warm, 10 runs added"
    echo
    echo "| | team | athlete-001 alone | team / one |"
    echo "|---|---|---|---|"
    pair "cold wall s" "$(wall a)" "$(wall f1)"
    pair "cold peak RSS MB" "$(peak_mb a)" "$(peak_mb f1)"
    pair "cold CPU %" "$(cpu_pct a)" "$(cpu_pct f1)"
    pair "cold MB/s" "$(mb_per_s a "$TEAM_MB")" "$(mb_per_s f1 "$ONE_MB")"
    pair "cold MB/s against the same bytes as one athlete (e)" "$(mb_per_s a "$TEAM_MB")" "$(mb_per_s e "$TEAM_MB")"
    pair "filling peak RSS MB" "$(peak_mb b)" "$(peak_mb f2)"
    pair "warm wall s" "$(wall c)" "$(wall f3)"
    pair "warm peak RSS MB" "$(peak_mb c)" "$(peak_mb f3)"
    pair "warm CPU %" "$(cpu_pct c)" "$(cpu_pct f3)"
    pair "10 runs added, wall s" "$(wall d)" "$(wall f4)"
    pair "10 runs added, peak RSS MB" "$(peak_mb d)" "$(peak_mb f4)"
} | tee "$OUT/results.md"

# Targets of issue 15 (measured, not asserted). Cold covers (a) and the
# cache-filling (b), warm (c) and (d): the peak of each pair counts.
{
    echo
    echo "Targets ($ATHLETES athletes x $RUNS runs; issue 15 sets them for 100 x 300):"
    verdict "team peak RSS cold < 300 MB" "$(max "$(peak_mb a)" "$(peak_mb b)")" "<" 300 " MB"
    verdict "team peak RSS warm < 300 MB" "$(max "$(peak_mb c)" "$(peak_mb d)")" "<" 300 " MB"
    verdict "team warm re-run < 3 s" "$(wall c)" "<" 3 " s"
    verdict "team, ten new runs for one athlete < 1.5 s" "$(wall d)" "<" 1.5 " s"
    # The same bytes: the MB/s ratio is (e)'s wall time over (a)'s.
    verdict "team cold MB/s >= 90% of one athlete's on the same bytes" "$(percent "$(wall e)" "$(wall a)")" ">=" 90 "%"
} | tee -a "$OUT/results.md"
