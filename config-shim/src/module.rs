//! The `-m` form: loky's POSIX worker,
//! `-m PKG.backend.popen_loky_posix --process-name NAME --pipe N`.
//!
//! loky builds it from `sys.executable` and nothing else: no interpreter
//! options, exactly these four arguments after the module, in this order.
//! NAME is the process's name (data: it lands in `sys.argv`), N the fd of
//! the pipe its work arrives on. The module must be one of the table's
//! (`crate::family`), matched exactly; the host runs it as `python -m`
//! does, with `runpy._run_module_as_main(MODULE, True)`.

use std::ffi::OsString;

use crate::command::{ChildCommand, CommandForm};
use crate::family::{Shape, entries};
use crate::flags::InterpreterFlags;
use crate::frozen::bare_handle;
use crate::literal::{PyLiteral, PyStr};
use crate::quote::quote_os;
use crate::reject::RejectReason;

/// `run` holds the arguments before `-m`; `module` the one after it;
/// `after` the rest.
pub(crate) fn classify_module(
    run: &[OsString],
    module: Option<&OsString>,
    after: &[OsString],
) -> Result<ChildCommand, RejectReason> {
    let module = module.ok_or_else(|| RejectReason::Shape("-m without a module name".into()))?;
    let entry = entries()
        .find(|e| e.shape == Shape::Module && module == e.module)
        .ok_or_else(|| {
            RejectReason::Shape(format!(
                "-m {}: not a module a multiprocessing library starts children with",
                quote_os(module)
            ))
        })?;
    if let Some(first) = run.first() {
        return Err(RejectReason::Shape(format!(
            "{} takes no interpreter options before -m, found {}",
            entry.path,
            quote_os(first)
        )));
    }
    match after {
        [name_flag, _name, pipe_flag, fd]
            if name_flag == "--process-name" && pipe_flag == "--pipe" =>
        {
            if bare_handle(fd).is_none() {
                return Err(RejectReason::Trailing(format!(
                    "--pipe must be followed by a file descriptor (decimal digits), found {}",
                    quote_os(fd)
                )));
            }
        }
        _ => {
            return Err(RejectReason::Trailing(format!(
                "{} takes exactly --process-name NAME --pipe N after the module, found {} argument(s)",
                entry.path,
                after.len()
            )));
        }
    }
    let mut python_sys_argv = vec![OsString::from("-m")];
    python_sys_argv.extend(after.iter().cloned());
    Ok(ChildCommand {
        form: CommandForm::LokyWorkerPosix,
        entry,
        flags: InterpreterFlags::default(),
        positional: vec![
            PyLiteral::Str(PyStr::from(entry.module)),
            PyLiteral::Bool(true),
        ],
        keywords: Vec::new(),
        parent_argv: None,
        python_sys_argv,
        code: None,
    })
}
