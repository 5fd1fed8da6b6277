//! Drawing every screen. Pure: reads the app, writes the frame, nothing else.

use super::app::{App, Finished, Prepared, Rating, Running, Screen};
use super::bigtext::{self, BigText};
use super::body::BodyMap;
use super::keys::{self, Mode};
use super::picker::keys_line;
use super::theme;
use crate::audio::AudioStatus;
use crate::core::engine::Status;
use crate::core::timeline::{Block, BlockKind, Side};
use crate::session::narrate::next_line;
use crate::store::journal::Saved;
use crate::text::{clean, clock, duration};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block as Frame_, Clear, LineGauge, Paragraph, Wrap};
use std::time::Instant;

/// Below this the layout cannot be drawn sensibly.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

pub fn render(app: &App, frame: &mut Frame, now: Instant) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, matches!(app.screen, Screen::Session(_)));
        theme::adapt(frame.buffer_mut(), app.palette);
        return;
    }
    match &app.screen {
        Screen::Picker => {
            let notice = app.notice.as_deref().or(app.sound_trouble.as_deref());
            app.picker.render(frame, area, notice);
            if app.help {
                help(frame, area, app.picker_mode());
            }
        }
        Screen::Caution(prepared) => caution(frame, area, prepared),
        Screen::Session(run) => session(app, run, frame, area, now),
        Screen::Finish(done) => finish(frame, area, done, app),
        Screen::History(history) => history.render(frame, area),
    }
    // Last, over the whole frame: the colours this terminal can show.
    theme::adapt(frame.buffer_mut(), app.palette);
}

fn too_small(frame: &mut Frame, area: Rect, in_session: bool) {
    let mut lines = vec![
        Line::from("Make the terminal larger").bold(),
        Line::from(format!(
            "limber needs {MIN_WIDTH}x{MIN_HEIGHT}; this is {}x{}.",
            area.width, area.height
        )),
    ];
    if in_session {
        lines.push(Line::from("The session keeps time.").style(theme::dim()));
    }
    let height = wrapped_height(&lines, area.width).min(area.height);
    let [middle] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(lines).centered().wrap(Wrap { trim: true }),
        middle,
    );
}

/// How many rows `lines` take when wrapped to `width` columns (a close
/// estimate: wrapping at word boundaries can add a row, so one is added).
fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
    u16::try_from(rows + 1).unwrap_or(u16::MAX)
}

/// A popup `width` wide, as tall as its text needs (plus borders).
fn fitted(area: Rect, width: u16, lines: &[Line]) -> Rect {
    let inner = width.min(area.width).saturating_sub(2);
    centered(area, width, wrapped_height(lines, inner) + 2)
}

fn caution(frame: &mut Frame, area: Rect, prepared: &Prepared) {
    let r = &prepared.routine;
    let text = vec![
        Line::from(clean(&r.title).into_owned()).style(theme::title()),
        Line::from(""),
        Line::from(clean(r.caution.as_deref().unwrap_or_default()).into_owned()),
        Line::from(""),
        Line::from("Stop if you feel sharp pain, numbness or tingling.").style(theme::dim()),
        Line::from(""),
        keys_line(&[("Enter", "I understand, begin"), ("Esc", "go back")]),
    ];
    let popup = fitted(area, 64, &text);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }).block(
            Frame_::bordered()
                .title(" Before you start ")
                .border_style(Style::new().fg(theme::WARN)),
        ),
        popup,
    );
}

fn session(app: &App, run: &Running, frame: &mut Frame, area: Rect, now: Instant) {
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

fn kind_color(kind: BlockKind) -> ratatui::style::Color {
    match kind {
        BlockKind::Work => theme::WORK,
        BlockKind::Transition => theme::READY,
        BlockKind::Rest => theme::REST,
    }
}

/// The title, block i of n, elapsed / total, and the progress gauge.
fn render_progress(
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
                super::fit(&clean(&run.runner.prepared().routine.title), title_width)
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
fn render_headline(frame: &mut Frame, area: Rect, block: &Block, paused: bool) {
    let color = kind_color(block.kind);
    let label = match block.kind {
        BlockKind::Work => "WORK".to_string(),
        BlockKind::Transition if block.second_side => {
            format!("SWITCH TO THE {} SIDE", block.side.label().to_uppercase())
        }
        BlockKind::Transition => "GET READY".to_string(),
        BlockKind::Rest => "REST".to_string(),
    };
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

/// The side in large letters, the big countdown and the body picture.
/// Returns where the countdown is, for the paused box.
fn render_main(frame: &mut Frame, area: Rect, block: &Block, status: &Status) -> Rect {
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

/// The largest scale of big text the session screen uses: today's 8-row digits,
/// for which its layout is made.
const BIG_SCALE_MAX: u16 = 2;

/// Large text in the biggest size that fits (up to [`BIG_SCALE_MAX`]); plain
/// bold text otherwise.
fn big(frame: &mut Frame, area: Rect, text: &str, style: Style, center: bool) {
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

/// Instructions, with the due prompt highlighted; for a transition, those of the
/// coming work, so the runner can get into position.
fn render_details(
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
fn hanging(text: &str, first: &str, width: usize) -> Vec<String> {
    let indent = " ".repeat(first.chars().count());
    let options = textwrap::Options::new(width.max(first.chars().count() + 8))
        .initial_indent(first)
        .subsequent_indent(&indent);
    textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// The keys on the left, the speed and sound on the right; on a narrow
/// terminal the keys lose their words before the status is dropped.
fn render_footer(app: &App, run: &Running, frame: &mut Frame, area: Rect) {
    if run.confirm_quit {
        frame.render_widget(
            Paragraph::new(keys_line(&keys::footer(Mode::ConfirmQuit))),
            area,
        );
        return;
    }
    let engine = run.runner.engine();
    // The table's words, with the two that say what the key will do now.
    let keys: Vec<(&str, &str)> = keys::footer(Mode::Session)
        .into_iter()
        .map(|(key, word)| match word {
            "pause" if engine.is_paused() => (key, "resume"),
            "mute" if app.muted => (key, "unmute"),
            _ => (key, word),
        })
        .collect();
    let mut status = Vec::new();
    if engine.speed() > 1 {
        status.push(Span::styled(
            format!("×{} preview ", engine.speed()),
            theme::key(),
        ));
    }
    let sound = match &app.sound {
        _ if app.muted => "muted".to_string(),
        Some(AudioStatus::Ready) => format!("♪ {}%", app.volume),
        Some(other) => other.label(),
        None => String::new(),
    };
    if let Some(sound) = &app.sound_trouble {
        status.push(Span::styled(
            format!("{} · ", crate::text::fit(sound, 36)),
            Style::new().fg(theme::WARN),
        ));
    }
    if let Some(trouble) = &app.not_saving {
        status.push(Span::styled(
            format!("{} · ", trouble.short()),
            Style::new().fg(theme::WARN),
        ));
    }
    if app.voice_missing {
        status.push(Span::styled(
            format!("{} · ", AudioStatus::NoVoice.label()),
            Style::new().fg(theme::WARN),
        ));
    }
    status.push(Span::styled(format!("{sound} "), theme::dim()));
    let status = Line::from(status);
    let width = usize::from(area.width);
    let full = keys_line(&keys);
    let bare: Vec<(&str, &str)> = keys.iter().map(|(key, _)| (*key, "")).collect();
    let bare = keys_line(&bare);
    let keys = if full.width() + status.width() < width {
        full
    } else {
        bare
    };
    let show_status = keys.width() + status.width() < width;
    frame.render_widget(Paragraph::new(keys), area);
    if show_status {
        frame.render_widget(Paragraph::new(status).alignment(Alignment::Right), area);
    }
}

/// The keys of `mode`, every row of its table.
pub fn help(frame: &mut Frame, area: Rect, mode: Mode) {
    let mut lines = vec![Line::from("")];
    for b in keys::table(mode) {
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<8}", keys::all_keys(b)), theme::key()),
            Span::raw(b.long),
        ]));
    }
    lines.push(Line::from(""));
    if mode == Mode::Session {
        lines
            .push(Line::from("  Sounds: start, 3-2-1, switch, halfway, done.").style(theme::dim()));
    }
    lines.push(Line::from("  Any key closes this help.").style(theme::dim()));
    let popup = fitted(area, 64, &lines);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Frame_::bordered()
                .title(" Keys ")
                .border_style(theme::key()),
        ),
        popup,
    );
}

fn finish(frame: &mut Frame, area: Rect, done: &Finished, app: &App) {
    let exit_after = app.exit_after_session;
    let r = &done.report;
    let p = &done.prepared;
    let headline = if done.stopped {
        Line::from("Session stopped").bold().fg(theme::WARN)
    } else {
        Line::from("Well done!").bold().fg(theme::WORK)
    };
    let planned_work = p.timeline.work_secs();
    let mut lines = vec![
        headline,
        Line::from(clean(&p.routine.title).into_owned()).style(theme::title()),
        Line::from(""),
        Line::from(vec![
            Span::styled("Work done   ", theme::dim()),
            Span::raw(format!(
                "{} of {}",
                duration(u64::from(r.work_secs)),
                duration(u64::from(planned_work))
            )),
        ]),
    ];
    for (target, secs) in &r.targets {
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<16}", target.label()), theme::dim()),
            Span::raw(duration(u64::from(*secs))),
        ]));
    }
    if done.skipped.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Skipped     ", theme::dim()),
            Span::raw("nothing"),
        ]));
    } else {
        lines.push(Line::from(vec![
            Span::styled("Skipped     ", theme::dim()),
            Span::raw(done.skipped.join("; ")),
        ]));
    }
    lines.push(Line::from(""));
    match done.rating {
        Rating::Asking => {
            lines.push(Line::from("How tight is it now? 0 = loose, 10 = very tight").bold());
            let mut keys = keys::footer(Mode::FinishRating);
            keys.retain(|(_, word)| *word != "skip and leave");
            keys.push(("other key", "skip"));
            lines.push(keys_line(&keys));
        }
        Rating::Given(r) => lines.push(Line::from(vec![
            Span::styled("Tightness   ", theme::dim()),
            Span::raw(match done.tightness_before {
                Some(b) => format!("{b} before, {r} now"),
                None => format!("{r} now"),
            }),
        ])),
        Rating::Skipped | Rating::Off => {}
    }
    if let Some(saved) = &app.saved {
        let style = match saved {
            Saved::No { .. } => Style::new().fg(theme::WARN),
            Saved::Yes | Saved::Nothing => theme::dim(),
        };
        let message = saved.message();
        if !message.is_empty() {
            lines.push(Line::from(clean(&message).into_owned()).style(style));
        }
    }
    let leave = if exit_after {
        "quit"
    } else {
        "back to routines"
    };
    lines.push(keys_line(&[("Enter", leave)]));
    let popup = fitted(area, 64, &lines);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Frame_::bordered()
                .title(" Finished ")
                .border_style(Style::new().fg(theme::WORK)),
        ),
        popup,
    );
}

/// A `w` x `h` rectangle in the middle of `area`, shrunk to fit.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}
