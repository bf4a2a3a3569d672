//! What the host does with a command line, decided once for both sides:
//! the child (`dispatch`, which also checks provenance) and the parent
//! (the bootstrap asks before it execs a child the host would refuse, so a
//! pool fails at once with the reason instead of starting refused workers
//! forever).
//!
//! With `[interpreter] python_cli` on, a start that is not a child the host
//! answers — not a child at all, not exactly one of the forms, or a child
//! its parent did not mark — runs as `python` would run it instead of
//! being refused. A child that is refused for the host's settings
//! (`auto_dispatch` off, a family left out) stays refused: python_cli is
//! about the starts multiprocessing does not make.

use std::ffi::OsString;

use mpconfig_core::MultiprocessingConfig;

use crate::classify::{Classification, classify_for};
use crate::command::ChildCommand;
use crate::family::Family;
use crate::flags::CPythonVersion;
use crate::provenance::Provenance;
use crate::quote::quote_os;

/// The host's answer to a start of its binary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Not a child: the host's own `main`.
    NotAChild,
    /// Refused: the launch log's word for it, the family of the child
    /// (when it is one) and the message for stderr.
    Refuse {
        log: &'static str,
        family: Option<Family>,
        message: String,
    },
    /// A child to run.
    Run(ChildCommand),
    /// Not a child the host answers, and `python_cli` is on: run the
    /// command line as `python` would.
    Python,
}

/// Who asks [`decide`].
#[derive(Clone, Copy, Debug)]
pub(crate) enum Asker<'a> {
    /// The parent, before it execs the child; `package` is the library
    /// whose code execs it (what the child's mark will say).
    Parent { package: &'a str },
    /// The child itself, with its provenance checked.
    Child(&'a Provenance),
}

/// Decides what `argv` is for a host with settings `mp` linking CPython
/// `version`, asked by `asker`; `python_cli`: the `[interpreter]` setting.
pub(crate) fn decide(
    argv: &[OsString],
    mp: &MultiprocessingConfig,
    version: Option<CPythonVersion>,
    asker: Asker<'_>,
    python_cli: bool,
) -> Decision {
    let name = program_name(argv);
    let child = match classify_for(argv, version) {
        Classification::NotAChild | Classification::Rejected(_) if python_cli => {
            return Decision::Python;
        }
        Classification::NotAChild => return Decision::NotAChild,
        Classification::Rejected(reason) => {
            return Decision::Refuse {
                log: "rejected",
                family: None,
                message: format!(
                    "{name}: not a multiprocessing child command line; refusing to run it: {reason}"
                ),
            };
        }
        Classification::Child(child) => child,
    };
    // A line two families write (the frozen spawn line) is the family of
    // the package that started it.
    let package = match asker {
        Asker::Parent { package } => Some(package),
        Asker::Child(Provenance::Meant { package }) => Some(package.as_str()),
        Asker::Child(_) => None,
    };
    let child = package
        .and_then(Family::from_package)
        .and_then(|f| child.in_family(f))
        .unwrap_or(child);
    let what = format!("{} {}", child.family(), child.form().description());
    if !mp.auto_dispatch {
        return Decision::Refuse {
            log: "refused",
            family: Some(child.family()),
            message: format!(
                "{name}: refusing to run a multiprocessing child ({what}): auto_dispatch is false in this host's config"
            ),
        };
    }
    match asker {
        Asker::Child(Provenance::Unmarked | Provenance::Mismatch) if python_cli => {
            return Decision::Python;
        }
        Asker::Child(Provenance::Unmarked) => {
            return Decision::Refuse {
                log: "unverified",
                family: Some(child.family()),
                message: format!(
                    "{name}: refusing to run a multiprocessing child ({what}): it was not started by a process that ran mpconfig's bootstrap (no MPCONFIG_CHILD mark), so nothing it names is run; start it through multiprocessing in the host"
                ),
            };
        }
        Asker::Child(Provenance::Mismatch) => {
            return Decision::Refuse {
                log: "unverified",
                family: Some(child.family()),
                message: format!(
                    "{name}: refusing to run a multiprocessing child ({what}): its command line is not the one its parent started (MPCONFIG_CHILD does not match), so nothing it names is run"
                ),
            };
        }
        Asker::Parent { .. } | Asker::Child(Provenance::Meant { .. }) => {}
    }
    if !mp.families.contains(&child.family()) {
        let on: Vec<String> = mp.families.iter().map(|f| format!("\"{f}\"")).collect();
        return Decision::Refuse {
            log: "refused",
            family: Some(child.family()),
            message: format!(
                "{name}: refusing to run a {what}: the family \"{}\" is not in this host's `[multiprocessing] families = [{}]`; add it there to answer its children",
                child.family(),
                on.join(", ")
            ),
        };
    }
    Decision::Run(child)
}

/// argv[0]'s file name, quoted for a message.
fn program_name(argv: &[OsString]) -> String {
    let name = argv
        .first()
        .map(std::path::Path::new)
        .and_then(std::path::Path::file_name)
        .map_or_else(|| OsString::from("host"), |n| n.to_owned());
    let quoted = quote_os(&name);
    // Plain names read better without the quotes.
    let plain = &quoted[1..quoted.len() - 1];
    if plain
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-+".contains(c))
        && !plain.is_empty()
    {
        plain.to_owned()
    } else {
        quoted
    }
}
