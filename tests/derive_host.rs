//! What a derived config struct tells the checks about the host it runs
//! in: a setting set both by a marked field and by the flattened table
//! (`shadowed-key`, the marked field wins), and
//! `#[mpconfig(dispatcher = "mpconfig")]` (mpconfig's dispatch answers the
//! children, so spawn is safe everywhere).

use mpconfig::{
    Bootstrap, Dispatcher, Field, Format, MultiprocessingConfig, Severity, StartMethod, TargetSpec,
    load_str_as,
};
use serde::Deserialize;

fn targets(list: &[&str]) -> Vec<TargetSpec> {
    list.iter().map(|t| t.parse().expect("target")).collect()
}

/// A host that marks one setting and flattens the `[multiprocessing]`
/// table too, run with mpconfig's dispatch.
#[derive(Debug, Deserialize, Bootstrap)]
#[serde(rename_all = "kebab-case")]
#[mpconfig(dispatcher = "mpconfig")]
struct App {
    #[mpconfig(start_method)]
    pool_method: Option<StartMethod>,
    #[mpconfig(sys_frozen)]
    #[serde(default = "yes")]
    frozen: bool,
    #[mpconfig(flatten)]
    #[serde(default)]
    multiprocessing: MultiprocessingConfig,
}

fn yes() -> bool {
    true
}

/// The same without the dispatcher attribute.
#[derive(Debug, Deserialize, Bootstrap)]
struct Unknown {
    #[mpconfig(flatten)]
    #[serde(default)]
    multiprocessing: MultiprocessingConfig,
}

/// A struct that flattens `App`: its dispatcher carries through.
#[derive(Debug, Deserialize, Bootstrap)]
struct Outer {
    #[mpconfig(flatten)]
    #[serde(flatten)]
    app: App,
}

fn positions(findings: &[mpconfig::Diagnostic]) -> Vec<String> {
    findings
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d.code,
                d.position().unwrap_or_default(),
                d.message
            )
        })
        .collect()
}

#[test]
fn a_setting_set_twice_warns_at_the_ignored_key() {
    let text =
        "pool-method = \"spawn\"\n[multiprocessing]\nstart_method = \"fork\"\nsys_frozen = false\n";
    let loaded = load_str_as::<App>(text, Format::Toml, "app.toml").expect("loads");
    // The marked fields win.
    let mp = loaded.value.multiprocessing_config();
    assert_eq!(mp.start_method, StartMethod::Spawn);
    assert!(mp.sys_frozen);
    let findings = loaded.check(&targets(&["linux:3.12"]));
    assert_eq!(
        positions(&findings),
        [
            "shadowed-key app.toml:3:1 `pool-method` and `multiprocessing.start_method` both set `start_method`: `pool-method` wins, `multiprocessing.start_method` is ignored",
            "shadowed-key app.toml:4:1 `multiprocessing.sys_frozen` is ignored: the field for `frozen`, unset in the file, sets `sys_frozen` with its default",
        ]
    );
    assert!(findings.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(
        findings[0].help.as_deref(),
        Some("set `start_method` in one place: `pool-method`")
    );
    let rendered = mpconfig::render(&findings[0], mpconfig::RenderOptions::default());
    assert!(
        rendered.starts_with("warning: `pool-method` and `multiprocessing.start_method` both set"),
        "{rendered}"
    );
}

#[test]
fn a_setting_set_once_does_not_warn() {
    // The marked field unset (`None`): the table's value applies, nothing is ignored.
    let text = "[multiprocessing]\nstart_method = \"fork\"\n";
    let loaded = load_str_as::<App>(text, Format::Toml, "app.toml").expect("loads");
    assert_eq!(
        loaded.value.multiprocessing_config().start_method,
        StartMethod::Fork
    );
    assert_eq!(loaded.value.overridden_key_path(Field::StartMethod), None);
    assert_eq!(
        loaded
            .value
            .overridden_key_path(Field::SysFrozen)
            .as_deref(),
        Some("multiprocessing.sys_frozen")
    );
    assert!(loaded.check(&targets(&["linux:3.12"])).is_empty());
    // Only the marked field set.
    let text = "pool-method = \"forkserver\"\nfrozen = false\n";
    let loaded = load_str_as::<App>(text, Format::Toml, "app.toml").expect("loads");
    assert!(loaded.check(&targets(&["linux:3.12"])).is_empty());
}

#[test]
fn the_dispatcher_attribute_silences_mp003_and_keeps_real_findings() {
    let spawn = "pool-method = \"spawn\"\n";
    let loaded = load_str_as::<App>(spawn, Format::Toml, "app.toml").expect("loads");
    assert_eq!(loaded.value.dispatcher(), Some(Dispatcher::Mpconfig));
    // Spawn on every OS, answered by mpconfig's dispatch: clean.
    assert!(
        loaded.check(&[]).is_empty(),
        "{:?}",
        positions(&loaded.check(&[]))
    );
    assert!(loaded.value.check(&[]).is_empty());
    // Through a flattening struct too.
    let outer = load_str_as::<Outer>(spawn, Format::Toml, "outer.toml").expect("loads");
    assert_eq!(outer.value.dispatcher(), Some(Dispatcher::Mpconfig));
    assert!(outer.check(&[]).is_empty());
    // Without the attribute, MP003 as before.
    let unknown = "[multiprocessing]\nstart_method = \"spawn\"\n";
    let loaded = load_str_as::<Unknown>(unknown, Format::Toml, "u.toml").expect("loads");
    assert_eq!(loaded.value.dispatcher(), None);
    let findings = loaded.check(&targets(&["linux:3.12"]));
    assert_eq!(
        positions(&findings)
            .iter()
            .map(|p| p.split(' ').take(2).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>(),
        ["MP003 u.toml:2:1"]
    );
    // A caller's options still win over the struct.
    let options = mpconfig::CheckOptions::default().dispatcher(Dispatcher::Unknown);
    let loaded = load_str_as::<App>(spawn, Format::Toml, "app.toml").expect("loads");
    assert_eq!(
        loaded.check_with(&targets(&["linux:3.12"]), &options)[0].code,
        "MP003"
    );
}
