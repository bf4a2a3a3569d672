//! The frozen spawn forms: `SPAWN_FLAG name=value name=value`, and loky's
//! `--multiprocessing-fork N`.
//!
//! CPython's `spawn.get_command_line()` writes the first when `sys.frozen`
//! is set: `[executable, '--multiprocessing-fork'] + ['%s=%r' % kv for kv
//! in kwds]`, with `tracker_fd, pipe_handle` on POSIX and `parent_pid,
//! pipe_handle` on Windows, values being ints or `None` (multiprocess
//! writes the same; billiard the same after `--billiard-fork`). Exactly two
//! such arguments, in that order, each value a canonical literal, are
//! accepted. loky's Windows worker, frozen, writes `[sys.executable,
//! '--multiprocessing-fork', str(handle)]`: one bare non-negative int.

use std::ffi::OsString;

use crate::CommandForm;
use crate::command::ChildCommand;
use crate::family::{Family, Grammar, entry_of};
use crate::flags::InterpreterFlags;
use crate::forms::{check_handle, spawn_form};
use crate::literal::{PyLiteral, parse_literal};
use crate::quote::quote;
use crate::reject::RejectReason;

/// `argv` is the whole command line; `argv[1]` is `family`'s spawn flag
/// (the first family with that flag).
pub(crate) fn classify_frozen(
    family: Family,
    argv: &[OsString],
) -> Result<ChildCommand, RejectReason> {
    let flag = family.spawn_flag();
    let args = argv.get(2..).unwrap_or(&[]);
    let handle_entry = Family::ALL
        .iter()
        .filter(|f| f.spawn_flag() == flag)
        .find_map(|f| entry_of(*f, Grammar::FrozenHandle));
    if let (Some(entry), [handle]) = (handle_entry, args)
        && let Some(n) = bare_handle(handle)
    {
        return Ok(ChildCommand {
            form: CommandForm::LokyWorkerFrozenWindows,
            entry,
            flags: InterpreterFlags::default(),
            positional: Vec::new(),
            keywords: vec![("pipe_handle".to_owned(), PyLiteral::Int(n))],
            parent_argv: None,
            python_sys_argv: argv.to_vec(),
            code: None,
        });
    }
    let entry = entry_of(family, Grammar::FrozenSpawn).ok_or_else(|| {
        RejectReason::Frozen(flag, "no frozen spawn worker of this family".to_owned())
    })?;
    let expected = if handle_entry.is_some() {
        "tracker_fd=N pipe_handle=N, parent_pid=N pipe_handle=N or one bare handle N"
    } else {
        "tracker_fd=N pipe_handle=N or parent_pid=N pipe_handle=N"
    };
    if args.len() != 2 {
        return Err(RejectReason::Frozen(
            flag,
            format!("expected {expected}, found {} arguments", args.len()),
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
                format!("expected {expected}, found the name {}", quote(name)),
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
            format!("expected {expected}, found {}", quote(&names.join(" "))),
        )
    })?;
    Ok(ChildCommand {
        form,
        entry,
        flags: InterpreterFlags::default(),
        positional: Vec::new(),
        keywords,
        parent_argv: None,
        python_sys_argv: argv.to_vec(),
        code: None,
    })
}

/// `str(n)` of a non-negative int: ASCII digits, no sign, no leading zero,
/// at most 18 digits (so it fits an `i64`).
pub(crate) fn bare_handle(arg: &std::ffi::OsStr) -> Option<i64> {
    let b = arg.as_encoded_bytes();
    let canonical = !b.is_empty()
        && b.len() <= 18
        && b.iter().all(u8::is_ascii_digit)
        && (b == b"0" || b.first() != Some(&b'0'));
    canonical.then(|| arg.to_str()?.parse().ok()).flatten()
}
