//! Minutes per target over the last 30 days: a row a target, most first, a bar
//! and the minutes; "+N more" for those that do not fit.
//!
//! Drawn by hand rather than with ratatui's horizontal `BarChart`: that one
//! draws whole cells only, so a target done for a minute next to one done for
//! an hour gets no bar at all and close values look equal; and it writes the
//! value inside the bar, where this chart keeps the minutes in a right-aligned
//! column that reads down like the summary of `limber history`.

use super::model::Model;
use crate::store::history::stats::TARGET_DAYS;
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Eighth blocks for the bars' ends.
const EIGHTHS: [&str; 9] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"];
/// The narrowest chart worth drawing beside the heat map.
pub const MIN_WIDTH: u16 = 30;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let block = Block::bordered().title(super::first_fitting(
        &[
            &format!(" Minutes per target, last {TARGET_DAYS} days "),
            &format!(" Minutes per target, {TARGET_DAYS} days "),
            &format!(" Targets, {TARGET_DAYS} days "),
            " Targets ",
        ],
        area.width,
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    if model.targets.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(" nothing in the last {TARGET_DAYS} days")).style(theme::dim()),
            inner,
        );
        return;
    }
    let rows = usize::from(inner.height);
    // All of them, or as many as fit above a "+N more" line.
    let shown = if model.targets.len() > rows {
        rows.saturating_sub(1)
    } else {
        model.targets.len()
    };
    let rest = model
        .rest
        .get(shown)
        .filter(|_| shown < model.targets.len());
    let targets = &model.targets[..shown];
    let label_w = targets
        .iter()
        .map(|t| t.label.width())
        .chain(rest.map(|r| r.label.width()))
        .max()
        .unwrap_or(0);
    let number_w = targets
        .iter()
        .map(|t| t.minutes.len())
        .chain(rest.map(|r| r.minutes.len()))
        .max()
        .unwrap_or(0);
    // " label  bar number "
    let bar_w = usize::from(inner.width).saturating_sub(label_w + number_w + 5);
    let bar_w = if bar_w >= 3 { bar_w } else { 0 };
    let most = model.targets.first().map_or(1, |t| t.secs.max(1));
    let mut lines: Vec<Line> = targets
        .iter()
        .map(|t| {
            let eighths = eighths(t.secs, most, bar_w);
            let pad = " ".repeat(bar_w.saturating_sub(eighths.div_ceil(8)));
            Line::from(vec![
                Span::raw(format!(" {:<label_w$}  ", t.label)),
                Span::styled(bar(eighths), Style::new().fg(theme::BAR)),
                Span::raw(format!("{pad} {:>number_w$}", t.minutes)),
            ])
        })
        .collect();
    if let Some(rest) = rest {
        lines.push(
            Line::from(format!(
                " {:<label_w$}  {} {:>number_w$}",
                rest.label,
                " ".repeat(bar_w),
                rest.minutes
            ))
            .style(theme::dim()),
        );
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Bar length in eighths of a cell: `secs` of `most` over `width` cells, at least
/// one eighth for anything done.
fn eighths(secs: u64, most: u64, width: usize) -> usize {
    let full = u64::try_from(width).unwrap_or(u64::MAX).saturating_mul(8);
    let n = secs.saturating_mul(full).div_ceil(most.max(1)).min(full);
    usize::try_from(n.max(u64::from(secs > 0))).unwrap_or(0)
}

fn bar(eighths: usize) -> String {
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push_str(EIGHTHS[eighths % 8]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_in_eighths() {
        assert_eq!(eighths(0, 100, 10), 0);
        assert_eq!(eighths(1, 1000, 10), 1);
        assert_eq!(eighths(100, 100, 10), 80);
        assert_eq!(eighths(50, 100, 10), 40);
        assert_eq!(bar(13), "█▋");
    }
}
