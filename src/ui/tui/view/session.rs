//! The session screen: header and progress, the headline, then the countdown,
//! details, next and footer regions, with the paused and quit overlays.

use super::countdown::{BigPlan, plan_for, render_big};
use super::details::Details;
use super::footer::render_footer;
use super::help::help;
use super::{centered, kind_color};
use crate::core::engine::Status;
use crate::core::timeline::{Block, BlockKind, Side, Timeline};
use crate::session::narrate::{next_line, rest_subject, round_words};
use crate::text::{clean, clock};
use crate::ui::tui::app::{App, Rating, Running};
use crate::ui::tui::body::BodyMap;
use crate::ui::tui::keys::{self, Mode};
use crate::ui::tui::picker::keys_line;
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block as Frame_, Clear, LineGauge, Paragraph};
use std::time::Instant;

pub(super) fn session(app: &App, run: &Running, frame: &mut Frame, area: Rect, now: Instant) {
    let status = run.runner.engine().status(now);
    let timeline = run.runner.timeline();
    let Some(index) = status.block else {
        return;
    };
    let block = &timeline.blocks[index];
    // "Next" is the lowest of all: it goes first on a short terminal. A rest
    // says what comes next in its own words.
    let next_rows = u16::from(area.height >= 16 && block.kind != BlockKind::Rest);
    let [header, gauge, headline, body, next, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(next_rows),
        Constraint::Length(1),
    ])
    .areas(area);

    render_progress(frame, header, gauge, run, &status, block);
    render_headline(frame, headline, block, status.paused);
    let ask = run.tightness_before == Rating::Asking;
    let layout = Regions::of(timeline, index, &status, ask, body);
    let countdown = render_big(frame, layout.big, block, &status, &layout.plan);
    let page = if run.page.0 == index { run.page.1 } else { 0 };
    let details = Details::of(timeline, index, &status, ask, layout.words.width);
    let paged = details.render(frame, layout.words, page);
    if let (Some(picture), Some(step)) = (layout.picture, &block.step) {
        frame.render_widget(
            BodyMap {
                target: step.target,
                side: block.side,
            },
            picture,
        );
    }
    // A get-ready already names the work it leads to: "Next" is what follows it.
    let after = if block.kind == BlockKind::Transition {
        index + 1
    } else {
        index
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" Next: ", theme::dim()),
            Span::raw(next_line(timeline, after)),
        ])),
        next,
    );
    render_footer(app, run, frame, footer, paged);

    if status.paused && !run.confirm_quit {
        let popup = centered(countdown, 34, 6);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from("PAUSED").bold(),
                Line::from(format!(
                    "{} left in this block",
                    clock(u64::from(status.remaining_secs))
                )),
                Line::from(""),
                Line::from("Space to resume").style(theme::dim()),
            ])
            .centered()
            .block(Frame_::bordered().border_style(theme::paused())),
            popup,
        );
    }
    if app.help {
        help(frame, area, Mode::Session);
    }
    if run.confirm_quit {
        let popup = centered(area, 40, 6);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from("Stop this session?").bold(),
                Line::from("What you did so far is kept.").style(theme::dim()),
                Line::from(""),
                keys_line(&keys::footer(Mode::ConfirmQuit)),
            ])
            .centered()
            .block(Frame_::bordered().border_style(Style::new().fg(theme::WARN))),
            popup,
        );
    }
}

/// The title, block i of n, elapsed / total, and the progress gauge.
pub(super) fn render_progress(
    frame: &mut Frame,
    header: Rect,
    gauge: Rect,
    run: &Running,
    status: &Status,
    block: &Block,
) {
    let timeline = run.runner.timeline();
    let index = status.block.unwrap_or_default();
    let area = header;
    let right = format!(
        "block {}/{}  {} / {} ",
        index + 1,
        timeline.blocks.len(),
        clock(u64::from(status.position_secs)),
        clock(u64::from(timeline.planned_secs))
    );
    let title_width = usize::from(area.width).saturating_sub(right.len() + 2);
    frame.render_widget(
        Paragraph::new(Line::from(vec![Span::styled(
            format!(
                " {}",
                crate::text::fit(&clean(&run.runner.prepared().routine.title), title_width)
            ),
            theme::title(),
        )])),
        header,
    );
    frame.render_widget(
        Paragraph::new(right)
            .alignment(Alignment::Right)
            .style(theme::dim()),
        header,
    );
    let ratio = if timeline.planned_secs == 0 {
        1.0
    } else {
        f64::from(status.position_secs) / f64::from(timeline.planned_secs)
    };
    frame.render_widget(
        LineGauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .filled_style(Style::new().fg(kind_color(block.kind)))
            .unfilled_style(theme::dim())
            .filled_symbol("━")
            .unfilled_symbol("─")
            .label(Span::styled(
                format!(" {:>3.0}% ", ratio * 100.0),
                theme::dim(),
            )),
        gauge,
    );
}

/// `WORK · Foam roll calf` with the step's kind and target, or `GET READY`, `REST`.
pub(super) fn render_headline(frame: &mut Frame, area: Rect, block: &Block, paused: bool) {
    let color = kind_color(block.kind);
    let label = crate::session::narrate::headline(block);
    let mut first = vec![Span::styled(
        format!(" {label} "),
        Style::new()
            .fg(ratatui::style::Color::Black)
            .bg(color)
            .bold(),
    )];
    if paused {
        first.push(Span::raw(" "));
        // Words, not the pause sign: common terminal fonts lack it.
        first.push(Span::styled(" PAUSED ", theme::paused()));
    }
    // A rest's note is said once, below, with what comes next.
    let name = match block.kind {
        BlockKind::Rest if block.note.is_none() => rest_subject(block),
        BlockKind::Rest => String::new(),
        _ => clean(&block.name).into_owned(),
    };
    first.push(Span::styled(format!("  {name}"), theme::title()));
    let mut second = Vec::new();
    if let Some(step) = &block.step {
        if block.kind == BlockKind::Transition {
            second.push(Span::styled(" up next · ", theme::dim()));
        } else {
            second.push(Span::raw(" "));
        }
        if block.side != Side::Both {
            second.push(Span::styled(
                format!("{} side", block.side.label().to_uppercase()),
                Style::new().fg(theme::ACCENT).bold(),
            ));
            second.push(Span::raw(" · "));
        }
        second.push(Span::raw(format!(
            "{} · {}",
            step.kind.label(),
            step.target.label()
        )));
        if block.sets > 1 {
            second.push(Span::raw(format!(" · set {} of {}", block.set, block.sets)));
        }
        if let Some(round) = block.round {
            second.push(Span::styled(
                format!(" · {}", round_words(round)),
                Style::new().fg(theme::ACCENT).bold(),
            ));
        }
        if let Some(tool) = &step.tool {
            second.push(Span::styled(format!(" · {}", clean(tool)), theme::dim()));
        }
    }
    frame.render_widget(
        Paragraph::new(vec![Line::from(first), Line::from(second)]),
        area,
    );
}

/// Where the parts of a session's body go, by priority: the big row (the
/// countdown, then the side) first, the words (the prompt, then the
/// instructions) under it, the picture where room is left.
pub(super) struct Regions {
    pub big: Rect,
    pub plan: BigPlan,
    pub words: Rect,
    pub picture: Option<Rect>,
}

impl Regions {
    /// The regions of block `index` in `body`.
    pub(super) fn of(
        timeline: &Timeline,
        index: usize,
        status: &Status,
        ask: bool,
        body: Rect,
    ) -> Regions {
        let block = &timeline.blocks[index];
        let picture_width = BodyMap::WIDTH + 2;
        let details = Details::of(timeline, index, status, ask, body.width);
        // During work the prompt must show, and a few rows of instructions
        // (the rest pages); a get-ready or a rest shows them all if it can:
        // that is when the runner reads them, on a small screen above all.
        let wanted = if block.kind == BlockKind::Work {
            details.rows_wanted(Some(3))
        } else {
            details.rows_wanted(None)
        };
        // The countdown keeps at least its smallest block letters, and takes
        // no more than three fifths of a large screen.
        let most = (body.height * 3 / 5).max(12);
        let rows = body
            .height
            .saturating_sub(wanted)
            .max(body.height.min(4))
            .min(most);
        let plan = plan_for(block, status, body.width, rows);
        let big_rows = plan.height.min(body.height);
        // A blank row between the big row and the words, when there is one.
        let gap = u16::from(body.height > big_rows + wanted);
        // On a large screen the whole stands in the middle, not at the top.
        let content = details.rows_wanted(None).max(if block.step.is_some() {
            BodyMap::HEIGHT
        } else {
            0
        });
        let spare = body.height.saturating_sub(big_rows + gap + content);
        // A blank row under the headline when all the words fit besides.
        let room = body
            .height
            .saturating_sub(big_rows + gap + details.rows_wanted(None));
        let top = (spare / 2).max(room.min(1));
        let [_, big, _, words] = Layout::vertical([
            Constraint::Length(top),
            Constraint::Length(big_rows),
            Constraint::Length(gap),
            Constraint::Fill(1),
        ])
        .areas(body);
        let mut regions = Regions {
            big,
            plan,
            words,
            picture: None,
        };
        if block.step.is_none() {
            return regions;
        }
        // The picture: beside the words if they leave it room, else beside the
        // big row if that costs the big letters nothing.
        if words.height >= BodyMap::HEIGHT && words.width >= picture_width + 40 {
            let [words, picture] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(picture_width)])
                    .areas(words);
            regions.words = words;
            regions.picture = Some(picture);
        } else if big.height >= BodyMap::HEIGHT && big.width >= picture_width {
            let narrower = plan_for(block, status, big.width - picture_width, rows);
            if narrower == plan {
                let [big, picture] =
                    Layout::horizontal([Constraint::Fill(1), Constraint::Length(picture_width)])
                        .areas(big);
                regions.big = big;
                regions.picture = Some(picture);
            }
        }
        regions
    }
}
