//! Reading a routine file: size limit, UTF-8, RON parsing with positions, then
//! semantic validation. Every failure becomes a [`Diagnostic`]; nothing panics.

use super::diagnostic::{Diagnostic, Position};
use super::model::Routine;
use super::suggest::did_you_mean;
use super::validate::validate;
use ron::error::Error as RonError;
use ron::extensions::Extensions;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Routine files larger than this are refused before they are read whole.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// Nesting deeper than any routine needs; ron turns more into an error instead of
/// recursing on (a routine file nests 5 levels at most).
const RECURSION_LIMIT: usize = 64;

/// Parses and validates routine text. `Err` holds every problem found; warnings
/// are not included (see [`super::hints`]).
pub fn parse_str(src: &str) -> Result<Routine, Vec<Diagnostic>> {
    let options = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(RECURSION_LIMIT);
    let routine: Routine = options.from_str(src).map_err(|e| {
        let position = Position {
            line: e.span.start.line,
            col: e.span.start.col,
        };
        vec![Diagnostic::at(position, describe(&e.code))]
    })?;
    let problems = validate(&routine);
    if problems.is_empty() {
        Ok(routine)
    } else {
        Err(problems)
    }
}

/// Parses routine bytes, reporting the position of the first byte that is not UTF-8.
pub fn parse_bytes(bytes: &[u8]) -> Result<Routine, Vec<Diagnostic>> {
    match std::str::from_utf8(bytes) {
        Ok(src) => parse_str(src),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by definition of `valid_up_to`.
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = 1 + good.matches('\n').count();
            let col = 1 + good.rsplit('\n').next().map_or(0, |l| l.chars().count());
            Err(vec![Diagnostic::at(
                Position { line, col },
                "file is not valid UTF-8 (save it as UTF-8 text)",
            )])
        }
    }
}

/// Reads and parses a routine file.
pub fn load_path(path: &Path) -> Result<Routine, Vec<Diagnostic>> {
    let bytes = read_limited(path).map_err(|msg| vec![Diagnostic::file(msg)])?;
    parse_bytes(&bytes)
}

/// Reads at most [`MAX_FILE_BYTES`], refusing larger files without reading them
/// (the limit is checked again while reading, for files that grow or lie).
pub fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let file = File::open(path).map_err(|e| io_message(&e))?;
    let meta = file.metadata().map_err(|e| io_message(&e))?;
    if meta.is_dir() {
        return Err("is a folder, not a routine file".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(len: u64) -> String {
    format!(
        "file is {} KiB; routine files may be at most {} KiB",
        len.div_ceil(1024),
        MAX_FILE_BYTES / 1024
    )
}

pub(crate) fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => format!("cannot read: {e}"),
    }
}

/// ron's error, reworded for a coach, with "did you mean" where a known name is close.
fn describe(code: &RonError) -> String {
    match code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let within = outer.as_deref().map(|o| format!(" in {o}")).unwrap_or_default();
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
            let what = match outer.as_deref() {
                Some("Item") => "unknown item".to_string(),
                Some("SideSpec") => "unknown side".to_string(),
                Some(o) => format!("unknown {} name", o.to_ascii_lowercase()),
                None => "unknown name".to_string(),
            };
            format!("{what} '{found}'{}", did_you_mean(found, expected))
        }
        RonError::MissingStructField { field, outer } => {
            let within = outer.as_deref().map(|o| format!(" in {o}")).unwrap_or_default();
            format!("missing required field '{field}'{within}")
        }
        RonError::DuplicateStructField { field, outer } => {
            let within = outer.as_deref().map(|o| format!(" in {o}")).unwrap_or_default();
            format!("field '{field}' is given twice{within}")
        }
        RonError::ExceededRecursionLimit => {
            "brackets nested too deeply; a routine needs only a few levels".into()
        }
        RonError::IntegerOutOfBounds => {
            "number out of range: use a whole number, 0 or more, within the field's range".into()
        }
        RonError::ExpectedInteger => "expected a whole number".into(),
        RonError::ExpectedString => "expected text in double quotes".into(),
        RonError::ExpectedDifferentStructName { expected, found } => {
            format!("expected {expected}(...) but found {found}(...)")
        }
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
