//! Every rule: a config that triggers it (code, severity, line:col, targets)
//! and one that leaves it silent.

use mpconfig_core::{
    CheckOptions, Diagnostic, Format, Loaded, RULES, Severity, TargetSpec, check, load_str,
};

struct Report {
    loaded: Loaded,
    findings: Vec<Diagnostic>,
}

impl Report {
    /// The findings of one rule as `(severity, line:col, targets)`.
    fn of(&self, code: &str) -> Vec<(Severity, String, String)> {
        self.findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| {
                let d = f
                    .clone()
                    .locate(&self.loaded.source, &self.loaded.source_map);
                let lc = d.location.expect("located").line_col().to_string();
                (f.severity, lc, f.targets_display())
            })
            .collect()
    }

    fn silent(&self, code: &str) -> bool {
        self.of(code).is_empty()
    }
}

fn run(toml: &str) -> Report {
    run_with(toml, &CheckOptions::default())
}

fn run_with(toml: &str, options: &CheckOptions) -> Report {
    let loaded = load_str(toml, Format::Toml, "t.toml").unwrap_or_else(|e| panic!("{e}"));
    let findings = check(&loaded.config, options);
    Report { loaded, findings }
}

fn one(sev: Severity, lc: &str, targets: &str) -> Vec<(Severity, String, String)> {
    vec![(sev, lc.to_owned(), targets.to_owned())]
}

use Severity::{Error, Note, Warning};

#[test]
fn mp001_fork_on_windows() {
    let r = run("[multiprocessing]\nstart_method = \"fork\"\n");
    assert_eq!(r.of("MP001"), one(Error, "2:1", "windows:3.8–3.15"));
    assert!(run("[multiprocessing]\nstart_method = \"auto\"\n").silent("MP001"));
    assert!(
        run("[multiprocessing]\nstart_method = \"fork\"\n[check]\ntargets = [\"linux\"]\n")
            .silent("MP001")
    );
}

#[test]
fn mp002_forkserver_on_windows() {
    let r = run(
        "[check]\ntargets = [\"linux:3.12\", \"windows:3.11\"]\n[multiprocessing]\nstart_method = \"forkserver\"\n",
    );
    assert_eq!(r.of("MP002"), one(Error, "4:1", "windows:3.11"));
    assert!(run("[multiprocessing]\nstart_method = \"spawn\"\n").silent("MP002"));
}

#[test]
fn mp003_spawn_outside_windows() {
    let r = run(
        "[multiprocessing]\nstart_method = \"spawn\"\n[check]\ntargets = [\"linux:3.13\", \"macos\", \"windows\"]\n",
    );
    assert_eq!(
        r.of("MP003"),
        one(Warning, "2:1", "linux:3.13, macos:3.8–3.15")
    );
    // `none` is spawn on macOS.
    let r =
        run("[multiprocessing]\nstart_method = \"none\"\n[check]\ntargets = [\"macos:3.12\"]\n");
    assert_eq!(r.of("MP003"), one(Warning, "2:1", "macos:3.12"));
    // Children running a real interpreter are not re-executing the host.
    assert!(run("[multiprocessing]\nstart_method = \"spawn\"\nsys_frozen = false\nexecutable = \"python\"\n").silent("MP003"));
    assert!(
        run("[multiprocessing]\nstart_method = \"spawn\"\n[check]\ntargets = [\"windows\"]\n")
            .silent("MP003")
    );
}

#[test]
fn mp004_reexec_without_dispatch() {
    let r = run(
        "[multiprocessing]\nstart_method = \"forkserver\"\nauto_dispatch = false\n[check]\ntargets = [\"linux\"]\n",
    );
    assert_eq!(r.of("MP004"), one(Error, "3:1", "linux:3.8–3.15"));
    // `none` turns into forkserver on Linux 3.14 and spawn on macOS.
    let r = run(
        "[multiprocessing]\nstart_method = \"none\"\nauto_dispatch = false\n[check]\ntargets = [\"linux\", \"macos:3.9\"]\n",
    );
    let got = r.of("MP004");
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got.contains(&(Error, "3:1".to_owned(), "linux:3.14–3.15".to_owned())),
        "{got:?}"
    );
    assert!(
        got.contains(&(Error, "3:1".to_owned(), "macos:3.9".to_owned())),
        "{got:?}"
    );
    assert!(run("[multiprocessing]\nstart_method = \"fork\"\nauto_dispatch = false\n[check]\ntargets = [\"linux\"]\n").silent("MP004"));
    // On Windows without sys.frozen, freeze_support() cannot catch the `-c` form.
    let r = run(
        "[multiprocessing]\nauto_dispatch = false\nsys_frozen = false\n[check]\ntargets = [\"windows:3.13\"]\n",
    );
    assert_eq!(r.of("MP004"), one(Error, "2:1", "windows:3.13"));
    assert!(
        run("[multiprocessing]\nauto_dispatch = false\n[check]\ntargets = [\"windows:3.13\"]\n")
            .silent("MP004")
    );
    assert!(
        run("[multiprocessing]\nstart_method = \"spawn\"\nauto_dispatch = true\n").silent("MP004")
    );
}

#[test]
fn mp005_linux_default_changed() {
    let r = run("[multiprocessing]\nstart_method = \"none\"\n");
    assert_eq!(r.of("MP005"), one(Warning, "2:1", "linux:3.14–3.15"));
    let r =
        run("[multiprocessing]\nstart_method = \"none\"\n[check]\ntargets = [\"linux:3.16\"]\n");
    assert_eq!(r.of("MP005"), one(Warning, "2:1", "linux:3.16"));
    assert!(
        run("[multiprocessing]\nstart_method = \"none\"\n[check]\ntargets = [\"linux:3.13\"]\n")
            .silent("MP005")
    );
    assert!(run("[multiprocessing]\nstart_method = \"fork\"\n").silent("MP005"));
}

#[test]
fn mp006_fork_on_macos_framework() {
    let r = run(
        "[multiprocessing]\nstart_method = \"forkserver\"\n[check]\ntargets = [\"macos-framework:3.12\"]\n",
    );
    assert_eq!(r.of("MP006"), one(Warning, "2:1", "macos-framework:3.12"));
    // The default, auto, is fork there; the file does not set it: reported at the file start.
    let r = run("[check]\ntargets = [\"macos-framework\"]\n");
    assert_eq!(
        r.of("MP006"),
        one(Warning, "1:1", "macos-framework:3.8–3.15")
    );
    // The message names the value the config holds.
    let message = |r: &Report| {
        let f = r
            .findings
            .iter()
            .find(|f| f.code == "MP006")
            .expect("MP006");
        f.message.clone()
    };
    assert!(
        message(&r).starts_with("`auto` means fork on macOS"),
        "{}",
        message(&r)
    );
    let r = run(
        "[multiprocessing]\nstart_method = \"fork\"\n[check]\ntargets = [\"macos-framework\"]\n",
    );
    assert!(
        message(&r).starts_with("`fork` is unreliable"),
        "{}",
        message(&r)
    );
    assert!(run("[multiprocessing]\nstart_method = \"spawn\"\n").silent("MP006"));
}

#[test]
fn mp007_fork_on_macos() {
    let r = run(
        "[multiprocessing]\nstart_method = \"auto\"\n[check]\ntargets = [\"macos:3.10\", \"macos:3.11\", \"linux\"]\n",
    );
    assert_eq!(r.of("MP007"), one(Warning, "2:1", "macos:3.10–3.11"));
    // macos-framework is MP006's, not reported twice.
    assert!(
        run(
            "[multiprocessing]\nstart_method = \"fork\"\n[check]\ntargets = [\"macos-framework\"]\n"
        )
        .silent("MP007")
    );
    assert!(run("[multiprocessing]\nstart_method = \"forkserver\"\n").silent("MP007"));
}

#[test]
fn mp008_fork_multithreaded() {
    let r = run(
        "[multiprocessing]\nstart_method = \"fork\"\n[host]\nmultithreaded = true\n[check]\ntargets = [\"linux\"]\n",
    );
    let got = r.of("MP008");
    assert_eq!(
        got,
        vec![
            (Warning, "2:1".to_owned(), "linux:3.8–3.11".to_owned()),
            (Warning, "2:1".to_owned(), "linux:3.12–3.15".to_owned())
        ]
    );
    let newer = r
        .findings
        .iter()
        .find(|f| f.code == "MP008" && f.targets_display() == "linux:3.12–3.15")
        .expect("3.12+");
    assert!(newer.notes.iter().any(|n| n.contains("DeprecationWarning")));
    assert!(
        run("[multiprocessing]\nstart_method = \"forkserver\"\n[host]\nmultithreaded = true\n")
            .silent("MP008")
    );
    assert!(
        run("[multiprocessing]\nstart_method = \"fork\"\n[host]\nmultithreaded = false\n")
            .silent("MP008")
    );
    // Windows has no fork: MP001, not this.
    let r = run(
        "[multiprocessing]\nstart_method = \"fork\"\n[host]\nmultithreaded = true\n[check]\ntargets = [\"windows\"]\n",
    );
    assert!(r.silent("MP008"));
}

#[test]
fn mp009_preload_unused() {
    let r = run(
        "[multiprocessing]\nstart_method = \"none\"\nforkserver_preload = [\"json\"]\n[check]\ntargets = [\"linux\"]\n",
    );
    assert_eq!(r.of("MP009"), one(Warning, "3:1", "linux:3.8–3.13"));
    assert!(run("[multiprocessing]\nstart_method = \"forkserver\"\nforkserver_preload = [\"json\"]\n[check]\ntargets = [\"linux\"]\n").silent("MP009"));
}

#[test]
fn mp010_preload_not_module() {
    let r = run(
        "[multiprocessing]\nstart_method = \"forkserver\"\nforkserver_preload = [\"json\", \"os; import sys\"]\n[check]\ntargets = [\"linux\"]\n",
    );
    assert_eq!(r.of("MP010"), one(Error, "3:31", ""));
    assert!(run("[multiprocessing]\nforkserver_preload = [\"email.mime.text\"]\n").silent("MP010"));
}

#[test]
fn mp011_executable_relative() {
    let r = run(
        "[multiprocessing]\nsys_frozen = false\nexecutable = \"bin/python3\"\n[check]\ntargets = [\"linux\"]\n",
    );
    assert_eq!(r.of("MP011"), one(Error, "3:1", "linux:3.8–3.15"));
    // Absolute is per target OS: a drive path is relative on Linux, a POSIX path on Windows.
    let windows_path = "[multiprocessing]\nsys_frozen = false\nexecutable = \"C:\\\\Python312\\\\python.exe\"\n[check]\ntargets = [\"windows:3.12\", \"linux:3.12\"]\n";
    assert_eq!(
        run(windows_path).of("MP011"),
        one(Error, "3:1", "linux:3.12")
    );
    let posix_path = "[multiprocessing]\nsys_frozen = false\nexecutable = \"/usr/bin/python3\"\n[check]\ntargets = [\"windows:3.12\", \"macos:3.12\"]\n";
    assert_eq!(
        run(posix_path).of("MP011"),
        one(Error, "3:1", "windows:3.12")
    );
    assert!(
        run("[multiprocessing]\nexecutable = \"python\"\nsys_frozen = false\n").silent("MP011")
    );
}

#[test]
fn mp012_executable_missing() {
    let r = run("[multiprocessing]\nsys_frozen = false\nexecutable = \"/no/such/python3\"\n");
    assert_eq!(r.of("MP012"), one(Warning, "3:1", ""));
    let real = std::env::current_exe().expect("exe");
    let toml = format!(
        "[multiprocessing]\nsys_frozen = false\nexecutable = {:?}\n",
        real.display().to_string()
    );
    assert!(run(&toml).silent("MP012"));
    let offline = CheckOptions::default().no_filesystem(true);
    assert!(
        run_with(
            "[multiprocessing]\nsys_frozen = false\nexecutable = \"/no/such/python3\"\n",
            &offline
        )
        .silent("MP012")
    );
}

#[test]
fn mp013_unfrozen_host() {
    let r = run(
        "[multiprocessing]\nstart_method = \"spawn\"\nsys_frozen = false\n[check]\ntargets = [\"windows\"]\n",
    );
    assert_eq!(r.of("MP013"), one(Note, "3:1", "windows:3.8–3.15"));
    assert!(run("[multiprocessing]\nstart_method = \"spawn\"\n").silent("MP013"));
    assert!(run("[multiprocessing]\nstart_method = \"fork\"\nsys_frozen = false\n[check]\ntargets = [\"linux\"]\n").silent("MP013"));
}

#[test]
fn mp014_frozen_foreign_executable() {
    let r = run(
        "[multiprocessing]\nstart_method = \"spawn\"\nexecutable = \"python\"\n[check]\ntargets = [\"linux:3.12\", \"windows:3.12\"]\n",
    );
    // sys_frozen defaults to true: reported at the `[multiprocessing]` header.
    assert_eq!(r.of("MP014"), one(Error, "1:2", "linux:3.12, windows:3.12"));
    assert!(run("[multiprocessing]\nstart_method = \"spawn\"\nexecutable = \"python\"\nsys_frozen = false\n").silent("MP014"));
    assert!(
        run("[multiprocessing]\nstart_method = \"spawn\"\nexecutable = \"host\"\n").silent("MP014")
    );
}

#[test]
fn mp015_windows_spawn_without_dispatch() {
    let r = run(
        "[multiprocessing]\nauto_dispatch = false\n[check]\ntargets = [\"windows:3.8\", \"linux:3.8\"]\n",
    );
    assert_eq!(r.of("MP015"), one(Warning, "2:1", "windows:3.8"));
    assert!(run("[multiprocessing]\nauto_dispatch = true\n").silent("MP015"));
    // Without sys.frozen it is MP004's error, not this warning.
    assert!(run("[multiprocessing]\nauto_dispatch = false\nsys_frozen = false\n").silent("MP015"));
}

#[test]
fn mp016_dispatch_unused() {
    let r = run(
        "[multiprocessing]\nexecutable = \"python\"\nsys_frozen = false\nauto_dispatch = true\n",
    );
    assert_eq!(r.of("MP016"), one(Note, "4:1", ""));
    assert!(run("[multiprocessing]\nexecutable = \"python\"\nsys_frozen = false\nauto_dispatch = false\n").silent("MP016"));
}

#[test]
fn mp017_unknown_python() {
    let r = run("[check]\ntargets = [\"linux:3.16\", \"windows:3.16\", \"linux:3.15\"]\n");
    assert_eq!(r.of("MP017"), one(Note, "2:1", "linux:3.16, windows:3.16"));
    assert!(run("[check]\ntargets = [\"linux:3.15\"]\n").silent("MP017"));
}

#[test]
fn mp019_preload_on_error_unsupported() {
    let config = |on_error: &str, method: &str| {
        format!(
            "[multiprocessing]\nstart_method = \"{method}\"\nforkserver_preload = [\"numpy\"]\nforkserver_preload_on_error = \"{on_error}\"\n[check]\ntargets = [\"linux:3.13\", \"linux:3.14\", \"linux:3.15\", \"windows:3.14\"]\n"
        )
    };
    let r = run(&config("fail", "forkserver"));
    assert_eq!(r.of("MP019"), one(Warning, "4:1", "linux:3.13–3.14"));
    let r = run(&config("warn", "none"));
    assert_eq!(r.of("MP019"), one(Warning, "4:1", "linux:3.14"));
    assert!(run(&config("ignore", "forkserver")).silent("MP019"));
    // No preload list: the option has nothing to act on.
    assert!(
        run("[multiprocessing]\nstart_method = \"forkserver\"\nforkserver_preload_on_error = \"fail\"\n[check]\ntargets = [\"linux:3.13\"]\n")
            .silent("MP019")
    );
}

/// Python 3.15 is known: the defaults and a forkserver config with 3.15's
/// preload option check clean for it.
#[test]
fn python_3_15_is_known() {
    for config in [
        "[check]\ntargets = [\"linux:3.15\"]\n",
        "[multiprocessing]\nstart_method = \"forkserver\"\nforkserver_preload = [\"json\"]\nforkserver_preload_on_error = \"fail\"\n[check]\ntargets = [\"linux:3.15\"]\n",
    ] {
        let r = run(config);
        assert!(
            r.findings.is_empty(),
            "{config}: {:?}",
            r.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
    }
}

#[test]
fn mp018_tracker_without_dispatch() {
    let r = run(
        "[multiprocessing]\nstart_method = \"fork\"\nauto_dispatch = false\n[check]\ntargets = [\"linux:3.12\", \"windows:3.12\"]\n",
    );
    assert_eq!(r.of("MP018"), one(Warning, "3:1", "linux:3.12"));
    assert!(
        run("[multiprocessing]\nstart_method = \"fork\"\n[check]\ntargets = [\"linux\"]\n")
            .silent("MP018")
    );
    assert!(run("[multiprocessing]\nstart_method = \"fork\"\nauto_dispatch = false\nexecutable = \"python\"\nsys_frozen = false\n[check]\ntargets = [\"linux\"]\n").silent("MP018"));
}

#[test]
fn every_rule_is_tested_here() {
    let source = include_str!("rules.rs");
    for rule in RULES {
        let name = format!("fn {}_", rule.code.to_lowercase());
        assert!(source.contains(&name), "{} has no test", rule.code);
    }
}

#[test]
fn codes_are_unique_and_ordered() {
    for pair in RULES.windows(2) {
        assert!(pair[0].code < pair[1].code);
    }
    let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    names.dedup();
    assert_eq!(names.len(), RULES.len());
}

#[test]
fn allow_and_deny_in_the_file_and_on_the_command_line() {
    let base = "[multiprocessing]\nstart_method = \"spawn\"\n[check]\ntargets = [\"linux:3.12\"]\n";
    assert_eq!(run(base).of("MP003"), one(Warning, "2:1", "linux:3.12"));
    assert!(run(&format!("{base}allow = [\"MP003\"]\n")).silent("MP003"));
    assert!(run(&format!("{base}allow = [\"spawn-outside-windows\"]\n")).silent("MP003"));
    assert_eq!(
        run(&format!("{base}deny = [\"MP003\"]\n")).of("MP003"),
        one(Error, "2:1", "linux:3.12")
    );
    let cli_allow = CheckOptions::default().allow(vec!["MP003".into()]);
    assert!(run_with(&format!("{base}deny = [\"MP003\"]\n"), &cli_allow).silent("MP003"));
    let cli_deny = CheckOptions::default().deny(vec!["mp003".into()]);
    assert_eq!(
        run_with(&format!("{base}allow = [\"MP003\"]\n"), &cli_deny).of("MP003"),
        one(Error, "2:1", "linux:3.12")
    );
}

#[test]
fn command_line_targets_replace_the_files() {
    let toml = "[multiprocessing]\nstart_method = \"fork\"\n[check]\ntargets = [\"linux\"]\n";
    assert!(run(toml).silent("MP001"));
    let options = CheckOptions::default().targets(vec![
        "x86_64-pc-windows-msvc:3.12"
            .parse::<TargetSpec>()
            .expect("triple"),
    ]);
    assert_eq!(
        run_with(toml, &options).of("MP001"),
        one(Error, "2:1", "windows:3.12")
    );
}

#[test]
fn unknown_rule_codes_in_a_file_are_load_errors() {
    let err = load_str("[check]\nallow = [\"MP03\"]\n", Format::Toml, "t.toml")
        .expect_err("unknown code");
    let text = err.to_string();
    assert!(text.contains("t.toml:2:10"), "{text}");
    assert!(text.contains("unknown rule `MP03`"), "{text}");
}
