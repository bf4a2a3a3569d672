//! Running a file as `__main__`, as `python FILE` does.

use std::ffi::CString;
use std::os::raw::c_int;
use std::path::Path;

use pyo3::exceptions::PyRuntimeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCode};

use super::environment::fsdecode;
use super::modules::module;

/// Runs `path` in the real `__main__` module, as CPython's
/// `_PyRun_SimpleFileObject` does. The file's contents are the program the
/// user asked to run; its name is the only thing taken from argv.
pub(super) fn exec_main_file(py: Python<'_>, path: &Path) -> PyResult<()> {
    let filename = fsdecode(py, path.as_os_str())?;
    let main = module(py, "__main__")?;
    let globals = main.dict();
    globals.set_item("__file__", &filename)?;
    globals.set_item("__cached__", py.None())?;
    let source = {
        // `_io`, not `io`: from 3.14 python imports no `io` (nor `abc`)
        // before the script runs, and neither does the host.
        let file = module(py, "_io")?
            .getattr("open_code")?
            .call1((&filename,))?;
        let read = file.call_method0("read");
        file.call_method0("close")?;
        read?
    };
    // importlib.machinery's loaders, from the module the import system
    // already loaded (importing importlib.machinery costs start-up).
    let machinery = module(py, "_frozen_importlib_external")?;
    let magic = machinery.getattr("MAGIC_NUMBER")?;
    let magic = magic.cast::<PyBytes>()?.as_bytes();
    let bytes = source.cast::<PyBytes>()?.as_bytes();
    // CPython's maybe_pyc_file: the `.pyc` extension, or the magic number's
    // first two bytes at the start.
    let pyc = path.extension().is_some_and(|e| e == "pyc") || bytes.get(..2) == magic.get(..2);
    let loader = if pyc {
        "SourcelessFileLoader"
    } else {
        "SourceFileLoader"
    };
    let loader = machinery.getattr(loader)?.call1(("__main__", &filename))?;
    globals.set_item("__loader__", loader)?;
    let code = if pyc {
        pyc_code(py, bytes, magic)?
    } else {
        compile_file_source(py, &source, &filename)?
    };
    module(py, "builtins")?
        .getattr("exec")?
        .call1((code, globals))?;
    Ok(())
}

/// The code object of a `.pyc` file's bytes, as CPython's `run_pyc_file`
/// reads it: the magic number must be this interpreter's, the rest of the
/// 16-byte header is skipped, and what follows must marshal to a code
/// object (its errors, CPython's words).
fn pyc_code<'py>(py: Python<'py>, bytes: &[u8], magic: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    if bytes.get(..magic.len()) != Some(magic) {
        return Err(PyRuntimeError::new_err("Bad magic number in .pyc file"));
    }
    let body = PyBytes::new(py, bytes.get(16..).unwrap_or_default());
    let code = module(py, "marshal")?.getattr("loads")?.call1((body,));
    match code {
        Ok(code) if code.is_instance_of::<PyCode>() => Ok(code),
        _ => Err(PyRuntimeError::new_err("Bad code object in .pyc file")),
    }
}

/// Whether `python PATH` runs PATH as a directory or zip archive (an
/// importer on `sys.path_hooks` takes it): its `__main__` module, with PATH
/// first on `sys.path`. A zip is recognised as zipimport finds it, by the
/// end-of-central-directory record in its last 64 KiB + 22 bytes (so a
/// zipapp with a `#!` line is one).
pub(super) fn has_importer(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    if path.is_dir() {
        return true;
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(len) = file.seek(SeekFrom::End(0)) else {
        return false;
    };
    let tail = len.min(22 + 65_535);
    let mut buf = Vec::new();
    file.seek(SeekFrom::Start(len - tail)).is_ok()
        && file.read_to_end(&mut buf).is_ok()
        && buf.windows(4).any(|w| w == b"PK\x05\x06")
}

/// `python DIR` / `python APP.zip`: PATH (absolute, as CPython writes it:
/// the working directory joined to it, nothing normalised) first on
/// `sys.path` — in isolated and safe-path mode too, as CPython does —
/// then `runpy._run_module_as_main("__main__", False)`.
pub(super) fn run_importer_main(py: Python<'_>, path: &Path) -> PyResult<()> {
    // Path::join appends the text as it is (`./app/` stays `./app/`).
    let entry = std::env::current_dir().map_err(PyErr::from)?.join(path);
    let sys = module(py, "sys")?;
    sys.getattr("path")?
        .call_method1("insert", (0, fsdecode(py, entry.as_os_str())?))?;
    py.import("runpy")?
        .getattr("_run_module_as_main")?
        .call1(("__main__", false))?;
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
