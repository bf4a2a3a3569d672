#!/usr/bin/env bash
# The one bench command: mpconfig's embedding host side by side with plain
# python3 and the freezers users would pick instead (PyInstaller one-dir,
# cx_Freeze, Nuitka standalone), on the same workloads; the instructions
# (callgrind) the host and python3 spend, side by side; then the config
# tooling's speed. Writes the tables into BENCHMARKS.md (between the
# bench/run.sh markers) and target/bench/report.md.
#
# What it builds: the release `mpconfig` binary; private virtual
# environments with the peers from PyPI, pinned (target/bench/peers-venv:
# PyInstaller, cx_Freeze; target/bench/nuitka-venv: Nuitka; each with
# joblib, which the joblib workload needs frozen in) and joblib for the
# interpreters (target/bench/joblib-venv, on PYTHONPATH for the joblib
# cases only); one frozen build per workload and freezer
# (bench/workloads/*.py, which call multiprocessing.freeze_support() as the
# freezers require). Nuitka compiles to C: it needs gcc and patchelf
# (apt-get install -y gcc patchelf; ccache makes rebuilds faster); its
# multiprocessing plugin is always on in 4.x (asked for it, Nuitka says so
# and that there is no need).
#
# Systems, each running the same bench/workloads scripts:
#   python3           the real interpreter binary the host embeds (same version)
#   mpconfig          `mpconfig run SCRIPT`: the host with its defaults
#   mpconfig-fast     `mpconfig run --config bench/config/fast.toml SCRIPT`:
#                     [interpreter] isolated, no site (children inherit it)
#   PyInstaller       the one-dir build of SCRIPT
#   cx_Freeze         the build_exe build of SCRIPT
#   Nuitka            the --standalone build of SCRIPT
#
# Usage: bench/run.sh
# Env:   RUNS (rounds per case, default 10), PYO3_PYTHON (else python3),
#        PYINSTALLER (default 6.22.3), CX_FREEZE (default 8.7.3),
#        NUITKA (default 4.3.3), JOBLIB (default 1.6.0, as tests/ecosystem),
#        NO_NUITKA=1 (leave Nuitka out), NO_INSTRUCTIONS=1 (no callgrind table),
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
NUITKA=${NUITKA:-4.3.3}
JOBLIB=${JOBLIB:-1.6.0}
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

# venv DIR PACKAGE==VERSION…: a venv of $PY with exactly these packages
# from PyPI, made again when the list or the interpreter changes.
venv() {
  local dir=$1; shift
  local want="$* $("$PY" -c 'import sys; print(sys.version)')"
  if [ "$(cat "$dir/.mpconfig-peers" 2>/dev/null)" != "$want" ]; then
    rm -rf "$dir"
    "$PY" -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
    echo "$want" > "$dir/.mpconfig-peers"
  fi
}
echo "== peers: PyInstaller $PYINSTALLER, cx_Freeze $CX_FREEZE, Nuitka $NUITKA; joblib $JOBLIB" >&2
VENV=$OUT/peers-venv
venv "$VENV" "pyinstaller==$PYINSTALLER" "cx_Freeze==$CX_FREEZE" "joblib==$JOBLIB"
want=$(cat "$VENV/.mpconfig-peers")
venv "$OUT/joblib-venv" "joblib==$JOBLIB"
JOBLIB_PYTHONPATH=$("$OUT/joblib-venv/bin/python" -c 'import site; print(site.getsitepackages()[0])')
export JOBLIB_PYTHONPATH
if [ -z "${NO_NUITKA:-}" ]; then
  for tool in gcc patchelf; do
    command -v "$tool" >/dev/null || { echo "Nuitka needs $tool (apt-get install -y $tool), or NO_NUITKA=1" >&2; exit 2; }
  done
  NVENV=$OUT/nuitka-venv
  venv "$NVENV" "nuitka==$NUITKA" "joblib==$JOBLIB"
  nwant=$(cat "$NVENV/.mpconfig-peers")
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
  [ -n "${NO_NUITKA:-}" ] && continue
  nstamp="$(sha256sum "$script" | cut -d' ' -f1) $nwant"
  if [ "$(cat "$FROZEN/nuitka/$name/.stamp" 2>/dev/null)" != "$nstamp" ]; then
    rm -rf "$FROZEN/nuitka/$name" "$FROZEN/nuitka-work/$name"
    echo "   nuitka $name (compiles to C: minutes)" >&2
    if "$NVENV/bin/python" -m nuitka --standalone --quiet --assume-yes-for-downloads \
         --output-dir="$FROZEN/nuitka-work/$name" "$script" > "$FROZEN/nuitka-$name.log" 2>&1; then
      mkdir -p "$FROZEN/nuitka"
      mv "$FROZEN/nuitka-work/$name/$name.dist" "$FROZEN/nuitka/$name"
    else
      # The build's failure is the result: the "binary" says it and fails.
      mkdir -p "$FROZEN/nuitka/$name"
      reason=$(grep -v '^\s*$' "$FROZEN/nuitka-$name.log" | tail -1 | tr -d "'\\")
      printf '#!/bin/sh\necho '"'"'Nuitka build failed: %s'"'"' >&2\nexit 1\n' "$reason" > "$FROZEN/nuitka/$name/$name.bin"
      chmod +x "$FROZEN/nuitka/$name/$name.bin"
    fi
    rm -rf "$FROZEN/nuitka-work/$name"
    echo "$nstamp" > "$FROZEN/nuitka/$name/.stamp"
  fi
done

SYSTEMS=$OUT/systems.json
fast=""
if "$HOST" check --no-filesystem bench/config/fast.toml >/dev/null 2>&1; then
  fast=", \"mpconfig-fast\": {\"kind\": \"interpreter\", \"argv\": [\"$HOST\", \"run\", \"--config\", \"$ROOT/bench/config/fast.toml\"]}"
else
  echo "bench/config/fast.toml is not a valid config for this build: mpconfig-fast skipped" >&2
fi
nuitka=""
[ -z "${NO_NUITKA:-}" ] && nuitka=", \"Nuitka\": {\"kind\": \"frozen\", \"argv\": [\"$FROZEN/nuitka/{name}/{name}.bin\"]}"
cat > "$SYSTEMS" <<JSON
{"python3": {"kind": "interpreter", "argv": ["$PY"]},
 "mpconfig": {"kind": "interpreter", "argv": ["$HOST", "run"]}$fast,
 "PyInstaller": {"kind": "frozen", "argv": ["$FROZEN/pyinstaller/{name}/{name}"]},
 "cx_Freeze": {"kind": "frozen", "argv": ["$FROZEN/cx_freeze/{name}/{name}"]}$nuitka}
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

if [ -z "${NO_INSTRUCTIONS:-}" ]; then
  echo "== instructions: callgrind, python3 and the host side by side" >&2
  OUT="$OUT/instructions" HOST="$HOST" bench/instructions.sh > "$OUT/instructions.md"
else
  rm -f "$OUT/instructions.md"
fi

bases=mpconfig
[ -n "$fast" ] && bases=mpconfig,mpconfig-fast
ndesc=""
[ -z "${NO_NUITKA:-}" ] && ndesc=", Nuitka $NUITKA (standalone)"
cat > "$OUT/meta.txt" <<META
Measured by \`bench/run.sh\` (RUNS=$RUNS) on $START: $(nproc) vCPU, $(uname -sr),
CPython $("$PY" -c 'import platform; print(platform.python_version())') (\`$PY\`), PyInstaller $PYINSTALLER (one-dir),
cx_Freeze $CX_FREEZE$ndesc, joblib $JOBLIB; load average before/after: $LOAD_BEFORE / $LOAD_AFTER.
META
echo "$bases" > "$OUT/bases.txt"
fi

{
  echo "<!-- bench/run.sh:start -->"
  cat "$OUT/meta.txt"
  echo
  "$PY" bench/lib/report.py "$OUT" "$(cat "$OUT/bases.txt")"
  if [ -f "$OUT/instructions.md" ]; then
    echo
    echo "Instructions (callgrind, \`bench/instructions.sh\`: deterministic, unmoved by the"
    echo "machine's load), millions, the process the command starts; host and python3 side by side:"
    echo
    grep '^|' "$OUT/instructions.md"
  fi
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
