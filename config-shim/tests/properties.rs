//! Property tests: no input makes the parser or the classifier panic, and
//! every literal value survives `Display` → `parse_literal`.

mod common;

use std::ffi::OsString;

use mpconfig_shim::{Classification, PyLiteral, PyStr, classify, parse_literal};
use proptest::prelude::*;

/// Pieces of real child command lines, so random argv often gets deep
/// into the strict path instead of stopping at NotAChild.
const VOCAB: &[&str] = &[
    "-c",
    "--multiprocessing-fork",
    "-O",
    "-OO",
    "-B",
    "-I",
    "-E",
    "-s",
    "-P",
    "-vv",
    "-X",
    "dev",
    "utf8=0",
    "-W",
    "-Werror",
    "--",
    "-",
    "tracker_fd=5",
    "pipe_handle=None",
    "parent_pid=12",
    "from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7)",
    "from multiprocessing.resource_tracker import main;main(5)",
    "from multiprocessing.forkserver import main; main(3, 4, ['__main__'], **{'sys_path': ['/a'], 'authkey_r': 5})",
    "import sys; from multiprocessing.forkserver import main; main(3, 4, [], sys_argv=sys.argv[1:], **{})",
];

/// Characters that matter to the literal and call grammar.
const ALPHABET: &str = "0123456789-+_.,:; ()[]{}'\"\\bruxUNn=*#\nаｍ\u{0}\u{7f}\u{dc}";

fn code_like() -> impl Strategy<Value = String> {
    let pick = prop::sample::select(
        VOCAB
            .iter()
            .filter(|v| v.contains('('))
            .copied()
            .collect::<Vec<_>>(),
    );
    let chars: Vec<char> = ALPHABET.chars().collect();
    (
        pick,
        prop::collection::vec(prop::sample::select(chars), 0..24),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(base, noise, at)| {
            // Splice noise in at a character boundary of the base.
            let cut = base
                .char_indices()
                .map(|(i, _)| i)
                .nth(at.index(base.chars().count()))
                .unwrap_or(base.len());
            let noise: String = noise.into_iter().collect();
            format!("{}{}{}", &base[..cut], noise, &base[cut..])
        })
}

fn arg() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(VOCAB).prop_map(str::to_owned),
        code_like(),
        any::<String>(),
    ]
}

fn literal() -> impl Strategy<Value = PyLiteral> {
    let string = prop_oneof![
        any::<String>().prop_map(PyStr::from),
        prop::collection::vec(0u32..0x11_0000, 0..6)
            .prop_map(|cps| PyStr::from_code_points(cps).expect("in range")),
    ];
    let leaf = prop_oneof![
        Just(PyLiteral::None),
        any::<bool>().prop_map(PyLiteral::Bool),
        any::<i64>().prop_map(PyLiteral::Int),
        string.clone().prop_map(PyLiteral::Str),
        prop::collection::vec(any::<u8>(), 0..8).prop_map(PyLiteral::Bytes),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(PyLiteral::List),
            prop::collection::vec(inner.clone(), 0..6).prop_map(PyLiteral::Tuple),
            prop::collection::btree_map(any::<String>(), inner, 0..5).prop_map(|m| {
                PyLiteral::Dict(m.into_iter().map(|(k, v)| (PyStr::from(k), v)).collect())
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn classify_never_panics(args in prop::collection::vec(arg(), 0..7)) {
        let mut argv: Vec<OsString> = vec!["host".into()];
        argv.extend(args.into_iter().map(OsString::from));
        if let Classification::Child(cmd) = classify(&argv) {
            // A child is always one of the fixed entry points.
            prop_assert!(cmd.module().starts_with("multiprocessing."));
        }
    }

    #[test]
    fn parse_literal_never_panics(text in any::<String>()) {
        let _ = parse_literal(&text);
    }

    #[test]
    fn parse_literal_never_panics_on_grammar_soup(text in code_like()) {
        let _ = parse_literal(&text);
    }

    #[test]
    fn display_parses_back(value in literal()) {
        let text = value.to_string();
        prop_assert_eq!(parse_literal(&text), Ok(value));
    }
}

#[cfg(unix)]
proptest! {
    #[test]
    fn classify_never_panics_on_bytes(args in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 0..6)) {
        let mut argv: Vec<OsString> = vec!["host".into()];
        argv.extend(args.into_iter().filter_map(common::bytes_to_os));
        let _ = classify(&argv);
    }
}
