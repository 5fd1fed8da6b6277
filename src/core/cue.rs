//! The audio cues of SPEC section 2. The engine decides when; a player decides how.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cue {
    /// A Work block starts.
    Start,
    /// A transition (or, with no transition, the work) that leads into the second side.
    Switch,
    /// 3, 2 and 1 s before a Work or Transition block ends.
    Tick,
    /// A Work block ends.
    End,
    /// A prompt's `at`.
    Prompt,
    /// Half time of a Work block of 20 s or more.
    Halfway,
    /// A Rest block starts.
    Rest,
    /// The whole routine finished.
    Done,
    /// In a paced Work block, an up phase starts (rising).
    Up,
    /// In a paced Work block, a down phase starts (falling).
    Down,
}

impl Cue {
    pub const ALL: [Cue; 10] = [
        Cue::Start,
        Cue::Switch,
        Cue::Tick,
        Cue::End,
        Cue::Prompt,
        Cue::Halfway,
        Cue::Rest,
        Cue::Done,
        Cue::Up,
        Cue::Down,
    ];

    /// The sound's file stem in `sounds/`.
    pub fn name(self) -> &'static str {
        match self {
            Cue::Start => "start",
            Cue::Switch => "switch",
            Cue::Tick => "tick",
            Cue::End => "end",
            Cue::Prompt => "prompt",
            Cue::Halfway => "halfway",
            Cue::Rest => "rest",
            Cue::Done => "done",
            Cue::Up => "up",
            Cue::Down => "down",
        }
    }
}

/// The next moment something is due, and the cues that sound then (none: a
/// moment with no sound of its own, such as a repetition's spoken number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upcoming {
    pub at: std::time::Instant,
    pub cues: Vec<Cue>,
}

/// Something that makes cues heard. The session shell calls it for every cue the
/// engine fires; tests use a recording fake.
pub trait CuePlayer {
    fn play(&mut self, cue: Cue);

    /// Says `text` (spoken guidance), after any cue that is playing.
    fn speak(&mut self, _text: &str) {}

    /// Gets `text` ready to be said soon, so it starts on the second.
    fn prepare_speech(&mut self, _text: &str) {}

    /// When the next cue is due and which cues sound then, so the output can
    /// be opened just before it and the cues laid on their moment ahead.
    fn next_cue_at(&mut self, _next: Option<&Upcoming>) {}

    /// Volume 0-100.
    fn set_volume(&mut self, _volume: u8) {}

    /// Returns once what was handed over has been heard, or `limit` passed.
    fn wait_until_quiet(&mut self, _limit: std::time::Duration) {}
}

/// Plays nothing (muted, or no sound device).
pub struct Silent;

impl CuePlayer for Silent {
    fn play(&mut self, _cue: Cue) {}
}

/// Records what was played, for tests.
#[derive(Debug, Default)]
pub struct Recorder {
    pub played: Vec<Cue>,
}

impl CuePlayer for Recorder {
    fn play(&mut self, cue: Cue) {
        self.played.push(cue);
    }
}
