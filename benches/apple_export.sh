#!/usr/bin/env bash
# Apple Health export benchmark (issue 14):
#
#   benches/apple_export.sh [MB] [WORKOUTS]     (defaults: 1000 MB, 1000)
#
# Generates target/bench-apple-MB/apple_health_export/export.xml when
# missing (examples/gen_apple_export.rs: Records grouped by type, heart
# rate, steps and energy, then the workouts), zips it into export.zip
# beside it when missing, and times `patella import` with /usr/bin/time -v:
#   (a) the folder, cold (empty cache);  (b) the folder, warm;
#   (c) export.zip, --no-cache.
# Prints wall time, MB/s of export.xml and peak RSS of each.
set -euo pipefail

MB=${1:-1000}
WORKOUTS=${2:-1000}
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
DIR="$TARGET/bench-apple-$MB"
cargo build --release -q
[ -f "$DIR/folder/apple_health_export/export.xml" ] ||
    cargo run --release -q --example gen_apple_export -- "$DIR/folder" "$MB" "$WORKOUTS"
XML="$DIR/folder/apple_health_export/export.xml"
if [ ! -f "$DIR/zip/export.zip" ]; then
    mkdir -p "$DIR/zip"
    python3 -c "import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    z.write(sys.argv[2], 'apple_health_export/export.xml')" "$DIR/zip/export.zip" "$XML"
fi
BYTES=$(stat -c %s "$XML")
cat "$XML" > /dev/null   # in the page cache, as the second of two reads would be
CACHE="$DIR/cache"
rm -rf "$CACHE"
run() {
    local label=$1; shift
    PATELLA_CACHE_DIR="$CACHE" /usr/bin/time -v "$TARGET/release/patella" import -q "$@" \
        > "$DIR/out.txt" 2> "$DIR/time.txt"
    local wall rss
    wall=$(grep "Elapsed (wall clock)" "$DIR/time.txt" | awk -F': ' '{print $2}' |
        awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    rss=$(grep "Maximum resident" "$DIR/time.txt" | awk -F': ' '{print $2}')
    printf '%-28s %8.2f s %9.0f MB/s %9d kB  %s\n' "$label" "$wall" \
        "$(echo "$BYTES / 1000000 / $wall" | bc -l)" "$rss" "$(head -1 "$DIR/out.txt")"
}
echo "export.xml: $((BYTES / 1000000)) MB, $(grep -c '<Record' "$XML") records"
run "(a) folder, cold" "$DIR/folder"
run "(b) folder, warm" "$DIR/folder"
run "(c) export.zip, no cache" --no-cache "$DIR/zip/export.zip"
