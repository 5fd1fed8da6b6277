//! Sound: the cue sounds, the player thread, spoken guidance, and keeping the
//! audio libraries' stderr chatter off the full-screen UI.

pub mod player;
pub mod sounds;
pub mod stderr;
pub mod voice;

pub use player::{AudioPlayer, AudioStatus, Options};
pub use sounds::SoundBank;

impl AudioStatus {
    /// What the status bar says.
    pub fn label(&self) -> String {
        match self {
            AudioStatus::Ready => "sound on".into(),
            AudioStatus::Unavailable(why) => format!("sound off: {why}"),
            AudioStatus::NoVoice => "no voice: install espeak-ng".into(),
        }
    }
}
