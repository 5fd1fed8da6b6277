//! The finish screen: what was done, the rating after, what became of the record.

use super::fitted;
use crate::store::journal::Saved;
use crate::text::{clean, duration};
use crate::ui::tui::app::{App, Finished, Rating};
use crate::ui::tui::keys::{self, Mode};
use crate::ui::tui::picker::keys_line;
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block as Frame_, Paragraph, Wrap};

pub(super) fn finish(frame: &mut Frame, area: Rect, done: &Finished, app: &App) {
    let r = &done.report;
    let p = &done.prepared;
    let standing = done.standing;
    // Praise only what counts: a preview or a session skipped through is
    // named for what it was.
    let headline = if done.stopped {
        Line::from("Session stopped").bold().fg(theme::WARN)
    } else if standing.preview {
        Line::from("Preview finished").bold().fg(theme::ACCENT)
    } else if standing.skipped_through {
        Line::from("Skipped through").bold().fg(theme::WARN)
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
    if let Some(why) = not_counted(done) {
        lines.push(Line::from(why).style(Style::new().fg(theme::ACCENT)));
    }
    lines.extend(filled(done, app));
    if let Some(streak) = &app.streak {
        // Green only for a session that counts: a streak is no praise for one
        // that does not.
        let style = if standing.counts {
            Style::new().bold().fg(theme::WORK)
        } else {
            theme::dim()
        };
        lines.push(Line::from(clean(streak).into_owned()).style(style));
    }
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
    lines.push(keys_line(&[("Enter", leave(app))]));
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

/// Why the session counts for nothing (SPEC 8), in plain words; `None` when it counts.
fn not_counted(done: &Finished) -> Option<&'static str> {
    let standing = done.standing;
    if standing.counts {
        None
    } else if standing.preview {
        Some("A preview (--speed): not counted in your totals, streak or plans.")
    } else if done.stopped {
        Some("Stopped before the end: it counts for no streak.")
    } else if standing.skipped_through {
        Some("Less than half of the work was done: it counts for no streak.")
    } else {
        Some("It counts for no streak.")
    }
}

/// What the session filled of the plans (`plantar-stretch: 2 of 3 today`), as
/// read again after its record was saved; nothing for one that does not count.
fn filled(done: &Finished, app: &App) -> Vec<Line<'static>> {
    let Some(today) = app.today.as_ref().filter(|_| done.standing.counts) else {
        return Vec::new();
    };
    if app.saved != Some(Saved::Yes) {
        return Vec::new();
    }
    today
        .progress_of(&done.prepared.id)
        .into_iter()
        .map(|line| Line::from(line).style(Style::new().bold().fg(theme::WORK)))
        .collect()
}

/// Where Enter goes from here, in a word or three.
fn leave(app: &App) -> &'static str {
    if app.exit_after_session {
        "quit"
    } else if app.home_today && app.today.is_some() {
        "back to today"
    } else {
        "back to routines"
    }
}
