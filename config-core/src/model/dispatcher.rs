//! Who answers the command lines of children that re-execute the host.

use schemars::JsonSchema;
use serde::Serialize;

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

super::named::named_values!(Dispatcher, "dispatcher", {
    Unknown => "unknown",
    Mpconfig => "mpconfig",
});
