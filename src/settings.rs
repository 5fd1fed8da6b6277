//! `$LIMBER_HOME/settings.ron`: the user's defaults for session flags. A flag on
//! the command line always wins; a broken file is reported and ignored.

use crate::cli::SessionOpts;
use crate::routine::load::read_limited;
use serde::Deserialize;
use std::path::Path;

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
    /// Reads the settings file; a missing file gives the defaults, a broken one
    /// the defaults and a warning.
    pub fn load(path: &Path) -> (Settings, Option<String>) {
        let Ok(bytes) = read_limited(path) else {
            return (Settings::default(), None);
        };
        let text = String::from_utf8_lossy(&bytes);
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        match options.from_str::<Settings>(&text) {
            Ok(settings) if settings.volume.is_none_or(|v| v <= 100) => (settings, None),
            Ok(_) => (
                Settings::default(),
                Some(format!(
                    "{}: volume must be 0-100; settings ignored",
                    path.display()
                )),
            ),
            Err(e) => (
                Settings::default(),
                Some(format!(
                    "{}:{}:{}: {}; settings ignored",
                    path.display(),
                    e.span.start.line,
                    e.span.start.col,
                    e.code
                )),
            ),
        }
    }

    /// The session flags with these settings under them.
    pub fn apply(&self, opts: &SessionOpts) -> SessionOpts {
        SessionOpts {
            mute: opts.mute || self.mute,
            voice: opts.voice || self.voice,
            bell: opts.bell || self.bell,
            volume: opts.volume.or(self.volume),
            ..opts.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_settings() {
        let s = Settings {
            voice: true,
            volume: Some(40),
            bell: false,
            mute: false,
        };
        let opts = SessionOpts {
            volume: Some(90),
            ..SessionOpts::default()
        };
        let merged = s.apply(&opts);
        assert!(merged.voice);
        assert_eq!(merged.volume(), 90);
        assert_eq!(s.apply(&SessionOpts::default()).volume(), 40);
    }

    #[test]
    fn broken_settings_are_reported_and_ignored() {
        let dir = std::env::temp_dir().join(format!("limber-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok();
        let path = dir.join("settings.ron");
        std::fs::write(&path, "(voice: true, volumme: 3)").ok();
        let (settings, warning) = Settings::load(&path);
        assert_eq!(settings, Settings::default());
        assert!(warning.is_some_and(|w| w.contains("volumme")));
        std::fs::write(&path, "(voice: true, volume: 30)").ok();
        let (settings, warning) = Settings::load(&path);
        assert!(settings.voice);
        assert_eq!(settings.volume, Some(30));
        assert_eq!(warning, None);
        std::fs::remove_dir_all(&dir).ok();
    }
}
