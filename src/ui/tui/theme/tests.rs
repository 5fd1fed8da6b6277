//! The palette: chosen from the environment, and what each choice leaves of a
//! real frame.

use super::*;
use crate::store::history::{Outcome, Record};
use crate::store::library::Library;
use crate::ui::tui::app::App;
use crate::ui::tui::history::HistoryScreen;
use crate::ui::tui::picker::Picker;
use crate::ui::tui::view;
use chrono::DateTime;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Instant;

#[test]
fn the_palette_follows_no_color_colorterm_and_term() {
    let cases = [
        // (NO_COLOR, TERM, COLORTERM)
        (
            (Some("1"), Some("xterm-256color"), Some("truecolor")),
            Palette::None,
        ),
        ((Some("0"), None, None), Palette::None),
        // Set but empty does not count (no-color.org).
        ((Some(""), Some("xterm-256color"), None), Palette::Full),
        ((None, Some("xterm-256color"), None), Palette::Full),
        ((None, Some("tmux-256color"), None), Palette::Full),
        ((None, Some("xterm"), Some("truecolor")), Palette::Full),
        ((None, Some("xterm"), Some("24bit")), Palette::Full),
        ((None, Some("xterm"), Some("TrueColor")), Palette::Full),
        ((None, Some("xterm"), None), Palette::Ansi16),
        ((None, Some("linux"), Some("")), Palette::Ansi16),
        ((None, Some("screen"), Some("yes")), Palette::Ansi16),
        ((None, None, None), Palette::Ansi16),
        ((Some(""), None, None), Palette::Ansi16),
    ];
    for ((no_color, term, colorterm), palette) in cases {
        assert_eq!(
            Palette::from_env(no_color, term, colorterm),
            palette,
            "NO_COLOR={no_color:?} TERM={term:?} COLORTERM={colorterm:?}"
        );
    }
    assert_eq!(Palette::default(), Palette::Full);
}

#[test]
fn known_colours_map_to_sensible_ansi_ones() {
    let golden = [
        (ACCENT, Color::LightYellow),
        (WORK, Color::LightGreen),
        (READY, Color::LightBlue),
        (REST, Color::LightMagenta),
        (WARN, Color::LightRed),
        (MUSCLE, Color::DarkGray),
        (SELECTED, Color::Blue),
        (HEAT[1], Color::Green),
        (HEAT[4], Color::LightGreen),
        (Color::Rgb(255, 0, 0), Color::LightRed),
        (Color::Rgb(128, 0, 0), Color::Red),
        (Color::Rgb(0, 0, 128), Color::Blue),
        (Color::Rgb(0, 128, 128), Color::Cyan),
        (Color::Rgb(255, 128, 0), Color::LightYellow),
        (Color::Rgb(10, 10, 10), Color::Black),
        (Color::Rgb(20, 0, 0), Color::Black),
        (Color::Rgb(90, 90, 90), Color::DarkGray),
        (Color::Rgb(200, 200, 200), Color::Gray),
        (Color::Rgb(250, 250, 250), Color::White),
        (Color::Indexed(1), Color::Red),
        (Color::Indexed(12), Color::LightBlue),
        (Color::Indexed(196), Color::LightRed),
        (Color::Indexed(22), Color::Green),
        (Color::Indexed(232), Color::Black),
        (Color::Indexed(250), Color::Gray),
        (Color::DarkGray, Color::DarkGray),
        (Color::Reset, Color::Reset),
    ];
    for (colour, ansi) in golden {
        assert_eq!(ansi16(colour), ansi, "{colour:?}");
    }
    // The roles stay apart.
    let roles: Vec<Color> = [ACCENT, WORK, READY, REST, WARN, DIM]
        .into_iter()
        .map(ansi16)
        .collect();
    for (i, a) in roles.iter().enumerate() {
        assert!(!roles[i + 1..].contains(a), "{a:?} twice in {roles:?}");
    }
}

#[test]
fn every_colour_of_the_256_palette_becomes_one_of_the_16() {
    for i in 0..=255 {
        assert!(is_ansi16(ansi16(Color::Indexed(i))), "{i}");
    }
    for r in (0..=255).step_by(15) {
        for g in (0..=255).step_by(15) {
            for b in (0..=255).step_by(15) {
                assert!(is_ansi16(ansi16(Color::Rgb(r, g, b))), "{r} {g} {b}");
            }
        }
    }
}

fn is_ansi16(c: Color) -> bool {
    !matches!(c, Color::Rgb(..) | Color::Indexed(_) | Color::Reset)
}

fn rated(started: &str, outcome: Outcome, before: u8, after: u8) -> Record {
    let started = DateTime::parse_from_rfc3339(started).expect("valid time");
    let mut r = Record::start("calf-release", "Calf release", 600, 1, started);
    r.outcome = outcome;
    r.work_secs = 400;
    r.tightness_before = Some(before);
    r.tightness_after = Some(after);
    r
}

/// The picker (its selected row has a background) and the history screen
/// (every colour of the heat map), as `view::render` draws them under `palette`.
fn frames(palette: Palette) -> Vec<Buffer> {
    let now = DateTime::parse_from_rfc3339("2025-03-31T20:00:00+02:00").expect("valid time");
    let records = vec![
        rated("2025-03-31T07:00:00+02:00", Outcome::Completed, 7, 3),
        rated("2025-03-30T07:00:00+02:00", Outcome::Stopped, 6, 4),
        rated("2025-03-29T07:00:00+02:00", Outcome::Interrupted, 5, 2),
    ];
    let mut app = App::new(Picker::new(&Library::load(None)), 1, false, 50);
    app.palette = palette;
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    let mut out = Vec::new();
    for history in [false, true] {
        if history {
            let warning = vec!["history.jsonl line 5 is damaged".to_owned()];
            app.show_history(HistoryScreen::new(records.clone(), warning, &now));
        }
        terminal
            .draw(|frame| view::render(&app, frame, Instant::now()))
            .expect("draw");
        out.push(terminal.backend().buffer().clone());
    }
    out
}

fn colours(buf: &Buffer) -> impl Iterator<Item = Color> + '_ {
    buf.content
        .iter()
        .flat_map(|c| [c.fg, c.bg, c.underline_color])
}

#[test]
fn the_full_palette_keeps_the_theme() {
    for buf in frames(Palette::Full) {
        assert!(colours(&buf).any(|c| matches!(c, Color::Rgb(..))));
    }
}

#[test]
fn no_color_leaves_no_colour_but_keeps_the_meaning() {
    let full = frames(Palette::Full);
    for (buf, full) in frames(Palette::None).iter().zip(&full) {
        assert!(colours(buf).all(|c| c == Color::Reset));
        // The same text, and what the colours said in bold, dim and reverse.
        assert_eq!(
            buf.content
                .iter()
                .map(ratatui::buffer::Cell::symbol)
                .collect::<String>(),
            full.content
                .iter()
                .map(ratatui::buffer::Cell::symbol)
                .collect::<String>()
        );
        for (cell, was) in buf.content.iter().zip(&full.content) {
            assert!(cell.modifier.contains(was.modifier));
            if was.fg == DIM {
                assert!(cell.modifier.contains(Modifier::DIM));
            }
            if was.bg != Color::Reset {
                assert!(cell.modifier.contains(Modifier::REVERSED));
            }
        }
        assert!(
            buf.content
                .iter()
                .any(|c| c.modifier.contains(Modifier::DIM))
        );
        assert!(
            buf.content
                .iter()
                .any(|c| c.modifier.contains(Modifier::BOLD))
        );
    }
    // The picker's selected row still stands out.
    assert!(
        frames(Palette::None)[0]
            .content
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED))
    );
}

#[test]
fn ansi16_leaves_only_the_16_colours() {
    for buf in frames(Palette::Ansi16) {
        assert!(
            colours(&buf).all(|c| c == Color::Reset || is_ansi16(c)),
            "{:?}",
            colours(&buf).find(|c| !is_ansi16(*c))
        );
        assert!(colours(&buf).any(|c| c != Color::Reset && c != DIM));
    }
}

#[test]
fn adapt_reaches_the_underline_colour() {
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 2, 1));
    buf.content[0].underline_color = READY;
    buf.content[1].underline_color = Color::Indexed(160);
    adapt(&mut buf, Palette::Ansi16);
    assert_eq!(buf.content[0].underline_color, Color::LightBlue);
    assert_eq!(buf.content[1].underline_color, Color::Red);
    adapt(&mut buf, Palette::None);
    assert_eq!(buf.content[0].underline_color, Color::Reset);
}
