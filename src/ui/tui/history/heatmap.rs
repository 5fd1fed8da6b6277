//! The heat map panel: a shade for each of the last 12 weeks' days (a column a
//! week, Monday at the top), months above, what the shades mean below.
//!
//! Drawn by hand: ratatui's `Calendar` lays out one month at a time, not a run
//! of weeks as columns with a shade per day.

use super::model::{Heat, Model};
use crate::store::history::stats::GRID_WEEKS;
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

const DAY_LABELS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// Columns of the day labels, then 3 a week: a 2-column cell and a gap.
pub const LABEL_COLS: u16 = 4;
pub const WEEK_COLS: u16 = 3;
/// The panel with all the weeks: labels, weeks, borders.
#[allow(clippy::cast_possible_truncation)] // 12 weeks
pub const WIDTH: u16 = LABEL_COLS + WEEK_COLS * GRID_WEEKS as u16 + 2;
/// Shade levels: no completed session, then at most 5, 10, 20 minutes, more.
const LEVEL_SECS: [u64; 3] = [300, 600, 1200];
const SHADES: [&str; 5] = ["··", "░░", "▒▒", "▓▓", "██"];

/// The shade of a day with `secs` of work.
pub fn level(secs: u64) -> u8 {
    match secs {
        0 => 0,
        s if s <= LEVEL_SECS[0] => 1,
        s if s <= LEVEL_SECS[1] => 2,
        s if s <= LEVEL_SECS[2] => 3,
        _ => 4,
    }
}

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let weeks = usize::from(area.width.saturating_sub(2 + LABEL_COLS) / WEEK_COLS).min(GRID_WEEKS);
    let block = Block::bordered().title(super::first_fitting(
        &[
            &format!(" Minutes a day, last {weeks} weeks "),
            &format!(" Last {weeks} weeks "),
            " Days ",
        ],
        area.width,
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if weeks == 0 || inner.height == 0 {
        return;
    }
    let rows = inner.height;
    let heat = &model.heat;
    let first = GRID_WEEKS - weeks;
    let grid_width = usize::from(LABEL_COLS) + weeks * usize::from(WEEK_COLS);
    let mut lines = Vec::with_capacity(usize::from(rows));
    if rows >= 8 {
        lines.push(months(heat, first));
    }
    for (row, label) in DAY_LABELS.iter().enumerate() {
        let mut spans = vec![Span::styled(format!("{label} "), theme::dim())];
        for week in first..GRID_WEEKS {
            spans.push(match heat.days[week * 7 + row] {
                Some(level) => Span::styled(SHADES[usize::from(level)], shade(usize::from(level))),
                None => Span::raw("  "),
            });
            let today = week == GRID_WEEKS - 1 && row == heat.today_row;
            spans.push(if today {
                Span::styled("◂", theme::key())
            } else {
                Span::raw(" ")
            });
        }
        lines.push(Line::from(spans));
    }
    if rows >= 10 {
        lines.push(Line::default());
    }
    if rows >= 9 {
        lines.push(legend(grid_width));
    }
    if rows >= 11 {
        lines.push(thresholds(grid_width));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "    Jan      Feb         Mar": each month over its first week.
fn months(heat: &Heat, first: usize) -> Line<'_> {
    let mut spans = vec![Span::raw("    ")];
    for (i, month) in heat.months.iter().enumerate().skip(first) {
        // The first week shown is labelled too, unless the next starts a
        // month: two labels side by side would run together.
        let next_starts = heat.new_month.get(i + 1).copied().unwrap_or(false);
        let label = heat.new_month[i] || (i == first && !next_starts);
        spans.push(if label {
            Span::styled(format!("{month:<3}"), theme::dim())
        } else {
            Span::raw("   ")
        });
    }
    Line::from(spans)
}

fn shade(level: usize) -> Style {
    Style::new().fg(theme::HEAT[level])
}

/// The first character of a shade, for the legend.
fn glyph(level: usize) -> Span<'static> {
    let glyph = SHADES[level].chars().next().map(String::from);
    Span::styled(glyph.unwrap_or_default(), shade(level))
}

/// "less · ░ ▒ ▓ █ more   ◂ today", right-aligned under a grid `width` wide, or
/// as much of it as fits.
fn legend(width: usize) -> Line<'static> {
    let mut spans = vec![Span::styled("less ", theme::dim())];
    for level in 0..SHADES.len() {
        spans.push(glyph(level));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled("more", theme::dim()));
    let mut used: usize = spans.iter().map(Span::width).sum();
    if used >= width {
        spans = (0..SHADES.len()).map(glyph).collect();
        used = spans.len();
    }
    let today = [Span::raw("   "), Span::styled("◂ today", theme::key())];
    let today_w: usize = today.iter().map(Span::width).sum();
    if used + today_w < width {
        spans.extend(today);
        used += today_w;
    }
    right_aligned(spans, used, width)
}

/// What the shades mean: "░ ≤5  ▒ ≤10  ▓ ≤20  █ >20 min".
fn thresholds(width: usize) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, limit) in ["≤5", "≤10", "≤20", ">20 min"].into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(glyph(i + 1));
        spans.push(Span::styled(format!(" {limit}"), theme::dim()));
    }
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    right_aligned(spans, used, width)
}

fn right_aligned(mut spans: Vec<Span<'static>>, used: usize, width: usize) -> Line<'static> {
    let pad = width.saturating_sub(used + 1);
    spans.insert(0, Span::raw(" ".repeat(pad)));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_minutes() {
        assert_eq!(level(0), 0);
        assert_eq!(level(1), 1);
        assert_eq!(level(300), 1);
        assert_eq!(level(301), 2);
        assert_eq!(level(1200), 3);
        assert_eq!(level(1201), 4);
    }

    #[test]
    fn the_thresholds_say_what_the_levels_do() {
        let line = thresholds(60).to_string();
        for (limit, secs) in [("≤5", 300), ("≤10", 600), ("≤20", 1200)] {
            assert!(line.contains(limit), "{line}");
            assert!(level(secs) < level(secs + 1));
        }
    }
}
