//! `bootstrap_matrix`'s worker-free case (a module of that test): every
//! import form, running twice, already imported, errors, escaping, and the
//! families' hooks, checked by `bootstrap_fixtures/misc.py` against a set of
//! rendered bootstraps.

use std::fs;

use mpconfig_core::bootstrap::{BootstrapOptions, render};
use mpconfig_core::{Apply, Executable, MultiprocessingConfig, StartMethod};
use serde_json::{Value, json};

use super::bootstrap_support::{Interpreter, run_with_timeout};
use super::{CHILD_TIMEOUT, Env, FIXTURES, families, hex, python};

/// Runs `misc.py` on `interp`; returns the failures (empty = pass).
pub(super) fn run_misc(env: &Env<'_>, index: usize, interp: &Interpreter) -> Vec<String> {
    let dir = env.dir.join(format!("misc{index}"));
    fs::create_dir_all(&dir).unwrap();
    let hostile_exe = "/opt/it's \"odd\"\\\n\u{0}\u{e9}\u{2028}/python";
    let hostile_preload = vec![
        "x')\nimport os; os.system('echo pwned')\n#".to_owned(),
        "\u{1f600}\\N{BULLET}".to_owned(),
    ];
    let base = MultiprocessingConfig {
        sys_frozen: false,
        families: families(false),
        ..Default::default()
    };
    let boots: Vec<(&str, MultiprocessingConfig)> = vec![
        (
            "fork_on_import",
            MultiprocessingConfig {
                start_method: StartMethod::Fork,
                sys_frozen: true,
                ..base.clone()
            },
        ),
        (
            "forkserver_startup",
            MultiprocessingConfig {
                start_method: StartMethod::Forkserver,
                apply: Apply::Startup,
                sys_frozen: true,
                ..base.clone()
            },
        ),
        (
            "spawn_on_import_python",
            MultiprocessingConfig {
                start_method: StartMethod::Spawn,
                executable: Executable::Python,
                ..base.clone()
            },
        ),
        (
            "forkserver_on_import",
            MultiprocessingConfig {
                start_method: StartMethod::Forkserver,
                ..base.clone()
            },
        ),
        (
            "fork_on_import_frozen",
            MultiprocessingConfig {
                start_method: StartMethod::Fork,
                sys_frozen: true,
                ..base.clone()
            },
        ),
        (
            "spawn_startup",
            MultiprocessingConfig {
                start_method: StartMethod::Spawn,
                apply: Apply::Startup,
                ..base.clone()
            },
        ),
        (
            "hostile",
            MultiprocessingConfig {
                start_method: StartMethod::Spawn,
                executable: Executable::Path(hostile_exe.into()),
                forkserver_preload: hostile_preload.clone(),
                ..base.clone()
            },
        ),
        (
            "host_on_import",
            MultiprocessingConfig {
                start_method: StartMethod::Fork,
                ..base.clone()
            },
        ),
        (
            "all_families",
            MultiprocessingConfig {
                start_method: StartMethod::Spawn,
                families: families(true),
                ..base.clone()
            },
        ),
    ];
    let mut files = serde_json::Map::new();
    for (name, mp) in &boots {
        let path = dir.join(format!("{name}.py"));
        fs::write(&path, render(mp, &BootstrapOptions::new().origin(name))).unwrap();
        files.insert((*name).to_owned(), json!(path.to_str().unwrap()));
    }
    let config = json!({
        "boots": files,
        "hostile_exe": hex(hostile_exe.as_bytes()),
        "hostile_preload": hostile_preload,
    });
    let mut cmd = python(interp, &dir);
    cmd.arg(format!("{FIXTURES}/misc.py"))
        .env("MPCONFIG_MISC", config.to_string());
    let run = match run_with_timeout(cmd, Some(&dir), CHILD_TIMEOUT) {
        Ok(r) => r,
        Err(e) => return vec![e.to_string()],
    };
    let stdout = run.stdout_str();
    let Some(line) = stdout.lines().find_map(|l| l.strip_prefix("MISC-RESULT ")) else {
        return vec![format!(
            "misc: exit {:?}\n{stdout}\n{}",
            run.status,
            run.stderr_tail()
        )];
    };
    let result: Value = serde_json::from_str(line).unwrap();
    let failures: Vec<String> = result["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_owned())
        .collect();
    if failures.is_empty() && result["passed"].as_array().map_or(0, Vec::len) < 60 {
        return vec![format!("misc: too few checks ran: {}", result["passed"])];
    }
    failures
}
