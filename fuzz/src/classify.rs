//! `classify`: the child command-line classifier.
//!
//! Input encoding: the argv, program name included, with the arguments
//! separated by NUL bytes (which no real argument can contain), as raw
//! bytes — so arguments that are not UTF-8 are reachable too. The seeds
//! in `seeds/classify/` are the fixtures of `config-shim/tests/fixtures/`
//! in this encoding (`seeds/make_seeds.py`).
//!
//! Invariants:
//!
//! * Never a panic; a rejection's message stays short (it quotes argv, so
//!   an attacker-sized argv must not become an attacker-sized message).
//! * A `Child` is byte-for-byte one of the known forms. The argv is rebuilt
//!   from the typed parts — program, `flags().to_args()`, `-c`, `code()`,
//!   then `python_sys_argv()[1..]`; for frozen spawn, the family's flag
//!   then `name=value name=value` (loky's Windows worker: one bare
//!   handle); for loky's `-m` worker, `-m MODULE` then
//!   `python_sys_argv()[1..]` — and must equal the input exactly. The `-c`
//!   string is compared with the canonical rendering of the form from its
//!   typed arguments, for the family's module: outside string
//!   literals (prefix, keyword names, separators, spacing, brackets) they
//!   must be byte-identical, and the canonical rendering must classify as
//!   the same form with the same values. Every literal round-trips
//!   (see [`crate::literal::check_round_trip`]).
//! * Mutations are consistent: one more argument is rejected (the fork
//!   server with trailing parent argv takes it as one more parent
//!   argument); the last argument removed is not a child.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use mpconfig_shim::{
    ChildCommand, Classification, CommandForm, PyLiteral, PyStr, RejectReason, classify,
};

use crate::MAX_INPUT;
use crate::literal::check_round_trip;

/// A rejection message longer than this is a bug.
pub const MAX_REJECT_MESSAGE: usize = 1024;

/// The argv a fuzz input stands for: arguments separated by NUL bytes.
pub fn argv_from_bytes(data: &[u8]) -> Vec<OsString> {
    data.split(|&b| b == 0)
        .map(|a| OsString::from_vec(a.to_vec()))
        .collect()
}

/// The fuzz input for an argv (the inverse of [`argv_from_bytes`]).
pub fn argv_to_bytes(argv: &[OsString]) -> Vec<u8> {
    let parts: Vec<Vec<u8>> = argv.iter().map(|a| a.clone().into_vec()).collect();
    parts.join(&0u8)
}

/// Classifies the argv `data` stands for and checks every invariant above.
pub fn check_classify(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let argv = argv_from_bytes(data);
    match classify(&argv) {
        Classification::NotAChild => {}
        Classification::Rejected(reason) => check_rejected(&reason),
        Classification::Child(cmd) => {
            check_child(&argv, &cmd);
            check_mutations(&argv, &cmd);
        }
    }
}

fn check_rejected(reason: &RejectReason) {
    let message = reason.to_string();
    assert!(
        message.len() <= MAX_REJECT_MESSAGE,
        "a rejection message of {} bytes: {}…",
        message.len(),
        message.chars().take(200).collect::<String>()
    );
}

fn os(s: &str) -> OsString {
    OsString::from(s)
}

/// The argv is exactly what the typed parts say, and the `-c` string is
/// the canonical text of its form up to the spelling of string literals.
pub fn check_child(argv: &[OsString], cmd: &ChildCommand) {
    for value in cmd.positional() {
        check_round_trip(value);
    }
    for (_, value) in cmd.keywords() {
        check_round_trip(value);
    }
    let _ = cmd.to_string();
    let form = cmd.form();
    let Some(code) = cmd.code() else {
        return match form {
            CommandForm::LokyWorkerPosix => check_module(argv, cmd),
            _ => check_frozen(argv, cmd),
        };
    };

    let sys_argv = cmd.python_sys_argv();
    assert_eq!(
        sys_argv.first(),
        Some(&os("-c")),
        "{form:?}: python_sys_argv"
    );
    let mut rebuilt = vec![argv[0].clone()];
    rebuilt.extend(cmd.flags().to_args());
    rebuilt.push(os("-c"));
    rebuilt.push(os(code));
    rebuilt.extend(sys_argv[1..].iter().cloned());
    assert_eq!(rebuilt, argv, "{form:?}: argv differs from its typed parts");

    let after = &sys_argv[1..];
    match form {
        CommandForm::SpawnPosix | CommandForm::SpawnWindows | CommandForm::LokyWorkerWindows => {
            let flag = os(cmd.family().spawn_flag());
            assert_eq!(after, [flag], "{form:?}: arguments after -c");
        }
        CommandForm::ResourceTracker
        | CommandForm::LokyResourceTracker
        | CommandForm::ForkserverKwargs
        | CommandForm::ForkserverSysArgvInKwargs => {
            assert!(after.is_empty(), "{form:?}: arguments after -c");
            assert!(cmd.parent_argv().is_none());
        }
        CommandForm::ForkserverSysArgvTrailing => {
            assert_eq!(cmd.parent_argv(), Some(after), "{form:?}: parent argv");
        }
        other => panic!("a -c string for form {other:?}"),
    }

    let canonical = canonical_code(cmd);
    assert_eq!(
        mask_strings(code),
        mask_strings(&canonical),
        "{form:?}: the -c string is not the form's text\n   code: {code:?}\ncanonical: {canonical:?}"
    );
    let mut canonical_argv = argv.to_vec();
    let code_at = argv.len() - after.len() - 1;
    canonical_argv[code_at] = os(&canonical);
    match classify(&canonical_argv) {
        Classification::Child(again) => {
            assert_eq!(again.form(), form, "canonical rendering: form");
            assert_eq!(again.flags(), cmd.flags(), "canonical rendering: flags");
            assert_eq!(
                again.positional(),
                cmd.positional(),
                "canonical: positional"
            );
            assert_eq!(again.keywords(), cmd.keywords(), "canonical: keywords");
            assert_eq!(
                again.parent_argv(),
                cmd.parent_argv(),
                "canonical: parent argv"
            );
        }
        other => panic!("the canonical rendering {canonical:?} classifies as {other:?}"),
    }
}

/// loky's `-m MODULE --process-name NAME --pipe N`: no options; the host
/// calls `runpy._run_module_as_main(MODULE, True)`, and the argv is rebuilt
/// from that module and `python_sys_argv`.
fn check_module(argv: &[OsString], cmd: &ChildCommand) {
    let form = cmd.form();
    assert!(cmd.flags().is_empty(), "{form:?}: flags");
    assert!(cmd.keywords().is_empty(), "{form:?}: keywords");
    assert!(cmd.parent_argv().is_none(), "{form:?}: parent argv");
    assert_eq!(
        (cmd.module(), cmd.function()),
        ("runpy", "_run_module_as_main"),
        "{form:?}: entry point"
    );
    let module = match cmd.positional() {
        [PyLiteral::Str(module), PyLiteral::Bool(true)] => module.as_str().unwrap_or_default(),
        other => panic!("{form:?}: positional {other:?}"),
    };
    let sys_argv = cmd.python_sys_argv();
    assert_eq!(
        sys_argv.first(),
        Some(&os("-m")),
        "{form:?}: python_sys_argv"
    );
    assert_eq!(sys_argv.len(), 5, "{form:?}: --process-name NAME --pipe N");
    let mut rebuilt = vec![argv[0].clone(), os("-m"), os(module)];
    rebuilt.extend(sys_argv[1..].iter().cloned());
    assert_eq!(rebuilt, argv, "{form:?}: argv differs from its typed parts");
}

fn check_frozen(argv: &[OsString], cmd: &ChildCommand) {
    let form = cmd.form();
    let names: &[&str] = match form {
        CommandForm::SpawnFrozenPosix => &["tracker_fd", "pipe_handle"],
        CommandForm::SpawnFrozenWindows => &["parent_pid", "pipe_handle"],
        CommandForm::LokyWorkerFrozenWindows => &["pipe_handle"],
        other => panic!("no -c string for form {other:?}"),
    };
    assert!(cmd.flags().is_empty(), "{form:?}: flags");
    assert!(cmd.positional().is_empty(), "{form:?}: positional");
    assert!(cmd.parent_argv().is_none(), "{form:?}: parent argv");
    let keywords = cmd.keywords();
    let got: Vec<&str> = keywords.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(got, names, "{form:?}: keyword names");
    for (name, value) in keywords {
        assert!(
            matches!(value, PyLiteral::None) || value.as_int().is_some_and(|n| n >= 0),
            "{form:?}: {name}={value}"
        );
    }
    let mut rebuilt = vec![argv[0].clone(), os(cmd.family().spawn_flag())];
    if form == CommandForm::LokyWorkerFrozenWindows {
        rebuilt.extend(keywords.iter().map(|(_, v)| os(&v.to_string())));
    } else {
        rebuilt.extend(keywords.iter().map(|(k, v)| os(&format!("{k}={v}"))));
    }
    assert_eq!(rebuilt, argv, "{form:?}: argv differs from its typed parts");
    assert_eq!(cmd.python_sys_argv(), argv, "{form:?}: python_sys_argv");
}

/// The `-c` statement up to the call's `(`, as the family's library writes
/// it: `from MODULE import FUNCTION; FUNCTION(` (the standard library's
/// resource tracker, and its copies', without the space; the newest fork
/// server's with `import sys; ` first).
fn code_prefix(cmd: &ChildCommand) -> String {
    let (module, function) = (cmd.module(), cmd.function());
    match cmd.form() {
        CommandForm::ResourceTracker => format!("from {module} import {function};{function}("),
        CommandForm::ForkserverSysArgvTrailing => {
            format!("import sys; from {module} import {function}; {function}(")
        }
        _ => format!("from {module} import {function}; {function}("),
    }
}

/// The `-c` string the family's library writes for these typed arguments
/// (with string literals in `ascii()` rather than `repr()` spelling).
pub fn canonical_code(cmd: &ChildCommand) -> String {
    let args = |items: &[PyLiteral]| {
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let dict = || {
        PyLiteral::Dict(
            cmd.keywords()
                .iter()
                .map(|(k, v)| (PyStr::from(k.as_str()), v.clone()))
                .collect(),
        )
    };
    let prefix = code_prefix(cmd);
    match cmd.form() {
        CommandForm::SpawnPosix | CommandForm::SpawnWindows | CommandForm::LokyWorkerWindows => {
            let kw: Vec<String> = cmd
                .keywords()
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            format!("{prefix}{})", kw.join(", "))
        }
        CommandForm::ResourceTracker | CommandForm::LokyResourceTracker => {
            format!("{prefix}{})", args(cmd.positional()))
        }
        CommandForm::ForkserverKwargs | CommandForm::ForkserverSysArgvInKwargs => {
            format!("{prefix}{}, **{})", args(cmd.positional()), dict())
        }
        CommandForm::ForkserverSysArgvTrailing => format!(
            "{prefix}{}, sys_argv=sys.argv[1:], **{})",
            args(cmd.positional()),
            dict()
        ),
        other => panic!("no -c string for form {other:?}"),
    }
}

/// The text with every string and bytes literal's quoted part replaced by
/// `S`: what must be byte-identical between two spellings of one form.
pub fn mask_strings(code: &str) -> Vec<u8> {
    let bytes = code.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'\'' || b == b'"' {
            i += 1;
            while let Some(&c) = bytes.get(i) {
                if c == b {
                    break;
                }
                i += if c == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(b'S');
        } else {
            out.push(b);
            i += 1;
        }
    }
    out
}

/// One argument more is rejected (or, after the fork server's trailing
/// form, taken as parent argv); one less is not a child.
fn check_mutations(argv: &[OsString], cmd: &ChildCommand) {
    let trailing = cmd.form() == CommandForm::ForkserverSysArgvTrailing;
    let mut longer = argv.to_vec();
    longer.push(os("x"));
    match classify(&longer) {
        Classification::Child(c) if trailing => {
            let mut expected = cmd.parent_argv().unwrap_or_default().to_vec();
            expected.push(os("x"));
            assert_eq!(c.parent_argv(), Some(expected.as_slice()));
        }
        Classification::Rejected(_) if !trailing => {}
        other => panic!("{:?} plus one argument classifies as {other:?}", cmd.form()),
    }
    let shorter = &argv[..argv.len() - 1];
    let parent_args = cmd.parent_argv().map_or(0, <[OsString]>::len);
    match classify(shorter) {
        Classification::Child(c) if trailing && parent_args > 0 => {
            assert_eq!(
                c.parent_argv(),
                cmd.parent_argv().map(|a| &a[..a.len() - 1])
            );
        }
        Classification::Child(c) => {
            panic!(
                "{:?} minus its last argument is a {:?}",
                cmd.form(),
                c.form()
            )
        }
        _ => {}
    }
}
