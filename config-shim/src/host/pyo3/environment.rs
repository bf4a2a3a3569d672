//! The process environment and `sys.path` as CPython's own start-up would
//! set them, without importing what `python -S` does not.

use std::ffi::OsStr;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;

use super::modules::module;

/// `os.environ[name] = value` (which also sets the process environment
/// that children inherit), without importing `os` when nothing has yet:
/// under `site = false` that import (with `stat`, `posixpath` and
/// `_collections_abc`) would be most of what the host costs beyond
/// `python -S`. Then the variable goes to the process environment
/// (`posix.putenv`) and to `posix.environ`, from which `os` builds
/// `os.environ` when it is first imported — as if the process had started
/// with it.
pub(super) fn export(py: Python<'_>, name: &str, value: &str) -> PyResult<()> {
    let modules = module(py, "sys")?.getattr("modules")?;
    if cfg!(not(unix)) || modules.contains("os")? {
        return module(py, "os")?.getattr("environ")?.set_item(name, value);
    }
    let posix = module(py, "posix")?;
    posix.getattr("putenv")?.call1((name, value))?;
    posix
        .getattr("environ")?
        .set_item(fsencode(py, name)?, fsencode(py, value)?)
}

/// `os.fsencode` of a `str`: the bytes `os.environ` stores on POSIX.
fn fsencode<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    let text = PyString::new(py, s);
    // SAFETY: `text` is a live str; the result is a new reference or NULL
    // with an exception set.
    unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyUnicode_EncodeFSDefault(text.as_ptr())) }
}

pub(super) fn insert_sys_path_0(py: Python<'_>, entry: &OsStr) -> PyResult<()> {
    let sys = module(py, "sys")?;
    // `python SCRIPT` leaves sys.path alone in isolated mode (-I) and in
    // safe-path mode (-P, PYTHONSAFEPATH; 3.11+, where -I implies it).
    let flags = sys.getattr("flags")?;
    if flags.getattr("isolated")?.is_truthy()?
        || (flags.hasattr("safe_path")? && flags.getattr("safe_path")?.is_truthy()?)
    {
        return Ok(());
    }
    let entry = fsdecode(py, entry)?;
    sys.getattr("path")?.call_method1("insert", (0, entry))?;
    Ok(())
}

/// `os.fsdecode` of raw OS bytes: what CPython makes of a command-line
/// argument (the filesystem encoding and error handler, through the C API
/// rather than `os`, which `python -S` never imports).
pub(super) fn fsdecode<'py>(py: Python<'py>, s: &OsStr) -> PyResult<Bound<'py, PyAny>> {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        s.as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = s.to_string_lossy().into_owned().into_bytes();
    let len = ffi::Py_ssize_t::try_from(bytes.len())
        .map_err(|_| pyo3::exceptions::PyOverflowError::new_err("argument too long"))?;
    // SAFETY: `bytes` lives across the call, which copies it; the result
    // is a new reference or NULL with an exception set.
    unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyUnicode_DecodeFSDefaultAndSize(bytes.as_ptr().cast(), len),
        )
    }
}
