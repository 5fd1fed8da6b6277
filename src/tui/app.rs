//! The TUI's state and how keys, signals and time change it. No I/O here: the
//! shell (`tui::run`) feeds inputs and carries out the effects this returns.

use super::history::HistoryScreen;
use super::picker::Picker;
use crate::narrate::step_label;
use crate::routine::Routine;
use crate::session::{Engine, Event, Report};
use crate::timeline::{BlockKind, Timeline, expand};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::rc::Rc;
use std::time::Instant;

/// A routine ready to run.
#[derive(Debug)]
pub struct Prepared {
    pub id: String,
    pub routine: Routine,
    pub timeline: Timeline,
}

impl Prepared {
    pub fn new(id: String, routine: Routine) -> Rc<Prepared> {
        let timeline = expand(&routine);
        Rc::new(Prepared {
            id,
            routine,
            timeline,
        })
    }
}

pub struct Running {
    pub prepared: Rc<Prepared>,
    pub engine: Engine,
    /// "Stop this session? y/n" is showing.
    pub confirm_quit: bool,
    /// The session was running when the question came up, so `n` resumes it.
    resume_after_confirm: bool,
    pub help: bool,
    /// "How tight is it?" while the session begins: answered with one key
    /// during the first block(s), never in the way (the session runs regardless).
    pub tightness_before: Rating,
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

impl Rating {
    /// `0`-`9`, and `+` for 10; anything else is `None` (skip).
    pub fn from_key(code: KeyCode) -> Option<u8> {
        match code {
            KeyCode::Char(c @ '0'..='9') => c.to_digit(10).and_then(|d| u8::try_from(d).ok()),
            KeyCode::Char('+') => Some(10),
            _ => None,
        }
    }
}

pub enum Screen {
    Picker,
    Caution(Rc<Prepared>),
    Session(Box<Running>),
    Finish(Box<Finished>),
    History(Box<HistoryScreen>),
}

/// What the shell must do after an update.
#[derive(Debug)]
pub enum Effect {
    /// The engine's events, to be heard (cues, speech, bell).
    Heard {
        prepared: Rc<Prepared>,
        events: Vec<Event>,
    },
    /// The volume changed (0-100).
    Volume(u8),
    /// A session began: start its record (and checkpoint).
    Started { prepared: Rc<Prepared>, speed: u32 },
    /// The runner answered "how tight is it?" at the start.
    RatedBefore(u8),
    /// A block ended: checkpoint what was done so far.
    Progress(Report),
    /// A session ended (completed or stopped).
    Ended {
        prepared: Rc<Prepared>,
        report: Report,
        stopped: bool,
    },
    /// The after-session rating was answered (or skipped): the record is complete.
    RatedAfter(Option<u8>),
    /// `h` in the picker: read the history and show it (see [`App::show_history`]).
    OpenHistory,
}

#[allow(clippy::struct_excessive_bools)] // independent switches, not a state machine
pub struct App {
    pub screen: Screen,
    pub picker: Picker,
    pub speed: u32,
    pub muted: bool,
    /// 0-100, changed with `+` and `-`.
    pub volume: u8,
    /// Shown in the status bar: "sound on", "sound off: no audio device"...
    pub sound: String,
    /// `--voice` was asked for but no speech program is installed.
    pub voice_missing: bool,
    /// Why this session will not be saved, known at its start.
    pub not_saving: Option<String>,
    /// A one-line message for the picker's status bar.
    pub notice: Option<String>,
    pub quit: bool,
    /// Started with `limber run`: leaving the session leaves limber.
    pub exit_after_session: bool,
    /// Ask "how tight is it?" before and after (`--no-rate` turns it off).
    pub ask_ratings: bool,
    /// What became of the last session's record: "Saved to your history." or why not.
    pub saved: Option<String>,
    effects: Vec<Effect>,
}

impl App {
    pub fn new(picker: Picker, speed: u32, muted: bool, volume: u8) -> App {
        App {
            screen: Screen::Picker,
            picker,
            speed,
            muted,
            volume: volume.min(100),
            sound: String::new(),
            voice_missing: false,
            not_saving: None,
            notice: None,
            quit: false,
            exit_after_session: false,
            ask_ratings: true,
            saved: None,
            effects: Vec::new(),
        }
    }

    /// Opens `prepared`: its caution first, when it has one, then the rating.
    pub fn open(&mut self, prepared: Rc<Prepared>, now: Instant) {
        if prepared.routine.caution.is_some() {
            self.screen = Screen::Caution(prepared);
        } else {
            self.begin(prepared, now);
        }
    }

    fn begin(&mut self, prepared: Rc<Prepared>, now: Instant) {
        self.saved = None;
        self.effects.push(Effect::Started {
            prepared: Rc::clone(&prepared),
            speed: self.speed,
        });
        let tightness_before = if self.ask_ratings {
            Rating::Asking
        } else {
            Rating::Off
        };
        let engine = Engine::new(prepared.timeline.clone(), self.speed, now);
        self.screen = Screen::Session(Box::new(Running {
            prepared,
            engine,
            confirm_quit: false,
            resume_after_confirm: false,
            help: false,
            tightness_before,
        }));
        self.tick(now);
    }

    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// When the screen next changes by itself; `None`: only a key changes it.
    pub fn next_deadline(&self, now: Instant) -> Option<Instant> {
        match &self.screen {
            Screen::Session(run) => run.engine.next_deadline(now),
            _ => None,
        }
    }

    /// When the session's next cue is due, for the audio output to be ready.
    pub fn next_cue_at(&self) -> Option<Instant> {
        match &self.screen {
            Screen::Session(run) => run.engine.next_cue_at(),
            _ => None,
        }
    }

    /// Lets time pass: fires what is due and moves to the finish screen at the end.
    pub fn tick(&mut self, now: Instant) {
        let Screen::Session(run) = &mut self.screen else {
            return;
        };
        let events = run.engine.advance(now);
        self.absorb(events, now);
    }

    fn absorb(&mut self, events: Vec<Event>, now: Instant) {
        if events.is_empty() {
            return;
        }
        let finished = events.contains(&Event::Finished);
        let block_ended = events.iter().any(|e| matches!(e, Event::BlockEnded { .. }));
        if let Screen::Session(run) = &mut self.screen {
            // The question is for the start: once a work block is over, it is gone.
            let work_done = events.iter().any(|e| {
                matches!(e, Event::BlockEnded { index, .. }
                    if run.prepared.timeline.blocks.get(*index).is_some_and(|b| b.kind == BlockKind::Work))
            });
            if work_done && run.tightness_before == Rating::Asking {
                run.tightness_before = Rating::Skipped;
            }
            if block_ended && !finished {
                self.effects.push(Effect::Progress(run.engine.report(now)));
            }
            self.effects.push(Effect::Heard {
                prepared: Rc::clone(&run.prepared),
                events,
            });
        }
        if finished {
            self.end(now, false);
        }
    }

    /// Ends the running session, completed or stopped, and records it.
    fn end(&mut self, now: Instant, stopped: bool) {
        let Screen::Session(run) = &self.screen else {
            return;
        };
        let report = run.engine.report(now);
        let prepared = Rc::clone(&run.prepared);
        let tightness_before = match run.tightness_before {
            Rating::Given(r) => Some(r),
            _ => None,
        };
        let skipped = run
            .engine
            .skipped_blocks()
            .filter_map(|i| prepared.timeline.blocks.get(i))
            .map(step_label)
            .collect();
        self.effects.push(Effect::Ended {
            prepared: Rc::clone(&prepared),
            report: report.clone(),
            stopped,
        });
        // `q` `y` after `limber run` leaves at once; from the picker, the finish
        // screen shows what was done before going back.
        let leaving = stopped && self.exit_after_session;
        let rating = if self.ask_ratings && !leaving {
            Rating::Asking
        } else {
            self.effects.push(Effect::RatedAfter(None));
            Rating::Off
        };
        if leaving {
            self.quit = true;
        }
        self.screen = Screen::Finish(Box::new(Finished {
            prepared,
            report,
            stopped,
            rating,
            tightness_before,
            skipped,
        }));
    }

    /// Shows the history screen the shell built from the log.
    pub fn show_history(&mut self, screen: HistoryScreen) {
        self.screen = Screen::History(Box::new(screen));
    }

    /// Answers the after-session question (a skip if it was still open).
    fn close_rating(&mut self, answer: Option<u8>) {
        if let Screen::Finish(done) = &mut self.screen
            && done.rating == Rating::Asking
        {
            done.rating = answer.map_or(Rating::Skipped, Rating::Given);
            self.effects.push(Effect::RatedAfter(answer));
        }
    }

    /// The terminal is given up (Ctrl-Z) or was taken away (SIGSTOP): the
    /// session holds still, and stays paused until the runner resumes it.
    pub fn hold(&mut self, now: Instant) {
        if let Screen::Session(run) = &mut self.screen {
            let events = run.engine.pause(now);
            self.absorb(events, now);
        }
    }

    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT: end the session the way `q` `y` does, and leave.
    pub fn on_signal(&mut self, now: Instant) {
        if matches!(self.screen, Screen::Session(_)) {
            self.tick(now);
            self.end(now, true);
        }
        self.close_rating(None);
        self.quit = true;
    }

    pub fn on_key(&mut self, key: KeyEvent, now: Instant) {
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        if ctrl_c {
            self.on_signal(now);
            return;
        }
        match &mut self.screen {
            Screen::Picker => self.picker_key(key, now),
            Screen::Caution(prepared) => match key.code {
                KeyCode::Enter | KeyCode::Char(' ') => {
                    let prepared = Rc::clone(prepared);
                    self.begin(prepared, now);
                }
                KeyCode::Esc | KeyCode::Char('q') => self.leave_session(),
                _ => {}
            },
            Screen::Session(_) => self.session_key(key, now),
            Screen::History(history) => {
                if !history.on_key(key) {
                    self.screen = Screen::Picker;
                }
            }
            Screen::Finish(done) => {
                let asking = done.rating == Rating::Asking;
                let leave = matches!(key.code, KeyCode::Enter | KeyCode::Esc | KeyCode::Char('q'));
                if asking {
                    self.close_rating(Rating::from_key(key.code));
                }
                if leave || (!asking && key.code == KeyCode::Char(' ')) {
                    self.leave_session();
                }
            }
        }
    }

    fn leave_session(&mut self) {
        if self.exit_after_session {
            self.quit = true;
        } else {
            self.screen = Screen::Picker;
        }
    }

    fn picker_key(&mut self, key: KeyEvent, now: Instant) {
        use super::picker::PickerAction;
        match self.picker.on_key(key) {
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

    fn session_key(&mut self, key: KeyEvent, now: Instant) {
        let Screen::Session(run) = &mut self.screen else {
            return;
        };
        // While the start's question shows, 0-9 (and + for 10) answer it.
        if run.tightness_before == Rating::Asking
            && !run.confirm_quit
            && let Some(rating) = Rating::from_key(key.code)
        {
            run.tightness_before = Rating::Given(rating);
            self.effects.push(Effect::RatedBefore(rating));
            return;
        }
        if run.confirm_quit {
            match key.code {
                KeyCode::Char('y' | 'Y') => {
                    self.tick(now);
                    self.end(now, true);
                }
                KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                    run.confirm_quit = false;
                    if run.resume_after_confirm {
                        let events = run.engine.resume(now);
                        self.absorb(events, now);
                    }
                }
                _ => {}
            }
            return;
        }
        if run.help {
            // Any key closes help; `?` and Esc are the obvious ones.
            run.help = false;
            if matches!(key.code, KeyCode::Char('?') | KeyCode::Esc) {
                return;
            }
        }
        let events = match key.code {
            KeyCode::Char(' ') => run.engine.toggle_pause(now),
            KeyCode::Char('n') | KeyCode::Right => run.engine.skip(now),
            KeyCode::Char('p') | KeyCode::Left => run.engine.back(now),
            KeyCode::Char('m') => {
                self.muted = !self.muted;
                Vec::new()
            }
            KeyCode::Char('+' | '=') => {
                self.volume = (self.volume + 10).min(100);
                self.effects.push(Effect::Volume(self.volume));
                Vec::new()
            }
            KeyCode::Char('-') => {
                self.volume = self.volume.saturating_sub(10);
                self.effects.push(Effect::Volume(self.volume));
                Vec::new()
            }
            KeyCode::Char('?') => {
                run.help = true;
                Vec::new()
            }
            KeyCode::Char('q') | KeyCode::Esc => {
                run.confirm_quit = true;
                run.resume_after_confirm = !run.engine.is_paused();
                run.engine.pause(now)
            }
            _ => Vec::new(),
        };
        self.absorb(events, now);
    }
}
