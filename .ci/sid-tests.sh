#!/usr/bin/env bash
# Runs inside the root `.ci/sid.sh` makes (the checkout at /src): for each
# CPython version given, the host built against it (PYO3_PYTHON) and its
# end-to-end suites, then the suites that find every interpreter on the
# machine (the bootstrap matrix among them) once, over all the versions.
# MPCONFIG_REQUIRE_PYTHONS is the versions given: a missing one fails.
#
#   .ci/sid-tests.sh 3.14 3.15      (started by .ci/sid.sh; not on the host)
set -euo pipefail
cd /src

[ $# -gt 0 ] || {
	echo "usage: .ci/sid-tests.sh VERSION..." >&2
	exit 2
}
[ -f /.mpconfig/debootstrap.done ] || {
	echo "sid-tests.sh: runs inside the root .ci/sid.sh makes; run .ci/sid.sh instead" >&2
	exit 2
}
versions=("$@")
export MPCONFIG_REQUIRE_PYTHONS="${versions[*]}"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
targets=/var/cache/mpconfig/target

# The host's end-to-end suites: every seed, every start method and `none`,
# both spawn forms, exit statuses, signals, faults, hostile command lines,
# venvs, the libraries that re-execute the host, the example host, and
# load/soak/faults in their short form, and what 3.14.10+ and 3.15 changed
# (gh-155717's default, set_forkserver_preload's on_error, the
# forkserver_preload_on_error setting); and CPython's own multiprocessing
# suite in the host beside the interpreter (cpython_suite: the
# libpython3.X-testsuite package's test._test_multiprocessing, fork,
# forkserver and spawn, the host with python_cli and strict).
host_suites=(
	host host_bootstrap host_embed host_ecosystem host_faults host_hostile
	host_interpreter host_main_handling host_preload host_recent_cpython
	host_relaunch host_reliability host_script_source host_security host_venv
	cpython_suite
)

summary=()
failed=()

# Cargo decides from mtimes whether the workspace's crates need building
# again, and every checkout is /src here: a tree whose files are older than
# an earlier build from another tree (a worktree, a merge) would be taken
# for built. So the target dirs remember the sources' content, and the
# workspace's own crates are cleaned when it changed.
src_digest=$(find /src \( -path /src/target -o -path /src/fuzz -o -path /src/.git \) -prune -o -type f -print0 |
	LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
fresh_workspace() {
	local stamp=$CARGO_TARGET_DIR/.mpconfig-sources
	if [ "$(cat "$stamp" 2>/dev/null)" != "$src_digest" ]; then
		cargo clean --quiet -p mpconfig -p mpconfig-core -p mpconfig-derive -p mpconfig-shim \
			-p mpconfig-test-support
		# The example host's own build (tests/host_embed.rs) in embed-host/.
		if [ -d "$CARGO_TARGET_DIR/embed-host" ]; then
			cargo clean --quiet --manifest-path examples/embed-host/Cargo.toml \
				--target-dir "$CARGO_TARGET_DIR/embed-host" \
				-p wordfreq -p mpconfig -p mpconfig-core -p mpconfig-derive -p mpconfig-shim
		fi
		mkdir -p "$CARGO_TARGET_DIR"
		echo "$src_digest" >"$stamp"
	fi
}

# Runs `cargo test ARGS... -- --include-ignored`, its output on stdout, and
# adds "LABEL suite: N passed, M failed" per test binary to the summary.
suites() {
	local label=$1 log
	shift
	log=$(mktemp)
	local status=0
	cargo test --locked --no-fail-fast "$@" -- --include-ignored 2>&1 | tee "$log" || status=$?
	while IFS= read -r line; do summary+=("$(printf '%-10s %s' "$label" "$line")"); done < <(awk '
		/^ *Running / { n = split($2, p, "/"); name = p[n]; sub(/\.rs$/, "", name) }
		/^test result:/ {
			passed = $4; failed = $6; ignored = $8
			printf "%-20s %4d passed %4d failed\n", name, passed, failed
		}' "$log")
	if [ "$status" != 0 ]; then failed+=("$label: cargo test $* (status $status)"); fi
	rm -f "$log"
}

for v in "${versions[@]}"; do
	python=/usr/bin/python$v
	[ -x "$python" ] || {
		echo "sid-tests.sh: $python is missing" >&2
		exit 1
	}
	full=$("$python" -c 'import sys; print(sys.version.split()[0])')
	export PYO3_PYTHON=$python CARGO_TARGET_DIR=$targets/py$v
	# CPython's own suite on this version only (the host built against it).
	export MPCONFIG_CPYTHON_SUITE_PYTHONS=$v
	echo "== sid: CPython $full: the host's end-to-end suites (target dir $CARGO_TARGET_DIR)"
	fresh_workspace
	t=$SECONDS
	args=()
	for s in "${host_suites[@]}"; do args+=(--test "$s"); done
	suites "$full" "${args[@]}"
	echo "== sid: CPython $full: $((SECONDS - t)) s"
done

# The suites that find every CPython themselves; config-core and
# config-shim's tests do not link libpython, so one target dir serves.
export CARGO_TARGET_DIR=$targets/py${versions[0]}
unset PYO3_PYTHON
echo "== sid: CPython ${versions[*]}: the bootstrap matrix and the suites that run every interpreter"
t=$SECONDS
all=$(IFS=+; echo "${versions[*]}")
suites "$all" -p mpconfig-core --test bootstrap_matrix --test bootstrap_python --test bootstrap_literals
suites "$all" -p mpconfig-shim --test flag_states
echo "== sid: every interpreter: $((SECONDS - t)) s"

echo "== sid: results"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
	echo "== sid: FAILED" >&2
	printf '  %s\n' "${failed[@]}" >&2
	exit 1
fi
