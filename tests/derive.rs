//! `#[derive(Bootstrap)]` on hosts' own config structs, through the facade.

use mpconfig::{
    Bootstrap, Diagnostic, Executable, Field, Format, MultiprocessingConfig, Severity, StartMethod,
    Target, TargetSpec, load_str_as,
};
use serde::{Deserialize, Serialize};

fn targets(list: &[&str]) -> Vec<TargetSpec> {
    list.iter().map(|t| t.parse().expect("target")).collect()
}

/// A host's app config: its own keys, renamed by serde, with two settings
/// of mpconfig among them.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema, Bootstrap)]
#[serde(rename_all = "kebab-case")]
#[mpconfig(validate_with = "too_many_workers")]
struct AppConfig {
    name: String,
    workers: u32,
    #[mpconfig(start_method)]
    pool_method: StartMethod,
    #[mpconfig(sys_frozen)]
    #[serde(rename = "frozen")]
    frozen: Option<bool>,
    #[mpconfig(forkserver_preload)]
    #[serde(default)]
    preload: Vec<String>,
}

fn too_many_workers(app: &AppConfig, target: Target) -> Vec<Diagnostic> {
    if app.workers > 61 && target.os == mpconfig::Os::Windows {
        vec![
            Diagnostic::new(
                "APP001",
                Severity::Error,
                "Windows waits on at most 61 workers per pool",
            )
            .with_key_path("workers")
            .with_help("use at most 61 workers on Windows"),
        ]
    } else {
        Vec::new()
    }
}

const APP_TOML: &str = r#"name = "indexer"
workers = 64
pool-method = "fork"
frozen = false
preload = ["json", "not a module"]
"#;

#[test]
fn renamed_fields_give_the_bootstrap_and_diagnostics_at_their_line_col() {
    let loaded = load_str_as::<AppConfig>(APP_TOML, Format::Toml, "app.toml").expect("loads");
    let mp = loaded.value.multiprocessing_config();
    assert_eq!(mp.start_method, StartMethod::Fork);
    assert!(!mp.sys_frozen);
    assert!(mp.auto_dispatch, "unmarked settings keep their default");
    let source = loaded.value.bootstrap();
    assert!(source.contains("method = 'fork'"), "{source}");
    assert!(!source.contains("sys.frozen = True"), "{source}");

    let diags = loaded.check(&targets(&["windows:3.12", "linux:3.12"]));
    let at = |code: &str| -> Vec<String> {
        diags
            .iter()
            .filter(|d| d.code == code)
            .map(|d| {
                format!(
                    "{} {}",
                    d.key_path.clone().unwrap_or_default(),
                    d.position().expect("located")
                )
            })
            .collect()
    };
    assert_eq!(at("MP001"), ["pool-method app.toml:3:1"]);
    assert_eq!(at("MP010"), ["preload[1] app.toml:5:20"]);
    assert_eq!(at("APP001"), ["workers app.toml:2:1"]);
    let rendered = mpconfig::render(
        diags.iter().find(|d| d.code == "APP001").expect("own rule"),
        Default::default(),
    );
    assert!(
        rendered.starts_with("error[APP001]: Windows waits on at most 61 workers per pool"),
        "{rendered}"
    );
}

#[test]
fn option_fields_none_means_the_default() {
    let app = AppConfig {
        name: "x".into(),
        workers: 1,
        pool_method: StartMethod::Spawn,
        frozen: None,
        preload: vec![],
    };
    assert!(app.multiprocessing_config().sys_frozen);
    assert_eq!(app.key_path(Field::SysFrozen).as_deref(), Some("frozen"));
    assert_eq!(
        app.key_path(Field::StartMethod).as_deref(),
        Some("pool-method")
    );
    assert_eq!(app.key_path(Field::Executable), None);
}

/// flatten: the whole model under one key, and a nested derived struct.
#[derive(Deserialize, Bootstrap)]
struct Outer {
    #[mpconfig(flatten)]
    #[serde(rename = "python")]
    python: Inner,
    #[mpconfig(executable)]
    worker_binary: Option<Executable>,
}

#[derive(Deserialize, Bootstrap)]
#[mpconfig(validate_with = "inner_rule")]
struct Inner {
    #[mpconfig(flatten)]
    multiprocessing: MultiprocessingConfig,
}

fn inner_rule(_: &Inner, target: Target) -> Vec<Diagnostic> {
    (target.os == mpconfig::Os::Linux)
        .then(|| {
            Diagnostic::new("APP002", Severity::Note, "linux").with_key_path("multiprocessing")
        })
        .into_iter()
        .collect()
}

#[test]
fn flatten_nests_key_paths_and_host_rules() {
    let text = "worker_binary = \"relative/python\"\n\n[python.multiprocessing]\nstart_method = \"forkserver\"\nsys_frozen = false\n";
    let loaded = load_str_as::<Outer>(text, Format::Toml, "outer.toml").expect("loads");
    let mp = loaded.value.multiprocessing_config();
    assert_eq!(mp.start_method, StartMethod::Forkserver);
    assert_eq!(mp.executable, Executable::Path("relative/python".into()));
    assert_eq!(
        loaded.value.key_path(Field::StartMethod).as_deref(),
        Some("python.multiprocessing.start_method")
    );
    assert_eq!(
        loaded.value.key_path(Field::Executable).as_deref(),
        Some("worker_binary")
    );

    let diags = loaded.check(&targets(&["windows:3.13", "linux:3.13"]));
    let find = |code: &str| {
        diags
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("{code}: {diags:#?}"))
    };
    assert_eq!(find("MP002").position().as_deref(), Some("outer.toml:4:1"));
    assert_eq!(find("MP011").position().as_deref(), Some("outer.toml:1:1"));
    let own = find("APP002");
    assert_eq!(own.key_path.as_deref(), Some("python.multiprocessing"));
    assert_eq!(own.position().as_deref(), Some("outer.toml:3:9"));
}

/// Generics and lifetimes, and the trait as an object.
#[derive(Bootstrap)]
struct Borrowed<'a, T: Clone> {
    #[mpconfig(start_method)]
    method: StartMethod,
    #[mpconfig(forkserver_preload)]
    preload: Option<Vec<String>>,
    label: &'a str,
    extra: T,
}

#[test]
fn generics_lifetimes_and_dyn() {
    let b = Borrowed {
        method: StartMethod::Forkserver,
        preload: Some(vec!["json".into()]),
        label: "x",
        extra: 3u8,
    };
    let host: &dyn Bootstrap = &b;
    assert_eq!(host.multiprocessing_config().forkserver_preload, ["json"]);
    assert_eq!((b.label, b.extra), ("x", 3));
    let findings = host.check(&targets(&["windows"]));
    let mp002 = findings
        .iter()
        .find(|f| f.code == "MP002")
        .expect("forkserver on windows");
    assert_eq!(mp002.key_path.as_deref(), Some("method"));
    assert_eq!(mp002.targets_display(), "windows:3.8–3.15");
    // The same diagnostics as `mpconfig check` on the equivalent file.
    let file = mpconfig::load_str(
        "[multiprocessing]\nstart_method = \"forkserver\"\nforkserver_preload = [\"json\"]\n",
        Format::Toml,
        "x",
    )
    .expect("loads");
    let options = mpconfig::CheckOptions::default().targets(targets(&["windows"]));
    let expected: Vec<(String, String)> = mpconfig::check(&file.config, &options)
        .iter()
        .map(|f| (f.code.to_string(), f.message.clone()))
        .collect();
    let got: Vec<(String, String)> = findings
        .iter()
        .map(|f| (f.code.to_string(), f.message.clone()))
        .collect();
    assert_eq!(got, expected);
}

mod custom_path {
    //! `#[mpconfig(crate = "...")]` reaches the support code another way.
    use mpconfig as renamed;

    #[derive(renamed::Bootstrap)]
    #[mpconfig(crate = "renamed")]
    pub struct Small {
        #[mpconfig(apply)]
        pub apply: renamed::Apply,
    }
}

#[test]
fn crate_path_can_be_overridden() {
    let s = custom_path::Small {
        apply: mpconfig::Apply::Startup,
    };
    assert_eq!(s.multiprocessing_config().apply, mpconfig::Apply::Startup);
}

#[test]
fn deserialize_errors_in_the_hosts_struct_have_positions() {
    let err = load_str_as::<AppConfig>(
        "name = \"x\"\nworkers = \"many\"\npool-method = \"fork\"\n",
        Format::Toml,
        "bad.toml",
    )
    .expect_err("workers is not a number");
    let text = err.to_string();
    assert!(
        text.starts_with("bad.toml:2:11: error: invalid type"),
        "{text}"
    );
}

/// An `[interpreter]` table in a host's own struct is an ordinary serde
/// field next to the derived settings.
#[test]
fn an_interpreter_table_is_an_ordinary_field() {
    #[derive(Debug, Deserialize, Bootstrap)]
    struct Lean {
        #[mpconfig(start_method)]
        method: StartMethod,
        #[serde(default)]
        interpreter: mpconfig::InterpreterConfig,
    }
    let text = "method = \"spawn\"\n[interpreter]\nsite = false\n";
    let loaded = load_str_as::<Lean>(text, Format::Toml, "lean.toml").expect("loads");
    assert!(!loaded.value.interpreter.site && !loaded.value.interpreter.isolated);
    assert_eq!(
        loaded.value.multiprocessing_config().start_method,
        StartMethod::Spawn
    );
    let typo = "method = \"spawn\"\n[interpreter]\nsites = false\n";
    assert!(load_str_as::<Lean>(typo, Format::Toml, "lean.toml").is_err());
}
