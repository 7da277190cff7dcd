#!/usr/bin/env bash
# Renders a report.html (from 'sim2real run') to a PNG with headless Chromium, installing Debian's chromium
# package if it is missing (only this script needs it; CI does not).
# Usage: scripts/render-report.sh REPORT.html OUT.png [WIDTH] [HEIGHT]   (HEIGHT: only the top of the page)
set -euo pipefail
if [[ $# -lt 2 ]]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTH] [HEIGHT]" >&2
    exit 2
fi
report=$1 out=$2 width=${3:-1260}
[[ -f "$report" ]] || { echo "$report: no such file" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
    browser=$(command -v chromium)
fi
# The page's height as the report estimates it (Chromium cannot size a screenshot to the content).
height=${4:-$(grep -o '<meta name="report-height" content="[0-9]*"' "$report" | grep -o '[0-9][0-9]*' || echo 3000)}
absolute=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile" \
    --window-size="$width,$height" --screenshot="$tmp/shot.png" "file://$absolute" >/dev/null 2>&1
mv "$tmp/shot.png" "$out"
echo "wrote $out (${width}x${height})"
