//! The settings loader on arbitrary bytes as `settings.ron`: settings or the
//! defaults with a warning, never a panic or a hang; settings taken without a
//! warning are within their ranges.
#![no_main]

use libfuzzer_sys::fuzz_target;
use limber::store::settings::Settings;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One file per fuzzing process, rewritten for every input.
fn path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("limber-fuzz-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp data folder");
        limber::store::paths::settings_file(&dir)
    })
}

fuzz_target!(|data: &[u8]| {
    let path = path();
    std::fs::write(path, data).expect("write the settings");
    let (settings, warning) = Settings::load(path);
    match warning {
        None => assert!(settings.volume.is_none_or(|v| v <= 100)),
        Some(w) => {
            assert_eq!(
                settings,
                Settings::default(),
                "a broken file is ignored whole"
            );
            assert!(!w.is_empty());
        }
    }
});
