//! `limber export ROUTINE` (SPEC section 3): the routine's file as written, a
//! bundled one too, for a coach to copy and edit.

use crate::cli::commands::not_found;
use crate::cli::error::Error;
use crate::store::library::{self, Library, Source, looks_like_path};
use crate::store::paths;
use crate::text::clean;
use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

/// `limber export ROUTINE`.
pub fn main(spec: &str) -> Result<(), Error> {
    let bytes = source(&super::load_library(), spec)?;
    let terminal = io::stdout().is_terminal();
    write(&bytes, terminal, &mut io::stdout().lock()).or_else(crate::cli::ignore_broken_pipe)
}

/// The file of ROUTINE (an id or a path), byte for byte. An invalid routine is
/// exported all the same (it is still the file) with a note on stderr.
pub fn source(library: &Library, spec: &str) -> Result<Cow<'static, [u8]>, Error> {
    if looks_like_path(spec) {
        return read(Path::new(spec)).map(Cow::Owned);
    }
    let Some(entry) = library.get(spec) else {
        let ids: Vec<&str> = library.entries.iter().map(|e| e.id.as_str()).collect();
        return Err(not_found(
            spec,
            crate::core::routine::suggest::closest(spec, &ids),
        ));
    };
    if let Some(reason) = entry.reason() {
        eprintln!(
            "note: {} is not a valid routine ({reason}); `limber check` lists its problems",
            clean(&entry.origin)
        );
    }
    match entry.source {
        Source::Bundled => library::bundled_source(&entry.id)
            .map(Cow::Borrowed)
            .ok_or_else(|| Error::Failed(format!("no bundled file for {}", clean(&entry.id)))),
        Source::User | Source::File => {
            let dir = paths::home().map(|home| paths::routines_dir(&home));
            let path = dir.unwrap_or_default().join(format!("{}.ron", entry.id));
            read(&path).map(Cow::Owned)
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    library::read_limited(path)
        .map_err(|why| Error::Failed(clean(&format!("{}: {why}", path.display())).into_owned()))
}

/// Writes `bytes` as they are, or, to a terminal, with anything a terminal
/// would act on shown escaped (and a note saying so): a shared file must not
/// drive the reader's terminal. Redirected to a file, it is byte for byte.
pub fn write(bytes: &[u8], terminal: bool, out: &mut impl Write) -> io::Result<()> {
    if terminal && let Some(shown) = for_terminal(bytes) {
        eprintln!(
            "note: the file holds characters a terminal would act on, shown escaped here; redirect the output to a file to get it as written"
        );
        return out.write_all(shown.as_bytes());
    }
    out.write_all(bytes)
}

/// `bytes` as text safe to show, or `None` when they are that already. Line
/// breaks (`\n`, `\r\n`) and tabs stay; every other control or invisible
/// character is escaped, and bytes that are not UTF-8 become U+FFFD.
fn for_terminal(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut changed = matches!(text, Cow::Owned(_));
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let (body, end) = line.strip_suffix('\r').map_or((line, ""), |b| (b, "\r"));
            let pieces: Vec<Cow<str>> = body.split('\t').map(clean).collect();
            changed |= pieces.iter().any(|p| matches!(p, Cow::Owned(_)));
            pieces.join("\t") + end
        })
        .collect();
    changed.then(|| lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_gets_safe_files_as_they_are() {
        for bytes in [
            &b"a\n\tb\r\nc"[..],
            "Zoë 🏃\u{200d}\u{2640}\u{fe0f}\n".as_bytes(),
        ] {
            assert_eq!(for_terminal(bytes), None);
            let mut out = Vec::new();
            write(bytes, true, &mut out).expect("write");
            assert_eq!(out, bytes);
        }
    }

    #[test]
    fn a_terminal_gets_control_characters_escaped_and_a_pipe_gets_the_bytes() {
        let bytes = b"// \x1b[2J\n\ttitle: \"a\rb\",\xff\r\n";
        assert_eq!(
            for_terminal(bytes).as_deref(),
            Some("// \\u{1b}[2J\n\ttitle: \"a\\rb\",\u{fffd}\r\n")
        );
        let mut out = Vec::new();
        write(bytes, false, &mut out).expect("write");
        assert_eq!(out, bytes);
    }
}
