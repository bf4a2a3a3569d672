//! The settings registry's machinery: [`settings_table!`] turns one list of
//! rows — key, type, default, docs — into a table's struct, its `Default`,
//! its `KEYS`, how the one decoder reads it and its `Deserialize`.
//!
//! A row is `/// docs` (and any other attributes, such as `#[schemars(…)]`)
//! then `field [Variant] as "key": Type = default => decode_fn`, where
//! `[Variant]` (the [`Field`](crate::Field) of a `[multiprocessing]` key),
//! `as "key"` (when the key is not the field's name) and `=> decode_fn` (a
//! `fn(&mut Decoder, &Node, &str) -> Option<Type>`, when the type's own
//! decoding is not enough) are optional. The `[multiprocessing]` rows are
//! written once, in `multiprocessing.rs`, and read by every callback there
//! (the struct, [`Field`](crate::Field), the derive's roles).

/// The key of a row: `as "key"`, else the field's name.
macro_rules! key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $key:literal) => {
        $key
    };
}
pub(crate) use key;

/// How a row's value is decoded: its own `decode_fn`, else its type's.
macro_rules! decode_row {
    ($d:ident, $node:ident, $path:ident, $ty:ty) => {
        <$ty as $crate::decode::Decode>::decode($d, $node, $path)
    };
    ($d:ident, $node:ident, $path:ident, $ty:ty, $decode:path) => {
        $decode($d, $node, $path)
    };
}
pub(crate) use decode_row;

/// A settings table from its rows (see the [module docs](self)).
macro_rules! settings_table {
    (
        $(#[$sattr:meta])*
        pub struct $name:ident {
            $(
                $(#[$fattr:meta])*
                $field:ident $([$variant:ident])? $(as $key:literal)? : $ty:ty = $default:expr $(=> $decode:path)?
            ),* $(,)?
        }
    ) => {
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
        #[serde(default, deny_unknown_fields)]
        $(#[$sattr])*
        pub struct $name {
            $(
                $(#[$fattr])*
                pub $field: $ty,
            )*
        }

        impl Default for $name {
            fn default() -> Self {
                $name {
                    $($field: $default,)*
                }
            }
        }

        impl $name {
            /// This table's keys, in declaration order.
            pub const KEYS: &'static [&'static str] = &[
                $($crate::model::registry::key!($field $(, $key)?)),*
            ];

            /// Each key with the keys of its value when that is a table.
            #[allow(dead_code)]
            pub(crate) const SUBTABLES: &'static [(&'static str, &'static [&'static str])] = &[
                $((
                    $crate::model::registry::key!($field $(, $key)?),
                    <$ty as $crate::decode::Decode>::KEYS,
                )),*
            ];
        }

        impl $crate::decode::DecodeTable for $name {
            const TABLE_KEYS: &'static [&'static str] = Self::KEYS;

            fn decode_key(
                &mut self,
                d: &mut $crate::decode::Decoder,
                key: &str,
                node: &$crate::syntax::Node,
                path: &str,
            ) -> bool {
                $(
                    if key == $crate::model::registry::key!($field $(, $key)?) {
                        if let Some(value) =
                            $crate::model::registry::decode_row!(d, node, path, $ty $(, $decode)?)
                        {
                            self.$field = value;
                        }
                        return true;
                    }
                )*
                let _ = (d, node, path);
                false
            }
        }

        impl $crate::decode::Decode for $name {
            const KEYS: &'static [&'static str] = Self::KEYS;

            fn decode(
                d: &mut $crate::decode::Decoder,
                node: &$crate::syntax::Node,
                path: &str,
            ) -> Option<Self> {
                d.table::<Self>(node, path)
            }
        }

        impl $crate::decode::Table for $name {}

        $crate::decode::serde_bridge::deserialize_through_decoder!($name);
    };
}
pub(crate) use settings_table;
