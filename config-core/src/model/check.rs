//! The `[check]` and `[host]` tables.

use super::registry::settings_table;
use super::{Dispatcher, TargetSpec};
use crate::codes::{RULES, rule};
use crate::decode::Decoder;
use crate::syntax::Node;
use crate::text::{did_you_mean, printable};

settings_table! {
    /// What `mpconfig check` checks the config against.
    ///
    /// ```
    /// use mpconfig_core::CheckConfig;
    ///
    /// assert!(CheckConfig::default().targets.is_empty()); // = every target
    /// ```
    #[schemars(
        title = "[check]",
        description = "What `mpconfig check` checks the config against."
    )]
    pub struct CheckConfig {
        /// Targets the host ships to, as `OS[:X.Y]` (e.g. "linux", "macos:3.12", "windows"); empty means every OS × every known Python version.
        targets: Vec<TargetSpec> = Vec::new(),
        /// Rules to silence in this file, by code or name (e.g. "MP003").
        #[schemars(schema_with = "rule_list_schema")]
        allow: Vec<String> = Vec::new() => rule_codes,
        /// Rules to report as errors in this file, by code or name (e.g. "MP007").
        #[schemars(schema_with = "rule_list_schema")]
        deny: Vec<String> = Vec::new() => rule_codes,
    }
}

settings_table! {
    /// Facts about the host program that change which start methods are safe.
    ///
    /// ```
    /// use mpconfig_core::HostConfig;
    ///
    /// assert!(!HostConfig::default().multithreaded);
    /// assert_eq!(HostConfig::default().dispatcher, mpconfig_core::Dispatcher::Unknown);
    /// ```
    #[schemars(
        title = "[host]",
        description = "Facts about the host program that change which start methods are safe."
    )]
    pub struct HostConfig {
        /// Whether the host runs threads of its own before Python forks (fork then risks deadlocks).
        multithreaded: bool = false,
        /// What answers multiprocessing's child command lines: "mpconfig" (`mpconfig run`, or a host that calls mpconfig's dispatch: every form answered, so spawn is safe on every OS) or "unknown" (any other host).
        dispatcher: Dispatcher = Dispatcher::Unknown,
    }
}

/// `allow` and `deny`: rule codes or names; unknown ones are reported, the
/// known ones kept.
fn rule_codes(d: &mut Decoder, node: &Node, path: &str) -> Option<Vec<String>> {
    let crate::syntax::NodeKind::Array(items) = &node.kind else {
        d.wrong_type(node, path, "an array of rule codes");
        return None;
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        d.record(item_path.clone(), None, item.span);
        let Some(s) = <String as crate::decode::Decode>::decode(d, item, &item_path) else {
            continue;
        };
        if rule(&s).is_some() {
            out.push(s);
            continue;
        }
        let names: Vec<&str> = RULES.iter().flat_map(|r| [r.code, r.name]).collect();
        let help = match did_you_mean(&s, &names) {
            Some(c) => format!("did you mean `{c}`?"),
            None => "`mpconfig explain --list` lists every rule".to_owned(),
        };
        d.invalid_value(
            item,
            &item_path,
            format!("unknown rule `{}`", printable(&s)),
            "unknown rule",
            help,
        );
    }
    Some(out)
}

/// An array of rule codes or names, each documented.
fn rule_list_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .flat_map(|r| {
            let description = format!("{} ({}): {}", r.code, r.severity, r.summary);
            [
                serde_json::json!({ "const": r.code, "description": description }),
                serde_json::json!({ "const": r.name, "description": description }),
            ]
        })
        .collect();
    schemars::json_schema!({
        "type": "array",
        "items": { "oneOf": rules }
    })
}
