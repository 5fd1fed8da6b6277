//! Drawing every screen. Pure: reads the app, writes the frame, nothing else.
//! One file per screen or region; the picker and the history screen have their own.

use crate::core::timeline::BlockKind;
use crate::ui::tui::app::{App, Screen};
use crate::ui::tui::theme;
use caution::caution;
use finish::finish;
use help::help;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use session::session;
use std::time::Instant;

mod caution;
mod countdown;
mod details;
mod finish;
mod footer;
pub mod help;
mod session;

/// Below this the layout cannot be drawn sensibly.
pub const MIN_WIDTH: u16 = 40;

pub const MIN_HEIGHT: u16 = 12;

pub fn render(app: &App, frame: &mut Frame, now: Instant) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, matches!(app.screen, Screen::Session(_)));
        theme::adapt(frame.buffer_mut(), app.palette);
        return;
    }
    match &app.screen {
        Screen::Picker => {
            let notice = app.notice.as_deref().or(app.sound_trouble.as_deref());
            app.picker.render(frame, area, notice);
            if app.help {
                help(frame, area, app.picker_mode());
            }
        }
        Screen::Today => {
            if let Some(today) = &app.today {
                today.render(frame, area);
            }
            if app.help {
                help(frame, area, app.today_mode());
            }
        }
        Screen::Caution(prepared) => caution(frame, area, prepared),
        Screen::Session(run) => session(app, run, frame, area, now),
        Screen::Finish(done) => finish(frame, area, done, app),
        Screen::History(history) => history.render(frame, area),
    }
    // Last, over the whole frame: the colours this terminal can show.
    theme::adapt(frame.buffer_mut(), app.palette);
}

pub(super) fn too_small(frame: &mut Frame, area: Rect, in_session: bool) {
    let mut lines = vec![
        Line::from("Make the terminal larger").bold(),
        Line::from(format!(
            "limber needs {MIN_WIDTH}x{MIN_HEIGHT}; this is {}x{}.",
            area.width, area.height
        )),
    ];
    if in_session {
        lines.push(Line::from("The session keeps time.").style(theme::dim()));
    }
    let height = wrapped_height(&lines, area.width).min(area.height);
    let [middle] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(lines).centered().wrap(Wrap { trim: true }),
        middle,
    );
}

/// How many rows `lines` take when wrapped to `width` columns (a close
/// estimate: wrapping at word boundaries can add a row, so one is added).
pub(super) fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
    u16::try_from(rows + 1).unwrap_or(u16::MAX)
}

/// A popup `width` wide, as tall as its text needs (plus borders).
pub(super) fn fitted(area: Rect, width: u16, lines: &[Line]) -> Rect {
    let inner = width.min(area.width).saturating_sub(2);
    centered(area, width, wrapped_height(lines, inner) + 2)
}

/// A `w` x `h` rectangle in the middle of `area`, shrunk to fit.
pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

pub(super) fn kind_color(kind: BlockKind) -> ratatui::style::Color {
    match kind {
        BlockKind::Work => theme::WORK,
        BlockKind::Transition => theme::READY,
        BlockKind::Rest => theme::REST,
    }
}
