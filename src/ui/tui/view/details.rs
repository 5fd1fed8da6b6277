//! The prompt, the instructions and the opening question under the countdown.

use crate::core::engine::Status;
use crate::core::timeline::{Block, BlockKind};
use crate::text::clean;
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Instructions, with the due prompt highlighted; for a transition, those of the
/// coming work, so the runner can get into position.
pub(super) fn render_details(
    frame: &mut Frame,
    area: Rect,
    block: &Block,
    status: &Status,
    ask_tightness: bool,
) {
    let width = usize::from(area.width);
    let mut lines: Vec<Line> = Vec::new();
    if ask_tightness {
        // Optional, and never in the way: the session runs on regardless.
        lines.push(Line::from(vec![
            Span::styled(" How tight is it right now? ", Style::new().bold()),
            Span::styled("0", theme::key()),
            Span::raw(" (loose) to "),
            Span::styled("9", theme::key()),
            Span::raw(", "),
            Span::styled("t", theme::key()),
            Span::raw(" for 10. Optional."),
        ]));
    }
    if let Some(step) = &block.step {
        if let Some(prompt) = status.prompt.and_then(|i| step.prompts.get(i)) {
            for row in hanging(&clean(&prompt.text), " ▶ ", width) {
                lines.push(Line::from(row).style(theme::prompt()));
            }
        }
        for text in &step.instructions {
            for (n, row) in hanging(&clean(text), " • ", width).into_iter().enumerate() {
                let (bullet, rest) = row.split_at(if n == 0 { " • ".len() } else { 0 });
                lines.push(Line::from(vec![
                    Span::styled(bullet.to_string(), theme::dim()),
                    Span::raw(rest.to_string()),
                ]));
            }
        }
    } else if let Some(note) = &block.note {
        lines.extend(
            hanging(&clean(note), " ", width)
                .into_iter()
                .map(Line::from),
        );
    } else if block.kind == BlockKind::Rest {
        lines.push(Line::from(" Breathe. Shake out your legs.").style(theme::dim()));
    }
    let rows = usize::from(area.height);
    if lines.len() > rows && rows > 0 {
        // Say that there is more rather than cut it silently.
        lines.truncate(rows - 1);
        lines.push(Line::from("   … (the full text: `limber show`)").style(theme::dim()));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// `text` wrapped to `width` with `first` before its first row and the rows
/// after it indented to line up under the text.
pub(super) fn hanging(text: &str, first: &str, width: usize) -> Vec<String> {
    let indent = " ".repeat(first.chars().count());
    let options = textwrap::Options::new(width.max(first.chars().count() + 8))
        .initial_indent(first)
        .subsequent_indent(&indent);
    textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}
