#!/usr/bin/env bash
# The README's main job: install what is missing, build, and run the quickstart.
# At this stage: simulate a few expert episodes and write a contact sheet.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product sim2real
bin=.build/release/sim2real
out=${1:-runs/quickstart}
mkdir -p "$out"
"$bin" simulate --scene scenes/pusht.yaml --episodes 4 --seed 0 --out "$out/sim.sqlite" --resume
"$bin" dataset inspect "$out/sim.sqlite"
"$bin" dataset contact-sheet "$out/sim.sqlite" --out "$out/contact-sheet.png"
echo "quickstart: wrote $out/contact-sheet.png"
