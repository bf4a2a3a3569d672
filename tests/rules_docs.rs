//! Every rule has its explanation, and the README's rule table is the
//! registry's.

use std::path::Path;

use mpconfig::RULES;

/// A rule's explanation (`config-core/rules/CODE.md`, compiled in).
fn explanation(code: &str) -> Option<&'static str> {
    mpconfig::rule(code).map(|r| r.explanation)
}

/// The README's rule table, made from the registry.
fn rules_table() -> String {
    let mut table = String::from("| code | name | severity | summary |\n|---|---|---|---|\n");
    for rule in RULES {
        table.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            rule.code,
            rule.name,
            rule.severity,
            rule.summary.replace('|', "\\|")
        ));
    }
    table
}

#[test]
fn every_rule_is_explained_with_every_section() {
    for rule in RULES {
        let text = explanation(rule.code)
            .unwrap_or_else(|| panic!("{} has no config-core/rules file", rule.code));
        let title = format!("# {}: {}\n", rule.code, rule.name);
        assert!(
            text.starts_with(&title),
            "{}: first line must be `{}`",
            rule.code,
            title.trim()
        );
        let severity = format!(
            "**Severity:** {} · **Summary:** {}",
            rule.severity, rule.summary
        );
        assert!(
            text.contains(&severity),
            "{}: must state `{severity}`",
            rule.code
        );
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## How to fix",
            "## References",
        ] {
            assert!(text.contains(section), "{} lacks `{section}`", rule.code);
        }
    }
    let files = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("config-core/rules"))
        .expect("config-core/rules")
        .count();
    assert_eq!(
        files,
        RULES.len(),
        "a config-core/rules file without a rule"
    );
}

#[test]
fn every_example_config_triggers_its_rule() {
    for rule in RULES {
        let text = explanation(rule.code).expect("docs");
        let example = text
            .split("## Example")
            .nth(1)
            .and_then(|s| s.split("```toml\n").nth(1))
            .and_then(|s| s.split("```").next());
        let example =
            example.unwrap_or_else(|| panic!("{}: no ```toml block under Example", rule.code));
        let loaded = mpconfig::load_str(example, mpconfig::Format::Toml, rule.code)
            .unwrap_or_else(|e| panic!("{}: {e}", rule.code));
        let findings = mpconfig::check(&loaded.config, &mpconfig::CheckOptions::default());
        assert!(
            findings.iter().any(|f| f.code == rule.code),
            "{}: its example does not trigger it",
            rule.code
        );
    }
}

#[test]
fn readme_rule_table_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let (before, rest) = readme
        .split_once(start)
        .expect("README has <!-- rules:start -->");
    let (_, after) = rest.split_once(end).expect("README has <!-- rules:end -->");
    let expected = format!("{before}{start}{}{end}{after}", rules_table());
    if std::env::var_os("MPCONFIG_UPDATE_README").is_some() {
        std::fs::write(&path, &expected).expect("write README");
        return;
    }
    assert!(
        readme == expected,
        "README's rule table is stale; run `MPCONFIG_UPDATE_README=1 cargo test --test rules_docs`"
    );
}

#[test]
fn explain_prints_and_lists() {
    let bin = env!("CARGO_BIN_EXE_mpconfig");
    let out = std::process::Command::new(bin)
        .args(["explain", "MP003"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# MP003: spawn-outside-windows"));
    let out = std::process::Command::new(bin)
        .args(["explain", "--list"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        RULES.len()
    );
    let out = std::process::Command::new(bin)
        .args(["explain", "MP999"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}
