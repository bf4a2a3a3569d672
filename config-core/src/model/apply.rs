//! When the bootstrap's settings take effect.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::Serialize;

use super::ParseEnumError;

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

impl Apply {
    /// Every value, in declaration order.
    pub const ALL: [Apply; 2] = [Apply::OnImport, Apply::Startup];
    /// The names accepted by [`FromStr`].
    pub const NAMES: [&'static str; 2] = ["on-import", "startup"];

    /// The name as written in a config file.
    pub const fn as_str(self) -> &'static str {
        match self {
            Apply::OnImport => "on-import",
            Apply::Startup => "startup",
        }
    }
}

impl fmt::Display for Apply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Apply {
    type Err = ParseEnumError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Apply::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| ParseEnumError::new("apply mode", s, &Self::NAMES))
    }
}

impl crate::decode::Decode for Apply {
    fn decode(
        d: &mut crate::decode::Decoder,
        node: &crate::syntax::Node,
        path: &str,
    ) -> Option<Self> {
        crate::decode::decode_name(d, node, path, "apply mode", &Self::NAMES)
    }
}

crate::decode::serde_bridge::deserialize_through_decoder!(Apply);
