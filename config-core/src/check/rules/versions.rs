//! Targets newer than the facts mpconfig encodes.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::platform::PythonVersion;
use crate::platform::Target;

pub(crate) fn unknown_python(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    (!t.version.is_known()).then(|| {
        ctx.finding(
            "check.targets",
            format!(
                "Python {} is newer than mpconfig knows: it is checked as {}",
                t.version,
                PythonVersion::NEWEST_KNOWN
            ),
        )
        .with_label(format!("checked as {}", PythonVersion::NEWEST_KNOWN))
    })
}
