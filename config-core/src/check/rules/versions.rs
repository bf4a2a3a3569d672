//! Targets newer than the facts mpconfig encodes.

use super::{Context, Hit};
use crate::check::Target;
use crate::model::PythonVersion;

pub(crate) fn unknown_python(_: &Context<'_>, t: Target) -> Option<Hit> {
    (!t.version.is_known()).then(|| {
        Hit::new(
            "check.targets",
            format!(
                "Python {} is newer than mpconfig knows: it is checked as {}",
                t.version,
                PythonVersion::NEWEST_KNOWN
            ),
        )
        .label(format!("checked as {}", PythonVersion::NEWEST_KNOWN))
    })
}
