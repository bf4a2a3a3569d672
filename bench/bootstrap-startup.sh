#!/usr/bin/env bash
# Start-up cost of the generated bootstrap (issue 4).
#
# Compares, with hyperfine, one real interpreter binary (never a pyenv shim,
# which adds ~60 ms of bash) running
#   baseline   python3 pass.py            (a file holding `pass`)
#   control    python3 pass-again.py      (the same again: shows the noise floor)
#   on-import  python3 boot-on-import.py  (default config: apply = "on-import")
#   startup    python3 boot-startup.py    (same config, apply = "startup")
# Same invocation form for all four, so the difference is the bootstrap.
#
# The bootstraps are the renderer's output for the default config: taken from
# `mpconfig bootstrap` when the CLI has the subcommand, otherwise from the
# insta snapshots that `cargo test -p mpconfig-core` keeps equal to render().
#
# Usage: bench/bootstrap-startup.sh [PYTHON]     (default: python3 on PATH)
# Env:   ROUNDS (default 10) of RUNS (default 60) runs per command, WARMUP
#        (default 5), OUT (default target/bench)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install -y hyperfine)" >&2; exit 2; }

PY_CMD=${1:-python3}
# The real binary behind the command (resolves pyenv shims and symlinks).
PY=$("$PY_CMD" -c 'import os, sys; print(os.path.realpath(sys.executable))')
ROUNDS=${ROUNDS:-10}
RUNS=${RUNS:-60}
WARMUP=${WARMUP:-5}
OUT=${OUT:-target/bench}
mkdir -p "$OUT"

printf 'pass\n' > "$OUT/pass.py"
printf 'pass\n' > "$OUT/pass-again.py"  # control: the noise floor of the method
snapshot_body() { awk 'c >= 2 { print } /^---$/ { c++ }' "$1"; }
render() { # $1 = apply mode, $2 = output file
  local toml="$OUT/mpconfig-$1.toml"
  printf '[multiprocessing]\napply = "%s"\n' "$1" > "$toml"
  if cargo run -q --release -- bootstrap "$toml" > "$2" 2>/dev/null && [ -s "$2" ]; then
    echo "bootstrap ($1): mpconfig bootstrap $toml"
  else
    snapshot_body "config-core/tests/snapshots/bootstrap_snapshots__default_config${3}.snap" > "$2"
    echo "bootstrap ($1): insta snapshot default_config${3}"
  fi
}
render on-import "$OUT/boot-on-import.py" ""
render startup "$OUT/boot-startup.py" "_startup"

# Sanity and a noise-free complement to hyperfine: which modules each
# bootstrap imports, and its in-process cost (compile + exec, the work the
# interpreter does for it when run as a script).
"$PY" - "$OUT/boot-on-import.py" "$OUT/boot-startup.py" <<'PYEOF'
import subprocess, sys

# The first compile() call of a process costs ~1.5 ms whatever it compiles
# (CPython 3.12+ here), a cost a script run pays anyway: warm it up first.
TIME_ONE = """
import sys, time
compile("pass", "warm-up", "exec")
before = set(sys.modules)
src = open(sys.argv[1]).read()
t0 = time.perf_counter()
exec(compile(src, sys.argv[1], "exec"), {"__name__": "__boot__"})
t1 = time.perf_counter()
new = sorted(set(sys.modules) - before)
print((t1 - t0) * 1e3, len(new), "multiprocessing" in new)
"""
for path in sys.argv[1:]:
    # A fresh interpreter per sample, so that nothing is already imported.
    samples = []
    for _ in range(21):
        out = subprocess.run([sys.executable, "-c", TIME_ONE, path],
                             capture_output=True, text=True, check=True).stdout.split()
        samples.append((float(out[0]), int(out[1]), out[2] == "True"))
    ms = sorted(s[0] for s in samples)[len(samples) // 2]
    _, n_new, mp = samples[0]
    print("%s: imports %d modules (multiprocessing: %s); in-process compile+exec median %.2f ms"
          % (path.rsplit("/", 1)[-1], n_new, mp, ms))
    if "on-import" in path:
        assert n_new == 0, "the on-import bootstrap imported something"
    else:
        assert mp, "the startup bootstrap did not import multiprocessing"
PYEOF

echo "interpreter: $PY ($("$PY" -c 'import sys; print(sys.version.split()[0])'))"

# hyperfine runs one command after the other; on a shared machine the load
# drifts between them by more than the effect measured. So: ROUNDS short
# hyperfine runs, the order rotated each round, and per-round differences.
NAMES=("baseline (pass.py)" "control (pass.py again)" "on-import bootstrap" "startup bootstrap")
CMDS=("$PY $OUT/pass.py" "$PY $OUT/pass-again.py" "$PY $OUT/boot-on-import.py" "$PY $OUT/boot-startup.py")
N=${#NAMES[@]}
for ((r = 0; r < ROUNDS; r++)); do
  args=()
  for ((k = 0; k < N; k++)); do
    i=$(((k + r) % N))
    args+=(-n "${NAMES[$i]}" "${CMDS[$i]}")
  done
  hyperfine -N --style none --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$OUT/bootstrap-startup-$r.json" "${args[@]}" > /dev/null
  printf 'round %d/%d done\n' $((r + 1)) "$ROUNDS"
done

# Medians and differences to the baseline, as a markdown table.
"$PY" - "$ROUNDS" "$OUT" <<'PYEOF'
import json, statistics, sys
rounds, out = int(sys.argv[1]), sys.argv[2]
names = ["baseline (pass.py)", "control (pass.py again)", "on-import bootstrap", "startup bootstrap"]
times = {n: [] for n in names}
paired = {n: [] for n in names}
for r in range(rounds):
    res = {x["command"]: x["times"] for x in json.load(open("%s/bootstrap-startup-%d.json" % (out, r)))["results"]}
    base = statistics.median(res[names[0]])
    for n in names:
        times[n] += res[n]
        paired[n].append(statistics.median(res[n]) - base)
base = statistics.median(times[names[0]])
print()
print("| command | runs | median | mean ± σ | median − baseline (all runs) | median of per-round differences | ratio |")
print("|---|---:|---:|---:|---:|---:|---:|")
for n in names:
    t = times[n]
    med = statistics.median(t)
    print("| %s | %d | %.2f ms | %.2f ± %.2f ms | %+.2f ms | %+.2f ms | %.3f |" % (
        n, len(t), med * 1e3, statistics.mean(t) * 1e3, statistics.stdev(t) * 1e3,
        (med - base) * 1e3, statistics.median(paired[n]) * 1e3, med / base))
PYEOF

# Cross-check that contention affects less: the same four commands
# interleaved run by run, timing each child's CPU time (user + system, from
# wait4) as well as wall time.
"$PY" - "$((ROUNDS * RUNS))" "${CMDS[@]}" <<'PYEOF'
import os, shlex, statistics, subprocess, sys, time
n, cmds = int(sys.argv[1]), sys.argv[2:]
names = ["baseline (pass.py)", "control (pass.py again)", "on-import bootstrap", "startup bootstrap"]
cpu = {c: [] for c in cmds}
wall = {c: [] for c in cmds}
devnull = open(os.devnull, "wb")
for i in range(n):
    for c in cmds[i % len(cmds):] + cmds[:i % len(cmds)]:
        t = time.perf_counter()
        p = subprocess.Popen(shlex.split(c), stdout=devnull, stderr=devnull)
        _, status, ru = os.wait4(p.pid, 0)
        wall[c].append(time.perf_counter() - t)
        cpu[c].append(ru.ru_utime + ru.ru_stime)
        p.returncode = 0
cb, wb = statistics.median(cpu[cmds[0]]), statistics.median(wall[cmds[0]])
print()
print("Interleaved, %d runs each:" % n)
print()
print("| command | median CPU (user+sys) | CPU − baseline | median wall | wall − baseline |")
print("|---|---:|---:|---:|---:|")
for name, c in zip(names, cmds):
    mc, mw = statistics.median(cpu[c]), statistics.median(wall[c])
    print("| %s | %.2f ms | %+.2f ms | %.2f ms | %+.2f ms |" % (name, mc * 1e3, (mc - cb) * 1e3, mw * 1e3, (mw - wb) * 1e3))
PYEOF
