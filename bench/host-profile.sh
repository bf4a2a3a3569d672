#!/usr/bin/env bash
# The host's fixed cost against the interpreter it embeds, in instructions
# (deterministic, unlike CPU time on a shared machine): an empty script under
# `python3` and `mpconfig run`, with the defaults and with `[interpreter]
# isolated = true, site = false` against `python3 -I -S`.
#   perf stat -r RUNS -e instructions:u,instructions:k   (PERF=0: skipped)
#   valgrind --tool=callgrind, once per case            (CALLGRIND=0: skipped)
# The callgrind profiles stay in OUT (callgrind_annotate --inclusive=yes FILE).
#
# Usage: bench/host-profile.sh          (PYO3_PYTHON, else python3)
# Env:   RUNS (default 40), OUT (default target/bench/profile), HOST (a host
#        binary to profile instead of building this tree's release build).
# PYTHONHASHSEED=0 makes the default cases repeatable; -I ignores it, so the
# lean cases vary by a few hundred thousand instructions from run to run.
set -euo pipefail
cd "$(dirname "$0")/.."

PY_CMD=${PYO3_PYTHON:-python3}
PY=$("$PY_CMD" -c 'import os, sys; print(os.path.realpath(sys.executable))')
RUNS=${RUNS:-40}
OUT=${OUT:-target/bench/profile}
mkdir -p "$OUT"
if [ -z "${HOST:-}" ]; then
  cargo build --release --quiet --bin mpconfig
  HOST="$PWD/target/release/mpconfig"
fi
export PYTHONHASHSEED=0
E="$PWD/bench/host/empty.py"
printf '[interpreter]\nisolated = true\nsite = false\n' > "$OUT/lean.toml"
echo "interpreter: $PY; load average $(cut -d' ' -f1-3 /proc/loadavg)"

cases=(
  "python3|$PY $E"
  "host|$HOST run $E"
  "python3 -I -S|$PY -I -S $E"
  "host, lean [interpreter]|$HOST run --config $OUT/lean.toml $E"
)
echo
echo "| case | instructions (user) | instructions (kernel) | callgrind Ir |"
echo "|---|---:|---:|---:|"
for c in "${cases[@]}"; do
  name=${c%%|*}; cmd=${c#*|}
  user=- kernel=- ir=-
  if [ "${PERF:-1}" = 1 ]; then
    stats=$(perf stat -x, -r "$RUNS" -e instructions:u,instructions:k $cmd 2>&1 >/dev/null)
    user=$(echo "$stats" | awk -F, '$3 ~ /instructions:u/ {print $1}')
    kernel=$(echo "$stats" | awk -F, '$3 ~ /instructions:k/ {print $1}')
  fi
  if [ "${CALLGRIND:-1}" = 1 ]; then
    file="$OUT/callgrind.$(echo "$name" | tr -c 'a-z0-9' '_')"
    ir=$(valgrind --tool=callgrind --callgrind-out-file="$file" $cmd 2>&1 >/dev/null | awk '/refs:/ {print $NF}')
  fi
  echo "| $name | $user | $kernel | $ir |"
done
