//! The running session's checkpoint: `session-<pid>.checkpoint.json`, rewritten
//! atomically (temp file, sync, rename) at every block boundary. While the session
//! runs, its process holds `session-<pid>.lock` locked; the kernel lets go of that
//! lock when the process dies however it dies (SIGKILL, power loss), so a checkpoint
//! whose lock is free belongs to a dead session, whatever process has the pid now.
//! [`recover`] turns those into `interrupted` records.

use super::{HistoryError, Record, Warning, log};
use crate::paths;
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What a checkpoint file holds.
#[derive(Debug, Deserialize)]
struct Saved {
    #[allow(dead_code)] // for people reading the file
    pid: u32,
    record: Record,
}

/// [`Saved`], for writing without a copy of the record.
#[derive(Serialize)]
struct SavedRef<'a> {
    pid: u32,
    record: &'a Record,
}

/// The checkpoint of this process's session. Hold it for as long as the session
/// runs: it keeps the session's lock. Dropping it without [`Checkpoint::clear`]
/// leaves the last checkpoint for [`recover`] (as a crash would).
#[derive(Debug)]
pub struct Checkpoint {
    home: PathBuf,
    pid: u32,
    _lock: File,
}

impl Checkpoint {
    /// Takes this process's session lock and writes the first checkpoint, `record`
    /// (from [`Record::start`]). Fails when the data folder cannot be written: the
    /// session goes on without one.
    pub fn begin(home: &Path, record: &Record) -> Result<Checkpoint, HistoryError> {
        fs::create_dir_all(home).map_err(|e| HistoryError::unwritable(home, e))?;
        let pid = std::process::id();
        let lock_path = paths::session_lock_file(home, pid);
        let fail = |e| HistoryError::unwritable(&lock_path, e);
        let lock = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(fail)?;
        match lock.lock() {
            Err(e) if e.kind() != io::ErrorKind::Unsupported => return Err(fail(e)),
            _ => {}
        }
        let checkpoint = Checkpoint {
            home: home.to_path_buf(),
            pid,
            _lock: lock,
        };
        checkpoint.write(record)?;
        Ok(checkpoint)
    }

    /// Replaces the checkpoint with `record` (outcome `interrupted`, `ended` the
    /// time of the checkpoint: see [`Record::progress`]): write a temp file in the
    /// same folder, sync it, rename it over the old one, sync the folder.
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
            let mut file = File::create(&temp)?;
            file.write_all(&bytes)?;
            file.sync_data()?;
            Ok(())
        };
        write().map_err(|e| HistoryError::unwritable(&temp, e))?;
        fs::rename(&temp, &path).map_err(|e| HistoryError::unwritable(&path, e))?;
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

fn remove(path: &Path) -> Result<(), HistoryError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(HistoryError::unwritable(path, e)),
        _ => Ok(()),
    }
}

/// Makes a rename durable. Best effort: not every platform can open a folder.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        d.sync_all().ok();
    }
}

/// What [`recover`] did.
#[derive(Debug, Default)]
pub struct Recovered {
    /// The records appended to the log, one per dead session.
    pub records: Vec<Record>,
    pub warnings: Vec<Warning>,
}

/// Turns the checkpoint of every session whose process is gone into an
/// `interrupted` record appended to the log, then removes the checkpoint. A
/// running session's checkpoint (its lock is held, in this process or another) is
/// left alone. Call it first in every command that reads or writes the history
/// (`limber`, `limber run`, `limber history`). A missing data folder has nothing to
/// recover (nor has one under a regular file: reading the log will say so). On an
/// error the checkpoint stays for the next try.
pub fn recover(home: &Path) -> Result<Recovered, HistoryError> {
    let mut done = Recovered::default();
    let entries = match fs::read_dir(home) {
        Ok(entries) => entries,
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(done);
        }
        Err(e) => return Err(HistoryError::unreadable(home, e)),
    };
    let mut pids: Vec<u32> = entries
        .filter_map(Result::ok)
        .filter_map(|e| paths::checkpoint_pid(e.file_name().to_str()?))
        .collect();
    pids.sort_unstable();
    for pid in pids {
        recover_one(home, pid, &mut done)?;
    }
    Ok(done)
}

fn recover_one(home: &Path, pid: u32, done: &mut Recovered) -> Result<(), HistoryError> {
    let lock_path = paths::session_lock_file(home, pid);
    let lock = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(|e| HistoryError::unwritable(&lock_path, e))?;
    let dead = match lock.try_lock() {
        Ok(()) => true,
        Err(std::fs::TryLockError::WouldBlock) => false,
        Err(std::fs::TryLockError::Error(_)) => !process_alive(pid),
    };
    if !dead {
        return Ok(());
    }
    // We hold the dead session's lock: another limber recovering at the same time
    // waits or finds the checkpoint gone.
    let path = paths::checkpoint_file(home, pid);
    let text = match fs::read(&path) {
        Ok(text) => text,
        // Another limber recovered it first (this lock file may be one we just made).
        Err(e) if e.kind() == io::ErrorKind::NotFound => return remove(&lock_path),
        Err(e) => return Err(HistoryError::unreadable(&path, e)),
    };
    match serde_json::from_slice::<Saved>(&text) {
        Ok(saved) => {
            if log::append_unless_present(home, &saved.record)? {
                done.records.push(saved.record);
            }
        }
        Err(_) => done.warnings.push(Warning::DamagedCheckpoint {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }),
    }
    remove(&path)?;
    remove(&paths::checkpoint_temp_file(home, pid))?;
    remove(&lock_path)?;
    sync_dir(home);
    Ok(())
}

/// For file systems without locks: is there a process with this pid? Linux can
/// tell from /proc; elsewhere, unknown counts as dead.
fn process_alive(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Outcome, read};
    use chrono::DateTime;

    fn record() -> Record {
        let started =
            DateTime::parse_from_rfc3339("2025-03-16T07:00:00+01:00").expect("valid time");
        Record::start("calf-release", "Calf release", 300, 1, started)
    }

    #[test]
    fn a_live_session_is_left_alone_and_a_cleared_one_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let checkpoint = Checkpoint::begin(dir.path(), &record()).expect("begin");
        assert!(checkpoint.path().exists());
        let done = recover(dir.path()).expect("recover");
        assert!(done.records.is_empty());
        assert!(checkpoint.path().exists());
        checkpoint.clear().expect("clear");
        let left: Vec<_> = fs::read_dir(dir.path()).expect("read dir").collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_dropped_checkpoint_is_recovered_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let checkpoint = Checkpoint::begin(dir.path(), &record()).expect("begin");
        drop(checkpoint); // as if the process died: the lock is free
        let done = recover(dir.path()).expect("recover");
        assert_eq!(done.records.len(), 1);
        assert_eq!(done.records[0].outcome, Outcome::Interrupted);
        assert!(recover(dir.path()).expect("recover").records.is_empty());
        assert_eq!(read(dir.path()).expect("read").0.len(), 1);
    }

    #[test]
    fn a_damaged_checkpoint_is_removed_with_a_warning() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = paths::checkpoint_file(dir.path(), 999_999_999);
        fs::write(&path, "{\"pid\": 9").expect("write");
        let done = recover(dir.path()).expect("recover");
        assert!(done.records.is_empty());
        assert_eq!(done.warnings.len(), 1);
        assert!(!path.exists());
    }
}
