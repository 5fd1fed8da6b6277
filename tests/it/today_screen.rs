//! The today screen (SPEC sections 3 and 9) from made-up plan states: a plan
//! parsed from this file, sessions and check-ins at fixed dates in UTC, worked
//! out by the real state module; no clock, no disk. Snapshots at 60x20, 80x24
//! and 120x40; review a changed `.snap` by eye.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use limber::core::plan::events::Run;
use limber::core::plan::load::parse_str;
use limber::core::plan::model::Plan;
use limber::core::plan::state::{Session, work_out};
use limber::store::library::Library;
use limber::ui::tui::app::{App, Screen};
use limber::ui::tui::keys::{Action, Mode};
use limber::ui::tui::picker::Picker;
use limber::ui::tui::today::{PlanToday, TodayAction, TodayScreen};
use limber::ui::tui::view::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::BTreeMap;
use std::time::Instant;

const PLAN: &str = r#"Plan(
    title: "Plantar heel pain: 8 weeks",
    checkin: "Heel pain on your first steps this morning",
    stop_above: 7,
    phases: [
        Phase(name: "Settle", weeks: 2, sessions: [
            (routine: "plantar-stretch", days: Daily, times: 3),
            (routine: "calf-stretch", days: On([Mon, Wed, Fri])),
            (routine: "arch-roll", days: PerWeek(2)),
        ]),
        Phase(name: "Load", weeks: 6, sessions: [
            (routine: "plantar-stretch", days: Daily, times: 2),
            (routine: "heel-raises", days: EveryOtherDay),
        ]),
    ],
)"#;

/// Day 1: Monday 10 March 2025.
const DAY_ONE: &str = "2025-03-10";

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(when: &str) -> DateTime<FixedOffset> {
    let local = chrono::NaiveDateTime::parse_from_str(when, "%Y-%m-%d %H:%M").unwrap();
    Utc.from_utc_datetime(&local).fixed_offset()
}

fn plan() -> Plan {
    parse_str(PLAN, None).unwrap()
}

/// The run from [`DAY_ONE`] with these check-ins (date, answer).
fn run(checkins: &[(&str, u8)]) -> Run {
    Run {
        plan: "plantar-heel".into(),
        on: date(DAY_ONE),
        at: at("2025-03-10 07:00"),
        file: None,
        stopped: None,
        checkins: checkins
            .iter()
            .map(|(d, v)| (date(d), *v))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// The screen on `today` after `sessions` (routine, ended at), every routine
/// existing but `missing`.
fn screen(
    today: &str,
    sessions: &[(&str, &str)],
    checkins: &[(&str, u8)],
    missing: &str,
) -> TodayScreen {
    let plan = plan();
    let run = run(checkins);
    let done: Vec<Session<'_>> = sessions
        .iter()
        .map(|(routine, when)| Session {
            routine,
            ended: at(when),
        })
        .collect();
    let state = work_out(&plan, &run, &done, date(today), &Utc, |id| id != missing);
    TodayScreen::new(
        date(today),
        vec![PlanToday::new("plantar-heel", &plan, state, run.on)],
        Vec::new(),
    )
}

/// Two days of stretching, the third (Wednesday) begun: one stretch done.
const SO_FAR: &[(&str, &str)] = &[
    ("plantar-stretch", "2025-03-10 07:30"),
    ("plantar-stretch", "2025-03-10 13:00"),
    ("plantar-stretch", "2025-03-10 20:00"),
    ("calf-stretch", "2025-03-10 20:30"),
    ("plantar-stretch", "2025-03-11 08:00"),
    ("plantar-stretch", "2025-03-11 19:00"),
    ("arch-roll", "2025-03-11 19:30"),
    ("plantar-stretch", "2025-03-12 07:30"),
];

fn app_on(today: TodayScreen) -> App {
    let mut app = App::new(Picker::new(&Library::default()), 1, false, 80);
    app.open_today();
    let _ = app.take_effects();
    app.show_today(Some(today));
    assert!(matches!(app.screen, Screen::Today));
    app
}

fn snap(name: &str, app: &App) {
    for (width, height) in [(60, 20), (80, 24), (120, 40)] {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| render(app, frame, Instant::now()))
            .unwrap();
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn something_due() {
    let today = screen("2025-03-12", SO_FAR, &[("2025-03-12", 2)], "");
    assert_eq!(
        today.selected(),
        Some("plantar-stretch"),
        "the next one due first"
    );
    assert_eq!(today.mode(), Mode::Today, "answered: no question open");
    snap("today_something_due", &app_on(today));
}

#[test]
fn all_done() {
    let mut sessions = SO_FAR.to_vec();
    sessions.extend([
        ("plantar-stretch", "2025-03-12 12:00"),
        ("plantar-stretch", "2025-03-12 18:00"),
        ("calf-stretch", "2025-03-12 18:30"),
        ("arch-roll", "2025-03-12 19:00"),
    ]);
    let today = screen("2025-03-12", &sessions, &[("2025-03-12", 1)], "");
    assert_eq!(today.selected(), None, "nothing left to start");
    snap("today_all_done", &app_on(today));
}

#[test]
fn a_check_in_to_answer() {
    let mut today = screen("2025-03-12", SO_FAR, &[("2025-03-11", 3)], "");
    assert_eq!(today.mode(), Mode::TodayCheckin);
    assert_eq!(today.on_action(Action::CheckIn(4)), TodayAction::CheckIn(4));
    snap("today_checkin", &app_on(today));
}

#[test]
fn warnings() {
    // Yesterday's check-in was 8, above 7; a routine the plan names is gone.
    let today = screen("2025-03-12", SO_FAR, &[("2025-03-11", 8)], "arch-roll");
    snap("today_warnings", &app_on(today));
}

#[test]
fn selection_moves_over_what_is_left_and_enter_starts_it() {
    let mut today = screen("2025-03-12", SO_FAR, &[("2025-03-12", 2)], "");
    let left: Vec<&str> = today.choices().iter().map(|(_, id)| *id).collect();
    assert_eq!(left, ["plantar-stretch", "calf-stretch", "arch-roll"]);
    today.on_action(Action::Down);
    today.on_action(Action::Down);
    today.on_action(Action::Down);
    assert_eq!(
        today.on_action(Action::Start),
        TodayAction::Start("arch-roll".into())
    );
    today.on_action(Action::Up);
    assert_eq!(today.selected(), Some("calf-stretch"));
    // No question open: a digit asks for nothing.
    assert_eq!(today.on_action(Action::CheckIn(3)), TodayAction::None);
}

#[test]
fn the_finish_screen_words_of_what_a_session_filled() {
    let today = screen("2025-03-12", SO_FAR, &[], "");
    assert_eq!(
        today.progress_of("plantar-stretch"),
        ["plantar-stretch: 1 of 3 today"]
    );
    assert_eq!(
        today.progress_of("arch-roll"),
        ["arch-roll: 1 of 2 this week"]
    );
    assert!(today.progress_of("hamstrings").is_empty());
}
