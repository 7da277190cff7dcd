#!/usr/bin/env bash
# Issue 5's measurements: held-out triplets for the base editor, then 200 held-out sim frames edited by the base
# editor, the specialist(s) and the masked colour-transfer baseline, against the proxy-real truth of the same
# states (seed 900, which no training stage uses).
#   scripts/experiments/evaluate-editor.sh BASE.safetensors SPECIALIST.safetensors [OUT_DIR] [INSTRUCTION]
set -euo pipefail
base=${1:?base editor checkpoint}; specialist=${2:?specialist checkpoint}
out=${3:-out/editor-evaluation}; instruction=${4:-make the whole scene look real}
sim2real=${SIM2REAL:-.build/release/sim2real}
[[ -x $sim2real ]] || { swift build -c release >&2; }
mkdir -p "$out"
"$sim2real" editor holdout --editor "$base" --triplets 48 --out "$out/holdout.json" --grid "$out/holdout.png" --force
[[ -f $out/sim.sqlite ]] || "$sim2real" simulate --episodes 5 --seed 900 --max-steps 60 --out "$out/sim.sqlite"
[[ -f $out/truth.sqlite ]] || "$sim2real" render --scene scenes/pusht-real.yaml --from "$out/sim.sqlite" --out "$out/truth.sqlite"
[[ -d $out/refs ]] || "$sim2real" references --scene scenes/pusht-real.yaml --out "$out/refs"
[[ -f $out/color-transfer.sqlite ]] || "$sim2real" convert --method color-transfer --in "$out/sim.sqlite" --out "$out/color-transfer.sqlite" --references "$out/refs"
for name in base specialist; do
  checkpoint=$base; [[ $name == specialist ]] && checkpoint=$specialist
  [[ -f $out/$name.sqlite ]] || "$sim2real" convert --editor "$checkpoint" --instruction "$instruction" --in "$out/sim.sqlite" \
      --out "$out/$name.sqlite" --references "$out/refs" --episodes 4
done
"$sim2real" editor evaluate --sim "$out/sim.sqlite" --truth "$out/truth.sqlite" --instruction "$instruction" --frames 200 \
  --candidate "base=$out/base.sqlite" --candidate "specialist=$out/specialist.sqlite" \
  --candidate "color-transfer=$out/color-transfer.sqlite" --out "$out/evaluation.json" --grid "$out/grid.png" --force | tee "$out/evaluation.txt"
