#!/usr/bin/env bash
# Measures convert on the one-node test cluster: the same conversion (the shipped style-hint editor on EPISODES
# simulated episodes of at most 25 steps) as one 1-CPU job and as 2 shards of 1 CPU each in parallel, plus merge.
#   scripts/slurm/measure-speedup.sh [EPISODES]      (root; Slurm installed as test-pipeline.sh installs it)
# Prints the convert stage's seconds (first shard's start to the merge's end), the merge's seconds and frames/s.
set -euo pipefail
cd "$(dirname "$0")/../.."
episodes=${1:-8}
swift build --product sim2real >&2
binary=$(swift build --show-bin-path)/sim2real
T=$(mktemp -d /tmp/sim2real-speedup.XXXXXX); chmod 711 "$T"
trap 'scripts/slurm/stop.sh "$T/cluster"; rm -rf "$T"' EXIT
scripts/slurm/start.sh "$T/cluster"
export SLURM_CONF=$T/cluster/etc/slurm.conf
cat >"$T/measure.yaml" <<YAML
name: speedup
stages:
  sim: {kind: simulate, episodes: $episodes, seed: 11, max_steps: 25}
  references: {kind: references, scene: scenes/pusht-real.yaml, count: 5, seed: 1000}
  editor: {kind: checkpoint, path: models/editor-hint-tuned.safetensors}
  edited: {kind: convert, in: sim, editors: [editor], references: references}
YAML
out=$T/runs/speedup   # both runs write here (datasets record their inputs' paths); the first is moved aside
for shards in 1 2; do
  "$binary" run "$T/measure.yaml" --out "$out" --executor slurm --shards "$shards" --cpus 1 --wait 2>"$T/run-$shards.log" \
    || { cat "$T/run-$shards.log" >&2; exit 1; }
  python3 - "$out/edited/stage.json" "$shards" <<'PY'
import json, sys
record = json.load(open(sys.argv[1])); metrics = record["metrics"]
merge = metrics.get("merge_seconds", 0.0)
print(f"shards {sys.argv[2]}: convert {record['seconds']:.1f} s for {metrics['frames']:.0f} frames "
      f"({metrics['frames'] / record['seconds']:.2f} frames/s), merge {merge:.2f} s")
PY
  [[ $shards == 1 ]] && mv "$out" "$T/one-job"
done
cmp "$T/one-job/edited/dataset.sqlite" "$out/edited/dataset.sqlite" && echo "the two conversions are byte-identical"
