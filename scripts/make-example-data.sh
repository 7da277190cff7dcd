#!/usr/bin/env bash
# Writes an example of the data pipelines/bring-your-own.yaml expects, from the project's own simulator and its
# proxy-real camera standing in for yours: my-data/sim.zarr (a diffusion_policy replay buffer of gym-pusht
# renders), my-data/photos/ (five PNG photos, no masks), my-data/real-train/ and my-data/real-test/ (episode
# folders, no masks).
#   scripts/make-example-data.sh [OUT]        (default OUT: my-data; uses .build/release/sim2real or $SIM2REAL)
set -euo pipefail
out=${1:-my-data}
bin=${SIM2REAL:-.build/release/sim2real}
if [ -e "$out" ]; then echo "make-example-data: $out already exists" >&2; exit 1; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/out"

"$bin" simulate --scene scenes/pusht.yaml --episodes 4 --seed 0 --max-steps 100 --out "$work/sim.sqlite"
"$bin" dataset export "$work/sim.sqlite" --format zarr --out "$work/out/sim.zarr"

"$bin" references --scene scenes/pusht-real.yaml --count 5 --seed 1000 --out "$work/references"
mkdir -p "$work/out/photos"
for k in 0 1 2 3 4; do cp "$work/references/reference-$k.png" "$work/out/photos/photo-$k.png"; done

for split in train:1:6 test:2:4; do
    IFS=: read -r name seed episodes <<< "$split"
    "$bin" simulate --scene scenes/pusht.yaml --episodes "$episodes" --seed "$seed" --out "$work/$name-states.sqlite"
    "$bin" render --scene scenes/pusht-real.yaml --from "$work/$name-states.sqlite" --out "$work/$name.sqlite"
    "$bin" dataset export "$work/$name.sqlite" --format folder --out "$work/out/real-$name"
    # Your camera's episodes come without masks: drop the renderer's.
    find "$work/out/real-$name" -name '*-labels.png' -delete
done
mv "$work/out" "$out"
echo "wrote $out: sim.zarr, photos/, real-train/, real-test/"
