//! The `[interpreter]` table end to end: the host's own interpreter and
//! every kind of child (a spawn worker in both command-line forms, a
//! forkserver child, a fork child, a real interpreter as executable) start
//! isolated (`-I`) and without `site` (`-S`) when the config says so, and as
//! `python` does when it does not. Real processes through `mpconfig run
//! --config`.

mod host_support;

use host_support::{Outcome, Scratch, host_run, marked_child, script};
use serde_json::Value;

/// Runs `interpreter_flags.py` with these config lines and start methods,
/// with `PYTHONPATH` naming a marker directory; returns the JSON report.
fn report(dir: &Scratch, name: &str, config: &str, methods: &[&str]) -> (Outcome, Value) {
    let config = dir.write(name, config);
    let marker = dir.path().join("pythonpath-marker");
    std::fs::create_dir_all(&marker).expect("marker dir");
    let mut args = vec![
        "run".to_owned(),
        "--config".to_owned(),
        config.display().to_string(),
        script("interpreter_flags.py"),
    ];
    args.extend(methods.iter().map(|m| (*m).to_owned()));
    let out = host_run(&args).env("PYTHONPATH", &marker).run();
    assert_eq!(out.code(), Some(0), "{name}\n{}", out.describe());
    let json: Value = serde_json::from_str(out.stdout.trim())
        .unwrap_or_else(|e| panic!("{name}: {e}\n{}", out.describe()));
    (out, json)
}

fn assert_lean(json: &Value, who: &str, label: &str) {
    let r = &json[who];
    assert_eq!(r["isolated"], 1, "{label} {who}: {json}");
    assert_eq!(r["no_site"], 1, "{label} {who}: {json}");
    assert_eq!(r["site_loaded"], false, "{label} {who}: {json}");
    assert_eq!(r["ignore_environment"], 1, "{label} {who}: {json}");
    assert_eq!(r["pythonpath_seen"], false, "{label} {who}: {json}");
}

const LEAN: &str = "[interpreter]\nisolated = true\nsite = false\n";

/// `sys.frozen` spawn workers (`--multiprocessing-fork`: no options on the
/// command line, so the flags come from the exported settings) and the
/// fork server (`-I -S -c …`: from the command line) start isolated and
/// without site, as do their children and fork children.
#[test]
fn frozen_spawn_worker_and_forkserver_child_inherit_isolated_and_no_site() {
    let dir = Scratch::new("interp-frozen");
    let (out, json) = report(&dir, "lean.toml", LEAN, &["spawn", "forkserver", "fork"]);
    for who in ["main", "spawn", "forkserver", "fork"] {
        assert_lean(&json, who, "sys_frozen = true");
    }
    // The script's directory is not sys.path[0], as under `python -I`.
    let script_dir = std::path::Path::new(&script("x"))
        .parent()
        .unwrap()
        .display()
        .to_string();
    assert_ne!(json["path0"], Value::String(script_dir), "{json}");
    let counts = out.launch_counts();
    assert_eq!(
        counts.get("SpawnFrozenPosix"),
        Some(&1),
        "{}",
        out.describe()
    );
    assert_eq!(
        counts
            .get("ForkserverKwargs")
            .or(counts.get("ForkserverSysArgvTrailing"))
            .or(counts.get("ForkserverSysArgvInKwargs")),
        Some(&1),
        "{}",
        out.describe()
    );
    out.assert_clean(10);
}

/// Unfrozen spawn workers get `-I -S -c 'from multiprocessing.spawn …'`.
#[test]
fn unfrozen_spawn_worker_inherits_isolated_and_no_site() {
    let dir = Scratch::new("interp-unfrozen");
    let config = format!("[multiprocessing]\nsys_frozen = false\n{LEAN}");
    let (out, json) = report(&dir, "lean.toml", &config, &["spawn", "forkserver"]);
    for who in ["main", "spawn", "forkserver"] {
        assert_lean(&json, who, "sys_frozen = false");
    }
    assert_eq!(
        out.launch_counts().get("SpawnPosix"),
        Some(&1),
        "{}",
        out.describe()
    );
    out.assert_clean(10);
}

/// With `executable = "python"` the children are the real interpreter,
/// started by multiprocessing with the parent's `-I -S`.
#[test]
fn a_real_interpreter_as_executable_gets_the_flags_too() {
    let dir = Scratch::new("interp-python");
    let config = format!("[multiprocessing]\nsys_frozen = false\nexecutable = \"python\"\n{LEAN}");
    let (out, json) = report(&dir, "lean.toml", &config, &["spawn"]);
    assert_lean(&json, "main", "executable = python");
    assert_lean(&json, "spawn", "executable = python");
    assert_ne!(
        json["spawn"]["executable"], json["main"]["executable"],
        "{json}"
    );
    assert_eq!(
        out.launch_counts().get("main"),
        Some(&1),
        "{}",
        out.describe()
    );
    out.assert_clean(10);
}

/// The defaults start every process as `python SCRIPT` does: site
/// imported, the environment read, the script's directory first.
#[test]
fn defaults_keep_site_environment_and_script_directory() {
    let dir = Scratch::new("interp-default");
    let (out, json) = report(
        &dir,
        "default.toml",
        "[interpreter]\n",
        &["spawn", "forkserver"],
    );
    for who in ["main", "spawn", "forkserver"] {
        let r = &json[who];
        assert_eq!(r["isolated"], 0, "{who}: {json}");
        assert_eq!(r["no_site"], 0, "{who}: {json}");
        assert_eq!(r["site_loaded"], true, "{who}: {json}");
        assert_eq!(r["pythonpath_seen"], true, "{who}: {json}");
    }
    let script_dir = std::path::Path::new(&script("x"))
        .parent()
        .unwrap()
        .display()
        .to_string();
    assert_eq!(json["path0"], Value::String(script_dir), "{json}");
    out.assert_clean(10);
}

/// Each key alone: `site = false` keeps the environment, `isolated = true`
/// keeps site.
#[test]
fn each_key_alone() {
    let dir = Scratch::new("interp-alone");
    let (_, json) = report(
        &dir,
        "nosite.toml",
        "[interpreter]\nsite = false\n",
        &["spawn"],
    );
    for who in ["main", "spawn"] {
        assert_eq!(json[who]["no_site"], 1, "{json}");
        assert_eq!(json[who]["isolated"], 0, "{json}");
        assert_eq!(json[who]["pythonpath_seen"], true, "{json}");
    }
    let (_, json) = report(
        &dir,
        "iso.toml",
        "[interpreter]\nisolated = true\n",
        &["spawn"],
    );
    for who in ["main", "spawn"] {
        assert_eq!(json[who]["isolated"], 1, "{json}");
        assert_eq!(json[who]["no_site"], 0, "{json}");
        assert_eq!(json[who]["site_loaded"], true, "{json}");
        assert_eq!(json[who]["pythonpath_seen"], false, "{json}");
    }
}

/// A child command line's `-S` reaches PyConfig without any exported
/// settings (`-v` shows whether `site` was imported).
#[test]
fn a_child_command_lines_no_site_option_is_applied() {
    let rt = "from multiprocessing.resource_tracker import main;main(0)";
    for (options, want_site) in [(&["-v"][..], true), (&["-S", "-v"][..], false)] {
        let mut argv = options.to_vec();
        argv.extend(["-c", rt]);
        let out = marked_child(&argv).run();
        assert_eq!(out.code(), Some(0), "{options:?}\n{}", out.describe());
        assert_eq!(
            out.stderr.contains("import 'site'"),
            want_site,
            "{options:?}\n{}",
            out.describe()
        );
    }
}

/// Malformed inherited settings are refused, not guessed at.
#[test]
fn malformed_inherited_interpreter_settings_are_refused() {
    let rt = "from multiprocessing.resource_tracker import main;main(0)";
    for value in ["{\"site\": \"no\"}", "{\"sites\": false}", "{"] {
        let out = host_run(["-c", rt])
            .env("MPCONFIG_INTERPRETER", value)
            .run();
        assert_eq!(out.code(), Some(2), "{value}\n{}", out.describe());
        assert!(
            out.stderr
                .contains("MPCONFIG_INTERPRETER holds no valid settings"),
            "{value}\n{}",
            out.describe()
        );
    }
}

/// With `site = false` the host imports no module `python -I -S` does not
/// (`os` in particular, which the host needs no more than python does),
/// and `os.environ` still holds the exported settings once imported.
#[test]
fn a_lean_host_imports_what_python_does() {
    let dir = Scratch::new("interp-modules");
    let config = dir.write("lean.toml", LEAN);
    let out = host_run([
        "run".to_owned(),
        "--config".to_owned(),
        config.display().to_string(),
        script("modules.py"),
    ])
    .run();
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    let host: Value = serde_json::from_str(out.stdout.trim()).expect("JSON");
    let python = std::process::Command::new(host_support::build_python())
        .args(["-I", "-S", &script("modules.py")])
        .output()
        .expect("run python");
    assert!(python.status.success(), "{python:?}");
    let python: Value = serde_json::from_slice(&python.stdout).expect("JSON");
    assert_eq!(host["modules"], python["modules"], "host vs python -I -S");
    assert_eq!(host["exported"], true, "{host}");
}
