//! The security corpus: crafted command lines that start like a
//! multiprocessing child but are not exactly one. Every one must be
//! `Rejected` — never `Child`, and never `NotAChild` (which would hand the
//! line to the host's own CLI).

mod common;

use std::ffi::OsString;

use common::{bytes_to_os, os_args};
use mpconfig_shim::{Classification, classify};

const RT: &str = "from multiprocessing.resource_tracker import main;main(";
const SPAWN: &str = "from multiprocessing.spawn import spawn_main; spawn_main(";
const FS: &str = "from multiprocessing.forkserver import main; main(";
const FS_SYS: &str = "import sys; from multiprocessing.forkserver import main; main(";
const MARK: &str = "--multiprocessing-fork";

fn c(code: &str) -> Vec<OsString> {
    os_args(&["host", "-c", code])
}

fn spawn(code: &str) -> Vec<OsString> {
    os_args(&["host", "-c", code, MARK])
}

fn corpus() -> Vec<(&'static str, Vec<OsString>)> {
    let rt = |tail: &str| c(&format!("{RT}{tail}"));
    let fs = |tail: &str| c(&format!("{FS}{tail}"));
    let mut cases = vec![
        // Code appended after a valid prefix.
        (
            "statement appended with ;",
            rt("5); import os; os.system('touch /tmp/pwned')"),
        ),
        ("statement appended on a new line", rt("5)\nimport os")),
        (
            "statement appended after spawn_main",
            spawn(&format!(
                "{SPAWN}tracker_fd=5, pipe_handle=7); __import__('os').system('id')"
            )),
        ),
        (
            "code after the forkserver call",
            fs("3, 4, ['__main__'], **{}); exec('1')"),
        ),
        ("comment appended", rt("5)  # harmless?")),
        // Calls, expressions and names in argument position.
        (
            "__import__ as the argument",
            rt("__import__('os').system('id'))"),
        ),
        ("call as the argument", rt("int('5'))")),
        ("arithmetic as the argument", rt("4+1)")),
        ("attribute access as the argument", rt("os.O_RDONLY)")),
        (
            "name as a keyword value",
            spawn(&format!("{SPAWN}tracker_fd=fd, pipe_handle=7)")),
        ),
        ("lambda in the preload list", fs("3, 4, [lambda: 0], **{})")),
        (
            "comprehension as preload",
            fs("3, 4, [m for m in ['os']], **{})"),
        ),
        (
            "__import__ inside the preload list",
            fs("3, 4, [__import__('os')], **{})"),
        ),
        (
            "f-string in the kwargs dict",
            fs("3, 4, [], **{'main_path': f'{__import__(\"os\").system(\"id\")}'})"),
        ),
        (
            "walrus in the kwargs dict",
            fs("3, 4, [], **{'main_path': (x := 'a')})"),
        ),
        ("starred positional", fs("3, 4, *[[]], **{})")),
        // Numbers.
        ("integer above 64 bits", rt("99999999999999999999999)")),
        ("5000-digit integer", rt(&format!("{})", "9".repeat(5000)))),
        ("negative fd", rt("-1)")),
        ("float fd", rt("5.0)")),
        ("hex fd", rt("0x5)")),
        ("underscore fd", rt("1_0)")),
        ("fullwidth digit fd", rt("５)")),
        ("bool as fd", rt("True)")),
        // Unicode look-alikes.
        (
            "fullwidth function name",
            c("from multiprocessing.resource_tracker import main;ｍａｉｎ(5)"),
        ),
        (
            "Cyrillic a in main",
            c("from multiprocessing.resource_tracker import main;mаin(5)"),
        ),
        (
            "Cyrillic o in the module name",
            c("from multiprоcessing.resource_tracker import main;main(5)"),
        ),
        (
            "Cyrillic a in a keyword",
            spawn(&format!("{SPAWN}trаcker_fd=5, pipe_handle=7)")),
        ),
        (
            "zero-width space in the prefix",
            c("from multiprocessing.resource_tracker import\u{200b} main;main(5)"),
        ),
        (
            "non-breaking space separator",
            spawn(&format!("{SPAWN}tracker_fd=5,\u{a0}pipe_handle=7)")),
        ),
        // Flags.
        (
            "unknown flag -i",
            os_args(&["host", "-i", "-c", &format!("{RT}5)")]),
        ),
        (
            "unknown flag -m",
            os_args(&["host", "-m", "-c", &format!("{RT}5)")]),
        ),
        (
            "long option --foo",
            os_args(&["host", "--foo", "-c", &format!("{RT}5)")]),
        ),
        (
            "mixed letters -vB",
            os_args(&["host", "-vB", "-c", &format!("{RT}5)")]),
        ),
        (
            "-I with -E",
            os_args(&["host", "-I", "-E", "-c", &format!("{RT}5)")]),
        ),
        (
            "-X glued to its value",
            os_args(&["host", "-Xdev", "-c", &format!("{RT}5)")]),
        ),
        (
            "-W split from its value",
            os_args(&["host", "-W", "error", "-c", &format!("{RT}5)")]),
        ),
        (
            "-c glued to its code",
            os_args(&["host", &format!("-c{RT}5)")]),
        ),
        (
            "-c glued after a flag",
            os_args(&["host", "-Bc", &format!("{RT}5)")]),
        ),
        (
            "flags before --multiprocessing-fork",
            os_args(&["host", "-O", MARK, "tracker_fd=5", "pipe_handle=7"]),
        ),
        // Split and extra arguments.
        (
            "valid form split across two arguments",
            os_args(&[
                "host",
                "-c",
                "from multiprocessing.resource_tracker import main;",
                "main(5)",
            ]),
        ),
        (
            "call split from its prefix",
            os_args(&[
                "host",
                "-c",
                "from multiprocessing.resource_tracker",
                "import main;main(5)",
            ]),
        ),
        (
            "spawn without --multiprocessing-fork",
            c(&format!("{SPAWN}tracker_fd=5, pipe_handle=7)")),
        ),
        (
            "extra argument after the resource tracker",
            os_args(&["host", "-c", &format!("{RT}5)"), "extra"]),
        ),
        (
            "extra argument after the spawn marker",
            os_args(&[
                "host",
                "-c",
                &format!("{SPAWN}tracker_fd=5, pipe_handle=7)"),
                MARK,
                "x",
            ]),
        ),
        (
            "extra argument after the old forkserver",
            os_args(&["host", "-c", &format!("{FS}3, 4, [], **{{}})"), "x"]),
        ),
        (
            "-c with no code but a marker flag",
            os_args(&["host", "-c", MARK]),
        ),
        // Duplicates and unknown names.
        (
            "duplicated spawn keyword",
            spawn(&format!("{SPAWN}pipe_handle=7, pipe_handle=7)")),
        ),
        (
            "three spawn keywords",
            spawn(&format!(
                "{SPAWN}parent_pid=1, pipe_handle=2, tracker_fd=3)"
            )),
        ),
        (
            "spawn keywords out of order",
            spawn(&format!("{SPAWN}pipe_handle=7, tracker_fd=5)")),
        ),
        (
            "duplicated dict key",
            fs("3, 4, [], **{'sys_path': [], 'sys_path': []})"),
        ),
        (
            "unknown kwargs key",
            fs("3, 4, [], **{'exec': 'import os'})"),
        ),
        (
            "sys_argv twice",
            c(&format!(
                "{FS_SYS}3, 4, [], sys_argv=sys.argv[1:], **{{'sys_argv': []}})"
            )),
        ),
        (
            "sys_argv expression other than [1:]",
            c(&format!("{FS_SYS}3, 4, [], sys_argv=sys.argv[0:], **{{}})")),
        ),
        (
            "sys.argv expression without import sys",
            fs("3, 4, [], sys_argv=sys.argv[1:], **{})"),
        ),
        (
            "import other than sys",
            c(
                "import os; from multiprocessing.forkserver import main; main(3, 4, [], sys_argv=sys.argv[1:], **{})",
            ),
        ),
        (
            "on_error other than ignore/warn/fail",
            fs("3, 4, [], **{'on_error': 'exec'})"),
        ),
        // Literal syntax that repr() never writes.
        ("triple-quoted string", fs("3, 4, ['''__main__'''], **{})")),
        ("raw string", fs("3, 4, [r'__main__'], **{})")),
        (
            "named escape",
            fs("3, 4, [], **{'main_path': '\\N{BULLET}'})"),
        ),
        ("non-canonical spacing", rt(" 5)")),
        (
            "implicit string concatenation",
            fs("3, 4, ['a' 'b'], **{})"),
        ),
        // Anything that imports but is no entry point.
        ("plain import", c("import os; os.system('id')")),
        ("exec of an import", c("exec('import os')")),
        // Frozen spawn.
        (
            "frozen: extra argument",
            os_args(&["host", MARK, "tracker_fd=5", "pipe_handle=7", "x=1"]),
        ),
        (
            "frozen: missing argument",
            os_args(&["host", MARK, "pipe_handle=7"]),
        ),
        (
            "frozen: code as a value",
            os_args(&["host", MARK, "tracker_fd=__import__('os')", "pipe_handle=7"]),
        ),
        (
            "frozen: statement after a value",
            os_args(&["host", MARK, "tracker_fd=5;import os", "pipe_handle=7"]),
        ),
        (
            "frozen: space in a value",
            os_args(&["host", MARK, "tracker_fd= 5", "pipe_handle=7"]),
        ),
        (
            "frozen: look-alike key",
            os_args(&["host", MARK, "trаcker_fd=5", "pipe_handle=7"]),
        ),
        (
            "frozen: unknown key",
            os_args(&["host", MARK, "exec=5", "pipe_handle=7"]),
        ),
        ("frozen: no arguments", os_args(&["host", MARK])),
    ];
    // Non-UTF-8 bytes (only representable on Unix).
    let mut bytes_cases: Vec<(&'static str, Vec<Vec<u8>>)> = vec![
        (
            "non-UTF-8 byte in the code",
            vec![
                b"host".to_vec(),
                b"-c".to_vec(),
                [RT.as_bytes(), b"5)\xff"].concat(),
            ],
        ),
        (
            "non-UTF-8 byte in a frozen value",
            vec![
                b"host".to_vec(),
                MARK.as_bytes().to_vec(),
                b"tracker_fd=5\xff".to_vec(),
                b"pipe_handle=7".to_vec(),
            ],
        ),
        (
            "overlong UTF-8 in the code",
            vec![
                b"host".to_vec(),
                b"-c".to_vec(),
                [RT.as_bytes(), b"\xc0\xb5)"].concat(),
            ],
        ),
    ];
    for (name, args) in bytes_cases.drain(..) {
        if let Some(argv) = args
            .into_iter()
            .map(bytes_to_os)
            .collect::<Option<Vec<_>>>()
        {
            cases.push((name, argv));
        }
    }
    cases
}

#[test]
fn every_crafted_line_is_rejected() {
    let cases = corpus();
    assert!(cases.len() >= 30, "corpus has only {} lines", cases.len());
    for (name, argv) in &cases {
        match classify(argv) {
            Classification::Rejected(reason) => {
                let message = reason.to_string();
                assert!(!message.is_empty(), "{name}: empty reason");
                assert!(
                    !message.chars().any(|c| c.is_control()),
                    "{name}: reason contains a control character: {message:?}"
                );
            }
            other => panic!("{name}: expected Rejected, got {other:?}\nargv: {argv:?}"),
        }
    }
    println!(
        "security corpus: {} command lines, all rejected",
        cases.len()
    );
}

#[test]
fn reasons_are_specific() {
    let reason = |argv: Vec<OsString>| match classify(&argv) {
        Classification::Rejected(r) => r.to_string(),
        other => panic!("{other:?}"),
    };
    assert!(
        reason(os_args(&["host", "-i", "-c", &format!("{RT}5)")]))
            .contains("unknown interpreter option \"-i\"")
    );
    assert!(reason(c(&format!("{RT}99999999999999999999999)"))).contains("integer out of range"));
    assert!(reason(c(&format!("{RT}-1)"))).contains("fd must be a non-negative int"));
    assert!(
        reason(c(&format!("{FS}3, 4, [], **{{'exec': 'x'}})")))
            .contains("unknown keyword argument \"'exec'\"")
    );
    assert!(
        reason(os_args(&["host", "-c", &format!("{RT}5)"), "extra"]))
            .contains("takes no arguments after the -c string")
    );
    assert!(
        reason(c(
            "from multiprocessing.resource_tracker import main;mаin(5)"
        ))
        .contains("\\u{430}in(5)")
    );
    #[cfg(unix)]
    {
        let argv = [
            "host".as_bytes(),
            b"-O",
            b"-c",
            b"from multiprocessing.x\xff",
        ]
        .iter()
        .map(|b| bytes_to_os(b.to_vec()).expect("unix"))
        .collect::<Vec<_>>();
        assert_eq!(reason(argv), "argument 3 is not valid UTF-8");
    }
}

/// Regression (found by fuzzing `classify`): a rejection quoted parts of
/// argv in full — a frozen spawn argument's name (raw, control characters
/// included), and through literal errors a name, a string prefix or a
/// duplicate dict key — so an argv of megabytes made a message of
/// megabytes, which the host prints on stderr.
#[test]
fn reasons_quote_argv_short_and_escaped() {
    let long = "a".repeat(100_000);
    let key = format!("'{}'", "k".repeat(100_000));
    let cases = [
        (
            "frozen name with an escape sequence",
            os_args(&[
                "host",
                MARK,
                &format!("\u{1b}[31m{long}='s'"),
                "pipe_handle=7",
            ]),
        ),
        (
            "frozen name, valid value",
            os_args(&["host", MARK, &format!("{long}=5"), "pipe_handle=7"]),
        ),
        ("long name", c(&format!("{RT}{long})"))),
        ("long string prefix", c(&format!("{RT}{long}'x')"))),
        (
            "long duplicate key",
            c(&format!("{FS}3, 4, [], **{{{key}: 1, {key}: 2}})")),
        ),
    ];
    for (name, argv) in cases {
        let Classification::Rejected(reason) = classify(&argv) else {
            panic!("{name}: not rejected")
        };
        let message = reason.to_string();
        assert!(
            message.len() < 400,
            "{name}: a reason of {} bytes",
            message.len()
        );
        assert!(
            !message.chars().any(char::is_control),
            "{name}: control character in {message:?}"
        );
    }
}

#[test]
#[ignore = "prints every reason, for reading"]
fn print_reasons() {
    for (name, argv) in corpus() {
        if let Classification::Rejected(r) = classify(&argv) {
            println!("{name:45} {r}");
        }
    }
}

/// Lines a real parent makes CPython write, which a strict classifier once
/// refused — and a refused child is one a pool starts again and again
/// (`PYTHONWARNINGS` with a control character or a byte that is not UTF-8;
/// since 3.14.4 every `-X` name): accepted. Refused for a host whose
/// CPython does not write them.
#[test]
fn what_cpython_writes_is_accepted() {
    use std::os::unix::ffi::OsStringExt;
    let tracker = |flags: Vec<Vec<u8>>| -> Vec<std::ffi::OsString> {
        std::iter::once(b"host".to_vec())
            .chain(flags)
            .chain([b"-c".to_vec(), format!("{RT}5)").into_bytes()])
            .map(std::ffi::OsString::from_vec)
            .collect()
    };
    let v3130 = Some(mpconfig_shim::CPythonVersion::new(3, 13, 0));
    let v3144 = Some(mpconfig_shim::CPythonVersion::new(3, 14, 4));
    for (name, flags, on_3130) in [
        (
            "control character in -W",
            vec![b"-Werror\x1b[2J".to_vec()],
            true,
        ),
        ("tab in -W", vec![b"-Wignore:some\tmessage".to_vec()], true),
        ("non-UTF-8 byte in -W", vec![b"-W\xff".to_vec()], true),
        (
            "-O forty times",
            vec![format!("-{}", "O".repeat(40)).into_bytes()],
            true,
        ),
        (
            "-X with any name (3.14.4+)",
            vec![b"-X".to_vec(), b"=x".to_vec()],
            false,
        ),
    ] {
        let argv = tracker(flags);
        assert!(
            matches!(
                mpconfig_shim::classify_for(&argv, v3144),
                Classification::Child(_)
            ),
            "{name}: refused on 3.14.4"
        );
        assert_eq!(
            matches!(
                mpconfig_shim::classify_for(&argv, v3130),
                Classification::Child(_)
            ),
            on_3130,
            "{name} on 3.13.0"
        );
    }
}
