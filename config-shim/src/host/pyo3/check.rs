//! `_mpconfig_host`: what the host offers the bootstrap running in it —
//! `check_child(argv, package)`, the host's own answer to a child command line,
//! asked before the child is exec'd, `child_digest(argv)`, the digest of
//! its provenance mark, and `carried_env()`, what a start of the host
//! carries even in an environment of the program's making
//! (`py/provenance.py`).

use std::ffi::OsString;
use std::sync::Mutex;

use mpconfig_core::MultiprocessingConfig;
use pyo3::prelude::*;
use pyo3::types::PyModule;

use crate::flags::CPythonVersion;
use crate::host::decide::{Asker, Decision, decide};
use crate::host::{CONFIG_ENV, INTERPRETER_ENV};
use crate::provenance::child_intent;

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

/// `carried_env() -> list[bytes]`: the `KEY=VALUE` entries a start of this
/// host binary carries even when the program gives it an environment of
/// its own (`subprocess.run([sys.executable, ...], env={...})`): with
/// `python_cli` on, the settings the host exported ([`CONFIG_ENV`],
/// [`INTERPRETER_ENV`]), without which the start would not know it runs
/// `python`'s command line; nothing otherwise.
#[pyfunction]
fn carried_env() -> Vec<Vec<u8>> {
    let python_cli = POLICY
        .lock()
        .ok()
        .and_then(|p| p.as_ref().map(|(_, _, on)| *on))
        .unwrap_or(false);
    if !python_cli {
        return Vec::new();
    }
    [CONFIG_ENV, INTERPRETER_ENV]
        .iter()
        .filter_map(|name| {
            let value = std::env::var_os(name)?;
            let mut entry = name.as_bytes().to_vec();
            entry.push(b'=');
            entry.extend_from_slice(value.as_encoded_bytes());
            Some(entry)
        })
        .collect()
}

/// `child_digest(argv: list[bytes]) -> str`: [`child_intent`] of every
/// argument after the executable — what `py/provenance.py` computes with
/// `hashlib` outside the host, which would load OpenSSL's libcrypto into
/// every process that starts a child.
#[pyfunction]
fn child_digest(argv: Vec<Vec<u8>>) -> String {
    let args: Vec<OsString> = argv.into_iter().skip(1).map(os_string).collect();
    child_intent(&args)
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
    module.add_function(wrap_pyfunction!(check_child, module)?)?;
    module.add_function(wrap_pyfunction!(child_digest, module)?)?;
    module.add_function(wrap_pyfunction!(carried_env, module)?)
}

/// Adds `_mpconfig_host` to the interpreter's builtin modules; before the
/// interpreter starts, once per process.
pub(super) fn register() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| pyo3::append_to_inittab!(_mpconfig_host));
}
