//! TOML text → [`Node`] tree, keeping every key's and value's span.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::SyntaxError;
use super::node::{Entry, Node, NodeKind};
use crate::text::Span;

/// Parses a TOML document. The `toml` crate bounds nesting depth itself.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    match DeTable::parse(text) {
        Ok(table) => {
            let span = Span::new(0, text.len());
            Ok(Node {
                kind: NodeKind::Table(entries(table.into_inner())),
                span,
            })
        }
        Err(e) => {
            let span = e.span().map(Span::from).unwrap_or_default();
            Err(SyntaxError::new(e.message().trim_end(), span))
        }
    }
}

fn entries(table: DeTable<'_>) -> Vec<Entry> {
    table
        .into_iter()
        .map(|(key, value)| Entry {
            key_span: key.span().into(),
            key: key.into_inner().into_owned(),
            value: node(value),
        })
        .collect()
}

fn node(value: Spanned<DeValue<'_>>) -> Node {
    let span: Span = value.span().into();
    let kind = match value.into_inner() {
        DeValue::String(s) => NodeKind::String(s.into_owned()),
        DeValue::Integer(_) => NodeKind::Integer,
        DeValue::Float(_) => NodeKind::Float,
        DeValue::Boolean(b) => NodeKind::Bool(b),
        DeValue::Datetime(_) => NodeKind::Datetime,
        DeValue::Array(items) => NodeKind::Array(items.into_iter().map(node).collect()),
        DeValue::Table(t) => NodeKind::Table(entries(t)),
    };
    Node { kind, span }
}
