#!/usr/bin/env bash
# The bootstrap target's checks that need Python, over a corpus: renders
# every input (examples/render_bootstrap_corpus.rs), runs
# `python3 -m py_compile` on every rendered file, then
# check_bootstrap_corpus.py (imports nothing on import; the effects are the
# configured ones). Fails on any failure.
#
#   fuzz/check_bootstrap_corpus.sh [CORPUS_DIR_OR_FILE...]
#
# Default: fuzz/corpus/bootstrap and fuzz/seeds/bootstrap. PYTHON picks the
# interpreter (default python3).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
inputs=()
for a in "$@"; do
	inputs+=("$(realpath "$a")")
done
cd "$here"
if [ ${#inputs[@]} -eq 0 ]; then
	mkdir -p corpus/bootstrap
	inputs=(corpus/bootstrap seeds/bootstrap)
fi
python=${PYTHON:-python3}
out=bootstrap-out
rm -rf "$out"
cargo run --quiet --example render_bootstrap_corpus -- "$out" "${inputs[@]}"
count=$(find "$out" -name '*.py' | wc -l)
echo "py_compile: $count files with $("$python" --version 2>&1)"
find "$out" -name '*.py' -print0 | xargs -0 -r -n 200 "$python" -m py_compile
PYTHON=$python "$python" check_bootstrap_corpus.py "$out"
