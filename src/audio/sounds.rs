//! The cue sounds: bundled WAVs embedded in the binary, replaced by files of the
//! same name in `$LIMBER_HOME/sounds/`. Each is decoded once, at its own rate:
//! a user's file at start-up (it is untrusted: one that cannot be read or
//! decoded is set aside with a [`SoundWarning`] and the bundled sound plays
//! instead), a bundled one the first time it is played, so a session holds
//! only the sounds it uses.

use super::decode::{MAX_FILE, decode};
use super::sound::Sound;
use crate::core::cue::Cue;
use crate::store::file::{ReadError, read_limited};
use include_dir::{Dir, include_dir};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

// `build.rs` makes cargo rebuild when a file here is added, changed or removed.
static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/sounds");

/// Extensions a user's sound may have, in the order they are looked for.
pub const USER_EXTENSIONS: [&str; 3] = ["wav", "ogg", "flac"];

#[derive(Debug, Clone)]
pub struct SoundBank {
    /// The user's replacements that decode.
    user: HashMap<Cue, Sound>,
    /// The bundled sounds, in the order of [`Cue::ALL`], decoded on first use
    /// (shared by the bank's clones).
    bundled: Arc<[OnceLock<Option<Sound>>]>,
}

impl Default for SoundBank {
    fn default() -> Self {
        SoundBank {
            user: HashMap::new(),
            bundled: Cue::ALL.iter().map(|_| OnceLock::new()).collect(),
        }
    }
}

/// A user's sound that will not play, and why; its cue keeps the bundled sound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoundWarning {
    pub path: PathBuf,
    pub cue: Cue,
    pub reason: String,
}

impl SoundWarning {
    /// One short line for a status bar: `start.wav set aside: sample rate 0 Hz
    /// is not supported`, safe to print.
    pub fn short(&self) -> String {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        crate::text::clean(&format!("{name} set aside: {}", self.reason)).into_owned()
    }
}

impl fmt::Display for SoundWarning {
    /// `…/sounds/start.wav will not play (sample rate 0 Hz is not supported);
    /// using the bundled start sound`, safe to print (control characters in the
    /// path or reason are shown escaped).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!(
            "{} will not play ({}); using the bundled {} sound",
            self.path.display(),
            self.reason,
            self.cue.name()
        );
        f.write_str(&crate::text::clean(&text))
    }
}

impl SoundBank {
    /// Bundled sounds, with the user's replacements from `user_dir`. Returns a
    /// warning for each user file that is there but will not play.
    pub fn load(user_dir: Option<&Path>) -> (SoundBank, Vec<SoundWarning>) {
        let mut bank = SoundBank::default();
        let mut warnings = Vec::new();
        for cue in Cue::ALL {
            let Some(dir) = user_dir else { continue };
            for ext in USER_EXTENSIONS {
                let path = dir.join(format!("{}.{ext}", cue.name()));
                let result = match read_limited(&path, MAX_FILE) {
                    Err(e) if absent(&e) => continue,
                    Err(e) => Err(e.to_string()),
                    Ok(bytes) => decode(bytes),
                };
                match result {
                    Ok(buffer) => {
                        bank.user.insert(cue, buffer);
                    }
                    Err(reason) => warnings.push(SoundWarning { path, cue, reason }),
                }
                break;
            }
        }
        (bank, warnings)
    }

    pub fn get(&self, cue: Cue) -> Option<&Sound> {
        if let Some(user) = self.user.get(&cue) {
            return Some(user);
        }
        let slot = self.bundled.get(Cue::ALL.iter().position(|&c| c == cue)?)?;
        slot.get_or_init(|| bundled(cue)).as_ref()
    }
}

/// The bundled sound for `cue`, read in place (all are 16-bit PCM WAVs, as
/// `tests/it/sound_files.rs` checks; anything else would be decoded).
fn bundled(cue: Cue) -> Option<Sound> {
    let bytes = BUNDLED.get_file(format!("{}.wav", cue.name()))?.contents();
    Sound::wav16(bytes).or_else(|| decode(bytes.to_vec()).ok())
}

/// No file by that name (or no `sounds` folder at all): nothing to warn about.
fn absent(e: &ReadError) -> bool {
    match e {
        ReadError::NotFound => true,
        ReadError::Other(io) => io.kind() == std::io::ErrorKind::NotADirectory,
        _ => false,
    }
}
