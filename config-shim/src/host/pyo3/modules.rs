//! Modules the host uses, taken from `sys.modules` when they are there.

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyModule, PyString};

/// The module `name`: the one in `sys.modules`, else imported. What
/// `py.import(name)` returns, without going through `__import__` (about
/// 13,000 instructions each time, for a module the interpreter already has:
/// `sys`, `posix`, `_signal`, `builtins`, `__main__`…).
pub(super) fn module<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyModule>> {
    let key = PyString::new(py, name);
    // SAFETY: the GIL is held (`py`); `key` is a valid str; the result is a
    // new reference or NULL (with an exception set only on an error).
    let found = unsafe { Bound::from_owned_ptr_or_opt(py, ffi::PyImport_GetModule(key.as_ptr())) };
    if let Some(err) = PyErr::take(py) {
        return Err(err);
    }
    match found {
        Some(m) => m.cast_into::<PyModule>().map_err(Into::into),
        None => py.import(name),
    }
}
