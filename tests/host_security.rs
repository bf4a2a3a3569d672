//! Crafted command lines through the real `mpconfig` host binary. Each one
//! starts like a multiprocessing child but is not exactly a form CPython
//! writes: the host must print why on stderr, exit 2, start no interpreter
//! and run nothing — the file its payload would create never appears.

mod host_support;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;

use host_support::{Scratch, host_run};

const RT: &str = "from multiprocessing.resource_tracker import main;main(";
const SPAWN: &str = "from multiprocessing.spawn import spawn_main; spawn_main(";
const FS: &str = "from multiprocessing.forkserver import main; main(";
const FS_SYS: &str = "import sys; from multiprocessing.forkserver import main; main(";
const FORK: &str = "--multiprocessing-fork";

fn s(x: &str) -> OsString {
    OsString::from(x)
}

/// The corpus: (name, argv after the program). `{M}` is replaced by the
/// marker file's path.
fn corpus() -> Vec<(&'static str, Vec<OsString>)> {
    let touch = "__import__('os').system('touch {M}')";
    let open = "open('{M}', 'w')";
    let c = |code: String| vec![s("-c"), s(&code)];
    let spawn = |code: String| vec![s("-c"), s(&code), s(FORK)];
    let rt = |tail: &str| c(format!("{RT}{tail}"));
    let fs = |tail: &str| c(format!("{FS}{tail}"));
    let flagged = |flags: &[&str]| {
        let mut v: Vec<OsString> = flags.iter().map(|f| s(f)).collect();
        v.extend(c(format!("{RT}5); {open}")));
        v
    };
    let mut cases: Vec<(&'static str, Vec<OsString>)> = vec![
        // Code appended after a valid prefix.
        ("statement after ;", rt(&format!("5); {touch}"))),
        ("statement after ; (open)", rt(&format!("5); {open}"))),
        ("statement on a new line", rt(&format!("5)\n{open}"))),
        (
            "statement after spawn_main",
            spawn(format!("{SPAWN}tracker_fd=5, pipe_handle=7); {touch}")),
        ),
        (
            "statement after the forkserver call",
            fs(&format!("3, 4, ['__main__'], **{{}}); {open}")),
        ),
        (
            "statement after the 3.13.13+ forkserver call",
            c(format!(
                "{FS_SYS}3, 4, [], sys_argv=sys.argv[1:], **{{}}); {open}"
            )),
        ),
        ("statement before the import", c(format!("{open}; {RT}5)"))),
        ("comment appended", rt(&format!("5)  # {open}"))),
        // Calls, expressions and names in argument position.
        ("__import__ as the argument", rt(&format!("{touch})"))),
        ("open() as the argument", rt(&format!("{open})"))),
        ("call as the argument", rt("int('5'))")),
        ("arithmetic as the argument", rt("4+1)")),
        ("attribute access as the argument", rt("os.O_RDONLY)")),
        (
            "name as a keyword value",
            spawn(format!("{SPAWN}tracker_fd=fd, pipe_handle=7)")),
        ),
        (
            "call as a keyword value",
            spawn(format!("{SPAWN}tracker_fd={open}, pipe_handle=7)")),
        ),
        (
            "lambda in the preload list",
            fs(&format!("3, 4, [lambda: {open}], **{{}})")),
        ),
        (
            "__import__ in the preload list",
            fs(&format!("3, 4, [{touch}], **{{}})")),
        ),
        (
            "f-string in the kwargs dict",
            fs(&format!("3, 4, [], **{{'main_path': f'{{{open}}}'}})")),
        ),
        (
            "walrus in the kwargs dict",
            fs("3, 4, [], **{'main_path': (x := 'a')})"),
        ),
        (
            "call in the kwargs dict",
            fs(&format!("3, 4, [], **{{'sys_path': {open}}})")),
        ),
        ("starred positional", fs("3, 4, *[[]], **{})")),
        // Numbers.
        ("integer above 64 bits", rt("99999999999999999999999)")),
        ("5000-digit integer", rt(&format!("{})", "9".repeat(5000)))),
        ("float fd", rt("5.0)")),
        ("hex fd", rt("0x5)")),
        ("underscore fd", rt("1_0)")),
        ("fullwidth digit fd", rt("５)")),
        // Unicode look-alikes.
        (
            "fullwidth function name",
            c(format!(
                "from multiprocessing.resource_tracker import main;ｍａｉｎ(5); {open}"
            )),
        ),
        (
            "Cyrillic a in main",
            c(format!(
                "from multiprocessing.resource_tracker import main;mаin(5); {open}"
            )),
        ),
        (
            "Cyrillic o in the module",
            c("from multiprоcessing.resource_tracker import main;main(5)".into()),
        ),
        (
            "Cyrillic a in a keyword",
            spawn(format!("{SPAWN}trаcker_fd=5, pipe_handle=7)")),
        ),
        (
            "zero-width space in the prefix",
            c("from multiprocessing.resource_tracker import\u{200b} main;main(5)".into()),
        ),
        (
            "non-breaking space separator",
            spawn(format!("{SPAWN}tracker_fd=5,\u{a0}pipe_handle=7)")),
        ),
        // Flags.
        ("unknown flag -i", flagged(&["-i"])),
        ("unknown flag -m", flagged(&["-m"])),
        ("long option --foo", flagged(&["--foo"])),
        ("mixed letters -vB", flagged(&["-vB"])),
        ("-I with -E", flagged(&["-I", "-E"])),
        ("-X glued to its value", flagged(&["-Xdev"])),
        ("-X with a malformed name", flagged(&["-X", "=x"])),
        ("-W split from its value", flagged(&["-W", "error"])),
        ("control character in -W", flagged(&["-Werror\u{1b}[2J"])),
        (
            "-c glued to its code",
            vec![s(&format!("-c{RT}5); {open}"))],
        ),
        (
            "-c glued after a flag",
            vec![s("-Bc"), s(&format!("{RT}5); {open}"))],
        ),
        (
            "flags before --multiprocessing-fork",
            vec![s("-O"), s(FORK), s("tracker_fd=5"), s("pipe_handle=7")],
        ),
        // Split forms and extra arguments.
        (
            "valid form split across two arguments",
            vec![
                s("-c"),
                s("from multiprocessing.resource_tracker import main;"),
                s("main(5)"),
            ],
        ),
        (
            "spawn without --multiprocessing-fork",
            c(format!("{SPAWN}tracker_fd=5, pipe_handle=7)")),
        ),
        (
            "extra argument after the resource tracker",
            vec![s("-c"), s(&format!("{RT}5)")), s(&format!("; {open}"))],
        ),
        (
            "extra argument after the spawn marker",
            vec![
                s("-c"),
                s(&format!("{SPAWN}tracker_fd=5, pipe_handle=7)")),
                s(FORK),
                s(open),
            ],
        ),
        // Frozen spawn.
        ("frozen spawn without arguments", vec![s(FORK)]),
        (
            "frozen spawn with code as a value",
            vec![
                s(FORK),
                s(&format!("tracker_fd={open}")),
                s("pipe_handle=7"),
            ],
        ),
        (
            "frozen spawn with an unknown key",
            vec![s(FORK), s("exec=1"), s("pipe_handle=7")],
        ),
        (
            "frozen spawn with an extra argument",
            vec![
                s(FORK),
                s("tracker_fd=5"),
                s("pipe_handle=7"),
                s(&format!("-c{open}")),
            ],
        ),
        // Not UTF-8.
        (
            "non-UTF-8 byte in the -c string",
            vec![
                s("-c"),
                OsString::from_vec(
                    b"from multiprocessing.resource_tracker import main;main(\xff5)".to_vec(),
                ),
            ],
        ),
        (
            "non-UTF-8 byte in a flag",
            vec![
                OsString::from_vec(b"-X\xff".to_vec()),
                s("-c"),
                s(&format!("{RT}5)")),
            ],
        ),
    ];
    // A payload that only imports: the `import` word marks it child-like.
    cases.push(("plain import statement", c(format!("import os; {open}"))));
    cases
}

fn with_marker(argv: &[OsString], marker: &Path) -> Vec<OsString> {
    let m = marker.display().to_string();
    argv.iter()
        .map(|a| match a.to_str() {
            Some(t) => OsString::from(t.replace("{M}", &m)),
            None => a.clone(),
        })
        .collect()
}

#[test]
fn crafted_command_lines_are_refused_and_run_nothing() {
    let dir = Scratch::new("security");
    let marker = dir.path().join("PWNED");
    let cases = corpus();
    assert!(cases.len() >= 30, "corpus has {} lines", cases.len());
    for (name, argv) in &cases {
        let argv = with_marker(argv, &marker);
        let out = host_run(&argv).cwd(dir.path()).run();
        let label = format!("{name}: {argv:?}");
        assert_eq!(out.code(), Some(2), "{label}\n{}", out.describe());
        assert!(
            out.stderr
                .contains("not a multiprocessing child command line; refusing to run it: "),
            "{label}: no reason on stderr\n{}",
            out.describe()
        );
        assert!(out.stdout.is_empty(), "{label}\n{}", out.describe());
        assert!(!marker.exists(), "{label}: the payload ran");
        // Nothing was started: the one process logged itself as rejected.
        let kinds: Vec<&str> = out.launches.iter().map(|l| l.what.as_str()).collect();
        assert_eq!(kinds, ["rejected"], "{label}\n{}", out.describe());
        out.assert_clean(1);
    }
    eprintln!("security corpus: {} command lines refused", cases.len());
}

#[test]
fn code_that_names_no_entry_point_goes_to_the_cli_which_runs_nothing() {
    let dir = Scratch::new("security-cli");
    let marker = dir.path().join("PWNED");
    let m = marker.display().to_string();
    for argv in [
        vec!["-c".to_owned(), format!("open('{m}', 'w')")],
        vec!["-c".to_owned(), format!("print(open('{m}', 'w'))")],
        vec!["-E".to_owned(), "-c".to_owned(), format!("open('{m}','w')")],
    ] {
        let out = host_run(&argv).cwd(dir.path()).run();
        assert_eq!(out.code(), Some(2), "{argv:?}\n{}", out.describe());
        assert!(out.stderr.contains("error:"), "{}", out.describe());
        assert!(!marker.exists(), "{argv:?}: the payload ran");
        // Every start is logged, the CLI's own included.
        let kinds: Vec<&str> = out.launches.iter().map(|l| l.what.as_str()).collect();
        assert_eq!(kinds, ["main"], "{}", out.describe());
    }
}

#[test]
fn a_child_is_refused_when_auto_dispatch_is_off() {
    let argv = [
        "-c",
        "from multiprocessing.resource_tracker import main;main(0)",
    ];
    let out = host_run(argv)
        .env("MPCONFIG_MULTIPROCESSING", r#"{"auto_dispatch": false}"#)
        .run();
    assert_eq!(out.code(), Some(2), "{}", out.describe());
    assert!(
        out.stderr.contains("auto_dispatch is false"),
        "{}",
        out.describe()
    );
    let kinds: Vec<&str> = out.launches.iter().map(|l| l.what.as_str()).collect();
    assert_eq!(kinds, ["refused"]);

    let out = host_run(argv)
        .env("MPCONFIG_MULTIPROCESSING", "{not json")
        .run();
    assert_eq!(out.code(), Some(2), "{}", out.describe());
    assert!(
        out.stderr.contains("MPCONFIG_MULTIPROCESSING"),
        "{}",
        out.describe()
    );
    assert!(out.launches.is_empty(), "{}", out.describe());
}
