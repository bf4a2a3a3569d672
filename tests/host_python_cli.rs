//! `[interpreter] python_cli`: a start of the host binary that is not a
//! multiprocessing child runs as `python` would run it — when the setting
//! is on, and only then.

mod host_support;

use host_support::{Scratch, host_run, script};
use mpconfig_test_support::host_run::HostRun;

/// The cases of `python_cli.py`, by name: (status, stdout, stderr).
fn cases(stdout: &str) -> Vec<(String, serde_json::Value)> {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| (v["case"].as_str().unwrap_or_default().to_owned(), v))
        .collect()
}

#[test]
fn every_kind_of_command_line_runs_as_under_python3() {
    let dir = Scratch::new("python-cli");
    let py_dir = dir.path().join("python3");
    let host_dir = dir.path().join("host");
    std::fs::create_dir_all(&py_dir).unwrap();
    std::fs::create_dir_all(&host_dir).unwrap();
    let python = HostRun::new(
        host_support::build_python(),
        [script("python_cli.py"), py_dir.display().to_string()],
    )
    .run();
    let host = host_run([
        "run".to_owned(),
        "--python-cli".into(),
        script("python_cli.py"),
        host_dir.display().to_string(),
    ])
    .run();
    assert_eq!(python.code(), Some(0), "{}", python.describe());
    assert_eq!(host.code(), Some(0), "{}", host.describe());
    let expected = cases(&python.stdout);
    let got = cases(&host.stdout);
    assert_eq!(expected.len(), 21, "{}", python.describe());
    let normalise = |v: &serde_json::Value| {
        let text = v.to_string();
        text.replace(&host_dir.display().to_string(), "<DIR>")
            .replace(&py_dir.display().to_string(), "<DIR>")
    };
    for ((name, want), (_, have)) in expected.iter().zip(&got) {
        assert_eq!(
            normalise(have),
            normalise(want),
            "case {name:?}: host ≠ python3\n{}",
            host.describe()
        );
    }
    assert_eq!(got.len(), expected.len(), "{}", host.describe());
    // Each general command line was a start of the binary run as python;
    // the pools' children were answered as children, spawn workers with
    // python's `-c` line (no sys.frozen in a python_cli process).
    let counts = host.launch_counts();
    assert!(
        counts.get("python").copied().unwrap_or(0) >= 20,
        "{counts:?}\n{}",
        host.describe()
    );
    for form in ["SpawnPosix", "ForkserverKwargs", "ResourceTracker"] {
        assert!(
            counts.keys().any(|k| k.starts_with(form)),
            "{form} missing: {counts:?}"
        );
    }
    for word in ["SpawnFrozenPosix", "rejected", "refused", "unverified"] {
        assert!(!counts.contains_key(word), "{counts:?}");
    }
    host.assert_clean(60);
}

#[test]
fn off_by_default_every_such_start_is_refused_and_runs_nothing() {
    let dir = Scratch::new("python-cli-off");
    let out = host_run([
        "run".to_owned(),
        script("python_cli.py"),
        dir.path().display().to_string(),
    ])
    .run();
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    let cases = cases(&out.stdout);
    assert_eq!(cases.len(), 21, "{}", out.describe());
    for (name, case) in cases {
        if name == "version" {
            // `--version` is the CLI's own option.
            assert!(
                case["stdout"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("mpconfig "))
            );
            continue;
        }
        // Refused by the child (exit 2, nothing printed), or before it
        // started, by the parent asking the host.
        let refused_in_parent = case["refused"]
            .as_str()
            .is_some_and(|r| r.contains("refusing to run it"));
        assert!(
            refused_in_parent || (case["status"] == 2 && case["stdout"] == ""),
            "case {name:?} ran: {case}"
        );
    }
    assert!(!out.launch_counts().contains_key("python"));
}

#[test]
fn only_a_start_that_carries_the_setting_runs_python() {
    let dir = Scratch::new("python-cli-env");
    let marker = dir.path().join("RAN");
    let code = format!("open({:?}, 'w').write('x')", marker.display().to_string());
    // Started by anyone else (no setting in the environment): the CLI.
    let out = host_run(["-c", &code]).run();
    assert_eq!(out.code(), Some(2), "{}", out.describe());
    assert!(!marker.exists());
    // An environment that carries it turns the start into python's (the
    // README: whoever controls the environment controls the binary).
    for (value, runs) in [
        (r#"{"python_cli": true}"#, true),
        (r#"{"python_cli": false}"#, false),
        (r#"{"python_cli": "yes"}"#, false),
        (r#"{"python_cli": true"#, false),
    ] {
        let out = host_run(["-c", &code])
            .env("MPCONFIG_INTERPRETER", value)
            .run();
        assert_eq!(
            (out.code(), marker.exists()),
            (if runs { Some(0) } else { Some(2) }, runs),
            "MPCONFIG_INTERPRETER={value}\n{}",
            out.describe()
        );
        let _ = std::fs::remove_file(&marker);
    }
}

#[test]
fn the_config_key_turns_it_on_and_exports_it() {
    let dir = Scratch::new("python-cli-config");
    let config = dir.write("cli.toml", "[interpreter]\npython_cli = true\n");
    let probe = dir.write(
        "probe.py",
        r#"import json, os, subprocess, sys
print(json.loads(os.environ['MPCONFIG_INTERPRETER']))
try:
    r = subprocess.run([sys.executable, '-c', 'import sys; print(sys.argv)', 'x'],
                       capture_output=True, text=True)
    print(r.returncode, r.stdout.strip())
except RuntimeError as e:
    print('refused:', e)
"#,
    );
    let out = host_run([
        "run".to_owned(),
        "--config".into(),
        config.display().to_string(),
        probe.display().to_string(),
    ])
    .run();
    assert_eq!(
        out.stdout,
        "{'isolated': False, 'site': True, 'python_cli': True}\n0 ['-c', 'x']\n",
        "{}",
        out.describe()
    );
    out.assert_clean(2);
    // Without the key the variable does not name it at all, and the
    // child is refused before it starts.
    let out = host_run(["run".to_owned(), probe.display().to_string()]).run();
    assert!(
        out.stdout
            .starts_with("{'isolated': False, 'site': True}\nrefused: mpconfig: not a multiprocessing child command line"),
        "{}",
        out.describe()
    );
}
