#!/usr/bin/env bash
# Which region's look do the pretrained policies depend on? Evaluates every pretrained policy of a finished run
# (RUN/experiment/units/<variant>-seed<k>.safetensors) on the test states rendered six ways:
#   sim look | colour transfer of only the background | only the block | only the agent | all three | proxy-real
# The colour-transferred sets change one region's colours toward the 5 references (masked Reinhard, sim masks),
# keeping the geometry, so the rise in MSE over the sim column is that region's share of the appearance gap; the
# proxy-real column adds texture, lighting and the camera. Nothing is trained; only the run's own references are used.
#
#   scripts/experiments/region-sensitivity.sh runs/pusht-sim2real            # writes runs/pusht-sim2real/sensitivity/table.md
set -euo pipefail
run=${1:?usage: scripts/experiments/region-sensitivity.sh RUN_DIR [SIM2REAL_BINARY]}
binary=${2:-.build/release/sim2real}
out="$run/sensitivity"
mkdir -p "$out"
states="$run/real-test-states/dataset.sqlite"
references="$run/references/references"
for needed in "$states" "$run/real-test/dataset.sqlite" "$references/manifest.json"; do
    [[ -e "$needed" ]] || { echo "region-sensitivity: $needed is missing (run the pipeline first)" >&2; exit 1; }
done

declare -A data=([sim]="$states" [real]="$run/real-test/dataset.sqlite")
for region in background block agent all; do
    target="$out/color-transfer-$region.sqlite"
    data[$region]="$target"
    [[ -e "$target" ]] && continue
    regions=(); [[ $region != all ]] && regions=(--regions "$region")
    "$binary" convert --method color-transfer "${regions[@]}" --in "$states" --out "$target.partial" \
        --references "$references" > /dev/null 2> "$out/convert-$region.log"
    mv "$target.partial" "$target"
done

columns=(sim background block agent all real)
{
    echo "| policy (zero-shot, mean ± std over seeds) | sim look | background only | block only | agent only | all regions | proxy-real |"
    echo "|---|---|---|---|---|---|---|"
    for variant in sim_pretrain edited_pretrain color_transfer_pretrain; do
        checkpoints=("$run"/experiment/units/"$variant"-seed[0-9].safetensors)
        [[ -e "${checkpoints[0]}" ]] || continue
        row="| $variant"
        for column in "${columns[@]}"; do
            values=()
            for checkpoint in "${checkpoints[@]}"; do
                values+=("$("$binary" policy eval --checkpoint "$checkpoint" --data "${data[$column]}" --json \
                    | python3 -c 'import json,sys; print(json.load(sys.stdin)["mse"])')")
            done
            row+=" | $(python3 -c 'import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(f"{statistics.mean(v):.4f} ± {statistics.stdev(v) if len(v)>1 else 0:.4f}")' "${values[@]}")"
        done
        echo "$row |"
    done
} | tee "$out/table.md"
