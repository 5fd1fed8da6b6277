//! Tightness before and after: the averages and a sparkline of each over the
//! last rated sessions, newest right. Two shapes: a one-line strip under the
//! heat map (80x24), or a panel of its own with taller sparklines (wide screens).
//!
//! The sparklines are drawn by hand rather than with ratatui's `Sparkline`:
//! that one rounds every bar down, so a rating of 0 (and, one row high, a 1)
//! draws nothing and looks like a missing session, where here every rating
//! shows, 0 as the lowest bar; and the strip puts its sparklines inside a
//! sentence ("before ▆▅▇▅ 6.5 → after ▄▃▅▂ 3.5"), not in a widget's own area.

use super::model::{Model, Tightness};
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Eighth blocks rising from the bottom of a cell.
const RISING: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
/// The panel's width in the wide layout.
pub const PANEL_WIDTH: u16 = 36;
const LABEL: &str = " Tightness  ";

/// Tightness in one line: "Tightness  before ▆▅▇ 6.5 → after ▃▂▄ 3.5 ...".
pub fn render_strip(frame: &mut Frame, area: Rect, model: &Model) {
    if area.is_empty() {
        return;
    }
    let Some(t) = &model.tightness else {
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(LABEL, theme::title()),
                Span::styled(
                    "not rated yet: rate it 0-10 before and after a routine",
                    theme::dim(),
                ),
            ])),
            area,
        );
        return;
    };
    let rated = format!("  average of {} rated {}", t.sessions, t.sessions_word);
    let fixed = LABEL.width()
        + "before ".width()
        + 1
        + t.before_avg.len()
        + "  →  after ".width()
        + 1
        + t.after_avg.len();
    let room = usize::from(area.width).saturating_sub(fixed);
    let with_rated = room >= rated.width() + 2 * t.before.len().min(8);
    let spark_room = if with_rated {
        room - rated.width()
    } else {
        room
    };
    let n = (spark_room / 2).min(t.before.len()).min(24);
    let mut spans = vec![
        Span::styled(LABEL, theme::title()),
        Span::styled("before ", theme::dim()),
    ];
    if n > 0 {
        spans.push(Span::styled(
            spark_line(last(&t.before, n)),
            Style::new().fg(theme::BEFORE),
        ));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(
        t.before_avg.as_str(),
        theme::title().fg(theme::BEFORE),
    ));
    spans.push(Span::styled("  →  after ", theme::dim()));
    if n > 0 {
        spans.push(Span::styled(
            spark_line(last(&t.after, n)),
            Style::new().fg(theme::AFTER),
        ));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(
        t.after_avg.as_str(),
        theme::title().fg(theme::AFTER),
    ));
    if with_rated {
        spans.push(Span::styled(rated, theme::dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Tightness with room: averages, then a sparkline of each, last sessions right.
pub fn render_panel(frame: &mut Frame, area: Rect, model: &Model) {
    let block = Block::bordered().title(" Tightness, 0-10 ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let Some(t) = &model.tightness else {
        frame.render_widget(
            Paragraph::new(vec![
                Line::from("not rated yet"),
                Line::from(""),
                Line::from("Rate it 0-10 before and after a routine to see it change.")
                    .style(theme::dim()),
            ])
            .wrap(Wrap { trim: true }),
            inner.inner(Margin::new(1, 0)),
        );
        return;
    };
    let rows = usize::from(inner.height);
    // average line, 2 labels, 2 sparklines, footer line; a blank when it fits.
    let spark_rows = (rows.saturating_sub(4) / 2).clamp(1, 3);
    let n = usize::from(inner.width.saturating_sub(2)).min(t.before.len());
    let mut lines = vec![Line::from(vec![
        Span::styled(" before ", theme::dim()),
        Span::styled(t.before_avg.as_str(), theme::title().fg(theme::BEFORE)),
        Span::styled(" → after ", theme::dim()),
        Span::styled(t.after_avg.as_str(), theme::title().fg(theme::AFTER)),
        Span::styled(" on average", theme::dim()),
    ])];
    if rows > 4 + 2 * spark_rows {
        lines.push(Line::default());
    }
    for (label, values, colour) in [
        (" before", &t.before, theme::BEFORE),
        (" after", &t.after, theme::AFTER),
    ] {
        lines.push(Line::from(label).style(theme::dim()));
        for row in spark_rows_of(last(values, n), spark_rows) {
            lines.push(Line::from(vec![
                Span::raw(" "),
                Span::styled(row, Style::new().fg(colour)),
            ]));
        }
    }
    lines.push(Line::from(footer(t, n, usize::from(inner.width))).style(theme::dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "4 rated sessions, newest right", or "last 30 of 41 rated", as fits.
fn footer(t: &Tightness, n: usize, room: usize) -> String {
    let footers = if u64::from(t.sessions) == u64::try_from(n).unwrap_or(u64::MAX) {
        [
            format!(" {} rated {}, newest right", t.sessions, t.sessions_word),
            format!(" {} rated {}", t.sessions, t.sessions_word),
        ]
    } else {
        [
            format!(" last {n} of {} rated, newest right", t.sessions),
            format!(" last {n} of {} rated", t.sessions),
        ]
    };
    let [long, short] = footers;
    if long.width() <= room { long } else { short }
}

/// The last `n` of `values`.
fn last(values: &[u8], n: usize) -> &[u8] {
    &values[values.len().saturating_sub(n)..]
}

/// One-row sparkline of ratings 0-10 (0 still shows, as the lowest bar).
fn spark_line(values: &[u8]) -> String {
    values
        .iter()
        .map(|&v| RISING[(usize::from(v.min(10)) * 7 + 5) / 10 + 1])
        .collect()
}

/// A sparkline of ratings 0-10 `rows` high, top row first.
fn spark_rows_of(values: &[u8], rows: usize) -> Vec<String> {
    let full = rows * 8;
    let heights: Vec<usize> = values
        .iter()
        .map(|&v| (usize::from(v.min(10)) * full + 5) / 10)
        .map(|h| h.max(1))
        .collect();
    (0..rows)
        .map(|row| {
            let floor = (rows - 1 - row) * 8;
            heights
                .iter()
                .map(|&h| RISING[h.saturating_sub(floor).min(8)])
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_show_every_rating() {
        assert_eq!(spark_line(&[0, 5, 10]), "▁▅█");
        assert_eq!(spark_rows_of(&[0, 10], 2), [" █", "▁█"]);
    }
}
