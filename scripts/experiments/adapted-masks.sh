#!/usr/bin/env bash
# The segmenter adapted to each look from its five references with exact labels, measured on the look's frames: per
# look, five photos rendered at 384 px with their label files, `references --from-images`, `segmenter adapt` and
# `masks --evaluate` with the adapted network in the first one's place. Prints each look's frames' IoU beside the
# shipped segmenter's, then the medians (docs/masks.md#adapting-to-your-camera).
#
#   SIM2REAL_THREADS=1 scripts/experiments/adapted-masks.sh runs/adapted-dev scenes/looks/dev/*.yaml scenes/pusht-real.yaml
set -euo pipefail
out=${1:?usage: scripts/experiments/adapted-masks.sh OUT LOOK.yaml...}
shift
binary=${SIM2REAL_BINARY:-.build/release/sim2real}
for look in "$@"; do
    name=$(basename "$look" .yaml)
    dir="$out/$name"
    [[ -e "$dir/adapted.json" ]] && continue
    rm -rf "$dir" && mkdir -p "$dir/photos"
    sed 's/^image_size: .*/image_size: 384/' "$look" > "$dir/look-384.yaml"
    "$binary" references --scene "$dir/look-384.yaml" --seed 1000 --out "$dir/rendered" > /dev/null
    for k in 0 1 2 3 4; do
        cp "$dir/rendered/reference-$k.png" "$dir/photos/photo-$k.png"
        cp "$dir/rendered/reference-$k-labels.png" "$dir/photos/photo-$k-labels.png"
    done
    "$binary" references --from-images "$dir/photos" --out "$dir/references" > /dev/null
    setting=$("$binary" segmenter adapt --references "$dir/references" --out "$dir/adapted.safetensors" | sed -n 's/^use it with --segmenter //p')
    "$binary" masks --evaluate --scene "$look" --json > "$dir/shipped.json"
    "$binary" masks --evaluate --scene "$look" --segmenter "$setting" --json > "$dir/adapted.json.partial"
    mv "$dir/adapted.json.partial" "$dir/adapted.json"
done
python3 - "$out" "$@" <<'PYTHON'
import json, os, statistics, sys
out, looks = sys.argv[1], [os.path.splitext(os.path.basename(path))[0] for path in sys.argv[2:]]
regions = ["background", "block", "agent", "arm"]
def frames(name, which):
    return json.load(open(os.path.join(out, name, which + ".json")))["looks"][0]["frames"]["mean_iou"]
print("frames' mean IoU, shipped -> adapted: " + " | ".join(regions))
for name in looks:
    shipped, adapted = frames(name, "shipped"), frames(name, "adapted")
    print(f"{name:28s} " + " | ".join(f"{shipped[r]:.3f} -> {adapted[r]:.3f}" if r in shipped else "-" for r in regions))
for region in regions:
    pairs = [(frames(n, "shipped")[region], frames(n, "adapted")[region]) for n in looks if region in frames(n, "shipped")]
    before, after = [p[0] for p in pairs], [p[1] for p in pairs]
    higher = sum(a > b for b, a in pairs)
    print(f"median {region}: {statistics.median(before):.3f} (lowest {min(before):.3f}) -> {statistics.median(after):.3f} "
          f"(lowest {min(after):.3f}), higher on {higher} of {len(pairs)}")
PYTHON
