//! Running a file as `__main__`, as `python FILE` does.

use std::ffi::CString;
use std::os::raw::c_int;
use std::path::Path;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::environment::fsdecode;

/// Runs `path` in the real `__main__` module, as CPython's
/// `_PyRun_SimpleFileObject` does. The file's contents are the program the
/// user asked to run; its name is the only thing taken from argv.
pub(super) fn exec_main_file(py: Python<'_>, path: &Path) -> PyResult<()> {
    let filename = fsdecode(py, path.as_os_str())?;
    let main = py.import("__main__")?;
    let globals = main.dict();
    globals.set_item("__file__", &filename)?;
    globals.set_item("__cached__", py.None())?;
    // importlib.machinery.SourceFileLoader, from the module the import
    // system already loaded (importing importlib.machinery costs start-up).
    let loader = py
        .import("_frozen_importlib_external")?
        .getattr("SourceFileLoader")?
        .call1(("__main__", &filename))?;
    globals.set_item("__loader__", loader)?;
    let source = {
        let file = py.import("io")?.getattr("open_code")?.call1((&filename,))?;
        let read = file.call_method0("read");
        file.call_method0("close")?;
        read?
    };
    let code = compile_file_source(py, &source, &filename)?;
    py.import("builtins")?
        .getattr("exec")?
        .call1((code, globals))?;
    Ok(())
}

/// `PyCF_SOURCE_IS_UTF8` (`Include/cpython/compile.h`), which
/// `builtins.compile` always sets.
const PYCF_SOURCE_IS_UTF8: c_int = 0x0100;

/// `compile(source, filename, 'exec', flags=0, dont_inherit=True)` for the
/// bytes of a source file, through `Py_CompileStringObject` with the flags
/// `builtins.compile` would pass. Not `builtins.compile` itself: it first
/// asks whether the source is an AST (`PyAST_Check`), which creates all the
/// AST node types, some 9 million instructions (3 ms) that `python SCRIPT`
/// never spends — about all the host cost beyond `python -S` (BENCHMARKS.md,
/// *Host fixed cost: profile*). Source with a NUL byte goes to
/// `builtins.compile`, for its own error.
fn compile_file_source<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    filename: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let text = source
        .cast::<PyBytes>()
        .ok()
        .map(|b| CString::new(b.as_bytes()));
    let Some(Ok(text)) = text else {
        return py
            .import("builtins")?
            .getattr("compile")?
            .call1((source, filename, "exec", 0, true));
    };
    let mut flags = ffi::PyCompilerFlags {
        cf_flags: PYCF_SOURCE_IS_UTF8,
        cf_feature_version: c_int::from(py.version_info().minor),
    };
    // SAFETY: `text` and `filename` are alive across the call; the result
    // is a new reference or NULL with an exception set.
    unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::Py_CompileStringObject(
                text.as_ptr(),
                filename.as_ptr(),
                ffi::Py_file_input,
                &mut flags,
                -1,
            ),
        )
    }
}

/// `No such file or directory (os error 2)` → `No such file or directory`.
pub(super) fn strip_os_error_suffix(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
