//! Drawing the today screen. Pure: reads the screen, writes the frame.
//!
//! ```text
//!  limber  today  Mon 10 Mar 2025
//!  Plantar heel pain: 8 weeks            (one section per plan)
//!  day 3 of 56 · phase Settle · adherence 67%
//!  ▶ plantar-stretch   1 of 3 done       (due first, selectable)
//!    calf-stretch      1 of 1 done       (done: dimmed)
//!  Heel pain on your first steps? 0-9, t = 10
//!  ! a warning
//!  Week 1 · Settle
//!   Mon  Tue [Wed] Thu  Fri  Sat  Sun
//!   3/3  2/3  1/3   ·    ·    ·    ·
//!  keys                                   (footer, or the notice)
//! ```

use super::{PlanToday, TodayScreen};
use crate::core::plan::state::{DayTally, Progress, Warning};
use crate::core::plan::words;
use crate::text::{clean, fit_pad};
use crate::ui::tui::keys;
use crate::ui::tui::picker::keys_line;
use crate::ui::tui::theme;
use chrono::{Datelike, Days};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::fmt::Write as _;

/// Columns of one day of the week strip.
const DAY_WIDTH: usize = 5;

impl TodayScreen {
    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let [header, body, footer] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(" limber ", theme::key().reversed()),
                Span::raw("  today  "),
                Span::styled(words::day(self.date), theme::dim()),
            ])),
            header,
        );
        let (lines, selected_line) = self.lines(usize::from(body.width));
        // As far down as keeps the selected routine in view, the top first.
        let rows = usize::from(body.height);
        let scroll = selected_line.map_or(0, |at| (at + 2).saturating_sub(rows));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((u16::try_from(scroll).unwrap_or(0), 0)),
            body,
        );
        let footer_line = match &self.notice {
            Some(notice) => Line::from(clean(notice).into_owned()).fg(theme::ACCENT),
            None => footer_keys(
                usize::from(footer.width),
                self.mode(),
                !self.choices().is_empty(),
            ),
        };
        frame.render_widget(Paragraph::new(footer_line), footer);
    }

    /// Every line of the body, and which of them is the selected routine's
    /// (warnings wrap, so they come after it within their plan).
    fn lines(&self, width: usize) -> (Vec<Line<'static>>, Option<usize>) {
        let mut lines = Vec::new();
        let mut selected_line = None;
        let selected = self.selected_choice();
        let mut choice = 0;
        for (i, plan) in self.plans.iter().enumerate() {
            if i > 0 {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(format!(" {}", clean(&plan.title))).style(theme::title()));
            lines.push(Line::from(format!(" {}", facts(plan))).style(theme::dim()));
            let rows = plan.rows();
            let id_width = rows
                .iter()
                .map(|d| clean(&d.routine).chars().count())
                .max()
                .unwrap_or(0)
                .min(width.saturating_sub(24).max(8));
            if plan.state.progress == Progress::Active {
                if rows.is_empty() {
                    lines
                        .push(Line::from(format!("   {}", words::NOTHING_DUE)).style(theme::dim()));
                } else if rows.iter().all(|d| d.left() == 0) {
                    lines.push(Line::from(format!("   {}", words::ALL_DONE)).fg(theme::WORK));
                }
            }
            for due in rows {
                let open = due.left() > 0 && plan.state.progress == Progress::Active;
                let is_selected = open && selected == Some(choice);
                let mark = if is_selected { " ▶ " } else { "   " };
                let missing = plan.state.warnings.iter().any(
                    |w| matches!(w, Warning::MissingRoutine { routine } if *routine == due.routine),
                );
                let text = format!(
                    "{mark}{}  {}{}",
                    fit_pad(&clean(&due.routine), id_width),
                    words::done_of(due),
                    if missing { "  (missing)" } else { "" }
                );
                let style = if is_selected {
                    theme::selected()
                } else if open {
                    Style::new()
                } else {
                    theme::dim()
                };
                if is_selected {
                    selected_line = Some(lines.len());
                }
                lines.push(Line::from(text).style(style));
                if open {
                    choice += 1;
                }
            }
            if plan.state.progress == Progress::Active && plan.question.is_some() {
                lines.push(Line::from(""));
                lines.push(checkin_line(plan));
            }
            for w in &plan.state.warnings {
                lines.push(Line::from(format!(" ! {}", words::warning(w))).fg(theme::WARN));
            }
            if plan.state.progress == Progress::Active {
                lines.push(Line::from(""));
                lines.extend(week_strip(plan, self.date));
            }
        }
        for problem in &self.problems {
            lines.push(Line::from(""));
            lines.push(Line::from(format!(" ! {}", clean(problem))).fg(theme::WARN));
        }
        (lines, selected_line)
    }

    fn selected_choice(&self) -> Option<usize> {
        let count = self.choices().len();
        (count > 0).then(|| self.selected.min(count - 1))
    }
}

/// The keys of `mode`; when they do not fit, the last ones lose their words
/// first (`q quit` becomes `q`); `Enter start` only while something is left to start.
fn footer_keys(width: usize, mode: keys::Mode, startable: bool) -> Line<'static> {
    let mut keys = keys::footer(mode);
    keys.retain(|(_, word)| startable || *word != "start");
    let mut line = keys_line(&keys);
    for i in (0..keys.len()).rev() {
        if line.width() <= width {
            break;
        }
        keys[i].1 = "";
        line = keys_line(&keys);
    }
    line
}

/// `day 3 of 56 · phase Settle · adherence 67%`.
fn facts(plan: &PlanToday) -> String {
    let state = &plan.state;
    let mut facts = words::progress(state.progress, state.day, state.days, plan.on);
    if state.progress == Progress::Active
        && let Some(phase) = plan.phases.get(state.phase)
    {
        let _ = write!(facts, " · phase {}", clean(phase));
    }
    if let Some(ratio) = state.adherence.ratio() {
        let _ = write!(facts, " · adherence {}", words::percent(ratio));
    }
    facts
}

/// The question with its keys, or today's answer; empty when none is asked.
fn checkin_line(plan: &PlanToday) -> Line<'static> {
    let Some(question) = &plan.question else {
        return Line::from("");
    };
    match plan.state.checkin {
        Some(value) => {
            Line::from(format!(" Check-in: {value} today, thank you.")).style(theme::dim())
        }
        None => Line::from(vec![
            Span::styled(format!(" {}?", clean(question)), theme::title()),
            Span::styled(" 0-9", theme::key()),
            Span::raw(","),
            Span::styled(" t", theme::key()),
            Span::raw(" = 10"),
        ]),
    }
}

/// The plan's week: its 7 days from the week's first, each with asked vs done
/// of its day prescriptions; today in brackets; days to come a dot.
fn week_strip(plan: &PlanToday, today: chrono::NaiveDate) -> Vec<Line<'static>> {
    let state = &plan.state;
    let phase = plan.phases.get(state.phase).map_or("", String::as_str);
    let week_index = state.day.saturating_sub(1) / 7;
    let first = plan.on + Days::new(u64::from(week_index) * 7);
    let mut names = vec![Span::raw(" ")];
    let mut counts = vec![Span::raw(" ")];
    for offset in 0..7u64 {
        let date = first + Days::new(offset);
        let tally = state.calendar.iter().find(|t| t.day.date == date);
        let name = date.weekday().to_string();
        let is_today = date == today;
        let (name, count) = if is_today {
            (format!("[{name}]"), format!("[{}]", count_of(tally)))
        } else {
            (format!(" {name} "), format!(" {} ", count_of(tally)))
        };
        let name_style = if is_today { theme::key() } else { theme::dim() };
        names.push(Span::styled(fit_pad(&name, DAY_WIDTH), name_style));
        counts.push(Span::styled(
            fit_pad(&format!("{count:^5}"), DAY_WIDTH),
            count_style(tally, is_today),
        ));
    }
    vec![
        Line::from(format!(" {}", words::week(state.day, phase))).style(theme::dim()),
        Line::from(names),
        Line::from(counts),
    ]
}

/// `2/3`, `–` for a day that asked nothing, `·` for one to come.
fn count_of(tally: Option<&DayTally>) -> String {
    match tally {
        None => "·".into(),
        Some(t) if t.asked == 0 => "–".into(),
        Some(t) => format!("{}/{}", t.done.min(t.asked), t.asked),
    }
}

fn count_style(tally: Option<&DayTally>, today: bool) -> Style {
    let style = match tally {
        Some(t) if t.asked > 0 && t.done >= t.asked => Style::new().fg(theme::WORK),
        Some(t) if t.asked > 0 && !today => Style::new().fg(theme::ACCENT),
        _ => theme::dim(),
    };
    if today { style.bold() } else { style }
}
