//! `_mpconfig_host`: what the host offers the bootstrap running in it —
//! `check_child(argv, package)`, the host's own answer to a child command line,
//! asked before the child is exec'd (`py/provenance.py`).

use std::ffi::OsString;
use std::sync::Mutex;

use mpconfig_core::MultiprocessingConfig;
use pyo3::prelude::*;
use pyo3::types::PyModule;

use crate::flags::CPythonVersion;
use crate::host::decide::{Asker, Decision, decide};

/// What `check_child` decides with: the host's settings, its CPython and
/// whether `python_cli` is on.
type Policy = (MultiprocessingConfig, Option<CPythonVersion>, bool);

static POLICY: Mutex<Option<Policy>> = Mutex::new(None);

/// Records what `check_child` decides with.
pub(super) fn set_policy(
    mp: &MultiprocessingConfig,
    version: Option<CPythonVersion>,
    python_cli: bool,
) {
    if let Ok(mut p) = POLICY.lock() {
        *p = Some((mp.clone(), version, python_cli));
    }
}

/// `check_child(argv: list[bytes], package: str) -> str | None`: the
/// reason this host would refuse `argv` (the whole command line) exec'd by
/// `package`'s code, or `None`.
#[pyfunction]
fn check_child(argv: Vec<Vec<u8>>, package: &str) -> Option<String> {
    let argv: Vec<OsString> = argv.into_iter().map(os_string).collect();
    let policy = POLICY.lock().ok()?.clone();
    let (mp, version, python_cli) = policy?;
    match decide(&argv, &mp, version, Asker::Parent { package }, python_cli) {
        Decision::Refuse { message, .. } => Some(message),
        Decision::NotAChild | Decision::Run(_) | Decision::Python => None,
    }
}

#[cfg(unix)]
fn os_string(bytes: Vec<u8>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes)
}

#[cfg(not(unix))]
fn os_string(bytes: Vec<u8>) -> OsString {
    OsString::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// The module: a builtin one (in the interpreter's inittab), imported only
/// when the bootstrap first asks, so a program that starts no child never
/// has it in `sys.modules`.
#[pymodule]
fn _mpconfig_host(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(check_child, module)?)
}

/// Adds `_mpconfig_host` to the interpreter's builtin modules; before the
/// interpreter starts, once per process.
pub(super) fn register() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| pyo3::append_to_inittab!(_mpconfig_host));
}
