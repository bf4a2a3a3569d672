#!/usr/bin/env bash
# Builds every fuzz target and runs each for SECONDS_PER_TARGET (default 60),
# one after the other, then replays the bootstrap corpus through Python.
# Fails if any target crashes, hangs (-timeout), runs out of memory, or
# breaks an invariant (see fuzz/README.md).
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Stable Rust is enough: targets are built with `-s none` (no sanitizer,
# which needs nightly; the fuzzed crates have no `unsafe` code) and `-a`
# (debug assertions and overflow checks on). Installs cargo-fuzz when it is
# missing. Each target's libFuzzer log goes to fuzz/target/fuzz-logs/.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-60}
shift || true
case $seconds in
'' | *[!0-9]*)
	echo "usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
	exit 2
	;;
esac

if ! cargo fuzz --version >/dev/null 2>&1; then
	echo "== installing cargo-fuzz"
	cargo install cargo-fuzz --locked
fi

build=(-s none -a)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	mapfile -t targets < <(cargo fuzz list)
fi

echo "== cargo fuzz build ${build[*]}"
cargo fuzz build "${build[@]}"

logs=target/fuzz-logs
mkdir -p "$logs"
failed=()
summary=()
for t in "${targets[@]}"; do
	mkdir -p "corpus/$t" "artifacts/$t"
	echo "== fuzz $t for ${seconds}s"
	# corpus/$t is where libFuzzer keeps what it finds; seeds/$t is read only.
	# -timeout: one input taking more than 10 s is a hang and fails the run.
	if cargo fuzz run "${build[@]}" "$t" "corpus/$t" "seeds/$t" -- \
		-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=16384 -print_final_stats=1 \
		-artifact_prefix="artifacts/$t/" >"$logs/$t.log" 2>&1; then
		status=ok
	else
		status=FAILED
		failed+=("$t")
		grep -E -A30 "panicked|ERROR: libFuzzer|deadly signal|Test unit written" "$logs/$t.log" | head -60 || true
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -n 1)
	corpus=$(find "corpus/$t" -type f | wc -l)
	summary+=("$(printf '%-10s %-6s %12s execs  %6s corpus files' "$t" "$status" "${execs:-?}" "$corpus")")
done

if [[ " ${targets[*]} " == *" bootstrap "* && " ${failed[*]} " != *" bootstrap "* ]]; then
	echo "== bootstrap corpus through python3 (py_compile, imports nothing)"
	if ! ./check_bootstrap_corpus.sh corpus/bootstrap seeds/bootstrap; then
		failed+=("bootstrap-corpus")
	fi
fi

echo "== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
	echo "FAILED: ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/$logs/)" >&2
	exit 1
fi
