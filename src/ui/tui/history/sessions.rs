//! The list of recent sessions, newest first, scrolled by the screen: a row a
//! session with its date, title, outcome, minutes and notes, the columns
//! dropped one by one as the width shrinks so the title keeps room.

use super::model::{Model, SessionRow};
use crate::store::history::Outcome;
use crate::text::fit_pad;
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Rows of the list an area this high shows (inside its borders).
pub fn visible(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2))
}

/// The list from row `offset` (brought back within the list: it is the
/// screen's to keep, this only draws).
pub fn render(frame: &mut Frame, area: Rect, model: &Model, offset: usize) {
    if area.is_empty() {
        return;
    }
    let visible = visible(area);
    let total = model.sessions.len();
    let offset = offset.min(total.saturating_sub(visible));
    let shown = visible.min(total - offset);
    let first_last = format!("{}-{}", offset + 1, offset + shown);
    let position = match shown {
        0 => String::new(),
        _ if model.more_records => format!(" {first_last} of the latest {total} "),
        _ => format!(" {first_last} of {total} "),
    };
    let block = Block::bordered()
        .title(" Recent sessions ")
        .title_bottom(Line::from(position).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let columns = Columns::fit(model.widest, model.widest_title, usize::from(inner.width));
    let lines: Vec<Line> = model.sessions[offset..offset + shown]
        .iter()
        .map(|row| columns.line(row))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// How the session rows use the width: the richest layout whose title column
/// still has room.
struct Columns {
    weekday: bool,
    time: bool,
    title: usize,
    outcome: usize,
    minutes: usize,
    notes: usize,
}

impl Columns {
    const TITLE_MIN: usize = 14;

    /// The columns for rows whose widest outcome, minutes and notes are these,
    /// and whose widest title is `titles`, in `width` cells: the title takes
    /// the width there is, up to what the longest needs.
    fn fit([outcome, minutes, notes]: [usize; 3], titles: usize, width: usize) -> Columns {
        // (weekday, time, outcome, minutes, notes), richest first.
        let plans = [
            (true, true, true, true, true),
            (false, true, true, true, true),
            (false, false, true, true, true),
            (false, false, true, true, false),
            (false, false, false, true, false),
            (false, false, false, false, false),
        ];
        let mut columns = Columns {
            weekday: false,
            time: false,
            title: 0,
            outcome: 0,
            minutes: 0,
            notes: 0,
        };
        for (i, &(weekday, time, with_outcome, with_minutes, with_notes)) in
            plans.iter().enumerate()
        {
            let gap = |w: usize| if w > 0 { w + 2 } else { 0 };
            columns = Columns {
                weekday,
                time,
                title: 0,
                outcome: if with_outcome { outcome } else { 0 },
                minutes: if with_minutes { minutes } else { 0 },
                notes: if with_notes { notes } else { 0 },
            };
            // A space each side, the date, the columns and their gaps.
            let fixed = 2
                + if weekday { 4 } else { 0 }
                + if time { 16 } else { 10 }
                + 2
                + gap(columns.outcome)
                + gap(columns.minutes)
                + gap(columns.notes);
            let title = width.saturating_sub(fixed);
            // The weekday only when the title keeps plenty of room.
            let enough = if weekday { 30 } else { Self::TITLE_MIN };
            columns.title = title.min(titles.max(Self::TITLE_MIN));
            if title >= enough || i == plans.len() - 1 {
                break;
            }
        }
        columns
    }

    fn line<'a>(&self, row: &'a SessionRow) -> Line<'a> {
        let base = if row.preview {
            theme::dim()
        } else {
            Style::new()
        };
        let when = if self.time {
            row.when.as_str()
        } else {
            &row.when[..row.when.len().min(10)]
        };
        let mut spans = vec![Span::raw(" ")];
        if self.weekday {
            spans.push(Span::styled(format!("{} ", row.weekday), theme::dim()));
        }
        spans.push(Span::styled(when, theme::dim()));
        spans.push(Span::raw("  "));
        spans.push(Span::styled(fit_pad(&row.title, self.title), base));
        if self.outcome > 0 {
            let style = if row.preview {
                theme::dim()
            } else {
                Style::new().fg(outcome_colour(row.outcome))
            };
            spans.push(Span::styled(
                format!("  {:<w$}", row.outcome.as_str(), w = self.outcome),
                style,
            ));
        }
        if self.minutes > 0 {
            spans.push(Span::styled(
                format!("  {:>w$}", row.minutes, w = self.minutes),
                base,
            ));
        }
        if self.notes > 0 && !row.notes.is_empty() {
            spans.push(Span::styled(format!("  {}", row.notes), theme::dim()));
        }
        Line::from(spans)
    }
}

fn outcome_colour(outcome: Outcome) -> ratatui::style::Color {
    match outcome {
        Outcome::Completed => theme::WORK,
        Outcome::Stopped => theme::ACCENT,
        Outcome::Interrupted => theme::WARN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_give_way_to_the_title() {
        // completed / 12 min / 1 skipped
        let widest = [11, 6, 9];
        let wide = Columns::fit(widest, 40, 110);
        assert!(wide.weekday && wide.time && wide.notes > 0);
        assert_eq!(wide.title, 40, "as wide as the longest title");
        let long = Columns::fit(widest, 300, 200);
        assert_eq!(
            long.title,
            200 - 2 - 4 - 16 - 2 - 13 - 8 - 11,
            "the width there is"
        );
        let narrow = Columns::fit(widest, 40, 50);
        assert!(!narrow.weekday && narrow.title >= Columns::TITLE_MIN);
        let tiny = Columns::fit(widest, 40, 20);
        assert_eq!((tiny.outcome, tiny.minutes, tiny.notes), (0, 0, 0));
    }
}
