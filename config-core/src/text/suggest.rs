//! Did-you-mean for misspelt keys and values.

/// The candidate the user most likely meant by `given`, if one is close:
/// the same up to case and `-`/`_`/space, or a small edit away
/// (`spwan` → `spawn`, `start-method` → `start_method`).
pub(crate) fn did_you_mean<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Long inputs cannot be close to any candidate; skip the quadratic work.
    if given.len() > 64 {
        return None;
    }
    let norm = normalize(given);
    if let Some(c) = candidates.iter().find(|c| normalize(c) == norm) {
        return Some(c);
    }
    let limit = match norm.chars().count() {
        0..=3 => 1,
        4..=8 => 2,
        _ => 3,
    };
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&norm, &normalize(c)), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn normalize(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn close_names_are_suggested() {
        let methods = ["auto", "none", "fork", "forkserver", "spawn"];
        assert_eq!(did_you_mean("spwan", &methods), Some("spawn"));
        assert_eq!(did_you_mean("Fork", &methods), Some("fork"));
        assert_eq!(did_you_mean("fork-server", &methods), Some("forkserver"));
        assert_eq!(did_you_mean("threads", &methods), None);
        let keys = ["start_method", "auto_dispatch"];
        assert_eq!(did_you_mean("start-method", &keys), Some("start_method"));
        assert_eq!(did_you_mean("startmethod", &keys), Some("start_method"));
        assert_eq!(did_you_mean(&"x".repeat(10_000), &keys), None);
    }
}
