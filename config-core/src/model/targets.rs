//! How the decoder reads a target string (`[check] targets`).

use crate::decode::{Decode, Decoder};
use crate::platform::{Os, TargetError, TargetSpec};
use crate::syntax::Node;
use crate::text::{did_you_mean, printable};

impl Decode for TargetSpec {
    const PLURAL: &'static str = "target strings";

    fn decode(d: &mut Decoder, node: &Node, path: &str) -> Option<Self> {
        let s = <String as Decode>::decode(d, node, path)?;
        let e = match s.parse::<TargetSpec>() {
            Ok(t) => return Some(t),
            Err(e) => e,
        };
        let help = match &e {
            TargetError::UnknownOs(os) => match Os::suggest(os)
                .map(Os::as_str)
                .or_else(|| did_you_mean(os, &Os::NAMES))
            {
                Some(c) => format!("did you mean `{c}`?"),
                None => "write `OS` or `OS:3.X` with OS one of linux, macos, macos-framework, windows, or a Rust target triple".to_owned(),
            },
            TargetError::BadVersion(_) => {
                "write the version as `3.X`, e.g. \"linux:3.12\"".to_owned()
            }
            TargetError::UnsupportedVersion(_) => {
                "leave the version out to mean every supported version, 3.8 … 3.15".to_owned()
            }
            _ => "list the Linux, macOS and Windows targets the host ships to".to_owned(),
        };
        // The error quotes the text again: escaped and cut too.
        let e = match e {
            TargetError::UnknownOs(os) => TargetError::UnknownOs(printable(&os)),
            TargetError::BadVersion(v) => TargetError::BadVersion(printable(&v)),
            TargetError::UnsupportedTriple(t) => TargetError::UnsupportedTriple(printable(&t)),
            other => other,
        };
        d.invalid_value(
            node,
            path,
            format!("invalid target `{}`: {e}", printable(&s)),
            "invalid target",
            help,
        );
        None
    }
}

crate::decode::serde_bridge::deserialize_through_decoder!(TargetSpec);
