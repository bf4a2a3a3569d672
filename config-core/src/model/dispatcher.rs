//! Who answers the command lines of children that re-execute the host.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::Serialize;

use super::ParseEnumError;

/// What answers multiprocessing's child command lines in the host, when
/// `auto_dispatch` says the host answers them: `[host] dispatcher`.
///
/// The rules assume only what they are told. With [`Dispatcher::Unknown`]
/// (the default: PyOxidizer, a hand-written dispatch) spawn outside
/// Windows is a risk (MP003: PyOxidizer's dispatch breaks spawn); with
/// [`Dispatcher::Mpconfig`] (`mpconfig run`, a host that calls
/// `mpconfig::host`'s dispatch) every child command line of every family
/// is answered, so spawn is safe on every OS.
///
/// ```
/// use mpconfig_core::Dispatcher;
///
/// assert_eq!("mpconfig".parse::<Dispatcher>().unwrap(), Dispatcher::Mpconfig);
/// assert_eq!(Dispatcher::default().to_string(), "unknown");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(
    description = "What answers multiprocessing's child command lines in the host: \"mpconfig\" (mpconfig run, or a host that calls mpconfig's dispatch: every form answered) or \"unknown\" (any other host; the rules assume only what auto_dispatch says)."
)]
#[non_exhaustive]
pub enum Dispatcher {
    /// Any other host (PyOxidizer, a dispatch of its own): the rules
    /// assume only what `auto_dispatch` says.
    #[default]
    Unknown,
    /// mpconfig's dispatch (`mpconfig run`, `mpconfig::host`): every child
    /// command line of every family answered, spawn included.
    Mpconfig,
}

impl Dispatcher {
    /// Every value, in declaration order.
    pub const ALL: [Dispatcher; 2] = [Dispatcher::Unknown, Dispatcher::Mpconfig];
    /// The names accepted by [`FromStr`].
    pub const NAMES: [&'static str; 2] = ["unknown", "mpconfig"];

    /// The name as written in a config file.
    pub const fn as_str(self) -> &'static str {
        match self {
            Dispatcher::Unknown => "unknown",
            Dispatcher::Mpconfig => "mpconfig",
        }
    }
}

impl fmt::Display for Dispatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Dispatcher {
    type Err = ParseEnumError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dispatcher::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| ParseEnumError::new("dispatcher", s, &Self::NAMES))
    }
}

impl crate::decode::Decode for Dispatcher {
    fn decode(
        d: &mut crate::decode::Decoder,
        node: &crate::syntax::Node,
        path: &str,
    ) -> Option<Self> {
        crate::decode::decode_name(d, node, path, "dispatcher", &Self::NAMES)
    }
}

crate::decode::serde_bridge::deserialize_through_decoder!(Dispatcher);
