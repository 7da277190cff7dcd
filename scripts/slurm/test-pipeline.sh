#!/usr/bin/env bash
# The real-Slurm test: starts a one-node cluster on localhost (start.sh), runs scripts/slurm/tiny-pipeline.yaml with
# --executor slurm --shards 2 --wait and the same pipeline locally into the same folder path, checks that the
# datasets are byte-identical and that a second submission finds every stage cached, makes a shard fail and checks
# that its dependents are cancelled and a resubmission runs only it, and stops the cluster.
# Installs Debian's munge, slurmctld, slurmd and slurm-client when missing (root or sudo; SIM2REAL_SKIP_APT=1 skips).
# Exit status: 0 passed, 1 failed, 77 skipped (the cluster cannot start here: the reason is printed after SKIPPED).
set -uo pipefail
cd "$(dirname "$0")/../.."
skip() { echo "SKIPPED: real-Slurm test: $*" >&2; exit 77; }
fail() { echo "FAILED: real-Slurm test: $*" >&2; exit 1; }

packages=(munge slurmctld slurmd slurm-client)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  [[ "${SIM2REAL_SKIP_APT:-0}" == 1 ]] && skip "${missing[*]} not installed and SIM2REAL_SKIP_APT=1"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else skip "need root or sudo to install ${missing[*]}"; fi
  echo "test-pipeline: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2 \
    || skip "apt-get could not install ${missing[*]}"
fi
[[ $(id -u) -eq 0 ]] || skip "the test cluster's daemons run as root (SlurmUser=root); run as root"

swift build --product sim2real >&2 || fail "swift build failed"
binary=$(swift build --show-bin-path)/sim2real

T=$(mktemp -d /tmp/sim2real-slurm.XXXXXX)
chmod 711 "$T"   # munged's socket lies below it
cleanup() { scripts/slurm/stop.sh "$T/cluster"; rm -rf "$T"; }
trap cleanup EXIT
scripts/slurm/start.sh "$T/cluster" || skip "the one-node cluster did not start (see the start.sh message above)"
export SLURM_CONF=$T/cluster/etc/slurm.conf

pipeline=scripts/slurm/tiny-pipeline.yaml
out=$T/runs/tiny   # both runs write here (datasets record their inputs' paths), the local one is moved aside
seconds() { date +%s.%N; }

start=$(seconds)
"$binary" run "$pipeline" --out "$out" 2>"$T/local.log" || { cat "$T/local.log" >&2; fail "the local run failed"; }
local_seconds=$(echo "$(seconds) - $start" | bc)
mv "$out" "$T/local-tiny"

start=$(seconds)
"$binary" run "$pipeline" --out "$out" --executor slurm --shards 2 --wait 2>"$T/slurm.log" \
  || { cat "$T/slurm.log" >&2; tail -n 20 "$out"/.slurm/logs/*.log >&2; fail "the Slurm run failed"; }
slurm_seconds=$(echo "$(seconds) - $start" | bc)
grep -E "array job|: job |run [0-9]+: finished" "$T/slurm.log" >&2

for stage in sim truth edited; do
  cmp "$T/local-tiny/$stage/dataset.sqlite" "$out/$stage/dataset.sqlite" \
    || fail "$stage/dataset.sqlite differs between the local and the Slurm run"
done
cmp "$T/local-tiny/gap/gap.json" "$out/gap/gap.json" || fail "gap/gap.json differs between the local and the Slurm run"
[[ -x $out/.slurm/edited.sh && -x $out/.slurm/submit.sh ]] || fail "the job scripts are not in $out/.slurm"
grep -q -- '--array=1-2' "$out/.slurm/edited.sh" || fail "edited.sh is not a 2-task job array"

run_id=$(sed -n 's/^run: run \([0-9]*\): submitting.*/\1/p' "$T/slurm.log")
"$binary" runs show "$run_id" --index "$T/runs/index.sqlite" >"$T/show.txt" || fail "runs show $run_id failed"
grep -q "^status: finished" "$T/show.txt" || { cat "$T/show.txt" >&2; fail "runs show does not say finished"; }
grep -q "edited shards job .*COMPLETED 2" "$T/show.txt" || { cat "$T/show.txt" >&2; fail "runs show lacks the shards' states"; }

"$binary" run "$pipeline" --out "$out" --executor slurm --shards 2 --wait 2>"$T/again.log" || fail "the second submission failed"
grep -q "every stage is cached, nothing to submit" "$T/again.log" || { cat "$T/again.log" >&2; fail "the second submission submitted jobs"; }

# A failed shard: convert's shard 2 finds its lock held (as by a stray process), so its task fails, the merge and
# gap jobs are cancelled and --wait fails; once the lock is free, a resubmission runs only shard 2, the merge and gap.
key=$(sed -n 's/.*"key" : "\([0-9a-f]*\)".*/\1/p' "$out/edited/stage.json")
[[ -n $key ]] || fail "no key in $out/edited/stage.json"
rm -rf "$out/edited" "$out/gap"
mkdir -p "$out/.shards/edited-$key"
flock --no-fork "$out/.shards/edited-$key/.shard-2-of-2.lock" sleep 120 </dev/null >/dev/null 2>&1 &
holder=$!
sleep 0.5
if "$binary" run "$pipeline" --out "$out" --executor slurm --shards 2 --wait 2>"$T/failing.log"; then
  kill "$holder"; cat "$T/failing.log" >&2; fail "the run with a failing shard succeeded"
fi
kill "$holder"; wait "$holder" 2>/dev/null
grep -q "edited shards job .*: COMPLETED 1, FAILED 1" "$T/failing.log" \
  || { cat "$T/failing.log" >&2; fail "the failing run does not show shard 2 failed"; }
grep -q "gap stage job .*: CANCELLED" "$T/failing.log" || { cat "$T/failing.log" >&2; fail "gap's job was not cancelled"; }
"$binary" run "$pipeline" --out "$out" --executor slurm --shards 2 --wait 2>"$T/resubmitted.log" \
  || { cat "$T/resubmitted.log" >&2; fail "the resubmission failed"; }
grep -q "edited (convert): array job [0-9]* (shards 2 of 2)" "$T/resubmitted.log" \
  || { cat "$T/resubmitted.log" >&2; fail "the resubmission did not submit shard 2 alone"; }
cmp "$T/local-tiny/edited/dataset.sqlite" "$out/edited/dataset.sqlite" || fail "the resubmitted edited/dataset.sqlite differs"
grep -E "array job|: job |run [0-9]+: (finished|failed)" "$T/failing.log" "$T/resubmitted.log" | sed "s|^$T/||" >&2

echo "PASSED: real-Slurm test: 3 datasets and gap.json byte-identical to the local run's; local run ${local_seconds%.*}.$(cut -c1 <<<"${local_seconds#*.}") s, Slurm run (9 jobs, 2 shards per dataset stage) ${slurm_seconds%.*}.$(cut -c1 <<<"${slurm_seconds#*.}") s; second submission: all cached; a failed shard cancelled its dependents and a resubmission ran only it, the merge and gap" >&2
