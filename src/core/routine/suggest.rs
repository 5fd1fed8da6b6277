//! "Did you mean" suggestions from a list of known names.

use crate::text::is_unsafe;

/// `", did you mean 'seconds'?"` when a known name is close to `found`, otherwise
/// `"; expected one of 'a', 'b'"` so the coach still sees the choices.
pub fn did_you_mean(found: &str, expected: &[&str]) -> String {
    if let Some(best) = closest(found, expected) {
        return format!(", did you mean '{best}'?");
    }
    if expected.is_empty() {
        return String::new();
    }
    let list: Vec<String> = expected.iter().map(|e| format!("'{e}'")).collect();
    format!("; expected one of {}", list.join(", "))
}

/// The known name nearest to `found`, if it is near enough to be a likely typo
/// or an abbreviation (`secs` -> `seconds`). Control and invisible characters
/// (a zero-width space pasted along) are left out of the comparison.
pub fn closest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    let lower: String = found
        .chars()
        .filter(|&c| !is_unsafe(c))
        .collect::<String>()
        .to_ascii_lowercase();
    let found = lower.as_str();
    let abbreviation = expected
        .iter()
        .filter(|e| is_abbreviation(&lower, &e.to_ascii_lowercase()))
        .min_by_key(|e| e.len());
    if let Some(&e) = abbreviation {
        return Some(e);
    }
    expected
        .iter()
        .map(|&e| {
            let d = strsim::damerau_levenshtein(&lower, &e.to_ascii_lowercase());
            (d, e)
        })
        .filter(|&(d, e)| {
            // Allow about one typo per three letters, at least one.
            let budget = (e.chars().count().max(found.chars().count()) / 3).max(1);
            d <= budget
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, e)| e)
}

/// `found` keeps the first letter of `name` and the rest of its letters in order:
/// how people shorten words (`secs`, `instr`, `trans`).
fn is_abbreviation(found: &str, name: &str) -> bool {
    if found.len() < 3 || found.len() >= name.len() || found.chars().next() != name.chars().next() {
        return false;
    }
    let mut rest = name.chars();
    found.chars().all(|c| rest.any(|n| n == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        let fields = ["name", "kind", "target", "seconds", "side", "sets", "rest"];
        assert_eq!(closest("secs", &fields), Some("seconds"));
        assert_eq!(
            closest("instr", &["instructions", "tool"]),
            Some("instructions")
        );
        assert_eq!(closest("secnods", &fields), Some("seconds"));
        assert_eq!(closest("targt", &fields), Some("target"));
        assert_eq!(
            closest("Strech", &["Massage", "Stretch", "Mobility"]),
            Some("Stretch")
        );
        assert_eq!(closest("zzzzzz", &fields), None);
        assert_eq!(
            closest("s\u{200b}e\u{200b}c\u{200b}s", &fields),
            Some("seconds")
        );
        assert_eq!(closest("\u{200b}\u{200b}\u{200b}", &fields), None);
    }

    #[test]
    fn lists_choices_when_nothing_is_close() {
        assert_eq!(
            did_you_mean("zzz", &["Step", "Rest"]),
            "; expected one of 'Step', 'Rest'"
        );
    }
}
