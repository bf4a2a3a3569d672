//! The impls every named value of a setting shares (`start_method`,
//! `apply`, `forkserver_preload_on_error`): its names, `Display`,
//! `FromStr`, and its reading by the one decoder (files, the environment's
//! JSON and serde alike), written once in [`named_values!`].

/// For an enum whose variants are written in a config as fixed names:
/// `ALL`, `NAMES`, `as_str`, `Display`, `FromStr` (with
/// [`ParseEnumError`](super::ParseEnumError)), the decoder's reading and
/// `Deserialize` through it.
///
/// `named_values!(Apply, "apply mode", { OnImport => "on-import", … });`
/// — the second argument says what a value is in messages
/// ("unknown apply mode `x`").
macro_rules! named_values {
    ($name:ident, $what:literal, { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($text),*].len()] = [$($name::$variant),*];

            /// The names accepted by `FromStr`, for messages and did-you-mean.
            pub const NAMES: [&'static str; [$($text),*].len()] = [$($text),*];

            /// The name as written in a config file.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::model::ParseEnumError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| $crate::model::ParseEnumError::new($what, s, &Self::NAMES))
            }
        }

        impl $crate::decode::Decode for $name {
            fn decode(
                d: &mut $crate::decode::Decoder,
                node: &$crate::syntax::Node,
                path: &str,
            ) -> Option<Self> {
                $crate::decode::decode_name(d, node, path, $what, &Self::NAMES)
            }
        }

        $crate::decode::serde_bridge::deserialize_through_decoder!($name);
    };
}
pub(crate) use named_values;
