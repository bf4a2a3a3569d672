#!/usr/bin/env bash
# The embedding host (`mpconfig run`) against the real interpreter it embeds,
# side by side in one hyperfine run per case (issue 6):
#   empty        an empty script
#   pool-M       Pool(2).map over 100 tiny tasks, for M = fork, forkserver, spawn
#   spawn-N      a spawn Pool of N workers (N = 1, 5): the slope is the cost of
#                one spawn worker
# The host is the release build; the interpreter is the real binary of the
# same version (never a pyenv shim). The host runs with its defaults
# (start_method auto, sys_frozen true): spawn workers re-execute the host.
#
# Usage: bench/host-startup.sh                (PYO3_PYTHON, else python3)
# Env:   RUNS (empty script, default 200), POOL_RUNS (default 30),
#        WARMUP (default 10), OUT (default target/bench)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install -y hyperfine)" >&2; exit 2; }

PY_CMD=${PYO3_PYTHON:-python3}
PY=$("$PY_CMD" -c 'import os, sys; print(os.path.realpath(sys.executable))')
RUNS=${RUNS:-200}
POOL_RUNS=${POOL_RUNS:-30}
WARMUP=${WARMUP:-10}
OUT=${OUT:-target/bench}
mkdir -p "$OUT"

cargo build --release --quiet --bin mpconfig
HOST="$PWD/target/release/mpconfig"
S="$PWD/bench/host"

printf 'import sys\nprint(sys.version)\n' > "$OUT/version.py"
host_version=$("$HOST" run "$OUT/version.py")
py_version=$("$PY" "$OUT/version.py")
if [ "$host_version" != "$py_version" ]; then
  echo "the host embeds $host_version, not $py_version" >&2
  exit 1
fi
echo "interpreter: $PY ($py_version)"
echo "host:        $HOST run"
echo "machine:     $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Each case runs in ROUNDS short hyperfine runs that alternate which side
# goes first, so a change in the machine's load (other jobs) during the
# benchmark hits both sides alike; the times of all rounds are pooled.
ROUNDS=${ROUNDS:-6}
bench() { # name runs cmd-args...
  local name=$1 runs=$2; shift 2
  local per=$(( (runs + ROUNDS - 1) / ROUNDS ))
  rm -f "$OUT"/host-"$name"-r*.json
  for r in $(seq 1 "$ROUNDS"); do
    if [ $((r % 2)) -eq 1 ]; then
      hyperfine -N --warmup "$WARMUP" --runs "$per" --export-json "$OUT/host-$name-r$r.json" \
        -n "python3 $name" "$PY $*" -n "host $name" "$HOST run $*" >/dev/null 2>&1
    else
      hyperfine -N --warmup "$WARMUP" --runs "$per" --export-json "$OUT/host-$name-r$r.json" \
        -n "host $name" "$HOST run $*" -n "python3 $name" "$PY $*" >/dev/null 2>&1
    fi
  done
  echo "  $name done" >&2
}

bench empty "$RUNS" "$S/empty.py"
for m in fork forkserver spawn; do
  bench "pool-$m" "$POOL_RUNS" "$S/pool_map.py $m"
done
bench spawn-1 "$POOL_RUNS" "$S/spawn_workers.py 1"
bench spawn-5 "$POOL_RUNS" "$S/spawn_workers.py 5"

"$PY" - "$OUT" <<'PYEOF'
import glob, json, statistics, sys
out = sys.argv[1]
def load(name):
    """All times of both sides, pooled over the rounds."""
    times = {"python3": [], "host": []}
    for path in sorted(glob.glob(f"{out}/host-{name}-r*.json")):
        for r in json.load(open(path))["results"]:
            times[r["command"].split()[0]].extend(r["times"])
    return times

med = statistics.median
print()
print("| case | python3 median | host median | ratio (median) | python3 min | host min | ratio (min) |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name in ["empty", "pool-fork", "pool-forkserver", "pool-spawn", "spawn-1", "spawn-5"]:
    t = load(name)
    py, host = t["python3"], t["host"]
    print("| %s | %.1f ms | %.1f ms | %.3f | %.1f ms | %.1f ms | %.3f |" % (
        name, med(py) * 1e3, med(host) * 1e3, med(host) / med(py),
        min(py) * 1e3, min(host) * 1e3, min(host) / min(py)))
one, five = load("spawn-1"), load("spawn-5")
py_worker = (med(five["python3"]) - med(one["python3"])) / 4
host_worker = (med(five["host"]) - med(one["host"])) / 4
print()
print("spawn cost per worker (median slope between 1 and 5 workers): python3 %.1f ms, host %.1f ms (ratio %.3f)" % (
    py_worker * 1e3, host_worker * 1e3, host_worker / py_worker))
PYEOF
