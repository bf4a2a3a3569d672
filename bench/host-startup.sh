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
# A second, interleaved measurement runs the two sides alternately, run by
# run, and also records each run's CPU time (user + system, from wait4:
# the process and the workers it waited for), which other tenants of a
# shared machine disturb least.
#
# Usage: bench/host-startup.sh                (PYO3_PYTHON, else python3)
# Env:   RUNS (empty script, default 200), POOL_RUNS (default 30), ROUNDS
#        (default 6), WARMUP (default 10), INTERLEAVED (runs per side and
#        case, default 40), OUT (default target/bench)
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

"$PY" - "$PY" "$HOST" "$S" "${INTERLEAVED:-40}" <<'PYEOF'
import os, statistics, subprocess, sys, time
py, host, s, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cases = [("empty", ["empty.py"])] + [("pool-" + m, ["pool_map.py", m]) for m in ("fork", "forkserver", "spawn")] + [
    ("spawn-1", ["spawn_workers.py", "1"]), ("spawn-5", ["spawn_workers.py", "5"])]
def one(argv):
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    assert status == 0, argv
    return time.perf_counter() - t0, ru.ru_utime + ru.ru_stime
print()
print("Interleaved, %d runs per side and case:" % n)
print()
print("| case | python3 CPU | host CPU | ratio (CPU) | python3 wall | host wall | ratio (wall) |")
print("|---|---:|---:|---:|---:|---:|---:|")
med = statistics.median
res = {}
for name, args in cases:
    a = [py] + [os.path.join(s, args[0])] + args[1:]
    b = [host, "run"] + [os.path.join(s, args[0])] + args[1:]
    w = {"p": [], "h": []}; c = {"p": [], "h": []}
    for i in range(n):
        for side, argv in (("p", a), ("h", b)) if i % 2 == 0 else (("h", b), ("p", a)):
            wall, cpu = one(argv)
            w[side].append(wall); c[side].append(cpu)
    res[name] = (w, c)
    print("| %s | %.1f ms | %.1f ms | %.3f | %.1f ms | %.1f ms | %.3f |" % (
        name, med(c["p"]) * 1e3, med(c["h"]) * 1e3, med(c["h"]) / med(c["p"]),
        med(w["p"]) * 1e3, med(w["h"]) * 1e3, med(w["h"]) / med(w["p"])))
(w1, c1), (w5, c5) = res["spawn-1"], res["spawn-5"]
for label, d1, d5 in (("CPU", c1, c5), ("wall", w1, w5)):
    pw, hw = (med(d5["p"]) - med(d1["p"])) / 4, (med(d5["h"]) - med(d1["h"])) / 4
    print()
    print("spawn cost per worker (%s, slope 1 → 5 workers): python3 %.1f ms, host %.1f ms (ratio %.3f)" % (label, pw * 1e3, hw * 1e3, hw / pw))
PYEOF
