#!/usr/bin/env bash
# Interpreter options in bulk (issue 14, F10): 60 000 and 120 000 `-Wa`
# options in front of a tracker line, which the host classifies (in one
# pass) and refuses — unmarked — against python3 starting with the same
# options and `-c pass`. Side by side in one hyperfine run per size.
#
# Usage: bench/options.sh        Env: RUNS (default 20), OUT (target/bench)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install -y hyperfine)" >&2; exit 2; }
PY_CMD=${PYO3_PYTHON:-python3}
PY=$("$PY_CMD" -c 'import os, sys; print(os.path.realpath(sys.executable))')
RUNS=${RUNS:-20}
OUT=${OUT:-target/bench}
mkdir -p "$OUT"
cargo build --release --quiet --bin mpconfig
HOST="$PWD/target/release/mpconfig"
for n in 60000 120000; do
  # One argument may not exceed 128 KiB: the options go into scripts that
  # exec each side (the same shell start-up on both).
  args=$("$PY" -c "print(' '.join(['-Wa'] * $n))")
  printf 'exec %q %s -c %q\n' "$HOST" "$args" 'from multiprocessing.resource_tracker import main;main(5)' > "$OUT/options-host-$n.sh"
  printf 'exec %q %s -c pass\n' "$PY" "$args" > "$OUT/options-python-$n.sh"
  hyperfine -N -i --warmup 2 --runs "$RUNS" --export-markdown "$OUT/options-$n.md" \
    -n "host refuses, $n options" "sh $OUT/options-host-$n.sh" \
    -n "python3 starts, $n options" "sh $OUT/options-python-$n.sh"
done
cat "$OUT"/options-*.md
