#!/usr/bin/env bash
# Stops the cluster start.sh started in STATE (cancelling its jobs) and removes STATE. Safe on a partial start.
set -uo pipefail
R=${1:?usage: stop.sh STATE-FOLDER}
[[ -d $R ]] || exit 0
export SLURM_CONF=$R/etc/slurm.conf
if [[ -f $R/run/slurmctld.pid ]]; then
  timeout 5 scancel --partition=debug 2>/dev/null
  for _ in $(seq 50); do [[ -z "$(timeout 5 squeue -h 2>/dev/null)" ]] && break; sleep 0.1; done
  sleep 2   # a job's slurmstepd outlives its queue entry by a second or so
fi
stop() {   # SIGTERM, then SIGKILL after 10 s: slurmd ignores SIGTERM while it cannot reach slurmctld
  local file=$R/run/$1.pid pid
  [[ -f $file ]] || return 0
  pid=$(cat "$file")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
}
stop slurmd; stop slurmctld; stop munged
rm -rf "$R"
