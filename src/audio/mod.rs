//! Sound: the cue sounds, the player thread, spoken guidance, and keeping the
//! audio libraries' stderr chatter off the full-screen UI. Every sound that
//! comes from outside the binary (a user's file, a speech program's output) is
//! checked and decoded by [`decode`], which never panics and never runs long.

#[cfg(target_os = "linux")]
mod alsa_out;
mod check;
mod check_ogg;
#[cfg(not(target_os = "linux"))]
mod cpal_out;
pub mod decode;
mod mixer;
#[cfg(target_os = "linux")]
mod pace;
pub mod player;
mod program;
mod schedule;
pub mod sound;
pub mod sounds;
pub mod stderr;
pub mod voice;

pub use player::{AudioPlayer, AudioStatus, Options};

/// The sound card: written to through ALSA by the audio thread on Linux, a
/// cpal stream elsewhere; both play what the [`mixer`] holds.
#[cfg(target_os = "linux")]
use alsa_out as device;
#[cfg(not(target_os = "linux"))]
use cpal_out as device;
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
