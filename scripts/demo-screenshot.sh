#!/usr/bin/env bash
# Rebuilds docs/images/demo-report.png, the screenshot of the demo report in
# the user guide: runs patella on the demo export, then headless Chromium.
#   bash scripts/demo-screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=${PATELLA_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$chromium" ] || { echo "needs Chromium (Debian: apt-get install chromium)" >&2; exit 1; }

out=target/demo-report
cargo run --release --quiet -- analyze fixtures/demo-export --out "$out" --quiet >/dev/null
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1280,2200 --screenshot="$PWD/docs/images/demo-report.png" \
    "file://$PWD/$out/index.html" 2>/dev/null
echo "wrote docs/images/demo-report.png from $out/index.html"
