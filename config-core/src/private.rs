//! What `#[derive(Bootstrap)]`'s generated code reaches through absolute
//! paths (`::mpconfig::__private::…`). Not public API.

pub use crate::bootstrap::literal::{path_expr, str_literal};
pub use crate::diagnostic::Diagnostic;
pub use crate::embed::Bootstrap;
pub use crate::model::{Dispatcher, Field, MultiprocessingConfig};
pub use crate::platform::Target;
pub use ::core::option::Option;
pub use ::std::string::String;
pub use ::std::vec::Vec;

/// A `[multiprocessing]` setting a field can be marked with: its value
/// type, its [`Field`], and how it is set. One per registry row, in
/// [`roles`], named like the key (`roles::start_method`).
pub trait Role {
    /// The setting's type.
    type Value;
    /// The setting.
    const FIELD: Field;
    /// Sets it in `config`.
    fn set(config: &mut MultiprocessingConfig, value: Self::Value);
}

macro_rules! setting_roles {
    ({
        $(
            $(#[$fattr:meta])*
            $field:ident [$variant:ident] : $ty:ty = $default:expr
        ),* $(,)?
    }) => {
        $(
            #[doc = concat!("`#[mpconfig(", stringify!($field), ")]`")]
            #[allow(non_camel_case_types)]
            pub struct $field;

            impl super::Role for $field {
                type Value = $ty;
                const FIELD: Field = Field::$variant;
                fn set(config: &mut MultiprocessingConfig, value: $ty) {
                    config.$field = value;
                }
            }
        )*
    };
}

/// The roles, from the `[multiprocessing]` rows.
pub mod roles {
    use crate::model::{Field, MultiprocessingConfig};

    crate::model::multiprocessing_rows!(setting_roles {});
}

/// A field marked with a role holds `T` or `Option<T>` (`None` = keep the
/// default).
#[diagnostic::on_unimplemented(
    message = "a field marked `#[mpconfig(...)]` with this role must have type `{T}` or `Option<{T}>`, found `{Self}`",
    label = "expected `{T}` or `Option<{T}>`"
)]
pub trait FieldValue<T> {
    /// The value to use, if any.
    fn field_value(&self) -> Option<T>;
}

impl<T: Clone> FieldValue<T> for T {
    fn field_value(&self) -> Option<T> {
        Some(self.clone())
    }
}

impl<T: Clone> FieldValue<T> for Option<T> {
    fn field_value(&self) -> Option<T> {
        self.clone()
    }
}

/// `prefix.path`, or either alone when the other is empty.
pub fn join(prefix: &str, path: String) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (true, _) => path,
        (false, true) => prefix.to_owned(),
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    }
}

/// Findings of a flattened field, with key paths under its prefix.
pub fn prefixed(prefix: &str, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .map(|mut f| {
            f.key_path = Some(join(prefix, f.key_path.take().unwrap_or_default()));
            f
        })
        .collect()
}
