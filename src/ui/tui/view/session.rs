//! The session screen: header and progress, the headline, then the countdown,
//! details, next and footer regions, with the paused and quit overlays.

use super::countdown::render_main;
use super::details::render_details;
use super::footer::render_footer;
use super::help::help;
use super::{centered, kind_color};
use crate::core::engine::Status;
use crate::core::timeline::{Block, BlockKind, Side};
use crate::session::narrate::next_line;
use crate::text::{clean, clock};
use crate::ui::tui::app::{App, Rating, Running};
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
    let [header, gauge, headline, main, details, next, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        // The picture is 12 rows and the big digits 8: more is for instructions.
        Constraint::Max(12),
        Constraint::Min(2),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);

    render_progress(frame, header, gauge, run, &status, block);
    render_headline(frame, headline, block, status.paused);
    let countdown = render_main(frame, main, block, &status);
    let ask = run.tightness_before == Rating::Asking;
    render_details(frame, details, block, &status, ask);
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
    render_footer(app, run, frame, footer);

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
        first.push(Span::styled(" ⏸ PAUSED ", theme::paused()));
    }
    let name = match block.kind {
        BlockKind::Rest => block.note.as_deref().map_or_else(
            || format!("between sets of {}", clean(&block.name)),
            |n| clean(n).into_owned(),
        ),
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
        if let Some(tool) = &step.tool {
            second.push(Span::styled(format!(" · {}", clean(tool)), theme::dim()));
        }
    }
    frame.render_widget(
        Paragraph::new(vec![Line::from(first), Line::from(second)]),
        area,
    );
}
