//! The settings a host struct can carry.

use std::fmt;

/// One setting of [`MultiprocessingConfig`](crate::MultiprocessingConfig),
/// as a host struct marks it (`#[mpconfig(start_method)]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// `start_method`
    StartMethod,
    /// `auto_dispatch`
    AutoDispatch,
    /// `sys_frozen`
    SysFrozen,
    /// `executable`
    Executable,
    /// `forkserver_preload`
    ForkserverPreload,
    /// `apply`
    Apply,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 6] = [
        Field::StartMethod,
        Field::AutoDispatch,
        Field::SysFrozen,
        Field::Executable,
        Field::ForkserverPreload,
        Field::Apply,
    ];

    /// The key in `[multiprocessing]` (and the attribute name).
    pub const fn key(self) -> &'static str {
        match self {
            Field::StartMethod => "start_method",
            Field::AutoDispatch => "auto_dispatch",
            Field::SysFrozen => "sys_frozen",
            Field::Executable => "executable",
            Field::ForkserverPreload => "forkserver_preload",
            Field::Apply => "apply",
        }
    }

    /// The field with this key.
    ///
    /// ```
    /// use mpconfig_core::Field;
    ///
    /// assert_eq!(Field::from_key("sys_frozen"), Some(Field::SysFrozen));
    /// assert_eq!(Field::from_key("frozen"), None);
    /// ```
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}
