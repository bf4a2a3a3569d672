//! `bootstrap_matrix`'s expectations on the facts one bootstrapped
//! interpreter reports (a module of that test).

use std::collections::BTreeSet;

use serde_json::{Value, json};

/// Expectations on one facts object, collecting every mismatch.
pub struct Expect<'a> {
    facts: &'a Value,
    pub errors: Vec<String>,
}

impl<'a> Expect<'a> {
    pub fn new(facts: &'a Value) -> Self {
        Expect {
            facts,
            errors: Vec::new(),
        }
    }

    pub fn eq(&mut self, key: &str, want: Value) {
        if self.facts[key] != want {
            self.errors
                .push(format!("{key}: got {}, want {want}", self.facts[key]));
        }
    }

    /// The bootstrap's finder is in `sys.meta_path` exactly while a module
    /// it hooks has not run (`pending_after_WHEN`, from the fixture).
    pub fn finder_while_pending(&mut self, when: &str) {
        let pending = self.facts[format!("pending_after_{when}")]
            .as_array()
            .map_or(0, Vec::len);
        self.eq(
            &format!("finders_after_{when}"),
            json!(usize::from(pending > 0)),
        );
    }

    /// `name` is (or is not) among the modules pending after `when`.
    pub fn pending(&mut self, when: &str, name: &str, want: bool) {
        let key = format!("pending_after_{when}");
        let got = self.facts[&key]
            .as_array()
            .is_some_and(|a| a.iter().any(|n| n == name));
        if got != want {
            let facts = &self.facts[&key];
            self.errors.push(format!(
                "{key}: {name} pending {got}, want {want} ({facts})"
            ));
        }
    }

    pub fn same(&mut self, a: &str, b: &str) {
        if self.facts[a] != self.facts[b] || self.facts[a].is_null() {
            self.errors
                .push(format!("{a} {} != {b} {}", self.facts[a], self.facts[b]));
        }
    }

    pub fn loaders(&mut self) {
        let ok = self.facts["loaders"].as_array().is_some_and(|l| {
            l.iter()
                .all(|n| !n.as_str().unwrap_or("Mpconfig").contains("Mpconfig"))
        });
        if !ok {
            self.errors
                .push(format!("loader not restored: {}", self.facts["loaders"]));
        }
    }

    pub fn squares(&mut self, key: &str) {
        let want: Vec<u64> = (0..20).map(|x| x * x).collect();
        self.eq(key, json!(want));
    }

    /// Workers really are separate processes started by `method` (seen
    /// from inside: who the parent is, how `__main__` was set up) and run
    /// the expected executable.
    pub fn workers(&mut self, key: &str, method: &str) {
        self.workers_kind(key, method);
        let wkey = format!("{key}_workers");
        let want_exe = if method == "fork" {
            self.facts["sys_executable"].clone()
        } else {
            self.facts["exe"].clone()
        };
        let exes: BTreeSet<String> = self.facts[&wkey]
            .as_array()
            .map(|ws| ws.iter().map(|w| w["exe"].to_string()).collect())
            .unwrap_or_default();
        if exes.len() != 1 || !exes.contains(&want_exe.to_string()) {
            self.errors
                .push(format!("{wkey}: executables {exes:?}, want {want_exe}"));
        }
    }

    pub fn workers_kind(&mut self, key: &str, method: &str) {
        let wkey = format!("{key}_workers");
        let Some(workers) = self.facts[&wkey].as_array() else {
            self.errors.push(format!("{wkey}: missing"));
            return;
        };
        let parent = &self.facts["pid"];
        for w in workers {
            let kind = match (w["main"].as_str(), &w["ppid"] == parent) {
                (Some("__main__"), true) => "fork",
                (Some("__mp_main__"), true) => "spawn",
                (Some("__mp_main__"), false) => "forkserver",
                _ => "unknown",
            };
            if kind != method || &w["pid"] == parent {
                self.errors.push(format!(
                    "{wkey}: a worker looks started by {kind}, want {method}: {w}"
                ));
                return;
            }
            // In the parent the method was fixed by using it; workers agree.
            if key != "ppe_fork" && key != "pool_forkserver" && w["method"] != self.facts["method"]
            {
                self.errors.push(format!(
                    "{wkey}: worker get_start_method() {} != parent's {}",
                    w["method"], self.facts["method"]
                ));
                return;
            }
        }
    }
}
