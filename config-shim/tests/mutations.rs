//! Every fixture, mutated in ways that keep it looking like a child command
//! line, must be rejected: appended statements, extra or missing arguments,
//! look-alike letters, non-canonical spacing, a split `-c` string, unknown
//! or duplicated options, a `-m` worker's arguments out of shape.

mod common;

use std::ffi::OsString;

use common::load_all;
use mpconfig_shim::{Classification, classify};

/// The families' frozen spawn flags.
const FLAGS: [&str; 2] = ["--multiprocessing-fork", "--billiard-fork"];

fn is_flag(arg: &OsString) -> bool {
    FLAGS.iter().any(|f| arg == f)
}

type Mutation = (&'static str, Vec<OsString>);

fn replace_at(argv: &[OsString], i: usize, with: Vec<OsString>) -> Vec<OsString> {
    let mut out = argv[..i].to_vec();
    out.extend(with);
    out.extend_from_slice(&argv[i + 1..]);
    out
}

fn code_mutations(argv: &[OsString], c: usize, trailing_form: bool) -> Vec<Mutation> {
    let code = argv[c + 1]
        .to_str()
        .expect("fixture code is UTF-8")
        .to_owned();
    let with_code = |new: String| replace_at(argv, c + 1, vec![new.into()]);
    let mut out: Vec<Mutation> = vec![
        (
            "statement appended",
            with_code(format!("{code}; import os")),
        ),
        ("newline appended", with_code(format!("{code}\n"))),
        (
            "call as an extra argument",
            with_code(format!("{}, __import__('os'))", &code[..code.len() - 1])),
        ),
        (
            "look-alike letter",
            with_code(code.replacen("import", "impоrt", 1)),
        ),
        ("space after (", with_code(code.replacen('(', "( ", 1))),
        (
            "unknown option before -c",
            replace_at(argv, c, vec!["-i".into(), "-c".into()]),
        ),
    ];
    if let Some(i) = code.find(';') {
        out.push((
            "-c string split in two",
            replace_at(argv, c + 1, vec![code[..=i].into(), code[i + 1..].into()]),
        ));
    }
    if let Some(i) = code.find("=").and_then(|_| code.find(", ")) {
        let mut squeezed = code.clone();
        squeezed.replace_range(i..i + 2, ",");
        out.push(("separator without space", with_code(squeezed)));
    }
    if !trailing_form {
        let mut extra = argv.to_vec();
        extra.push("extra".into());
        out.push(("extra trailing argument", extra));
    }
    if argv.last().is_some_and(is_flag) && !trailing_form {
        out.push(("spawn marker dropped", argv[..argv.len() - 1].to_vec()));
    }
    if let Some(first) = argv[1..c]
        .first()
        .filter(|f| !f.to_string_lossy().starts_with("-W") && *f != "-X")
    {
        out.push((
            "option repeated",
            replace_at(argv, 1, vec![first.clone(), first.clone()]),
        ));
    }
    out
}

fn frozen_mutations(argv: &[OsString]) -> Vec<Mutation> {
    let flag = argv[1].clone();
    let last = argv
        .last()
        .expect("frozen argv")
        .to_string_lossy()
        .into_owned();
    // A look-alike letter in the name, or a look-alike digit in a bare handle.
    let look_alike = if last.contains('p') {
        last.replacen('p', "р", 1)
    } else {
        last.replacen(|c: char| c.is_ascii_digit(), "١", 1)
    };
    let mut extra = argv.to_vec();
    extra.push("x=1".into());
    vec![
        ("extra name=value", extra),
        ("one argument dropped", argv[..argv.len() - 1].to_vec()),
        (
            "statement in a value",
            replace_at(
                argv,
                argv.len() - 1,
                vec![format!("{last};import os").into()],
            ),
        ),
        (
            "option before the marker",
            replace_at(argv, 1, vec!["-O".into(), flag]),
        ),
        (
            "look-alike key",
            replace_at(argv, argv.len() - 1, vec![look_alike.into()]),
        ),
    ]
}

/// `-m MODULE --process-name NAME --pipe N`.
fn module_mutations(argv: &[OsString]) -> Vec<Mutation> {
    let module = argv[2].to_string_lossy().into_owned();
    let mut extra = argv.to_vec();
    extra.push("--pipe".into());
    let with_fd = |fd: &str| replace_at(argv, 6, vec![fd.into()]);
    vec![
        ("extra trailing argument", extra),
        ("one argument dropped", argv[..argv.len() - 1].to_vec()),
        ("statement in the fd", with_fd("5; import os")),
        ("fd with a leading zero", with_fd("05")),
        ("negative fd", with_fd("-1")),
        ("hex fd", with_fd("0x5")),
        (
            "option before -m",
            replace_at(argv, 1, vec!["-O".into(), "-m".into()]),
        ),
        (
            "look-alike module",
            replace_at(argv, 2, vec![module.replacen('o', "о", 1).into()]),
        ),
        (
            "module with a suffix",
            replace_at(argv, 2, vec![format!("{module}.x").into()]),
        ),
        (
            "arguments swapped",
            [&argv[..3], &argv[5..7], &argv[3..5]].concat(),
        ),
        (
            "glued --process-name=",
            replace_at(
                argv,
                3,
                vec![format!("--process-name={}", argv[4].to_string_lossy()).into()],
            )
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i != 4)
            .map(|(_, a)| a)
            .collect(),
        ),
        (
            "glued -m",
            replace_at(argv, 1, vec![format!("-m{module}").into()])
                .into_iter()
                .enumerate()
                .filter(|(i, _)| *i != 2)
                .map(|(_, a)| a)
                .collect(),
        ),
    ]
}

#[test]
fn mutated_fixtures_are_rejected() {
    let mut checked = 0;
    for (_, records) in load_all() {
        for rec in records {
            let Some(argv) = rec.os_argv() else { continue };
            let mutations = if is_flag(&argv[1]) {
                frozen_mutations(&argv)
            } else if argv[1] == "-m" {
                module_mutations(&argv)
            } else {
                let c = argv.iter().position(|a| a == "-c").expect("fixture has -c");
                code_mutations(&argv, c, rec.expect.form == "forkserver_sys_argv_trailing")
            };
            for (name, mutated) in mutations {
                match classify(&mutated) {
                    Classification::Rejected(_) => checked += 1,
                    other => panic!(
                        "{} / {name}: expected Rejected, got {other:?}\nargv: {mutated:?}",
                        rec.id
                    ),
                }
            }
        }
    }
    println!("{checked} mutated command lines rejected");
    assert!(checked > 10_000);
}
