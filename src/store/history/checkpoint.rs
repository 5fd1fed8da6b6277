//! The running session's checkpoint: `session-<pid>.checkpoint.json`, rewritten
//! atomically (temp file, sync, rename) at every block boundary. While the session
//! runs, its process holds `session-<pid>.lock` locked; the kernel lets go of that
//! lock when the process dies however it dies (SIGKILL, power loss), so a checkpoint
//! whose lock is free belongs to a dead session, whatever process has the pid now.
//! [`recover`](super::recover()) turns those into records.

use super::files::{self, LOCK_WAIT};
use super::{HistoryError, Record};
use crate::store::paths;
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The largest checkpoint file read: a record, with room to spare.
pub const MAX_CHECKPOINT: u64 = 2 * 1024 * 1024;

/// What a checkpoint file holds.
#[derive(Debug, Deserialize)]
pub(super) struct Saved {
    #[allow(dead_code)] // for people reading the file
    pid: u32,
    pub record: Record,
}

/// [`Saved`], for writing without a copy of the record.
#[derive(Serialize)]
struct SavedRef<'a> {
    pid: u32,
    record: &'a Record,
}

/// The checkpoint of this process's session. Hold it for as long as the session
/// runs: it keeps the session's lock. Dropping it without [`Checkpoint::clear`]
/// leaves the last checkpoint for recovery (as a crash would).
#[derive(Debug)]
pub struct Checkpoint {
    home: PathBuf,
    pid: u32,
    _lock: File,
}

impl Checkpoint {
    /// Takes this process's session lock and writes the first checkpoint, `record`
    /// (from [`Record::start`]). Fails when the data folder cannot be written: the
    /// session goes on without one, and nothing is left behind.
    pub fn begin(home: &Path, record: &Record) -> Result<Checkpoint, HistoryError> {
        fs::create_dir_all(home).map_err(|e| HistoryError::unwritable(home, e))?;
        let pid = std::process::id();
        let lock_path = paths::session_lock_file(home, pid);
        // When this fails, the lock file (if any) is not ours to remove.
        let lock = take_lock(&lock_path).map_err(|e| HistoryError::unwritable(&lock_path, e))?;
        let checkpoint = Checkpoint {
            home: home.to_path_buf(),
            pid,
            _lock: lock,
        };
        if let Err(e) = checkpoint.write(record) {
            // The lock file is ours (we hold its lock): left behind empty, nothing
            // would ever remove it.
            let _ = remove(&lock_path);
            return Err(e);
        }
        Ok(checkpoint)
    }

    /// Replaces the checkpoint with `record` (outcome `interrupted`, `ended` the
    /// time of the checkpoint: see [`Record::progress`]): write a temp file in the
    /// same folder, sync it, rename it over the old one, sync the folder. On a
    /// failure the temp file is removed and the last checkpoint stays.
    pub fn write(&self, record: &Record) -> Result<(), HistoryError> {
        let temp = paths::checkpoint_temp_file(&self.home, self.pid);
        let path = paths::checkpoint_file(&self.home, self.pid);
        let saved = SavedRef {
            pid: self.pid,
            record,
        };
        let mut bytes =
            serde_json::to_vec(&saved).map_err(|e| HistoryError::unwritable(&temp, e.into()))?;
        bytes.push(b'\n');
        let write = || -> io::Result<()> {
            let mut file = files::create(&temp)?;
            file.write_all(&bytes)?;
            file.sync_data()?;
            Ok(())
        };
        let result = write()
            .map_err(|e| HistoryError::unwritable(&temp, e))
            .and_then(|()| {
                fs::rename(&temp, &path).map_err(|e| HistoryError::unwritable(&path, e))
            });
        if result.is_err() {
            let _ = remove(&temp);
        }
        result?;
        sync_dir(&self.home);
        Ok(())
    }

    /// Removes the checkpoint and the lock: call it after the final record is
    /// appended (or when a session ends that is not recorded).
    pub fn clear(self) -> Result<(), HistoryError> {
        let path = paths::checkpoint_file(&self.home, self.pid);
        remove(&paths::checkpoint_temp_file(&self.home, self.pid))?;
        remove(&path)?;
        remove(&paths::session_lock_file(&self.home, self.pid))?;
        // The lock itself goes with `self`.
        Ok(())
    }

    pub fn path(&self) -> PathBuf {
        paths::checkpoint_file(&self.home, self.pid)
    }
}

/// Opens (or creates) the session lock file and locks it. A recovery that found
/// the file unlocked (between its creation and the lock) may have removed it: the
/// lock must be on the file that is there, so then it starts over. The lock is
/// waited for a bounded time (another process with the same pid, in another pid
/// namespace sharing the folder, may hold it).
fn take_lock(path: &Path) -> io::Result<File> {
    for _ in 0..8 {
        let lock = files::open_lock(path)?;
        if !files::lock_within(&lock, LOCK_WAIT)? {
            return Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                "the session lock is held by another process",
            ));
        }
        if files::is_at(&lock, path)? {
            return Ok(lock);
        }
    }
    Err(io::Error::other(
        "the session lock file keeps being removed",
    ))
}

pub(super) fn remove(path: &Path) -> Result<(), HistoryError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(HistoryError::unwritable(path, e)),
        _ => Ok(()),
    }
}

/// Makes a rename durable. Best effort: not every platform can open a folder.
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        d.sync_all().ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::store::history::testing::{names, record};

    #[test]
    fn a_failed_start_leaves_no_file_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        // The checkpoint cannot be renamed into place: a folder has its name.
        let blocker = paths::checkpoint_file(dir.path(), std::process::id());
        fs::create_dir(&blocker).expect("mkdir");
        Checkpoint::begin(dir.path(), &record()).expect_err("cannot checkpoint");
        let blocker_name = blocker
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        assert_eq!(names(dir.path()), [blocker_name.expect("a name")]);
        fs::remove_dir(&blocker).expect("rmdir");
        // The temp file cannot be written: nothing is left either.
        let temp = paths::checkpoint_temp_file(dir.path(), std::process::id());
        fs::create_dir(&temp).expect("mkdir");
        Checkpoint::begin(dir.path(), &record()).expect_err("cannot checkpoint");
        fs::remove_dir(&temp).expect("rmdir");
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_failed_write_leaves_the_last_checkpoint_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut r = record();
        let checkpoint = Checkpoint::begin(dir.path(), &r).expect("begin");
        let before = fs::read(checkpoint.path()).expect("read");
        // A read-only file system would do; a temp name taken by a FIFO says no
        // at once instead of blocking.
        let temp = paths::checkpoint_temp_file(dir.path(), std::process::id());
        crate::store::file::mkfifo(&temp);
        r.work_secs = 60;
        let err = checkpoint.write(&r).expect_err("cannot write");
        assert!(err.to_string().contains("FIFO"), "{err}");
        assert!(!temp.exists());
        assert_eq!(fs::read(checkpoint.path()).expect("read"), before);
        checkpoint.clear().expect("clear");
        assert!(names(dir.path()).is_empty());
    }
}
