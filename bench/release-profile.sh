#!/usr/bin/env bash
# How the release profile's settings change what the host costs in memory:
# builds the host with each variant (cargo's CARGO_PROFILE_RELEASE_*
# variables, into target/variants/NAME, kept between runs) and measures the
# file's size, the share of the tree's PSS its own mappings take in a
# Pool(2) run per start method (bench/workloads/rss.py, "executable"; median
# of RUNS runs), and the instructions of `import multiprocessing`
# (callgrind). Every variant's binary sits at the same depth, so the
# interpreter's path search costs each the same.
#
# Usage: bench/release-profile.sh      Env: RUNS (default 5), PYO3_PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
. bench/lib/ir.sh
variants=(
  "default|CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=3"
  "lto|CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_OPT_LEVEL=3"
  "lto_s|CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_OPT_LEVEL=s"
  "lto_abort|CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_PANIC=abort"
  "lto_s_abort|CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_PROFILE_RELEASE_PANIC=abort"
)
printf 'pass\nimport multiprocessing\n' > target/import-mp.py
echo "| variant | settings | file (MB) | executable PSS fork (MiB) | forkserver | spawn | import multiprocessing (M instructions) |"
echo "|---|---|---:|---:|---:|---:|---:|"
for v in "${variants[@]}"; do
  name=${v%%|*}
  settings=${v#*|}
  dir=target/variants/$name
  # shellcheck disable=SC2086
  env $settings CARGO_TARGET_DIR="$dir" cargo build --release --quiet --bin mpconfig
  bin=$dir/release/mpconfig
  size=$(stat -c %s "$bin" | awk '{printf "%.2f", $1 / 1e6}')
  cells=""
  for m in fork forkserver spawn; do
    cells="$cells | $(for _ in $(seq "$RUNS"); do "$bin" run bench/workloads/rss.py "$m"; done |
      python3 -c 'import json, statistics, sys
print("%.2f" % (statistics.median(json.loads(l)["pss_by_mapping_kib"]["executable"] for l in sys.stdin) / 1024))')"
  done
  ir=$(PYTHONHASHSEED=0 ir "$bin" run target/import-mp.py)
  echo "| $name | \`${settings//CARGO_PROFILE_RELEASE_/}\` | $size$cells | $ir |"
done
