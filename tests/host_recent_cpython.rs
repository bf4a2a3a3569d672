//! What CPython 3.14.10+ and 3.15 changed at run time, in the host as under
//! the interpreter it embeds (CI runs this file on Debian's 3.14 and 3.15 in
//! the root `.ci/sid.sh` makes; on older interpreters each test checks
//! what still applies and says what it skipped):
//!
//! * gh-155717 (3.14.10+): the default start method is forkserver only when
//!   a writable temporary directory exists, else spawn. With
//!   `start_method = "none"` and no writable temp dir the host must answer
//!   spawn workers, with and without `sys.frozen`.
//! * 3.15's `set_forkserver_preload(names, on_error=...)`: `'on_error'`
//!   joins the fork server's keyword dict when it is not `'ignore'`; the
//!   host passes it through, so the fork server warns or fails as under
//!   python.

mod host_support;

use std::path::PathBuf;
use std::process::Command;

use host_support::{Outcome, Scratch, build_python, config_file, host_run, script};
use serde_json::Value;

/// The real interpreter binary the host embeds, and its version.
fn python() -> (PathBuf, (u32, u32, u32)) {
    let out = Command::new(build_python())
        .args([
            "-c",
            "import sys; print(sys.executable); print(*sys.version_info[:3])",
        ])
        .output()
        .expect("run python");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let exe = PathBuf::from(lines.next().expect("sys.executable"));
    let v: Vec<u32> = lines
        .next()
        .expect("version")
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    (exe, (v[0], v[1], v[2]))
}

/// Runs the command given after it in a private mount namespace where no
/// temporary directory is writable: `/tmp`, `/var/tmp` and `/usr/tmp`
/// read-only, `TMPDIR`/`TEMP`/`TMP` unset, the working directory `/tmp`
/// (tempfile's last candidate). The harness's own directory (that of
/// `MPCONFIG_LOG`) stays writable for the launch log.
const READ_ONLY_TEMP: &str = r#"set -eu
keep=$(dirname "$MPCONFIG_LOG")
for d in /tmp /var/tmp /usr/tmp; do
	[ -d "$d" ] || continue
	mount --bind "$d" "$d"
	mount -o remount,bind,ro "$d"
done
mount --bind "$keep" "$keep"
mount -o remount,bind,rw "$keep"
unset TMPDIR TEMP TMP
cd /tmp
exec "$@"
"#;

/// `unshare … sh -c READ_ONLY_TEMP sh ARGS…` as the argv of a run.
fn without_temp(args: Vec<String>) -> Vec<String> {
    let mut argv: Vec<String> = [
        "--mount",
        "--propagation",
        "private",
        "--",
        "sh",
        "-c",
        READ_ONLY_TEMP,
        "sh",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    argv.extend(args);
    argv
}

/// Whether this process may make a mount namespace: as root it must (a
/// failure is the test's), otherwise the test is skipped.
fn can_unshare() -> bool {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return false;
    }
    let out = Command::new("unshare")
        .args(["--mount", "--propagation", "private", "true"])
        .output()
        .expect("run unshare (util-linux)");
    assert!(
        out.status.success(),
        "root cannot make a private mount namespace: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

fn json(out: &Outcome, who: &str) -> Value {
    assert_eq!(out.code(), Some(0), "{who}\n{}", out.describe());
    serde_json::from_str(out.stdout.trim())
        .unwrap_or_else(|e| panic!("{who}: {e}\n{}", out.describe()))
}

#[test]
fn without_a_writable_temp_dir_none_is_what_python_chooses() {
    if !can_unshare() {
        eprintln!("note: not root, so no mount namespace to take the temp dirs away: skipped");
        return;
    }
    let (exe, version) = python();
    let exe = exe.display().to_string();
    let host = host_support::host_bin().display().to_string();
    let dir = Scratch::new("no-temp");

    // The wrapper really leaves python without a temp dir.
    let probe = host_run(without_temp(vec![
        exe.clone(),
        "-c".into(),
        "import tempfile; tempfile.gettempdir()".into(),
    ]))
    .program("unshare")
    .run();
    assert_eq!(probe.code(), Some(1), "{}", probe.describe());
    assert!(
        probe.stderr.contains("No usable temporary directory"),
        "{}",
        probe.describe()
    );

    // With a temp dir: forkserver from 3.14, fork before.
    let with_temp = host_run([script("default_method.py")]).program(&exe).run();
    let with_temp = json(&with_temp, "python, temp dir writable");
    let want_default = if version >= (3, 14, 0) {
        "forkserver"
    } else {
        "fork"
    };
    assert_eq!(with_temp["method"], want_default, "{with_temp}");

    // Without: python's choice (spawn from 3.14.10, gh-155717) is the host's.
    let py = host_run(without_temp(vec![exe, script("default_method.py")]))
        .program("unshare")
        .run();
    py.assert_clean(8);
    let py = json(&py, "python, no temp dir");
    let want = if version >= (3, 14, 10) {
        "spawn"
    } else {
        want_default
    };
    assert_eq!(py["method"], want, "python {version:?}: {py}");
    assert_eq!(py["pool"], serde_json::json!([1, 2, 3]), "{py}");
    for frozen in [true, false] {
        let cfg = config_file(
            &dir,
            &format!("none-{frozen}.toml"),
            &[
                "start_method = \"none\"".to_owned(),
                format!("sys_frozen = {frozen}"),
            ],
        );
        let out = host_run(without_temp(vec![
            host.clone(),
            "run".into(),
            "--config".into(),
            cfg.display().to_string(),
            script("default_method.py"),
        ]))
        .program("unshare")
        .run();
        let label = format!("host, no temp dir, sys_frozen = {frozen}");
        out.assert_clean(8);
        assert_eq!(json(&out, &label), py, "{label}\n{}", out.describe());
        if want == "spawn" {
            let form = if frozen {
                "SpawnFrozenPosix"
            } else {
                "SpawnPosix"
            };
            assert_eq!(
                out.launch_counts().get(form),
                Some(&2),
                "{label}\n{}",
                out.describe()
            );
        }
    }
}

#[test]
fn forkserver_preload_on_error_reaches_the_fork_server() {
    let (exe, version) = python();
    if version < (3, 15, 0) {
        eprintln!(
            "note: CPython {version:?} has no set_forkserver_preload(on_error=...) (3.15+): skipped"
        );
        return;
    }
    let missing = "No module named 'mpconfig_no_such_module'";
    for on_error in ["ignore", "warn", "fail"] {
        let args = [script("forkserver_preload_call.py"), on_error.to_owned()];
        let py = host_run(args.clone()).program(&exe).run();
        let out = host_run(["run".to_owned()].into_iter().chain(args)).run();
        let label = format!("on_error={on_error}");
        for (o, who) in [(&py, "python"), (&out, "host")] {
            o.assert_clean(8);
            let warned = o.stderr.contains(&format!(
                "ImportWarning: Failed to preload module 'mpconfig_no_such_module': {missing}"
            ));
            match on_error {
                "ignore" | "warn" => {
                    assert_eq!(o.code(), Some(0), "{label} {who}\n{}", o.describe());
                    assert_eq!(o.stdout, "[1, 2, 3]\n", "{label} {who}");
                    assert_eq!(
                        warned,
                        on_error == "warn",
                        "{label} {who}\n{}",
                        o.describe()
                    );
                    assert!(
                        !o.stderr.contains("Traceback"),
                        "{label} {who}\n{}",
                        o.describe()
                    );
                }
                _ => {
                    // The fork server raises while preloading; the parent's
                    // first start finds it gone.
                    assert_eq!(o.code(), Some(1), "{label} {who}\n{}", o.describe());
                    assert_eq!(o.stdout, "", "{label} {who}");
                    assert!(
                        o.stderr
                            .contains(&format!("ModuleNotFoundError: {missing}"))
                            && o.stderr.contains(
                                "Forkserver process may have crashed during module preloading"
                            ),
                        "{label} {who}\n{}",
                        o.describe()
                    );
                }
            }
        }
        let servers = out.starts_of("Forkserver");
        assert_eq!(servers, 1, "{label}\n{}", out.describe());
    }
}
