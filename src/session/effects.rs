//! What a session asks of the world, as data: the runner queues [`Do`]s in
//! order (sounds before the record), the shell carries them out through its
//! [`Ports`], and what the user must hear of comes back as a [`Reply`].

use crate::audio::voice::{MissingVoice, VoicePicker};
use crate::core::cue::{Cue, CuePlayer, Upcoming};
use crate::core::engine::Report;
use crate::store::journal::{Journal, Saved, SessionStart, Trouble};
use std::io::Write;

/// Something for the shell to do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Do {
    /// Play a cue sound.
    Cue(Cue),
    /// Speak in this language (a routine's BCP 47 tag) from now on; `None`:
    /// the default voice.
    Language(Option<String>),
    /// Say this (spoken guidance).
    Speak(String),
    /// Get this utterance ready, to be said soon.
    PrepareSpeech(String),
    /// Ring the terminal bell.
    Bell,
    /// The sound volume changed (0-100).
    Volume(u8),
    /// When the next cue is due and which cues sound then (`None`: none, or
    /// muted), so the sound output is open in time and closed otherwise, and
    /// the cues are laid on their moment ahead (a pause, skip or back sends
    /// the new one, and what had not started is dropped).
    CueDueAt(Option<Upcoming>),
    /// Start the session's record.
    Begin(SessionStart),
    /// "How tight is it?" answered once the session had begun.
    RatedBefore(u8),
    /// A block ended: checkpoint what was done so far.
    Checkpoint(Report),
    /// The session ended (completed or stopped).
    End(Report),
    /// The after-session rating (or its skip) completes the record: save it.
    Complete(Option<u8>),
}

impl Do {
    /// Whether this touches the disk (the journal) rather than the senses.
    pub fn is_record(&self) -> bool {
        matches!(
            self,
            Do::Begin(_) | Do::RatedBefore(_) | Do::Checkpoint(_) | Do::End(_) | Do::Complete(_)
        )
    }
}

/// What came of a [`Do`], for the shell to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Saving this session is in trouble, known at its start (say so at once).
    Trouble(Trouble),
    /// What became of the record once complete.
    Saved(Saved),
    /// The routine's language has no voice: the default one speaks.
    Voice(MissingVoice),
}

/// Where `Do`s are carried out: the sound, the history and the terminal.
pub struct Ports<'a> {
    pub player: &'a mut dyn CuePlayer,
    /// Which voice speaks.
    pub voice: &'a mut dyn VoicePicker,
    pub journal: &'a mut dyn Journal,
    /// Where the bell rings (the terminal).
    pub bell: &'a mut dyn Write,
}

/// Carries out `dos` in order; what the user must hear of comes back as replies.
pub fn carry_out(dos: Vec<Do>, ports: &mut Ports<'_>) -> Vec<Reply> {
    let mut replies = Vec::new();
    for d in dos {
        match d {
            Do::Cue(cue) => ports.player.play(cue),
            Do::Language(language) => {
                if let Some(missing) = ports.voice.use_language(language.as_deref()) {
                    replies.push(Reply::Voice(missing));
                }
            }
            Do::Speak(text) => ports.player.speak(&text),
            Do::PrepareSpeech(text) => ports.player.prepare_speech(&text),
            Do::Bell => {
                let _ = ports.bell.write_all(b"\x07");
                let _ = ports.bell.flush();
            }
            Do::Volume(volume) => ports.player.set_volume(volume),
            Do::CueDueAt(next) => ports.player.next_cue_at(next.as_ref()),
            Do::Begin(start) => {
                ports.journal.started(&start);
                if let Some(trouble) = ports.journal.start_trouble() {
                    replies.push(Reply::Trouble(trouble));
                }
            }
            Do::RatedBefore(rating) => ports.journal.rated_before(rating),
            Do::Checkpoint(report) => ports.journal.progress(&report),
            Do::End(report) => ports.journal.ended(&report),
            Do::Complete(after) => replies.push(Reply::Saved(ports.journal.complete(after))),
        }
    }
    replies
}
