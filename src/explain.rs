//! The long explanation of every rule, compiled in from `docs/rules/`.

/// `(code, markdown)` for every rule, in code order.
macro_rules! explanations {
    ($($code:literal),* $(,)?) => {
        &[$(($code, include_str!(concat!("../docs/rules/", $code, ".md")))),*]
    };
}

static EXPLANATIONS: &[(&str, &str)] = explanations!(
    "MP001", "MP002", "MP003", "MP004", "MP005", "MP006", "MP007", "MP008", "MP009", "MP010",
    "MP011", "MP012", "MP013", "MP014", "MP015", "MP016", "MP017", "MP018",
);

/// The markdown explanation of a rule (by code, any case, or by name), with
/// the sections *What it does*, *Why is this bad?*, *Example*, *How to fix*
/// and *References*.
///
/// ```
/// let text = mpconfig::explanation("mp001").unwrap();
/// assert!(text.starts_with("# MP001: fork-on-windows"));
/// assert!(text.contains("## Why is this bad?"));
/// ```
pub fn explanation(code: &str) -> Option<&'static str> {
    let rule = crate::rule(code)?;
    EXPLANATIONS
        .iter()
        .find(|(c, _)| *c == rule.code)
        .map(|(_, text)| *text)
}

/// The README's rule table, generated from the registry.
pub fn rules_table() -> String {
    let mut table = String::from("| code | name | severity | summary |\n|---|---|---|---|\n");
    for rule in crate::RULES {
        table.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            rule.code,
            rule.name,
            rule.severity,
            rule.summary.replace('|', "\\|")
        ));
    }
    table
}
