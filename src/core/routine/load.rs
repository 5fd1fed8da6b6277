//! Reading a routine file: size limit, UTF-8, RON parsing with positions, then
//! semantic validation. Every failure becomes a [`Diagnostic`]; nothing panics.

use super::diagnostic::{Diagnostic, Position};
use super::model::Routine;
use super::source::{offset_of, position_of, skip_blank, stray_characters, strip_bom};
use super::suggest::did_you_mean;
use super::validate::{Problem, problems};
use crate::core::spans::{self, Spans};
use ron::error::Error as RonError;
use ron::extensions::Extensions;

/// Routine files larger than this are refused before they are read whole.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// Nesting deeper than any routine needs; ron turns more into an error instead of
/// recursing on (a routine file nests 5 levels at most).
const RECURSION_LIMIT: usize = 64;

/// What kind of file a text is, for the words of a parse error: routines and
/// plans share the parser, and a message names what the file should hold.
#[derive(Debug, Clone, Copy)]
pub struct FileKind {
    /// `routine`, `plan`.
    pub name: &'static str,
    /// The shape of the smallest valid file, for an empty one.
    pub shape: &'static str,
}

pub const ROUTINE_FILE: FileKind = FileKind {
    name: "routine",
    shape: "Routine(title: \"...\", steps: [...])",
};

/// Parses and validates routine text. `Err` holds every problem found; warnings
/// are not included (see [`super::hints`]). A leading byte-order mark is
/// ignored; control or invisible characters outside quoted text are errors at
/// their positions, and stop the parse (what ron made of them would mislead).
pub fn parse_str(src: &str) -> Result<Routine, Vec<Diagnostic>> {
    parse_checked(strip_bom(src), ROUTINE_FILE, problems)
}

/// The RON text of a routine or a plan as `T`, checked by `rules`; every
/// failure a diagnostic at its place: stray control or invisible characters
/// first, then ron's error reworded, then each rule broken at the value it is
/// about. `src` is the text without its byte-order mark.
///
/// Positions are only needed for a file with a problem, so a file is read
/// without them first (keeping them took a sixth of the CPU `limber list`
/// used with a thousand routines); only one that fails is read again with
/// them, and its diagnostics are exactly those of a read that kept them all
/// along.
pub fn parse_checked<T: serde::de::DeserializeOwned>(
    src: &str,
    kind: FileKind,
    rules: impl Fn(&T) -> Vec<Problem>,
) -> Result<T, Vec<Diagnostic>> {
    let stray = stray_characters(src);
    if !stray.is_empty() {
        return Err(stray);
    }
    if let Ok(value) = ron_options().from_str::<T>(src)
        && rules(&value).is_empty()
    {
        return Ok(value);
    }
    with_positions(src, kind, rules)
}

/// [`parse_checked`] keeping where every value stands, for a text with a
/// problem: ron's error or the rules broken, each at its place.
fn with_positions<T: serde::de::DeserializeOwned>(
    src: &str,
    kind: FileKind,
    rules: impl Fn(&T) -> Vec<Problem>,
) -> Result<T, Vec<Diagnostic>> {
    let (value, spans): (T, Spans) = spans::from_str(src, &ron_options())
        .map_err(|failure| vec![read_error(src, &failure, kind)])?;
    let found = rules(&value);
    if found.is_empty() {
        Ok(value)
    } else {
        Err(super::locate::place(src, &spans, found))
    }
}

fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(RECURSION_LIMIT)
}

/// Parses routine bytes, reporting the position of the first byte that is not UTF-8.
pub fn parse_bytes(bytes: &[u8]) -> Result<Routine, Vec<Diagnostic>> {
    text_of(bytes).and_then(parse_str)
}

/// The bytes of a file as text, or an error at the first byte that is not UTF-8.
pub fn text_of(bytes: &[u8]) -> Result<&str, Vec<Diagnostic>> {
    match std::str::from_utf8(bytes) {
        Ok(src) => Ok(src),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by definition of `valid_up_to`.
            let good = strip_bom(std::str::from_utf8(good).unwrap_or_default());
            Err(vec![Diagnostic::at(
                position_of(good, good.len()),
                "file is not valid UTF-8 (save it as UTF-8 text)",
            )])
        }
    }
}

/// Why ron could not read the file, as one diagnostic. A missing field is
/// put at the start of the item that lacks it (ron stops at its end).
fn read_error(src: &str, failure: &spans::Failure, kind: FileKind) -> Diagnostic {
    let mut diagnostic = parse_error(src, &failure.error, kind);
    if matches!(failure.error.code, RonError::MissingStructField { .. }) {
        diagnostic.position = Some(failure.spans.nearest(&failure.path));
    }
    diagnostic
}

/// ron's error as one diagnostic: the position moved past blanks to the token the
/// parser stopped at, the message reworded for a coach and naming that token.
fn parse_error(src: &str, e: &ron::error::SpannedError, kind: FileKind) -> Diagnostic {
    // ron's span runs from where the parser was to where it stopped. For a token it
    // read and rejected (an unknown name, a number out of range) the start is that
    // token; for one it expected and did not find, the end is what stands there.
    let expected_next = matches!(
        e.code,
        RonError::Eof
            | RonError::ExpectedComma
            | RonError::ExpectedArray
            | RonError::ExpectedArrayEnd
            | RonError::ExpectedInteger
            | RonError::ExpectedString
            | RonError::ExpectedStructLike
            | RonError::ExpectedStructLikeEnd
            | RonError::ExpectedNamedStructLike(_)
            | RonError::ExpectedIdentifier
            | RonError::TrailingCharacters
    );
    let span = if expected_next {
        &e.span.end
    } else {
        &e.span.start
    };
    let reported = Position {
        line: span.line,
        col: span.col,
    };
    let mut at = skip_blank(src, offset_of(src, reported));
    let mut message = describe(&e.code, &found(src, at), kind);
    if matches!(e.code, RonError::InvalidEscape(_))
        && let Some(backslash) = bad_escape(src, at)
    {
        at = backslash;
        message.push_str("; write `\\\\` for a backslash");
    }
    if matches!(e.code, RonError::IntegerOutOfBounds) && src[..at].ends_with('-') {
        at -= 1;
        message = "negative numbers are not allowed; use a whole number, 0 or more".into();
    } else if at >= src.len() && !matches!(e.code, RonError::ExpectedNamedStructLike(_)) {
        message = "the file ends too early: a closing `)` or `]` is missing".into();
    } else if skip_blank(src, 0) >= src.len() {
        message = format!(
            "the file is empty; a {} file holds {}",
            kind.name, kind.shape
        );
    }
    if let Some(open) = string_over_lines(src, at) {
        let open = position_of(src, open);
        message = format!(
            "{message} (the text that starts at {}:{} runs onto the next line: is its closing `\"` missing?)",
            open.line, open.col
        );
    }
    Diagnostic::at(position_of(src, at), message)
}

/// ron's error, reworded for a coach, with "did you mean" where a known name is close.
/// `found` names the token the parser stopped at (`` `Wall` ``, `the end of the file`).
fn describe(code: &RonError, found: &str, kind: FileKind) -> String {
    match code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let within = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            format!(
                "unknown field '{found}'{within}{}",
                did_you_mean(found, expected)
            )
        }
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            if outer.as_deref() == Some("GroupItem") && found == "Repeat" {
                return "a Repeat cannot hold another Repeat: a Repeat holds Steps and Rests; put these steps in this Repeat's list, or make them a Repeat of their own after it".into();
            }
            let what = match outer.as_deref() {
                Some("Item") => "unknown item".to_string(),
                Some("GroupItem") => {
                    return format!(
                        "unknown item '{found}' in a Repeat{}",
                        did_you_mean(found, expected)
                    );
                }
                Some("When") => "unknown `when`".to_string(),
                Some("SideSpec") => "unknown side".to_string(),
                Some(o) => format!("unknown {} name", o.to_ascii_lowercase()),
                None => "unknown name".to_string(),
            };
            format!("{what} '{found}'{}", did_you_mean(found, expected))
        }
        RonError::MissingStructField { field, outer } => {
            let within = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            format!("missing required field '{field}'{within}")
        }
        RonError::DuplicateStructField { field, outer } => {
            let within = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            format!("field '{field}' is given twice{within}")
        }
        RonError::ExceededRecursionLimit => {
            format!(
                "brackets nested too deeply; a {} needs only a few levels",
                kind.name
            )
        }
        RonError::IntegerOutOfBounds => {
            format!("number {found} is out of range; use a whole number within the field's range")
        }
        RonError::ExpectedInteger => format!("expected a whole number, found {found}"),
        RonError::ExpectedString => format!("expected text in double quotes, found {found}"),
        RonError::ExpectedDifferentStructName { expected, found } => {
            format!("expected {expected}(...) but found {found}(...)")
        }
        RonError::ExpectedComma if found.starts_with("`.") => {
            "expected a whole number; remove the decimal part".into()
        }
        RonError::ExpectedComma => format!("expected a comma, found {found}"),
        RonError::ExpectedIdentifier if found == "`)`" => format!(
            "expected a name without quotes (like `Step` or `Stretch`), found {found}; is a closing `]` missing before it?"
        ),
        RonError::ExpectedStringEnd => "this text is never closed: add its closing `\"`".into(),
        RonError::InvalidEscape(what) => format!("{} in this text", what.to_lowercase()),
        RonError::ExpectedIdentifier
        | RonError::InvalidIdentifier(_)
        | RonError::SuggestRawIdentifier(_) => format!(
            "expected a name without quotes (like `Step`, `Stretch` or `seconds`), found {found}"
        ),
        RonError::ExpectedNamedStructLike(name) => format!("expected `{name}(`, found {found}"),
        RonError::ExpectedStructLike => format!("expected `(`, found {found}"),
        RonError::ExpectedStructLikeEnd => format!("expected a closing `)`, found {found}"),
        RonError::ExpectedArray => format!("expected a list in `[...]`, found {found}"),
        RonError::ExpectedArrayEnd => format!("expected a closing `]`, found {found}"),
        RonError::TrailingCharacters => format!(
            "found {found} after the {name}'s closing `)`; a file holds one {head}(...) and nothing after it",
            name = kind.name,
            head = kind.shape.split('(').next().unwrap_or_default(),
        ),
        other => {
            // ron's own wording is clear for the rest; start it in lower case to
            // match ours.
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

/// The name a file's top level starts with (`Routine`, `Plan`), after the
/// byte-order mark, blanks and comments: what `check` tells files apart by.
pub fn top_level_name(src: &str) -> &str {
    let src = strip_bom(src);
    let rest = &src[skip_blank(src, 0)..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The token at `at`, for "found ...": a word, a quoted text's start or one character.
fn found(src: &str, at: usize) -> String {
    let rest = &src[at..];
    let Some(first) = rest.chars().next() else {
        return "the end of the file".into();
    };
    let token: String = if first == '"' {
        let end = rest[1..].find('"').map_or(rest.len(), |i| i + 2);
        rest[..end].to_string()
    } else if first.is_alphanumeric() || first == '_' {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    } else {
        rest[..first.len_utf8()].to_string()
    };
    let mut shown: String = token.chars().take(30).collect();
    if shown.len() < token.len() {
        shown.push_str("...");
    }
    format!("`{shown}`")
}

/// The backslash of the first unknown escape in the text that goes on at `at`.
fn bad_escape(src: &str, at: usize) -> Option<usize> {
    let mut chars = src[at..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next() {
                Some((_, '\\' | '"' | '\'' | 'n' | 'r' | 't' | '0' | 'u' | 'x')) => {}
                _ => return Some(at + i),
            },
            _ => {}
        }
    }
    None
}

/// The start of the first quoted text before `until` that runs over a line break:
/// almost always a missing closing quote, which ron reports much further on.
fn string_over_lines(src: &str, until: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let until = until.min(bytes.len());
    let mut i = 0;
    while i < until {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += src[i..].find('\n').unwrap_or(src.len() - i);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += src[i + 2..].find("*/").map_or(src.len() - i, |end| end + 3);
            }
            b'\'' => {
                // A char literal ('"' must not open a string); skip an escape inside.
                i += if bytes.get(i + 1) == Some(&b'\\') {
                    3
                } else {
                    2
                };
            }
            b'r' if (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
                && matches!(bytes.get(i + 1), Some(b'"' | b'#')) =>
            {
                // A raw string: r"..." or r#"..."#; it has no escapes.
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                let open = i + 1 + hashes;
                if bytes.get(open) == Some(&b'"') {
                    let close = format!("\"{}", "#".repeat(hashes));
                    i = src[open + 1..]
                        .find(&close)
                        .map_or(src.len(), |end| open + end + close.len());
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                let mut multiline = false;
                while i < bytes.len() && bytes[i] != b'"' {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'\n' => multiline = true,
                        _ => {}
                    }
                    i += 1;
                }
                if multiline && start < until {
                    return Some(start);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEP: &str =
        r#"Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: 30)"#;

    fn errors(src: &str) -> Vec<String> {
        parse_str(src)
            .expect_err("the routine is invalid")
            .iter()
            .map(Diagnostic::short)
            .collect()
    }

    #[test]
    fn a_leading_bom_is_ignored_and_not_counted_in_columns() {
        let src = format!("Routine(title: \"Calf\", steps: [{STEP}])");
        let with_bom = format!("\u{feff}{src}");
        assert_eq!(parse_str(&with_bom), parse_str(&src));
        assert!(parse_bytes(with_bom.as_bytes()).is_ok());
        // An error on line 1 after the mark: the column an editor shows.
        assert_eq!(
            errors(&format!(
                "\u{feff}Routine(titel: \"Calf\", steps: [{STEP}])"
            )),
            ["1:9: unknown field 'titel' in Routine, did you mean 'title'?"]
        );
        let mut bytes = "\u{feff}Routine(title: \"caf".as_bytes().to_vec();
        bytes.push(0xe9);
        let err = parse_bytes(&bytes).expect_err("not UTF-8");
        assert_eq!(err[0].position, Some(Position { line: 1, col: 20 }));
    }

    #[test]
    fn a_bom_anywhere_else_is_an_error_at_its_place() {
        assert_eq!(
            errors(&format!(
                "Routine(title: \"\u{feff}Calf\", steps: [{STEP}])"
            )),
            [
                "1:17: title: contains the invisible character \\u{feff} (byte-order mark, allowed only as the first character of a file); text may not hold invisible characters (zero-width spaces, direction marks, soft hyphens...), which hide or reorder what it says"
            ]
        );
        assert_eq!(
            errors(&format!(
                "Routine(\n  title: \"Calf\",\u{feff}\n  steps: [{STEP}])"
            )),
            [
                "2:17: the invisible character \\u{feff} (byte-order mark, allowed only as the first character of a file) stands here, outside any quoted text; delete it (editors may not show it)"
            ]
        );
        // Two marks: the first is ignored, the second is not.
        let twice = errors(&format!(
            "\u{feff}\u{feff}Routine(title: \"Calf\", steps: [{STEP}])"
        ));
        assert!(
            twice[0].starts_with("1:1: the invisible character \\u{feff}"),
            "{twice:?}"
        );
    }

    #[test]
    fn invisible_characters_ron_skips_are_errors() {
        // ron reads U+200E, U+2028 and NEL as spaces, and all of a comment.
        for (c, shown) in [
            ('\u{200e}', "\\u{200e} (left-to-right mark"),
            ('\u{2028}', "\\u{2028} (line separator)"),
            ('\u{85}', "\\u{85} (next line"),
        ] {
            let found = errors(&format!("Routine({c}title: \"Calf\", steps: [{STEP}])"));
            assert!(
                found[0].starts_with("1:9: ") && found[0].contains(shown),
                "{found:?}"
            );
        }
        let trojan = errors(&format!(
            "Routine(title: \"Calf\", /* \u{202e} }} \u{2066} */ steps: [{STEP}])"
        ));
        assert_eq!(trojan.len(), 2, "{trojan:?}");
        assert!(trojan[0].starts_with("1:27: ") && trojan[0].contains("in a comment"));
    }

    #[test]
    fn messages_never_quote_an_invisible_character_raw() {
        let found = errors(&format!(
            "Routine(title: \"Calf\", steps: [{STEP}], summary: 5\u{200b})"
        ));
        for line in &found {
            assert!(crate::text::unsafe_chars(line).next().is_none(), "{line:?}");
        }
        assert!(found[0].contains("\\u{200b}"), "{found:?}");
        let field = errors(&format!(
            "Routine(title: \"Calf\", steps: [{}])",
            STEP.replace("Wall calf", "Wall\u{200b}calf")
        ));
        assert_eq!(
            field[0].split(": name:").next(),
            Some("1:48: steps[0] \"Wall\\u{200b}calf stretch\"")
        );
    }

    /// What a read that keeps positions all along gives (as `parse_checked`
    /// did before it read without them first).
    fn with_positions_only<T: serde::de::DeserializeOwned>(
        src: &str,
        kind: FileKind,
        rules: impl Fn(&T) -> Vec<Problem>,
    ) -> Result<T, Vec<Diagnostic>> {
        let src = strip_bom(src);
        let stray = stray_characters(src);
        if !stray.is_empty() {
            return Err(stray);
        }
        with_positions(src, kind, rules)
    }

    /// The `.ron` files under `tests/fixtures/<dir>`, as text.
    fn fixtures(dir: &str) -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(dir);
        let mut texts = Vec::new();
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.expect("fixture folder");
            if entry.path().extension().is_some_and(|e| e == "ron") {
                let bytes = std::fs::read(entry.path()).expect("fixture");
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        texts
    }

    /// `texts`, and each of the valid ones with one character left out, every
    /// `step` characters: texts broken at every kind of place.
    fn with_cuts(texts: Vec<String>, step: usize) -> Vec<String> {
        let mut all = texts.clone();
        for text in texts {
            let cuts: Vec<String> = text
                .char_indices()
                .step_by(step)
                .map(|(i, c)| format!("{}{}", &text[..i], &text[i + c.len_utf8()..]))
                .collect();
            all.extend(cuts);
        }
        all
    }

    #[test]
    fn reading_without_positions_first_changes_no_routine_nor_any_diagnostic() {
        let mut valid: Vec<String> = crate::store::library::bundled_files()
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect();
        valid.extend(fixtures("valid"));
        let mut texts = with_cuts(valid, 11);
        texts.extend(fixtures("invalid"));
        texts.extend(fixtures("hostile"));
        texts.extend(fixtures("guide"));
        let (mut ok, mut failed) = (0, 0);
        for text in &texts {
            let read = parse_str(text);
            assert_eq!(
                read,
                with_positions_only(text, ROUTINE_FILE, problems),
                "{text}"
            );
            if read.is_ok() { ok += 1 } else { failed += 1 }
        }
        // Both ways through were taken, many times.
        assert!(ok > 100 && failed > 1000, "{ok} valid, {failed} invalid");
    }

    #[test]
    fn reading_plans_without_positions_first_changes_no_plan_nor_any_diagnostic() {
        use crate::core::plan::{load::PLAN_FILE, validate::validate};
        let ids: Vec<String> = crate::store::library::bundled_files()
            .filter_map(|(path, _)| crate::store::library::routine_id(path))
            .collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut texts = with_cuts(fixtures("plans/valid"), 7);
        texts.extend(fixtures("plans/invalid"));
        for routines in [None, Some(ids.as_slice())] {
            for text in &texts {
                assert_eq!(
                    crate::core::plan::load::parse_str(text, routines),
                    with_positions_only(text, PLAN_FILE, |plan| validate(plan, routines)),
                    "{text}"
                );
            }
        }
    }
}
