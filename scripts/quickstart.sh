#!/usr/bin/env bash
# The README's main job: install what is missing, build, and run the quickstart.
# At this stage: simulate a few expert episodes, re-render them through the proxy-real camera, make the five
# reference frames, measure the sim-to-real appearance gap, and write contact sheets of both styles.
# Re-running continues where a killed run stopped (datasets resume; finished steps are skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product sim2real
bin=.build/release/sim2real
out=${1:-runs/quickstart}
mkdir -p "$out"
"$bin" simulate --scene scenes/pusht.yaml --episodes 4 --seed 0 --out "$out/sim.sqlite" --resume
"$bin" render --scene scenes/pusht-real.yaml --from "$out/sim.sqlite" --out "$out/real.sqlite" --resume
[[ -f "$out/references/manifest.json" ]] || "$bin" references --scene scenes/pusht-real.yaml --count 5 --seed 0 --out "$out/references"
"$bin" dataset inspect "$out/sim.sqlite"
"$bin" dataset contact-sheet "$out/sim.sqlite" --out "$out/sim-sheet.png"
"$bin" dataset contact-sheet "$out/real.sqlite" --out "$out/real-sheet.png"
"$bin" gap --a "$out/sim.sqlite" --b "$out/real.sqlite" --stride 4 | tee "$out/gap.txt"
echo "quickstart: wrote $out/sim-sheet.png, $out/real-sheet.png, $out/references/ and $out/gap.txt"
