//! Running the bootstrap in the host: the engine, compiled when the host
//! was built, and deferred until multiprocessing is imported.
//!
//! Compiling a rendered bootstrap costs a process about 5 million
//! instructions, more than everything else the host adds to `python`
//! (BENCHMARKS.md, *Instructions*). The host runs the bootstrap engine
//! instead (`mpconfig_core::bootstrap::engine`): the same bootstrap with
//! the settings as arguments, compiled by build.rs for the CPython the
//! crate links and kept in the binary as `marshal` data; used when the
//! running CPython has the same magic number (`PyImport_GetMagicNumber`),
//! compiled from its source otherwise ([`run_engine`]). Nothing is compiled
//! at run time, and nothing is read from a file.
//!
//! With `apply = "on-import"` running the bootstrap only sets `sys.frozen`
//! and puts a finder in front of `sys.meta_path`; everything else happens
//! when `multiprocessing` is first imported. So the host sets `sys.frozen`
//! itself and puts a native finder there instead ([`LazyBootstrap`]):
//! asked for a hooked module (`mpconfig_core::bootstrap::HOOKED_MODULES`),
//! it removes itself, runs the engine (which installs the bootstrap's own
//! finder at the front, as it would have at start-up) and hands the
//! request to that finder. A program that never imports multiprocessing
//! never loads the engine; one that does sees the same bootstrap do the
//! same thing, only later.

use std::ffi::CString;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::code::PyCodeInput;
use pyo3::types::{PyCode, PyCodeMethods, PyDict, PyList, PyString, PyTuple};

use mpconfig_core::MultiprocessingConfig;
use mpconfig_core::bootstrap::engine;
use mpconfig_core::bootstrap::{FINDER_MARKER, HOOKED_MODULES};

use crate::host::HostError;

use super::modules::module;

/// `MAGIC` and `PARTS`, written by build.rs.
mod compiled {
    include!(concat!(env!("OUT_DIR"), "/engine_code.rs"));
}

/// Compiles `source` (a rendered bootstrap) and runs it in a fresh
/// namespace.
pub(super) fn exec_bootstrap(py: Python<'_>, source: &CString) -> PyResult<()> {
    PyCode::compile(py, source, c"<mpconfig bootstrap>", PyCodeInput::File)?
        .run(Some(&PyDict::new(py)), None)
        .map(drop)
}

/// The engine's arguments for `mp` but the last (`load`, which
/// [`run_engine`] adds), as Python objects.
pub(super) fn engine_args<'py>(
    py: Python<'py>,
    mp: &MultiprocessingConfig,
) -> PyResult<Bound<'py, PyTuple>> {
    let s = engine::settings(mp);
    (
        s.start_method,
        s.sys_frozen,
        s.executable_kind,
        s.executable.map(|p| p.as_os_str()),
        s.forkserver_preload,
        s.forkserver_preload_on_error,
        PyTuple::new(py, &s.packages)?,
        s.startup,
    )
        .into_pyobject(py)
}

/// Runs the bootstrap engine with `args` (from [`engine_args`]): what
/// compiling and running the rendered bootstrap for the same config does.
pub(super) fn run_engine(py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<()> {
    let code = load(py, "engine")?;
    let scope = PyDict::new(py);
    code.run(Some(&scope), None)?;
    let function = scope.get_item(engine::FUNCTION)?.ok_or_else(|| {
        pyo3::exceptions::PyRuntimeError::new_err("mpconfig: the bootstrap engine is missing")
    })?;
    let mut all: Vec<Bound<'_, PyAny>> = args.iter().collect();
    all.push(wrap_pyfunction!(load, py)?.into_any());
    function.call1(PyTuple::new(py, all)?).map(drop)
}

/// The engine's `load(name)`: the code object of the part `name`
/// (`mpconfig_core::bootstrap::engine::parts`): marshalled when the crate
/// was built, if the running CPython has the magic number of the one that
/// compiled it (bytecode is only valid for that), else compiled now from
/// its source.
#[pyfunction]
fn load<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyCode>> {
    let built = compiled::PARTS.iter().find(|(n, _)| *n == name);
    if let Some(code) = built.and_then(|(_, bytes)| unmarshal(py, bytes)) {
        return Ok(code);
    }
    compile_part(py, name)
}

/// The part `name` compiled now from its source.
fn compile_part<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyCode>> {
    let part = engine::parts()
        .into_iter()
        .find(|p| p.name == name)
        .ok_or_else(|| {
            pyo3::exceptions::PyLookupError::new_err(format!("mpconfig: no engine part {name:?}"))
        })?;
    let source = CString::new(part.source)?;
    let file = CString::new(part.file)?;
    PyCode::compile(py, &source, &file, PyCodeInput::File)
}

/// `bytes` (a part's marshal data from the build) as a code object, when
/// the running CPython's magic number is the build's and the data reads
/// back as one; else `None` (nothing raised).
fn unmarshal<'py>(py: Python<'py>, bytes: &'static [u8]) -> Option<Bound<'py, PyCode>> {
    let built = compiled::MAGIC?;
    // SAFETY: called with the GIL held (`py`); it returns -1 with an
    // exception set on failure, which is cleared.
    let running = unsafe { ffi::PyImport_GetMagicNumber() };
    if running == -1 {
        drop(PyErr::take(py));
    }
    if running != built {
        return None;
    }
    let len = ffi::Py_ssize_t::try_from(bytes.len()).ok()?;
    // SAFETY: the pointer and length describe `bytes`, which is static;
    // the GIL is held. A new reference, or NULL with an exception set
    // (taken by `from_owned_ptr_or_err`).
    let object = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyMarshal_ReadObjectFromString(bytes.as_ptr().cast(), len),
        )
    }
    .ok()?;
    object.cast_into().ok()
}

/// Installs the deferred bootstrap: `sys.frozen = True` when `sys_frozen`
/// (the bootstrap sets it at once in either apply mode, and code may read
/// it before importing multiprocessing), and a [`LazyBootstrap`] first in
/// `sys.meta_path`.
pub(super) fn install(py: Python<'_>, args: Bound<'_, PyTuple>, sys_frozen: bool) -> PyResult<()> {
    let sys = module(py, "sys")?;
    if sys_frozen {
        sys.setattr("frozen", true)?;
    }
    let finder = Bound::new(
        py,
        LazyBootstrap {
            args: args.unbind(),
        },
    )?;
    sys.getattr("meta_path")?
        .call_method1("insert", (0, finder))?;
    Ok(())
}

/// A `sys.meta_path` finder that runs the on-import bootstrap when
/// `multiprocessing` is first looked for: the native side of
/// `mpconfig_core::bootstrap`'s *on-import protocol*, which the generated
/// finder follows too. It carries [`FINDER_MARKER`]` = True` (step 1), so
/// running a bootstrap again replaces it (step 5).
#[pyclass(frozen, module = "mpconfig")]
pub(super) struct LazyBootstrap {
    /// The engine's arguments ([`engine_args`]).
    args: Py<PyTuple>,
}

#[pymethods]
impl LazyBootstrap {
    /// [`FINDER_MARKER`]: the method's name is the marker.
    #[classattr]
    fn mpconfig_bootstrap() -> bool {
        true
    }

    #[pyo3(signature = (name, path=None, target=None))]
    fn find_spec<'py>(
        slf: &Bound<'py, Self>,
        name: &Bound<'py, PyAny>,
        path: Option<Bound<'py, PyAny>>,
        target: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        // Asked on every import until a hooked module's: answer the others
        // before touching sys.
        let hooked = name
            .cast::<PyString>()
            .ok()
            .and_then(|n| n.to_str().ok().map(|n| HOOKED_MODULES.contains(&n)))
            .unwrap_or(false);
        if !hooked {
            return Ok(py.None().into_bound(py));
        }
        let meta_path = module(py, "sys")?.getattr("meta_path")?;
        if !meta_path.contains(slf)? {
            return Ok(py.None().into_bound(py));
        }
        meta_path.call_method1("remove", (slf,))?;
        run_engine(py, slf.get().args.bind(py))?;
        // The module is not imported yet (it is being looked for), so the
        // bootstrap put its finder first: let it answer.
        let first = match meta_path.cast::<PyList>() {
            Ok(list) if !list.is_empty() => list.get_item(0)?,
            _ => return Ok(py.None().into_bound(py)),
        };
        let is_bootstrap = first
            .getattr_opt(FINDER_MARKER)?
            .map_or(Ok(false), |v| v.is_truthy())?;
        if is_bootstrap && first.hasattr("find_spec")? {
            first.call_method1("find_spec", (name, path, target))
        } else {
            Ok(py.None().into_bound(py))
        }
    }
}

/// The bootstrap as C text for the compiler.
pub(super) fn bootstrap_cstring(source: &str) -> Result<CString, HostError> {
    CString::new(source)
        .map_err(|_| HostError::Bootstrap("the bootstrap holds a NUL character".into()))
}

/// Prints the exception the bootstrap raised; the error for the caller.
pub(super) fn bootstrap_error(py: Python<'_>, e: PyErr) -> HostError {
    e.print(py);
    HostError::Bootstrap("the bootstrap raised an exception (printed above)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every part marshalled by build.rs loads in the interpreter this
    /// crate links (same magic number) and is its source compiled; data
    /// that is not a code object (another build's, damaged) is refused, and
    /// `load` then compiles the source.
    #[test]
    fn marshalled_parts_load_and_anything_else_falls_back_to_the_source() {
        Python::initialize();
        Python::attach(|py| {
            let parts = engine::parts();
            assert_eq!(compiled::PARTS.len(), parts.len());
            let same = |a: &Bound<'_, PyCode>, b: &Bound<'_, PyCode>| {
                ["co_code", "co_names", "co_filename"]
                    .iter()
                    .all(|n| a.getattr(*n).unwrap().eq(b.getattr(*n).unwrap()).unwrap())
            };
            for (part, (name, bytes)) in parts.iter().zip(compiled::PARTS) {
                assert_eq!(part.name, *name);
                let built = unmarshal(py, bytes).expect("the build's part loads");
                let now = compile_part(py, name).unwrap();
                assert!(same(&built, &now), "{name}");
                assert!(same(&load(py, name).unwrap(), &now), "{name}");
                assert_eq!(built.getattr("co_filename").unwrap().to_string(), part.file);
                for bad in [&b""[..], b"\x00\x01garbage", &bytes[..10]] {
                    assert!(unmarshal(py, bad).is_none(), "{name}");
                }
            }
            assert!(load(py, "nothing").is_err());
        });
    }
}
