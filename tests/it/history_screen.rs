//! The history screen (`h` in the picker) on a `TestBackend`: snapshots of the
//! fixture log at 60x20, 80x24, 120x40 and 200x60, of an empty history, scrolling, agreement with
//! `limber history`, colours for every palette, and a sweep over terminal sizes
//! that must never panic.
//!
//! `now` is the clock of `history_cli.rs` ([`HISTORY_NOW`]: Monday 31 March 2025,
//! 20:00 in Berlin, the day after the switch to summer time) in the Berlin time zone, not a
//! fixed offset: the sessions before the switch then show at the local time they
//! were done (07:15, not 08:15), as in the `limber history` snapshot, and the screen
//! and the summary show the same numbers.
//! Review a changed `.snap` by eye, as a runner would see the screen.

#![allow(clippy::unwrap_used)]

use crate::support::{self, HISTORY_NOW, assert_terminal_safe};
use chrono::DateTime;
use chrono_tz::Europe::Berlin;
use limber::store::history::{Record, Stats, summary};
use limber::ui::tui::history::HistoryScreen;
use limber::ui::tui::keys::{self, Action, Mode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

fn now() -> DateTime<chrono_tz::Tz> {
    DateTime::parse_from_rfc3339(HISTORY_NOW)
        .unwrap()
        .with_timezone(&Berlin)
}

/// The fixture log as `limber` reads it: 11 records, line 5 torn.
fn fixture() -> (Vec<Record>, Vec<String>) {
    let home = support::fixture("history");
    let (records, warnings) = limber::store::history::read(&home).unwrap();
    (records, warnings.iter().map(ToString::to_string).collect())
}

fn fixture_screen() -> HistoryScreen {
    let (records, warnings) = fixture();
    HistoryScreen::new(records, warnings, &now())
}

fn draw(screen: &HistoryScreen, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| screen.render(frame, frame.area()))
        .unwrap();
    terminal
}

fn text(screen: &HistoryScreen, width: u16, height: u16) -> String {
    draw(screen, width, height).backend().to_string()
}

fn snap(name: &str, screen: &HistoryScreen) {
    for (width, height) in [(60, 20), (80, 24), (120, 40), (200, 60)] {
        let terminal = draw(screen, width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::from(code)
}

#[test]
fn fixture_log() {
    snap("fixture", &fixture_screen());
}

#[test]
fn empty_history() {
    snap("empty", &HistoryScreen::new(Vec::new(), Vec::new(), &now()));
}

/// Two months later, nothing rated: no streak, empty charts, the old sessions
/// still listed.
#[test]
fn lapsed_and_unrated() {
    let (mut records, _) = fixture();
    for r in &mut records {
        r.tightness_before = None;
        r.tightness_after = None;
    }
    let later = DateTime::parse_from_rfc3339("2025-06-04T09:00:00+02:00")
        .unwrap()
        .with_timezone(&Berlin);
    snap("lapsed", &HistoryScreen::new(records, Vec::new(), &later));
}

/// A key as the app hands it on: through the history's key table; `false`
/// when it closes the screen.
fn press(screen: &mut HistoryScreen, key: KeyEvent) -> bool {
    match keys::action(Mode::History, &key) {
        Some(Action::Leave) => false,
        Some(action) => {
            screen.on_action(action);
            true
        }
        None => true,
    }
}

#[test]
fn scrolled_to_the_end() {
    let mut screen = fixture_screen();
    screen.resize(80, 24); // a page is what shows at this size
    assert!(press(&mut screen, key(KeyCode::End)));
    insta::assert_snapshot!("scrolled_80x24", draw(&screen, 80, 24).backend());
}

#[test]
fn scrolling_moves_the_list_and_stops_at_the_ends() {
    let mut screen = fixture_screen();
    screen.resize(80, 24);
    let first = text(&screen, 80, 24);
    assert!(first.contains("1-7 of 11"), "{first}");
    assert!(press(&mut screen, key(KeyCode::Char('j'))));
    assert!(text(&screen, 80, 24).contains("2-8 of 11"));
    assert!(press(&mut screen, key(KeyCode::PageDown)));
    assert!(text(&screen, 80, 24).contains("5-11 of 11"));
    for _ in 0..5 {
        press(&mut screen, key(KeyCode::Down));
    }
    assert!(text(&screen, 80, 24).contains("5-11 of 11"));
    press(&mut screen, key(KeyCode::Up));
    assert!(text(&screen, 80, 24).contains("4-10 of 11"));
    press(&mut screen, key(KeyCode::PageUp));
    press(&mut screen, key(KeyCode::Char('k')));
    assert_eq!(text(&screen, 80, 24), first);
}

/// Drawing changes nothing: a frame with room for every session does not
/// lose the place scrolled to, and the next smaller frame shows it again.
#[test]
fn a_frame_does_not_move_the_list() {
    let mut screen = fixture_screen();
    screen.resize(80, 24);
    press(&mut screen, key(KeyCode::End));
    assert!(text(&screen, 80, 24).contains("5-11 of 11"));
    assert!(text(&screen, 120, 40).contains("1-11 of 11"));
    assert!(text(&screen, 80, 24).contains("5-11 of 11"));
    // A shorter frame shows fewer rows from the same place.
    assert!(text(&screen, 80, 20).contains("5-7 of 11"));
    press(&mut screen, key(KeyCode::Up));
    assert!(text(&screen, 80, 24).contains("4-10 of 11"));
}

/// A page is what shows at the size the screen was last told, and the ends
/// move with it.
#[test]
fn pages_follow_the_terminal_size() {
    let mut screen = fixture_screen();
    screen.resize(120, 40);
    // Every session fits: nothing to scroll.
    for code in [KeyCode::PageDown, KeyCode::End, KeyCode::Down] {
        press(&mut screen, key(code));
        assert!(text(&screen, 120, 40).contains("1-11 of 11"), "{code:?}");
    }
    screen.resize(80, 20);
    let short = text(&screen, 80, 20);
    let page = short.lines().filter(|l| l.contains("│ 2025-")).count();
    assert_eq!(page, 3, "{short}");
    press(&mut screen, key(KeyCode::PageDown));
    assert!(text(&screen, 80, 20).contains("4-6 of 11"));
    press(&mut screen, key(KeyCode::End));
    assert!(text(&screen, 80, 20).contains("9-11 of 11"));
    press(&mut screen, key(KeyCode::Down));
    assert!(text(&screen, 80, 20).contains("9-11 of 11"));
    press(&mut screen, key(KeyCode::Up));
    assert!(text(&screen, 80, 20).contains("8-10 of 11"));
}

#[test]
fn q_esc_and_h_close_the_screen() {
    let mut screen = fixture_screen();
    for code in [KeyCode::Char('q'), KeyCode::Esc, KeyCode::Char('h')] {
        assert!(!press(&mut screen, key(code)), "{code:?}");
    }
    assert!(press(&mut screen, key(KeyCode::Char('x'))));
}

/// The streak, this week, the averages and every per-target number of the
/// summary are on the screen too.
#[test]
fn the_screen_agrees_with_limber_history() {
    let (records, _) = fixture();
    let stats = Stats::of(&records, &now());
    let mut out = Vec::new();
    summary::write(&stats, &mut out, None).unwrap();
    let summary = String::from_utf8(out).unwrap();
    assert!(summary.contains("Streak      4 days, today included"));
    assert!(summary.contains("This week   5 min"));
    assert!(summary.contains("6.5 before, 3.5 after"));

    let screen = text(&fixture_screen(), 120, 40);
    assert!(
        screen.contains("4-day streak  ·  5 min this week"),
        "{screen}"
    );
    assert!(screen.contains("before 6.5 → after 3.5"), "{screen}");
    let targets: Vec<(String, String)> = summary
        .lines()
        .skip_while(|l| !l.starts_with("Minutes per target"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let number = words
                .iter()
                .position(|w| {
                    w.starts_with(['<', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
                })
                .unwrap();
            (words[..number].join(" "), words[number].to_owned())
        })
        .collect();
    assert_eq!(targets.len(), 11);
    for (label, number) in targets {
        let line = screen
            .lines()
            .find(|l| l.contains(&format!("│ {label} ")))
            .unwrap_or_else(|| panic!("{label} missing from\n{screen}"));
        let chart = line.split('│').nth(3).unwrap();
        assert_eq!(
            chart.split_whitespace().last(),
            Some(number.as_str()),
            "{line}"
        );
    }
}

#[test]
fn text_from_the_log_cannot_reach_the_terminal() {
    let screen = text(&fixture_screen(), 120, 40);
    assert!(screen.contains(r"Morning \u{1b}[31mred"), "{screen}");
    assert_terminal_safe("the history screen", &screen);
}

/// Every size from 0x0 to 130x45: the layout changes at many widths and heights
/// (panels side by side or stacked, fewer weeks, shorter titles, columns dropped).
/// Split in ranges of widths so the test threads share the work.
fn sweep(screen: &HistoryScreen, widths: std::ops::RangeInclusive<u16>) {
    let mut terminal = Terminal::new(TestBackend::new(0, 0)).unwrap();
    for width in widths {
        for height in 0..=45 {
            terminal.backend_mut().resize(width, height);
            terminal
                .resize(ratatui::layout::Rect::new(0, 0, width, height))
                .unwrap();
            terminal
                .draw(|frame| screen.render(frame, frame.area()))
                .unwrap();
        }
    }
}

#[test]
fn every_narrow_size_draws_without_panicking() {
    sweep(&fixture_screen(), 0..=79);
}

#[test]
fn every_wide_size_draws_without_panicking() {
    sweep(&fixture_screen(), 80..=130);
}

#[test]
fn every_size_draws_without_panicking_when_empty() {
    let warning = vec!["history.jsonl line 1 is damaged and was skipped".to_owned()];
    sweep(&HistoryScreen::new(Vec::new(), warning, &now()), 0..=130);
}

/// Under `NO_COLOR` the screen has no colour left, yet the same text; on a
/// 16-colour terminal only the 16 ANSI colours, several of them.
#[test]
fn the_palette_reaches_every_cell() {
    use limber::ui::tui::theme::{self, Palette};
    use ratatui::buffer::Buffer;
    use ratatui::style::Color;
    let full = draw(&fixture_screen(), 120, 40).backend().buffer().clone();
    let symbols = |b: &Buffer| {
        b.content
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .collect::<String>()
    };
    let colours = |b: &Buffer| {
        let mut all: Vec<Color> = b
            .content
            .iter()
            .flat_map(|c| [c.fg, c.bg, c.underline_color])
            .collect();
        all.sort_by_key(|c| format!("{c:?}"));
        all.dedup();
        all
    };
    let mut none = full.clone();
    theme::adapt(&mut none, Palette::None);
    assert_eq!(colours(&none), [Color::Reset]);
    assert_eq!(symbols(&none), symbols(&full));
    let mut ansi = full.clone();
    theme::adapt(&mut ansi, Palette::Ansi16);
    let ansi = colours(&ansi);
    assert!(
        ansi.iter()
            .all(|c| !matches!(c, Color::Rgb(..) | Color::Indexed(_))),
        "{ansi:?}"
    );
    // Reset, dim, the greens of the heat map, the bars, keys, before/after...
    assert!(ansi.len() >= 6, "{ansi:?}");
}
