//! The full-screen shell's real loop (`ui::tui::run`), driven without a
//! terminal: a `TestBackend` that can be resized mid-run, scripted keys on a
//! fake clock, a player that records cues and a journal that records what
//! reaches it. What is checked is the wiring between the loop, the app and
//! the runner, which snapshots of single screens cannot see.
#![allow(clippy::unwrap_used)]

use limber::audio::AudioStatus;
use limber::audio::voice::DefaultVoice;
use limber::core::cue::{Cue, CuePlayer};
use limber::core::engine::Report;
use limber::core::plan::state::Session;
use limber::core::routine::load::parse_str;
use limber::session::runner::{Ports, Prepared};
use limber::store::journal::{Journal, Saved, SessionStart, Trouble};
use limber::store::library::{Library, Loading};
use limber::ui::input::{Input, InputSource};
use limber::ui::tui::app::{App, Screen};
use limber::ui::tui::history::HistoryScreen;
use limber::ui::tui::picker::Picker;
use limber::ui::tui::today::{PlanToday, TodayScreen};
use limber::ui::tui::{self, Host, Shell};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Size};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// 5 s get-ready, then 40 s of work on each side; no caution, no prompts.
const ROUTINE: &str = r#"Routine(title: "Shell check", transition: 5, steps: [
    Step(name: "Calf stretch", kind: Stretch, target: Calves, seconds: 40, side: Each),
])"#;

/// What a step of the script does when its time comes.
enum Step {
    Key(KeyCode),
    Input(Input),
    /// The terminal becomes this size, and says so.
    Resize(u16, u16),
}

/// Inputs at given seconds of a fake clock that only moves when the loop
/// waits: a deadline before the next step is a timeout at that deadline.
struct Script {
    t0: Instant,
    now: Instant,
    steps: VecDeque<(f64, Step)>,
    size: Rc<RefCell<Option<(u16, u16)>>>,
    stops: usize,
}

impl Script {
    fn new(t0: Instant, steps: Vec<(f64, Step)>, size: Rc<RefCell<Option<(u16, u16)>>>) -> Script {
        Script {
            t0,
            now: t0,
            steps: steps.into(),
            size,
            stops: 0,
        }
    }
}

impl InputSource for Script {
    fn next(&mut self, deadline: Option<Instant>) -> Option<Input> {
        let Some((at, _)) = self.steps.front() else {
            // The script is over: end as a signal would, so no test hangs.
            return Some(Input::Signal(15));
        };
        let at = self.t0 + Duration::from_secs_f64(*at);
        if let Some(deadline) = deadline.filter(|d| *d < at) {
            self.now = self.now.max(deadline);
            return None;
        }
        self.now = self.now.max(at);
        let (_, step) = self.steps.pop_front()?;
        Some(match step {
            Step::Key(code) => Input::Key(KeyEvent::from(code)),
            Step::Input(input) => input,
            Step::Resize(w, h) => {
                *self.size.borrow_mut() = Some((w, h));
                Input::Resize
            }
        })
    }

    fn now(&self) -> Instant {
        self.now
    }

    fn stop_self(&mut self) {
        self.stops += 1;
    }
}

/// A `TestBackend` whose size the script can change between frames.
struct Resizable {
    inner: TestBackend,
    pending: Rc<RefCell<Option<(u16, u16)>>>,
}

impl Resizable {
    fn apply(&mut self) {
        if let Some((w, h)) = self.pending.borrow_mut().take() {
            self.inner.resize(w, h);
        }
    }
}

impl Backend for Resizable {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I: Iterator<Item = (u16, u16, &'a Cell)>>(
        &mut self,
        content: I,
    ) -> Result<(), Self::Error> {
        self.apply();
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.apply();
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.apply();
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        // The size a resize announced, before the frame that fits it.
        match *self.pending.borrow() {
            Some((width, height)) => Ok(Size { width, height }),
            None => self.inner.size(),
        }
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.apply();
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

/// Cues as heard, with the fake clock's second.
#[derive(Default)]
struct Ears {
    played: Vec<Cue>,
    volume: Vec<u8>,
}

impl CuePlayer for Ears {
    fn play(&mut self, cue: Cue) {
        self.played.push(cue);
    }
    fn set_volume(&mut self, volume: u8) {
        self.volume.push(volume);
    }
}

/// What reached the journal; `complete` answers with `answer`.
struct Notes {
    calls: Vec<String>,
    answer: Saved,
    trouble: Option<Trouble>,
    /// Counts the sessions that ended completed, for the fake plans to see.
    completed: Rc<std::cell::Cell<u32>>,
}

impl Notes {
    fn new(answer: Saved) -> Notes {
        Notes {
            calls: Vec::new(),
            answer,
            trouble: None,
            completed: Rc::default(),
        }
    }
}

impl Journal for Notes {
    fn started(&mut self, start: &SessionStart) {
        self.calls
            .push(format!("started {} {:?}", start.id, start.before));
    }
    fn rated_before(&mut self, rating: u8) {
        self.calls.push(format!("rated before {rating}"));
    }
    fn progress(&mut self, _: &Report) {
        self.calls.push("progress".into());
    }
    fn ended(&mut self, report: &Report) {
        self.calls
            .push(format!("ended completed={}", report.completed));
        if report.completed {
            self.completed.set(self.completed.get() + 1);
        }
    }
    fn complete(&mut self, after: Option<u8>) -> Saved {
        self.calls.push(format!("complete {after:?}"));
        self.answer.clone()
    }
    fn start_trouble(&self) -> Option<Trouble> {
        self.trouble.clone()
    }
}

/// Counts how often the terminal was given back and taken again.
#[derive(Default)]
struct FakeHost {
    released: usize,
    taken: usize,
}

impl Host for FakeHost {
    fn release(&mut self) {
        self.released += 1;
    }
    fn take_back(&mut self) -> std::io::Result<()> {
        self.taken += 1;
        Ok(())
    }
}

struct Outcome {
    app: App,
    ears: Ears,
    notes: Notes,
    screen: String,
    size: (u16, u16),
    host: FakeHost,
    stops: usize,
}

/// Runs the real loop on `ROUTINE` (as `limber run` does) until the script
/// ends or the app quits.
fn run(steps: Vec<(f64, Step)>, ratings: bool, answer: Saved) -> Outcome {
    let t0 = Instant::now();
    let mut app = App::new(Picker::new(&Library::default()), 1, false, 80);
    app.ask_ratings = ratings;
    app.exit_after_session = true;
    app.on_audio(AudioStatus::Ready);
    app.open(
        Prepared::new("shell".into(), parse_str(ROUTINE).unwrap()),
        t0,
    );
    let size = Rc::new(RefCell::new(None));
    let mut script = Script::new(t0, steps, Rc::clone(&size));
    let mut terminal = Terminal::new(Resizable {
        inner: TestBackend::new(80, 24),
        pending: size,
    })
    .unwrap();
    let mut ears = Ears::default();
    let mut notes = Notes::new(answer);
    let mut host = FakeHost::default();
    let no_history = || HistoryScreen::new(Vec::new(), Vec::new(), &chrono::Local::now());
    {
        let mut shell = Shell {
            inputs: &mut script,
            ports: Ports {
                player: &mut ears,
                voice: &mut DefaultVoice,
                journal: &mut notes,
                bell: &mut std::io::sink(),
            },
            history: &no_history,
            plans: &tui::NoPlans,
            after_first_frame: None,
        };
        tui::run(&mut terminal, &mut host, &mut app, &mut shell).unwrap();
    }
    let backend = &terminal.backend().inner;
    let area = backend.buffer().area;
    let screen = (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| backend.buffer()[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    Outcome {
        app,
        ears,
        notes,
        screen,
        size: (area.width, area.height),
        host,
        stops: script.stops,
    }
}

fn key(at: f64, code: KeyCode) -> (f64, Step) {
    (at, Step::Key(code))
}

fn chr(at: f64, c: char) -> (f64, Step) {
    key(at, KeyCode::Char(c))
}

#[test]
fn the_loop_plays_cues_on_the_fake_clock_and_m_silences_them() {
    // Until 20 s: the get-ready ticks and the start. Muted from 20 s to 60 s:
    // nothing (the left side's halfway, ticks and end, the switch all fall
    // there). Unmuted at 60 s: the right side's halfway at 65 s, its ticks,
    // end and the done.
    let out = run(
        vec![
            chr(20.0, 'm'),
            chr(60.0, 'm'),
            chr(100.0, 'q'),
            chr(100.0, 'y'),
        ],
        false,
        Saved::Yes,
    );
    let names: Vec<&str> = out.ears.played.iter().map(|c| c.name()).collect();
    assert_eq!(
        names,
        [
            "tick", "tick", "tick", "start", // get ready, then work (left)
            "halfway", "tick", "tick", "tick", "end", "done" // right side
        ],
        "cues while muted leaked, or cues went missing"
    );
    assert!(out.app.quit);
    assert!(
        out.notes
            .calls
            .contains(&"ended completed=true".to_string())
    );
}

#[test]
fn ratings_before_and_after_reach_the_journal() {
    let out = run(
        vec![chr(1.0, '7'), chr(100.0, 't'), key(101.0, KeyCode::Enter)],
        true,
        Saved::Yes,
    );
    let calls = &out.notes.calls;
    assert_eq!(
        calls.first().map(String::as_str),
        Some("started shell None")
    );
    assert!(calls.contains(&"rated before 7".to_string()), "{calls:?}");
    // `t` is 10 on the finish screen; `+` would be the volume.
    assert_eq!(calls.last().map(String::as_str), Some("complete Some(10)"));
    let ended = calls.iter().position(|c| c.starts_with("ended")).unwrap();
    assert!(
        ended < calls.len() - 1,
        "the end is recorded before the rating"
    );
}

#[test]
fn plus_during_the_opening_question_is_the_volume_not_a_rating() {
    let out = run(
        vec![chr(1.0, '+'), chr(2.0, 'q'), chr(2.0, 'y')],
        true,
        Saved::Yes,
    );
    assert_eq!(out.ears.volume, [90]);
    assert!(
        !out.notes.calls.iter().any(|c| c.starts_with("rated")),
        "{:?}",
        out.notes.calls
    );
}

#[test]
fn a_failed_save_shows_on_the_finish_screen() {
    let answer = Saved::No {
        why: "disk full".into(),
        json: "{}".into(),
    };
    // The routine ends at 90 s; the finish screen asks for a rating; the
    // script then ends (as a signal would), after the screen was drawn.
    let out = run(vec![chr(95.0, '4'), chr(96.0, 'x')], true, answer);
    assert!(
        out.screen.contains("Not saved: disk full"),
        "the failure is not on the finish screen:\n{}",
        out.screen
    );
    assert!(out.screen.contains("Well done"), "{}", out.screen);
    assert!(matches!(out.app.screen, Screen::Finish(_)));
}

#[test]
fn a_resize_redraws_the_session_at_the_new_size() {
    let out = run(
        vec![
            (10.0, Step::Resize(120, 40)),
            chr(11.0, ' '),
            (12.0, Step::Resize(50, 14)),
        ],
        false,
        Saved::Yes,
    );
    assert_eq!(out.size, (50, 14));
    // The last frame before the script ended: the paused session, at 50x14
    // (the script's end stops the session afterwards).
    assert!(out.screen.lines().all(|l| l.chars().count() == 50));
    assert_eq!(out.screen.lines().count(), 14);
    assert!(out.screen.contains("PAUSED"), "{}", out.screen);
    assert!(out.screen.contains("Shell check"), "{}", out.screen);
}

#[test]
fn ctrl_z_gives_the_terminal_back_pauses_and_takes_it_again() {
    let out = run(
        vec![
            (10.0, Step::Input(Input::Suspend)),
            // The stop lasts a minute; the session must not move meanwhile.
            (70.0, Step::Input(Input::Continued)),
            chr(71.0, 'q'),
            chr(71.0, 'y'),
        ],
        false,
        Saved::Yes,
    );
    assert_eq!(out.stops, 1, "the process was not stopped once");
    assert_eq!(out.host.released, 1);
    assert_eq!(
        out.host.taken, 2,
        "taken back after the stop and on SIGCONT"
    );
    // 5 s of get-ready, then 5 s of work before the stop: the left side's
    // halfway (at 25 s) never came, because the stopped minute did not count.
    assert!(
        !out.ears.played.contains(&Cue::Halfway),
        "{:?}",
        out.ears.played
    );
    assert!(
        out.notes
            .calls
            .contains(&"ended completed=false".to_string())
    );
}

#[test]
fn a_saved_session_shows_its_streak_and_the_loop_goes_on() {
    // The routine ends at 90 s; the rating saves the record at 92 s, and the
    // finish screen then reads the streak from the history (empty here).
    let out = run(vec![chr(92.0, '5'), chr(95.0, 'x')], true, Saved::Yes);
    assert!(matches!(out.app.screen, Screen::Finish(_)));
    assert!(
        out.notes.calls.contains(&"complete Some(5)".to_string()),
        "{:?}\n{}",
        out.notes.calls,
        out.screen
    );
    let streak = out.app.streak.clone().unwrap_or_default();
    assert!(streak.contains("streak"), "{streak:?}");
    assert!(out.screen.contains(&streak), "{}", out.screen);
}

// ---------------------------------------------------------------- today

/// A plan asking `shell` (the routine above) twice a day, with a check-in.
const PLAN: &str = r#"Plan(
    title: "Shell plan",
    checkin: "Calf tightness this morning",
    phases: [Phase(name: "Only", weeks: 1, sessions: [(routine: "shell", days: Daily, times: 2)])],
)"#;

/// The plans as a fake disk: the check-ins given, worked out for a fixed day.
#[derive(Default)]
struct FakePlans {
    checkins: RefCell<Vec<u8>>,
    /// Sessions of `shell` saved so far (shared with the journal).
    saved: Rc<std::cell::Cell<u32>>,
}

impl tui::Plans for FakePlans {
    fn today(&self) -> Option<TodayScreen> {
        use limber::core::plan::events::Run;
        let plan = limber::core::plan::load::parse_str(PLAN, None).unwrap();
        let day: chrono::NaiveDate = "2025-03-10".parse().unwrap();
        let run = Run {
            plan: "shell-plan".into(),
            on: day,
            at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
            file: None,
            stopped: None,
            checkins: self
                .checkins
                .borrow()
                .last()
                .map(|v| (day, *v))
                .into_iter()
                .collect(),
        };
        let ended = chrono::DateTime::parse_from_rfc3339("2025-03-10T08:00:00Z").unwrap();
        let done: Vec<Session<'_>> = (0..self.saved.get())
            .map(|_| Session {
                routine: "shell",
                ended,
            })
            .collect();
        let state =
            limber::core::plan::state::work_out(&plan, &run, &done, day, &chrono::Utc, |_| true);
        Some(TodayScreen::new(
            day,
            vec![PlanToday::new("shell-plan", &plan, state, day)],
            Vec::new(),
        ))
    }
    fn check_in(&self, value: u8) -> Result<String, String> {
        self.checkins.borrow_mut().push(value);
        Ok(format!("Checked in {value}."))
    }
}

/// Runs the real loop as `limber` with a plan active: on the today screen,
/// the picker holding `ROUTINE` as `shell`.
fn run_today(steps: Vec<(f64, Step)>, plans: &FakePlans) -> (App, Notes, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shell.ron"), ROUTINE).unwrap();
    let mut library = Library::load(Some(dir.path()));
    library.entries.retain(|e| e.id == "shell");
    let mut app = App::new(Picker::new(&library), 1, false, 80);
    app.ask_ratings = false;
    app.open_today();
    let mut notes = Notes::new(Saved::Yes);
    notes.completed = Rc::clone(&plans.saved);
    let screen = drive(&mut app, steps, plans, &mut notes, None, (80, 24));
    (app, notes, screen)
}

/// Runs the real loop on `app` at a terminal of `size`, with `plans`, until
/// the script ends or the app quits; the last screen.
fn drive(
    app: &mut App,
    steps: Vec<(f64, Step)>,
    plans: &dyn tui::Plans,
    notes: &mut Notes,
    after_first_frame: Option<tui::Finish<'_>>,
    (width, height): (u16, u16),
) -> String {
    let size = Rc::new(RefCell::new(None));
    let mut script = Script::new(Instant::now(), steps, Rc::clone(&size));
    let mut terminal = Terminal::new(Resizable {
        inner: TestBackend::new(width, height),
        pending: size,
    })
    .unwrap();
    let no_history = || HistoryScreen::new(Vec::new(), Vec::new(), &chrono::Local::now());
    let mut shell = Shell {
        inputs: &mut script,
        ports: Ports {
            player: &mut Ears::default(),
            voice: &mut DefaultVoice,
            journal: notes,
            bell: &mut std::io::sink(),
        },
        history: &no_history,
        plans,
        after_first_frame,
    };
    tui::run(&mut terminal, &mut FakeHost::default(), app, &mut shell).unwrap();
    terminal.backend().inner.to_string()
}

#[test]
fn limber_opens_on_today_and_enter_starts_the_routine_due() {
    let plans = FakePlans::default();
    // The first frame: today. Enter at 1 s starts the routine due; stopped at 10 s.
    let (app, notes, screen) = run_today(
        vec![
            key(1.0, KeyCode::Enter),
            chr(10.0, 'q'),
            chr(10.0, 'y'),
            key(11.0, KeyCode::Enter),
        ],
        &plans,
    );
    assert_eq!(
        notes.calls.first().map(String::as_str),
        Some("started shell None"),
        "{:?}",
        notes.calls
    );
    // Leaving the finish screen goes back to today, read again.
    assert!(matches!(app.screen, Screen::Today), "{screen}");
    assert!(screen.contains("shell  0 of 2 done"), "{screen}");
}

#[test]
fn a_check_in_key_on_today_records_it_through_the_plans() {
    let plans = FakePlans::default();
    let (app, _, screen) = run_today(vec![chr(1.0, '4'), chr(2.0, '7')], &plans);
    // One answer a day: once given, digits ask nothing more.
    assert_eq!(*plans.checkins.borrow(), [4]);
    assert!(matches!(app.screen, Screen::Today));
    assert!(screen.contains("Check-in: 4 today"), "{screen}");
    assert!(screen.contains("Checked in 4."), "{screen}");
}

#[test]
fn r_opens_the_picker_and_tab_comes_back_to_today() {
    let plans = FakePlans::default();
    let (app, _, screen) = run_today(vec![chr(1.0, 'r')], &plans);
    assert!(matches!(app.screen, Screen::Picker), "{screen}");
    let (app, _, screen) = run_today(vec![chr(1.0, 'r'), key(2.0, KeyCode::Tab)], &plans);
    assert!(matches!(app.screen, Screen::Today), "{screen}");
}

#[test]
fn a_session_that_fills_a_prescription_says_so_on_the_finish_screen() {
    let plans = FakePlans::default();
    // The routine ends at 90 s and its record is saved; the plans read again
    // count it. The script then ends on the finish screen.
    let (app, notes, screen) = run_today(vec![key(1.0, KeyCode::Enter), chr(95.0, 'x')], &plans);
    assert!(
        notes.calls.contains(&"complete None".to_string()),
        "{:?}",
        notes.calls
    );
    assert!(matches!(app.screen, Screen::Finish(_)), "{screen}");
    assert!(screen.contains("shell: 1 of 2 today"), "{screen}");
    assert!(screen.contains("Enter back to today"), "{screen}");
}

/// Runs the real loop as `limber` does with a routine folder: the first frame
/// drawn from the bundled routines while the user's are read, those added
/// once it is up. Returns the app, the journal's calls, what the picker held
/// when the first frame was drawn (routines, the one selected) and the last
/// screen.
fn run_loading(
    dir: &std::path::Path,
    steps: Vec<(f64, Step)>,
) -> (App, Notes, (usize, usize, Option<String>), String) {
    let mut loading = Loading::start(Some(dir));
    let mut picker = Picker::of(std::mem::take(&mut loading.ready.entries));
    picker.reading = loading.reading;
    let mut app = App::new(picker, 1, false, 80);
    app.ask_ratings = false;
    let mut notes = Notes::new(Saved::Yes);
    let at_first_frame = Rc::new(RefCell::new(None));
    let seen = Rc::clone(&at_first_frame);
    let finish: tui::Finish<'_> = Box::new(move |app: &mut App| {
        *seen.borrow_mut() = Some((
            app.picker.visible().len(),
            app.picker.reading,
            app.picker.selected_item().map(|i| i.id.clone()),
        ));
        app.picker.add(loading.rest());
    });
    let screen = drive(
        &mut app,
        steps,
        &tui::NoPlans,
        &mut notes,
        Some(finish),
        (100, 30),
    );
    let first = at_first_frame.borrow_mut().take().unwrap();
    (app, notes, first, screen)
}

#[test]
fn keys_typed_before_the_users_routines_are_read_meet_the_whole_picker() {
    let dir = tempfile::tempdir().unwrap();
    // Once read, the first row by title; and a bundled routine replaced.
    std::fs::write(
        dir.path().join("aaa.ron"),
        ROUTINE.replace("Shell check", "Aaa before every bundled one"),
    )
    .unwrap();
    std::fs::write(dir.path().join("calf-release.ron"), ROUTINE).unwrap();
    let bundled = Library::load(None).entries.len();
    // Enter typed ahead, at once: it starts the first routine of the whole list.
    let (app, notes, first, screen) = run_loading(
        dir.path(),
        vec![
            key(0.0, KeyCode::Enter),
            chr(1.0, 'q'),
            chr(1.0, 'y'),
            key(2.0, KeyCode::Enter),
        ],
    );
    let (shown, reading, selected) = first;
    assert_eq!((shown, reading), (bundled - 1, 2), "the replaced one waits");
    assert_ne!(selected.as_deref(), Some("aaa"));
    assert_eq!(
        notes.calls.first().map(String::as_str),
        Some("started aaa None"),
        "{:?}",
        notes.calls
    );
    assert_eq!(app.picker.visible().len(), bundled + 1);
    assert_eq!(app.picker.reading, 0);
    assert!(!screen.contains("reading"), "{screen}");
    let mine = app.picker.routine("calf-release").unwrap().unwrap();
    assert_eq!(
        mine.routine.title, "Shell check",
        "the user's, not the bundled one"
    );
}
