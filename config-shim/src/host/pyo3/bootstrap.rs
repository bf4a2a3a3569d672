//! Deferring the on-import bootstrap until multiprocessing is imported.
//!
//! Compiling the generated bootstrap is most of what a host process costs
//! beyond `python` (about 2.5 million instructions of the 2.8 million, see
//! BENCHMARKS.md, *Host fixed cost: profile*). With `apply = "on-import"`
//! running the bootstrap only sets `sys.frozen` and puts a finder in front
//! of `sys.meta_path`; everything else happens when `multiprocessing` is
//! first imported. So the host sets `sys.frozen` itself and puts a native
//! finder there instead ([`LazyBootstrap`]): asked for a hooked module
//! (`mpconfig_core::bootstrap::HOOKED_MODULES`), it removes itself, compiles and runs the bootstrap (which installs the
//! bootstrap's own finder at the front, as it would have at start-up) and
//! hands the request to that finder. A program that never imports
//! multiprocessing never compiles the bootstrap; one that does sees the same
//! bootstrap do the same thing, only later.

use std::ffi::CString;

use pyo3::prelude::*;
use pyo3::types::code::PyCodeInput;
use pyo3::types::{PyCode, PyCodeMethods, PyDict, PyList, PyString};

use mpconfig_core::bootstrap::{FINDER_MARKER, HOOKED_MODULES};

use crate::host::HostError;

/// Compiles `source` (the generated bootstrap) and runs it in a fresh
/// namespace.
pub(super) fn exec_bootstrap(py: Python<'_>, source: &CString) -> PyResult<()> {
    PyCode::compile(py, source, c"<mpconfig bootstrap>", PyCodeInput::File)?
        .run(Some(&PyDict::new(py)), None)
        .map(drop)
}

/// Installs the deferred bootstrap: `sys.frozen = True` when `sys_frozen`
/// (the bootstrap sets it at once in either apply mode, and code may read
/// it before importing multiprocessing), and a [`LazyBootstrap`] first in
/// `sys.meta_path`.
pub(super) fn install(py: Python<'_>, source: CString, sys_frozen: bool) -> PyResult<()> {
    let sys = py.import("sys")?;
    if sys_frozen {
        sys.setattr("frozen", true)?;
    }
    let finder = Bound::new(py, LazyBootstrap { source })?;
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
    source: CString,
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
        let meta_path = py.import("sys")?.getattr("meta_path")?;
        if !meta_path.contains(slf)? {
            return Ok(py.None().into_bound(py));
        }
        meta_path.call_method1("remove", (slf,))?;
        exec_bootstrap(py, &slf.get().source)?;
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
