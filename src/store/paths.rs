//! Where limber's data lives (SPEC section 5): the only module that knows paths.

use std::path::{Path, PathBuf};

/// The environment variable that names the data folder.
pub const HOME_VAR: &str = "LIMBER_HOME";

/// The folder for everything the user owns: `$LIMBER_HOME`, or the platform data
/// folder (`~/.local/share/limber` on Linux). `None` when neither can be found
/// (no home directory at all).
pub fn home() -> Option<PathBuf> {
    match std::env::var_os(HOME_VAR) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "limber").map(|d| d.data_dir().to_path_buf()),
    }
}

pub fn routines_dir(home: &Path) -> PathBuf {
    home.join("routines")
}

pub fn plans_dir(home: &Path) -> PathBuf {
    home.join("plans")
}

/// What the runner did with plans: start, stop and check-in events.
pub fn plans_log(home: &Path) -> PathBuf {
    home.join("plans.jsonl")
}

pub fn sounds_dir(home: &Path) -> PathBuf {
    home.join("sounds")
}

pub fn history_file(home: &Path) -> PathBuf {
    home.join("history.jsonl")
}

const CHECKPOINT_PREFIX: &str = "session-";
const CHECKPOINT_SUFFIX: &str = ".checkpoint.json";
const TEMP_SUFFIX: &str = ".checkpoint.json.tmp";
const LOCK_SUFFIX: &str = ".lock";

/// The checkpoint of the session run by process `pid` (`session-<pid>.checkpoint.json`):
/// one per process, so two limbers running at once never share one.
pub fn checkpoint_file(home: &Path, pid: u32) -> PathBuf {
    home.join(format!("{CHECKPOINT_PREFIX}{pid}{CHECKPOINT_SUFFIX}"))
}

/// The temporary file a checkpoint is written to before it is renamed into place.
pub fn checkpoint_temp_file(home: &Path, pid: u32) -> PathBuf {
    home.join(format!("{CHECKPOINT_PREFIX}{pid}{TEMP_SUFFIX}"))
}

/// The lock file that process `pid` holds locked for as long as its session runs
/// (`session-<pid>.lock`); the kernel lets go of the lock when the process dies.
pub fn session_lock_file(home: &Path, pid: u32) -> PathBuf {
    home.join(format!("{CHECKPOINT_PREFIX}{pid}{LOCK_SUFFIX}"))
}

/// The pid in a checkpoint's file name, for a name made by [`checkpoint_file`].
pub fn checkpoint_pid(file_name: &str) -> Option<u32> {
    pid_in(file_name, CHECKPOINT_SUFFIX)
}

/// The pid in the name of any file a session keeps ([`checkpoint_file`],
/// [`checkpoint_temp_file`] or [`session_lock_file`]): what recovery looks for,
/// leftovers of a failed start included.
pub fn session_pid(file_name: &str) -> Option<u32> {
    [CHECKPOINT_SUFFIX, TEMP_SUFFIX, LOCK_SUFFIX]
        .into_iter()
        .find_map(|suffix| pid_in(file_name, suffix))
}

fn pid_in(file_name: &str, suffix: &str) -> Option<u32> {
    let pid = file_name
        .strip_prefix(CHECKPOINT_PREFIX)?
        .strip_suffix(suffix)?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

pub fn stderr_log(home: &Path) -> PathBuf {
    home.join("limber.log")
}

pub fn settings_file(home: &Path) -> PathBuf {
    home.join("settings.ron")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoint_names_round_trip() {
        let home = Path::new("/h");
        let file = checkpoint_file(home, 4242);
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        assert_eq!(name, "session-4242.checkpoint.json");
        assert_eq!(checkpoint_pid(name), Some(4242));
        assert_eq!(checkpoint_pid("session-.checkpoint.json"), None);
        assert_eq!(checkpoint_pid("session-+1.checkpoint.json"), None);
        assert_eq!(checkpoint_pid("session-12.checkpoint.json.tmp"), None);
        assert_eq!(checkpoint_pid("history.jsonl"), None);
        for file in [
            checkpoint_file(home, 7),
            checkpoint_temp_file(home, 7),
            session_lock_file(home, 7),
        ] {
            let name = file.file_name().and_then(|n| n.to_str());
            assert_eq!(name.and_then(session_pid), Some(7), "{file:?}");
        }
        assert_eq!(session_pid("session-7.lock.tmp"), None);
        assert_eq!(session_pid("session-x.lock"), None);
        assert_eq!(session_pid("history.jsonl"), None);
    }
}
