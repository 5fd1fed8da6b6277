//! While a session runs, stderr goes to a log file: alsa-lib, JACK and rodio
//! write to it when there is no sound device, which would tear the screen.

use gag::{Gag, Redirect};
use std::fs::{File, OpenOptions};
use std::path::Path;

/// Holds stderr in the log file (or silenced, when the log cannot be written)
/// until dropped, when it is restored.
pub enum StderrToLog {
    Log(Redirect<File>),
    Silenced(Gag),
}

impl StderrToLog {
    /// Redirects stderr to `log` (appending), or silences it when the log cannot
    /// be opened. `None` only if stderr cannot be touched at all.
    pub fn start(log: Option<&Path>) -> Option<StderrToLog> {
        log.and_then(Self::to_log)
            .map(StderrToLog::Log)
            .or_else(|| Gag::stderr().ok().map(StderrToLog::Silenced))
    }

    fn to_log(log: &Path) -> Option<Redirect<File>> {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir).ok()?;
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .ok()?;
        Redirect::stderr(file).ok()
    }
}
