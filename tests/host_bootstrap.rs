//! How the host applies the bootstrap: with `apply = "on-import"` it sets
//! `sys.frozen` at start-up and runs the bootstrap when multiprocessing is
//! first imported (nothing compiled before); with `apply = "startup"` at
//! once. The finder stays while a family that takes the settings
//! (multiprocess, billiard) is not imported yet, and goes once none is
//! left. Real processes through `mpconfig run`.

mod host_support;

use host_support::{HostRun, Scratch, host_run, script};
use mpconfig::bootstrap::{BootstrapOptions, render};
use mpconfig::{Family, MultiprocessingConfig, StartMethod};
use serde_json::{Value, json};

fn run(args: &[String]) -> Value {
    let out = host_run(args).run();
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    out.assert_clean(3);
    serde_json::from_str(out.stdout.trim()).unwrap_or_else(|e| panic!("{e}\n{}", out.describe()))
}

fn args(config: Option<&std::path::Path>, extra: &[&str]) -> Vec<String> {
    let mut a = vec!["run".to_owned()];
    if let Some(c) = config {
        a.extend(["--config".to_owned(), c.display().to_string()]);
    }
    a.push(script("deferred_bootstrap.py"));
    a.extend(extra.iter().map(|s| (*s).to_owned()));
    a
}

#[test]
fn on_import_sets_frozen_now_and_applies_on_first_import() {
    let v = run(&args(None, &[]));
    assert_eq!(v["before"]["frozen"], true, "{v}");
    assert_eq!(v["before"]["mp_loaded"], false, "{v}");
    assert_eq!(v["before"]["pending"], json!(["LazyBootstrap"]), "{v}");
    assert_eq!(v["method"], "fork", "{v}");
    assert_eq!(v["executable"], true, "{v}");
    // Still waiting for multiprocess and billiard.
    assert_eq!(v["pending"], json!(["MpconfigFinder"]), "{v}");

    let dir = Scratch::new("deferred-unfrozen");
    let cfg = dir.write(
        "c.toml",
        "[multiprocessing]\nstart_method = \"forkserver\"\nsys_frozen = false\nfamilies = [\"multiprocessing\", \"loky\"]\n",
    );
    let v = run(&args(Some(&cfg), &[]));
    assert_eq!(v["before"]["frozen"], Value::Null, "{v}");
    assert_eq!(v["method"], "forkserver", "{v}");
    // Nothing left to wait for: the finder is gone.
    assert_eq!(v["pending"], json!([]), "{v}");
}

/// A bootstrap run by the program before it imports multiprocessing
/// replaces the host's pending one: the last run wins, as documented for
/// the bootstrap itself.
#[test]
fn a_later_bootstrap_replaces_the_pending_one() {
    let dir = Scratch::new("deferred-rerun");
    let spawn = MultiprocessingConfig {
        start_method: StartMethod::Spawn,
        families: vec![Family::Multiprocessing],
        ..Default::default()
    };
    let other = dir.write("other.py", &render(&spawn, &BootstrapOptions::new()));
    let v = run(&args(None, &[&other.display().to_string()]));
    assert_eq!(
        v["before"]["pending_after_rerun"],
        json!(["MpconfigFinder"]),
        "{v}"
    );
    assert_eq!(v["method"], "spawn", "{v}");
    assert_eq!(v["pending"], json!([]), "{v}");
}

#[test]
fn startup_applies_at_once() {
    let dir = Scratch::new("deferred-startup");
    let cfg = dir.write(
        "c.toml",
        "[multiprocessing]\nstart_method = \"forkserver\"\napply = \"startup\"\nfamilies = [\"multiprocessing\"]\n",
    );
    let v = run(&args(Some(&cfg), &[]));
    assert_eq!(v["before"]["mp_loaded"], true, "{v}");
    assert_eq!(v["before"]["pending"], json!([]), "{v}");
    assert_eq!(v["before"]["frozen"], true, "{v}");
    assert_eq!(v["method"], "forkserver", "{v}");
}

/// The host runs the bootstrap engine compiled when it was built, not the
/// rendered bootstrap: for configs that use every setting, what a program
/// sees after importing multiprocessing is what `python3` shows after
/// running `mpconfig bootstrap CONFIG` (the executable compared as "this
/// program's sys.executable" where it is that).
#[test]
fn the_host_applies_what_the_rendered_bootstrap_applies() {
    let dir = Scratch::new("engine-vs-rendered");
    let configs = [
        "",
        "start_method = \"spawn\"\nsys_frozen = false\nexecutable = \"python\"\n",
        "start_method = \"forkserver\"\nexecutable = \"/opt/a b/'q\\\"\u{e9}/python3\"\nforkserver_preload = [\"json\", \"app.models\"]\nfamilies = [\"multiprocessing\", \"billiard\"]\n",
        "start_method = \"none\"\nsys_frozen = false\napply = \"startup\"\n",
        "start_method = \"fork\"\napply = \"startup\"\nfamilies = [\"loky\"]\n",
        "start_method = \"forkserver\"\nforkserver_preload = [\"json\"]\napply = \"startup\"\nfamilies = [\"multiprocessing\"]\n",
    ];
    let probe = script("settings_probe.py");
    for (i, body) in configs.iter().enumerate() {
        let cfg = dir.write(&format!("c{i}.toml"), &format!("[multiprocessing]\n{body}"));
        let rendered = host_run(["bootstrap".to_owned(), cfg.display().to_string()]).run();
        assert_eq!(rendered.code(), Some(0), "{}", rendered.describe());
        let boot = dir.write(&format!("boot{i}.py"), &rendered.stdout);
        let python = HostRun::new(
            host_support::build_python(),
            [probe.clone(), boot.display().to_string()],
        )
        .run();
        assert_eq!(python.code(), Some(0), "{}", python.describe());
        let host = run(&[
            "run".to_owned(),
            "--config".to_owned(),
            cfg.display().to_string(),
            probe.clone(),
        ]);
        let python: Value = serde_json::from_str(python.stdout.trim()).unwrap();
        assert_eq!(host, python, "config {i}:\n{body}");
    }
}

/// In the host the provenance mark's digest comes from the host
/// (`_mpconfig_host.child_digest`, no OpenSSL loaded); it is the digest
/// the bootstrap computes with hashlib elsewhere.
#[test]
fn the_hosts_child_digest_is_the_bootstraps() {
    let v = run(&["run".to_owned(), script("child_digest.py")]);
    assert_eq!(v["compared"], 7, "{v}");
    assert_eq!(v["mismatches"], json!([]), "{v}");
}
