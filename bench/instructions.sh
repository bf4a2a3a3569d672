#!/usr/bin/env bash
# The on-import bootstrap's cost in instructions (callgrind: deterministic,
# unmoved by the machine's load), host vs the python3 it embeds, side by
# side in one run:
#   empty      an empty script
#   import     `import multiprocessing`
#   fork pool  `import multiprocessing` + one fork Pool(2).map of 100 tasks,
#              the parent process (a forked worker's count starts from the
#              parent's at the fork, so adding them would count it thrice)
# each under python3, the host with its defaults (apply = "on-import"), and
# the host with `apply = "startup"`; BEFORE=/path/to/another/mpconfig adds
# that binary's defaults as a column (an earlier build, to compare).
#
# Usage: bench/instructions.sh            (PYO3_PYTHON, else python3)
# Env:   OUT (default target/bench/instructions), HOST (a host binary to
#        measure instead of this tree's release build), BEFORE, REPEAT (runs
#        of the fork-pool case, whose median is shown; default 3).
# Needs valgrind (apt-get install valgrind). PYTHONHASHSEED=0 makes every
# count repeatable to a few thousand instructions.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "valgrind not found (apt-get install -y valgrind)" >&2; exit 2; }
PY_CMD=${PYO3_PYTHON:-python3}
PY=$("$PY_CMD" -c 'import os, sys; print(os.path.realpath(sys.executable))')
OUT=${OUT:-target/bench/instructions}
mkdir -p "$OUT"
if [ -z "${HOST:-}" ]; then
  cargo build --release --quiet --bin mpconfig
  HOST="$PWD/target/release/mpconfig"
fi
export PYTHONHASHSEED=0
printf 'pass\n' > "$OUT/empty.py"
printf 'import multiprocessing\n' > "$OUT/import.py"
printf '[multiprocessing]\napply = "startup"\n' > "$OUT/startup.toml"
POOL="$PWD/bench/host/pool_map.py"

# ir: the instructions of the process a command starts, in millions.
. bench/lib/ir.sh

# The median of REPEAT counts (default 3): a fork pool's parent moves by
# about a million instructions from run to run (how its threads are
# scheduled); the other cases repeat to a few thousand.
median_ir() {
  local n=$1; shift
  for _ in $(seq "$n"); do ir "$@"; echo; done | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }

echo "interpreter: $PY; host: $HOST${BEFORE:+; before: $BEFORE}"
echo
header="| case | python3 (M) | host (M) | host / python3 | host, startup (M) | startup / python3 |"
rule="|---|---:|---:|---:|---:|---:|"
if [ -n "${BEFORE:-}" ]; then
  header="$header before (M) | before / python3 |"
  rule="$rule---:|---:|"
fi
echo "$header"
echo "$rule"
cases=(
  "empty|$OUT/empty.py"
  "import multiprocessing|$OUT/import.py"
  "fork Pool(2).map, 100 tasks|$POOL fork"
)
for c in "${cases[@]}"; do
  name=${c%%|*}
  read -r -a script <<<"${c#*|}"
  n=1
  [ "$name" != "${name#fork}" ] && n=${REPEAT:-3}
  py=$(median_ir "$n" "$PY" "${script[@]}")
  host=$(median_ir "$n" "$HOST" run "${script[@]}")
  startup=$(median_ir "$n" "$HOST" run --config "$OUT/startup.toml" "${script[@]}")
  row="| $name | $py | $host | $(ratio "$host" "$py") | $startup | $(ratio "$startup" "$py") |"
  if [ -n "${BEFORE:-}" ]; then
    before=$(median_ir "$n" "$BEFORE" run "${script[@]}")
    row="$row $before | $(ratio "$before" "$py") |"
  fi
  echo "$row"
done
