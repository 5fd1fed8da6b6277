//! What the session screen says in words under the big row: a paced block's
//! repetition and time left, the opening question, the due prompt (framed, so
//! it stands out), and the instructions,
//! which page with a key when they do not fit, never cut off. A rest says its
//! note once and what comes next, with that exercise's instructions.

use crate::core::engine::Status;
use crate::core::timeline::{BlockKind, Timeline};
use crate::session::narrate::{next_line, pace_words, paced_caption};
use crate::text::clean;
use crate::ui::tui::keys::{self, Action, Mode};
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block as Frame_, BorderType, Paragraph, Wrap};

/// The words of one block, wrapped to a width.
pub(super) struct Details {
    /// A paced block's repetition, side and time left; "How tight is it right
    /// now?" while it is asked.
    top: Vec<Line<'static>>,
    /// The prompt due now, wrapped (without its frame).
    prompt: Vec<String>,
    /// The instructions (or a rest's note and what comes next), wrapped.
    text: Vec<Line<'static>>,
    /// The width all is wrapped to.
    width: usize,
}

/// The rows the prompt's frame adds.
const FRAME: u16 = 2;

impl Details {
    /// The words of `block` (at `index` of `timeline`) for a region `width` wide.
    pub(super) fn of(
        timeline: &Timeline,
        index: usize,
        status: &Status,
        ask_tightness: bool,
        width: u16,
    ) -> Details {
        let block = &timeline.blocks[index];
        let width = usize::from(width);
        let mut top = Vec::new();
        if let (Some(pace), Some(at)) = (block.pace, status.pace) {
            let caption = paced_caption(block, at.rep, pace.reps, status.remaining_secs);
            top.push(Line::from(caption).style(theme::title()).centered());
        }
        if ask_tightness {
            // Optional, and never in the way: the session runs on regardless.
            top.push(Line::from(vec![
                Span::styled(" How tight is it right now? ", Style::new().bold()),
                Span::styled("0", theme::key()),
                Span::raw(" (loose) to "),
                Span::styled("9", theme::key()),
                Span::raw(", "),
                Span::styled("t", theme::key()),
                Span::raw(" for 10. Optional."),
            ]));
        }
        let prompt = block
            .step
            .as_ref()
            .and_then(|step| status.prompt.and_then(|i| step.prompts.get(i)))
            .map(|prompt| hanging(&clean(&prompt.text), " ", width.saturating_sub(4)))
            .unwrap_or_default();
        let mut text = Vec::new();
        if block.kind == BlockKind::Rest {
            let note = block
                .note
                .as_deref()
                .map_or_else(|| "Breathe. Shake out your legs.".into(), clean);
            text.extend(hanging(&note, " ", width).into_iter().map(Line::from));
            // What comes next, and how to do it, while there is time to read.
            text.push(Line::from(""));
            let up_next = next_line(timeline, index);
            for (n, row) in hanging(&up_next, " Up next: ", width)
                .into_iter()
                .enumerate()
            {
                let (head, rest) = row.split_at(if n == 0 { " Up next: ".len() } else { 0 });
                text.push(Line::from(vec![
                    Span::styled(head.to_string(), theme::dim()),
                    Span::styled(rest.to_string(), theme::title()),
                ]));
            }
            if let Some(step) = timeline.blocks[index + 1..]
                .iter()
                .find(|b| b.kind == BlockKind::Work)
                .and_then(|b| b.step.as_ref())
            {
                bullets(&mut text, &step.instructions, width);
            }
        } else if let Some(step) = &block.step {
            // A get-ready before paced work says the dose first: how many,
            // and how slowly.
            let pace = timeline.blocks.get(index + 1).and_then(|b| b.pace);
            if let (BlockKind::Transition, Some(pace)) = (block.kind, pace) {
                for row in hanging(&pace_words(pace), " ", width) {
                    text.push(Line::from(row).style(theme::title()));
                }
            }
            bullets(&mut text, &step.instructions, width);
        }
        Details {
            top,
            prompt,
            text,
            width,
        }
    }

    /// Rows for the top lines and the prompt, framed when `framed`.
    fn head_rows(&self, framed: bool) -> u16 {
        let prompt = match self.prompt.len() {
            0 => 0,
            n if framed => n + usize::from(FRAME),
            n => n,
        };
        self.top_rows()
            .saturating_add(u16::try_from(prompt).unwrap_or(u16::MAX))
    }

    /// Rows the top lines take, wrapped to the width.
    fn top_rows(&self) -> u16 {
        let rows: usize = self
            .top
            .iter()
            .map(|line| line.width().div_ceil(self.width.max(1)))
            .sum();
        u16::try_from(rows).unwrap_or(u16::MAX)
    }

    /// The fewest rows that show what must show: the top lines, the prompt, and
    /// `text` rows of the rest (all of it with `None`).
    pub(super) fn rows_wanted(&self, text: Option<u16>) -> u16 {
        let all = u16::try_from(self.text.len()).unwrap_or(u16::MAX);
        let text = text.map_or(all, |rows| rows.min(all));
        self.head_rows(true).saturating_add(text)
    }

    /// Draws into `area`, the instructions at page `page` (wrapped around to
    /// the pages there are). Returns whether they page (so the footer offers
    /// the key).
    pub(super) fn render(&self, frame: &mut Frame, area: Rect, page: usize) -> bool {
        let framed = area.height > self.head_rows(true) && area.width >= 24;
        let head = self.head_rows(framed).min(area.height);
        let top = self.top_rows();
        let [top_area, prompt_area, text_area] = Layout::vertical([
            Constraint::Length(top),
            Constraint::Length(head.saturating_sub(top)),
            Constraint::Fill(1),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(self.top.clone()).wrap(Wrap { trim: false }),
            top_area,
        );
        if !self.prompt.is_empty() {
            let lines: Vec<Line> = self
                .prompt
                .iter()
                .map(|row| Line::from(row.clone()).style(theme::prompt().bold()))
                .collect();
            let paragraph = Paragraph::new(lines);
            if framed {
                frame.render_widget(
                    paragraph.block(
                        Frame_::bordered()
                            .border_type(BorderType::Thick)
                            .border_style(Style::new().fg(theme::ACCENT))
                            .title(" now "),
                    ),
                    prompt_area,
                );
            } else {
                frame.render_widget(paragraph, prompt_area);
            }
        }
        self.render_text(frame, text_area, page)
    }

    fn render_text(&self, frame: &mut Frame, area: Rect, page: usize) -> bool {
        let rows = usize::from(area.height);
        if self.text.len() <= rows {
            frame.render_widget(Paragraph::new(self.text.clone()), area);
            return false;
        }
        if rows == 0 {
            return false;
        }
        // A row for "page 1 of 3" when there is room for it and a line besides.
        let marked = rows >= 3;
        let per_page = if marked { rows - 1 } else { rows };
        let pages = self.text.len().div_ceil(per_page);
        let page = page % pages;
        let mut lines: Vec<Line> = self
            .text
            .iter()
            .skip(page * per_page)
            .take(per_page)
            .cloned()
            .collect();
        if marked {
            let key = more_key();
            lines.resize(per_page, Line::from(""));
            lines.push(Line::from(vec![
                Span::styled(format!("   page {} of {pages} · ", page + 1), theme::dim()),
                Span::styled(key, theme::key()),
                Span::styled(" for more", theme::dim()),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), area);
        true
    }
}

/// The key that pages the instructions, as the key table writes it.
fn more_key() -> &'static str {
    keys::table(Mode::Session)
        .iter()
        .find(|b| b.action == Action::More)
        .map_or("?", |b| b.label)
}

/// `texts` as bullets, wrapped to `width`.
fn bullets(lines: &mut Vec<Line<'static>>, texts: &[String], width: usize) {
    for text in texts {
        for (n, row) in hanging(&clean(text), " • ", width).into_iter().enumerate() {
            let (bullet, rest) = row.split_at(if n == 0 { " • ".len() } else { 0 });
            lines.push(Line::from(vec![
                Span::styled(bullet.to_string(), theme::dim()),
                Span::raw(rest.to_string()),
            ]));
        }
    }
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
