//! Hostile interpreter options, code-bearing values and environments.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use super::corpus::{Case, Expect, FORK, FS, FS_SYS, RT, SPAWN};

fn os(s: &str) -> OsString {
    OsString::from(s)
}

fn refused(
    category: &'static str,
    promise: &'static str,
    name: String,
    argv: Vec<OsString>,
) -> Case {
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

/// Options in front of a valid tracker line: what they name is never
/// imported or run.
pub fn flags() -> Vec<Case> {
    const P: &str = "interpreter options are those CPython writes, from the parent that started the child: a -W category or -X option from argv imports nothing";
    let options: Vec<(&str, Vec<&str>)> = vec![
        (
            "-W category naming a module",
            vec!["-Wignore::evilmod.Warn"],
        ),
        (
            "-W category unittest.__main__",
            vec!["-Wignore::unittest.__main__.X"],
        ),
        (
            "-W error category of a package",
            vec!["-Werror::email.mime.text.X"],
        ),
        ("-W with a module field", vec!["-Wignore:::evilmod:0"]),
        ("bare -W", vec!["-W"]),
        ("-W then a value", vec!["-W", "error"]),
        ("-X pycache_prefix", vec!["-X", "pycache_prefix={D}"]),
        ("-X importtime", vec!["-X", "importtime"]),
        ("-X utf8=7", vec!["-X", "utf8=7"]),
        ("-X tracemalloc=-1", vec!["-X", "tracemalloc=-1"]),
        (
            "-X int_max_str_digits=1",
            vec!["-X", "int_max_str_digits=1"],
        ),
        (
            "-X frozen_modules=maybe",
            vec!["-X", "frozen_modules=maybe"],
        ),
        ("-X gil=2", vec!["-X", "gil=2"]),
        ("-X dev=1", vec!["-X", "dev=1"]),
        ("-X glued", vec!["-Xdev"]),
        ("-X without a value", vec!["-X"]),
        ("-X name with a control character", vec!["-X", "a\u{1b}b"]),
        (
            "-X presite (debug builds run a module)",
            vec!["-X", "presite=evilmod"],
        ),
        ("-i (interactive)", vec!["-i"]),
        ("-m", vec!["-m"]),
        ("-u", vec!["-u"]),
        ("-x (skip first line)", vec!["-x"]),
        ("-h", vec!["-h"]),
        ("-V", vec!["-V"]),
        ("--help", vec!["--help"]),
        (
            "--check-hash-based-pycs",
            vec!["--check-hash-based-pycs", "always"],
        ),
        ("mixed letters -vB", vec!["-vB"]),
        ("letters with c", vec!["-Bc"]),
        ("-B twice", vec!["-B", "-B"]),
        ("-I with -E", vec!["-I", "-E"]),
        ("-P with -I", vec!["-P", "-I"]),
        ("-O then -O", vec!["-O", "-O"]),
        ("-X twice", vec!["-X", "dev", "-X", "dev"]),
        (
            "-E -s -P -B -S (all valid)",
            vec!["-E", "-s", "-P", "-B", "-S"],
        ),
        ("-OO -v -b (all valid)", vec!["-OO", "-v", "-b"]),
        (
            "-X dev -X faulthandler (valid)",
            vec!["-X", "dev", "-X", "faulthandler"],
        ),
        ("-W default (valid)", vec!["-Wdefault"]),
        ("-I -S (valid)", vec!["-I", "-S"]),
    ];
    let mut out = Vec::new();
    for (what, flags) in options {
        for (entry, code, after) in [
            ("tracker", format!("{RT}5)"), vec![]),
            (
                "spawn",
                format!("{SPAWN}tracker_fd=5, pipe_handle=7)"),
                vec![os(FORK)],
            ),
        ] {
            let mut argv: Vec<OsString> = flags.iter().map(|f| os(f)).collect();
            argv.extend([os("-c"), os(&code)]);
            argv.extend(after);
            out.push(refused("flags", P, format!("{entry}: {what}"), argv));
        }
    }
    out
}

/// Fork server lines whose values name code: main_path, preload,
/// sys_path, the trailing parent argv.
pub fn code_bearing() -> Vec<Case> {
    const P: &str = "no path, module or preload list from argv is run or imported: the fork server's values are answered only when the parent wrote them";
    let dicts = [
        ("main_path to a script", "**{'main_path': '{D}/evil.py'}"),
        (
            "main_path to a module file",
            "**{'main_path': '{D}/evilmod.py'}",
        ),
        (
            "main_path and sys_path",
            "**{'main_path': '{D}/evil.py', 'sys_path': ['{D}']}",
        ),
        ("sys_path to the scratch dir", "**{'sys_path': ['{D}']}"),
        ("sys_argv in the dict", "**{'sys_argv': ['{D}/evil.py']}"),
        ("authkey_r on stdin", "**{'authkey_r': 0}"),
        ("on_error exec", "**{'on_error': 'exec'}"),
        ("unknown key", "**{'init': 'evilmod'}"),
        ("empty dict", "**{}"),
    ];
    let preloads = [
        ("preload evilmod", "['evilmod']"),
        ("preload unittest.__main__", "['unittest.__main__']"),
        ("preload __main__", "['__main__']"),
        ("preload a tuple", "('evilmod',)"),
    ];
    let mut out = Vec::new();
    for (pwhat, preload) in preloads {
        for (dwhat, dict) in dicts {
            out.push(refused(
                "code-bearing values",
                P,
                format!("{pwhat}, {dwhat}"),
                vec![os("-c"), os(&format!("{FS}3, 4, {preload}, {dict})"))],
            ));
        }
    }
    for tail in [vec!["{D}/evil.py"], vec!["-c", "{M}"], vec!["--", "x"]] {
        let mut argv = vec![
            os("-c"),
            os(&format!(
                "{FS_SYS}3, 4, ['evilmod'], sys_argv=sys.argv[1:], **{{'main_path': '{{D}}/evil.py'}})"
            )),
        ];
        argv.extend(tail.iter().map(|t| os(t)));
        out.push(refused(
            "code-bearing values",
            P,
            format!("3.13.13+ form with parent argv {tail:?}"),
            argv,
        ));
    }
    out
}

/// Environments an argv-only attacker cannot set, but which must still
/// fail closed: forged marks, broken settings, a hostile launch log.
pub fn environment() -> Vec<Case> {
    const FORGED: &str = "a forged or foreign provenance mark is refused: only the digest of this very command line, set by the parent, lets a child run";
    const SETTINGS: &str = "settings in the environment are data: malformed ones are refused with the reason escaped, never executed";
    const LOG: &str = "the launch log cannot be turned against the host: no symlink followed, no FIFO waited on, no relative path, nothing but a regular file";
    let rt = vec![os("-c"), os(&format!("{RT}5)"))];
    let other = [os("-c"), os(&format!("{RT}6)"))];
    let other_digest = mpconfig_shim::child_env_value(
        &std::iter::once(os("host"))
            .chain(other.iter().cloned())
            .collect::<Vec<_>>(),
        "multiprocessing",
    );
    let mut out = Vec::new();
    let forged: Vec<(&str, OsString)> = vec![
        ("the digest of another line", os(&other_digest)),
        (
            "a random digest",
            os(&format!("v1 {} multiprocessing", "ab".repeat(32))),
        ),
        ("a short digest", os("v1 abcd multiprocessing")),
        ("no digest", os("v1")),
        ("empty", os("")),
        (
            "another version",
            os(&format!("v2 {} multiprocessing", "00".repeat(32))),
        ),
        ("an extra field", os(&format!("{other_digest} x"))),
        ("an escape sequence", os("v1 \u{1b}[2J multiprocessing")),
        (
            "not UTF-8",
            OsString::from_vec(b"v1 \xff\xfe multiprocessing".to_vec()),
        ),
        ("100 KB", os(&"v1 ".repeat(30_000))),
    ];
    for (what, value) in forged {
        for (entry, argv) in [
            ("tracker", rt.clone()),
            (
                "frozen spawn",
                vec![os(FORK), os("tracker_fd=0"), os("pipe_handle=0")],
            ),
        ] {
            out.push(Case {
                env: vec![("MPCONFIG_CHILD", value.clone())],
                stdin: Some("evil.pkl"),
                ..refused(
                    "environment",
                    FORGED,
                    format!("{entry}: mark is {what}"),
                    argv,
                )
            });
        }
    }
    let deep = "[".repeat(10_000);
    let settings: Vec<(&str, &str, &str)> = vec![
        ("MPCONFIG_MULTIPROCESSING", "not JSON", "{not json"),
        (
            "MPCONFIG_MULTIPROCESSING",
            "an escape in a value",
            "{\"start_method\": \"\\u001b[2Jfork\"}",
        ),
        (
            "MPCONFIG_MULTIPROCESSING",
            "an escape in a key",
            "{\"\\u001b[31mkey\": 1}",
        ),
        (
            "MPCONFIG_MULTIPROCESSING",
            "a wrong type",
            "{\"auto_dispatch\": \"yes\"}",
        ),
        ("MPCONFIG_MULTIPROCESSING", "deep nesting", &deep),
        ("MPCONFIG_MULTIPROCESSING", "an array", "[]"),
        (
            "MPCONFIG_MULTIPROCESSING",
            "a code-looking executable",
            "{\"executable\": \"__import__('os')\", \"auto_dispatch\": false}",
        ),
        ("MPCONFIG_INTERPRETER", "not JSON", "{"),
        (
            "MPCONFIG_INTERPRETER",
            "an escape in a key",
            "{\"\\u001b]0;title\\u0007\": true}",
        ),
        ("MPCONFIG_INTERPRETER", "a wrong type", "{\"site\": \"no\"}"),
    ];
    for (var, what, value) in settings {
        out.push(Case {
            env: vec![(var, os(value))],
            ..refused(
                "environment",
                SETTINGS,
                format!("{var} holds {what}"),
                rt.clone(),
            )
        });
    }
    for (what, value) in [
        ("a relative path", "launches.log"),
        ("a symlink to a file", "{D}/log-link"),
        ("a FIFO without a reader", "{D}/log-fifo"),
        ("a directory", "{D}"),
        ("/dev/full", "/dev/full"),
        ("a path under a file", "{D}/evil.py/log"),
    ] {
        out.push(Case {
            env: vec![("MPCONFIG_LOG", os(value))],
            expect: Expect::Runs,
            ..refused(
                "environment",
                LOG,
                format!("MPCONFIG_LOG is {what}"),
                vec![os("explain"), os("MP001")],
            )
        });
        out.push(Case {
            env: vec![("MPCONFIG_LOG", os(value))],
            ..refused(
                "environment",
                LOG,
                format!("MPCONFIG_LOG is {what}, refused child"),
                rt.clone(),
            )
        });
    }
    out
}
