//! The hostile starts, by category, each naming the promise it tests.
//! `{M}` in an argument stands for the marker file a payload would create;
//! `{D}` for the scratch directory (which holds `evilmod.py`, `evil.py`,
//! `evil.pkl`).

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

pub const RT: &str = "from multiprocessing.resource_tracker import main;main(";
pub const SPAWN: &str = "from multiprocessing.spawn import spawn_main; spawn_main(";
pub const FS: &str = "from multiprocessing.forkserver import main; main(";
pub const FS_SYS: &str = "import sys; from multiprocessing.forkserver import main; main(";
pub const FORK: &str = "--multiprocessing-fork";

/// What a case expects of the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Refused: exit 2, no interpreter, the reason on stderr.
    Refused,
    /// The host's own program runs normally (exit 0): the hostile part
    /// (a launch-log path) must change nothing.
    Runs,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub category: &'static str,
    pub promise: &'static str,
    pub name: String,
    pub argv: Vec<OsString>,
    pub env: Vec<(&'static str, OsString)>,
    /// A file of the scratch directory to read stdin from.
    pub stdin: Option<&'static str>,
    pub expect: Expect,
}

fn os(s: &str) -> OsString {
    OsString::from(s)
}

fn bytes(b: &[u8]) -> OsString {
    OsString::from_vec(b.to_vec())
}

const OPEN: &str = "open('{M}', 'w')";
const TOUCH: &str = "__import__('os').system('touch {M}')";

/// The valid `-c` lines of each entry point, and what follows the code.
fn entries() -> Vec<(&'static str, String, Vec<OsString>)> {
    vec![
        ("tracker", format!("{RT}5)"), vec![]),
        (
            "spawn",
            format!("{SPAWN}tracker_fd=5, pipe_handle=7)"),
            vec![os(FORK)],
        ),
        (
            "forkserver",
            format!("{FS}3, 4, ['__main__'], **{{'sys_path': ['/srv']}})"),
            vec![],
        ),
        (
            "forkserver 3.13.13+",
            format!("{FS_SYS}3, 4, ['__main__'], sys_argv=sys.argv[1:], **{{}})"),
            vec![os("app.py")],
        ),
    ]
}

fn case(category: &'static str, promise: &'static str, name: String, argv: Vec<OsString>) -> Case {
    Case {
        category,
        promise,
        name,
        argv,
        env: Vec::new(),
        stdin: None,
        expect: Expect::Refused,
    }
}

/// Code: text after, before or inside a valid line, and what is not a
/// literal in argument position.
pub fn grammar() -> Vec<Case> {
    const P: &str =
        "nothing from argv runs as code: only the exact literals CPython writes are read";
    type Mutation = (&'static str, fn(&str) -> String);
    let mutations: Vec<Mutation> = vec![
        ("statement after ;", |l| format!("{l}; {OPEN}")),
        ("statement after a newline", |l| format!("{l}\n{OPEN}")),
        ("statement before", |l| format!("{OPEN}; {l}")),
        ("comment appended", |l| format!("{l}  # {OPEN}")),
        ("trailing space", |l| format!("{l} ")),
        ("trailing newline", |l| format!("{l}\n")),
        ("call in argument position", |l| {
            l.replacen('5', &format!("({TOUCH}) and 5"), 1)
        }),
        ("__import__ as an argument", |l| l.replacen('5', TOUCH, 1)),
        ("tuple trick", |l| {
            l.replacen('5', &format!("({OPEN}, 5)[1]"), 1)
        }),
        ("arithmetic", |l| l.replacen('5', "1+4", 1)),
        ("hex literal", |l| l.replacen('5', "0x5", 1)),
        ("underscore literal", |l| l.replacen('5', "5_0", 1)),
        ("Arabic-Indic digit", |l| l.replacen('5', "\u{665}", 1)),
        ("5000-digit integer", |l| {
            l.replacen('5', &"9".repeat(5000), 1)
        }),
        ("full-width main", |l| {
            l.replacen("main(", "\u{ff4d}\u{ff41}\u{ff49}\u{ff4e}(", 1)
        }),
        ("Cyrillic o in the module", |l| {
            l.replacen("multiprocessing", "multipr\u{43e}cessing", 1)
        }),
        ("second call", |l| format!("{l}(0)")),
        ("lambda argument", |l| {
            l.replacen('5', &format!("(lambda: {OPEN})()"), 1)
        }),
        ("f-string argument", |l| {
            l.replacen('5', &format!("f'{{{OPEN}}}'"), 1)
        }),
        ("walrus", |l| l.replacen('5', &format!("(x := {OPEN})"), 1)),
        ("tab instead of a space", |l| l.replacen(' ', "\t", 1)),
        ("star arguments", |l| l.replacen('5', "*[5]", 1)),
        ("attribute access", |l| {
            l.replacen('5', "__builtins__.len('x')", 1)
        }),
        ("semicolon doubled", |l| l.replacen(';', ";;", 1)),
    ];
    let mut out = Vec::new();
    for (entry, line, after) in entries() {
        for (what, mutate) in &mutations {
            let mut argv = vec![os("-c"), os(&mutate(&line))];
            argv.extend(after.iter().cloned());
            out.push(case("grammar", P, format!("{entry}: {what}"), argv));
        }
    }
    out
}

/// The shape of argv: glued, split, extra, missing.
pub fn shape() -> Vec<Case> {
    const P: &str = "a child is exactly one of the argv forms CPython writes; anything else is refused before an interpreter starts";
    let rt = format!("{RT}5)");
    let spawn = format!("{SPAWN}tracker_fd=5, pipe_handle=7)");
    let lines: Vec<(&str, Vec<OsString>)> = vec![
        ("-c glued to its code", vec![os(&format!("-c{rt}"))]),
        ("-c glued after a flag", vec![os("-Bc"), os(&rt)]),
        ("-c without code", vec![os("-c")]),
        (
            "code split across two arguments",
            vec![os("-c"), os(RT), os("5)")],
        ),
        (
            "tracker with a trailing argument",
            vec![os("-c"), os(&rt), os("x")],
        ),
        (
            "tracker with the spawn flag",
            vec![os("-c"), os(&rt), os(FORK)],
        ),
        ("spawn without its flag", vec![os("-c"), os(&spawn)]),
        (
            "spawn with two flags",
            vec![os("-c"), os(&spawn), os(FORK), os(FORK)],
        ),
        (
            "spawn with an extra argument",
            vec![os("-c"), os(&spawn), os(FORK), os("x")],
        ),
        (
            "flags before the frozen flag",
            vec![os("-O"), os(FORK), os("tracker_fd=5"), os("pipe_handle=7")],
        ),
        ("frozen flag alone", vec![os(FORK)]),
        ("frozen with one value", vec![os(FORK), os("tracker_fd=5")]),
        (
            "frozen with three values",
            vec![os(FORK), os("tracker_fd=5"), os("pipe_handle=7"), os("x=1")],
        ),
        (
            "frozen values swapped",
            vec![os(FORK), os("pipe_handle=7"), os("tracker_fd=5")],
        ),
        (
            "frozen unknown name",
            vec![os(FORK), os("evil=5"), os("pipe_handle=7")],
        ),
        (
            "frozen expression value",
            vec![
                os(FORK),
                os(&format!("tracker_fd={TOUCH}")),
                os("pipe_handle=7"),
            ],
        ),
        (
            "frozen string value",
            vec![os(FORK), os("tracker_fd='5'"), os("pipe_handle=7")],
        ),
        (
            "frozen negative fd",
            vec![os(FORK), os("tracker_fd=-1"), os("pipe_handle=7")],
        ),
        (
            "frozen huge fd",
            vec![
                os(FORK),
                os(&format!("tracker_fd={}", "9".repeat(400))),
                os("pipe_handle=7"),
            ],
        ),
        (
            "frozen value with spaces",
            vec![os(FORK), os("tracker_fd= 5"), os("pipe_handle=7")],
        ),
        (
            "frozen name=value split",
            vec![os(FORK), os("tracker_fd"), os("=5"), os("pipe_handle=7")],
        ),
        (
            "frozen bare handle (loky, Windows)",
            vec![os(FORK), os("5")],
        ),
        (
            "frozen billiard flag",
            vec![
                os("--billiard-fork"),
                os("tracker_fd=5"),
                os("pipe_handle=7"),
            ],
        ),
        (
            "-m with a multiprocessing module",
            vec![os("-m"), os("multiprocessing.resource_tracker")],
        ),
        ("-- then a child line", vec![os("--"), os("-c"), os(&rt)]),
        (
            "code that is only an import",
            vec![os("-c"), os("import os")],
        ),
        (
            "code naming spawn_main only",
            vec![os("-c"), os(&format!("spawn_main(); {OPEN}"))],
        ),
        (
            "entry point as a module path",
            vec![
                os("-c"),
                os(&format!("import multiprocessing.forkserver; {OPEN}")),
            ],
        ),
        (
            "frozen flag after a script",
            vec![os("script.py"), os(FORK)],
        ),
        ("-X swallowing -c", vec![os("-X"), os("-c"), os(&rt)]),
        ("-W swallowing -c", vec![os("-W"), os("-c"), os(&rt)]),
        (
            "non-UTF-8 code",
            vec![os("-c"), bytes(&[RT.as_bytes(), b"5)\xff"].concat())],
        ),
        (
            "non-UTF-8 frozen value",
            vec![os(FORK), bytes(b"tracker_fd=5\xff"), os("pipe_handle=7")],
        ),
        (
            "overlong UTF-8 in code",
            vec![os("-c"), bytes(&[RT.as_bytes(), b"5)\xc0\xbb"].concat())],
        ),
        (
            "bidi control in code",
            vec![os("-c"), os(&format!("{RT}5)\u{202e}"))],
        ),
    ];
    lines
        .into_iter()
        .map(|(what, argv)| case("argv shape", P, what.to_owned(), argv))
        .collect()
}

/// Valid lines whose fds name stdin, a file or a device: refused without
/// their parent's mark, so nothing is read from them.
pub fn fds() -> Vec<Case> {
    const P: &str = "a child its parent did not start reads no fd, file or pickle: without the parent's mark it is refused before anything is read";
    let mut out = Vec::new();
    for fd in ["0", "1", "2", "3", "7", "255", "1048576"] {
        out.push(Case {
            stdin: Some("evil.pkl"),
            ..case(
                "fds",
                P,
                format!("tracker on fd {fd}"),
                vec![os("-c"), os(&format!("{RT}{fd})"))],
            )
        });
        out.push(Case {
            stdin: Some("evil.pkl"),
            ..case(
                "fds",
                P,
                format!("frozen spawn, pipe_handle={fd}"),
                vec![
                    os(FORK),
                    os("tracker_fd=0"),
                    os(&format!("pipe_handle={fd}")),
                ],
            )
        });
        out.push(Case {
            stdin: Some("evil.pkl"),
            ..case(
                "fds",
                P,
                format!("spawn -c, pipe_handle={fd}"),
                vec![
                    os("-c"),
                    os(&format!("{SPAWN}tracker_fd=None, pipe_handle={fd})")),
                    os(FORK),
                ],
            )
        });
        out.push(Case {
            stdin: Some("evil.pkl"),
            ..case(
                "fds",
                P,
                format!("fork server listening on fd {fd}"),
                vec![os("-c"), os(&format!("{FS}{fd}, {fd}, [], **{{}})"))],
            )
        });
    }
    for (what, line) in [
        ("tracker on /dev/urandom (fd 0)", format!("{RT}0)")),
        ("tracker told to unlink names", format!("{RT}0)")),
    ] {
        out.push(Case {
            stdin: Some("unlink.txt"),
            ..case("fds", P, what.to_owned(), vec![os("-c"), os(&line)])
        });
    }
    out
}
