//! The bootstrap engine (`bootstrap::engine`, what an embedding host runs)
//! does what the rendered bootstrap does, for every kind of setting, on
//! every CPython on the machine: each config's rendered bootstrap and the
//! engine with its `engine::settings` run in turn in one interpreter (the
//! state reset in between, multiprocessing imported first so every hook
//! applies at once), also with `sys.platform` faked as Windows, and leave
//! the same default start method, executable, forkserver preload (and,
//! with a `set_forkserver_preload` that takes `on_error` as 3.15's does,
//! the same calls),
//! `sys.frozen`, `fork_exec` wrapper and pending hooks, or raise the same
//! error; a sample also runs the on-import path in fresh interpreters and
//! compares the provenance mark a child gets.

#![cfg(unix)]

mod bootstrap_support;

use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use mpconfig_core::bootstrap::{BootstrapOptions, engine, render};
use mpconfig_core::{Apply, Executable, Family, MultiprocessingConfig, OnError, StartMethod};
use serde_json::{Value, json};

use bootstrap_support::{Interpreter, TempDir, interpreters_or_skip, run_with_timeout};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/bootstrap_fixtures/engine.py"
);

fn executables() -> Vec<Executable> {
    use std::ffi::OsStr;
    vec![
        Executable::Host,
        Executable::Python,
        Executable::Path("/opt/app/bin/python3".into()),
        Executable::Path(PathBuf::from(OsStr::from_bytes(
            b"/tmp/py th'o\"n\\ \n\xff\xfe-x",
        ))),
    ]
}

fn configs() -> Vec<MultiprocessingConfig> {
    let families = [
        Family::ALL.to_vec(),
        vec![Family::Multiprocessing],
        vec![Family::Loky, Family::Billiard],
    ];
    let mut out = Vec::new();
    for start_method in StartMethod::ALL {
        for sys_frozen in [true, false] {
            for executable in executables() {
                for (preload, on_error) in [
                    (vec![], OnError::Ignore),
                    (
                        vec!["numpy".to_owned(), "app.models".to_owned()],
                        OnError::Ignore,
                    ),
                    (vec!["numpy".to_owned()], OnError::Warn),
                    (vec!["app".to_owned()], OnError::Fail),
                ] {
                    for families in &families {
                        for apply in Apply::ALL {
                            out.push(MultiprocessingConfig {
                                start_method,
                                sys_frozen,
                                executable: executable.clone(),
                                forkserver_preload: preload.clone(),
                                forkserver_preload_on_error: on_error,
                                apply,
                                families: families.clone(),
                                ..Default::default()
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One case: `platform` "win32" fakes Windows; `preload_api` "3.15" gives
/// multiprocessing.forkserver a `set_forkserver_preload` that takes
/// `on_error` (and records its calls), as CPython 3.15's does.
fn case(mp: &MultiprocessingConfig, platform: &str, preload_api: &str, child: bool) -> Value {
    let s = engine::settings(mp);
    json!({
        "label": format!("{platform} {mp:?}"),
        "rendered": render(mp, &BootstrapOptions::new().origin("engine test")),
        "args": [s.start_method, s.sys_frozen, s.executable_kind, Value::Null,
                 s.forkserver_preload, s.forkserver_preload_on_error, s.packages, s.startup],
        "executable_hex": s.executable.map(|p| hex(p.as_os_str().as_bytes())),
        "platform": platform,
        "preload_api": preload_api,
        "child": child,
    })
}

fn run(interp: &Interpreter, dir: &TempDir, name: &str, payload: &Value) -> Result<Value, String> {
    let data = dir.path().join(name);
    std::fs::write(&data, serde_json::to_vec(payload).unwrap()).unwrap();
    let mut cmd = Command::new(&interp.exe);
    cmd.arg("-I").arg(FIXTURE).arg(&data);
    let run =
        run_with_timeout(cmd, Some(dir.path()), Duration::from_secs(300)).expect("run python");
    if !run.status.success() {
        return Err(format!("exit {:?}\n{}", run.status, run.stderr_tail()));
    }
    let out = run.stdout_str();
    serde_json::from_str(out.trim().lines().last().unwrap_or(""))
        .map_err(|e| format!("bad output {e}: {out}"))
}

#[test]
fn the_engine_does_what_the_rendered_bootstrap_does() {
    let interpreters = interpreters_or_skip("bootstrap_engine");
    let configs = configs();
    let mut cases = Vec::new();
    for (i, mp) in configs.iter().enumerate() {
        for platform in ["linux", "win32"] {
            cases.push(case(
                mp,
                platform,
                "native",
                platform == "linux" && i % 97 == 0,
            ));
        }
        if !mp.forkserver_preload.is_empty() {
            cases.push(case(mp, "linux", "3.15", false));
        }
    }
    let parts: serde_json::Map<String, Value> = engine::parts()
        .into_iter()
        .map(|p| {
            (
                p.name.to_owned(),
                json!({"source": p.source, "file": p.file}),
            )
        })
        .collect();
    let batch = json!({
        "parts": parts,
        "fresh": false,
        "cases": cases,
    });
    // The on-import path, in fresh interpreters: a sample of on-import
    // configs that hook multiprocessing.
    let fresh: Vec<Value> = configs
        .iter()
        .filter(|mp| mp.apply == Apply::OnImport && mp.families.contains(&Family::Multiprocessing))
        .step_by(37)
        .map(|mp| case(mp, "linux", "native", true))
        .collect();
    assert!(fresh.len() >= 4, "{}", fresh.len());

    let dir = TempDir::new("mpconfig-engine");
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = interpreters
            .iter()
            .map(|interp| {
                let (dir, batch, fresh) = (&dir, &batch, &fresh);
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    let tag = interp.label().replace(['/', ' '], "_");
                    match run(interp, dir, &format!("batch-{tag}.json"), batch) {
                        Ok(v) => {
                            assert_eq!(v["checked"], cases_len(batch), "{}", interp.label());
                            for m in v["mismatches"].as_array().unwrap() {
                                failures.push(format!("{}: {m:#}", interp.label()));
                            }
                        }
                        Err(e) => failures.push(format!("{}: {e}", interp.label())),
                    }
                    for (i, case) in fresh.iter().enumerate() {
                        let mut outcomes = Vec::new();
                        for which in ["rendered", "engine"] {
                            let payload = json!({
                                "parts": batch["parts"],
                                "fresh": true, "which": which, "cases": [case],
                            });
                            outcomes.push(run(
                                interp,
                                dir,
                                &format!("fresh-{tag}-{i}-{which}.json"),
                                &payload,
                            ));
                        }
                        if outcomes[0] != outcomes[1] || outcomes[0].is_err() {
                            failures.push(format!(
                                "{} fresh {}: rendered {:?}\nengine {:?}",
                                interp.label(),
                                case["label"],
                                outcomes[0],
                                outcomes[1]
                            ));
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn cases_len(batch: &Value) -> usize {
    batch["cases"].as_array().map_or(0, Vec::len)
}
