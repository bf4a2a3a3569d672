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

/// The `mpconfig` binary (the embedding host) built against `python`:
/// `cargo build --bin mpconfig` with `PYO3_PYTHON` set to it, into a target
/// directory of its own (`target/py3.X`), so that every suite that wants
/// the host on that interpreter (the interpreter matrix, CPython's own
/// suite) shares one build.
pub fn build_host(python: &crate::python::Interpreter) -> Result<PathBuf, String> {
    let (major, minor) = python.version;
    let target_dir = workspace_root().join(format!("target/py{major}.{minor}"));
    let out = nested_build(&["--quiet", "--bin", "mpconfig", "--target-dir"])
        .arg(&target_dir)
        .env("PYO3_PYTHON", &python.exe)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo build for {} failed:\n{}",
            python.full_version,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(target_dir.join("debug/mpconfig"))
}
