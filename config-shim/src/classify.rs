//! [`classify`]: the entry point a host calls first thing in `main`.

use std::ffi::{OsStr, OsString};

use crate::call::parse_call;
use crate::command::ChildCommand;
use crate::family::{Family, by_spawn_flag};
use crate::flags::{CPythonVersion, InterpreterFlags};
use crate::forms::build;
use crate::frozen::classify_frozen;
use crate::module::classify_module;
use crate::reject::RejectReason;

/// The exit status a host should use after printing a
/// [`Classification::Rejected`] reason, having run nothing.
pub const REJECTED_EXIT_STATUS: i32 = 2;

/// The answer of [`classify`].
///
/// ```
/// use std::ffi::OsString;
/// use mpconfig_shim::{classify, Classification, REJECTED_EXIT_STATUS};
///
/// let argv: Vec<OsString> = std::env::args_os().collect();
/// match classify(&argv) {
///     Classification::NotAChild => { /* run the host's own CLI */ }
///     Classification::Child(cmd) => { /* dispatch to cmd.module().cmd.function() */ let _ = cmd; }
///     Classification::Rejected(reason) => {
///         eprintln!("refusing to run: {reason}");
///         # if false {
///         std::process::exit(REJECTED_EXIT_STATUS);
///         # }
///     }
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Classification {
    /// An ordinary invocation of the host: run its own `main`.
    NotAChild,
    /// A multiprocessing child command line to dispatch.
    Child(ChildCommand),
    /// Looks like a child command line but is not one CPython writes: print
    /// the reason on stderr and exit with status 2, running nothing.
    Rejected(RejectReason),
}

/// Classifies a host's command line. `argv` is the whole of it, program
/// name included — pass `std::env::args_os().collect::<Vec<_>>()`;
/// `argv[0]` is ignored (an empty `argv` is [`Classification::NotAChild`]).
///
/// Never panics, never executes anything, and runs in time linear in the
/// size of `argv`.
///
/// # Where the boundary lies
///
/// `classify` looks at argv after `argv[0]` and answers:
///
/// * [`Classification::Child`] when the line is exactly one of the forms in
///   [`crate::CommandForm`];
/// * [`Classification::Rejected`] when it *looks like* a multiprocessing
///   child but is not exactly such a form;
/// * [`Classification::NotAChild`] otherwise — the host runs its own CLI.
///
/// A line looks like a child when, after a leading run of option-like
/// arguments (each starting with `-`; `-X` and `-W` take the next one),
/// any of these holds:
///
/// 1. `argv[1]` is a family's spawn flag, `--multiprocessing-fork` or
///    `--billiard-fork` (frozen spawn; CPython's own `freeze_support` keys
///    on exactly this);
/// 2. the run stops at `-c`, and the string after it holds a marker — a
///    family's package or spawn flag (`multiprocessing`, `multiprocess`,
///    `billiard`, `loky`…), `spawn_main`, `forkserver`,
///    `resource_tracker` or the word `import` — or a later argument is a
///    spawn flag;
/// 3. the run stops at a spawn flag (options before it);
/// 4. the run stops at `-m`, and a marker appears in the module name or
///    an argument after it (`-m loky.backend.popen_loky_posix …`);
/// 5. an argument of the run is a cluster of one-letter options holding a
///    glued `-c` or `-m` (`-cfrom multiprocessing…`, `-Bc`, `-Bcimport os`,
///    `-mloky…`), and a marker appears in it or, when it ends the run, in
///    the argument after it (`-Bc 'from multiprocessing…'`).
///
/// So `host script.py -c foo`, `host -c config.toml`, `host -v run x` and
/// `host --config /srv/forkserver.toml` (the host's own options, whatever
/// their values mention) are not children, while `host -c 'print(1)'` is
/// not a child either (it names
/// no multiprocessing entry point; the host's own CLI decides what `-c`
/// means, and one that takes no `-c` refuses it). `host -c 'import os; …'` is
/// rejected. The markers only choose between *Rejected* and *NotAChild*;
/// they never make anything a child: that takes an exact match, and even
/// then nothing from argv is executed — the host calls a fixed entry point
/// with parsed literals.
///
/// Matching is byte-exact where CPython's output is fixed (statement
/// prefixes, `", "` separators, `repr()` spacing). Text must be UTF-8 except
/// the fork server's trailing parent argv, which is kept as raw OS strings.
///
/// ```
/// use std::ffi::OsString;
/// use mpconfig_shim::{classify, Classification, CommandForm};
///
/// fn argv(args: &[&str]) -> Vec<OsString> {
///     args.iter().map(OsString::from).collect()
/// }
///
/// let spawn = argv(&["host", "-OO", "-c",
///     "from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=9)",
///     "--multiprocessing-fork"]);
/// match classify(&spawn) {
///     Classification::Child(cmd) => {
///         assert_eq!(cmd.form(), CommandForm::SpawnPosix);
///         assert_eq!(cmd.flags().optimize(), 2);
///     }
///     other => panic!("{other:?}"),
/// }
///
/// assert_eq!(classify(&argv(&["host", "script.py", "-c", "x"])), Classification::NotAChild);
/// assert!(matches!(
///     classify(&argv(&["host", "-c", "from multiprocessing.resource_tracker import main;main(__import__('os'))"])),
///     Classification::Rejected(_)
/// ));
/// ```
pub fn classify(argv: &[OsString]) -> Classification {
    classify_for(argv, None)
}

/// [`classify`] for a host that links CPython `version`: interpreter
/// options are accepted as that version writes them (its `-X` names, `-P`
/// from 3.11) and checked as it checks them (`-X utf8=7` is refused, as
/// CPython would stop at it). `None` accepts what any supported version
/// writes.
///
/// ```
/// use std::ffi::OsString;
/// use mpconfig_shim::{classify_for, Classification, CPythonVersion};
///
/// let argv: Vec<OsString> = ["host", "-X", "pycache_prefix=/tmp/p", "-c",
///     "from multiprocessing.resource_tracker import main;main(5)"]
///     .iter().map(OsString::from).collect();
/// let old = Some(CPythonVersion::new(3, 13, 0));
/// let new = Some(CPythonVersion::new(3, 14, 4));
/// assert!(matches!(classify_for(&argv, old), Classification::Rejected(_)));
/// assert!(matches!(classify_for(&argv, new), Classification::Child(_)));
/// ```
pub fn classify_for(argv: &[OsString], version: Option<CPythonVersion>) -> Classification {
    let args = argv.get(1..).unwrap_or(&[]);
    let Some(first) = args.first() else {
        return Classification::NotAChild;
    };
    if let Some(family) = by_spawn_flag(first) {
        return into_classification(classify_frozen(family, argv));
    }
    let end = option_run_end(args);
    let run = args.get(..end).unwrap_or(&[]);
    let run_has_marker = run.iter().any(|a| has_marker(a));
    match args.get(end) {
        Some(stop) if stop == "-c" => {
            let code = args.get(end + 1);
            let after = args.get(end + 2..).unwrap_or(&[]);
            let child_like = run_has_marker
                || code.is_some_and(|c| has_marker(c))
                || after.iter().any(|a| is_spawn_flag(a));
            if !child_like {
                return Classification::NotAChild;
            }
            into_classification(classify_code(run, code, after, end + 2, version))
        }
        Some(stop) if stop == "-m" => {
            let module = args.get(end + 1);
            let after = args.get(end + 2..).unwrap_or(&[]);
            let child_like = run_has_marker
                || module.is_some_and(|m| has_marker(m))
                || after.iter().any(|a| has_marker(a));
            if !child_like {
                return Classification::NotAChild;
            }
            into_classification(classify_module(run, module, after))
        }
        Some(stop) if is_spawn_flag(stop) => {
            Classification::Rejected(RejectReason::FlagsBeforeForkMarker)
        }
        next => {
            let glued_c_with_marker = run.iter().enumerate().any(|(i, a)| {
                has_glued_code(a)
                    && (has_marker(a)
                        || (i + 1 == run.len() && next.is_some_and(|n| has_marker(n))))
            });
            if glued_c_with_marker {
                let detail = match InterpreterFlags::parse_for(run, version) {
                    Err(e) => e.to_string(),
                    Ok(_) => "no -c or -m where one was expected".to_owned(),
                };
                Classification::Rejected(RejectReason::Shape(detail))
            } else {
                Classification::NotAChild
            }
        }
    }
}

fn into_classification(result: Result<ChildCommand, RejectReason>) -> Classification {
    match result {
        Ok(cmd) => Classification::Child(cmd),
        Err(reason) => Classification::Rejected(reason),
    }
}

/// Strict path for a child-like `FLAGS -c CODE AFTER...` line. `run` starts
/// at argv index 1; `code_index` is the argv index of the code string.
fn classify_code(
    run: &[OsString],
    code: Option<&OsString>,
    after: &[OsString],
    code_index: usize,
    version: Option<CPythonVersion>,
) -> Result<ChildCommand, RejectReason> {
    let flags = InterpreterFlags::parse_for(run, version)?;
    let code = code.ok_or_else(|| RejectReason::Shape("-c without a command string".into()))?;
    let code = code
        .to_str()
        .ok_or(RejectReason::NotUtf8 { index: code_index })?;
    let call = parse_call(code)?;
    build(call, code, flags, after)
}

/// Index of the first argument that is not part of the leading run of
/// option-like arguments. `-c`, `-m`, `-`, `--` and a spawn flag
/// (`--multiprocessing-fork`) end the run; `-X` and `-W` take the following
/// argument with them.
fn option_run_end(args: &[OsString]) -> usize {
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let bytes = arg.as_encoded_bytes();
        let option_like = bytes.len() >= 2
            && bytes.first() == Some(&b'-')
            && bytes != b"-c"
            && bytes != b"-m"
            && bytes != b"--"
            && !is_spawn_flag(arg);
        if !option_like {
            break;
        }
        i += if bytes == b"-X" || bytes == b"-W" {
            2
        } else {
            1
        };
    }
    i.min(args.len())
}

/// Whether `arg` is a cluster of CPython's one-letter options with `c` or
/// `m` among them (`-c…`, `-Bc`, `-IBcfrom …`, `-mloky…`): CPython would
/// read what follows the letter — or the next argument — as code or as the
/// module to run.
fn has_glued_code(arg: &OsStr) -> bool {
    let bytes = arg.as_encoded_bytes();
    let Some(letters) = bytes.strip_prefix(b"-") else {
        return false;
    };
    for &b in letters {
        match b {
            b'c' | b'm' => return true,
            b'b' | b'B' | b'd' | b'E' | b'h' | b'i' | b'I' | b'O' | b'P' | b'q' | b's' | b'S'
            | b'u' | b'v' | b'V' | b'x' => {}
            _ => return false,
        }
    }
    false
}

/// Whether `arg` is a family's frozen spawn flag (`--multiprocessing-fork`).
fn is_spawn_flag(arg: &OsStr) -> bool {
    by_spawn_flag(arg).is_some()
}

/// Whether an argument mentions a family's package or spawn flag, an entry
/// point's name, or a Python `import` (bytes-level, so it also works on
/// text that is not UTF-8).
pub(crate) fn has_marker(arg: &OsStr) -> bool {
    const ENTRY_NAMES: [&[u8]; 3] = [b"spawn_main", b"forkserver", b"resource_tracker"];
    let bytes = arg.as_encoded_bytes();
    ENTRY_NAMES.iter().any(|m| contains(bytes, m))
        || Family::ALL.iter().any(|f| {
            contains(bytes, f.package().as_bytes()) || contains(bytes, f.spawn_flag().as_bytes())
        })
        || contains_import_word(bytes)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// `import` not followed by a letter or digit (so `important.toml` is no marker).
fn contains_import_word(bytes: &[u8]) -> bool {
    bytes.windows(6).enumerate().any(|(i, w)| {
        w == b"import" && !bytes.get(i + 6).is_some_and(|b| b.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn markers() {
        assert!(has_marker(OsStr::new("from multiprocessing.x")));
        assert!(has_marker(OsStr::new("__import__('os')")));
        assert!(has_marker(OsStr::new("import")));
        assert!(!has_marker(OsStr::new("important.toml")));
        assert!(!has_marker(OsStr::new("print(1)")));
    }

    #[test]
    fn option_runs() {
        assert_eq!(option_run_end(&os(&["-O", "-X", "dev", "-c", "x"])), 3);
        assert_eq!(option_run_end(&os(&["-W", "-c", "x"])), 2);
        assert_eq!(option_run_end(&os(&["-X"])), 1);
        assert_eq!(option_run_end(&os(&["script.py", "-c"])), 0);
        assert_eq!(option_run_end(&os(&["--", "-c"])), 0);
    }

    #[test]
    fn boundary() {
        let not = |a: &[&str]| assert_eq!(classify(&os(a)), Classification::NotAChild, "{a:?}");
        let rejected = |a: &[&str]| {
            assert!(
                matches!(classify(&os(a)), Classification::Rejected(_)),
                "{a:?}"
            )
        };
        not(&[]);
        not(&["host"]);
        not(&["host", "script.py", "-c", "foo"]);
        not(&["host", "-c", "config.toml"]);
        not(&["host", "-c", "print(1)"]);
        not(&["host", "-c"]);
        not(&["host", "-v", "run", "x"]);
        not(&["host", "script.py", "--multiprocessing-fork"]);
        not(&[
            "host",
            "--config",
            "/srv/forkserver-spawn_main.toml",
            "in.txt",
        ]);
        not(&["host", "--config=/srv/multiprocessing.toml", "in.txt"]);
        not(&["host", "-o", "multiprocessing_notes.txt"]);
        not(&["host", "-v", "multiprocessing_demo.py"]);
        not(&["host", "-X", "dev", "import_data.py"]);
        not(&[
            "host",
            "--",
            "-c",
            "from multiprocessing.spawn import spawn_main",
        ]);
        rejected(&["host", "-c", "import os; os.system('id')"]);
        rejected(&["host", "-c", "print(1)", "--multiprocessing-fork"]);
        rejected(&[
            "host",
            "-O",
            "--multiprocessing-fork",
            "tracker_fd=1",
            "pipe_handle=2",
        ]);
        rejected(&[
            "host",
            "-cfrom multiprocessing.resource_tracker import main;main(5)",
        ]);
        rejected(&[
            "host",
            "-Bc",
            "from multiprocessing.resource_tracker import main;main(5)",
        ]);
        rejected(&[
            "host",
            "-c",
            "from multiprocessing.resource_tracker import main;main(5)",
            "x",
        ]);
        rejected(&["host", "--multiprocessing-fork"]);
        rejected(&["host", "-IBcimport os"]);
        rejected(&["host", "-O", "-Bc", "import os"]);
        rejected(&[
            "host",
            "-cfrom multiprocessing.spawn import spawn_main",
            "--multiprocessing-fork",
        ]);
    }
}
