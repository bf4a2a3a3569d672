//! One table on its own — `[multiprocessing]` or `[interpreter]` as a
//! parent host exports it for its children — through the same decoder as
//! a file.

use super::{InvalidConfig, syntax_error};
use crate::decode::{Decoder, Table};
use crate::syntax::{Format, parse};
use crate::text::SourceFile;

/// Reads the table `table` (its name in a file, for key paths and
/// messages) from `text`, which holds just that table's keys; `name` is
/// what messages call the text.
///
/// ```
/// use mpconfig_core::{load_table_str, Format, MultiprocessingConfig, StartMethod};
///
/// let mp: MultiprocessingConfig =
///     load_table_str(r#"{"start_method": "spawn"}"#, Format::Json, "MPCONFIG_MULTIPROCESSING", "multiprocessing")?;
/// assert_eq!(mp.start_method, StartMethod::Spawn);
///
/// let err = load_table_str::<MultiprocessingConfig>(r#"{"start_method": "spwan"}"#, Format::Json, "env", "multiprocessing")
///     .unwrap_err();
/// assert_eq!(err.to_string(), "env:1:18: error: unknown start method `spwan`");
/// # Ok::<(), mpconfig_core::InvalidConfig>(())
/// ```
pub fn load_table_str<T: Table>(
    text: &str,
    format: Format,
    name: &str,
    table: &str,
) -> Result<T, InvalidConfig> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceFile::new(name, text);
    let root = parse(&source, format).map_err(|e| syntax_error(&source, e))?;
    let mut decoder = Decoder::new(&source, Vec::new());
    let value = decoder.table::<T>(&root, table);
    match value {
        Some(value) if decoder.issues.is_empty() => Ok(value),
        _ => Err(InvalidConfig::new(source, decoder.issues)),
    }
}
