//! The text of a RON file (a routine or the settings) before it is parsed: the
//! leading byte-order mark, positions as editors show them, and the control or
//! invisible characters that stand outside any quoted text.
//!
//! Those last never reach a field, so the text rules of `validate` never see
//! them, yet ron skips some as whitespace (direction marks, U+2028, NEL) and
//! every one inside a comment: a file could then read differently from what it
//! says ("Trojan Source"). Inside quoted text they are the rules' business, with
//! the field named.

use super::diagnostic::{Diagnostic, Position};
use crate::text::{char_kind, describe_char, unsafe_chars};

/// At most this many stray characters are reported one by one; the rest are counted.
const MAX_STRAY_REPORTED: usize = 10;

/// `src` without its leading byte-order mark (allowed, and ignored: an editor
/// does not show it, so columns do not count it).
pub fn strip_bom(src: &str) -> &str {
    src.strip_prefix('\u{FEFF}').unwrap_or(src)
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn position_of(src: &str, offset: usize) -> Position {
    let before = &src[..offset];
    Position {
        line: 1 + before.matches('\n').count(),
        col: 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count()),
    }
}

/// The byte offset of a 1-based line and column (in characters, as ron counts).
pub fn offset_of(src: &str, p: Position) -> usize {
    let line_start = if p.line <= 1 {
        0
    } else {
        src.match_indices('\n')
            .nth(p.line - 2)
            .map_or(src.len(), |(i, _)| i + 1)
    };
    src[line_start..]
        .char_indices()
        .nth(p.col.saturating_sub(1))
        .map_or(src.len(), |(i, _)| line_start + i)
}

/// The offset of the next token at or after `at`: whitespace and comments skipped.
pub fn skip_blank(src: &str, mut at: usize) -> usize {
    loop {
        let rest = &src[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else if let Some(body) = trimmed.strip_prefix("/*") {
            at += body.find("*/").map_or(trimmed.len(), |end| end + 4);
        } else {
            return at;
        }
    }
}

/// One error per control or invisible character outside quoted text (a tab, a
/// line break and a CR before one are layout, not text), at its position.
/// `src` is the text without its leading byte-order mark.
pub fn stray_characters(src: &str) -> Vec<Diagnostic> {
    let layout = |i: usize, c: char| match c {
        '\t' | '\n' => true,
        '\r' => src.as_bytes().get(i + 1) == Some(&b'\n'),
        _ => false,
    };
    let mut found = unsafe_chars(src).filter(|&(i, c)| !layout(i, c)).peekable();
    if found.peek().is_none() {
        return Vec::new();
    }
    let regions = regions(src);
    let stray: Vec<(usize, char, Region)> = found
        .filter_map(|(i, c)| match region_at(&regions, i) {
            Region::Quoted => None,
            region => Some((i, c, region)),
        })
        .collect();
    let mut out: Vec<Diagnostic> = stray
        .iter()
        .take(MAX_STRAY_REPORTED)
        .map(|&(i, c, region)| {
            let place = match region {
                Region::Comment => "in a comment",
                _ => "outside any quoted text",
            };
            Diagnostic::at(
                position_of(src, i),
                format!(
                    "the {} {} stands here, {place}; delete it (editors may not show it)",
                    char_kind(c),
                    describe_char(c)
                ),
            )
        })
        .collect();
    // The rest, counted, at the first of them (SPEC 4: every problem at a place).
    if let Some(&(first, _, _)) = stray.get(MAX_STRAY_REPORTED) {
        out.push(Diagnostic::at(
            position_of(src, first),
            format!(
                "and {} more control or invisible characters outside quoted text, from here on",
                stray.len() - MAX_STRAY_REPORTED
            ),
        ));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    Code,
    Comment,
    /// A string, raw string or char literal: a value, checked by the text rules.
    Quoted,
}

/// The region that holds byte `at`, from the sorted spans of [`regions`].
fn region_at(regions: &[(usize, usize, Region)], at: usize) -> Region {
    let i = regions.partition_point(|&(_, end, _)| end <= at);
    match regions.get(i) {
        Some(&(start, _, region)) if start <= at => region,
        _ => Region::Code,
    }
}

/// The comments and quoted texts of `src` as sorted `(start, end, region)` byte
/// spans, lexed as ron does: `//` to the line's end, nested `/* */`, `"..."`
/// with escapes, raw `r#"..."#` (also `br"..."`), and char literals. An
/// unclosed one runs to the end (ron reports it).
fn regions(src: &str) -> Vec<(usize, usize, Region)> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let (end, region) = match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => (
                src[i..].find('\n').map_or(bytes.len(), |n| i + n),
                Region::Comment,
            ),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                (block_comment_end(bytes, i), Region::Comment)
            }
            b'"' => (quoted_end(bytes, i + 1, b'"'), Region::Quoted),
            b'\'' => match char_literal_end(bytes, i) {
                Some(end) => (end, Region::Quoted),
                None => (i + 1, Region::Code),
            },
            b'r' if !continues_word(bytes, i) && matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                match raw_string_end(src, i + 1) {
                    Some(end) => (end, Region::Quoted),
                    None => (i + 1, Region::Code),
                }
            }
            _ => (i + 1, Region::Code),
        };
        if region != Region::Code {
            out.push((start, end, region));
        }
        i = end.max(i + 1);
    }
    out
}

/// Whether the byte at `i` continues a word (so an `r` there starts no raw
/// string); `br"..."` is a raw byte string.
fn continues_word(bytes: &[u8], i: usize) -> bool {
    let Some(&before) = i.checked_sub(1).and_then(|b| bytes.get(b)) else {
        return false;
    };
    let prefix_b = before == b'b' && !(i >= 2 && is_word_byte(bytes[i - 2]));
    is_word_byte(before) && !prefix_b
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The end of a `"`-quoted text whose body starts at `from`: past the closing quote.
fn quoted_end(bytes: &[u8], mut from: usize, quote: u8) -> usize {
    while from < bytes.len() {
        match bytes[from] {
            b'\\' => from += 2,
            b if b == quote => return from + 1,
            _ => from += 1,
        }
    }
    bytes.len()
}

/// A char literal at `at` (`'x'`, `'\n'`, `'\u{200b}'`): its end, when it closes soon.
fn char_literal_end(bytes: &[u8], at: usize) -> Option<usize> {
    let end = quoted_end(bytes, at + 1, b'\'');
    (end <= bytes.len() && bytes[end - 1] == b'\'' && end - at <= 12).then_some(end)
}

/// A raw string whose `#`s or quote start at `from`: past its closing `"##`.
fn raw_string_end(src: &str, from: usize) -> Option<usize> {
    let hashes = src[from..].bytes().take_while(|&b| b == b'#').count();
    let open = from + hashes;
    if src.as_bytes().get(open) != Some(&b'"') {
        return None;
    }
    let close = format!("\"{}", "#".repeat(hashes));
    Some(
        src[open + 1..]
            .find(&close)
            .map_or(src.len(), |n| open + 1 + n + close.len()),
    )
}

/// The end of a block comment at `at`, past its `*/`; block comments nest.
fn block_comment_end(bytes: &[u8], at: usize) -> usize {
    let mut depth = 0;
    let mut i = at;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stray(src: &str) -> Vec<String> {
        stray_characters(src)
            .iter()
            .map(Diagnostic::short)
            .collect()
    }

    #[test]
    fn a_leading_bom_is_not_counted() {
        assert_eq!(strip_bom("\u{feff}Routine("), "Routine(");
        assert_eq!(strip_bom("Routine(\u{feff}"), "Routine(\u{feff}");
    }

    #[test]
    fn quoted_text_is_left_to_the_field_rules() {
        assert!(stray("(title: \"a\u{200b}b\", x: r#\"\u{202e}\"#, c: '\u{200b}')").is_empty());
        assert!(stray("(a: \"esc \\\" \u{200b}\")").is_empty());
        assert!(stray("(a: 1,\r\n\tb: 2)").is_empty());
        assert!(stray("// runner \u{1f3c3}\u{200d}\u{2640}\u{fe0f}\n()").is_empty());
    }

    #[test]
    fn invisible_characters_outside_quotes_are_reported_where_they_stand() {
        assert_eq!(
            stray("(\n  ti\u{200b}tle: \"x\")"),
            [
                "2:5: the invisible character \\u{200b} (zero-width space) stands here, outside any quoted text; delete it (editors may not show it)"
            ]
        );
        let comment = stray("// \u{202e} reversed\n(a: \"x\" /* /* \u{2066} */ */ \u{200f})");
        assert_eq!(comment.len(), 3, "{comment:#?}");
        assert!(comment[0].starts_with("1:4: the invisible character \\u{202e}"));
        assert!(comment[0].contains("in a comment"));
        assert!(comment[1].starts_with("2:15: ") && comment[1].contains("in a comment"));
        assert!(comment[2].starts_with("2:23: ") && comment[2].contains("outside any quoted text"));
        assert!(stray("(a: 1)\r")[0].contains("\\u{d} (carriage return)"));
        assert!(stray("(a:\u{85}1)")[0].contains("control character \\u{85}"));
    }

    #[test]
    fn many_stray_characters_are_counted_after_the_first_ten() {
        let src = format!("({})", "\u{200b}".repeat(25));
        let found = stray(&src);
        assert_eq!(found.len(), 11);
        assert_eq!(
            found[10],
            "1:12: and 15 more control or invisible characters outside quoted text, from here on"
        );
    }
}
