#!/usr/bin/env bash
# Issue 8's one command: mpconfig's embedding host side by side with plain
# python3 and the freezers users would pick instead (PyInstaller one-dir,
# cx_Freeze), on the same workloads, then the config tooling's speed; writes
# the tables into BENCHMARKS.md (between the bench/run.sh markers) and
# target/bench/report.md.
#
# What it builds: the release `mpconfig` binary; a private virtual
# environment (target/bench/peers-venv) with PyInstaller and cx_Freeze from
# PyPI; one frozen build per workload and freezer (bench/workloads/*.py,
# which call multiprocessing.freeze_support() as the freezers require).
#
# Systems, each running the same bench/workloads scripts:
#   python3           the real interpreter binary the host embeds (same version)
#   mpconfig          `mpconfig run SCRIPT`: the host with its defaults
#   mpconfig-fast     `mpconfig run --config bench/config/fast.toml SCRIPT`:
#                     [interpreter] isolated, no site (children inherit it)
#   PyInstaller       the one-dir build of SCRIPT
#   cx_Freeze         the build_exe build of SCRIPT
#
# Usage: bench/run.sh
# Env:   RUNS (rounds per case, default 10), PYO3_PYTHON (else python3),
#        PYINSTALLER (default 6.22.3), CX_FREEZE (default 8.7.3),
#        TIMEOUT (seconds per run before it counts as failed, default 30),
#        NO_WRITE=1 (leave BENCHMARKS.md alone), REPORT_ONLY=1 (rewrite the
#        tables from the last run's data in target/bench, running nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
RUNS=${RUNS:-10}
PYINSTALLER=${PYINSTALLER:-6.22.3}
CX_FREEZE=${CX_FREEZE:-8.7.3}
mkdir -p "$OUT"

command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install -y hyperfine)" >&2; exit 2; }
PY_CMD=${PYO3_PYTHON:-python3}
PY=$("$PY_CMD" -c 'import os, sys; print(os.path.realpath(sys.executable))')

if [ -z "${REPORT_ONLY:-}" ]; then
echo "== build the host" >&2
cargo build --release --quiet --bin mpconfig
HOST=$ROOT/target/release/mpconfig
printf 'import sys\nprint(sys.version)\n' > "$OUT/version.py"
if [ "$("$HOST" run "$OUT/version.py")" != "$("$PY" "$OUT/version.py")" ]; then
  echo "the host does not embed $PY; set PYO3_PYTHON to the interpreter it was built for" >&2
  exit 1
fi

echo "== peers: PyInstaller $PYINSTALLER, cx_Freeze $CX_FREEZE in $OUT/peers-venv" >&2
VENV=$OUT/peers-venv
want="pyinstaller==$PYINSTALLER cx_Freeze==$CX_FREEZE $("$PY" -c 'import sys; print(sys.version)')"
if [ "$(cat "$VENV/.mpconfig-peers" 2>/dev/null)" != "$want" ]; then
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "pyinstaller==$PYINSTALLER" "cx_Freeze==$CX_FREEZE"
  echo "$want" > "$VENV/.mpconfig-peers"
fi

echo "== freeze every workload (cached while the script and the tools are unchanged)" >&2
FROZEN=$OUT/frozen
for script in bench/workloads/*.py; do
  name=$(basename "$script" .py)
  stamp="$(sha256sum "$script" | cut -d' ' -f1) $want"
  if [ "$(cat "$FROZEN/pyinstaller/$name/.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$FROZEN/pyinstaller/$name"
    "$VENV/bin/pyinstaller" --noconfirm --onedir --log-level WARN \
      --distpath "$FROZEN/pyinstaller" --workpath "$FROZEN/pyinstaller-work" \
      --specpath "$FROZEN/pyinstaller-work" "$script" >&2
    echo "$stamp" > "$FROZEN/pyinstaller/$name/.stamp"
  fi
  if [ "$(cat "$FROZEN/cx_freeze/$name/.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$FROZEN/cx_freeze/$name"
    # cx_Freeze's setuptools command writes UNKNOWN.egg-info into the
    # current directory: run it in a scratch one.
    work=$(mktemp -d)
    (cd "$work" && "$VENV/bin/cxfreeze" build_exe --script "$ROOT/$script" \
      --build-exe "$FROZEN/cx_freeze/$name" --silent >/dev/null)
    rm -rf "$work"
    echo "$stamp" > "$FROZEN/cx_freeze/$name/.stamp"
  fi
done

SYSTEMS=$OUT/systems.json
fast=""
if "$HOST" check --no-filesystem bench/config/fast.toml >/dev/null 2>&1; then
  fast=", \"mpconfig-fast\": {\"kind\": \"interpreter\", \"argv\": [\"$HOST\", \"run\", \"--config\", \"$ROOT/bench/config/fast.toml\"]}"
else
  echo "bench/config/fast.toml is not a valid config for this build: mpconfig-fast skipped" >&2
fi
cat > "$SYSTEMS" <<JSON
{"python3": {"kind": "interpreter", "argv": ["$PY"]},
 "mpconfig": {"kind": "interpreter", "argv": ["$HOST", "run"]}$fast,
 "PyInstaller": {"kind": "frozen", "argv": ["$FROZEN/pyinstaller/{name}/{name}"]},
 "cx_Freeze": {"kind": "frozen", "argv": ["$FROZEN/cx_freeze/{name}/{name}"]}}
JSON

echo "== workloads: $RUNS rounds, systems in rotating order" >&2
START=$(date -u +%FT%TZ)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
"$PY" bench/lib/compare.py "$SYSTEMS" "$OUT" "$RUNS"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== config tooling: mpconfig check (32 targets), criterion" >&2
hyperfine -N --warmup 20 --runs 300 --export-json "$OUT/check.json" \
  "$HOST check bench/config/matrix.toml" >/dev/null
rm -rf target/criterion/*/
cargo bench --quiet -p mpconfig-bench --bench config >/dev/null

bases=mpconfig
[ -n "$fast" ] && bases=mpconfig,mpconfig-fast
cat > "$OUT/meta.txt" <<META
Measured by \`bench/run.sh\` (RUNS=$RUNS) on $START: $(nproc) vCPU, $(uname -sr),
CPython $("$PY" -c 'import platform; print(platform.python_version())') (\`$PY\`), PyInstaller $PYINSTALLER (one-dir),
cx_Freeze $CX_FREEZE; load average before/after: $LOAD_BEFORE / $LOAD_AFTER.
META
echo "$bases" > "$OUT/bases.txt"
fi

{
  echo "<!-- bench/run.sh:start -->"
  cat "$OUT/meta.txt"
  echo
  "$PY" bench/lib/report.py "$OUT" "$(cat "$OUT/bases.txt")"
  echo "<!-- bench/run.sh:end -->"
} > "$OUT/report.md"

if [ -z "${NO_WRITE:-}" ]; then
  "$PY" - "$OUT/report.md" BENCHMARKS.md <<'PYEOF'
import sys
report, target = open(sys.argv[1]).read(), sys.argv[2]
text = open(target).read()
start, end = "<!-- bench/run.sh:start -->", "<!-- bench/run.sh:end -->"
if start in text and end in text:
    text = text[: text.index(start)] + report.rstrip("\n") + text[text.index(end) + len(end):]
else:
    text = text.rstrip("\n") + "\n\n" + report
open(target, "w").write(text)
PYEOF
fi
cat "$OUT/report.md"
