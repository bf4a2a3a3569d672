//! No relaunch loop: a child the host would refuse is one a pool starts
//! again and again. Lines CPython writes for what a parent's environment
//! holds (a tab or a byte that is not UTF-8 in PYTHONWARNINGS,
//! PYTHONOPTIMIZE=40) are accepted, as python3 accepts them; a line the
//! host must refuse (a `-X` value CPython stops at, a bare `-W`) is refused
//! in the parent, before the child is started: the pool fails at once with
//! the reason. Starts are counted through MPCONFIG_LOG.

mod host_support;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use host_support::{Scratch, build_python, config_file, host_run, script};

const SQUARES: &str = "[0, 1, 4, 9, 16, 25, 36, 49]";

#[test]
fn environments_that_once_looped_finish_as_under_python() {
    let dir = Scratch::new("relaunch");
    let cfg = config_file(
        &dir,
        "spawn.toml",
        &[
            "start_method = \"spawn\"".into(),
            "sys_frozen = false".into(),
        ],
    );
    let cases: Vec<(&str, &str, OsString)> = vec![
        (
            "tab in a warning",
            "PYTHONWARNINGS",
            OsString::from("ignore:some\tmessage"),
        ),
        (
            "byte not UTF-8 in a warning",
            "PYTHONWARNINGS",
            OsString::from_vec(b"ignore:caf\xe9".to_vec()),
        ),
        ("PYTHONOPTIMIZE=40", "PYTHONOPTIMIZE", OsString::from("40")),
        (
            "PYTHONVERBOSE=0 and -W default",
            "PYTHONWARNINGS",
            OsString::from("default"),
        ),
    ];
    for (what, var, value) in cases {
        let out = host_run([
            "run".into(),
            "--config".into(),
            cfg.display().to_string(),
            script("relaunch.py"),
            "none".into(),
        ])
        .env(var, &value)
        .run();
        let python = std::process::Command::new(build_python())
            .args([&script("relaunch.py"), "none"])
            .env(var, &value)
            .output()
            .expect("run python");
        assert_eq!(
            String::from_utf8_lossy(&python.stdout).trim(),
            SQUARES,
            "python, {what}"
        );
        assert_eq!(out.code(), Some(0), "{what}\n{}", out.describe());
        assert_eq!(out.stdout.trim(), SQUARES, "{what}\n{}", out.describe());
        let refused = out
            .launches
            .iter()
            .filter(|l| {
                l.what != "main" && !l.what.starts_with("Spawn") && l.what != "ResourceTracker"
            })
            .count();
        assert_eq!(refused, 0, "{what}\n{}", out.describe());
        out.assert_clean(4);
    }
}

#[test]
fn a_child_the_host_would_refuse_is_refused_in_the_parent() {
    for (how, reason) in [
        ("utf8=7", "invalid -X utf8 option value"),
        ("bare-W", "-W without its value"),
    ] {
        let out = host_run(["run", &script("relaunch.py"), how]).run();
        assert_eq!(out.code(), Some(3), "{how}\n{}", out.describe());
        assert!(
            out.stdout.contains("pool failed: RuntimeError") && out.stdout.contains(reason),
            "{how}\n{}",
            out.describe()
        );
        // Only the host itself started: no worker was exec'd, none relaunched.
        let kinds: Vec<&str> = out.launches.iter().map(|l| l.what.as_str()).collect();
        assert_eq!(kinds, ["main"], "{how}\n{}", out.describe());
        out.assert_clean(1);
    }
}

/// Provenance holds when the program clears `os.environ`, sets the
/// executable again, or starts a pool inside a spawn worker: every child
/// is marked by the process that starts it.
#[test]
fn children_keep_working_when_the_program_changes_their_world() {
    let out = host_run(["run", &script("nested.py")]).run();
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    assert_eq!(out.stdout.trim(), "[5, 14]", "{}", out.describe());
    let unverified = out
        .launches
        .iter()
        .filter(|l| l.what == "unverified" || l.what == "rejected")
        .count();
    assert_eq!(unverified, 0, "{}", out.describe());
    out.assert_clean(12);
}

/// A refusal ends with status 2 whatever stderr is (full, closed), and
/// quotes a hostile program name escaped.
#[test]
fn refusals_survive_a_broken_stderr_and_escape_argv0() {
    use std::os::unix::process::CommandExt;
    let code = "from multiprocessing.resource_tracker import main;main(5); import os";
    for stderr in ["/dev/full", "closed"] {
        let mut cmd = std::process::Command::new(host_support::host_bin());
        cmd.args(["-c", code]).stdin(std::process::Stdio::null());
        if stderr == "closed" {
            // SAFETY: closing fd 2 in the child before exec.
            unsafe {
                cmd.pre_exec(|| {
                    libc::close(2);
                    Ok(())
                });
            }
        } else {
            cmd.stderr(std::fs::File::create(stderr).expect("/dev/full"));
        }
        let status = cmd.status().expect("run");
        assert_eq!(status.code(), Some(2), "stderr {stderr}");
    }
    let out = std::process::Command::new(host_support::host_bin())
        .arg0("evil\u{1b}[2Jname")
        .args(["-c", code])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}') && stderr.contains("\\u{1b}"),
        "{stderr}"
    );
}
