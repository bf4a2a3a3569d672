#!/usr/bin/env bash
# Build cost of #[derive(Bootstrap)]: a small host crate using the derive vs
# the same crate with a hand-written impl, clean and incremental, side by
# side in one hyperfine run. Prints the table and `cargo tree` of the derive.
#
#   bench/derive-build-cost.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d /tmp/mpconfig-derive-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

make_crate() { # name features main.rs
    mkdir -p "$work/$1/src"
    cat > "$work/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.1.0"
edition = "2024"
[dependencies]
mpconfig = { path = "$root", default-features = false, features = [$2] }
[workspace]
TOML
    printf '%s\n' "$3" > "$work/$1/src/main.rs"
}

make_crate derived '"derive"' '
use mpconfig::{Bootstrap, StartMethod};
#[derive(Bootstrap)]
struct App { name: String, #[mpconfig(start_method)] method: StartMethod, #[mpconfig(sys_frozen)] frozen: Option<bool>, #[mpconfig(forkserver_preload)] preload: Vec<String> }
fn main() { let a = App { name: "x".into(), method: StartMethod::Fork, frozen: None, preload: vec![] }; println!("{} {}", a.name, a.bootstrap().len()); }'

make_crate handwritten '' '
use mpconfig::{Bootstrap, Field, MultiprocessingConfig, StartMethod};
struct App { name: String, method: StartMethod, frozen: Option<bool>, preload: Vec<String> }
impl Bootstrap for App {
    fn multiprocessing_config(&self) -> MultiprocessingConfig {
        let mut c = MultiprocessingConfig::default();
        c.start_method = self.method;
        if let Some(f) = self.frozen { c.sys_frozen = f; }
        c.forkserver_preload = self.preload.clone();
        c
    }
    fn key_path(&self, field: Field) -> Option<String> {
        match field {
            Field::StartMethod => Some("method".into()),
            Field::SysFrozen => Some("frozen".into()),
            Field::ForkserverPreload => Some("preload".into()),
            _ => None,
        }
    }
}
fn main() { let a = App { name: "x".into(), method: StartMethod::Fork, frozen: None, preload: vec![] }; println!("{} {}", a.name, a.bootstrap().len()); }'

# Fetch and lock once, outside the timings.
for c in derived handwritten; do (cd "$work/$c" && cargo build -q --offline 2>/dev/null || cargo build -q); done

hyperfine --runs "$runs" --style basic --export-markdown "$work/clean.md" \
    --prepare "rm -rf $work/derived/target" -n "derive, clean" "cargo build -q --offline --manifest-path $work/derived/Cargo.toml" \
    --prepare "rm -rf $work/handwritten/target" -n "hand-written, clean" "cargo build -q --offline --manifest-path $work/handwritten/Cargo.toml"
hyperfine --runs "$((runs * 3))" --warmup 1 --style basic --export-markdown "$work/incr.md" \
    --prepare "touch $work/derived/src/main.rs" -n "derive, incremental" "cargo build -q --offline --manifest-path $work/derived/Cargo.toml" \
    --prepare "touch $work/handwritten/src/main.rs" -n "hand-written, incremental" "cargo build -q --offline --manifest-path $work/handwritten/Cargo.toml"
cat "$work/clean.md" "$work/incr.md"
echo
(cd "$root" && cargo tree -p mpconfig-derive -e normal)
