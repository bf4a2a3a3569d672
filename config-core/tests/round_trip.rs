//! Any config serializes to TOML and JSON and loads back equal.

use mpconfig_core::{
    Apply, CheckConfig, Config, Dispatcher, Executable, Family, Format, HostConfig,
    InterpreterConfig, MultiprocessingConfig, OnError, Os, PythonVersion, StartMethod, TargetSpec,
    load_str,
};
use proptest::prelude::*;

fn start_method() -> impl Strategy<Value = StartMethod> {
    proptest::sample::select(StartMethod::ALL.to_vec())
}

fn executable() -> impl Strategy<Value = Executable> {
    prop_oneof![
        Just(Executable::Host),
        Just(Executable::Python),
        // Any non-empty text that is not one of the two keywords is a path.
        "\\PC{1,40}"
            .prop_filter("keywords are not paths", |s| s != "host" && s != "python")
            .prop_map(|s| Executable::Path(s.into())),
    ]
}

fn target() -> impl Strategy<Value = TargetSpec> {
    (
        proptest::sample::select(Os::ALL.to_vec()),
        proptest::option::of(8u8..=20),
    )
        .prop_map(|(os, minor)| TargetSpec {
            os,
            version: minor.map(|m| PythonVersion::new(3, m)),
        })
}

fn rule_code() -> impl Strategy<Value = String> {
    proptest::sample::select(
        mpconfig_core::RULES
            .iter()
            .flat_map(|r| [r.code, r.name])
            .collect::<Vec<_>>(),
    )
    .prop_map(str::to_owned)
}

prop_compose! {
    fn config()(
        schema in proptest::option::of("\\PC{0,30}"),
        start_method in start_method(),
        auto_dispatch in any::<bool>(),
        sys_frozen in any::<bool>(),
        executable in executable(),
        forkserver_preload in proptest::collection::vec("\\PC{0,20}", 0..4),
        forkserver_preload_on_error in proptest::sample::select(OnError::ALL.to_vec()),
        apply in proptest::sample::select(Apply::ALL.to_vec()),
        families in proptest::collection::vec(proptest::sample::select(Family::ALL.to_vec()), 0..7),
        isolated in any::<bool>(),
        site in any::<bool>(),
        venv in proptest::option::of("[^\\x00]{1,30}".prop_map(std::path::PathBuf::from)),
        python_cli in any::<bool>(),
        targets in proptest::collection::vec(target(), 0..6),
        multithreaded in any::<bool>(),
        dispatcher in proptest::sample::select(Dispatcher::ALL.to_vec()),
        allow in proptest::collection::vec(rule_code(), 0..3),
        deny in proptest::collection::vec(rule_code(), 0..3),
    ) -> Config {
        Config {
            schema,
            multiprocessing: MultiprocessingConfig {
                start_method, auto_dispatch, sys_frozen, executable, forkserver_preload,
                forkserver_preload_on_error, apply, families,
            },
            interpreter: InterpreterConfig { isolated, site, venv, python_cli },
            check: CheckConfig { targets, allow, deny },
            host: HostConfig { multithreaded, dispatcher },
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn toml_round_trip(config in config()) {
        let text = toml::to_string(&config).expect("serialize TOML");
        let loaded = load_str(&text, Format::Toml, "rt.toml").map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(loaded.config, config);
    }

    #[test]
    fn json_round_trip(config in config()) {
        let text = serde_json::to_string_pretty(&config).expect("serialize JSON");
        let loaded = load_str(&text, Format::Json, "rt.json").map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(loaded.config, config);
    }

    /// serde's derive (what hosts embedding the model use) and the spanned
    /// loader read the same text the same way.
    #[test]
    fn serde_and_loader_agree(config in config()) {
        let text = toml::to_string(&config).expect("serialize TOML");
        let via_serde: Config = toml::from_str(&text).expect("serde reads it back");
        prop_assert_eq!(via_serde, config);
    }
}
