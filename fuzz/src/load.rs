//! `load_toml` and `load_json`: the config loaders.
//!
//! * Never a panic, whatever the text.
//! * An invalid config has at least one issue; every issue's span lies
//!   inside the text, on character boundaries, at a line:col of at least
//!   1:1; its message and key path are short; its diagnostic names
//!   `file:line:col`; rendering every issue (with and without colour, wide
//!   and narrow) does not panic, names the position, and stays bounded in
//!   size.
//! * A valid config: every span of its source map lies inside the text;
//!   the rules run on it and their diagnostics render; serializing it to
//!   TOML and to JSON and loading that back gives the same config.

use mpconfig_core::{
    CheckOptions, Format, InvalidConfig, LoadError, Loaded, RenderOptions, SourceFile, Span, check,
    load_str, render,
};

use crate::MAX_INPUT;

/// The name the fuzzed text is loaded under.
pub const NAME: &str = "fuzz.cfg";

/// Rendered diagnostics longer than this per issue are a bug: a huge input
/// must not become a huge message.
const MAX_RENDERED_PER_ISSUE: usize = 16 * 1024;

/// Loads `data` (lossily decoded as UTF-8) as `format` and checks every
/// invariant above.
pub fn check_load(data: &[u8], format: Format) {
    if data.len() > MAX_INPUT {
        return;
    }
    let text = String::from_utf8_lossy(data);
    match load_str(&text, format, NAME) {
        Ok(loaded) => check_loaded(&loaded),
        Err(LoadError::Invalid(invalid)) => check_invalid(&invalid),
        Err(LoadError::Io { .. }) => panic!("load_str returned an I/O error"),
    }
}

fn check_span(file: &SourceFile, span: Span, what: &str) {
    let text = file.text();
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
    let lc = file.line_col(span.start);
    assert!(lc.line >= 1 && lc.column >= 1, "{what}: line:col {lc}");
    let lines = text.split('\n').count();
    assert!(lc.line <= lines, "{what}: line {} of {lines}", lc.line);
}

/// Every issue of an invalid config points into the text and renders.
pub fn check_invalid(invalid: &InvalidConfig) {
    assert!(
        !invalid.issues.is_empty(),
        "an invalid config with no issue"
    );
    let file = &invalid.source;
    for issue in &invalid.issues {
        let span = issue.span().expect("an issue points into the file");
        check_span(file, span, &format!("issue {:?}", issue.message));
        assert!(!issue.message.is_empty(), "issue without a message");
        // Messages and key paths quote the file in short (`check --format
        // json` prints both).
        assert!(
            issue.message.len() <= 1024,
            "a message of {} bytes",
            issue.message.len()
        );
        let path = issue.key_path.as_deref().unwrap_or_default();
        assert!(path.len() <= 256, "a key path of {} bytes", path.len());
    }
    let diagnostics = invalid.diagnostics();
    assert_eq!(diagnostics.len(), invalid.issues.len());
    for (d, issue) in diagnostics.iter().zip(&invalid.issues) {
        let start = issue.span().expect("an issue points into the file").start;
        let position = format!("{NAME}:{}", file.line_col(start));
        assert_eq!(d.position().as_deref(), Some(position.as_str()));
        for options in render_options() {
            let text = render(d, options);
            assert!(
                text.contains(&position),
                "rendered issue does not name {position}:\n{text}"
            );
            assert!(
                text.len() <= MAX_RENDERED_PER_ISSUE,
                "rendered issue is {} bytes",
                text.len()
            );
        }
    }
    let all = invalid.render(RenderOptions::default());
    assert!(all.len() <= MAX_RENDERED_PER_ISSUE * invalid.issues.len());
    let _ = LoadError::Invalid(invalid.clone()).to_string();
}

fn render_options() -> [RenderOptions; 2] {
    [
        RenderOptions::default(),
        RenderOptions {
            color: true,
            width: 20,
        },
    ]
}

/// A valid config maps into its text, checks, and survives serialization.
pub fn check_loaded(loaded: &Loaded) {
    for (path, entry) in loaded.source_map.iter() {
        if let Some(key) = entry.key {
            check_span(&loaded.source, key, path);
        }
        check_span(&loaded.source, entry.value, path);
    }

    let options = CheckOptions::default().no_filesystem(true);
    for finding in check(&loaded.config, &options) {
        let d = finding.locate(&loaded.source, &loaded.source_map);
        if let Some(location) = &d.location {
            check_span(&location.file, location.span, &d.message);
        }
        let _ = render(&d, RenderOptions::default());
    }

    let as_toml = toml::to_string(&loaded.config).expect("a loaded config serializes to TOML");
    let back = load_str(&as_toml, Format::Toml, "round-trip.toml").unwrap_or_else(|e| {
        panic!("TOML written from a loaded config does not load: {e}\n{as_toml}")
    });
    assert_eq!(back.config, loaded.config, "TOML round trip\n{as_toml}");

    let as_json =
        serde_json::to_string_pretty(&loaded.config).expect("a loaded config serializes to JSON");
    let back = load_str(&as_json, Format::Json, "round-trip.json").unwrap_or_else(|e| {
        panic!("JSON written from a loaded config does not load: {e}\n{as_json}")
    });
    assert_eq!(back.config, loaded.config, "JSON round trip\n{as_json}");
}
