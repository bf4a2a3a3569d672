//! `#[serde(rename_all = "...")]`, so key paths name keys as serde does.

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    pub fn from_str(s: &str) -> Option<Self> {
        Some(match s {
            "lowercase" => RenameRule::Lower,
            "UPPERCASE" => RenameRule::Upper,
            "PascalCase" => RenameRule::Pascal,
            "camelCase" => RenameRule::Camel,
            "snake_case" => RenameRule::Snake,
            "SCREAMING_SNAKE_CASE" => RenameRule::ScreamingSnake,
            "kebab-case" => RenameRule::Kebab,
            "SCREAMING-KEBAB-CASE" => RenameRule::ScreamingKebab,
            _ => return None,
        })
    }

    /// A snake_case field name as serde renames it.
    pub fn apply(self, field: &str) -> String {
        match self {
            RenameRule::Lower | RenameRule::Snake => field.to_owned(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
            RenameRule::Pascal | RenameRule::Camel => {
                let mut out = String::new();
                let mut upper = self == RenameRule::Pascal;
                for c in field.chars() {
                    if c == '_' {
                        upper = true;
                    } else if upper {
                        out.extend(c.to_uppercase());
                        upper = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RenameRule;

    #[test]
    fn serde_rules() {
        let cases = [
            ("lowercase", "start_method"),
            ("UPPERCASE", "START_METHOD"),
            ("PascalCase", "StartMethod"),
            ("camelCase", "startMethod"),
            ("snake_case", "start_method"),
            ("SCREAMING_SNAKE_CASE", "START_METHOD"),
            ("kebab-case", "start-method"),
            ("SCREAMING-KEBAB-CASE", "START-METHOD"),
        ];
        for (rule, expected) in cases {
            let rule = RenameRule::from_str(rule).expect("known rule");
            assert_eq!(rule.apply("start_method"), expected);
        }
    }
}
