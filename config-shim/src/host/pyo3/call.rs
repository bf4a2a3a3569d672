//! Calling a child's entry point with its parsed literal arguments, and
//! exit statuses as CPython computes them.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PyString, PyTuple};

use super::environment::fsdecode;
use crate::command::ChildCommand;
use crate::literal::{PyLiteral, PyStr};

/// `module.function(*positional, sys_argv=[...], **keywords)`.
pub(super) fn call_entry_point(py: Python<'_>, child: &ChildCommand) -> PyResult<()> {
    let function = py.import(child.module())?.getattr(child.function())?;
    let positional = child
        .positional()
        .iter()
        .map(|a| to_python(py, a))
        .collect::<PyResult<Vec<_>>>()?;
    let args = PyTuple::new(py, positional)?;
    let kwargs = PyDict::new(py);
    if let Some(argv) = child.parent_argv() {
        let items = argv
            .iter()
            .map(|a| fsdecode(py, a))
            .collect::<PyResult<Vec<_>>>()?;
        kwargs.set_item("sys_argv", PyList::new(py, items)?)?;
    }
    for (name, value) in child.keywords() {
        kwargs.set_item(name, to_python(py, value)?)?;
    }
    function.call(args, Some(&kwargs))?;
    Ok(())
}

/// A parsed literal as the Python object it denotes.
fn to_python<'py>(py: Python<'py>, value: &PyLiteral) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        PyLiteral::None => py.None().into_bound(py),
        PyLiteral::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        PyLiteral::Int(n) => n.into_pyobject(py)?.into_any(),
        PyLiteral::Str(s) => py_str(py, s)?,
        PyLiteral::Bytes(b) => PyBytes::new(py, b).into_any(),
        PyLiteral::List(items) => PyList::new(
            py,
            items
                .iter()
                .map(|i| to_python(py, i))
                .collect::<PyResult<Vec<_>>>()?,
        )?
        .into_any(),
        PyLiteral::Tuple(items) => PyTuple::new(
            py,
            items
                .iter()
                .map(|i| to_python(py, i))
                .collect::<PyResult<Vec<_>>>()?,
        )?
        .into_any(),
        PyLiteral::Dict(entries) => {
            let dict = PyDict::new(py);
            for (k, v) in entries {
                dict.set_item(py_str(py, k)?, to_python(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A Python `str`, lone surrogates included (decoded from UTF-32 with
/// `surrogatepass`).
fn py_str<'py>(py: Python<'py>, s: &PyStr) -> PyResult<Bound<'py, PyAny>> {
    if let Some(text) = s.as_str() {
        return Ok(PyString::new(py, text).into_any());
    }
    let bytes: Vec<u8> = s
        .code_points()
        .into_iter()
        .flat_map(u32::to_le_bytes)
        .collect();
    PyBytes::new(py, &bytes).call_method1("decode", ("utf-32-le", "surrogatepass"))
}

/// CPython's `handle_system_exit`: `None` → 0; an int → itself (as a C
/// `int`, so the OS keeps the low byte); anything else is printed on
/// `sys.stderr` and gives 1.
pub(super) fn system_exit_status(py: Python<'_>, err: &PyErr) -> i32 {
    let Ok(code) = err.value(py).getattr("code") else {
        return 1;
    };
    if code.is_none() {
        return 0;
    }
    if code.is_instance_of::<PyInt>() {
        // PyLong_AsLong: -1 on overflow.
        #[allow(clippy::cast_possible_truncation)]
        return code.extract::<i64>().map_or(-1, |n| n as i32);
    }
    let printed = (|| -> PyResult<()> {
        let stderr = py.import("sys")?.getattr("stderr")?;
        if stderr.is_none() {
            return Err(PyErr::fetch(py));
        }
        stderr.call_method1("write", (code.str()?,))?;
        stderr.call_method1("write", ("\n",))?;
        stderr.call_method0("flush")?;
        Ok(())
    })();
    if printed.is_err() {
        crate::say::say(&code.str().map(|s| s.to_string()).unwrap_or_default());
    }
    1
}
