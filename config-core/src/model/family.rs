//! The libraries whose children re-execute the host: one row per family in
//! [`families!`], the facts every part of mpconfig reads (the config's
//! `families` key, the rules, the bootstrap's hooks, the shim's classifier).

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::Serialize;

use super::ParseEnumError;

/// [`Family`] from one row per family: variant, name in a config, the
/// package children import their entry points from, the argument a frozen
/// spawn worker's command line starts with, whether the bootstrap applies
/// the `[multiprocessing]` settings to the package (it has the standard
/// library's API), and its docs.
macro_rules! families {
    ($(
        $(#[$doc:meta])*
        $variant:ident => $name:literal, $package:literal, $flag:literal, settings: $settings:literal;
    )*) => {
        /// A library that starts children by re-executing the host, as the
        /// `families` setting names it.
        ///
        /// ```
        /// use mpconfig_core::Family;
        ///
        /// assert_eq!(Family::Joblib.package(), "joblib.externals.loky");
        /// assert_eq!(Family::Billiard.spawn_flag(), "--billiard-fork");
        /// assert_eq!("multiprocess".parse::<Family>(), Ok(Family::Multiprocess));
        /// assert_eq!(Family::from_package("loky"), Some(Family::Loky));
        /// assert!(Family::Multiprocess.takes_settings() && !Family::Loky.takes_settings());
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
        #[serde(rename_all = "lowercase")]
        #[schemars(description = "A library whose children re-execute the host.")]
        #[non_exhaustive]
        pub enum Family {
            $($(#[$doc])* $variant,)*
        }

        impl Family {
            /// Every family, in the registry's order.
            pub const ALL: &'static [Family] = &[$(Family::$variant),*];

            /// The names accepted by [`FromStr`] (the config's).
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            /// The name in a config (`families = ["loky"]`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Family::$variant => $name,)*
                }
            }

            /// The package its children import their entry points from.
            pub const fn package(self) -> &'static str {
                match self {
                    $(Family::$variant => $package,)*
                }
            }

            /// The argument its frozen spawn worker's command line starts with.
            pub const fn spawn_flag(self) -> &'static str {
                match self {
                    $(Family::$variant => $flag,)*
                }
            }

            /// Whether the bootstrap applies `start_method`, `executable`
            /// and `forkserver_preload` to the package when it is first
            /// imported (it has `multiprocessing`'s API). loky and joblib's
            /// copy of it have their own start methods and always run
            /// `sys.executable`.
            pub const fn takes_settings(self) -> bool {
                match self {
                    $(Family::$variant => $settings,)*
                }
            }
        }
    };
}

families! {
    /// CPython's own `multiprocessing`.
    Multiprocessing => "multiprocessing", "multiprocessing", "--multiprocessing-fork", settings: true;
    /// `multiprocess`, the copy of `multiprocessing` that pickles with dill
    /// (pathos, Hugging Face datasets).
    Multiprocess => "multiprocess", "multiprocess", "--multiprocessing-fork", settings: true;
    /// `billiard`, Celery's fork of `multiprocessing`.
    Billiard => "billiard", "billiard", "--billiard-fork", settings: true;
    /// `loky`, the process-pool executor.
    Loky => "loky", "loky", "--multiprocessing-fork", settings: false;
    /// The copy of loky that joblib vendors (`joblib.externals.loky`), which
    /// runs `Parallel(n_jobs=…)` and scikit-learn's `n_jobs`.
    Joblib => "joblib", "joblib.externals.loky", "--multiprocessing-fork", settings: false;
}

impl Family {
    /// The family whose package is exactly `package`.
    pub fn from_package(package: &str) -> Option<Family> {
        Family::ALL.iter().copied().find(|f| f.package() == package)
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Family {
    type Err = ParseEnumError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Family::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| ParseEnumError::new("family", s, Self::NAMES))
    }
}

impl crate::decode::Decode for Family {
    const PLURAL: &'static str = "family names";

    fn decode(
        d: &mut crate::decode::Decoder,
        node: &crate::syntax::Node,
        path: &str,
    ) -> Option<Self> {
        crate::decode::decode_name(d, node, path, "family", Self::NAMES)
    }
}

crate::decode::serde_bridge::deserialize_through_decoder!(Family);
