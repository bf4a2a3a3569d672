//! `[host] dispatcher`: when the rules know that mpconfig's dispatch
//! answers the host's children (the file, `CheckOptions::dispatcher`),
//! spawn outside Windows is safe (MP003 silent), and the setups mpconfig
//! recommends check clean. Without that knowledge every rule fires as
//! before (`tests/rules.rs`).

use mpconfig_core::{CheckOptions, Diagnostic, Dispatcher, Format, check, load_str};

fn findings(text: &str, options: &CheckOptions) -> Vec<String> {
    let loaded = load_str(text, Format::Toml, "mpconfig.toml").expect("loads");
    check(&loaded.config, options)
        .iter()
        .map(|d: &Diagnostic| {
            let d = d.clone().locate(&loaded.source, &loaded.source_map);
            format!(
                "{} {} {}",
                d.code,
                d.position().unwrap_or_default(),
                d.targets_display()
            )
        })
        .collect()
}

const SPAWN_EVERYWHERE: &str = "[multiprocessing]\nstart_method = \"spawn\"\n";

#[test]
fn mp003_is_silent_when_mpconfig_answers_the_children() {
    let none = CheckOptions::default();
    // Unknown dispatcher (the default): spawn outside Windows warns.
    assert_eq!(
        findings(SPAWN_EVERYWHERE, &none),
        ["MP003 mpconfig.toml:2:1 linux:3.8–3.15, macos:3.8–3.15, macos-framework:3.8–3.15"]
    );
    let unknown = format!("{SPAWN_EVERYWHERE}[host]\ndispatcher = \"unknown\"\n");
    assert_eq!(findings(&unknown, &none).len(), 1);
    // The file says mpconfig dispatches: every target is clean.
    let file = format!("{SPAWN_EVERYWHERE}[host]\ndispatcher = \"mpconfig\"\n");
    assert_eq!(findings(&file, &none), Vec::<String>::new());
    // So does the caller (`mpconfig check --dispatcher mpconfig`, a host's own check).
    let caller = CheckOptions::default().dispatcher(Dispatcher::Mpconfig);
    assert_eq!(findings(SPAWN_EVERYWHERE, &caller), Vec::<String>::new());
    // The caller wins over the file.
    let caller_unknown = CheckOptions::default().dispatcher(Dispatcher::Unknown);
    assert_eq!(findings(&file, &caller_unknown).len(), 1);
}

#[test]
fn the_dispatcher_does_not_excuse_what_dispatch_cannot_fix() {
    let mpconfig = CheckOptions::default().dispatcher(Dispatcher::Mpconfig);
    // Dispatch off: children re-run the host's main whoever would answer them.
    let off = "[multiprocessing]\nstart_method = \"spawn\"\nauto_dispatch = false\n[check]\ntargets = [\"linux:3.12\"]\n";
    assert_eq!(
        findings(off, &mpconfig),
        ["MP004 mpconfig.toml:3:1 linux:3.12"]
    );
    // fork is unsafe on macOS whatever answers the children.
    let fork = "[multiprocessing]\nstart_method = \"auto\"\n[check]\ntargets = [\"macos:3.12\", \"macos-framework:3.12\"]\n";
    assert_eq!(
        findings(fork, &mpconfig),
        [
            "MP006 mpconfig.toml:2:1 macos-framework:3.12",
            "MP007 mpconfig.toml:2:1 macos:3.12"
        ]
    );
}

#[test]
fn the_recommended_setups_check_clean_for_every_target() {
    let none = CheckOptions::default();
    // Shipping to macOS: spawn, answered by mpconfig's dispatch, on every OS
    // and Python (the README's own-host recipe).
    let everywhere =
        "[multiprocessing]\nstart_method = \"spawn\"\n[host]\ndispatcher = \"mpconfig\"\n";
    assert_eq!(findings(everywhere, &none), Vec::<String>::new());
    // Linux and Windows only: the default, auto (fork / spawn).
    let linux_windows =
        "[check]\ntargets = [\"linux\", \"windows\"]\n[host]\ndispatcher = \"mpconfig\"\n";
    assert_eq!(findings(linux_windows, &none), Vec::<String>::new());
}

#[test]
fn an_unknown_dispatcher_is_a_load_error_with_a_suggestion() {
    let err = load_str(
        "[host]\ndispatcher = \"mpconfg\"\n",
        Format::Toml,
        "mpconfig.toml",
    )
    .expect_err("invalid");
    let text = err.to_string();
    assert!(
        text.starts_with("mpconfig.toml:2:14: error: unknown dispatcher `mpconfg`"),
        "{text}"
    );
}

#[test]
fn the_fixes_of_mp003_mp006_mp007_check_clean() {
    for code in ["MP003", "MP006", "MP007"] {
        let text = mpconfig_core::rule(code).expect("rule").explanation;
        let fix = text
            .split("## How to fix")
            .nth(1)
            .and_then(|s| s.split("```toml\n").nth(1))
            .and_then(|s| s.split("```").next())
            .expect("a toml block under How to fix");
        assert_eq!(
            findings(fix, &CheckOptions::default()),
            Vec::<String>::new(),
            "{code}'s fix:\n{fix}"
        );
    }
}
