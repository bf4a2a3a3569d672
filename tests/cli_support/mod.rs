//! Shared by the `cli_bad_*` tests: the `mpconfig` binary run through
//! `mpconfig-test-support`'s checked runner (a deadline, no panic, bounded
//! output, no raw control characters), and fixture files.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

pub use mpconfig_test_support::TempDir;
pub use mpconfig_test_support::cli::{Cli, CliRun as Run, MAX_OUTPUT};

/// The loader's limit (`mpconfig_core::MAX_FILE_SIZE`).
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Runs `mpconfig ARGS` without colour, failing the test on a hang, a
/// panic, a backtrace, unbounded output or raw control characters.
pub fn mpconfig<S: AsRef<OsStr>>(args: &[S]) -> Run {
    mpconfig_with_limit(args, MAX_OUTPUT)
}

/// [`mpconfig`] with another output limit.
pub fn mpconfig_with_limit<S: AsRef<OsStr>>(args: &[S], max_output: usize) -> Run {
    Cli::new(env!("CARGO_BIN_EXE_mpconfig"), args)
        .max_output(max_output)
        .checked()
}

/// Asserts the exit status, and that `needle` is in the output.
#[track_caller]
pub fn expect(run: &Run, code: i32, needle: &str) {
    run.expect(code, needle);
}

/// A fresh directory for one test.
pub fn tmp_dir(name: &str) -> TempDir {
    TempDir::new(&format!("bad-{name}"))
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

/// Deterministic bytes covering every byte value (no `rand` dependency).
pub fn binary(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}
