//! Recovery: the checkpoint of every session whose process is gone becomes a
//! record in the log, exactly once, and the files a session leaves (its
//! checkpoint, a temp file, its lock file) go away.

use super::checkpoint::{MAX_CHECKPOINT, Saved, remove, sync_dir};
use super::files;
use super::{HistoryError, Outcome, Record, Warning, log};
use crate::store::file::{ReadError, read_limited};
use crate::store::paths;
use crate::text::{clean, duration};
use std::collections::BTreeSet;
use std::fs::{self, TryLockError};
use std::io;
use std::path::Path;

/// What [`recover`] did.
#[derive(Debug, Default)]
pub struct Recovered {
    /// The records appended to the log, one per dead session.
    pub records: Vec<Record>,
    pub warnings: Vec<Warning>,
}

/// What to tell the runner about a record [`recover`] appended, worded from its
/// real outcome: a session that died mid-way is saved as interrupted, but one
/// that had finished (completed, or stopped by the user) and died before its
/// record was written is saved as it ended. Terminal-safe.
pub fn recovery_message(record: &Record) -> String {
    let what = format!(
        "{} (started {}, {} of work)",
        clean(&record.title),
        record.started.format("%Y-%m-%d %H:%M"),
        duration(u64::from(record.work_secs))
    );
    match record.outcome {
        Outcome::Interrupted => {
            format!("saved an unfinished session of {what} to your history as interrupted")
        }
        Outcome::Completed => {
            format!("saved a completed session of {what} that had not been written to your history")
        }
        Outcome::Stopped => {
            format!("saved a stopped session of {what} that had not been written to your history")
        }
    }
}

/// Turns the checkpoint of every session whose process is gone into a record
/// appended to the log (once: a record already there is not appended again),
/// then removes the checkpoint. A running session's checkpoint (its lock is
/// held, in this process or another) is left alone. The leftovers of a session
/// that failed to start (a lock file or a temp file with no checkpoint, and no
/// one holding the lock) are removed. Call it first in every command that reads
/// or writes the history (`limber`, `limber run`, `limber history`). A missing
/// data folder has nothing to recover (nor has one under a regular file: reading
/// the log will say so). On an error the checkpoint stays for the next try.
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
    let pids: BTreeSet<u32> = entries
        .filter_map(Result::ok)
        .filter_map(|e| paths::session_pid(e.file_name().to_str()?))
        .collect();
    for pid in pids {
        recover_one(home, pid, &mut done)?;
    }
    Ok(done)
}

fn recover_one(home: &Path, pid: u32, done: &mut Recovered) -> Result<(), HistoryError> {
    let lock_path = paths::session_lock_file(home, pid);
    let path = paths::checkpoint_file(home, pid);
    let lock = match files::open_lock(&lock_path) {
        Ok(lock) => lock,
        // Only leftovers, and a lock path that is no file: not worth an error
        // at every command.
        Err(_) if !path.exists() => return Ok(()),
        Err(e) => return Err(HistoryError::unwritable(&lock_path, e)),
    };
    let dead = match lock.try_lock() {
        Ok(()) => true,
        Err(TryLockError::WouldBlock) => false,
        Err(TryLockError::Error(_)) => !process_alive(pid),
    };
    // A lock on a file another recovery has just removed says nothing: that
    // recovery dealt with this session.
    if !dead || !files::is_at(&lock, &lock_path).unwrap_or(false) {
        return Ok(());
    }
    // We hold the dead session's lock: another limber recovering at the same time
    // waits or finds the checkpoint gone.
    match read_limited(&path, MAX_CHECKPOINT) {
        Ok(bytes) => match serde_json::from_slice::<Saved>(&bytes) {
            Ok(saved) => {
                if log::append_unless_present(home, &saved.record)? {
                    done.records.push(saved.record);
                }
            }
            Err(e) => done.warnings.push(damaged(&path, e.to_string())),
        },
        // No checkpoint: the leftovers of a start that failed, or of a session
        // another limber recovered first (this lock file may be one we just made).
        Err(ReadError::NotFound) => {}
        Err(ReadError::PermissionDenied) => {
            return Err(HistoryError::unreadable(
                &path,
                io::ErrorKind::PermissionDenied.into(),
            ));
        }
        Err(ReadError::Other(e)) => return Err(HistoryError::unreadable(&path, e)),
        // Too large, a FIFO, a device: nothing limber wrote.
        Err(e) => done.warnings.push(damaged(&path, e.to_string())),
    }
    remove(&path)?;
    remove(&paths::checkpoint_temp_file(home, pid))?;
    remove(&lock_path)?;
    sync_dir(home);
    Ok(())
}

fn damaged(path: &Path, why: String) -> Warning {
    Warning::DamagedCheckpoint {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        why,
    }
}

/// For file systems without locks: is there a process with this pid? Linux can
/// tell from /proc; elsewhere, unknown counts as dead.
fn process_alive(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::history::{Checkpoint, read};

    use crate::store::history::testing::{names, record};

    #[test]
    fn a_live_session_is_left_alone_and_a_cleared_one_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let checkpoint = Checkpoint::begin(dir.path(), &record()).expect("begin");
        assert!(checkpoint.path().exists());
        let done = recover(dir.path()).expect("recover");
        assert!(done.records.is_empty());
        assert!(checkpoint.path().exists());
        checkpoint.clear().expect("clear");
        assert!(names(dir.path()).is_empty());
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
        assert_eq!(
            done.warnings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [
                "the checkpoint session-999999999.checkpoint.json is damaged (EOF while parsing an object at line 1 column 9) and was removed"
            ]
        );
        assert!(!path.exists());
    }

    #[test]
    fn an_oversized_checkpoint_is_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = paths::checkpoint_file(dir.path(), 999_999_999);
        let file = fs::File::create(&path).expect("create");
        file.set_len(MAX_CHECKPOINT + 1)
            .expect("a large sparse file");
        let done = recover(dir.path()).expect("recover");
        assert!(done.records.is_empty());
        assert_eq!(done.warnings.len(), 1);
        assert!(
            done.warnings[0].to_string().contains("at most 2048 KiB"),
            "{}",
            done.warnings[0]
        );
        assert!(!path.exists());
    }

    #[test]
    fn leftovers_of_a_failed_start_are_removed_unless_their_lock_is_held() {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = dir.path();
        // Dead sessions' leftovers: a lock file, a temp file, each alone.
        fs::write(paths::session_lock_file(home, 999_999_990), "").expect("write");
        fs::write(paths::checkpoint_temp_file(home, 999_999_991), "{").expect("write");
        // A session starting in this process: its lock is held.
        let held = paths::session_lock_file(home, 999_999_992);
        let lock = files::open_lock(&held).expect("open");
        lock.lock().expect("lock");
        fs::write(paths::checkpoint_temp_file(home, 999_999_992), "{").expect("write");
        let done = recover(home).expect("recover");
        assert!(done.records.is_empty() && done.warnings.is_empty());
        assert_eq!(
            names(home),
            [
                "session-999999992.checkpoint.json.tmp",
                "session-999999992.lock"
            ]
        );
        drop(lock);
        recover(home).expect("recover");
        assert!(names(home).is_empty(), "{:?}", names(home));
        // A folder where a lock file goes is left, without an error each time.
        fs::create_dir(paths::session_lock_file(home, 999_999_993)).expect("mkdir");
        recover(home).expect("recover");
    }

    #[test]
    fn the_message_says_what_became_of_the_session() {
        let mut r = record();
        r.title = "Calf\u{1b}[2J release".into();
        r.work_secs = 125;
        assert_eq!(
            recovery_message(&r),
            "saved an unfinished session of Calf\\u{1b}[2J release (started 2025-03-16 07:00, 2 min 5 s of work) to your history as interrupted"
        );
        r.outcome = Outcome::Completed;
        assert_eq!(
            recovery_message(&r),
            "saved a completed session of Calf\\u{1b}[2J release (started 2025-03-16 07:00, 2 min 5 s of work) that had not been written to your history"
        );
        r.outcome = Outcome::Stopped;
        assert!(recovery_message(&r).starts_with("saved a stopped session of "));
    }
}
