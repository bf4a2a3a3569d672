//! The frozen spawn form: `--multiprocessing-fork name=value name=value`.
//!
//! CPython's `spawn.get_command_line()` writes it when `sys.frozen` is set:
//! `[executable, '--multiprocessing-fork'] + ['%s=%r' % kv for kv in kwds]`,
//! with `tracker_fd, pipe_handle` on POSIX and `parent_pid, pipe_handle` on
//! Windows, values being ints or `None`. Exactly two such arguments, in
//! that order, each value a canonical literal, are accepted.

use std::ffi::OsString;

use crate::command::ChildCommand;
use crate::family::{Family, frozen_spawn};
use crate::flags::InterpreterFlags;
use crate::forms::{check_handle, spawn_form};
use crate::literal::parse_literal;
use crate::quote::quote;
use crate::reject::RejectReason;

/// `argv` is the whole command line; `argv[1]` is `family`'s spawn flag
/// (`--multiprocessing-fork`).
pub(crate) fn classify_frozen(
    family: Family,
    argv: &[OsString],
) -> Result<ChildCommand, RejectReason> {
    let entry = frozen_spawn(family);
    let flag = family.spawn_flag();
    let args = argv.get(2..).unwrap_or(&[]);
    if args.len() != 2 {
        return Err(RejectReason::Frozen(
            flag,
            format!(
                "expected exactly two name=value arguments, found {}",
                args.len()
            ),
        ));
    }
    let mut keywords = Vec::with_capacity(2);
    for (i, arg) in args.iter().enumerate() {
        let text = arg.to_str().ok_or(RejectReason::NotUtf8 { index: i + 2 })?;
        let (name, value) = text.split_once('=').ok_or_else(|| {
            RejectReason::Frozen(flag, format!("expected name=value, found {}", quote(text)))
        })?;
        // Only known names go on into messages unquoted.
        if !matches!(name, "tracker_fd" | "parent_pid" | "pipe_handle") {
            return Err(RejectReason::Frozen(
                flag,
                format!(
                    "expected tracker_fd=N pipe_handle=N or parent_pid=N pipe_handle=N, found the name {}",
                    quote(name)
                ),
            ));
        }
        let value = parse_literal(value)
            .map_err(|e| RejectReason::Frozen(flag, format!("value of {}: {e}", quote(name))))?;
        check_handle(entry.path, name, &value, true)?;
        keywords.push((name.to_owned(), value));
    }
    let names: Vec<&str> = keywords.iter().map(|(k, _)| k.as_str()).collect();
    let form = spawn_form(&names, true).ok_or_else(|| {
        RejectReason::Frozen(
            flag,
            format!(
                "expected tracker_fd=N pipe_handle=N or parent_pid=N pipe_handle=N, found {}",
                quote(&names.join(" "))
            ),
        )
    })?;
    Ok(ChildCommand {
        form,
        family,
        module: entry.module,
        function: entry.function,
        flags: InterpreterFlags::default(),
        positional: Vec::new(),
        keywords,
        parent_argv: None,
        python_sys_argv: argv.to_vec(),
        code: None,
    })
}
