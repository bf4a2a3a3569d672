//! The loader on hostile and unusual input: never a panic, always a position.

use mpconfig_core::{
    Diagnostic, Format, LoadError, LoadIssueKind, StartMethod, load_path, load_str,
};

/// The kind of a load mistake.
fn kind(issue: &Diagnostic) -> LoadIssueKind {
    issue.code.load_kind().expect("a load mistake")
}

/// Where a load mistake starts.
fn start_of(issue: &Diagnostic) -> usize {
    issue.span().expect("located").start
}

fn issues(text: &str, format: Format) -> Vec<(LoadIssueKind, String)> {
    match load_str(text, format, "x") {
        Ok(_) => Vec::new(),
        Err(LoadError::Invalid(inv)) => inv
            .issues
            .iter()
            .map(|i| (kind(i), inv.source.line_col(start_of(i)).to_string()))
            .collect(),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn empty_documents_are_valid() {
    for (text, format) in [
        ("", Format::Toml),
        ("\n# only a comment\n", Format::Toml),
        ("{}", Format::Json),
    ] {
        let loaded = load_str(text, format, "x").expect("valid");
        assert_eq!(loaded.config, Default::default());
    }
}

#[test]
fn every_mistake_is_reported_with_its_position() {
    let text = "[multiprocessing]\nstart_method = \"spwan\"\nsys_frozen = 1\n\n[hots]\n";
    assert_eq!(
        issues(text, Format::Toml),
        vec![
            (LoadIssueKind::InvalidValue, "2:16".to_owned()),
            (LoadIssueKind::WrongType, "3:14".to_owned()),
            (LoadIssueKind::UnknownKey, "5:2".to_owned()),
        ]
    );
}

#[test]
fn json_duplicate_keys_are_errors() {
    let text = "{\"host\": {}, \"host\": {\"multithreaded\": true}}";
    assert_eq!(
        issues(text, Format::Json),
        vec![(LoadIssueKind::DuplicateKey, "1:14".to_owned())]
    );
}

#[test]
fn json_extensions_are_syntax_errors() {
    for text in [
        "{\"host\": {},}",
        "// c\n{}",
        "{'host': {}}",
        "{host: {}}",
        "[1, 2",
        "{\"a\": NaN}",
        "{} {}",
    ] {
        let got = issues(text, Format::Json);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].0, LoadIssueKind::Syntax, "{text}");
    }
}

#[test]
fn json_root_must_be_an_object() {
    assert_eq!(
        issues("[]", Format::Json),
        vec![(LoadIssueKind::WrongType, "1:1".to_owned())]
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for n in [200, 100_000] {
        let json = format!("{{\"a\": {}{}}}", "[".repeat(n), "]".repeat(n));
        assert_eq!(issues(&json, Format::Json)[0].0, LoadIssueKind::Syntax);
        let toml = format!("a = {}1{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(issues(&toml, Format::Toml)[0].0, LoadIssueKind::Syntax);
        let toml = format!("a = {}1{}", "{b=".repeat(n), "}".repeat(n));
        assert_eq!(issues(&toml, Format::Toml)[0].0, LoadIssueKind::Syntax);
    }
}

#[test]
fn huge_strings_load_and_are_cut_in_messages() {
    let big = "x".repeat(10 * 1024 * 1024);
    let text = format!("[multiprocessing]\nexecutable = \"/{big}\"\n");
    let loaded = load_str(&text, Format::Toml, "x").expect("a long path is still a path");
    assert_eq!(
        loaded.config.multiprocessing.executable.to_string().len(),
        big.len() + 1
    );

    let text = format!("[multiprocessing]\nstart_method = \"{big}\"\n");
    let Err(LoadError::Invalid(inv)) = load_str(&text, Format::Toml, "x") else {
        panic!()
    };
    let rendered = inv.render(Default::default());
    assert!(rendered.len() < 2_000, "{} bytes", rendered.len());
    assert!(rendered.contains("--> x:2:16"), "{rendered}");
}

/// Regression (found by the bad-input CLI tests): the key path of an
/// unknown or duplicate key held the whole key, so `check --format json`
/// printed a 2 MB key in full. It is cut like the message.
#[test]
fn huge_unknown_and_duplicate_keys_are_cut_in_key_paths() {
    let big = "k".repeat(2 * 1024 * 1024);
    for (text, format) in [
        (format!("{{\"{big}\": 1}}"), Format::Json),
        (
            format!("{{\"host\": {{\"{big}\": 1, \"{big}\": 2}}}}"),
            Format::Json,
        ),
        (format!("[multiprocessing]\n{big} = 1\n"), Format::Toml),
    ] {
        let Err(LoadError::Invalid(inv)) = load_str(&text, format, "x") else {
            panic!("{format:?}: a huge unknown key must be invalid")
        };
        for issue in &inv.issues {
            let path = issue.key_path.as_deref().unwrap_or_default();
            assert!(
                path.len() < 200,
                "{format:?}: key path of {} bytes",
                path.len()
            );
            assert!(
                issue.message.len() < 200,
                "{format:?}: message of {} bytes",
                issue.message.len()
            );
        }
    }
}

/// Regression (found by fuzzing `load_toml`): an invalid target's message
/// quoted the target a second time, through the target error, in full and
/// unescaped — a 300-character target made a 1 KB message, a control
/// character went into it raw.
#[test]
fn invalid_targets_are_quoted_short_and_escaped() {
    let junk = "\u{fffd}".repeat(300);
    let text = format!(
        "[check]\ntargets = [\"{junk}\", \"linux:{junk}\", \"\\u001b[31m\", \"linux:3.x\"]\n"
    );
    let Err(LoadError::Invalid(inv)) = load_str(&text, Format::Toml, "x") else {
        panic!("invalid targets must be invalid")
    };
    let messages: Vec<&str> = inv.issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    for m in &messages {
        assert!(m.len() < 600, "a message of {} bytes", m.len());
        assert!(!m.contains('\u{1b}'), "raw escape in {m:?}");
    }
    assert_eq!(
        messages[2],
        "invalid target `\\u{1b}[31m`: unknown target OS `\\u{1b}[31m`: expected linux, macos, macos-framework, windows, or a Rust target triple"
    );
    // Ordinary mistakes read as before.
    assert_eq!(
        messages[3],
        "invalid target `linux:3.x`: malformed Python version `3.x`: expected `3.X`, e.g. `3.12`"
    );
}

/// Regression (found by the bad-input CLI tests): each key was checked for
/// a duplicate against a list of the keys before it, so 200 000 keys took
/// most of a minute even in a release build. 10 000 distinct keys then
/// 400 000 repeats of one: the list made that 4·10⁹ string comparisons
/// (about a minute in a debug build); a set makes it a few seconds. The
/// bound leaves room for a loaded machine.
#[test]
fn many_keys_load_in_linear_time() {
    let distinct = (0..10_000).map(|i| format!("\"k{i}\": 0"));
    let repeats = std::iter::repeat_n("\"k9999\": 0".to_owned(), 400_000);
    let text = format!(
        "{{{}}}",
        distinct.chain(repeats).collect::<Vec<_>>().join(",\n")
    );
    let start = std::time::Instant::now();
    let Err(LoadError::Invalid(inv)) = load_str(&text, Format::Json, "x") else {
        panic!("unknown and duplicate keys must be invalid")
    };
    let took = start.elapsed();
    assert_eq!(inv.issues.len(), 410_000);
    let last = &inv.issues[409_999];
    assert_eq!(kind(last), LoadIssueKind::DuplicateKey);
    assert_eq!(inv.source.line_col(start_of(last)).to_string(), "410000:1");
    assert!(took.as_secs() < 30, "410 000 keys took {took:?}");
}

#[test]
fn binary_junk_is_a_syntax_error() {
    let mut state = 0x2545_f491_u32;
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..256)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        for format in [Format::Toml, Format::Json] {
            if let Err(LoadError::Invalid(inv)) = load_str(&text, format, "x") {
                assert!(!inv.issues.is_empty());
                let _ = inv.render(Default::default());
            }
        }
    }
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = "\u{feff}[multiprocessing]\r\nstart_method = \"fork\"\r\n";
    let loaded = load_str(text, Format::Toml, "x").expect("valid");
    assert_eq!(
        loaded.config.multiprocessing.start_method,
        StartMethod::Fork
    );
    let text = "\u{feff}[multiprocessing]\r\nstart_method = \"frok\"\r\n";
    assert_eq!(
        issues(text, Format::Toml),
        vec![(LoadIssueKind::InvalidValue, "2:16".to_owned())]
    );
}

#[test]
fn files_that_cannot_be_read_are_io_errors() {
    let dir = mpconfig_test_support::TempDir::new("loader");
    assert!(matches!(
        load_path(dir.join("missing.toml")),
        Err(LoadError::Io { .. })
    ));
    assert!(matches!(load_path(dir.path()), Err(LoadError::Io { .. })));
    let bad = dir.join("latin1.toml");
    std::fs::write(&bad, b"[host]\nmultithreaded = tr\xfce\n").expect("write");
    let Err(LoadError::Invalid(inv)) = load_path(&bad) else {
        panic!("not UTF-8 must be invalid")
    };
    assert_eq!(kind(&inv.issues[0]), LoadIssueKind::Encoding);
    assert_eq!(
        inv.source.line_col(start_of(&inv.issues[0])).to_string(),
        "2:19"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Regression (found by the bad-input CLI tests): a device or pipe reports
/// no length, so the size limit was never applied and `/dev/zero` was read
/// until memory ran out. It now stops one byte past `MAX_FILE_SIZE`.
#[cfg(unix)]
#[test]
fn endless_devices_stop_at_the_size_limit() {
    let zero = std::path::Path::new("/dev/zero");
    if !zero.exists() {
        return;
    }
    match load_path(zero) {
        Err(LoadError::Io { error, .. }) => {
            assert_eq!(error.kind(), std::io::ErrorKind::FileTooLarge);
            assert_eq!(
                error.to_string(),
                format!(
                    "more than the {} bytes a config may have",
                    mpconfig_core::MAX_FILE_SIZE
                )
            );
        }
        other => panic!("/dev/zero: {other:?}"),
    }
}

#[test]
fn format_follows_extension_then_content() {
    let dir = mpconfig_test_support::TempDir::new("format");
    let p = dir.join("config");
    std::fs::write(&p, "{\"multiprocessing\": {\"start_method\": \"spawn\"}}").expect("write");
    assert_eq!(load_path(&p).expect("json").format, Format::Json);
    std::fs::write(&p, "[multiprocessing]\nstart_method = \"spawn\"").expect("write");
    assert_eq!(load_path(&p).expect("toml").format, Format::Toml);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn interpreter_table_loads_and_reports_mistakes() {
    let loaded = load_str(
        "[interpreter]\nisolated = true\nsite = false\n",
        Format::Toml,
        "x",
    )
    .expect("valid");
    assert!(loaded.config.interpreter.isolated);
    assert!(!loaded.config.interpreter.site);
    assert!(loaded.source_map.get("interpreter.site").is_some());

    let text = "[interpreter]\nisolated = \"true\"\nsites = false\n";
    assert_eq!(
        issues(text, Format::Toml),
        vec![
            (LoadIssueKind::WrongType, "2:12".to_owned()),
            (LoadIssueKind::UnknownKey, "3:1".to_owned()),
        ]
    );
    let Err(LoadError::Invalid(inv)) = load_str(text, Format::Toml, "x") else {
        panic!("invalid");
    };
    assert_eq!(
        inv.issues[0].help.as_deref(),
        Some("write `true` without quotes")
    );
    assert_eq!(inv.issues[1].help.as_deref(), Some("did you mean `site`?"));

    // A key of [interpreter] written in another table says where it belongs.
    let Err(LoadError::Invalid(inv)) =
        load_str("[multiprocessing]\nisolated = true\n", Format::Toml, "x")
    else {
        panic!("invalid");
    };
    assert_eq!(
        inv.issues[0].help.as_deref(),
        Some("`isolated` belongs in the `[interpreter]` table")
    );
}

/// `forkserver_preload_on_error` and `python_cli`: a value of the wrong
/// kind is a located error with a suggestion, in a file and through serde
/// (the environment's JSON) alike.
#[test]
fn preload_on_error_and_python_cli_report_mistakes() {
    let text = "[multiprocessing]\nforkserver_preload_on_error = \"wran\"\n[interpreter]\npython_cli = \"yes\"\n";
    assert_eq!(
        issues(text, Format::Toml),
        vec![
            (LoadIssueKind::InvalidValue, "2:31".to_owned()),
            (LoadIssueKind::WrongType, "4:14".to_owned()),
        ]
    );
    let Err(LoadError::Invalid(inv)) = load_str(text, Format::Toml, "x") else {
        panic!("invalid");
    };
    assert_eq!(inv.issues[0].message, "unknown preload error policy `wran`");
    assert_eq!(
        inv.issues[0].help.as_deref(),
        Some("did you mean `warn`? expected one of `ignore`, `warn`, `fail`")
    );
    let json = r#"{"multiprocessing": {"forkserver_preload_on_error": 1}}"#;
    assert_eq!(
        issues(json, Format::Json),
        vec![(LoadIssueKind::WrongType, "1:53".to_owned())]
    );
    let err = serde_json::from_str::<mpconfig_core::MultiprocessingConfig>(
        r#"{"forkserver_preload_on_error": "Fail"}"#,
    )
    .expect_err("invalid");
    assert!(
        err.to_string()
            .starts_with("unknown preload error policy `Fail` (did you mean `fail`?"),
        "{err}"
    );
}
