//! When the bootstrap's settings take effect.

use schemars::JsonSchema;
use serde::Serialize;

/// When the generated bootstrap applies the multiprocessing settings.
///
/// ```
/// use mpconfig_core::Apply;
///
/// assert_eq!("startup".parse::<Apply>().unwrap(), Apply::Startup);
/// assert_eq!(Apply::default().to_string(), "on-import");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(description = "When the generated bootstrap applies the multiprocessing settings.")]
// Exhaustive on purpose, as `StartMethod`.
pub enum Apply {
    /// Lazily, right after `multiprocessing` is first imported: programs that
    /// never use multiprocessing pay nothing at start-up.
    #[default]
    OnImport,
    /// Eagerly, when the interpreter starts: imports `multiprocessing` up front.
    Startup,
}

super::named::named_values!(Apply, "apply mode", {
    OnImport => "on-import",
    Startup => "startup",
});
