//! Every command line in `tests/fixtures/*.json` — captured from real
//! CPython 3.8–3.13, 3.14.10 and 3.15.2, or emulated from 3.13.12+/3.14/main
//! sources by
//! `generate.py`, and from the real multiprocess, billiard, loky and joblib
//! by `generate_families.py` — classifies as the child the fixture says,
//! of the family it says, with the arguments Python's own
//! `ast.literal_eval` read from it.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{form_name, load_all, tagged};
use mpconfig_shim::{Classification, CommandForm, Family, PyLiteral, classify, parse_literal};

fn check_roundtrip(id: &str, value: &PyLiteral) {
    let text = value.to_string();
    assert_eq!(
        parse_literal(&text).as_ref(),
        Ok(value),
        "{id}: display of {value:?} does not parse back"
    );
}

#[test]
fn every_fixture_is_recognised_exactly() {
    let mut per_file = BTreeMap::new();
    let mut forms = BTreeSet::new();
    let mut families = BTreeSet::new();
    let mut skipped = 0;
    for (file, records) in load_all() {
        per_file.insert(file.clone(), records.len());
        for rec in records {
            let id = &rec.id;
            let Some(argv) = rec.os_argv() else {
                skipped += 1;
                continue;
            };
            let cmd = match classify(&argv) {
                Classification::Child(cmd) => cmd,
                other => panic!("{id}: expected a child, got {other:?}\nargv: {argv:?}"),
            };
            // A line two families write is read as the family of the
            // package the parent's mark names.
            let cmd = match &rec.package {
                None => cmd,
                Some(package) => {
                    let family = Family::from_package(package).expect("a family's package");
                    cmd.in_family(family)
                        .unwrap_or_else(|| panic!("{id}: {family} does not write {argv:?}"))
                }
            };
            let e = &rec.expect;
            let family = e.family.as_deref().unwrap_or("multiprocessing");
            assert_eq!(cmd.family().as_str(), family, "{id}: family");
            families.insert(family.to_owned());
            assert_eq!(form_name(cmd.form()), e.form, "{id}: form");
            assert_eq!(cmd.module(), e.module, "{id}: module");
            assert_eq!(cmd.function(), e.function, "{id}: function");
            let flags: Vec<String> = cmd
                .flags()
                .to_args()
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            assert_eq!(flags, e.flags, "{id}: flags");
            let positional: Vec<_> = cmd.positional().iter().map(tagged).collect();
            assert_eq!(positional, e.positional, "{id}: positional arguments");
            let keywords: Vec<_> = cmd
                .keywords()
                .iter()
                .map(|(k, v)| (k.clone(), tagged(v)))
                .collect();
            assert_eq!(keywords, e.keywords, "{id}: keyword arguments");
            let parent = e.parent_argv.as_ref().map(|a| {
                a.iter()
                    .map(|x| x.to_os().expect("representable"))
                    .collect::<Vec<_>>()
            });
            assert_eq!(
                cmd.parent_argv().map(<[_]>::to_vec),
                parent,
                "{id}: parent argv"
            );
            let sys_argv: Vec<_> = e
                .python_sys_argv
                .iter()
                .map(|x| x.to_os().expect("representable"))
                .collect();
            assert_eq!(
                cmd.python_sys_argv(),
                &sys_argv[..],
                "{id}: python sys.argv"
            );
            for v in cmd
                .positional()
                .iter()
                .chain(cmd.keywords().iter().map(|(_, v)| v))
            {
                check_roundtrip(id, v);
            }
            forms.insert(e.form.clone());
        }
    }
    println!("fixtures per file: {per_file:#?}");
    println!("forms seen: {forms:?}; skipped on this platform: {skipped}");
    // Every real CPython version 3.8–3.15 is present with a full matrix
    // (3.14 and 3.15: Debian's, captured in the root `.ci/sid.sh` makes).
    for minor in 8..=15 {
        let count = per_file
            .iter()
            .find(|(f, _)| f.starts_with(&format!("cpython-3.{minor}.")))
            .map_or(0, |(_, n)| *n);
        assert!(count >= 90, "cpython 3.{minor}: only {count} fixtures");
    }
    for variant in ["3.13.12", "3.13.13", "3.14.0", "3.14.3", "3.14.4", "main"] {
        assert!(
            per_file.contains_key(&format!("emulated-{variant}")),
            "missing emulated-{variant}"
        );
    }
    // Every family has fixtures from its real library.
    for family in Family::ALL {
        assert!(
            families.contains(family.as_str()),
            "no fixture for {family}"
        );
    }
    // Every form of the form table has fixtures.
    for form in CommandForm::ALL {
        assert!(
            forms.contains(form.name()),
            "no fixture for {}",
            form.name()
        );
    }
}

/// The crate docs' table of forms is the form table.
#[test]
fn the_docs_list_every_form() {
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs"))
        .expect("src/lib.rs");
    for form in CommandForm::ALL {
        let variant = format!("{form:?}");
        assert!(
            lib.lines()
                .any(|l| l.starts_with("//! |") && l.contains(&format!("`{variant}`"))),
            "src/lib.rs's table does not list {variant}"
        );
    }
}
