//! Loading configs from TOML and JSON files and text: syntax, then the one
//! decoder, with an error, with file:line:col and a snippet, for every
//! mistake. Also a host's own struct ([`load_as`]) and a single table such
//! as the one a parent host exports ([`load_table_str`]).

mod as_host;
mod read;
mod table;

use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::decode::Table;
pub use as_host::{LoadedAs, load_as, load_str_as};
pub use read::MAX_FILE_SIZE;
pub(crate) use read::read_text;
pub use table::load_table_str;

use crate::codes::{LoadIssueKind, Severity};
use crate::decode::{Decode, Decoder};
use crate::diagnostic::{Diagnostic, RenderOptions, render};
use crate::model::Config;
use crate::syntax::{Format, SyntaxError, parse};
use crate::text::{SourceFile, SourceMap};

/// A loaded config: the model, the file it came from, and where each key is.
#[derive(Debug, Clone)]
#[non_exhaustive]
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

/// Why a config could not be loaded: it could not be read, or it is not
/// a valid config. (Exhaustive: there is no third way.)
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read (missing, a directory, unreadable, too big).
    #[error("cannot read {}: {error}", path.display())]
    Io {
        /// The path given.
        path: PathBuf,
        /// What went wrong.
        #[source]
        error: std::io::Error,
    },
    /// The file was read but is not a valid config: every mistake found.
    #[error("{0}")]
    Invalid(InvalidConfig),
}

/// The mistakes in a file that is not a valid config.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct InvalidConfig {
    /// The file.
    pub source: SourceFile,
    /// Every mistake, in file order, each an error diagnostic pointing into
    /// the file, with a [`Code::Load`](crate::Code::Load) code.
    pub issues: Vec<Diagnostic>,
}

impl InvalidConfig {
    pub(crate) fn new(source: SourceFile, mut issues: Vec<Diagnostic>) -> Self {
        issues.sort_by_key(|i| i.span().map(|s| s.start));
        InvalidConfig { source, issues }
    }

    /// The mistakes as diagnostics pointing into the file.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.issues.clone()
    }

    /// Every mistake rendered like rustc does.
    pub fn render(&self, options: RenderOptions) -> String {
        self.issues
            .iter()
            .map(|d| render(d, options))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// `file:line:col: error: message`, one line per mistake.
impl fmt::Display for InvalidConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.issues.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {d}", d.position().unwrap_or_default())?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidConfig {}

/// The syntax mistake as the file's one issue.
pub(crate) fn syntax_error(source: &SourceFile, e: SyntaxError) -> InvalidConfig {
    let issue = Diagnostic::new(LoadIssueKind::Syntax, Severity::Error, e.message)
        .with_location(source, e.span);
    InvalidConfig::new(source.clone(), vec![issue])
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
/// assert_eq!(issue.code.load_kind(), Some(LoadIssueKind::InvalidValue));
/// assert_eq!(issue.position().as_deref(), Some("app.toml:2:16"));
/// assert_eq!(issue.help.as_deref(), Some("did you mean `spawn`? expected one of `auto`, `none`, `fork`, `forkserver`, `spawn`"));
/// ```
pub fn load_str(text: &str, format: Format, name: &str) -> Result<Loaded, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceFile::new(name, text);
    let root = parse(&source, format).map_err(|e| LoadError::Invalid(syntax_error(&source, e)))?;
    let mut decoder = Decoder::new(&source, Config::tables());
    let config = Config::decode(&mut decoder, &root, "").unwrap_or_default();
    if decoder.issues.is_empty() {
        Ok(Loaded {
            config,
            source,
            source_map: decoder.map,
            format,
        })
    } else {
        Err(LoadError::Invalid(InvalidConfig::new(
            source,
            decoder.issues,
        )))
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
