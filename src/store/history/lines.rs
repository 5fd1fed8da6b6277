//! Reading the log a line at a time with a bound on a line's length. A line
//! with no end (a 100 MB line, a log that never ends) must not grow memory: the
//! part of a line past the bound is read and dropped, never held, and the line
//! is reported as too long, like a torn one.

use std::io::{self, BufRead};

/// The longest line the log may hold, in bytes (without the line break). A
/// record is well under 2 KiB; a session that skipped thousands of blocks lists
/// each name, so the bound is generous.
pub const MAX_LINE: usize = 1024 * 1024;

/// What [`Lines::next_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A line, without its `\n`; `complete` when the `\n` was there (a last
    /// line without one is torn).
    Line { text: &'a [u8], complete: bool },
    /// A line longer than the bound; its bytes were dropped.
    TooLong,
}

/// The lines of a reader, numbered from 1.
#[derive(Debug)]
pub struct Lines<R> {
    reader: R,
    max: usize,
    line: Vec<u8>,
    number: usize,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R, max: usize) -> Lines<R> {
        Lines {
            reader,
            max,
            line: Vec::new(),
            number: 0,
        }
    }

    /// The next line and its 1-based number, or `None` at the end.
    pub fn next_line(&mut self) -> io::Result<Option<(usize, Piece<'_>)>> {
        self.line.clear();
        let mut too_long = false;
        let mut started = false;
        let complete = loop {
            let available = match self.reader.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if !started {
                    return Ok(None);
                }
                break false;
            }
            started = true;
            let (part, found) = match memchr::memchr(b'\n', available) {
                Some(at) => (&available[..at], true),
                None => (available, false),
            };
            let used = part.len() + usize::from(found);
            if !too_long {
                if self.line.len() + part.len() > self.max {
                    too_long = true;
                    self.line = Vec::new(); // let go of what was held
                } else {
                    self.line.extend_from_slice(part);
                }
            }
            self.reader.consume(used);
            if found {
                break true;
            }
        };
        self.number += 1;
        let piece = if too_long {
            Piece::TooLong
        } else {
            Piece::Line {
                text: &self.line,
                complete,
            }
        };
        Ok(Some((self.number, piece)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Read};

    fn all(bytes: &[u8], max: usize, buffer: usize) -> Vec<(usize, String)> {
        let mut lines = Lines::new(BufReader::with_capacity(buffer, bytes), max);
        let mut out = Vec::new();
        while let Some((n, piece)) = lines.next_line().expect("read") {
            out.push((
                n,
                match piece {
                    Piece::Line { text, complete } => {
                        format!(
                            "{}{}",
                            String::from_utf8_lossy(text),
                            if complete { "" } else { "~" }
                        )
                    }
                    Piece::TooLong => "TOO LONG".into(),
                },
            ));
        }
        out
    }

    #[test]
    fn lines_within_and_over_the_bound() {
        // Small buffers make lines span several fills.
        for buffer in [1, 3, 64] {
            let got = all(b"abc\n\n12345\nxyz\nlast", 4, buffer);
            let want = [
                (1, "abc"),
                (2, ""),
                (3, "TOO LONG"),
                (4, "xyz"),
                (5, "last~"),
            ];
            let want: Vec<_> = want.iter().map(|&(n, s)| (n, s.to_owned())).collect();
            assert_eq!(got, want, "buffer {buffer}");
        }
        assert_eq!(all(b"", 4, 8), []);
        assert_eq!(all(b"abcd\n", 4, 8), [(1, "abcd".to_owned())]);
        assert_eq!(all(b"abcde", 4, 8), [(1, "TOO LONG".to_owned())]);
    }

    /// A reader that never ends: a bounded reader still returns, holding at most
    /// the bound, once the line is over.
    #[test]
    fn an_endless_line_is_not_held() {
        let endless = std::io::repeat(b'a').take(50 * 1024 * 1024);
        let mut lines = Lines::new(BufReader::new(endless), 1024);
        let (n, piece) = lines.next_line().expect("read").expect("a line");
        assert_eq!((n, piece), (1, Piece::TooLong));
        assert!(lines.line.capacity() <= 2 * 1024);
        assert!(lines.next_line().expect("read").is_none());
    }
}
