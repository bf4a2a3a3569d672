//! A format-neutral tree of values with spans: what TOML and JSON parse into
//! before the model is decoded from it.

use crate::text::Span;

/// A parsed value and where it stands in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

/// A table entry: its key, where the key stands, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    String(String),
    Bool(bool),
    Integer,
    Float,
    Datetime,
    Null,
    Array(Vec<Node>),
    Table(Vec<Entry>),
}

impl NodeKind {
    /// "a string", "an array", … for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            NodeKind::String(_) => "a string",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Integer => "an integer",
            NodeKind::Float => "a number",
            NodeKind::Datetime => "a date-time",
            NodeKind::Null => "null",
            NodeKind::Array(_) => "an array",
            NodeKind::Table(_) => "a table",
        }
    }
}
