//! While the full-screen UI is up, stderr goes to a log file: alsa-lib, JACK and
//! rodio write to it when there is no sound device, which would tear the screen.

use gag::Redirect;
use std::fs::{File, OpenOptions};
use std::path::Path;

/// Holds stderr in the log file until dropped, when it is restored.
pub struct StderrToLog {
    _redirect: Redirect<File>,
}

impl StderrToLog {
    /// Redirects stderr to `log` (appending). `None` when that is not possible
    /// (the folder cannot be written): stderr then stays where it was.
    pub fn start(log: &Path) -> Option<StderrToLog> {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir).ok()?;
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .ok()?;
        let redirect = Redirect::stderr(file).ok()?;
        Some(StderrToLog {
            _redirect: redirect,
        })
    }
}
