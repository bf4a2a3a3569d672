//! What the host does with a command line, decided once for both sides:
//! the child (`dispatch`, which also checks provenance) and the parent
//! (the bootstrap asks before it execs a child the host would refuse, so a
//! pool fails at once with the reason instead of starting refused workers
//! forever).

use std::ffi::OsString;

use mpconfig_core::MultiprocessingConfig;

use crate::classify::{Classification, classify_for};
use crate::command::ChildCommand;
use crate::flags::CPythonVersion;
use crate::provenance::Provenance;
use crate::quote::quote_os;

/// The host's answer to a start of its binary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Not a child: the host's own `main`.
    NotAChild,
    /// Refused: the launch log's word for it and the message for stderr.
    Refuse { log: &'static str, message: String },
    /// A child to run.
    Run(ChildCommand),
}

/// Decides what `argv` is for a host with settings `mp` linking CPython
/// `version`; `provenance` is the child's own check (`None` when the
/// parent asks before the child exists).
pub(crate) fn decide(
    argv: &[OsString],
    mp: &MultiprocessingConfig,
    version: Option<CPythonVersion>,
    provenance: Option<&Provenance>,
) -> Decision {
    let name = program_name(argv);
    match classify_for(argv, version) {
        Classification::NotAChild => Decision::NotAChild,
        Classification::Rejected(reason) => Decision::Refuse {
            log: "rejected",
            message: format!(
                "{name}: not a multiprocessing child command line; refusing to run it: {reason}"
            ),
        },
        Classification::Child(child) if !mp.auto_dispatch => Decision::Refuse {
            log: "refused",
            message: format!(
                "{name}: refusing to run a multiprocessing child ({}): auto_dispatch is false in this host's config",
                child.form().description()
            ),
        },
        Classification::Child(child) => match provenance {
            None | Some(Provenance::Meant { .. }) => Decision::Run(child),
            Some(Provenance::Unmarked) => Decision::Refuse {
                log: "unverified",
                message: format!(
                    "{name}: refusing to run a multiprocessing child ({}): it was not started by a process that ran mpconfig's bootstrap (no MPCONFIG_CHILD mark), so nothing it names is run; start it through multiprocessing in the host",
                    child.form().description()
                ),
            },
            Some(Provenance::Mismatch) => Decision::Refuse {
                log: "unverified",
                message: format!(
                    "{name}: refusing to run a multiprocessing child ({}): its command line is not the one its parent started (MPCONFIG_CHILD does not match), so nothing it names is run",
                    child.form().description()
                ),
            },
        },
    }
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
