//! Snapshots of every TUI screen on a `TestBackend`, at 60x20, 80x24, 120x40 and
//! 200x60, and a
//! sweep over many terminal sizes that must never panic.
//!
//! The routines are this file's own (not the bundled ones, which coaches edit), and
//! time is made up: `t0` plus whole seconds, so every frame is reproducible.
//! Review a changed `.snap` by eye, as a runner would see the screen.

#![allow(clippy::unwrap_used)]

use limber::audio::AudioStatus;
use limber::core::routine::load::parse_str;
use limber::session::runner::{Do, Reply};
use limber::store::journal::Saved;
use limber::store::library::{Library, Source};
use limber::ui::tui::app::{App, Effect, Prepared, Rating, Screen};
use limber::ui::tui::picker::Picker;
use limber::ui::tui::view::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// The routine most session screens use. Its timeline (transition 5):
///
/// | block | kind       | what                          | from | to  |
/// |-------|------------|-------------------------------|------|-----|
/// | 1     | transition | get ready: foam roll, left    | 0    | 5   |
/// | 2     | work       | foam roll calf, left          | 5    | 65  |
/// | 3     | transition | switch to the right side      | 65   | 70  |
/// | 4     | work       | foam roll calf, right         | 70   | 130 |
/// | 5     | rest       | "Stand up and walk ..."       | 130  | 145 |
/// | 6     | transition | get ready: hamstrings, set 1  | 145  | 150 |
/// | 7     | work       | hamstring stretch, set 1 of 2 | 150  | 180 |
/// | 8     | rest       | between sets                  | 180  | 190 |
/// | 9     | transition | get ready: hamstrings, set 2  | 190  | 195 |
/// | 10    | work       | hamstring stretch, set 2 of 2 | 195  | 225 |
/// | 11    | transition | get ready: roll the arch      | 225  | 230 |
/// | 12    | work       | roll the arch, right          | 230  | 250 |
///
/// The calf prompts show at 25-35 s (20 s into the left block) and 45-55 s.
const ROUTINE: &str = r#"
Routine(
    title: "Snapshot calves and hamstrings",
    summary: "Roll each calf, walk, stretch the hamstrings twice, roll the arch.",
    caution: "Skip rolling over a fresh strain, bruise or swelling.",
    transition: 5,
    steps: [
        Step(
            name: "Foam roll calf",
            kind: Massage,
            target: Calves,
            seconds: 60,
            side: Each,
            tool: "foam roller",
            instructions: [
                "Sit with the roller under one calf, other leg crossed on top.",
                "Roll slowly from above the ankle to below the knee.",
                "Pause on tender spots for a few breaths.",
            ],
            prompts: [
                (at: 20, text: "Turn the leg out to reach the inner calf."),
                (at: 40, text: "Turn the leg in to reach the outer calf."),
            ],
        ),
        Rest(seconds: 15, note: "Stand up and walk a few steps."),
        Step(
            name: "Seated hamstring stretch",
            kind: Stretch,
            target: Hamstrings,
            seconds: 30,
            sets: 2,
            rest: 10,
            instructions: [
                "Sit tall, legs straight, and hinge forward from the hips.",
                "Keep the back long; reach for the shins, not the toes.",
            ],
        ),
        Step(
            name: "Roll the arch",
            kind: Massage,
            target: PlantarFascia,
            seconds: 20,
            side: Right,
            tool: "massage ball",
            instructions: ["Stand, and roll the ball from heel to toes."],
        ),
    ],
)
"#;

/// Routines for the picker, written to a user folder.
const PICKER_ROUTINES: &[(&str, &str)] = &[
    (
        "snap-calves",
        r#"Routine(
    title: "Snap: calf release",
    summary: "Roll both calves, then stretch them against a wall.",
    caution: "Skip rolling over a fresh strain.",
    transition: 5,
    steps: [
        Step(name: "Foam roll calf", kind: Massage, target: Calves, seconds: 60,
             side: Each, tool: "foam roller"),
        Rest(seconds: 15, note: "Walk to a wall."),
        Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: 30,
             side: Each, sets: 2, rest: 10),
    ],
)"#,
    ),
    (
        "snap-hamstrings",
        r#"Routine(
    title: "Snap: hamstrings after a long run",
    summary: "A gentle stretch for tired hamstrings.",
    transition: 3,
    steps: [
        Step(name: "Seated hamstring stretch", kind: Stretch, target: Hamstrings,
             seconds: 45, sets: 2, rest: 15),
        Step(name: "Roll the hamstrings", kind: Massage, target: Hamstrings,
             seconds: 60, side: Each, tool: "foam roller"),
    ],
)"#,
    ),
    (
        "snap-feet",
        r#"Routine(
    title: "Snap: morning feet",
    transition: 0,
    steps: [
        Step(name: "Roll the arch", kind: Massage, target: PlantarFascia, seconds: 60,
             side: Each, tool: "massage ball"),
        Step(name: "Toe stretch", kind: Stretch, target: PlantarFascia, seconds: 30),
        Step(name: "Calf raise hold", kind: Mobility, target: Calves, seconds: 20),
    ],
)"#,
    ),
    (
        "snap-broken",
        r#"Routine(
    title: "Snap: a broken routine",
    steps: [
        Step(name: "Too short", kind: Stretch, target: Calves, seconds: 2),
    ],
)"#,
    ),
];

const VOLUME: u8 = 80;

pub(super) fn secs(t0: Instant, s: u64) -> Instant {
    t0 + Duration::from_secs(s)
}

pub(super) fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::from(code)
}

pub(super) fn chr(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

fn prepared() -> Rc<Prepared> {
    let routine = parse_str(ROUTINE).unwrap();
    Prepared::new("snapshot-routine".into(), routine)
}

/// An app showing the picker of this file's routines only (the bundled ones are
/// left out so that the snapshots do not change when a coach edits them).
fn picker_app() -> App {
    let dir = tempfile::tempdir().unwrap();
    for (id, text) in PICKER_ROUTINES {
        std::fs::write(dir.path().join(format!("{id}.ron")), text).unwrap();
    }
    let mut library = Library::load(Some(dir.path()));
    library.entries.retain(|e| e.source == Source::User);
    assert_eq!(library.entries.len(), PICKER_ROUTINES.len());
    let mut app = App::new(Picker::new(&library), 1, false, VOLUME);
    app.on_audio(AudioStatus::Ready);
    app.ask_ratings = false;
    app
}

/// An app with an empty picker, for session screens. The tightness ratings
/// before and after are off (`--no-rate`) except where a test turns them on.
pub(super) fn bare_app(speed: u32) -> App {
    let mut app = App::new(Picker::new(&Library::default()), speed, false, VOLUME);
    app.on_audio(AudioStatus::Ready);
    app.ask_ratings = false;
    app
}

/// The session of [`ROUTINE`], past its caution, started at `t0`.
fn session(t0: Instant) -> App {
    let mut app = bare_app(1);
    app.open(prepared(), t0);
    assert!(matches!(app.screen, Screen::Caution(_)));
    app.on_key(key(KeyCode::Enter), t0);
    assert!(matches!(app.screen, Screen::Session(_)));
    app
}

/// The session, `s` seconds in.
fn session_at(t0: Instant, s: u64) -> (App, Instant) {
    let mut app = session(t0);
    let now = secs(t0, s);
    app.tick(now);
    (app, now)
}

pub(super) fn draw(app: &App, now: Instant, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| render(app, frame, now)).unwrap();
    terminal
}

/// The sizes every screen is snapshotted at: a small terminal, the classic
/// one, a large one and a full-screen one seen from the floor.
pub(super) const SIZES: [(u16, u16); 4] = [(60, 20), (80, 24), (120, 40), (200, 60)];

/// Snapshots `app` at each of [`SIZES`] as `NAME_WxH`.
pub(super) fn snap(name: &str, app: &App, now: Instant) {
    for (width, height) in SIZES {
        let terminal = draw(app, now, width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

pub(super) fn screen_text(app: &App, now: Instant, width: u16, height: u16) -> String {
    draw(app, now, width, height).backend().to_string()
}

// ---------------------------------------------------------------- picker

#[test]
fn picker_plain() {
    let app = picker_app();
    snap("picker_plain", &app, Instant::now());
}

#[test]
fn picker_second_routine_selected() {
    let mut app = picker_app();
    let now = Instant::now();
    app.on_key(key(KeyCode::Down), now);
    snap("picker_down", &app, now);
}

#[test]
fn picker_invalid_routine_selected() {
    let mut app = picker_app();
    let now = Instant::now();
    app.picker.select_id("snap-broken");
    snap("picker_invalid", &app, now);
}

#[test]
fn picker_text_filter_while_typing() {
    let mut app = picker_app();
    let now = Instant::now();
    app.on_key(chr('/'), now);
    for c in "ham".chars() {
        app.on_key(chr(c), now);
    }
    snap("picker_filter_typing", &app, now);
}

#[test]
fn picker_text_filter() {
    let mut app = picker_app();
    let now = Instant::now();
    app.on_key(chr('/'), now);
    // Matches a target: the calf release, and the morning feet (a calf raise).
    for c in "calves".chars() {
        app.on_key(chr(c), now);
    }
    app.on_key(key(KeyCode::Enter), now);
    assert!(matches!(app.screen, Screen::Picker));
    assert_eq!(app.picker.visible().len(), 2);
    snap("picker_filter_text", &app, now);
}

#[test]
fn picker_target_filter() {
    let mut app = picker_app();
    let now = Instant::now();
    // All, then Calves, then Hamstrings.
    app.on_key(chr('t'), now);
    app.on_key(chr('t'), now);
    snap("picker_filter_target", &app, now);
}

#[test]
fn picker_no_match() {
    let mut app = picker_app();
    let now = Instant::now();
    app.on_key(chr('/'), now);
    for c in "zzz".chars() {
        app.on_key(chr(c), now);
    }
    app.on_key(key(KeyCode::Enter), now);
    snap("picker_no_match", &app, now);
}

#[test]
fn picker_cannot_start_an_invalid_routine() {
    let mut app = picker_app();
    let now = Instant::now();
    app.picker.select_id("snap-broken");
    app.on_key(key(KeyCode::Enter), now);
    assert!(matches!(app.screen, Screen::Picker));
    assert!(app.notice.is_some());
    snap("picker_cannot_start", &app, now);
}

#[test]
fn picker_on_a_small_terminal_lists_several_routines() {
    let app = picker_app();
    let now = Instant::now();
    let text = screen_text(&app, now, 40, 12);
    let rows = text
        .lines()
        .filter(|l| l.contains(':') && l.contains('│'))
        .count();
    assert!(rows >= 2, "{text}");
    insta::assert_snapshot!("picker_plain_40x12", draw(&app, now, 40, 12).backend());
}

#[test]
fn picker_shows_the_caution_at_80x24_with_the_bundled_routines() {
    let library = Library::load(None);
    let mut app = App::new(Picker::new(&library), 1, false, VOLUME);
    let now = Instant::now();
    let with_caution: Vec<String> = library
        .entries
        .iter()
        .filter_map(|e| e.valid())
        .filter(|r| r.caution.is_some())
        .map(|r| r.title.clone())
        .collect();
    assert!(!with_caution.is_empty(), "a bundled routine has a caution");
    for _ in 0..library.entries.len() {
        let text = screen_text(&app, now, 80, 24);
        let selected = app
            .picker
            .selected_item()
            .map(|i| i.title.clone())
            .unwrap_or_default();
        if with_caution.contains(&selected) {
            assert!(text.contains("Caution:"), "{selected}: {text}");
        }
        app.on_key(key(KeyCode::Down), now);
    }
}

#[test]
fn long_titles_end_before_the_time_column() {
    let dir = tempfile::tempdir().unwrap();
    let title = "A very long routine title that goes on and on and on past every column";
    std::fs::write(
        dir.path().join("long.ron"),
        format!(
            "Routine(title: {title:?}, steps: [Step(name: \"Roll\", kind: Massage, \
             target: Calves, seconds: 60)])"
        ),
    )
    .unwrap();
    let mut library = Library::load(Some(dir.path()));
    library.entries.retain(|e| e.source == Source::User);
    let app = App::new(Picker::new(&library), 1, false, VOLUME);
    for width in [40, 60, 80] {
        let text = screen_text(&app, Instant::now(), width, 24);
        let row = text
            .lines()
            .find(|l| l.contains("A very long"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(row.contains("…  "), "{width}: {row}");
        assert!(row.contains(" 1:0"), "the time shows whole: {width}: {row}");
    }
}

// ---------------------------------------------------------------- session

#[test]
fn caution() {
    let mut app = bare_app(1);
    let t0 = Instant::now();
    app.open(prepared(), t0);
    snap("caution", &app, t0);
}

#[test]
fn get_ready() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 2);
    snap("get_ready", &app, now);
}

#[test]
fn work_with_a_prompt() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 30);
    let text = screen_text(&app, now, 120, 40);
    assert!(text.contains("Turn the leg out"), "{text}");
    snap("work_prompt", &app, now);
}

#[test]
fn work_without_a_prompt() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 10);
    snap("work_left", &app, now);
}

#[test]
fn switch_to_the_right_side() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 67);
    let text = screen_text(&app, now, 120, 40);
    assert!(text.contains("SWITCH TO THE RIGHT SIDE"), "{text}");
    snap("switch_side", &app, now);
}

#[test]
fn work_on_the_right_side() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 80);
    snap("work_right", &app, now);
}

#[test]
fn rest_with_a_note() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 135);
    snap("rest_note", &app, now);
}

#[test]
fn rest_between_sets() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 185);
    snap("rest_between_sets", &app, now);
}

#[test]
fn work_set_of_a_hamstring_stretch() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 160);
    snap("work_hamstrings_set", &app, now);
}

#[test]
fn work_on_the_arch() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 240);
    snap("work_plantar", &app, now);
}

#[test]
fn paused() {
    let t0 = Instant::now();
    let (mut app, now) = session_at(t0, 30);
    app.on_key(chr(' '), now);
    // Time passes while paused; the screen must not move.
    let later = secs(t0, 45);
    app.tick(later);
    assert_eq!(
        screen_text(&app, later, 120, 40),
        screen_text(&app, secs(t0, 300), 120, 40)
    );
    snap("paused", &app, later);
}

#[test]
fn help_overlay() {
    let t0 = Instant::now();
    let (mut app, now) = session_at(t0, 30);
    app.on_key(chr('?'), now);
    snap("help", &app, now);
}

#[test]
fn quit_confirmation() {
    let t0 = Instant::now();
    let (mut app, now) = session_at(t0, 30);
    app.on_key(chr('q'), now);
    snap("quit_confirm", &app, now);
}

#[test]
fn preview_speed_and_muted() {
    let t0 = Instant::now();
    let mut app = bare_app(5);
    app.open(prepared(), t0);
    app.on_key(key(KeyCode::Enter), t0);
    app.on_key(chr('m'), t0);
    // 6 s at speed 5 = 30 s of the routine: the first prompt.
    let now = secs(t0, 6);
    app.tick(now);
    snap("preview_muted", &app, now);
}

#[test]
fn finish_completed_with_a_skip() {
    let t0 = Instant::now();
    let (mut app, now) = session_at(t0, 10);
    // Skip the rest of the left calf.
    app.on_key(chr('n'), now);
    let end = secs(t0, 1000);
    app.tick(end);
    let Screen::Finish(done) = &app.screen else {
        panic!("not finished");
    };
    assert!(!done.stopped);
    assert_eq!(done.report.skipped.len(), 1);
    snap("finish_completed_skip", &app, end);
}

#[test]
fn finish_stopped() {
    let t0 = Instant::now();
    let (mut app, now) = session_at(t0, 100);
    app.on_key(chr('q'), now);
    app.on_key(chr('y'), now);
    let Screen::Finish(done) = &app.screen else {
        panic!("not finished");
    };
    assert!(done.stopped);
    snap("finish_stopped", &app, now);
}

#[test]
fn finish_of_a_preview() {
    let t0 = Instant::now();
    let mut app = bare_app(5);
    app.open(prepared(), t0);
    app.on_key(key(KeyCode::Enter), t0);
    let end = secs(t0, 1000);
    app.tick(end);
    let Screen::Finish(done) = &app.screen else {
        panic!("not finished");
    };
    assert!(done.standing.preview && !done.standing.counts);
    let text = screen_text(&app, end, 80, 24);
    assert!(!text.contains("Well done"), "{text}");
    assert!(text.contains("not counted"), "{text}");
    snap("finish_preview", &app, end);
}

#[test]
fn finish_skipped_through_is_not_praised() {
    let t0 = Instant::now();
    let (mut app, mut now) = session_at(t0, 1);
    // Skip every block: no work done at all.
    while matches!(app.screen, Screen::Session(_)) {
        now += Duration::from_secs(1);
        app.on_key(chr('n'), now);
    }
    let Screen::Finish(done) = &app.screen else {
        panic!("not finished");
    };
    assert!(!done.stopped && done.standing.skipped_through && !done.standing.counts);
    let text = screen_text(&app, now, 80, 24);
    assert!(!text.contains("Well done"), "{text}");
    assert!(text.contains("counts for no streak"), "{text}");
    snap("finish_skipped_through", &app, now);
}

#[test]
fn finish_shows_the_streak_once_saved() {
    let t0 = Instant::now();
    let (mut app, _) = session_at(t0, 0);
    let end = secs(t0, 1000);
    app.tick(end);
    let Screen::Finish(done) = &app.screen else {
        panic!("not finished");
    };
    assert!(done.standing.counts);
    app.take_effects();
    app.on_reply(Reply::Saved(Saved::Yes));
    assert!(
        app.take_effects()
            .iter()
            .any(|e| matches!(e, Effect::ReadStreak)),
        "a saved record asks for the streak"
    );
    app.show_streak("4-day streak".into());
    let text = screen_text(&app, end, 80, 24);
    assert!(text.contains("Well done"), "{text}");
    assert!(text.contains("4-day streak"), "{text}");
    snap("finish_streak", &app, end);
}

// ---------------------------------------------------------------- readable from the floor

/// The rows and columns the countdown's big glyphs cover on `app`'s screen:
/// the bounding box of the cells drawn in the countdown's colour with block
/// characters.
fn countdown_box(app: &App, now: Instant, width: u16, height: u16) -> (u16, u16) {
    let terminal = draw(app, now, width, height);
    let buffer = terminal.backend().buffer();
    let (mut top, mut bottom, mut left, mut right) = (u16::MAX, 0, u16::MAX, 0);
    for y in 0..height {
        for x in 0..width {
            let cell = &buffer[(x, y)];
            let glyph = matches!(cell.symbol(), "█" | "▀" | "▄");
            if glyph && cell.fg == limber::ui::tui::theme::WORK {
                top = top.min(y);
                bottom = bottom.max(y);
                left = left.min(x);
                right = right.max(x);
            }
        }
    }
    assert!(top <= bottom, "no countdown at {width}x{height}");
    (bottom - top + 1, right - left + 1)
}

#[test]
fn the_countdown_grows_with_the_terminal() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 30);
    let sizes: Vec<(u16, u16)> = SIZES
        .iter()
        .map(|&(w, h)| countdown_box(&app, now, w, h))
        .collect();
    // (rows, columns) at 60x20, 80x24, 120x40, 200x60.
    for pair in sizes.windows(2) {
        assert!(
            pair[1].0 >= pair[0].0 && pair[1].1 >= pair[0].1,
            "{sizes:?}"
        );
    }
    assert!(sizes[1].0 > sizes[0].0, "80x24 over 60x20: {sizes:?}");
    assert!(sizes[2].0 > sizes[1].0, "120x40 over 80x24: {sizes:?}");
    assert!(sizes[3].0 > sizes[2].0, "200x60 over 120x40: {sizes:?}");
    // Several times its size at 80x24, in rows and in area.
    let area = |(r, c): (u16, u16)| u32::from(r) * u32::from(c);
    assert!(sizes[3].0 >= 2 * sizes[1].0, "{sizes:?}");
    assert!(area(sizes[3]) >= 4 * area(sizes[1]), "{sizes:?}");
}

#[test]
fn the_side_is_large_whenever_it_fits() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 80);
    for (width, height) in SIZES {
        let text = screen_text(&app, now, width, height);
        let rows_with_side = text.lines().filter(|l| l.contains(['█', '▀', '▄'])).count();
        // The countdown and the side word: block letters, never the badge.
        assert!(rows_with_side >= 4, "{width}x{height}:\n{text}");
        assert!(!text.contains("R I G H T"), "{width}x{height}:\n{text}");
    }
}

#[test]
fn instructions_page_with_a_key_never_cut() {
    let t0 = Instant::now();
    let mut app = longest_session(t0);
    let now = secs(t0, 20);
    app.tick(now);
    let first = screen_text(&app, now, 80, 24);
    assert!(first.contains("page 1 of"), "{first}");
    assert!(!first.contains("limber show"), "{first}");
    assert!(
        first.contains(" i more"),
        "the footer offers the key: {first}"
    );
    app.on_key(chr('i'), now);
    let second = screen_text(&app, now, 80, 24);
    assert!(second.contains("page 2 of"), "{second}");
    assert!(
        second.contains("Instruction 2") || second.contains("Instruction 3"),
        "{second}"
    );
    // Every instruction shows on some page.
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&screen_text(&app, now, 80, 24));
        app.on_key(chr('i'), now);
    }
    for i in 1..=12 {
        assert!(
            seen.contains(&format!("Instruction {i}:")),
            "instruction {i} never shows"
        );
    }
}

#[test]
fn get_ready_shows_the_instructions_on_a_small_screen() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 2);
    let text = screen_text(&app, now, 60, 20);
    for words in [
        "Sit with the roller",
        "Roll slowly",
        "Pause on tender spots",
    ] {
        assert!(text.contains(words), "{text}");
    }
}

#[test]
fn a_rest_says_its_note_once_and_what_comes_next() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 135);
    for (width, height) in SIZES {
        let text = screen_text(&app, now, width, height);
        assert_eq!(text.matches("Stand up and walk").count(), 1, "{text}");
        assert!(text.contains("Up next: Seated hamstring stretch"), "{text}");
        assert!(text.contains("Sit tall"), "{text}");
    }
}

#[test]
fn no_glyph_common_fonts_lack() {
    for (what, app, now) in every_screen() {
        for (width, height) in SIZES {
            let text = screen_text(&app, now, width, height);
            assert!(!text.contains('⏸'), "{what} at {width}x{height}");
        }
    }
}

// ---------------------------------------------------------------- ratings

#[test]
fn tightness_before() {
    let mut app = bare_app(1);
    app.ask_ratings = true;
    let t0 = Instant::now();
    app.open(prepared(), t0);
    app.on_key(key(KeyCode::Enter), t0);
    // The question never holds the session: it is already running.
    let Screen::Session(run) = &app.screen else {
        panic!("the session begins at once")
    };
    assert_eq!(run.tightness_before, Rating::Asking);
    snap("rate_before", &app, t0);
    app.on_key(chr('7'), t0);
    let Screen::Session(run) = &app.screen else {
        panic!("still in the session")
    };
    assert_eq!(run.tightness_before, Rating::Given(7));
    assert!(
        app.take_effects()
            .iter()
            .any(|e| matches!(e, Effect::Session(dos) if dos.contains(&Do::RatedBefore(7))))
    );
}

#[test]
fn tightness_after() {
    let t0 = Instant::now();
    let mut app = session(t0);
    app.ask_ratings = true;
    let end = secs(t0, 1000);
    app.tick(end);
    assert!(matches!(app.screen, Screen::Finish(_)));
    snap("finish_rate_after", &app, end);
    app.on_key(chr('3'), end);
    snap("finish_rated", &app, end);
}

#[test]
fn tiny_terminal() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 30);
    let terminal = draw(&app, now, 30, 8);
    insta::assert_snapshot!("tiny_work_30x8", terminal.backend());
    let app = picker_app();
    let terminal = draw(&app, now, 30, 8);
    insta::assert_snapshot!("tiny_picker_30x8", terminal.backend());
}

#[test]
fn narrow_terminals() {
    let t0 = Instant::now();
    let (app, now) = session_at(t0, 30);
    for (width, height) in [(40, 12), (60, 16)] {
        let terminal = draw(&app, now, width, height);
        insta::assert_snapshot!(format!("work_prompt_{width}x{height}"), terminal.backend());
    }
    let app = picker_app();
    let terminal = draw(&app, now, 60, 16);
    insta::assert_snapshot!("picker_plain_60x16", terminal.backend());
    let terminal = draw(&app, now, 39, 11);
    insta::assert_snapshot!("tiny_picker_39x11", terminal.backend());
}

#[test]
fn preview_without_a_sound_device() {
    let t0 = Instant::now();
    let mut app = bare_app(5);
    app.on_audio(AudioStatus::Unavailable("no audio device".into()));
    app.open(prepared(), t0);
    app.on_key(key(KeyCode::Enter), t0);
    let now = secs(t0, 6);
    app.tick(now);
    let terminal = draw(&app, now, 80, 24);
    insta::assert_snapshot!("preview_no_sound_80x24", terminal.backend());
}

// ---------------------------------------------------------------- longest texts

/// `len` characters of words, ending in a full stop.
fn words(start: &str, len: usize) -> String {
    let filler = " and keep breathing slowly while the muscle lets go";
    let mut text = start.to_string();
    while text.chars().count() < len - 1 {
        text.push_str(filler);
    }
    let mut text: String = text
        .chars()
        .take(len - 1)
        .collect::<String>()
        .trim_end()
        .to_string();
    while text.chars().count() < len - 1 {
        text.push('x');
    }
    text.push('.');
    text
}

/// A routine with every text at the longest the format allows.
fn longest() -> Rc<Prepared> {
    let instructions: Vec<String> = (1..=12)
        .map(|i| format!("{:?}", words(&format!("Instruction {i}: sit tall"), 200)))
        .collect();
    let step = |name: &str, target: &str| {
        format!(
            "Step(name: {name:?}, kind: Massage, target: {target}, seconds: 60, side: Each, \
             tool: {tool:?}, instructions: [{instructions}], \
             prompts: [(at: 10, text: {prompt:?})])",
            name = words(name, 60),
            tool = words("a long foam roller with", 60),
            instructions = instructions.join(", "),
            prompt = words("Prompt: turn the leg out", 200),
        )
    };
    let text = format!(
        "Routine(title: {title:?}, summary: {summary:?}, caution: {caution:?}, transition: 5, \
         steps: [{a}, Rest(seconds: 15, note: {note:?}), {b}, {c}])",
        title = words("The longest title a coach may write", 80),
        summary = words("Summary", 200),
        caution = words("Caution: skip rolling over a fresh strain", 400),
        note = words("Stand up and walk", 200),
        a = step("Foam roll the left and right calf", "Calves"),
        b = step("Stretch the hamstrings", "Hamstrings"),
        c = step("Roll the arch of the foot", "PlantarFascia"),
    );
    let routine = parse_str(&text).unwrap();
    Prepared::new("longest".into(), routine)
}

fn longest_session(t0: Instant) -> App {
    let mut app = bare_app(1);
    app.open(longest(), t0);
    app.on_key(key(KeyCode::Enter), t0);
    assert!(matches!(app.screen, Screen::Session(_)));
    app
}

#[test]
fn longest_caution() {
    let mut app = bare_app(1);
    let t0 = Instant::now();
    app.open(longest(), t0);
    snap("longest_caution", &app, t0);
}

#[test]
fn longest_work_with_a_prompt() {
    let t0 = Instant::now();
    let mut app = longest_session(t0);
    // Block 2 (work, left) runs 5-65 s; its prompt shows from 15 s.
    let now = secs(t0, 20);
    app.tick(now);
    snap("longest_work_prompt", &app, now);
}

#[test]
fn longest_rest() {
    let t0 = Instant::now();
    let mut app = longest_session(t0);
    let now = secs(t0, 135);
    app.tick(now);
    snap("longest_rest", &app, now);
}

#[test]
fn longest_finish_with_skips() {
    let t0 = Instant::now();
    let mut app = longest_session(t0);
    let mut now = t0;
    for _ in 0..12 {
        now += Duration::from_secs(1);
        app.on_key(chr('n'), now);
    }
    app.tick(secs(t0, 2000));
    assert!(matches!(app.screen, Screen::Finish(_)));
    snap("longest_finish_skips", &app, now);
}

// ---------------------------------------------------------------- every size

/// Every screen this file snapshots, built afresh.
fn every_screen() -> Vec<(&'static str, App, Instant)> {
    let t0 = Instant::now();
    let mut screens = Vec::new();

    screens.push(("picker", picker_app(), t0));
    let mut app = picker_app();
    app.on_key(chr('/'), t0);
    app.on_key(chr('x'), t0);
    screens.push(("picker no match", app, t0));
    let mut app = picker_app();
    app.picker.select_id("snap-broken");
    screens.push(("picker invalid", app, t0));
    let mut app = picker_app();
    app.picker.select_id("snap-broken");
    app.on_key(key(KeyCode::Enter), t0);
    screens.push(("picker notice", app, t0));
    let mut app = bare_app(1);
    app.ask_ratings = true;
    app.open(prepared(), t0);
    app.on_key(key(KeyCode::Enter), t0);
    screens.push(("rate before", app, t0));
    let (mut app, _) = session_at(t0, 0);
    app.ask_ratings = true;
    app.tick(secs(t0, 1000));
    screens.push(("rate after", app, secs(t0, 1000)));

    let mut app = bare_app(1);
    app.open(prepared(), t0);
    screens.push(("caution", app, t0));

    for (what, s) in [
        ("get ready", 2),
        ("work prompt", 30),
        ("switch", 67),
        ("work right", 80),
        ("rest", 135),
        ("rest between sets", 185),
        ("hamstrings", 160),
        ("arch", 240),
    ] {
        let (app, now) = session_at(t0, s);
        screens.push((what, app, now));
    }
    for (what, c) in [("paused", ' '), ("help", '?'), ("quit", 'q')] {
        let (mut app, now) = session_at(t0, 30);
        app.on_key(chr(c), now);
        screens.push((what, app, now));
    }
    let (mut app, now) = session_at(t0, 30);
    app.on_key(chr(' '), now);
    app.on_key(chr('?'), now);
    screens.push(("paused help", app, now));

    let (mut app, now) = session_at(t0, 10);
    app.on_key(chr('n'), now);
    let end = secs(t0, 1000);
    app.tick(end);
    screens.push(("finish", app, end));
    let (mut app, now) = session_at(t0, 100);
    app.on_key(chr('q'), now);
    app.on_key(chr('y'), now);
    screens.push(("stopped", app, now));

    let mut app = bare_app(1);
    app.open(longest(), t0);
    screens.push(("longest caution", app, t0));
    for s in [2, 20, 67, 135] {
        let mut app = longest_session(t0);
        app.tick(secs(t0, s));
        screens.push(("longest session", app, secs(t0, s)));
    }
    let mut app = longest_session(t0);
    for c in ['q', 'y'] {
        app.on_key(chr(c), secs(t0, 20));
    }
    screens.push(("longest finish", app, secs(t0, 20)));
    screens.extend(crate::tui_paced::screens(t0));
    screens
}

#[test]
fn no_screen_panics_at_any_size() {
    let mut sizes = vec![(0, 0)];
    for width in (1..=130).step_by(7) {
        for height in (1..=45).step_by(4) {
            sizes.push((width, height));
        }
    }
    for (what, app, now) in every_screen() {
        for &(width, height) in &sizes {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                draw(&app, now, width, height);
            }));
            assert!(
                result.is_ok(),
                "the {what} screen panicked at {width}x{height}"
            );
        }
    }
}
