use std::ffi::OsStr;

use super::*;

fn err(args: &[&str]) -> FlagError {
    err_for(args, None)
}

fn err_for(args: &[&str], version: Option<CPythonVersion>) -> FlagError {
    match InterpreterFlags::parse_for(args, version) {
        Ok(f) => panic!("{args:?} parsed as {f:?}"),
        Err(e) => e,
    }
}

const V3130: Option<CPythonVersion> = Some(CPythonVersion::new(3, 13, 0));

#[test]
fn every_form_cpython_writes() {
    let args = [
        "-OO",
        "-dd",
        "-B",
        "-S",
        "-vvv",
        "-bb",
        "-qq",
        "-E",
        "-s",
        "-P",
        "-Wignore::DeprecationWarning",
        "-Werror",
        "-X",
        "dev",
        "-X",
        "importtime=2",
        "-X",
        "pycache_prefix=/tmp/a=b c",
        "-X",
        "disable-remote-debug",
    ];
    let flags = InterpreterFlags::parse(&args).unwrap();
    assert_eq!(flags.to_args(), args);
    assert_eq!(
        (
            flags.optimize(),
            flags.debug(),
            flags.verbose(),
            flags.bytes_warning(),
            flags.quiet()
        ),
        (2, 2, 3, 2, 2)
    );
    assert!(
        flags.no_site() && flags.ignore_environment() && flags.no_user_site() && flags.safe_path()
    );
    assert!(!flags.isolated());
    assert_eq!(flags.x_option("dev"), Some(None));
    assert_eq!(
        flags.x_option("pycache_prefix"),
        Some(Some(OsStr::new("/tmp/a=b c")))
    );
    assert_eq!(flags.x_option("utf8"), None);
}

/// What a parent's environment makes CPython write (research on 3.8–3.13):
/// PYTHONOPTIMIZE=40, PYTHONWARNINGS with a tab, a `-X` value with control
/// characters that CPython only checks for presence.
#[test]
fn what_parents_really_write_is_accepted() {
    let o40 = format!("-{}", "O".repeat(40));
    let args = [
        o40.as_str(),
        "-Wignore:some\tmessage",
        "-X",
        "faulthandler=\t\u{1b}[2J",
    ];
    let flags = InterpreterFlags::parse_for(&args, V3130).unwrap();
    assert_eq!(flags.optimize(), 40);
    assert_eq!(
        flags.warn_options().collect::<Vec<_>>(),
        ["ignore:some\tmessage"]
    );
    assert_eq!(flags.to_args(), args);
    // gh-146004 (3.14.4+): every -X option, whatever its name.
    let v3144 = Some(CPythonVersion::new(3, 14, 4));
    for name in ["-c", "=v", "a b=c d", "héllo", "1x"] {
        assert!(
            InterpreterFlags::parse_for(&["-X", name], v3144).is_ok(),
            "{name}"
        );
        assert!(
            InterpreterFlags::parse_for(&["-X", name], V3130).is_err(),
            "{name}"
        );
    }
}

#[cfg(unix)]
#[test]
fn warning_options_may_hold_any_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let w = OsStr::from_bytes(b"-Wignore:\xff\xfe");
    let flags = InterpreterFlags::parse(&[w]).unwrap();
    assert_eq!(flags.to_args(), [w]);
}

#[test]
fn isolated_implies() {
    let flags = InterpreterFlags::parse(&["-I"]).unwrap();
    assert!(flags.ignore_environment() && flags.no_user_site() && flags.safe_path());
}

#[test]
fn refusals() {
    assert!(matches!(err(&["-i"]), FlagError::Unknown(_)));
    assert!(matches!(err(&["-m"]), FlagError::Unknown(_)));
    assert!(matches!(err(&["--verbose"]), FlagError::Unknown(_)));
    assert!(matches!(err(&["-vB"]), FlagError::Unknown(_)));
    assert!(matches!(err(&["-BB"]), FlagError::Unknown(_)));
    assert!(matches!(err(&["-"]), FlagError::Unknown(_)));
    assert!(matches!(err(&["O"]), FlagError::Unknown(_)));
    assert!(matches!(err(&["-Xdev"]), FlagError::Unknown(_)));
    let many_v = format!("-{}", "v".repeat(MAX_FLAG_REPEAT + 1));
    assert!(matches!(err(&[many_v.as_str()]), FlagError::Unknown(_)));
    assert!(matches!(err(&["-v", "-v"]), FlagError::Duplicate(_)));
    assert!(matches!(
        err(&["-X", "dev", "-X", "dev"]),
        FlagError::Duplicate(_)
    ));
    assert!(matches!(
        err(&["-X", "utf8", "-X", "utf8=0"]),
        FlagError::Duplicate(_)
    ));
    assert!(matches!(err(&["-I", "-E"]), FlagError::Conflict(_)));
    assert!(matches!(err(&["-P", "-I"]), FlagError::Conflict(_)));
    assert_eq!(err(&["-X"]), FlagError::MissingValue("-X"));
    assert_eq!(err(&["-W", "error"]), FlagError::MissingValue("-W"));
    assert!(matches!(err(&["-X", "dev=1"]), FlagError::BadXOption(_)));
    assert!(matches!(
        err(&["-X", "a\u{1b}b"]),
        FlagError::ControlChar(_)
    ));
    // Names outside the fixed list of a CPython before gh-146004.
    assert!(matches!(
        err_for(&["-X", "=1"], V3130),
        FlagError::BadXOption(_)
    ));
    assert!(matches!(
        err_for(&["-X", "-c"], V3130),
        FlagError::BadXOption(_)
    ));
    assert!(matches!(
        err_for(&["-X", "dеv"], V3130),
        FlagError::BadXOption(_)
    )); // Cyrillic е
    assert!(matches!(
        err_for(&["-X", "pycache_prefix=/x"], V3130),
        FlagError::NotWritten { .. }
    ));
    // Options the version does not have or write.
    let v310 = Some(CPythonVersion::new(3, 10, 13));
    assert!(matches!(
        err_for(&["-P"], v310),
        FlagError::NotWritten { .. }
    ));
    assert!(matches!(
        err_for(&["-dd"], V3130),
        FlagError::NotWritten { .. }
    ));
    assert!(InterpreterFlags::parse_for(&["-dd"], Some(CPythonVersion::new(3, 12, 1))).is_ok());
    // Values CPython stops at.
    assert!(matches!(
        err_for(&["-X", "utf8=7"], V3130),
        FlagError::InvalidValue { .. }
    ));
    assert!(matches!(
        err(&["-X", "utf8=7"]),
        FlagError::InvalidValue { .. }
    ));
    assert!(matches!(
        err_for(&["-X", "tracemalloc=-1"], V3130),
        FlagError::InvalidValue { .. }
    ));
}

#[test]
fn repeated_warnings_are_kept() {
    let flags = InterpreterFlags::parse(&["-Werror", "-Werror"]).unwrap();
    assert_eq!(flags.warn_options().count(), 2);
}

/// 60 000 options are checked in one pass, not pairwise.
#[test]
fn many_options_are_linear() {
    let mut args: Vec<String> = vec!["-Wa".to_owned(); 60_000];
    args.extend((0..1000).flat_map(|i| ["-X".to_owned(), format!("n{i}")]));
    let start = std::time::Instant::now();
    let flags = InterpreterFlags::parse(&args).unwrap();
    assert_eq!(flags.warn_options().count(), 60_000);
    // Not a timing assertion on the machine's speed: a pairwise check of
    // 61 000 options would be ~1.9·10⁹ comparisons.
    let _ = start.elapsed();
}
