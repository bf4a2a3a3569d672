//! Loading configs from TOML and JSON, with a span for every key and an
//! error, with file:line:col and a snippet, for every mistake.

mod decode;
mod issue;
mod json;
mod load_as;
mod node;
mod source_map;
mod span;
mod suggest;
mod toml;

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};

pub use issue::{LoadIssue, LoadIssueKind};
pub use load_as::{LoadedAs, load_as, load_str_as};
pub use source_map::{SourceEntry, SourceMap};
pub use span::{LineCol, SourceFile, Span};

use crate::diagnostic::{Diagnostic, RenderOptions, render};
use crate::model::Config;

/// Files larger than this are refused before parsing.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The syntax of a config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// TOML (`.toml`).
    Toml,
    /// JSON (`.json`).
    Json,
}

impl Format {
    /// The format a path's extension names, if any (`.toml`, `.json`).
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The format of a text with no telling extension: JSON when it starts
    /// with `{`, else TOML.
    pub fn sniff(text: &str) -> Format {
        if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

/// A loaded config: the model, the file it came from, and where each key is.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The config, with defaults for every key the file leaves out.
    pub config: Config,
    /// The file as read (what spans point into).
    pub source: SourceFile,
    /// Key paths → spans.
    pub source_map: SourceMap,
    /// The format it was parsed as.
    pub format: Format,
}

/// Why a config could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read (missing, a directory, unreadable, too big).
    Io {
        /// The path given.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
    /// The file was read but is not a valid config: every mistake found.
    Invalid(InvalidConfig),
}

/// The mistakes in a file that is not a valid config.
#[derive(Debug, Clone)]
pub struct InvalidConfig {
    /// The file.
    pub source: SourceFile,
    /// Every mistake, in file order, each with its span.
    pub issues: Vec<LoadIssue>,
}

impl InvalidConfig {
    /// The mistakes as diagnostics pointing into the file.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.issues
            .iter()
            .map(|i| i.to_diagnostic(&self.source))
            .collect()
    }

    /// Every mistake rendered like rustc does, without colour.
    pub fn render(&self, options: RenderOptions) -> String {
        self.diagnostics()
            .iter()
            .map(|d| render(d, options))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            LoadError::Invalid(inv) => {
                for (i, d) in inv.diagnostics().iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{}: {d}", d.position().unwrap_or_default())?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io { error, .. } => Some(error),
            LoadError::Invalid(_) => None,
        }
    }
}

/// Loads a config from text. `name` is what messages call the file.
///
/// ```
/// use mpconfig_core::{load_str, Format, LoadError, LoadIssueKind};
///
/// let err = load_str("[multiprocessing]\nstart_method = \"spwan\"\n", Format::Toml, "app.toml")
///     .unwrap_err();
/// let LoadError::Invalid(invalid) = err else { panic!() };
/// let issue = &invalid.issues[0];
/// assert_eq!(issue.kind, LoadIssueKind::InvalidValue);
/// assert_eq!(invalid.source.line_col(issue.span.start).to_string(), "2:16");
/// assert_eq!(issue.help.as_deref(), Some("did you mean `spawn`? expected one of `auto`, `none`, `fork`, `forkserver`, `spawn`"));
/// ```
pub fn load_str(text: &str, format: Format, name: &str) -> Result<Loaded, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceFile::new(name, text);
    let parsed = match format {
        Format::Toml => toml::parse(source.text()),
        Format::Json => json::parse(&source),
    };
    let root = match parsed {
        Ok(root) => root,
        Err(issue) => return Err(invalid(source, vec![issue])),
    };
    let mut decoder = decode::Decoder::new();
    let config = decoder.config(&root);
    if decoder.issues.is_empty() {
        Ok(Loaded {
            config,
            source,
            source_map: decoder.map,
            format,
        })
    } else {
        let mut issues = decoder.issues;
        issues.sort_by_key(|i| i.span.start);
        Err(invalid(source, issues))
    }
}

/// Loads a config from a file, as TOML or JSON by its extension (else by
/// its first character).
///
/// ```no_run
/// let loaded = mpconfig_core::load_path("mpconfig.toml")?;
/// println!("{}", loaded.config.multiprocessing.start_method);
/// # Ok::<(), mpconfig_core::LoadError>(())
/// ```
pub fn load_path(path: impl AsRef<Path>) -> Result<Loaded, LoadError> {
    let (text, format, name) = read_text(path.as_ref())?;
    load_str(&text, format, &name)
}

/// The file's text, its format (by extension, else by content) and the name
/// messages use for it.
fn read_text(path: &Path) -> Result<(String, Format, String), LoadError> {
    let bytes = read(path)?;
    let name = path.display().to_string();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let end = lossy[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            let issue = LoadIssue::new(
                LoadIssueKind::Encoding,
                "file is not valid UTF-8",
                Span::new(at, end),
            )
            .label("invalid UTF-8")
            .help("config files must be UTF-8 text");
            return Err(invalid(SourceFile::new(name, lossy), vec![issue]));
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

fn invalid(source: SourceFile, issues: Vec<LoadIssue>) -> LoadError {
    LoadError::Invalid(InvalidConfig { source, issues })
}
