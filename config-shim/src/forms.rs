//! What each `-c` form's arguments must be, and which arguments may follow
//! the `-c` string. Turns a syntactically valid [`Call`] into a
//! [`ChildCommand`] or a [`RejectReason`].
//!
//! * spawn: no positional argument; keywords exactly `tracker_fd, pipe_handle`
//!   (POSIX) or `parent_pid, pipe_handle` (Windows), each a non-negative int
//!   or `None`; then exactly one argument, the family's spawn flag
//!   (`--multiprocessing-fork`, `--billiard-fork`).
//! * resource tracker: one non-negative int; nothing after. loky's: a
//!   non-negative int and a bool or int (its `VERBOSE`); nothing after.
//! * loky's Windows worker: keywords exactly `pipe_handle, parent_pid`,
//!   non-negative ints; then exactly `--multiprocessing-fork`.
//! * fork server: two non-negative ints and a list or tuple of `str`, then
//!   `**{...}` with keys among `sys_path` (list of str), `main_path` (str),
//!   `sys_argv` (list of str; 3.13.12/3.14.3 only), `authkey_r`
//!   (non-negative int; 3.14+) and `on_error` (`'ignore'`, `'warn'` or
//!   `'fail'`; CPython's main branch). Nothing after, except for the
//!   `import sys; …` form, where the parent's argv follows.
//!
//! Unknown dict keys are rejected rather than passed through: a future
//! CPython that adds one fails loudly (status 2) instead of being guessed at.

use std::ffi::OsString;

use crate::call::Call;
use crate::command::{ChildCommand, CommandForm};
use crate::family::{Entry, Grammar};
use crate::flags::InterpreterFlags;
use crate::literal::PyLiteral;
use crate::quote::quote;
use crate::reject::RejectReason;

fn argument(function: &'static str, message: impl Into<String>) -> RejectReason {
    RejectReason::Argument {
        function,
        message: message.into(),
    }
}

/// A file descriptor, pid or handle: a non-negative int, or `None` when allowed.
pub(crate) fn check_handle(
    function: &'static str,
    name: &str,
    value: &PyLiteral,
    none_ok: bool,
) -> Result<(), RejectReason> {
    match value {
        PyLiteral::Int(n) if *n >= 0 => Ok(()),
        PyLiteral::None if none_ok => Ok(()),
        other => Err(argument(
            function,
            format!(
                "{name} must be a non-negative int{}, found {}",
                if none_ok { " or None" } else { "" },
                quote(&other.to_string())
            ),
        )),
    }
}

fn check_str_list(
    function: &'static str,
    name: &str,
    value: &PyLiteral,
    tuple_ok: bool,
) -> Result<(), RejectReason> {
    let items = match value {
        PyLiteral::List(items) => items,
        PyLiteral::Tuple(items) if tuple_ok => items,
        other => {
            return Err(argument(
                function,
                format!(
                    "{name} must be a list of str, found a {}",
                    other.type_name()
                ),
            ));
        }
    };
    match items.iter().find(|v| !matches!(v, PyLiteral::Str(_))) {
        Some(bad) => Err(argument(
            function,
            format!("{name} must hold only str, found a {}", bad.type_name()),
        )),
        None => Ok(()),
    }
}

/// Spawn keyword names, in the order CPython writes them.
pub(crate) fn spawn_form(names: &[&str], frozen: bool) -> Option<CommandForm> {
    match (names, frozen) {
        (["tracker_fd", "pipe_handle"], true) => Some(CommandForm::SpawnFrozenPosix),
        (["parent_pid", "pipe_handle"], true) => Some(CommandForm::SpawnFrozenWindows),
        (["tracker_fd", "pipe_handle"], false) => Some(CommandForm::SpawnPosix),
        (["parent_pid", "pipe_handle"], false) => Some(CommandForm::SpawnWindows),
        _ => None,
    }
}

/// Builds the [`ChildCommand`] for a parsed `-c` call.
///
/// `after` are the arguments after the `-c` string; `after_index` is the
/// argv index of the first of them (for messages).
pub(crate) fn build(
    call: Call,
    code: &str,
    flags: InterpreterFlags,
    after: &[OsString],
) -> Result<ChildCommand, RejectReason> {
    let mut python_sys_argv = vec![OsString::from("-c")];
    python_sys_argv.extend(after.iter().cloned());
    let entry = call.entry;
    let mut cmd = ChildCommand {
        form: CommandForm::ResourceTracker,
        entry,
        flags,
        positional: Vec::new(),
        keywords: Vec::new(),
        parent_argv: None,
        python_sys_argv,
        code: Some(code.to_owned()),
    };
    match entry.grammar {
        Grammar::Spawn => spawn(entry, call, after, &mut cmd)?,
        Grammar::ResourceTracker => resource_tracker(entry, call, after, &mut cmd)?,
        Grammar::Forkserver | Grammar::ForkserverImportSys => {
            forkserver(entry, call, after, &mut cmd)?
        }
        Grammar::LokyTracker => loky_tracker(entry, call, after, &mut cmd)?,
        Grammar::LokyWindowsWorker => loky_windows_worker(entry, call, after, &mut cmd)?,
        // Not `-c` forms: `call::parse_call` matches `Shape::Code` entries only.
        Grammar::FrozenSpawn | Grammar::FrozenHandle | Grammar::ModuleWorker => {
            return Err(RejectReason::Shape(format!(
                "{} is not started with -c",
                entry.path
            )));
        }
    }
    Ok(cmd)
}

fn no_trailing(after: &[OsString], what: &str) -> Result<(), RejectReason> {
    match after.first() {
        None => Ok(()),
        Some(first) => Err(RejectReason::Trailing(format!(
            "{what} takes no arguments after the -c string, found {} more starting with {}",
            after.len(),
            quote(&first.to_string_lossy())
        ))),
    }
}

fn spawn(
    entry: &'static Entry,
    call: Call,
    after: &[OsString],
    cmd: &mut ChildCommand,
) -> Result<(), RejectReason> {
    let f = entry.path;
    let flag = entry.family.spawn_flag();
    if !call.positional.is_empty() || call.star_star.is_some() {
        return Err(argument(f, "takes only keyword arguments"));
    }
    let names: Vec<&str> = call.keywords.iter().map(|(k, _)| k.as_str()).collect();
    cmd.form = spawn_form(&names, false).ok_or_else(|| {
        argument(
            f,
            format!(
                "keywords must be tracker_fd, pipe_handle or parent_pid, pipe_handle; found {}",
                quote(&names.join(", "))
            ),
        )
    })?;
    for (name, value) in &call.keywords {
        check_handle(f, name, value, true)?;
    }
    only_spawn_flag(after, flag)?;
    cmd.keywords = call.keywords;
    Ok(())
}

/// A spawn worker's `-c` string is followed by exactly its spawn flag.
fn only_spawn_flag(after: &[OsString], flag: &str) -> Result<(), RejectReason> {
    match after {
        [marker] if marker == flag => Ok(()),
        [] => Err(RejectReason::Trailing(format!(
            "spawn worker without {flag} after the -c string"
        ))),
        _ => Err(RejectReason::Trailing(format!(
            "a spawn worker takes exactly {flag} after the -c string, found {} argument(s)",
            after.len()
        ))),
    }
}

/// loky's tracker: `main(fd, verbose)`, `verbose` the module global
/// `VERBOSE` written with an f-string: `False` unless a program changed it
/// (`True`, or an int).
fn loky_tracker(
    entry: &'static Entry,
    call: Call,
    after: &[OsString],
    cmd: &mut ChildCommand,
) -> Result<(), RejectReason> {
    let f = entry.path;
    if !call.keywords.is_empty() || call.star_star.is_some() {
        return Err(argument(f, "takes no keyword arguments"));
    }
    match call.positional.as_slice() {
        [fd, verbose] => {
            check_handle(f, "fd", fd, false)?;
            if !matches!(verbose, PyLiteral::Bool(_) | PyLiteral::Int(_)) {
                return Err(argument(
                    f,
                    format!(
                        "verbose must be a bool or an int, found a {}",
                        verbose.type_name()
                    ),
                ));
            }
        }
        other => {
            return Err(argument(
                f,
                format!("takes exactly two arguments, found {}", other.len()),
            ));
        }
    }
    no_trailing(after, "the resource tracker")?;
    cmd.form = CommandForm::LokyResourceTracker;
    cmd.positional = call.positional;
    Ok(())
}

/// loky's Windows worker: `main(pipe_handle=N, parent_pid=N)`, then
/// `--multiprocessing-fork`.
fn loky_windows_worker(
    entry: &'static Entry,
    call: Call,
    after: &[OsString],
    cmd: &mut ChildCommand,
) -> Result<(), RejectReason> {
    let f = entry.path;
    if !call.positional.is_empty() || call.star_star.is_some() {
        return Err(argument(f, "takes only keyword arguments"));
    }
    let names: Vec<&str> = call.keywords.iter().map(|(k, _)| k.as_str()).collect();
    if names != ["pipe_handle", "parent_pid"] {
        return Err(argument(
            f,
            format!(
                "keywords must be pipe_handle, parent_pid; found {}",
                quote(&names.join(", "))
            ),
        ));
    }
    for (name, value) in &call.keywords {
        check_handle(f, name, value, false)?;
    }
    only_spawn_flag(after, entry.family.spawn_flag())?;
    cmd.form = CommandForm::LokyWorkerWindows;
    cmd.keywords = call.keywords;
    Ok(())
}

fn resource_tracker(
    entry: &'static Entry,
    call: Call,
    after: &[OsString],
    cmd: &mut ChildCommand,
) -> Result<(), RejectReason> {
    let f = entry.path;
    if !call.keywords.is_empty() || call.star_star.is_some() {
        return Err(argument(f, "takes no keyword arguments"));
    }
    match call.positional.as_slice() {
        [fd] => check_handle(f, "fd", fd, false)?,
        other => {
            return Err(argument(
                f,
                format!("takes exactly one argument, found {}", other.len()),
            ));
        }
    }
    no_trailing(after, "the resource tracker")?;
    cmd.form = CommandForm::ResourceTracker;
    cmd.positional = call.positional;
    Ok(())
}

fn forkserver(
    entry: &'static Entry,
    call: Call,
    after: &[OsString],
    cmd: &mut ChildCommand,
) -> Result<(), RejectReason> {
    let f = entry.path;
    let trailing_form = entry.grammar == Grammar::ForkserverImportSys;
    if !call.keywords.is_empty() {
        return Err(argument(f, "keyword arguments must come in the **dict"));
    }
    if trailing_form && !call.sys_argv_expr {
        return Err(argument(
            f,
            "the import sys; form must pass sys_argv=sys.argv[1:]",
        ));
    }
    match call.positional.as_slice() {
        [listener_fd, alive_r, preload] => {
            check_handle(f, "listener_fd", listener_fd, false)?;
            check_handle(f, "alive_r", alive_r, false)?;
            check_str_list(f, "preload", preload, true)?;
        }
        other => {
            return Err(argument(
                f,
                format!(
                    "takes exactly three positional arguments, found {}",
                    other.len()
                ),
            ));
        }
    }
    let entries = call
        .star_star
        .ok_or_else(|| argument(f, "missing the **dict of keyword arguments"))?;
    let mut sys_argv_in_dict = false;
    let mut keywords = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let name = key.as_str().unwrap_or("");
        match name {
            "sys_path" => check_str_list(f, name, &value, false)?,
            "main_path" => {
                if !matches!(value, PyLiteral::Str(_)) {
                    return Err(argument(
                        f,
                        format!("main_path must be a str, found a {}", value.type_name()),
                    ));
                }
            }
            "sys_argv" if !trailing_form => {
                check_str_list(f, name, &value, false)?;
                sys_argv_in_dict = true;
            }
            "sys_argv" => {
                return Err(argument(
                    f,
                    "sys_argv given both as sys.argv[1:] and in the **dict",
                ));
            }
            "authkey_r" => check_handle(f, name, &value, false)?,
            "on_error" => {
                if !matches!(
                    value.as_py_str().and_then(|s| s.as_str()),
                    Some("ignore" | "warn" | "fail")
                ) {
                    return Err(argument(
                        f,
                        format!(
                            "on_error must be 'ignore', 'warn' or 'fail', found {}",
                            quote(&value.to_string())
                        ),
                    ));
                }
            }
            _ => {
                return Err(argument(
                    f,
                    format!("unknown keyword argument {}", quote(&key.to_string())),
                ));
            }
        }
        keywords.push((name.to_owned(), value));
    }
    cmd.form = if trailing_form {
        cmd.parent_argv = Some(after.to_vec());
        CommandForm::ForkserverSysArgvTrailing
    } else {
        no_trailing(after, "the fork server")?;
        if sys_argv_in_dict {
            CommandForm::ForkserverSysArgvInKwargs
        } else {
            CommandForm::ForkserverKwargs
        }
    };
    cmd.positional = call.positional;
    cmd.keywords = keywords;
    Ok(())
}
