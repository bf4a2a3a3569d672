//! JSON text → [`Node`] tree, keeping every key's and value's span.
//!
//! `serde_json` checks the syntax first (strict JSON, with its recursion
//! limit, so deep nesting cannot overflow the stack); `jsonc-parser`, with
//! every extension switched off, then gives the ranges.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, parse_to_ast};

use super::SyntaxError;
use super::node::{Entry, Node, NodeKind};
use crate::text::{SourceFile, Span};

/// Parses a JSON document.
pub(crate) fn parse(file: &SourceFile) -> Result<Node, SyntaxError> {
    let text = file.text();
    if let Some(span) = too_deep(text) {
        return Err(SyntaxError::new(
            format!("nesting deeper than {MAX_DEPTH} levels"),
            span,
        ));
    }
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Err(SyntaxError::new(
            strip_position(&e),
            offset_of(file, e.line(), e.column()),
        ));
    }
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    match parse_to_ast(text, &collect, &strict) {
        Ok(result) => match result.value {
            Some(value) => Ok(node(value)),
            None => Err(SyntaxError::new("empty JSON document", Span::new(0, 0))),
        },
        Err(e) => {
            let r = e.range();
            Err(SyntaxError::new(
                e.kind().to_string(),
                Span::new(r.start, r.end),
            ))
        }
    }
}

/// No config nests deeper than a few levels; both parsers recurse.
const MAX_DEPTH: usize = 64;

/// The span of the first bracket that opens a level deeper than
/// [`MAX_DEPTH`], outside strings.
fn too_deep(text: &str) -> Option<Span> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(Span::new(i, i + 1));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// serde_json's message without its " at line L column C" suffix (we render
/// the position ourselves).
pub(crate) fn strip_position(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    }
}

/// The byte offset of serde_json's 1-based line and column (a column counts
/// bytes; 0 means "before the first byte of the line").
pub(crate) fn offset_of(file: &SourceFile, line: usize, column: usize) -> Span {
    let text = file.text();
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let mut at = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    Span::new(at, end)
}

fn node(value: Value<'_>) -> Node {
    let (kind, range) = match value {
        Value::StringLit(s) => (NodeKind::String(s.value.into_owned()), s.range),
        Value::NumberLit(n) => {
            let integer = !n.value.contains(['.', 'e', 'E']);
            (
                if integer {
                    NodeKind::Integer
                } else {
                    NodeKind::Float
                },
                n.range,
            )
        }
        Value::BooleanLit(b) => (NodeKind::Bool(b.value), b.range),
        Value::NullKeyword(n) => (NodeKind::Null, n.range),
        Value::Array(a) => (
            NodeKind::Array(a.elements.into_iter().map(node).collect()),
            a.range,
        ),
        Value::Object(o) => {
            let entries = o
                .properties
                .into_iter()
                .map(|p| {
                    let (key, key_range) = match p.name {
                        ObjectPropName::String(s) => (s.value.into_owned(), s.range),
                        ObjectPropName::Word(w) => (w.value.to_owned(), w.range),
                    };
                    Entry {
                        key,
                        key_span: Span::new(key_range.start, key_range.end),
                        value: node(p.value),
                    }
                })
                .collect();
            (NodeKind::Table(entries), o.range)
        }
    };
    Node {
        kind,
        span: Span::new(range.start, range.end),
    }
}
