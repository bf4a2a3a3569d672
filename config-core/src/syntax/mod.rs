//! TOML and JSON text → a format-neutral tree of values with the span of
//! every key and value ([`Node`]), which the decoder reads. Syntax only:
//! what the keys mean is the decoder's business.

mod json;
mod node;
mod toml;

pub(crate) use json::{offset_of, strip_position};
pub(crate) use node::{Entry, Node, NodeKind};

use crate::text::{SourceFile, Span};

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
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
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

/// Text that is not valid TOML or JSON: the parser's message and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub span: Span,
}

impl SyntaxError {
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        let message = message.into();
        let message = if message.is_empty() {
            "invalid syntax".to_owned()
        } else {
            message
        };
        SyntaxError { message, span }
    }
}

/// Parses `file`'s text as `format`.
pub(crate) fn parse(file: &SourceFile, format: Format) -> Result<Node, SyntaxError> {
    match format {
        Format::Toml => toml::parse(file.text()),
        Format::Json => json::parse(file),
    }
}
