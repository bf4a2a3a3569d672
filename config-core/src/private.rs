//! What `#[derive(Bootstrap)]`'s generated code reaches through absolute
//! paths (`::mpconfig::__private::…`). Not public API.

pub use crate::check::{Finding, Target};
pub use crate::embed::{Bootstrap, Field};
pub use crate::model::{Apply, Executable, MultiprocessingConfig, StartMethod};
pub use ::core::option::Option;
pub use ::std::string::String;
pub use ::std::vec::Vec;

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

macro_rules! field_value {
    ($($t:ty),*) => {$(
        impl FieldValue<$t> for $t {
            fn field_value(&self) -> Option<$t> {
                Some(self.clone())
            }
        }
        impl FieldValue<$t> for Option<$t> {
            fn field_value(&self) -> Option<$t> {
                self.clone()
            }
        }
    )*};
}

field_value!(StartMethod, bool, Executable, Vec<String>, Apply);

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
pub fn prefixed(prefix: &str, findings: Vec<Finding>) -> Vec<Finding> {
    findings
        .into_iter()
        .map(|mut f| {
            f.key_path = join(prefix, std::mem::take(&mut f.key_path));
            f
        })
        .collect()
}
