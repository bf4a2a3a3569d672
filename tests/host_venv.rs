//! Virtual environments: the host runs in the activated one (`VIRTUAL_ENV`)
//! or the one `[interpreter] venv` names as that venv's own `python` runs:
//! the same `sys.prefix`, the same `sys.path` (its `.pth` files processed,
//! the base site-packages only with `include-system-site-packages`), and
//! its children run in it too. Isolated mode ignores `VIRTUAL_ENV` but not
//! the config key; a venv of another Python, or a path that is no venv, is
//! refused with the reason.

mod host_support;

use std::path::Path;

use host_support::{Scratch, build_python, host_bin, host_run};
use mpconfig_test_support::venv::Venv;
use serde_json::Value;

/// A venv with a `.pth` file that adds a directory holding `pthmod`.
fn venv_with_pth(dir: &Scratch, name: &str, system_site: bool) -> Venv {
    let venv = Venv::create(
        Path::new(&build_python()),
        &dir.path().join(name),
        system_site,
    );
    let extra = dir.path().join(format!("{name}-extra"));
    std::fs::create_dir_all(&extra).expect("extra dir");
    std::fs::write(extra.join("pthmod.py"), "X = 42\n").expect("pthmod");
    std::fs::write(
        venv.site_packages().join("extra.pth"),
        format!("{}\n", extra.display()),
    )
    .expect("extra.pth");
    venv
}

fn probe() -> String {
    host_support::script("venv_probe.py")
}

/// The probe under the venv's own python.
fn under_python(venv: &Venv) -> Value {
    let out = std::process::Command::new(&venv.python)
        .arg(probe())
        .output()
        .expect("run the venv's python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("probe JSON")
}

/// The probe in `mpconfig run ARGS… probe EXTRA…` with `env`.
fn in_host(
    args: &[&str],
    extra: &[&str],
    env: &[(String, String)],
) -> (Option<i32>, Value, String) {
    let mut all: Vec<String> = vec!["run".into()];
    all.extend(args.iter().map(|a| (*a).to_owned()));
    all.push(probe());
    all.extend(extra.iter().map(|a| (*a).to_owned()));
    let mut run = host_run(all);
    for (k, v) in env {
        run = run.env(k, v);
    }
    let out = run.run();
    out.assert_clean(4);
    let value = serde_json::from_str(out.stdout.trim()).unwrap_or(Value::Null);
    (out.code(), value, out.stderr)
}

/// The base interpreter's own site-packages directories, as its `site`
/// names them (`<prefix>/lib/python3.X/site-packages` for a pyenv build;
/// `/usr/local/lib/python3.X/dist-packages`, `/usr/lib/python3/dist-packages`
/// for Debian's).
fn base_site_packages() -> Vec<Value> {
    let out = std::process::Command::new(build_python())
        .args([
            "-c",
            "import json, site; print(json.dumps(site.getsitepackages()))",
        ])
        .output()
        .expect("run python");
    assert!(out.status.success(), "{out:?}");
    let sites: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let sites = sites.as_array().expect("a list").clone();
    assert!(
        !sites.is_empty(),
        "no site-packages for {:?}",
        build_python()
    );
    sites
}

fn without_executable(mut v: Value) -> Value {
    v.as_object_mut().map(|o| o.remove("executable"));
    v
}

#[test]
fn an_activated_venv_is_what_its_python_sees() {
    let dir = Scratch::new("venv");
    for system_site in [false, true] {
        let venv = venv_with_pth(&dir, &format!("v{system_site}"), system_site);
        let python = under_python(&venv);
        let (code, host, stderr) = in_host(&[], &[], &venv.activated_env());
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(host["executable"], host_bin().display().to_string());
        assert_eq!(
            without_executable(host.clone()),
            without_executable(python.clone())
        );
        assert_eq!(host["pth"], 42, "{host}");
        let base_sites = base_site_packages();
        let base_on_path = host["path"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| base_sites.iter().any(|b| p == b));
        assert_eq!(base_on_path, system_site, "{host}\nbase: {base_sites:?}");
    }
}

#[test]
fn without_a_venv_nothing_changes() {
    let (code, host, stderr) = in_host(&[], &[], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(host["prefix"], host["base_prefix"], "{host}");
    assert_eq!(host["pth"], Value::Null);
}

#[test]
fn children_run_in_the_venv() {
    let dir = Scratch::new("venv-children");
    let venv = venv_with_pth(&dir, "v", false);
    let (code, host, stderr) = in_host(&[], &["pool"], &venv.activated_env());
    assert_eq!(code, Some(0), "{stderr}");
    let worker = &host["worker"];
    assert_eq!(worker["prefix"], venv.dir.display().to_string(), "{host}");
    assert_eq!(worker["pth"], 42, "{host}");
}

#[test]
fn the_config_key_is_honoured_even_isolated_and_the_environment_is_not() {
    let dir = Scratch::new("venv-config");
    let venv = venv_with_pth(&dir, "v", false);
    let keyed = dir.write(
        "keyed.toml",
        &format!(
            "[interpreter]\nisolated = true\nvenv = {:?}\n",
            venv.dir.display().to_string()
        ),
    );
    let (code, host, stderr) = in_host(&["--config", keyed.to_str().unwrap()], &[], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(host["prefix"], venv.dir.display().to_string(), "{host}");
    assert_eq!(host["pth"], 42, "{host}");

    let isolated = dir.write("isolated.toml", "[interpreter]\nisolated = true\n");
    let (code, host, stderr) = in_host(
        &["--config", isolated.to_str().unwrap()],
        &[],
        &venv.activated_env(),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        host["prefix"], host["base_prefix"],
        "isolated reads no VIRTUAL_ENV: {host}"
    );
}

#[test]
fn what_is_not_a_venv_of_this_python_is_refused_with_the_reason() {
    let dir = Scratch::new("venv-bad");
    let missing = dir.path().join("nowhere");
    let env = [("VIRTUAL_ENV".to_owned(), missing.display().to_string())];
    let (code, _, stderr) = in_host(&[], &[], &env);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("VIRTUAL_ENV") && stderr.contains("is not a virtual environment"),
        "{stderr}"
    );

    // A venv of another feature version, when the machine has one.
    let out = std::process::Command::new(build_python())
        .args([
            "-c",
            "import sys; print(sys.version_info[0], sys.version_info[1])",
        ])
        .output()
        .expect("run the build interpreter");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text
        .split_whitespace()
        .map(|p| p.parse::<u32>().expect("version"));
    let linked = (parts.next().expect("major"), parts.next().expect("minor"));
    let ours = mpconfig_test_support::python::discover();
    let Some(other) = ours.iter().find(|i| i.version != linked) else {
        println!("no other CPython on this machine: skipped the version check");
        return;
    };
    let venv = Venv::create(&other.exe, &dir.path().join("other"), false);
    let (code, _, stderr) = in_host(&[], &[], &venv.activated_env());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("was made by Python {}", other.minor()))
            && stderr.contains("this host embeds Python"),
        "{stderr}"
    );
}
