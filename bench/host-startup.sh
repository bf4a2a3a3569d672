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

# Each case runs twice, python3 first and then host first, so a change in
# the machine's load during a run does not favour one side.
bench() { # name runs cmd-args...
  local name=$1 runs=$2; shift 2
  hyperfine -N --warmup "$WARMUP" --runs "$runs" --export-json "$OUT/host-$name-a.json" \
    -n "python3 $name" "$PY $*" \
    -n "host $name" "$HOST run $*" >/dev/null
  hyperfine -N --warmup "$WARMUP" --runs "$runs" --export-json "$OUT/host-$name-b.json" \
    -n "host $name" "$HOST run $*" \
    -n "python3 $name" "$PY $*" >/dev/null
  echo "  $name done" >&2
}

bench empty "$RUNS" "$S/empty.py"
for m in fork forkserver spawn; do
  bench "pool-$m" "$POOL_RUNS" "$S/pool_map.py $m"
done
bench spawn-1 "$POOL_RUNS" "$S/spawn_workers.py 1"
bench spawn-5 "$POOL_RUNS" "$S/spawn_workers.py 5"

"$PY" - "$OUT" <<'PYEOF'
import json, statistics, sys
out = sys.argv[1]
def load(name):
    """Medians (python3, host) over both orders."""
    times = {"python3": [], "host": []}
    for part in "ab":
        for r in json.load(open(f"{out}/host-{name}-{part}.json"))["results"]:
            times[r["command"].split()[0]].extend(r["times"])
    return (statistics.median(times["python3"]), statistics.median(times["host"])), times
print()
print("| case | python3 (median) | host (median) | host − python3 | ratio |")
print("|---|---:|---:|---:|---:|")
for name in ["empty", "pool-fork", "pool-forkserver", "pool-spawn", "spawn-1", "spawn-5"]:
    (py, host), _ = load(name)
    print("| %s | %.1f ms | %.1f ms | %+.1f ms | %.3f |" % (name, py * 1e3, host * 1e3, (host - py) * 1e3, host / py))
(py1, h1), _ = load("spawn-1")
(py5, h5), _ = load("spawn-5")
print()
print("spawn cost per worker (slope between 1 and 5 workers): python3 %.1f ms, host %.1f ms (ratio %.3f)" % (
    (py5 - py1) / 4 * 1e3, (h5 - h1) / 4 * 1e3, (h5 - h1) / (py5 - py1)))
PYEOF
