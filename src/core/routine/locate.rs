//! Puts a line:col on the rule violations that are about a character (a
//! control or invisible one in a text field): SPEC 4 wants every problem at
//! its place, and such a character is easy to find in the source but hard to
//! see in an editor. Found where the file has it, raw or written as an escape
//! (`\u{200b}`, `\x1b`, `\n`); repeated problems with one character take its
//! occurrences in order. A field that is blank because of such characters is
//! placed where they are.
//!
//! Other rule violations (a number out of range) keep no position until the
//! loader keeps ron's positions through deserialisation.

use super::diagnostic::{Diagnostic, Position};
use super::source::position_of;
use std::collections::HashMap;

/// Fills in the position of every problem in `problems` that names a character.
pub fn place(src: &str, problems: &mut [Diagnostic]) {
    let mut next_from: HashMap<char, usize> = HashMap::new();
    for problem in problems.iter_mut().filter(|p| p.position.is_none()) {
        let Some(c) = named_char(&problem.message) else {
            continue;
        };
        let from = next_from.get(&c).copied().unwrap_or(0);
        if let Some((at, len)) = find(src, c, from) {
            problem.position = Some(position_of(src, at));
            next_from.insert(c, at + len);
        }
    }
    // "title: is blank" beside "title: contains the invisible character ...".
    let placed: Vec<(Option<String>, String, Position)> = problems
        .iter()
        .filter_map(|p| Some((p.item.clone(), field(&p.message)?, p.position?)))
        .collect();
    for problem in problems.iter_mut().filter(|p| p.position.is_none()) {
        let Some(f) = field(&problem.message) else {
            continue;
        };
        problem.position = placed
            .iter()
            .find(|(item, other, _)| *item == problem.item && *other == f)
            .map(|(_, _, at)| *at);
    }
}

/// The field a rule message is about: `title` of `title: is blank...`.
fn field(message: &str) -> Option<String> {
    let (field, _) = message.split_once(": ")?;
    Some(field.to_string())
}

/// The character a text-rule message names: the escape after "character "
/// (`contains the invisible character \u{200b} (zero-width space)`).
fn named_char(message: &str) -> Option<char> {
    let (_, after) = message.split_once(" character ")?;
    let escape = after.split(' ').next()?;
    unescape(escape.trim_end_matches([';', ',']))
}

/// The character of one escape as `char::escape_default` or RON writes it.
fn unescape(escape: &str) -> Option<char> {
    match escape {
        "\\n" => Some('\n'),
        "\\r" => Some('\r'),
        "\\t" => Some('\t'),
        "\\0" => Some('\0'),
        _ => {
            let hex = escape
                .strip_prefix("\\u{")
                .and_then(|h| h.strip_suffix('}'))
                .or_else(|| escape.strip_prefix("\\x"))?;
            char::from_u32(u32::from_str_radix(hex, 16).ok()?)
        }
    }
}

/// The first place at or after byte `from` where `src` holds `c`, raw or as an
/// escape inside a string: its byte offset and length.
fn find(src: &str, c: char, from: usize) -> Option<(usize, usize)> {
    let rest = src.get(from..)?;
    // A raw line break or tab (or the CR of a CRLF) is the file's own layout
    // far more often than the text's: those are only looked for as escapes.
    let raw = rest
        .char_indices()
        .find(|&(i, x)| x == c && !is_layout(rest, i, x))
        .map(|(i, _)| (from + i, c.len_utf8()));
    let escaped = rest.match_indices('\\').find_map(|(i, _)| {
        let tail = &rest[i..];
        let len = escape_len(tail)?;
        (unescape(&tail[..len]) == Some(c)).then_some((from + i, len))
    });
    match (raw, escaped) {
        (Some(r), Some(e)) => Some(if r.0 <= e.0 { r } else { e }),
        (r, e) => r.or(e),
    }
}

fn is_layout(text: &str, at: usize, c: char) -> bool {
    match c {
        '\n' | '\t' => true,
        '\r' => text[at..].starts_with("\r\n"),
        _ => false,
    }
}

/// The length of the escape `tail` starts with (`\u{200b}`, `\x1b`, `\n`).
fn escape_len(tail: &str) -> Option<usize> {
    let body = tail.strip_prefix('\\')?;
    if body.starts_with("u{") {
        return body.find('}').map(|end| end + 2);
    }
    if body.starts_with('x') {
        return (body.len() >= 3 && body.is_char_boundary(3)).then_some(4);
    }
    body.chars().next().map(|c| 1 + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(src: &str, messages: &[(&str, &str)]) -> Vec<Option<(usize, usize)>> {
        let mut problems: Vec<Diagnostic> = messages
            .iter()
            .map(|(item, m)| Diagnostic::item((*item).to_string(), (*m).to_string()))
            .collect();
        place(src, &mut problems);
        problems
            .iter()
            .map(|p| p.position.map(|p| (p.line, p.col)))
            .collect()
    }

    #[test]
    fn raw_and_escaped_characters_are_found_in_order() {
        let src = "Routine(\n  title: \"a\u{200b}b\",\n  summary: \"x\\u{200B}y\",\n)";
        let msg = "contains the invisible character \\u{200b} (zero-width space)";
        assert_eq!(
            placed(
                src,
                &[
                    ("", &format!("title: {msg}")),
                    ("", &format!("summary: {msg}"))
                ]
            ),
            [Some((2, 12)), Some((3, 14))]
        );
    }

    #[test]
    fn a_blank_field_is_placed_with_its_character_and_unknowns_stay_unplaced() {
        let src = "Routine(title: \"\u{2060}\")";
        assert_eq!(
            placed(
                src,
                &[
                    ("", "title: is blank; write a few words"),
                    (
                        "",
                        "title: contains the invisible character \\u{2060} (word joiner)"
                    ),
                    ("", "transition: 70 is out of range"),
                ]
            ),
            [Some((1, 17)), Some((1, 17)), None]
        );
        assert_eq!(
            placed("x", &[("", "a: contains the control character \\u{1b}")]),
            [None]
        );
    }
}
