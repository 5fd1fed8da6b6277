//! Text helpers shared by every output: terminal safety and durations.
//!
//! [`clean`] is the one sanitiser: every text from a file, a path, an argument or
//! another library's message reaches the terminal through it. [`unsafe_chars`] is
//! its predicate, which the routine rules and the tests use too, so that what a
//! file may hold and what output may show never drift apart.

use std::borrow::Cow;
use unicode_properties::{GeneralCategory, UnicodeEmoji, UnicodeGeneralCategory};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The zero-width joiner: invisible, but what glues an emoji sequence together
/// ("🏃‍♀️" is runner, ZWJ, female sign, VS16).
pub const ZWJ: char = '\u{200D}';

/// Makes text from a file or a path safe to print: control and invisible
/// characters (see [`unsafe_chars`]) are shown escaped (`\u{1b}`, `\u{200b}`,
/// `\n`) instead of reaching the terminal. Cleaning twice changes nothing.
pub fn clean(s: &str) -> Cow<'_, str> {
    let mut found = unsafe_chars(s).peekable();
    if found.peek().is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut from = 0;
    for (i, c) in found {
        out.push_str(&s[from..i]);
        out.extend(c.escape_default());
        from = i + c.len_utf8();
    }
    out.push_str(&s[from..]);
    Cow::Owned(out)
}

/// [`clean`] for text of several lines: the line breaks stay, everything else
/// unsafe in each line is escaped.
pub fn clean_lines(s: &str) -> Cow<'_, str> {
    if !unsafe_chars(s).any(|(_, c)| c != '\n') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split('\n').map(clean).collect::<Vec<_>>().join("\n"))
}

/// A character that must never reach the terminal as it is, taken alone: a
/// control character (a terminal acts on it) or an invisible one (it hides or
/// reorders what the text says). In context, [`unsafe_chars`] lets a zero-width
/// joiner inside an emoji sequence and a variation selector after its character
/// through.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Invisible characters: every format character (category Cf: zero-width
/// spaces, direction marks, bidi overrides and isolates, soft hyphen, tags...),
/// the line and paragraph separators, and the rest of Unicode's
/// `Default_Ignorable_Code_Point` (fillers and selectors that show as nothing),
/// which the property crate has no table for: its few ranges are listed here.
pub fn is_invisible(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    matches!(
        c.general_category(),
        GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    ) || matches!(
        c,
        '\u{34F}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Whether a text says nothing: only whitespace and invisible characters.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// Every character of `s` that [`clean`] escapes, with its byte offset: each
/// [`is_unsafe`] one, except a zero-width joiner between two emoji (after an
/// optional VS16) and a variation selector right after a visible character
/// (`"☀️"`, an ideographic variant). A run of selectors, or one after a space,
/// carries nothing a reader sees, so it is unsafe.
pub fn unsafe_chars(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    // Printable ASCII, nearly every text, holds none: skip the scan by chars.
    let ascii = s.bytes().all(|b| (b' '..=b'~').contains(&b));
    let mut chars = s.char_indices().peekable();
    let mut before: [Option<char>; 2] = [None, None];
    std::iter::from_fn(move || {
        if ascii {
            return None;
        }
        while let Some((i, c)) = chars.next() {
            let [earlier, prev] = before;
            before = [prev, Some(c)];
            if !is_unsafe(c) {
                continue;
            }
            let next = chars.peek().map(|&(_, n)| n);
            let allowed = if c == ZWJ {
                let base = if prev == Some('\u{FE0F}') {
                    earlier
                } else {
                    prev
                };
                base.is_some_and(is_emoji) && next.is_some_and(is_emoji)
            } else {
                is_variation_selector(c)
                    && prev.is_some_and(|p| !p.is_whitespace() && !is_unsafe(p))
            };
            if !allowed {
                return Some((i, c));
            }
        }
        None
    })
}

/// A pictograph that an emoji ZWJ sequence joins. ASCII digits, `#` and `*`
/// are Emoji=Yes too (for keycaps), but a joiner between them joins nothing.
fn is_emoji(c: char) -> bool {
    !c.is_ascii() && c.is_emoji_char()
}

fn is_variation_selector(c: char) -> bool {
    matches!(
        c,
        '\u{180B}'..='\u{180D}' | '\u{180F}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}'
    )
}

/// `control character` or `invisible character`, for messages about `c`.
pub fn char_kind(c: char) -> &'static str {
    if c.is_control() {
        "control character"
    } else {
        "invisible character"
    }
}

/// `c` as a message shows it: escaped, with a reader's name where there is one
/// (`\u{200b} (zero-width space)`).
pub fn describe_char(c: char) -> String {
    let escaped = c.escape_unicode();
    match char_name(c) {
        Some(name) => format!("{escaped} ({name})"),
        None => escaped.to_string(),
    }
}

/// A reader's name for the control and invisible characters people run into.
pub fn char_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{1b}' => "ESC, which starts terminal escape sequences",
        '\u{7}' => "BEL",
        '\0' => "NUL",
        '\r' => "carriage return",
        '\n' => "line break",
        '\t' => "tab",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\u{85}' => "next line, a line break",
        '\u{ad}' => "soft hyphen, shown only where a line breaks",
        '\u{34f}' => "combining grapheme joiner",
        '\u{61c}' => "Arabic letter mark, which changes the direction of the text",
        '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' => "Hangul filler, which shows as blank",
        '\u{180e}' => "Mongolian vowel separator",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        ZWJ => "zero-width joiner, allowed only between two emoji",
        '\u{200e}' => "left-to-right mark, which changes the direction of the text",
        '\u{200f}' => "right-to-left mark, which changes the direction of the text",
        '\u{202A}'..='\u{202E}' => "a bidirectional override, which reorders the text shown",
        '\u{2066}'..='\u{2069}' => "a bidirectional isolate, which reorders the text shown",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{2060}' => "word joiner",
        '\u{2061}'..='\u{2064}' => "an invisible math operator",
        '\u{feff}' => "byte-order mark, allowed only as the first character of a file",
        '\u{fff9}'..='\u{fffb}' => "an interlinear annotation mark",
        '\u{e0000}'..='\u{e007f}' => "a tag character, which hides text",
        c if is_variation_selector(c) => {
            "a variation selector, allowed only right after the character it varies"
        }
        c if is_invisible(c) => "an invisible format character",
        _ => return None,
    })
}

/// `95` -> `1:35`, `3725` -> `1:02:05`.
pub fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// `95` -> `1 min 35 s`, `60` -> `1 min`, `45` -> `45 s`.
pub fn duration(secs: u64) -> String {
    let (m, s) = (secs / 60, secs % 60);
    match (m, s) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// `s` cut to `width` terminal columns, ending in `…` when it was longer.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    // A joiner cut from the emoji it joined to would reach the terminal bare.
    while out.ends_with(ZWJ) {
        out.pop();
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// [`fit`], then padded with spaces to exactly `width` columns.
pub fn fit_pad(s: &str, width: usize) -> String {
    let mut out = fit(s, width);
    let used = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// `one` when `n` is 1, else `many`.
pub fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Whole minutes as history shows them: `0`, `<1`, `2` (rounded).
pub fn whole_minutes(secs: u64) -> String {
    match secs {
        0 => "0".to_owned(),
        1..60 => "<1".to_owned(),
        _ => ((secs + 30) / 60).to_string(),
    }
}

/// `20` -> `<1 min`, `750` -> `13 min`, `15100` -> `4 h 12 min`.
pub fn minutes(secs: u64) -> String {
    let m = (secs + 30) / 60;
    if m >= 60 {
        format!("{} h {} min", m / 60, m % 60)
    } else {
        format!("{} min", whole_minutes(secs))
    }
}

/// `left` -> `Left`.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Text from a file, safe inside Markdown: the characters that would start
/// emphasis, a link, HTML, a heading or a table are escaped (`CommonMark` lets
/// any ASCII punctuation be escaped), the rest left readable as plain text.
/// Clean it first ([`clean`]): this only keeps Markdown from reading markup.
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_what_would_become_markup() {
        assert_eq!(
            md_escape("a *b* [c](d) <e> #f"),
            r"a \*b\* \[c\](d) \<e\> \#f"
        );
        assert_eq!(md_escape("3-4 s, (slow)."), "3-4 s, (slow).");
    }

    #[test]
    fn clean_escapes_terminal_controls() {
        assert_eq!(clean("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(clean("bell\u{7}"), "bell\\u{7}");
        assert_eq!(clean("line\nbreak"), "line\\nbreak");
        assert!(matches!(clean("plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn clean_escapes_every_invisible_character() {
        let cases = [
            ("a\u{200b}b", "a\\u{200b}b"),
            (
                "\u{200c}\u{200e}\u{200f}\u{61c}",
                "\\u{200c}\\u{200e}\\u{200f}\\u{61c}",
            ),
            (
                "x\u{202e}y\u{2067}z\u{2069}",
                "x\\u{202e}y\\u{2067}z\\u{2069}",
            ),
            ("soft\u{ad}hyphen", "soft\\u{ad}hyphen"),
            ("in\u{feff}side", "in\\u{feff}side"),
            ("word\u{2060}joiner\u{2062}", "word\\u{2060}joiner\\u{2062}"),
            ("tag\u{e0041}\u{e0001}", "tag\\u{e0041}\\u{e0001}"),
            ("note\u{fff9}a\u{fffb}", "note\\u{fff9}a\\u{fffb}"),
            ("mvs\u{180e}", "mvs\\u{180e}"),
            ("line\u{2028}para\u{2029}", "line\\u{2028}para\\u{2029}"),
            ("next\u{85}line", "next\\u{85}line"),
            ("\u{3164}filler", "\\u{3164}filler"),
            ("calf\u{200d}stretch", "calf\\u{200d}stretch"),
        ];
        for (raw, shown) in cases {
            assert_eq!(clean(raw), shown, "{raw:?}");
            assert_eq!(clean(shown), shown, "cleaning twice changes nothing");
        }
    }

    #[test]
    fn emoji_sequences_and_variation_selectors_stay_whole() {
        for kept in [
            "Run \u{1f3c3}\u{200d}\u{2640}\u{fe0f}", // woman running
            "\u{1f469}\u{1f3fd}\u{200d}\u{1f4bb}",   // woman technologist, skin tone
            "\u{2764}\u{fe0f}\u{200d}\u{1f525}",     // heart on fire
            "\u{1f3f3}\u{fe0f}\u{200d}\u{1f308}",    // rainbow flag
            "sun \u{2600}\u{fe0f}",
            "\u{845b}\u{e0100}", // an ideographic variant
        ] {
            assert!(matches!(clean(kept), Cow::Borrowed(_)), "{kept:?}");
        }
        // A joiner at either end of a sequence, between digits, or a selector
        // that follows nothing visible joins or varies nothing.
        assert_eq!(clean("\u{1f3c3}\u{200d}"), "\u{1f3c3}\\u{200d}");
        assert_eq!(clean("\u{200d}\u{2640}"), "\\u{200d}\u{2640}");
        assert_eq!(clean("1\u{200d}2"), "1\\u{200d}2");
        assert_eq!(clean(" \u{fe0f}"), " \\u{fe0f}");
        assert_eq!(clean("a\u{fe0f}\u{fe01}"), "a\u{fe0f}\\u{fe01}");
    }

    #[test]
    fn invisible_text_is_blank() {
        assert!(is_blank(" \u{200b}\u{200b}\t"));
        assert!(is_blank("\u{3164}"));
        assert!(is_blank("\u{2028}\u{feff}"));
        assert!(!is_blank("\u{200b}a"));
        assert!(!is_blank("\u{1f3c3}"));
    }

    #[test]
    fn characters_are_described_escaped_and_named() {
        assert_eq!(describe_char('\u{200b}'), "\\u{200b} (zero-width space)");
        assert_eq!(char_kind('\u{200b}'), "invisible character");
        assert_eq!(char_kind('\u{1b}'), "control character");
        assert_eq!(
            describe_char('\u{110bd}'),
            "\\u{110bd} (an invisible format character)"
        );
    }

    #[test]
    fn fitting_never_leaves_a_joiner_bare() {
        let runner = "\u{1f3c3}\u{200d}\u{2640}\u{fe0f} run";
        let cut = fit(runner, 3);
        assert_eq!(cut, "\u{1f3c3}…");
        assert!(unsafe_chars(&cut).next().is_none());
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(clock(95), "1:35");
        assert_eq!(clock(3725), "1:02:05");
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(60), "1 min");
        assert_eq!(duration(150), "2 min 30 s");
    }
}
