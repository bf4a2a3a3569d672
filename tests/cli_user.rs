//! The command line as a new user meets it: a fresh `mpconfig init` checks
//! clean, `explain` reads as text (styled on a terminal), `--list` lines
//! up, the JSON report places and names each finding, and a misspelt
//! target gets a suggestion.

use mpconfig::RULES;
use mpconfig_test_support::TempDir;
use mpconfig_test_support::cli::{Cli, CliRun};

fn mpconfig(args: &[&str]) -> CliRun {
    Cli::new(env!("CARGO_BIN_EXE_mpconfig"), args).checked()
}

#[test]
fn init_then_check_has_no_findings_for_the_targets_it_writes() {
    let dir = TempDir::new("cli-user-init");
    let run = Cli::new(env!("CARGO_BIN_EXE_mpconfig"), &["init"])
        .cwd(dir.path())
        .checked();
    run.expect(0, "wrote mpconfig.toml");
    let run = Cli::new(
        env!("CARGO_BIN_EXE_mpconfig"),
        &["check", "--deny-warnings"],
    )
    .cwd(dir.path())
    .checked();
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert_eq!(
        run.stdout,
        "checked 1 file: 0 errors, 0 warnings, 0 notes\n"
    );
    let starter = std::fs::read_to_string(dir.join("mpconfig.toml")).expect("starter");
    assert!(starter.contains("targets = [\"linux\", \"windows\"]\n"));
    assert!(starter.contains("dispatcher = \"mpconfig\"\n"));
    // What the starter says about macOS holds: spawn with it checks clean.
    let mac = starter
        .replace("start_method = \"auto\"", "start_method = \"spawn\"")
        .replace(
            "targets = [\"linux\", \"windows\"]",
            "targets = [\"linux\", \"macos\", \"windows\"]",
        );
    let path = dir.write("mac.toml", &mac);
    let run = mpconfig(&["check", "--deny-warnings", path.to_str().expect("utf-8")]);
    assert_eq!(run.code, Some(0), "{}", run.all());
}

#[test]
fn explain_piped_is_plain_text_with_public_references_only() {
    for rule in RULES {
        let run = mpconfig(&["explain", rule.code]);
        assert_eq!(run.code, Some(0), "{}", run.all());
        let text = &run.stdout;
        assert!(
            text.starts_with(&format!(
                "# {}: {}\n\nSeverity: {} · Summary: {}\n",
                rule.code, rule.name, rule.severity, rule.summary
            )),
            "{text}"
        );
        for marker in ["**", "```", "]("] {
            assert!(
                !text.contains(marker),
                "{}: {marker:?} in\n{text}",
                rule.code
            );
        }
        // Examples are indented blocks.
        assert!(text.contains("\n    [multiprocessing]\n"), "{}", rule.code);
        let references = text
            .split("## References\n")
            .nth(1)
            .unwrap_or_else(|| panic!("{}: no references", rule.code));
        for line in references.lines().filter(|l| !l.is_empty()) {
            assert!(
                line.starts_with("- ") && line.contains("<https://"),
                "{}: a reference that is not a public link: {line}",
                rule.code
            );
            for internal in ["Seed", ".txt", "DESIGN.md", "seeds/"] {
                assert!(!line.contains(internal), "{}: {line}", rule.code);
            }
        }
    }
}

#[test]
fn explain_on_a_terminal_is_styled_without_markdown_marks() {
    let out = Cli::new(
        env!("CARGO_BIN_EXE_mpconfig"),
        &["explain", "MP007", "--color", "always"],
    )
    .output();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("\x1b[1m\x1b[4mMP007: fork-on-macos\x1b[0m\n"),
        "{text:?}"
    );
    assert!(text.contains("\x1b[1mHow to fix\x1b[0m\n"), "{text:?}");
    for marker in ["**", "```", "`", "## "] {
        assert!(!text.contains(marker), "{marker:?} in {text:?}");
    }
}

#[test]
fn explain_list_columns_line_up() {
    let run = mpconfig(&["explain", "--list"]);
    assert_eq!(run.code, Some(0));
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), RULES.len());
    // Each column starts at the same character on every line.
    for (column, field) in [(1, "severity"), (2, "name"), (3, "summary")] {
        let starts: Vec<usize> = lines
            .iter()
            .zip(RULES)
            .map(|(line, rule)| {
                let word = match column {
                    1 => rule.severity.as_str(),
                    2 => rule.name,
                    _ => rule.summary,
                };
                line.char_indices()
                    .filter(|&(i, _)| line[i..].starts_with(word))
                    .map(|(i, _)| line[..i].chars().count())
                    .next_back()
                    .unwrap_or_else(|| panic!("{word} not in {line}"))
            })
            .collect();
        assert!(
            starts.windows(2).all(|w| w[0] == w[1]),
            "the {field} column starts at {starts:?}"
        );
    }
    assert!(lines[2].starts_with("MP003  warning  spawn-outside-windows "));
}

#[test]
fn json_findings_carry_end_position_rule_name_and_docs_url() {
    let dir = TempDir::new("cli-user-json");
    let path = dir.write(
        "fork.toml",
        "[multiprocessing]\nstart_method = \"fork\"\n[check]\ntargets = [\"windows:3.12\"]\n",
    );
    let bad = dir.write("bad.toml", "[multiprocessing]\nstart_method = \"spwan\"\n");
    let run = mpconfig(&[
        "check",
        "--format",
        "json",
        path.to_str().expect("utf-8"),
        bad.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let rule = &report["diagnostics"][0];
    assert_eq!(rule["code"], "MP001");
    assert_eq!(rule["name"], "fork-on-windows");
    assert_eq!(
        rule["url"],
        "https://github.com/mpconfig/mpconfig/blob/main/config-core/rules/MP001.md"
    );
    // `start_method` (the key) on line 2, columns 1 to 13 (exclusive).
    assert_eq!(
        [
            &rule["line"],
            &rule["column"],
            &rule["end_line"],
            &rule["end_column"]
        ],
        [2, 1, 2, 13]
    );
    let load = &report["diagnostics"][1];
    assert_eq!(load["code"], "invalid-value");
    assert!(load["name"].is_null() && load["url"].is_null());
    // `"spwan"`, quotes included: columns 16 to 23.
    assert_eq!(
        [
            &load["line"],
            &load["column"],
            &load["end_line"],
            &load["end_column"]
        ],
        [2, 16, 2, 23]
    );
}

#[test]
fn a_misspelt_target_os_gets_a_suggestion_and_a_foreign_triple_a_reason() {
    for (given, meant) in [
        ("win", "windows"),
        ("Win32:3.12", "windows"),
        ("osx", "macos"),
        ("darwin:3.13", "macos"),
        ("linx", "linux"),
    ] {
        let run = mpconfig(&["check", "--target", given, "--no-filesystem"]);
        run.expect(2, &format!("did you mean `{meant}`?"));
    }
    let run = mpconfig(&["check", "--target", "x86_64-unknown-freebsd"]);
    run.expect(
        2,
        "`x86_64-unknown-freebsd` is a target triple for an OS mpconfig has no rules for: it checks Linux, macOS and Windows",
    );
    let dir = TempDir::new("cli-user-targets");
    let path = dir.write(
        "t.toml",
        "[check]\ntargets = [\"win\", \"aarch64-linux-android\"]\n",
    );
    let run = mpconfig(&["check", path.to_str().expect("utf-8")]);
    run.expect(1, "= help: did you mean `windows`?");
    // A triple that names linux is Linux (Android included): one error only.
    assert!(
        run.stdout
            .ends_with("checked 1 file: 1 error, 0 warnings, 0 notes\n"),
        "{}",
        run.stdout
    );
}
