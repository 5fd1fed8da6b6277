//! Opening and reading the files limber is given (routines, settings, sounds,
//! the history): regular files only, opened without blocking, read with a size
//! limit. A routine path may name a FIFO (`open` would wait forever for a
//! writer), a device (`/dev/zero` never ends), a folder or a symlink loop; each
//! becomes a [`ReadError`] with one clear message instead of a hang.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    NotFound,
    PermissionDenied,
    Folder,
    /// A FIFO, socket or device: never read, it could block or never end.
    NotRegular(&'static str),
    /// Larger than the limit for its kind of file (both in bytes).
    TooLarge {
        len: u64,
        limit: u64,
    },
    Other(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file"),
            ReadError::PermissionDenied => f.write_str("permission denied"),
            ReadError::Folder => f.write_str("is a folder, not a file"),
            ReadError::NotRegular(kind) => write!(f, "is {kind}, not a regular file"),
            ReadError::TooLarge { len, limit } => write!(
                f,
                "file is {} KiB; at most {} KiB is allowed",
                len.div_ceil(1024),
                limit / 1024
            ),
            ReadError::Other(e) => match e.raw_os_error() {
                Some(40) => f.write_str("too many levels of symbolic links"),
                _ => write!(f, "cannot read: {e}"),
            },
        }
    }
}

impl std::error::Error for ReadError {}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> ReadError {
        match e.kind() {
            io::ErrorKind::NotFound => ReadError::NotFound,
            io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
            io::ErrorKind::IsADirectory => ReadError::Folder,
            _ => ReadError::Other(e),
        }
    }
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::NotFound)
    }
}

/// Opens `path` for reading without blocking (a FIFO with no writer would hold
/// a plain `open` forever) and without becoming the controlling terminal, then
/// checks that it is a regular file.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    open_with_len(path).map(|(file, _)| file)
}

/// [`open_regular`], with the file's length as it was opened.
fn open_with_len(path: &Path) -> Result<(File, u64), ReadError> {
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(ReadError::Folder);
    }
    if !kind.is_file() {
        return Err(ReadError::NotRegular(describe_kind(kind)));
    }
    Ok((file, meta.len()))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    Ok(File::from(fd))
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(unix)]
fn describe_kind(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn describe_kind(_kind: std::fs::FileType) -> &'static str {
    "not a file"
}

/// Reads the whole of a regular file of at most `limit` bytes. A larger file is
/// refused before it is read; the limit holds while reading too, for a file
/// that grows.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_with_len(path)?;
    if len > limit {
        return Err(ReadError::TooLarge { len, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(ReadError::TooLarge { len: read, limit });
    }
    Ok(bytes)
}

/// Makes a FIFO at `path`, for the tests of every reader and writer.
#[cfg(all(test, unix))]
pub(crate) fn mkfifo(path: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        0,
    )
    .expect("mkfifo");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_within_the_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.ron");
        std::fs::write(&path, b"hello").expect("write");
        assert_eq!(read_limited(&path, 5).expect("read"), b"hello");
        assert!(matches!(
            read_limited(&path, 4),
            Err(ReadError::TooLarge { len: 5, limit: 4 })
        ));
        assert!(
            read_limited(&dir.path().join("missing"), 5)
                .err()
                .is_some_and(|e| e.is_not_found())
        );
        assert!(matches!(
            read_limited(dir.path(), 5),
            Err(ReadError::Folder)
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn devices_fifos_and_loops_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("fifo.ron");
        mkfifo(&fifo);
        let err = read_limited(&fifo, 1024).expect_err("a FIFO is refused");
        assert_eq!(
            err.to_string(),
            "is a FIFO (named pipe), not a regular file"
        );
        let zero = read_limited(Path::new("/dev/zero"), 1024).expect_err("a device is refused");
        assert_eq!(zero.to_string(), "is a device, not a regular file");
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).expect("symlink");
        std::os::unix::fs::symlink(&a, &b).expect("symlink");
        let looped = read_limited(&a, 1024).expect_err("a loop is refused");
        assert_eq!(looped.to_string(), "too many levels of symbolic links");
    }
}
