//! The big row of a session: the countdown and the side, each in the largest
//! block letters the row allows, so a runner on the floor two metres away can
//! read both. The sizes are chosen together ([`plan`], pure): the countdown
//! first, the side as large as what is left allows.
//!
//! A paced work block shows its phase instead (`UP 3`: the phase and the
//! seconds left in it) as the countdown, and the repetition (`7/12`) in the
//! side's place; the words under them say the rest (see `details`).

use super::kind_color;
use crate::core::engine::Status;
use crate::core::timeline::{Block, BlockKind, Pace, Phase, PhaseAt, Side};
use crate::session::narrate::phase_word;
use crate::text::clock;
use crate::ui::tui::bigtext::{self, BigText};
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Style};
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
    /// all (when `side_first`), then the countdown's height before the side's.
    fn score(&self, side_first: bool) -> u32 {
        // Every text is as tall at one scale, whatever it says.
        let rows = |scale: Option<u16>| scale.map_or(0, |s| u32::from(size("0", s).1));
        let present = if side_first && self.side.is_some() {
            10_000
        } else {
            0
        };
        // Scales 0 and 1 are as tall: the wider, bolder one wins a tie.
        let bolder = u32::from(self.countdown.unwrap_or(0).min(9));
        present + 10 * (3 * rows(self.countdown) + 2 * rows(self.side)) + bolder
    }
}

fn size(text: &str, scale: u16) -> (u16, u16) {
    bigtext::size(text, scale)
}

/// What shows in the side's place, and how much it matters.
#[derive(Debug, Clone, Copy)]
pub struct Second<'a> {
    /// The widest text it shows.
    pub widest: &'a str,
    /// Large whenever it fits at all (the side, which nothing else says as
    /// clearly), rather than only when it costs the countdown less than it
    /// brings (a paced block's repetition, which its words say too).
    pub first: bool,
}

/// The best sizes for `countdown` (the widest text the block's clock shows)
/// and `side` (what shows in the side's place, if anything) in `width` x
/// `height`. The side is never larger than the countdown.
pub fn plan(countdown: &str, side: Option<Second>, width: u16, height: u16) -> BigPlan {
    let side_first = side.is_some_and(|s| s.first);
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
        if alone.score(side_first) > best.score(side_first) {
            best = alone;
        }
        let Some(side) = side else {
            continue;
        };
        for s in 0..=c {
            let (sw, sh) = size(side.widest, s);
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
                if fits((candidate.width, candidate.height))
                    && candidate.score(side_first) > best.score(side_first)
                {
                    best = candidate;
                }
            }
        }
    }
    best
}

/// What the big row of a block says now, and the widest it gets in the block
/// (for sizing, so nothing jumps as the numbers change).
struct Texts {
    /// The countdown, or a paced block's phase and the seconds left in it.
    main: String,
    main_widest: String,
    main_color: Color,
    /// The side word, or a paced block's repetition.
    side: Option<String>,
    side_widest: Option<String>,
    side_style: Style,
}

impl Texts {
    fn of(block: &Block, status: &Status) -> Texts {
        match (block.kind, block.pace, status.pace) {
            (BlockKind::Work, Some(pace), Some(at)) => Texts::paced(pace, at),
            _ => Texts::timed(block, status),
        }
    }

    fn timed(block: &Block, status: &Status) -> Texts {
        let side = block
            .step
            .as_ref()
            .map(|_| side_word(block.side).to_string());
        Texts {
            main: clock(u64::from(status.remaining_secs)),
            main_widest: digits_to_zero(&clock(u64::from(block.secs))),
            main_color: kind_color(block.kind),
            side,
            side_widest: block.step.as_ref().map(|_| SIDE_SIZING.to_string()),
            side_style: Style::new().fg(theme::ACCENT).bold(),
        }
    }

    /// `UP 3`, and `7/12` in the side's place.
    fn paced(pace: Pace, at: PhaseAt) -> Texts {
        let widest_word = pace
            .phases()
            .map(|(phase, _)| phase_word(phase).len())
            .max()
            .unwrap_or(0);
        let t = pace.tempo;
        let longest = t.up.max(t.hold).max(t.down).max(t.pause);
        // Whole seconds left in the phase, rounded up like the countdown.
        let left = at.remaining.as_secs() + u64::from(at.remaining.subsec_nanos() > 0);
        Texts {
            main: format!("{} {left}", phase_word(at.phase)),
            main_widest: format!(
                "{} {}",
                "W".repeat(widest_word),
                digits_to_zero(&longest.to_string())
            ),
            main_color: phase_color(at.phase),
            side: Some(format!("{}/{}", at.rep, pace.reps)),
            side_widest: Some(digits_to_zero(&format!("{0}/{0}", pace.reps))),
            side_style: theme::title(),
        }
    }
}

fn digits_to_zero(text: &str) -> String {
    text.replace(|c: char| c.is_ascii_digit(), "0")
}

fn side_word(side: Side) -> &'static str {
    match side {
        Side::Left => "LEFT",
        Side::Right => "RIGHT",
        Side::Both => "BOTH",
    }
}

/// The colour of a phase: up and down apart at a glance, hold and pause calm.
fn phase_color(phase: Phase) -> Color {
    match phase {
        Phase::Up => theme::WORK,
        Phase::Hold => theme::ACCENT,
        Phase::Down => theme::READY,
        Phase::Pause => theme::REST,
    }
}

/// The rows the big row of `block` takes at best in `width` x `height`.
pub(super) fn plan_for(block: &Block, status: &Status, width: u16, height: u16) -> BigPlan {
    let texts = Texts::of(block, status);
    let side = texts.side_widest.as_deref().map(|widest| Second {
        widest,
        first: block.pace.is_none(),
    });
    plan(&texts.main_widest, side, width, height)
}

/// Draws the row as planned. Returns where the countdown is, for the paused box.
pub(super) fn render_big(
    frame: &mut Frame,
    area: Rect,
    block: &Block,
    status: &Status,
    plan: &BigPlan,
) -> Rect {
    let texts = Texts::of(block, status);
    let color = if status.paused {
        theme::DIM
    } else {
        texts.main_color
    };
    let [group] = Layout::horizontal([Constraint::Length(plan.width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let (side_area, count_area) = match (plan.side, &texts.side_widest) {
        (Some(scale), Some(widest)) => {
            let (sw, sh) = size(widest, scale);
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
        _ => (None, group),
    };
    // Paused, the countdown gives way to the PAUSED box (which shows the time).
    if !status.paused {
        big(
            frame,
            count_area,
            &texts.main,
            plan.countdown,
            Style::new().fg(color),
        );
    }
    if let (Some(side_area), Some(scale), Some(side)) = (side_area, plan.side, &texts.side) {
        big(frame, side_area, side, Some(scale), texts.side_style);
    } else if let (None, Some(side), Some(_)) = (block.pace, &texts.side, plan.countdown) {
        // No room for large letters: a framed badge beside the countdown, if
        // there is room for one (the headline says the side in any case).
        let room = area.width.saturating_sub(plan.width) / 2;
        if room >= 17 {
            let badge = Rect::new(area.x + 1, area.y, 15, area.height);
            side_badge(frame, badge, side, texts.side_style);
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

    const SIDE: Option<Second> = Some(Second {
        widest: SIDE_SIZING,
        first: true,
    });

    #[test]
    fn the_countdown_comes_first_and_the_side_is_as_large_as_the_rest_allows() {
        // 80 columns, 12 rows: both at 12 rows, side by side.
        let p = plan("0:00", SIDE, 80, 12);
        assert_eq!((p.countdown, p.side, p.stacked), (Some(3), Some(3), false));
        // Narrow: the side goes above the countdown, or small beside it,
        // rather than leave the countdown alone.
        for (w, h) in [(40, 12), (60, 14), (60, 30)] {
            let p = plan("0:00", SIDE, w, h);
            assert!(p.countdown >= Some(1), "{w}x{h}: {p:?}");
            assert!(p.side.is_some(), "{w}x{h}: {p:?}");
        }
        // Wide and tall: much larger than at 80x24.
        let p = plan("0:00", SIDE, 200, 32);
        assert!(p.countdown >= Some(7), "{p:?}");
        assert!(p.side >= Some(4), "{p:?}");
        // Never more than the area.
        for (w, h) in [(0, 0), (10, 3), (40, 4), (60, 10), (120, 20), (200, 32)] {
            let p = plan("12:00", SIDE, w, h);
            assert!(p.width <= w && p.height <= h, "{w}x{h}: {p:?}");
        }
    }
}
