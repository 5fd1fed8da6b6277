//! `$LIMBER_HOME/settings.ron`: the user's defaults for session flags. A flag on
//! the command line always wins; a broken file is reported and ignored.

use crate::core::routine::source::{position_of, stray_characters, strip_bom};
use crate::store::file::{self, ReadError};
use crate::text::clean;
use serde::Deserialize;
use std::path::Path;

/// Settings are a few lines; a larger file is not one limber wrote or documents.
pub const MAX_SETTINGS_BYTES: u64 = 64 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Spoken guidance in every session.
    pub voice: bool,
    /// Volume 0-100.
    pub volume: Option<u8>,
    /// Ring the terminal bell at block changes.
    pub bell: bool,
    /// Start muted.
    pub mute: bool,
}

impl Settings {
    /// Reads the settings file; a missing file gives the defaults, one that
    /// cannot be read or is broken the defaults and one warning (cleaned, so it
    /// is safe to print) naming the file and the reason.
    pub fn load(path: &Path) -> (Settings, Option<String>) {
        match Settings::read(path) {
            Ok(settings) => (settings, None),
            Err(None) => (Settings::default(), None),
            Err(Some(why)) => (
                Settings::default(),
                Some(clean(&format!("{}{why}; settings ignored", path.display())).into_owned()),
            ),
        }
    }

    /// The settings, or why not as the text after the path (`: is a folder...`,
    /// `:3:7: ...`); `Err(None)` when there is no file.
    fn read(path: &Path) -> Result<Settings, Option<String>> {
        let bytes = match file::read_limited(path, MAX_SETTINGS_BYTES) {
            Ok(bytes) => bytes,
            // A symlink to nothing is a file the user made: say so.
            Err(ReadError::NotFound) if path.symlink_metadata().is_ok() => {
                return Err(Some(": is a symbolic link to a missing file".into()));
            }
            Err(ReadError::NotFound) => return Err(None),
            // The data folder itself is missing or not a folder: no settings
            // (saving the session says what is wrong with the folder).
            Err(ReadError::Other(e)) if e.kind() == std::io::ErrorKind::NotADirectory => {
                return Err(None);
            }
            Err(e) => return Err(Some(format!(": {e}"))),
        };
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let at = position_of(strip_bom(good), strip_bom(good).len());
            Some(format!(
                ":{}:{}: not valid UTF-8 (save it as UTF-8 text)",
                at.line, at.col
            ))
        })?;
        let text = strip_bom(text);
        if let Some(stray) = stray_characters(text).first() {
            let at = stray.position.map(|p| format!(":{}:{}", p.line, p.col));
            return Err(Some(format!(
                "{}: {}",
                at.unwrap_or_default(),
                stray.message
            )));
        }
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        match options.from_str::<Settings>(text) {
            Ok(settings) if settings.volume.is_none_or(|v| v <= 100) => Ok(settings),
            Ok(_) => Err(Some(": volume must be 0-100".into())),
            Err(e) => Err(Some(format!(
                ":{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The warning for a settings file made by `make`, in a fresh folder.
    fn warning_for(make: impl FnOnce(&Path)) -> (Settings, Option<String>, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("settings.ron");
        make(&path);
        let (settings, warning) = Settings::load(&path);
        (settings, warning, path.display().to_string())
    }

    #[test]
    fn broken_settings_are_reported_and_ignored() {
        let (settings, warning, _) = warning_for(|p| {
            std::fs::write(p, "(voice: true, volumme: 3)").expect("write");
        });
        assert_eq!(settings, Settings::default());
        assert!(warning.is_some_and(|w| w.contains("volumme")));
        let (settings, warning, _) = warning_for(|p| {
            std::fs::write(p, "(voice: true, volume: 30)").expect("write");
        });
        assert!(settings.voice);
        assert_eq!(settings.volume, Some(30));
        assert_eq!(warning, None);
    }

    #[test]
    fn a_missing_file_is_silent() {
        let (settings, warning, _) = warning_for(|_| {});
        assert_eq!((settings, warning), (Settings::default(), None));
    }

    #[test]
    fn a_folder_is_reported_not_ignored() {
        let (settings, warning, path) = warning_for(|p| std::fs::create_dir(p).expect("mkdir"));
        assert_eq!(settings, Settings::default());
        assert_eq!(
            warning,
            Some(format!("{path}: is a folder, not a file; settings ignored"))
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_fifo_a_device_and_a_loop_are_reported_without_blocking() {
        let (_, fifo, path) = warning_for(|p| {
            crate::store::file::mkfifo(p);
        });
        assert_eq!(
            fifo,
            Some(format!(
                "{path}: is a FIFO (named pipe), not a regular file; settings ignored"
            ))
        );
        let (_, zero, path) = warning_for(|p| {
            std::os::unix::fs::symlink("/dev/zero", p).expect("symlink");
        });
        assert_eq!(
            zero,
            Some(format!(
                "{path}: is a device, not a regular file; settings ignored"
            ))
        );
        let (_, looped, path) = warning_for(|p| {
            std::os::unix::fs::symlink(p, p).expect("symlink");
        });
        assert_eq!(
            looped,
            Some(format!(
                "{path}: too many levels of symbolic links; settings ignored"
            ))
        );
        let (_, dangling, path) = warning_for(|p| {
            std::os::unix::fs::symlink(p.with_extension("gone"), p).expect("symlink");
        });
        assert_eq!(
            dangling,
            Some(format!(
                "{path}: is a symbolic link to a missing file; settings ignored"
            ))
        );
    }

    #[test]
    fn a_file_over_64_kib_is_refused() {
        let (settings, warning, path) = warning_for(|p| {
            let mut text = String::from("(voice: true)\n");
            text.push_str(&"// padding\n".repeat(7000));
            std::fs::write(p, text).expect("write");
        });
        assert_eq!(settings, Settings::default());
        assert_eq!(
            warning,
            Some(format!(
                "{path}: file is 76 KiB; at most 64 KiB is allowed; settings ignored"
            ))
        );
    }

    #[test]
    fn a_leading_bom_is_ignored() {
        let (settings, warning, _) = warning_for(|p| {
            std::fs::write(p, "\u{feff}(voice: true)").expect("write");
        });
        assert_eq!(warning, None);
        assert!(settings.voice);
        // Columns on line 1 do not count the mark: the same as without it.
        let after = |text: &'static str| {
            let (_, warning, path) = warning_for(|p| std::fs::write(p, text).expect("write"));
            let warning = warning.expect("a warning");
            warning[path.len()..].to_string()
        };
        assert_eq!(after("\u{feff}(voice: 7)"), after("(voice: 7)"));
        assert!(after("\u{feff}(voice: 7)").starts_with(":1:8: "));
    }

    #[test]
    fn bad_text_is_reported_escaped() {
        let (_, warning, path) = warning_for(|p| {
            std::fs::write(p, b"(voice: true, // caf\xe9\n)").expect("write");
        });
        assert_eq!(
            warning,
            Some(format!(
                "{path}:1:21: not valid UTF-8 (save it as UTF-8 text); settings ignored"
            ))
        );
        let (settings, warning, path) = warning_for(|p| {
            std::fs::write(p, "(voice: true,\n \u{200b}mute: true)").expect("write");
        });
        assert_eq!(settings, Settings::default());
        assert_eq!(
            warning,
            Some(format!(
                "{path}:2:2: the invisible character \\u{{200b}} (zero-width space) stands here, outside any quoted text; delete it (editors may not show it); settings ignored"
            ))
        );
        let (_, warning, _) = warning_for(|p| {
            std::fs::write(p, "(voice: true, // \u{1b}[2J \u{202e}\n)").expect("write");
        });
        let warning = warning.expect("a warning");
        assert!(warning.contains("\\u{1b} (ESC"), "{warning}");
        assert!(crate::text::unsafe_chars(&warning).next().is_none());
    }

    #[test]
    fn a_path_with_control_characters_is_shown_escaped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = dir.path().join("home\u{1b}[31m\u{200b}");
        std::fs::create_dir_all(home.join("settings.ron")).expect("mkdir");
        let (_, warning) = Settings::load(&home.join("settings.ron"));
        let warning = warning.expect("a warning");
        assert!(
            warning.contains("home\\u{1b}[31m\\u{200b}/settings.ron"),
            "{warning}"
        );
        assert!(crate::text::unsafe_chars(&warning).next().is_none());
    }
}
