//! Reading a config file: bounded in size (a device or pipe never ends),
//! UTF-8 checked, its format told by extension or content.

use std::io::Read as _;
use std::path::Path;

use super::{InvalidConfig, LoadError};
use crate::codes::{LoadIssueKind, Severity};
use crate::diagnostic::Diagnostic;
use crate::syntax::Format;
use crate::text::{SourceFile, Span};

/// Files larger than this are refused before parsing.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The file's text, its format (by extension, else by content) and the name
/// messages use for it.
pub(crate) fn read_text(path: &Path) -> Result<(String, Format, String), LoadError> {
    let bytes = read(path)?;
    let name = path.display().to_string();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let end = lossy[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            let source = SourceFile::new(name, lossy);
            let issue = Diagnostic::new(
                LoadIssueKind::Encoding,
                Severity::Error,
                "file is not valid UTF-8",
            )
            .with_location(&source, Span::new(at, end))
            .with_label("invalid UTF-8")
            .with_help("config files must be UTF-8 text");
            return Err(LoadError::Invalid(InvalidConfig::new(source, vec![issue])));
        }
    };
    let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&text));
    Ok((text, format, name))
}

fn read(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |error| LoadError::Io {
        path: path.to_owned(),
        error,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a directory",
        )));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!(
                "{} bytes, more than the {MAX_FILE_SIZE} a config may have",
                meta.len()
            ),
        )));
    }
    // Devices and pipes report no length (`/dev/zero` never ends): read at
    // most one byte past the limit.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("more than the {MAX_FILE_SIZE} bytes a config may have"),
        )));
    }
    Ok(bytes)
}
