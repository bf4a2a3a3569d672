//! [`Decode`] for the plain values: booleans, strings, optional values,
//! arrays, and names of an enum's values.

use std::str::FromStr;

use super::{Decode, Decoder};
use crate::syntax::{Node, NodeKind};
use crate::text::{did_you_mean, list, printable};

impl Decode for bool {
    fn decode(d: &mut Decoder, node: &Node, path: &str) -> Option<Self> {
        match node.kind {
            NodeKind::Bool(b) => Some(b),
            _ => {
                d.wrong_type(node, path, "a boolean");
                None
            }
        }
    }
}

impl Decode for String {
    const PLURAL: &'static str = "strings";

    fn decode(d: &mut Decoder, node: &Node, path: &str) -> Option<Self> {
        match &node.kind {
            NodeKind::String(s) => Some(s.clone()),
            _ => {
                d.wrong_type(node, path, "a string");
                None
            }
        }
    }
}

/// A path: a string that is not empty.
impl Decode for std::path::PathBuf {
    fn decode(d: &mut Decoder, node: &Node, path: &str) -> Option<Self> {
        let s = String::decode(d, node, path)?;
        if s.is_empty() {
            d.invalid_value(
                node,
                path,
                format!("`{path}` is an empty path"),
                "empty path",
                "write the directory's path, or leave the key out".to_owned(),
            );
            return None;
        }
        Some(std::path::PathBuf::from(s))
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(d: &mut Decoder, node: &Node, path: &str) -> Option<Self> {
        T::decode(d, node, path).map(Some)
    }
}

/// An array; every item is decoded (and recorded as `path[i]`), and the
/// array is `None` when any item is not one.
impl<T: Decode> Decode for Vec<T> {
    fn decode(d: &mut Decoder, node: &Node, path: &str) -> Option<Self> {
        let NodeKind::Array(items) = &node.kind else {
            d.wrong_type(node, path, &format!("an array of {}", T::PLURAL));
            return None;
        };
        let mut ok = true;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            d.record(item_path.clone(), None, item.span);
            match T::decode(d, item, &item_path) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// A string naming one value of an enum: `what` is "start method",
/// `names` the accepted names.
pub(crate) fn decode_name<T: FromStr>(
    d: &mut Decoder,
    node: &Node,
    path: &str,
    what: &str,
    names: &[&str],
) -> Option<T> {
    let NodeKind::String(s) = &node.kind else {
        d.wrong_type(node, path, &format!("a string, one of {}", list(names)));
        return None;
    };
    if let Ok(v) = s.parse() {
        return Some(v);
    }
    let help = match did_you_mean(s, names) {
        Some(c) => format!("did you mean `{c}`? expected one of {}", list(names)),
        None => format!("expected one of {}", list(names)),
    };
    d.invalid_value(
        node,
        path,
        format!("unknown {what} `{}`", printable(s)),
        &format!("unknown {what}"),
        help,
    );
    None
}
