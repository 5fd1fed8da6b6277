//! The main region of a session: the big countdown, the side and the body picture.

use super::kind_color;
use crate::core::engine::Status;
use crate::core::timeline::{Block, Side};
use crate::text::clock;
use crate::ui::tui::bigtext::{self, BigText};
use crate::ui::tui::body::BodyMap;
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block as Frame_, Paragraph};

/// The side in large letters, the big countdown and the body picture.
/// Returns where the countdown is, for the paused box.
pub(super) fn render_main(frame: &mut Frame, area: Rect, block: &Block, status: &Status) -> Rect {
    let show_body = block.step.is_some() && area.width >= 70 && area.height >= 8;
    let show_side = block.step.is_some() && area.width >= 56;
    let body_width = if show_body { BodyMap::WIDTH + 2 } else { 0 };
    // The side gets what the countdown (32 columns at full size) leaves, so that
    // RIGHT can be drawn in big letters on a wide terminal.
    let side_width = area.width.saturating_sub(body_width + 34).clamp(12, 42);
    let [side_area, count_area, body_area] = Layout::horizontal([
        Constraint::Length(if show_side { side_width } else { 0 }),
        Constraint::Min(10),
        Constraint::Length(body_width),
    ])
    .areas(area);

    let color = if status.paused {
        theme::DIM
    } else {
        kind_color(block.kind)
    };
    let countdown = clock(u64::from(status.remaining_secs));
    // Paused, the countdown gives way to the PAUSED box (which shows the time).
    if !status.paused {
        big(frame, count_area, &countdown, Style::new().fg(color), true);
    }

    if show_side {
        let side = match block.side {
            Side::Left => "LEFT",
            Side::Right => "RIGHT",
            Side::Both => "BOTH",
        };
        let [label, word, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(4),
            Constraint::Min(0),
        ])
        .areas(side_area);
        frame.render_widget(Paragraph::new(" side").style(theme::dim()), label);
        let style = Style::new().fg(theme::ACCENT).bold();
        let wide_enough = usize::from(word.width) >= side.len() * 8;
        if wide_enough {
            big(frame, word, side, style, false);
        } else {
            side_badge(frame, word, side, style);
        }
        let legs = if block.side == Side::Both {
            " both legs together".to_string()
        } else {
            format!(" {} leg", block.side.label())
        };
        frame.render_widget(Paragraph::new(legs).style(theme::dim()), rest);
    }
    if show_body && let Some(step) = &block.step {
        frame.render_widget(
            BodyMap {
                target: step.target,
                side: block.side,
            },
            body_area,
        );
    }
    count_area
}

/// The side as a framed label with spaced letters (`L E F T`): clear in any font
/// when there is no room for big glyphs.
pub(super) fn side_badge(frame: &mut Frame, area: Rect, side: &str, style: Style) {
    let spaced: Vec<String> = side.chars().map(String::from).collect();
    let text = spaced.join(" ");
    let width = u16::try_from(text.len() + 6)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let [row] = Layout::vertical([Constraint::Length(3)])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width)]).areas(row);
    frame.render_widget(
        Paragraph::new(Line::from(text).style(style))
            .centered()
            .block(
                Frame_::bordered()
                    .border_type(ratatui::widgets::BorderType::Thick)
                    .border_style(style),
            ),
        cell,
    );
}

/// The largest scale of big text the session screen uses: today's 8-row digits,
/// for which its layout is made.
pub(super) const BIG_SCALE_MAX: u16 = 2;

/// Large text in the biggest size that fits (up to [`BIG_SCALE_MAX`]); plain
/// bold text otherwise.
pub(super) fn big(frame: &mut Frame, area: Rect, text: &str, style: Style, center: bool) {
    if let Some(scale) = bigtext::fit(text, area) {
        let scale = scale.min(BIG_SCALE_MAX);
        let (_, height) = bigtext::size(text, scale);
        let [row] = Layout::vertical([Constraint::Length(height)])
            .flex(if center { Flex::Center } else { Flex::Start })
            .areas(area);
        let alignment = if center {
            Alignment::Center
        } else {
            Alignment::Left
        };
        frame.render_widget(
            BigText::new(text)
                .scale(scale)
                .style(style)
                .alignment(alignment),
            row,
        );
        return;
    }
    let [row] = Layout::vertical([Constraint::Length(1)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(text.to_string())
            .style(style.bold())
            .centered(),
        row,
    );
}
