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

pub fn sounds_dir(home: &Path) -> PathBuf {
    home.join("sounds")
}

pub fn history_file(home: &Path) -> PathBuf {
    home.join("history.jsonl")
}

pub fn checkpoint_file(home: &Path) -> PathBuf {
    home.join("session.checkpoint.json")
}

pub fn stderr_log(home: &Path) -> PathBuf {
    home.join("limber.log")
}

pub fn settings_file(home: &Path) -> PathBuf {
    home.join("settings.ron")
}
