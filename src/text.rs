//! Text helpers shared by every output: terminal safety and durations.

use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Makes text from a file or a path safe to print: control characters (ESC, BEL,
/// CR, newline, C1...) are shown escaped (`\u{1b}`) instead of reaching the terminal.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`clean`] for text of several lines: the line breaks stay, everything else
/// unsafe in each line is escaped.
pub fn clean_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split('\n').map(clean).collect::<Vec<_>>().join("\n"))
}

/// Characters that a terminal could act on, plus the bidi overrides that can make
/// shown text differ from what it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_escapes_terminal_controls() {
        assert_eq!(clean("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(clean("bell\u{7}"), "bell\\u{7}");
        assert_eq!(clean("line\nbreak"), "line\\nbreak");
        assert!(matches!(clean("plain text"), Cow::Borrowed(_)));
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
