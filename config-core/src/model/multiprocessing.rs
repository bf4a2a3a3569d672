//! The `[multiprocessing]` table: its rows, written once in
//! [`multiprocessing_rows!`], make the struct, [`Field`], and the roles
//! `#[derive(Bootstrap)]` marks fields with.

use super::registry::settings_table;

/// The `[multiprocessing]` rows (see [`registry`](super::registry)); calls
/// `$callback! { $($head)* { rows } }`. A new key is a row here plus the
/// code that gives it meaning (the bootstrap, which destructures the
/// struct, so the compiler points there; rules that read it).
macro_rules! multiprocessing_rows {
    ($callback:ident { $($head:tt)* }) => {
        $callback! {
            $($head)* {
                /// The start method that becomes multiprocessing's default: `auto` (spawn on Windows, fork elsewhere), `none` (leave CPython's own default), `fork`, `forkserver` or `spawn`.
                start_method [StartMethod]: $crate::model::StartMethod = $crate::model::StartMethod::Auto,
                /// Whether the host answers multiprocessing's child command lines (spawn workers, forkserver, resource tracker) itself.
                auto_dispatch [AutoDispatch]: bool = true,
                /// Whether to set `sys.frozen`; spawn workers then get the `--multiprocessing-fork` command line, which only a dispatching host understands.
                sys_frozen [SysFrozen]: bool = true,
                /// What children execute: "host" (the host binary), "python" (a real interpreter), or a path (`multiprocessing.set_executable`).
                executable [Executable]: $crate::model::Executable = $crate::model::Executable::Host,
                /// Modules the forkserver imports once so that forked children start with them loaded (`multiprocessing.set_forkserver_preload`).
                forkserver_preload [ForkserverPreload]: Vec<String> = Vec::new(),
                /// What the fork server does when a forkserver_preload module fails to import: "ignore" (silently, CPython's default), "warn" (an ImportWarning) or "fail" (the fork server exits). CPython 3.15 and later (`set_forkserver_preload(on_error=...)`); no effect before.
                forkserver_preload_on_error [ForkserverPreloadOnError]: $crate::model::OnError = $crate::model::OnError::Ignore,
                /// When the settings take effect: "on-import" (when multiprocessing is first imported, no start-up cost) or "startup" (eagerly).
                apply [Apply]: $crate::model::Apply = $crate::model::Apply::OnImport,
                /// The libraries whose children the host answers: "multiprocessing", "multiprocess", "billiard", "loky", "joblib" (joblib's copy of loky); every one by default. A child of a family left out is refused in the parent, before it starts, with a message naming this setting.
                families [Families]: Vec<$crate::model::Family> = $crate::model::Family::ALL.to_vec(),
            }
        }
    };
}
pub(crate) use multiprocessing_rows;

multiprocessing_rows!(settings_table {
    /// How `multiprocessing` starts children in the host, and what they run.
    ///
    /// Every field has a default, so `MultiprocessingConfig::default()` — an empty
    /// `[multiprocessing]` table — is a working config.
    ///
    /// ```
    /// use mpconfig_core::{Apply, Executable, MultiprocessingConfig, StartMethod};
    ///
    /// let mp = MultiprocessingConfig::default();
    /// assert_eq!(mp.start_method, StartMethod::Auto);
    /// assert!(mp.auto_dispatch && mp.sys_frozen);
    /// assert_eq!(mp.executable, Executable::Host);
    /// assert!(mp.forkserver_preload.is_empty());
    /// assert_eq!(mp.apply, Apply::OnImport);
    /// assert_eq!(mp.families, mpconfig_core::Family::ALL);
    /// assert_eq!(MultiprocessingConfig::KEYS[0], "start_method");
    /// ```
    #[schemars(
        title = "[multiprocessing]",
        description = "How multiprocessing starts children in the host, and what they run."
    )]
    pub struct MultiprocessingConfig
});

/// [`Field`] from the rows.
macro_rules! setting_fields {
    (
        $(#[$eattr:meta])*
        pub enum $name:ident {
            $(
                $(#[$fattr:meta])*
                $field:ident [$variant:ident] : $ty:ty = $default:expr
            ),* $(,)?
        }
    ) => {
        $(#[$eattr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", stringify!($field), "`")]
                $variant,
            )*
        }

        impl $name {
            /// Every field, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The key in `[multiprocessing]` (and the attribute name).
            pub const fn key(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($field),)*
                }
            }
        }
    };
}

multiprocessing_rows!(setting_fields {
    /// One setting of [`MultiprocessingConfig`], as a host struct marks it
    /// (`#[mpconfig(start_method)]`).
    ///
    /// ```
    /// use mpconfig_core::Field;
    ///
    /// assert_eq!(Field::SysFrozen.key(), "sys_frozen");
    /// assert_eq!(Field::from_key("sys_frozen"), Some(Field::SysFrozen));
    /// assert_eq!(Field::from_key("frozen"), None);
    /// assert_eq!(Field::ALL.len(), mpconfig_core::MultiprocessingConfig::KEYS.len());
    /// ```
    pub enum Field
});

impl Field {
    /// The field with this key.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.key() == key)
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}
