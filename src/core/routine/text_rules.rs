//! The rules for a routine's text fields (SPEC section 1): not too long, not
//! blank where a text is required, and no control or invisible characters. A
//! routine file is shared between people; its text must never drive the
//! reader's terminal nor say something other than what it shows.

use crate::text::{char_kind, describe_char, is_blank, unsafe_chars};

/// The problems of a required text (a title, a name, a prompt's text), each a
/// message to follow `field: `. Invisible characters count as blank.
pub fn required(value: &str, max_chars: usize) -> Vec<String> {
    if is_blank(value) {
        let mut problems = vec!["is blank; write a few words".to_string()];
        problems.extend(characters(value));
        return problems;
    }
    optional(value, max_chars)
}

/// The problems of a text that may be left out or empty (a summary, a tool...).
pub fn optional(value: &str, max_chars: usize) -> Vec<String> {
    let mut problems = Vec::new();
    // A char takes at least one byte: a text of at most `max` bytes is short enough.
    if value.len() > max_chars {
        let count = value.chars().count();
        if count > max_chars {
            problems.push(format!(
                "is {count} characters long; at most {max_chars} are allowed"
            ));
        }
    }
    problems.extend(characters(value));
    problems
}

/// The first control or invisible character of `value`, with how many more
/// there are: one message per field is enough to find and fix them.
fn characters(value: &str) -> Option<String> {
    let mut found = unsafe_chars(value);
    let (_, first) = found.next()?;
    let more = found.count();
    let also = match more {
        0 => String::new(),
        1 => " and 1 more".to_string(),
        n => format!(" and {n} more"),
    };
    let kind = char_kind(first);
    let why = if first.is_control() {
        "text may not hold control characters (escape sequences, bells, line breaks)"
    } else {
        "text may not hold invisible characters (zero-width spaces, direction marks, soft hyphens...), which hide or reorder what it says"
    };
    Some(format!(
        "contains the {kind} {}{also}; {why}",
        describe_char(first)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named_and_escaped() {
        assert_eq!(
            optional("Calf\u{200b}stretch", 80),
            [
                "contains the invisible character \\u{200b} (zero-width space); text may not hold invisible characters (zero-width spaces, direction marks, soft hyphens...), which hide or reorder what it says"
            ]
        );
        assert_eq!(
            optional("a\u{1b}[2Jb\u{7}", 80),
            [
                "contains the control character \\u{1b} (ESC, which starts terminal escape sequences) and 1 more; text may not hold control characters (escape sequences, bells, line breaks)"
            ]
        );
        assert!(optional("Run \u{1f3c3}\u{200d}\u{2640}\u{fe0f}", 80).is_empty());
        assert!(
            optional("Calf\u{200d}stretch", 80)[0]
                .contains("\\u{200d} (zero-width joiner, allowed only between two emoji)")
        );
    }

    #[test]
    fn only_invisible_characters_is_blank() {
        let problems = required("\u{200b}\u{200b}", 60);
        assert_eq!(problems[0], "is blank; write a few words");
        assert!(problems[1].contains("\\u{200b} (zero-width space) and 1 more"));
        assert_eq!(required("\u{3164}", 60)[0], "is blank; write a few words");
        assert_eq!(required("  ", 60), ["is blank; write a few words"]);
        assert!(required("Calf", 60).is_empty());
    }
}
