#!/usr/bin/env bash
# CPython 3.14 and 3.15 for CI: Debian unstable's interpreters in a chroot.
#
#   .ci/sid.sh [test] [VERSION...]   make or reuse the root, then run the host's
#                                    end-to-end suites and the bootstrap matrix
#                                    against each VERSION (default: 3.14 3.15)
#   .ci/sid.sh prepare [VERSION...]  make or update the root only
#   .ci/sid.sh run CMD [ARG...]      run CMD inside the root (checkout at /src,
#                                    writable), e.g. `.ci/sid.sh run bash`
#
# The image's interpreters come from pyenv (3.8–3.13); 3.14 and 3.15 are
# Debian sid's packages, which need sid's own libc, hence the chroot. The
# root is made once with `debootstrap --variant=minbase sid` and reused:
#
#   MPCONFIG_SID_ROOT    where it lives (default /var/cache/mpconfig/sid),
#                        outside every checkout so that a fresh clone reuses it
#   MPCONFIG_SID_MIRROR  the Debian mirror (default http://deb.debian.org/debian)
#
# Stamps under $ROOT/.mpconfig/ say what is done: a root without
# `debootstrap.done` is half made and is made again from nothing; packages
# not listed in `packages.done` are installed (the list is written once
# apt-get has succeeded). The host's Rust toolchain (~/.cargo, ~/.rustup),
# /proc, /dev, /sys, the CA bundle and the checkout (at /src) are mounted in
# a private mount namespace for the run only, and unmounted on exit whatever
# happens (the trap; and the namespace dies with the script). Builds inside
# use one cargo target directory per interpreter inside the root
# (/var/cache/mpconfig/target/py3.X), reused between runs and never mixed
# with the checkout's own target/. Needs root: debootstrap, chroot, mount.
set -euo pipefail

args=("$@")
checkout=$(cd "$(dirname "$0")/.." && pwd)
root=${MPCONFIG_SID_ROOT:-/var/cache/mpconfig/sid}
mirror=${MPCONFIG_SID_MIRROR:-http://deb.debian.org/debian}
suite=sid
# What building the host needs besides the interpreters: a C toolchain for
# rustc's linker and pyo3's build script (gcc, libc6-dev); certificates for
# pip (the ecosystem suite installs pinned libraries from PyPI).
build_packages=(gcc libc6-dev ca-certificates)

die() {
	echo "sid.sh: $*" >&2
	exit 1
}
say() { echo "== sid: $*"; }

usage() {
	sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

mode=test
case ${1:-} in
test | prepare | run)
	mode=$1
	shift
	;;
-h | --help) usage ;;
esac

versions=()
command=()
if [ "$mode" = run ]; then
	[ $# -gt 0 ] || usage
	command=("$@")
	read -r -a versions <<<"${MPCONFIG_SID_PYTHONS:-3.14 3.15}"
else
	versions=("$@")
	[ ${#versions[@]} -gt 0 ] || versions=(3.14 3.15)
fi
for v in "${versions[@]}"; do
	[[ $v =~ ^3\.[0-9]+$ ]] || die "not a CPython version: '$v' (want 3.X, e.g. 3.14)"
done

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot and mount); run it as root"
case $root in
/*/*) ;;
*) die "MPCONFIG_SID_ROOT must be an absolute path below a directory, not '$root'" ;;
esac
root=${root%/}
case $checkout/ in
"$root"/* | "$root".*) die "the root ($root) must not be inside the checkout, nor the checkout inside it" ;;
esac
case $root/ in
"$checkout"/*) die "the root ($root) must be outside the checkout ($checkout)" ;;
esac

# Private mount namespace: the mounts below are invisible elsewhere and
# cannot outlive the script, even if it is killed.
if [ "${MPCONFIG_SID_NAMESPACE:-}" != private ]; then
	command -v unshare >/dev/null || die "unshare (util-linux) is missing"
	exec unshare --mount --propagation private -- \
		/usr/bin/env MPCONFIG_SID_NAMESPACE=private bash "$0" "${args[@]}"
fi

packages=("${build_packages[@]}")
for v in "${versions[@]}"; do
	packages+=("python$v" "python$v-dev" "libpython$v-dev" "libpython$v-testsuite" "python$v-venv")
done
mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)

mkdir -p "$(dirname "$root")"
exec 9>"$root.lock"
if ! flock -n 9; then
	say "waiting for another run using $root"
	flock 9
fi

stamps=$root/.mpconfig
mounted=()

unmount_all() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount -R "${mounted[$i]}" 2>/dev/null || umount -R -l "${mounted[$i]}" ||
			echo "sid.sh: could not unmount ${mounted[$i]}" >&2
	done
	mounted=()
}
child=
# On INT or TERM the command running in the root (its own process group)
# is stopped first, then the mounts go.
stop() {
	if [ -n "$child" ]; then
		kill -"$2" -- "-$child" 2>/dev/null || true
		wait "$child" 2>/dev/null || true
	fi
	exit "$1"
}
trap unmount_all EXIT
trap 'stop 130 INT' INT
trap 'stop 143 TERM' TERM

# Mount points under the root; refuses to go on (and to delete) while any
# is mounted in this namespace.
mounts_under_root() {
	findmnt -rn -o TARGET | awk -v r="$root" 'index($0, r "/") == 1 || $0 == r'
}

make_root() {
	if [ -e "$root" ]; then
		[ -d "$stamps" ] || die "$root exists but was not made by this script (no .mpconfig/): remove it or set MPCONFIG_SID_ROOT"
		if [ -n "$(mounts_under_root)" ]; then
			die "$root is half made and has mounts under it; unmount them first:
$(mounts_under_root)"
		fi
		say "$root is half made (no debootstrap.done): removing it"
		rm -rf --one-file-system "$root"
	fi
	command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
	mkdir -p "$stamps"
	say "debootstrap --variant=minbase $suite $root $mirror"
	local log=$stamps/debootstrap.log
	if ! debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "debootstrap failed (log: $log); the next run starts again from nothing"
	fi
	# The index served here is a frozen snapshot: its Valid-Until has passed.
	echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99mpconfig"
	date -u +%FT%TZ >"$stamps/debootstrap.done"
}

in_root() {
	chroot "$root" /usr/bin/env -i \
		HOME=/root LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive "$@"
}

install_packages() {
	local have=() missing=() p
	if [ -f "$stamps/packages.done" ]; then mapfile -t have <"$stamps/packages.done"; fi
	for p in "${packages[@]}"; do
		printf '%s\n' "${have[@]}" | grep -qxF -- "$p" || missing+=("$p")
	done
	[ ${#missing[@]} -gt 0 ] || return 0
	# What is installed from now on: what was, and what is wanted.
	local want
	want=$(printf '%s\n' "${have[@]}" "${packages[@]}" | sed '/^$/d' | sort -u)
	rm -f "$stamps/packages.done"
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
	say "apt-get install ${missing[*]}"
	local log=$stamps/apt.log
	if ! in_root apt-get update >"$log" 2>&1 ||
		! in_root apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "installing packages failed (log: $log)"
	fi
	in_root apt-get clean
	echo "$want" >"$stamps/packages.done"
}

bind() { # bind SOURCE TARGET [ro]
	local src=$1 dst=$root$2
	if [ -d "$src" ]; then mkdir -p "$dst"; else
		mkdir -p "$(dirname "$dst")"
		[ -e "$dst" ] || : >"$dst"
	fi
	mount --rbind "$src" "$dst"
	mounted+=("$dst")
	mount --make-rslave "$dst"
	if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$dst"; fi
}

mount_all() {
	[ -z "$(mounts_under_root)" ] || die "mounts already under $root:
$(mounts_under_root)"
	# The root a mount point of its own: inside, / can then be made private
	# (unshare --mount, as tests/host_recent_cpython.rs does).
	mount --bind "$root" "$root"
	mounted+=("$root")
	mount -t proc proc "$root/proc"
	mounted+=("$root/proc")
	bind /dev /dev
	bind /sys /sys
	local cargo_home=${CARGO_HOME:-$HOME/.cargo} rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
	[ -d "$cargo_home" ] || die "no Rust toolchain: $cargo_home is missing"
	[ -d "$rustup_home" ] || die "no Rust toolchain: $rustup_home is missing"
	bind "$cargo_home" /root/.cargo
	bind "$rustup_home" /root/.rustup ro
	# pip goes through the same egress as the host: its CA bundle.
	if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
		bind /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt ro
	fi
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
	# Read-only for the tests: nothing built against sid's libc can land in
	# the checkout (its target/ is the host's).
	bind "$checkout" /src "${1:-}"
}

# Variables passed into the root: MPCONFIG_* (the tests' settings), cargo's
# and Rust's display settings, pip's.
passed_env() {
	local name
	for name in $(compgen -e); do
		case $name in
		MPCONFIG_SID_* | MPCONFIG_REQUIRE_PYTHONS) ;;
		MPCONFIG_* | CARGO_TERM_* | RUST_BACKTRACE | RUSTUP_TOOLCHAIN | PIP_INDEX_URL | PIP_EXTRA_INDEX_URL | TERM | NO_COLOR)
			printf '%s=%s\0' "$name" "${!name}"
			;;
		esac
	done
}

# Runs ARGS in the root, in a process group of its own (so that INT or TERM
# reach all of it), and waits for it; its status is the function's.
run_inside() {
	local -a env_args=()
	mapfile -d '' -t env_args < <(passed_env)
	setsid chroot "$root" /usr/bin/env -i \
		HOME=/root LANG=C.UTF-8 USER=root \
		PATH=/root/.cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		CARGO_HOME=/root/.cargo RUSTUP_HOME=/root/.rustup RUSTUP_AUTO_INSTALL=0 \
		SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
		MPCONFIG_SID_PYTHONS="${versions[*]}" \
		"${env_args[@]}" \
		"$@" &
	child=$!
	local status=0
	wait "$child" || status=$?
	child=
	return "$status"
}

started=$SECONDS
if [ ! -f "$stamps/debootstrap.done" ]; then
	make_root
	say "root made in $((SECONDS - started)) s"
else
	say "reusing $root (made $(cat "$stamps/debootstrap.done"))"
fi
t=$SECONDS
install_packages
for v in "${versions[@]}"; do
	[ -x "$root/usr/bin/python$v" ] || die "python$v is not in the root after installing its packages"
done
say "packages ready in $((SECONDS - t)) s: $(for v in "${versions[@]}"; do in_root "python$v" -c 'import sys; print(sys.version.split()[0], end=" ")'; done)"

case $mode in
prepare) ;;
run)
	mount_all
	run_inside /bin/sh -c 'cd /src && exec "$@"' sh "${command[@]}"
	;;
test)
	mount_all ro
	run_inside /bin/bash /src/.ci/sid-tests.sh "${versions[@]}"
	;;
esac
say "done in $((SECONDS - started)) s"
