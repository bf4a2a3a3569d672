//! Nested `cargo build`s from inside a test.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The workspace root (this crate's parent directory).
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// `cargo build ARGS…` from the workspace root, as a nested build: the
/// outer cargo's target directory and jobserver settings removed (the
/// caller passes `--target-dir`), stdin empty.
pub fn nested_build<S: AsRef<OsStr>>(args: &[S]) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace_root())
        .arg("build")
        .args(args)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .stdin(Stdio::null());
    cmd
}

/// The interpreter a default build links (`PYO3_PYTHON`, else `python3`).
pub fn build_python() -> std::ffi::OsString {
    std::env::var_os("PYO3_PYTHON").unwrap_or_else(|| "python3".into())
}
