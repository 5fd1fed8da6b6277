//! The TUI's state and how keys, signals, replies and time change it. No I/O
//! here: the shell (`tui::run`) feeds inputs and carries out the effects this
//! returns; what they came to arrives back as messages ([`App::on_reply`],
//! [`App::on_audio`]). Keys go through the table in [`super::keys`].

use super::history::HistoryScreen;
use super::keys::{self, Action, Mode};
use super::picker::{Picker, PickerAction};
use super::theme::Palette;
use super::today::{TodayAction, TodayScreen};
use crate::audio::AudioStatus;
use crate::audio::voice::MissingVoice;
use crate::core::engine::{Event, Report};
use crate::core::timeline::BlockKind;
use crate::session::guide::Guide;
use crate::session::narrate::step_label;
use crate::session::runner::{Do, Reply, Runner};
use crate::store::history::Record;
use crate::store::journal::{Saved, Trouble};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::rc::Rc;
use std::time::Instant;

pub use crate::session::runner::Prepared;

pub struct Running {
    pub runner: Runner,
    /// "Stop this session? y/n" is showing.
    pub confirm_quit: bool,
    /// The session was running when the question came up, so `n` resumes it.
    resume_after_confirm: bool,
    /// "How tight is it?" while the session begins: answered with one key
    /// during the first block(s), never in the way (the session runs regardless).
    pub tightness_before: Rating,
    /// The page of the instructions shown: (block index, page). Moved by `i`
    /// only; a new block starts at its first page, and the drawing wraps the
    /// page around to what its height allows.
    pub page: (usize, usize),
}

/// Whether a session counts (SPEC 8), as the record's own rule says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Run faster than real time (`--speed`): left out of totals and streaks.
    pub preview: bool,
    /// Less than half of its work was done.
    pub skipped_through: bool,
    /// Counts for the streak, the totals and plans.
    pub counts: bool,
}

impl Standing {
    /// The standing of a session of `prepared` at `speed` that came to `report`,
    /// from [`Record::counts`]: the rule lives with the record, not here.
    pub fn of(prepared: &Prepared, report: &Report, speed: u32) -> Standing {
        // Dates play no part in the rule: any will do.
        let at = chrono::DateTime::UNIX_EPOCH.fixed_offset();
        let timeline = &prepared.timeline;
        let mut record = Record::start(
            &prepared.id,
            &prepared.routine.title,
            timeline.planned_secs,
            speed,
            at,
        );
        record.planned_work_secs = Some(timeline.work_secs());
        record.finish(report, at);
        Standing {
            preview: record.preview,
            skipped_through: record.skipped_through(),
            counts: record.counts(),
        }
    }
}

pub struct Finished {
    pub prepared: Rc<Prepared>,
    pub report: Report,
    pub stopped: bool,
    /// The "how tight is it now?" question.
    pub rating: Rating,
    pub tightness_before: Option<u8>,
    /// The skipped work blocks as the runner saw them: `Foam roll calf, left side`.
    pub skipped: Vec<String>,
    pub standing: Standing,
}

/// A one-key tightness rating, 0-10.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    /// Not asked (`--no-rate`).
    Off,
    Asking,
    Given(u8),
    Skipped,
}

pub enum Screen {
    Picker,
    /// What the active plans ask of today ([`App::today`]).
    Today,
    Caution(Rc<Prepared>),
    Session(Box<Running>),
    Finish(Box<Finished>),
    History(Box<HistoryScreen>),
}

/// What the shell must do after an update.
#[derive(Debug)]
pub enum Effect {
    /// The session's sounds and record, in order (see [`crate::session::runner::carry_out`]).
    Session(Vec<Do>),
    /// `h` in the picker: read the history and show it (see [`App::show_history`]).
    OpenHistory,
    /// The session's record is saved: read the streak it is part of (see
    /// [`App::show_streak`]).
    ReadStreak,
    /// Read the active plans' states and show them (see [`App::show_today`]).
    LoadToday,
    /// Record today's check-in answer, as `limber checkin N` does, then read
    /// the plans again (see [`App::checked_in`]).
    CheckIn(u8),
}

#[allow(clippy::struct_excessive_bools)] // independent switches, not a state machine
pub struct App {
    pub screen: Screen,
    pub picker: Picker,
    pub speed: u32,
    /// Voice and bell, for every session; mute is [`App::muted`].
    pub guide: Guide,
    pub muted: bool,
    /// 0-100, changed with `+` and `-`.
    pub volume: u8,
    /// What the audio thread last said; `None` before it said anything.
    pub sound: Option<AudioStatus>,
    /// `--voice` was asked for but no speech program is installed.
    pub voice_missing: bool,
    /// The session's language has no voice (the default one speaks).
    pub voice_language: Option<MissingVoice>,
    /// What is wrong with saving this session, known at its start.
    pub not_saving: Option<Trouble>,
    /// A one-line message for the picker's status bar.
    pub notice: Option<String>,
    /// A user sound that was set aside (`start.wav set aside: ...`).
    pub sound_trouble: Option<String>,
    /// The help overlay is showing.
    pub help: bool,
    pub quit: bool,
    /// Started with `limber run`: leaving the session leaves limber.
    pub exit_after_session: bool,
    /// Ask "how tight is it?" before and after (`--no-rate` turns it off).
    pub ask_ratings: bool,
    /// What became of the last session's record.
    pub saved: Option<Saved>,
    /// The streak in words once the last session's record is saved
    /// ("4-day streak"), for the finish screen.
    pub streak: Option<String>,
    /// The colours the terminal shows, applied to every frame (set from the
    /// environment at start, see [`Palette::from_env`]).
    pub palette: Palette,
    /// The terminal's size as last told (see [`App::resize`]).
    pub size: Option<(u16, u16)>,
    /// The active plans as last read; `None` without an active plan.
    pub today: Option<TodayScreen>,
    /// Where leaving a session or the history goes: the today screen (when a
    /// plan is active) rather than the picker.
    pub home_today: bool,
    effects: Vec<Effect>,
}

impl App {
    pub fn new(picker: Picker, speed: u32, muted: bool, volume: u8) -> App {
        App {
            screen: Screen::Picker,
            picker,
            speed,
            guide: Guide::default(),
            muted,
            volume: volume.min(100),
            sound: None,
            voice_missing: false,
            voice_language: None,
            not_saving: None,
            notice: None,
            sound_trouble: None,
            help: false,
            quit: false,
            exit_after_session: false,
            ask_ratings: true,
            saved: None,
            streak: None,
            palette: Palette::Full,
            size: None,
            today: None,
            home_today: false,
            effects: Vec::new(),
        }
    }

    /// Opens on the today screen when a plan is active (the shell reads the
    /// plans before the first frame), else stays on the picker.
    pub fn open_today(&mut self) {
        self.home_today = true;
        self.effects.push(Effect::LoadToday);
    }

    /// The plans as the shell read them (`None`: no plan is active). Shown
    /// when the today screen is home and the picker or today is showing; else
    /// kept for the finish screen and the way back.
    pub fn show_today(&mut self, today: Option<TodayScreen>) {
        let Some(mut today) = today else {
            self.today = None;
            self.home_today = false;
            if matches!(self.screen, Screen::Today) {
                self.screen = Screen::Picker;
            }
            return;
        };
        if let Some(old) = &self.today {
            today.keep_selection(old);
        }
        self.today = Some(today);
        if self.home_today && matches!(self.screen, Screen::Picker | Screen::Today) {
            self.screen = Screen::Today;
        }
    }

    /// The check-in was recorded (or not: `message` says why); `today` is the
    /// plans read again.
    pub fn checked_in(&mut self, message: String, today: Option<TodayScreen>) {
        self.show_today(today);
        if let Some(today) = &mut self.today {
            today.notice = Some(message);
        }
    }

    /// Opens `prepared`: its caution first, when it has one, then the session.
    pub fn open(&mut self, prepared: Rc<Prepared>, now: Instant) {
        if prepared.routine.caution.is_some() {
            self.screen = Screen::Caution(prepared);
        } else {
            self.begin(prepared, now);
        }
    }

    fn begin(&mut self, prepared: Rc<Prepared>, now: Instant) {
        self.saved = None;
        self.streak = None;
        self.not_saving = None;
        self.voice_language = None;
        let tightness_before = if self.ask_ratings {
            Rating::Asking
        } else {
            Rating::Off
        };
        let guide = Guide {
            muted: self.muted,
            ..self.guide
        };
        let (runner, events) = Runner::start(prepared, self.speed, guide, None, now);
        self.screen = Screen::Session(Box::new(Running {
            runner,
            confirm_quit: false,
            resume_after_confirm: false,
            tightness_before,
            page: (0, 0),
        }));
        self.absorb(&events, now);
    }

    pub fn take_effects(&mut self) -> Vec<Effect> {
        if let Screen::Session(run) = &mut self.screen {
            let dos = run.runner.take();
            self.effects.push(Effect::Session(dos));
        }
        std::mem::take(&mut self.effects)
    }

    /// What replies asked for since [`App::take_effects`] (a saved record's
    /// streak), without the session's standing ones: the shell carries these
    /// out before it draws.
    pub fn take_queued(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Which key table is in force.
    pub fn mode(&self) -> Mode {
        if self.help {
            return Mode::Help;
        }
        match &self.screen {
            Screen::Picker if self.picker.is_editing() => Mode::PickerFilter,
            Screen::Picker => Mode::Picker,
            Screen::Caution(_) => Mode::Caution,
            Screen::Session(run) if run.confirm_quit => Mode::ConfirmQuit,
            Screen::Session(run) if run.tightness_before == Rating::Asking => Mode::SessionRating,
            Screen::Session(_) => Mode::Session,
            Screen::Finish(done) if done.rating == Rating::Asking => Mode::FinishRating,
            Screen::Finish(_) => Mode::Finish,
            Screen::History(_) => Mode::History,
            Screen::Today => self.today_mode(),
        }
    }

    /// The today screen's table (for its help).
    pub fn today_mode(&self) -> Mode {
        self.today.as_ref().map_or(Mode::Today, TodayScreen::mode)
    }

    /// The picker's table (for its help).
    pub fn picker_mode(&self) -> Mode {
        if self.picker.is_editing() {
            Mode::PickerFilter
        } else {
            Mode::Picker
        }
    }

    /// When the screen next changes by itself; `None`: only a key changes it.
    pub fn next_deadline(&self, now: Instant) -> Option<Instant> {
        match &self.screen {
            Screen::Session(run) => run.runner.engine().next_deadline(now),
            _ => None,
        }
    }

    /// Lets time pass: fires what is due and moves to the finish screen at the end.
    pub fn tick(&mut self, now: Instant) {
        let Screen::Session(run) = &mut self.screen else {
            return;
        };
        let events = run.runner.advance(now);
        self.absorb(&events, now);
    }

    /// What the shell's effects came to.
    pub fn on_reply(&mut self, reply: Reply) {
        match reply {
            Reply::Trouble(trouble) => self.not_saving = Some(trouble),
            Reply::Voice(missing) => self.voice_language = Some(missing),
            Reply::Saved(saved) => {
                if saved == Saved::Yes {
                    self.effects.push(Effect::ReadStreak);
                }
                self.saved = Some(saved);
            }
        }
    }

    /// News from the audio thread.
    pub fn on_audio(&mut self, status: AudioStatus) {
        // The missing voice is its own notice, so "sound on" cannot hide it.
        if status == AudioStatus::NoVoice {
            self.voice_missing = true;
        } else {
            self.sound = Some(status);
        }
    }

    fn absorb(&mut self, events: &[Event], now: Instant) {
        let Screen::Session(run) = &mut self.screen else {
            return;
        };
        // The question is for the start: once a work block is over, it is gone.
        let work_done = events.iter().any(|e| {
            matches!(e, Event::BlockEnded { index, .. }
                if run.runner.timeline().blocks.get(*index).is_some_and(|b| b.kind == BlockKind::Work))
        });
        if work_done && run.tightness_before == Rating::Asking {
            run.tightness_before = Rating::Skipped;
        }
        if run.runner.is_over() {
            self.end(now);
        }
    }

    /// The session is over (completed or stopped): the finish screen.
    fn end(&mut self, now: Instant) {
        let Screen::Session(run) = &mut self.screen else {
            return;
        };
        let report = run.runner.report(now);
        let stopped = run.runner.was_stopped();
        let prepared = Rc::clone(run.runner.prepared());
        let standing = Standing::of(&prepared, &report, run.runner.engine().speed());
        let tightness_before = match run.tightness_before {
            Rating::Given(r) => Some(r),
            _ => None,
        };
        let skipped = run
            .runner
            .engine()
            .skipped_blocks()
            .filter_map(|i| prepared.timeline.blocks.get(i))
            .map(step_label)
            .collect();
        // The last of the session's own effects (its end) before the rating's.
        self.effects.push(Effect::Session(run.runner.take()));
        // `q` `y` after `limber run` leaves at once; from the picker, the finish
        // screen shows what was done before going back.
        let leaving = stopped && self.exit_after_session;
        let rating = if self.ask_ratings && !leaving {
            Rating::Asking
        } else {
            self.effects.push(Effect::Session(vec![Do::Complete(None)]));
            Rating::Off
        };
        if leaving {
            self.quit = true;
        }
        self.help = false;
        self.screen = Screen::Finish(Box::new(Finished {
            prepared,
            report,
            stopped,
            rating,
            tightness_before,
            skipped,
            standing,
        }));
    }

    /// The streak as the history now counts it, the saved session included.
    pub fn show_streak(&mut self, streak: String) {
        self.streak = Some(streak);
    }

    /// Shows the history screen the shell built from the log.
    pub fn show_history(&mut self, mut screen: HistoryScreen) {
        if let Some((width, height)) = self.size {
            screen.resize(width, height);
        }
        self.screen = Screen::History(Box::new(screen));
    }

    /// The terminal's size, for screens that page (the history's list).
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Some((width, height));
        self.picker.resize(width, height);
        if let Screen::History(screen) = &mut self.screen {
            screen.resize(width, height);
        }
    }

    /// Answers the after-session question (a skip if it was still open).
    fn close_rating(&mut self, answer: Option<u8>) {
        if let Screen::Finish(done) = &mut self.screen
            && done.rating == Rating::Asking
        {
            done.rating = answer.map_or(Rating::Skipped, Rating::Given);
            self.effects
                .push(Effect::Session(vec![Do::Complete(answer)]));
        }
    }

    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT: end the session the way `q` `y` does, and leave.
    pub fn on_signal(&mut self, now: Instant) {
        self.stop_session(now);
        self.close_rating(None);
        self.quit = true;
    }

    fn stop_session(&mut self, now: Instant) {
        if let Screen::Session(run) = &mut self.screen {
            let events = run.runner.stop(now);
            self.absorb(&events, now);
        }
    }

    /// The terminal is given up (Ctrl-Z) or was taken away (SIGSTOP): the
    /// session holds still, and stays paused until the runner resumes it.
    pub fn hold(&mut self, now: Instant) {
        if let Screen::Session(run) = &mut self.screen {
            let events = run.runner.pause(now);
            self.absorb(&events, now);
        }
    }

    pub fn on_key(&mut self, key: KeyEvent, now: Instant) {
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        if ctrl_c {
            self.on_signal(now);
            return;
        }
        let mode = self.mode();
        if mode == Mode::Help {
            // Any key closes the help, and does nothing else.
            self.help = false;
            return;
        }
        let Some(action) = keys::action(mode, &key) else {
            match mode {
                Mode::PickerFilter => self.picker.type_key(key),
                // Any other key skips the question.
                Mode::FinishRating => self.close_rating(None),
                _ => {}
            }
            return;
        };
        if action == Action::Help {
            self.help = true;
            return;
        }
        match mode {
            Mode::Picker | Mode::PickerFilter => self.picker_action(action, now),
            Mode::Caution => self.caution_action(action, now),
            Mode::Session | Mode::SessionRating => self.session_action(action, now),
            Mode::ConfirmQuit => self.confirm_action(action, now),
            Mode::FinishRating | Mode::Finish => self.finish_action(action),
            Mode::Today | Mode::TodayCheckin => self.today_action(action, now),
            Mode::History => {
                if action == Action::Leave {
                    self.go_home();
                } else if let Screen::History(history) = &mut self.screen {
                    history.on_action(action);
                }
            }
            Mode::Help => {}
        }
    }

    fn leave_session(&mut self) {
        if self.exit_after_session {
            self.quit = true;
        } else {
            self.go_home();
        }
    }

    /// Back to the today screen (read again: a session may have filled a
    /// prescription) when it is home, else to the picker.
    fn go_home(&mut self) {
        self.screen = Screen::Picker;
        if self.home_today && self.today.is_some() {
            self.effects.push(Effect::LoadToday);
        }
    }

    fn today_action(&mut self, action: Action, now: Instant) {
        let Some(today) = &mut self.today else {
            return;
        };
        today.notice = None;
        match today.on_action(action) {
            TodayAction::None => {}
            TodayAction::Quit => self.quit = true,
            TodayAction::History => self.effects.push(Effect::OpenHistory),
            TodayAction::Routines => {
                self.home_today = false;
                self.screen = Screen::Picker;
            }
            TodayAction::CheckIn(value) => self.effects.push(Effect::CheckIn(value)),
            TodayAction::Start(id) => match self.picker.routine(&id) {
                Some(Ok(prepared)) => {
                    let prepared = Rc::clone(prepared);
                    self.open(prepared, now);
                }
                Some(Err(reason)) => today.notice = Some(format!("Cannot start: {reason}")),
                None => today.notice = Some(format!("No routine '{id}' to start.")),
            },
        }
    }

    fn picker_action(&mut self, action: Action, now: Instant) {
        if action == Action::Today {
            if self.today.is_some() {
                self.home_today = true;
                self.effects.push(Effect::LoadToday);
            }
            return;
        }
        match self.picker.on_action(action) {
            PickerAction::None => {}
            PickerAction::Quit => self.quit = true,
            PickerAction::History => self.effects.push(Effect::OpenHistory),
            PickerAction::Start(prepared) => {
                self.notice = None;
                self.open(prepared, now);
            }
            PickerAction::Invalid(reason) => self.notice = Some(reason),
        }
    }

    fn caution_action(&mut self, action: Action, now: Instant) {
        let Screen::Caution(prepared) = &self.screen else {
            return;
        };
        match action {
            Action::Begin => {
                let prepared = Rc::clone(prepared);
                self.begin(prepared, now);
            }
            Action::Leave => self.leave_session(),
            _ => {}
        }
    }

    fn finish_action(&mut self, action: Action) {
        match action {
            Action::Rate(r) => self.close_rating(Some(r)),
            Action::Leave => {
                self.close_rating(None);
                self.leave_session();
            }
            _ => {}
        }
    }

    fn confirm_action(&mut self, action: Action, now: Instant) {
        let Screen::Session(run) = &mut self.screen else {
            return;
        };
        match action {
            Action::Yes => self.stop_session(now),
            Action::No => {
                run.confirm_quit = false;
                if run.resume_after_confirm {
                    let events = run.runner.resume(now);
                    self.absorb(&events, now);
                }
            }
            _ => {}
        }
    }

    fn session_action(&mut self, action: Action, now: Instant) {
        let Screen::Session(run) = &mut self.screen else {
            return;
        };
        let events = match action {
            Action::Rate(rating) => {
                run.tightness_before = Rating::Given(rating);
                run.runner.rate_before(rating);
                Vec::new()
            }
            Action::More => {
                let block = run.runner.engine().status(now).block.unwrap_or_default();
                run.page = if run.page.0 == block {
                    (block, run.page.1.wrapping_add(1))
                } else {
                    (block, 1)
                };
                Vec::new()
            }
            Action::PauseResume => run.runner.toggle_pause(now),
            Action::Skip => run.runner.skip(now),
            Action::Back => run.runner.back(now),
            Action::Mute => {
                self.muted = !self.muted;
                run.runner.set_muted(self.muted);
                Vec::new()
            }
            Action::VolumeUp | Action::VolumeDown => {
                self.volume = if action == Action::VolumeUp {
                    (self.volume + 10).min(100)
                } else {
                    self.volume.saturating_sub(10)
                };
                self.effects
                    .push(Effect::Session(vec![Do::Volume(self.volume)]));
                Vec::new()
            }
            Action::Quit => {
                run.confirm_quit = true;
                run.resume_after_confirm = !run.runner.engine().is_paused();
                run.runner.pause(now)
            }
            _ => Vec::new(),
        };
        self.absorb(&events, now);
    }
}
