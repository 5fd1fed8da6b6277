//! The big row of a session: the countdown and the side, each in the largest
//! block letters the row allows, so a runner on the floor two metres away can
//! read both. The sizes are chosen together ([`plan`], pure): the countdown
//! first, the side as large as what is left allows.

use super::kind_color;
use crate::core::engine::Status;
use crate::core::timeline::{Block, Side};
use crate::text::clock;
use crate::ui::tui::bigtext::{self, BigText};
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block as Frame_, Paragraph};

/// Columns between the side and the countdown.
const GAP: u16 = 4;

/// The side word the row is sized for, whatever the block's side: the widest,
/// so the countdown keeps its size from one side to the other.
const SIDE_SIZING: &str = "RIGHT";

/// How the row is drawn: the scale of each text (see [`bigtext`]), and whether
/// the side shows large.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BigPlan {
    /// `None`: plain bold text (not even the compact form fits).
    pub countdown: Option<u16>,
    /// `None`: no side in large letters (a framed badge or the headline says it).
    pub side: Option<u16>,
    /// The side above the countdown rather than beside it.
    pub stacked: bool,
    /// Rows and columns the two take together.
    pub height: u16,
    pub width: u16,
}

impl BigPlan {
    /// How much a plan is worth: the side in large letters whenever it fits at
    /// all, then the countdown's height before the side's.
    fn score(&self) -> u32 {
        let rows = |scale: Option<u16>, text: &str| scale.map_or(0, |s| u32::from(size(text, s).1));
        let present = if self.side.is_some() { 10_000 } else { 0 };
        // Scales 0 and 1 are as tall: the wider, bolder one wins a tie.
        let bolder = u32::from(self.countdown.unwrap_or(0).min(9));
        present
            + 10 * (3 * rows(self.countdown, "0:00") + 2 * rows(self.side, SIDE_SIZING))
            + bolder
    }
}

fn size(text: &str, scale: u16) -> (u16, u16) {
    bigtext::size(text, scale)
}

/// The best sizes for `countdown` (the widest text the block's clock shows)
/// and, when `with_side`, the side, in `width` x `height`. The side is never
/// larger than the countdown.
pub fn plan(countdown: &str, with_side: bool, width: u16, height: u16) -> BigPlan {
    let mut best = BigPlan {
        countdown: None,
        side: None,
        stacked: false,
        height: height.min(1),
        width: width.min(u16::try_from(countdown.len()).unwrap_or(u16::MAX)),
    };
    let fits = |(w, h): (u16, u16)| w <= width && h <= height;
    for c in 0..=height / 4 {
        let (cw, ch) = size(countdown, c);
        if !fits((cw, ch)) {
            continue;
        }
        let alone = BigPlan {
            countdown: Some(c),
            side: None,
            stacked: false,
            height: ch,
            width: cw,
        };
        if alone.score() > best.score() {
            best = alone;
        }
        if !with_side {
            continue;
        }
        for s in 0..=c {
            let (sw, sh) = size(SIDE_SIZING, s);
            let beside = BigPlan {
                countdown: Some(c),
                side: Some(s),
                stacked: false,
                height: ch.max(sh),
                width: cw.saturating_add(GAP).saturating_add(sw),
            };
            let stacked = BigPlan {
                stacked: true,
                height: ch.saturating_add(sh).saturating_add(1),
                width: cw.max(sw),
                ..beside
            };
            for candidate in [beside, stacked] {
                if fits((candidate.width, candidate.height)) && candidate.score() > best.score() {
                    best = candidate;
                }
            }
        }
    }
    best
}

/// The countdown's text, and the widest it gets in this block (for sizing).
fn countdown_texts(block: &Block, status: &Status) -> (String, String) {
    let now = clock(u64::from(status.remaining_secs));
    let widest = clock(u64::from(block.secs)).replace(|c: char| c.is_ascii_digit(), "0");
    (now, widest)
}

/// The rows the big row of `block` takes at best in `width` x `height`.
pub(super) fn plan_for(block: &Block, status: &Status, width: u16, height: u16) -> BigPlan {
    let (_, widest) = countdown_texts(block, status);
    plan(&widest, block.step.is_some(), width, height)
}

/// Draws the row as planned. Returns where the countdown is, for the paused box.
pub(super) fn render_big(
    frame: &mut Frame,
    area: Rect,
    block: &Block,
    status: &Status,
    plan: &BigPlan,
) -> Rect {
    let (countdown, _) = countdown_texts(block, status);
    let color = if status.paused {
        theme::DIM
    } else {
        kind_color(block.kind)
    };
    let side_word = match block.side {
        Side::Left => "LEFT",
        Side::Right => "RIGHT",
        Side::Both => "BOTH",
    };
    let side_style = Style::new().fg(theme::ACCENT).bold();
    let [group] = Layout::horizontal([Constraint::Length(plan.width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let (side_area, count_area) = match plan.side {
        None => (None, group),
        Some(scale) => {
            let (sw, sh) = size(SIDE_SIZING, scale);
            if plan.stacked {
                let [side, _, count] = Layout::vertical([
                    Constraint::Length(sh),
                    Constraint::Length(1),
                    Constraint::Fill(1),
                ])
                .areas(group);
                (Some(side), count)
            } else {
                let [side, _, count] = Layout::horizontal([
                    Constraint::Length(sw),
                    Constraint::Length(GAP),
                    Constraint::Fill(1),
                ])
                .areas(group);
                (Some(side), count)
            }
        }
    };
    // Paused, the countdown gives way to the PAUSED box (which shows the time).
    if !status.paused {
        big(
            frame,
            count_area,
            &countdown,
            plan.countdown,
            Style::new().fg(color),
        );
    }
    if let (Some(side_area), Some(scale)) = (side_area, plan.side) {
        big(frame, side_area, side_word, Some(scale), side_style);
    } else if block.step.is_some() && plan.countdown.is_some() {
        // No room for large letters: a framed badge beside the countdown, if
        // there is room for one (the headline says the side in any case).
        let room = area.width.saturating_sub(plan.width) / 2;
        if room >= 17 {
            let badge = Rect::new(area.x + 1, area.y, 15, area.height);
            side_badge(frame, badge, side_word, side_style);
        }
    }
    count_area
}

/// The side as a framed label with spaced letters (`L E F T`): clear in any font
/// when there is no room for big glyphs.
fn side_badge(frame: &mut Frame, area: Rect, side: &str, style: Style) {
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

/// `text` at `scale`, in the middle of `area`; plain bold text without one.
fn big(frame: &mut Frame, area: Rect, text: &str, scale: Option<u16>, style: Style) {
    let height = scale.map_or(1, |scale| size(text, scale).1);
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    match scale {
        Some(scale) => frame.render_widget(
            BigText::new(text)
                .scale(scale)
                .style(style)
                .alignment(Alignment::Center),
            row,
        ),
        None => frame.render_widget(
            Paragraph::new(text.to_string())
                .style(style.bold())
                .centered(),
            row,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_comes_first_and_the_side_is_as_large_as_the_rest_allows() {
        // 80 columns, 12 rows: both at 12 rows, side by side.
        let p = plan("0:00", true, 80, 12);
        assert_eq!((p.countdown, p.side, p.stacked), (Some(3), Some(3), false));
        // Narrow: the side goes above the countdown, or small beside it,
        // rather than leave the countdown alone.
        for (w, h) in [(40, 12), (60, 14), (60, 30)] {
            let p = plan("0:00", true, w, h);
            assert!(p.countdown >= Some(1), "{w}x{h}: {p:?}");
            assert!(p.side.is_some(), "{w}x{h}: {p:?}");
        }
        // Wide and tall: much larger than at 80x24.
        let p = plan("0:00", true, 200, 32);
        assert!(p.countdown >= Some(7), "{p:?}");
        assert!(p.side >= Some(4), "{p:?}");
        // Never more than the area.
        for (w, h) in [(0, 0), (10, 3), (40, 4), (60, 10), (120, 20), (200, 32)] {
            let p = plan("12:00", true, w, h);
            assert!(p.width <= w && p.height <= h, "{w}x{h}: {p:?}");
        }
    }
}
