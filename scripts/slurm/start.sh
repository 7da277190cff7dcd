#!/usr/bin/env bash
# Starts a one-node Slurm cluster on localhost (2 CPUs at most, loopback only) with all its state in the folder
# STATE: munged, slurmctld and slurmd as the current user (root), no systemd, no accounting database.
#   scripts/slurm/start.sh STATE    then   export SLURM_CONF=STATE/etc/slurm.conf   (STATE/env says so)
# Exits 0 when the node is idle, 3 when the daemons cannot start (the reason on standard error; stop.sh cleans up).
set -euo pipefail
R=${1:?usage: start.sh STATE-FOLDER}
mkdir -p "$R"; R=$(cd "$R" && pwd)
cannot() { echo "start.sh: $*" >&2; exit 3; }
for tool in munged mungekey slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null || cannot "$tool is not installed (Debian packages munge, slurmctld, slurmd, slurm-client)"
done
[[ $(id -u) -eq 0 ]] || cannot "the daemons run as root here (SlurmUser=root); run as root"
for port in 6817 6818; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then cannot "port $port is in use (another slurmctld or slurmd?)"; fi
done
mkdir -p "$R"/{munge,etc,state,spool,log,run,jobs}
chmod 711 "$R" "$R/munge"   # munged needs o+x on every folder above its socket (mktemp -d makes 0700)
folder=$(dirname "$R")
while [[ $folder != / ]]; do
  [[ $(( 0$(stat -c %a "$folder") & 1 )) -eq 1 ]] || cannot "munged needs execute permission for all on every folder above its socket: chmod o+x $folder"
  folder=$(dirname "$folder")
done
export SLURM_CONF=$R/etc/slurm.conf
echo "export SLURM_CONF='$SLURM_CONF'" >"$R/env"

mungekey --create --keyfile="$R/munge/munge.key" 2>"$R/log/mungekey.log" || cannot "mungekey failed: $(cat "$R/log/mungekey.log")"
munged -F --socket="$R/munge/munge.socket.2" --key-file="$R/munge/munge.key" --log-file="$R/log/munged.log" \
       --pid-file="$R/run/munged.pid" --seed-file="$R/munge/munged.seed" >/dev/null 2>&1 &
for _ in $(seq 50); do [[ -S $R/munge/munge.socket.2 ]] && break; sleep 0.1; done
munge -n -S "$R/munge/munge.socket.2" | unmunge -S "$R/munge/munge.socket.2" >/dev/null 2>&1 \
  || cannot "munged does not answer (see $R/log/munged.log)"

# The node's topology and memory as slurmd sees them, at most 2 CPUs.
hardware=$(slurmd -C | head -1)
memory=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$hardware")
cores=$(sed -n 's/.*CoresPerSocket=\([0-9]*\).*/\1/p' <<<"$hardware")
sockets=$(sed -n 's/.*SocketsPerBoard=\([0-9]*\).*/\1/p' <<<"$hardware")
threads=$(sed -n 's/.*ThreadsPerCore=\([0-9]*\).*/\1/p' <<<"$hardware")
cpus=$(( cores * sockets * threads )); (( cpus > 2 )) && cpus=2
[[ -n $memory && $cpus -ge 1 ]] || cannot "slurmd -C did not describe the node: $hardware"
if (( cores * sockets * threads > 2 )); then topology="CPUs=$cpus"; else
  topology="CPUs=$cpus Boards=1 SocketsPerBoard=$sockets CoresPerSocket=$cores ThreadsPerCore=$threads"; fi
cat >"$SLURM_CONF" <<CONF
ClusterName=sim2realtest
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort=6817
SlurmdPort=6818
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$R/munge/munge.socket.2
StateSaveLocation=$R/state
SlurmdSpoolDir=$R/spool
SlurmctldPidFile=$R/run/slurmctld.pid
SlurmdPidFile=$R/run/slurmd.pid
SlurmctldLogFile=$R/log/slurmctld.log
SlurmdLogFile=$R/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=600
JobCompType=jobcomp/filetxt
JobCompLoc=$R/log/jobcomp.txt
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=localhost $topology RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -D >"$R/log/slurmctld.out" 2>&1 &
slurmd -D -N localhost >"$R/log/slurmd.out" 2>&1 &
for _ in $(seq 150); do
  [[ "$(timeout 5 sinfo -h -N -o %T 2>/dev/null)" == idle ]] && exit 0
  sleep 0.2
done
cannot "the node did not become idle within 30 s (see $R/log/slurmctld.log and $R/log/slurmd.log)"
