//! The model's `serde::Deserialize` impls, through the one decoder: the
//! value is read from any deserializer into a [`Node`] tree without spans,
//! decoded, and the first mistake becomes the serde error, in the same
//! words as for a file. (`serde_json::from_str::<MultiprocessingConfig>`
//! and a host's own struct with mpconfig fields both get them.)
//!
//! [`load_as`](crate::load_as) parses the file into a spanned tree as well;
//! when serde reports a mistake inside one of the model's values, it finds
//! that value's node by the position serde gives and decodes it again with
//! spans ([`watching`]), so its diagnostics point at the offending key and
//! report every mistake in that value, not only the first.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Decode, Decoder};
use crate::syntax::{Entry, Node, NodeKind};
use crate::text::Span;

/// Decodes a node as some model type, for its diagnostics only.
pub(crate) type Redecode = fn(&mut Decoder, &Node, &str);

thread_local! {
    /// While [`watching`] runs: the type whose decoding failed first.
    static FAILED: RefCell<Option<Option<Redecode>>> = const { RefCell::new(None) };
}

fn redecode<T: Decode>(d: &mut Decoder, node: &Node, path: &str) {
    let _ = T::decode(d, node, path);
}

/// Runs `f` (a serde deserialization) and tells which model type, if any,
/// failed to decode inside it.
pub(crate) fn watching<R>(f: impl FnOnce() -> R) -> (R, Option<Redecode>) {
    let outer = FAILED.with(|s| s.replace(Some(None)));
    let result = f();
    let failed = FAILED.with(|s| s.replace(outer)).flatten();
    (result, failed)
}

/// `T::deserialize`, through the decoder.
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Decode,
{
    let node = deserializer.deserialize_any(NodeVisitor)?;
    let mut d = Decoder::spanless();
    let value = T::decode(&mut d, &node, "");
    match (value, d.issues.first()) {
        (Some(value), None) => Ok(value),
        (_, first) => {
            FAILED.with(|s| {
                if let Some(slot @ None) = s.borrow_mut().as_mut() {
                    *slot = Some(redecode::<T> as Redecode);
                }
            });
            let text = match first {
                Some(issue) => match &issue.help {
                    Some(help) => format!("{} ({help})", issue.message),
                    None => issue.message.clone(),
                },
                None => "invalid value".to_owned(),
            };
            Err(de::Error::custom(text))
        }
    }
}

/// Implements `Deserialize` for model types through [`deserialize`].
macro_rules! deserialize_through_decoder {
    ($($t:ty),* $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::decode::serde_bridge::deserialize(deserializer)
            }
        }
    )*};
}
pub(crate) use deserialize_through_decoder;

/// What the `toml` crate's deserializer presents a date-time as.
const TOML_DATETIME: &str = "$__toml_private_datetime";

/// Any serde data → a [`Node`] tree without spans.
struct NodeVisitor;

fn node(kind: NodeKind) -> Node {
    Node {
        kind,
        span: Span::default(),
    }
}

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a config value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(node(NodeKind::Bool(v)))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(node(NodeKind::Integer))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(node(NodeKind::Integer))
    }

    fn visit_i128<E>(self, _: i128) -> Result<Node, E> {
        Ok(node(NodeKind::Integer))
    }

    fn visit_u128<E>(self, _: u128) -> Result<Node, E> {
        Ok(node(NodeKind::Integer))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(node(NodeKind::Float))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(node(NodeKind::String(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(node(NodeKind::String(v)))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(node(NodeKind::Null))
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(node(NodeKind::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(NodeSeed)? {
            items.push(item);
        }
        Ok(node(NodeKind::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(NodeSeed)?;
            if key == TOML_DATETIME && entries.is_empty() {
                return Ok(node(NodeKind::Datetime));
            }
            entries.push(Entry {
                key,
                key_span: Span::default(),
                value,
            });
        }
        Ok(node(NodeKind::Table(entries)))
    }
}

struct NodeSeed;

impl<'de> de::DeserializeSeed<'de> for NodeSeed {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}
