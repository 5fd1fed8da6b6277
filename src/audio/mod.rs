//! Sound: the cue sounds, the player thread, spoken guidance, and keeping the
//! audio libraries' stderr chatter off the full-screen UI. Every sound that
//! comes from outside the binary (a user's file, a speech program's output) is
//! checked and decoded by [`decode`], which never panics and never runs long.

mod check;
mod check_ogg;
pub mod decode;
mod mixer;
mod output;
pub mod player;
mod program;
mod schedule;
pub mod sound;
pub mod sounds;
pub mod stderr;
pub mod voice;

pub use player::{AudioPlayer, AudioStatus, Options};
pub use sounds::{SoundBank, SoundWarning};

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
