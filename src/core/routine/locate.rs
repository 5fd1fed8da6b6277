//! Puts every rule violation at its line:col (SPEC 4): at the value it is
//! about, from the positions ron read ([`Spans`]); a problem about a character
//! (a control or invisible one in a text field) at that character, found in
//! the field's text raw or written as an escape (`\u{200b}`, `\x1b`, `\n`),
//! since such a character is easy to find in the source but hard to see in an
//! editor.

use super::diagnostic::Diagnostic;
use super::source::position_of;
use super::validate::Problem;
use crate::core::spans::Spans;
use std::collections::HashMap;

/// The diagnostics of `problems`, each placed in `src`.
pub fn place(src: &str, spans: &Spans, problems: Vec<Problem>) -> Vec<Diagnostic> {
    // Where the search for each character goes on: two fields whose values have
    // no position of their own (texts with escapes in a list) take the
    // character's occurrences in order.
    let mut next_from: HashMap<char, usize> = HashMap::new();
    problems
        .into_iter()
        .map(
            |Problem {
                 path,
                 mut diagnostic,
             }| {
                let (_, offset, position) = spans.nearest_place(&path);
                diagnostic.position = Some(position);
                if let Some(c) = named_char(&diagnostic.message) {
                    let from = next_from.get(&c).copied().unwrap_or(0).max(offset);
                    if let Some((at, len)) = find(src, c, from) {
                        diagnostic.position = Some(position_of(src, at));
                        next_from.insert(c, at + len);
                    }
                }
                diagnostic
            },
        )
        .collect()
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
    use crate::core::routine::Position;
    use crate::core::routine::load::parse_str;

    fn placed(src: &str) -> Vec<(usize, usize)> {
        parse_str(src)
            .expect_err("invalid")
            .iter()
            .map(|d| {
                d.position
                    .map(|Position { line, col }| (line, col))
                    .expect("placed")
            })
            .collect()
    }

    #[test]
    fn raw_and_escaped_characters_are_found_in_their_fields() {
        let src = "Routine(\n  title: \"a\u{200b}b\",\n  summary: \"x\\u{200B}y\",\n  steps: [Step(name: \"N\", kind: Stretch, target: Calves, seconds: 30)])";
        assert_eq!(placed(src), [(2, 12), (3, 14)]);
    }

    #[test]
    fn a_blank_field_is_placed_at_its_value_and_numbers_at_theirs() {
        let src = "Routine(title: \"\u{2060}\", transition: 70,\n steps: [Step(name: \"N\", kind: Stretch, target: Calves, seconds: 30)])";
        assert_eq!(placed(src), [(1, 16), (1, 17), (1, 33)]);
    }

    #[test]
    fn unescape_reads_both_forms() {
        assert_eq!(unescape("\\u{1b}"), Some('\u{1b}'));
        assert_eq!(unescape("\\x1b"), Some('\u{1b}'));
        assert_eq!(unescape("\\n"), Some('\n'));
        assert_eq!(unescape("x"), None);
    }
}
