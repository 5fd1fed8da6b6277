//! Opening the data folder's files for writing, and locking them, without ever
//! waiting without end. A name in the data folder may be a FIFO (a plain `open`
//! for writing waits for a reader forever) or a device (`/dev/null` would take
//! the history and keep nothing); a lock may be held by a process that is stuck.
//! Reading goes through [`crate::store::file`].

use crate::store::file::{ReadError, open_regular};
use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a writer waits for a lock before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

/// Opens `path` to append to it (and read it), creating it if needed.
pub fn open_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true);
    open(path, &mut options)
}

/// Opens (or creates) a lock file.
pub fn open_lock(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(false);
    open(path, &mut options)
}

/// Creates (or empties) a file to write.
pub fn create(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    open(path, &mut options)
}

/// Opens without blocking, then refuses anything but a regular file.
fn open(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags((OFlags::NONBLOCK | OFlags::NOCTTY).bits().cast_signed());
    }
    let file = match options.open(path) {
        Ok(file) => file,
        // Opening a FIFO for writing alone fails at once without a reader.
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error()) => {
            return Err(not_regular(path));
        }
        Err(e) => return Err(e),
    };
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(not_regular(path))
    }
}

/// Why `path` is no file to write: `open_regular` says what it is ("a FIFO
/// (named pipe)", "a device").
fn not_regular(path: &Path) -> io::Error {
    let why = match open_regular(path) {
        Err(e @ (ReadError::Folder | ReadError::NotRegular(_))) => e.to_string(),
        _ => "is not a regular file".to_owned(),
    };
    io::Error::new(io::ErrorKind::InvalidInput, why)
}

/// Whether `file` is still the file at `path`: a lock taken on a file that
/// another process has meanwhile removed protects nothing.
#[cfg(unix)]
pub fn is_at(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let held = file.metadata()?;
    match std::fs::metadata(path) {
        Ok(there) => Ok(held.dev() == there.dev() && held.ino() == there.ino()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
pub fn is_at(_file: &File, path: &Path) -> io::Result<bool> {
    Ok(path.exists())
}

/// Takes `file`'s exclusive lock, trying again with short waits until `wait`
/// has passed. `Ok(false)`: another process held it all along. A file system
/// without locks counts as locked: the file is used unlocked rather than not
/// at all.
pub fn lock_within(file: &File, wait: Duration) -> io::Result<bool> {
    let deadline = Instant::now() + wait;
    let mut nap = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(true),
            Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                return Ok(true);
            }
            Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(TryLockError::Error(e)) => return Err(e),
            Err(TryLockError::WouldBlock) => {}
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(false);
        }
        std::thread::sleep(nap.min(deadline - now));
        nap = (nap * 2).min(Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_given_up_on_in_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("lock");
        let holder = open_lock(&path).expect("open");
        holder.lock().expect("lock");
        let other = open_lock(&path).expect("open");
        let start = Instant::now();
        assert!(!lock_within(&other, Duration::from_millis(100)).expect("try"));
        let waited = start.elapsed();
        assert!(waited >= Duration::from_millis(100), "{waited:?}");
        assert!(waited < Duration::from_secs(2), "{waited:?}");
        drop(holder);
        assert!(lock_within(&other, Duration::from_millis(100)).expect("try"));
        assert!(is_at(&other, &path).expect("stat"));
        std::fs::remove_file(&path).expect("remove");
        assert!(!is_at(&other, &path).expect("stat"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn fifos_and_devices_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("fifo");
        crate::store::file::mkfifo(&fifo);
        for open in [open_append, open_lock, create] {
            let err = open(&fifo).expect_err("a FIFO is refused");
            assert_eq!(
                err.to_string(),
                "is a FIFO (named pipe), not a regular file"
            );
        }
        let err = open_append(Path::new("/dev/null")).expect_err("a device is refused");
        assert_eq!(err.to_string(), "is a device, not a regular file");
    }
}
