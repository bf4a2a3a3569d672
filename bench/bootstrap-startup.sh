#!/usr/bin/env bash
# Start-up cost of the generated bootstrap (issue 4).
#
# Compares, with hyperfine, one real interpreter binary (never a pyenv shim,
# which adds ~60 ms of bash) running
#   baseline   python3 pass.py            (a file holding `pass`)
#   on-import  python3 boot-on-import.py  (default config: apply = "on-import")
#   startup    python3 boot-startup.py    (same config, apply = "startup")
# Same invocation form for all three, so the difference is the bootstrap.
#
# The bootstraps are the renderer's output for the default config: taken from
# `mpconfig bootstrap` when the CLI has the subcommand, otherwise from the
# insta snapshots that `cargo test -p mpconfig-core` keeps equal to render().
#
# Usage: bench/bootstrap-startup.sh [PYTHON]     (default: python3 on PATH)
# Env:   RUNS (default 300), WARMUP (default 30), OUT (default target/bench)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install -y hyperfine)" >&2; exit 2; }

PY_CMD=${1:-python3}
# The real binary behind the command (resolves pyenv shims and symlinks).
PY=$("$PY_CMD" -c 'import os, sys; print(os.path.realpath(sys.executable))')
RUNS=${RUNS:-300}
WARMUP=${WARMUP:-30}
OUT=${OUT:-target/bench}
mkdir -p "$OUT"

printf 'pass\n' > "$OUT/pass.py"
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

# Sanity: on-import imports nothing; startup imports multiprocessing.
"$PY" -c "
import sys
exec(open('$OUT/boot-on-import.py').read())
assert 'multiprocessing' not in sys.modules, 'on-import bootstrap imported multiprocessing'
exec(open('$OUT/boot-startup.py').read())
assert 'multiprocessing' in sys.modules
"

echo "interpreter: $PY ($("$PY" -c 'import sys; print(sys.version.split()[0])'))"
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" \
  --export-json "$OUT/bootstrap-startup.json" \
  --export-markdown "$OUT/bootstrap-startup.md" \
  -n "baseline (pass.py)" "$PY $OUT/pass.py" \
  -n "on-import bootstrap" "$PY $OUT/boot-on-import.py" \
  -n "startup bootstrap" "$PY $OUT/boot-startup.py"

# Medians and differences to the baseline, as a markdown table.
"$PY" - "$OUT/bootstrap-startup.json" <<'PYEOF'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
base = statistics.median(results[0]["times"])
print()
print("| command | median | mean ± σ | median − baseline | ratio (median) |")
print("|---|---:|---:|---:|---:|")
for r in results:
    med = statistics.median(r["times"])
    print("| %s | %.2f ms | %.2f ± %.2f ms | %+.2f ms | %.3f |" % (
        r["command"], med * 1e3, r["mean"] * 1e3, r["stddev"] * 1e3,
        (med - base) * 1e3, med / base))
PYEOF
