//! Snapshots of the generated bootstrap for representative configs.

use mpconfig_core::bootstrap::{BootstrapOptions, render};
use mpconfig_core::{Apply, Executable, MultiprocessingConfig, StartMethod};

fn mp(start_method: StartMethod, apply: Apply) -> MultiprocessingConfig {
    MultiprocessingConfig {
        start_method,
        apply,
        ..Default::default()
    }
}

#[test]
fn default_config() {
    let source = render(
        &MultiprocessingConfig::default(),
        &BootstrapOptions::new().origin("mpconfig.toml"),
    );
    insta::assert_snapshot!(source);
}

/// The default config with `apply = "startup"` (the start-up benchmark uses
/// this and `default_config`).
#[test]
fn default_config_startup() {
    let source = render(
        &MultiprocessingConfig {
            apply: Apply::Startup,
            ..Default::default()
        },
        &BootstrapOptions::new().origin("mpconfig.toml"),
    );
    insta::assert_snapshot!(source);
}

#[test]
fn default_config_without_origin() {
    insta::assert_snapshot!(render(
        &MultiprocessingConfig::default(),
        &BootstrapOptions::new()
    ));
}

#[test]
fn spawn_startup_python_executable() {
    let config = MultiprocessingConfig {
        sys_frozen: false,
        executable: Executable::Python,
        ..mp(StartMethod::Spawn, Apply::Startup)
    };
    insta::assert_snapshot!(render(&config, &BootstrapOptions::new().origin("app.toml")));
}

#[test]
fn forkserver_path_preload() {
    let config = MultiprocessingConfig {
        sys_frozen: false,
        executable: Executable::Path("/opt/app/bin/python3.12".into()),
        forkserver_preload: vec!["numpy".into(), "app.models".into()],
        ..mp(StartMethod::Forkserver, Apply::OnImport)
    };
    insta::assert_snapshot!(render(
        &config,
        &BootstrapOptions::new().origin("/srv/app/mpconfig.toml")
    ));
}

#[test]
fn fork_startup() {
    insta::assert_snapshot!(render(
        &mp(StartMethod::Fork, Apply::Startup),
        &BootstrapOptions::new().origin("pyproject.toml")
    ));
}

#[test]
fn none_keeps_cpython_default() {
    let config = MultiprocessingConfig {
        sys_frozen: false,
        ..mp(StartMethod::None, Apply::OnImport)
    };
    insta::assert_snapshot!(render(&config, &BootstrapOptions::new()));
}

/// Hostile strings stay inside their literals and the header comment.
#[test]
fn hostile_strings_are_escaped() {
    let config = MultiprocessingConfig {
        executable: Executable::Path(
            "C:\\Program Files\\O'Neil \"x\"\n\u{0}\u{e9}\u{2028}.exe".into(),
        ),
        forkserver_preload: vec![
            "x')\nimport os; os.system('echo pwned')\n#".into(),
            "\u{1F600}".into(),
        ],
        ..mp(StartMethod::Spawn, Apply::OnImport)
    };
    let source = render(
        &config,
        &BootstrapOptions::new().origin("evil\nimport os  # \r\u{85}\u{2028}.toml"),
    );
    assert!(source.lines().all(|l| !l.starts_with("import os")));
    assert!(
        source
            .bytes()
            .all(|b| b == b'\n' || (0x20..=0x7e).contains(&b))
    );
    insta::assert_snapshot!(source);
}
