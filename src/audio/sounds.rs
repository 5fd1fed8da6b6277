//! The cue sounds: bundled WAVs embedded in the binary, replaced by files of the
//! same name in `$LIMBER_HOME/sounds/`. Each is decoded once, at start-up.

use crate::cue::Cue;
use include_dir::{Dir, include_dir};
use rodio::buffer::SamplesBuffer;
use rodio::{Decoder, Source};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::time::Duration;

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/sounds");

/// Extensions a user's sound may have, in the order they are looked for.
pub const USER_EXTENSIONS: [&str; 3] = ["wav", "ogg", "flac"];

/// Longer user sounds are cut: a cue must not talk over the next one.
const MAX_SOUND: Duration = Duration::from_secs(4);

#[derive(Debug, Clone, Default)]
pub struct SoundBank {
    sounds: HashMap<Cue, SamplesBuffer>,
}

impl SoundBank {
    /// Bundled sounds, with the user's replacements from `user_dir`. Returns the
    /// warnings for user files that would not decode (their bundled sound stays).
    pub fn load(user_dir: Option<&Path>) -> (SoundBank, Vec<String>) {
        let mut bank = SoundBank::default();
        let mut warnings = Vec::new();
        for cue in Cue::ALL {
            if let Some(file) = BUNDLED.get_file(format!("{}.wav", cue.name()))
                && let Ok(buffer) = decode(file.contents().to_vec())
            {
                bank.sounds.insert(cue, buffer);
            }
            let Some(dir) = user_dir else { continue };
            for ext in USER_EXTENSIONS {
                let path = dir.join(format!("{}.{ext}", cue.name()));
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                match decode(bytes) {
                    Ok(buffer) => {
                        bank.sounds.insert(cue, buffer);
                    }
                    Err(e) => warnings.push(format!(
                        "{} will not play ({e}); using the bundled {} sound",
                        path.display(),
                        cue.name()
                    )),
                }
                break;
            }
        }
        (bank, warnings)
    }

    pub fn get(&self, cue: Cue) -> Option<&SamplesBuffer> {
        self.sounds.get(&cue)
    }
}

/// Decodes a whole sound into memory.
pub fn decode(bytes: Vec<u8>) -> Result<SamplesBuffer, String> {
    let decoder = Decoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let channels = decoder.channels();
    let rate = decoder.sample_rate();
    let max = usize::try_from(MAX_SOUND.as_secs()).unwrap_or(4)
        * usize::from(channels.get())
        * usize::try_from(rate.get()).unwrap_or(48_000);
    let samples: Vec<f32> = decoder.take(max).collect();
    if samples.is_empty() {
        return Err("no audio in the file".into());
    }
    Ok(SamplesBuffer::new(channels, rate, samples))
}
