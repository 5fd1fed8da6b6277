//! The history screen (`h` in the picker): the streak and this week's minutes, a
//! heat map of the last 12 weeks, minutes per target over the last 30 days,
//! tightness before and after, and a scrollable list of recent sessions.
//!
//! Everything is worked out once, in [`HistoryScreen::new`]; a frame only lays the
//! prepared lines out, so it costs the same for ten sessions or a hundred thousand.
//! The numbers are those of `limber history` ([`Stats`]), so the two always agree.
//!
//! The layout adapts to the terminal: at 80x24 the heat map and the targets sit
//! side by side over one line of tightness and the sessions; from 110 columns
//! tightness gets its own panel with taller sparklines; below 48 columns the
//! panels stack, and whatever does not fit is left out rather than squeezed.

use super::keys::Action;
use super::theme;
use crate::store::history::stats::{Stats, TARGET_DAYS};
use crate::store::history::{Outcome, Record};
use crate::text::{clean, fit_pad, minutes, plural, whole_minutes};
use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Paragraph, Wrap};
use std::cell::Cell;
use std::cmp::Reverse;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// Weeks in the heat map, the current one included.
pub const WEEKS: usize = 12;
/// Sessions the list keeps (newest first).
pub const SESSIONS: usize = 100;
/// Rated sessions kept for the sparklines (more than any terminal is wide).
const RATED: usize = 512;
const DAYS: usize = WEEKS * 7;
const DAY_LABELS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// Columns of the day labels, then 3 a week: a 2-column cell and a gap.
const LABEL_COLS: u16 = 4;
const WEEK_COLS: u16 = 3;
/// The heat map panel with all the weeks: labels, weeks, borders.
const HEAT_WIDTH: u16 = LABEL_COLS + WEEK_COLS * 12 + 2;
/// The narrowest target chart worth drawing beside the heat map.
const TARGETS_MIN_WIDTH: u16 = 30;
/// Tightness panel width in the wide layout.
const TIGHT_WIDTH: u16 = 36;
/// Heat levels: no completed session, then at most 5, 10, 20 minutes, more.
const LEVEL_SECS: [u64; 3] = [300, 600, 1200];
const SHADES: [&str; 5] = ["··", "░░", "▒▒", "▓▓", "██"];
const SHADE_COLOURS: [Color; 5] = [
    theme::DIM,
    Color::Rgb(55, 100, 60),
    Color::Rgb(75, 150, 85),
    Color::Rgb(105, 200, 115),
    Color::Rgb(150, 245, 150),
];
const BEFORE: Color = theme::WARN;
const AFTER: Color = theme::WORK;
const BAR: Color = theme::READY;
/// Eighth blocks for bar ends and sparklines.
const EIGHTHS: [&str; 9] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"];
const RISING: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
const EMPTY: [&str; 2] = [
    "No sessions yet.",
    "Pick a routine and press Enter: it will show up here.",
];

/// The history screen, ready to draw.
pub struct HistoryScreen {
    /// No record at all: the friendly empty state.
    empty: bool,
    /// "4-day streak", or how to start one.
    streak: String,
    streak_alive: bool,
    /// "5 min this week".
    week: String,
    /// "9 sessions, 46 min in all".
    totals: String,
    heat: Heat,
    /// Minutes per target, last 30 days, most first.
    targets: Vec<TargetRow>,
    tightness: Option<Tightness>,
    sessions: Vec<SessionRow>,
    /// The widest outcome, minutes and notes among `sessions`.
    widest: [usize; 3],
    /// Records in the log, previews included.
    records: usize,
    warning: Option<String>,
    /// First session row shown; clamped while drawing.
    offset: Cell<usize>,
    /// Session rows the last frame had room for (for `PgUp` and `PgDn`).
    page: Cell<usize>,
}

struct Heat {
    /// Level 0-4 of each day from the first Monday; `None` after today.
    days: [Option<u8>; DAYS],
    /// The day of the week of today, 0 for Monday.
    today_row: usize,
    /// The month of each week's Monday ("Mar").
    months: [String; WEEKS],
    /// Whether that week starts a new month (its Monday's month differs from the
    /// week before).
    new_month: [bool; WEEKS],
}

struct TargetRow {
    label: &'static str,
    secs: u64,
    minutes: String,
}

struct Tightness {
    /// "6.5 → 3.5"
    before_avg: String,
    after_avg: String,
    sessions: u32,
    /// Ratings of the last rated sessions, oldest first.
    before: Vec<u8>,
    after: Vec<u8>,
}

struct SessionRow {
    weekday: String,
    /// "2025-03-31 08:00"
    when: String,
    title: String,
    outcome: Outcome,
    minutes: String,
    /// "preview, 2 skipped"
    notes: String,
    preview: bool,
}

impl HistoryScreen {
    /// `records` as read from the log; `now` local time (for tests, a fixed instant).
    /// Takes the log so that it is freed once summarised.
    #[allow(clippy::needless_pass_by_value)]
    pub fn new<Tz: TimeZone>(
        records: Vec<Record>,
        warnings: Vec<String>,
        now: &DateTime<Tz>,
    ) -> HistoryScreen {
        let stats = Stats::of(&records, now);
        let streak = stats.streak();
        let streak_text = match (streak.days, streak.today) {
            (0, _) if records.iter().any(counts_for_streak) => {
                "no streak now: a routine today starts one".to_owned()
            }
            (0, _) => "no streak yet: do a routine today".to_owned(),
            (n, true) => format!("{n}-day streak"),
            (n, false) => format!("{n}-day streak: a routine today keeps it going"),
        };
        let mut totals = format!(
            "{} {}, {} in all",
            stats.sessions(),
            plural(stats.sessions(), "session", "sessions"),
            minutes(stats.total_secs())
        );
        if stats.previews() > 0 {
            let _ = write!(
                totals,
                " (+{} {})",
                stats.previews(),
                plural(stats.previews(), "preview", "previews")
            );
        }
        let targets = stats
            .targets()
            .into_iter()
            .map(|(t, secs)| TargetRow {
                label: t.label(),
                secs,
                minutes: whole_minutes(secs),
            })
            .collect();
        let tightness = stats.tightness().map(|t| {
            let (before, after) = last_rated(&records);
            Tightness {
                before_avg: format!("{:.1}", t.before),
                after_avg: format!("{:.1}", t.after),
                sessions: t.sessions,
                before,
                after,
            }
        });
        let warning = warnings.first().map(|w| {
            let mut w = format!("warning: {}", clean(w));
            if warnings.len() > 1 {
                let _ = write!(w, " (and {} more)", warnings.len() - 1);
            }
            w
        });
        let sessions = session_rows(&records, &stats);
        HistoryScreen {
            empty: records.is_empty(),
            streak: streak_text,
            streak_alive: streak.days > 0,
            week: format!("{} this week", minutes(stats.week_secs())),
            totals,
            heat: Heat::of(&records, &stats),
            targets,
            tightness,
            widest: Columns::widest(&sessions),
            sessions,
            records: records.len(),
            warning,
            offset: Cell::new(0),
            page: Cell::new(1),
        }
    }

    /// Keys: Up/Down/k/j/PgUp/PgDn scroll the sessions list; returns false when the
    /// screen should close (q, Esc, h).
    /// Scrolls the sessions list (the key table's list moves).
    pub fn on_action(&mut self, action: Action) {
        let last = self.sessions.len().saturating_sub(self.page.get().max(1));
        let offset = self.offset.get().min(last);
        let page = self.page.get().max(1);
        let offset = match action {
            Action::Up => offset.saturating_sub(1),
            Action::Down => offset + 1,
            Action::PageUp => offset.saturating_sub(page),
            Action::PageDown => offset + page,
            Action::First => 0,
            Action::Last => last,
            _ => offset,
        };
        self.offset.set(offset.min(last));
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        if area.is_empty() {
            return;
        }
        if area.width < 20 || area.height < 3 {
            frame.render_widget(
                Paragraph::new("limber history: make the terminal larger")
                    .wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        let warn_rows = u16::from(self.warning.is_some() && area.height >= 8);
        let keys_rows = u16::from(area.height >= 5);
        let [title, body, warn, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(warn_rows),
            Constraint::Length(keys_rows),
        ])
        .areas(area);
        self.render_title(frame, title);
        if let Some(w) = &self.warning {
            frame.render_widget(Paragraph::new(format!(" {w}")).style(theme::dim()), warn);
        }
        frame.render_widget(Paragraph::new(keys_line(self.empty)), keys);
        if self.empty {
            render_empty(frame, body);
        } else {
            self.render_body(frame, body);
        }
    }

    fn render_title(&self, frame: &mut Frame, area: Rect) {
        let streak_style = if self.streak_alive {
            theme::key()
        } else {
            theme::title()
        };
        let room = usize::from(area.width);
        let news = [
            Span::styled(self.streak.as_str(), streak_style),
            Span::styled("  ·  ", theme::dim()),
            Span::raw(self.week.as_str()),
        ];
        let news_w: usize = news.iter().map(Span::width).sum();
        // The name of the screen goes first when the news would not fit.
        let mut spans = if news_w + 21 <= room {
            vec![
                Span::styled(" limber ", theme::key().reversed()),
                Span::raw("  history   "),
            ]
        } else {
            vec![Span::raw(" ")]
        };
        spans.extend(news);
        let used: usize = spans.iter().map(Span::width).sum();
        if !self.empty && used + self.totals.width() + 3 <= room {
            let pad = room - used - self.totals.width() - 1;
            spans.push(Span::raw(" ".repeat(pad)));
            spans.push(Span::styled(self.totals.as_str(), theme::dim()));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn render_body(&self, frame: &mut Frame, body: Rect) {
        let (w, h) = (body.width, body.height);
        // Room for every target (up to 11) when the screen is tall.
        let wanted_top = if h >= 30 {
            u16::try_from(self.targets.len() + 2)
                .unwrap_or(u16::MAX)
                .clamp(11, 13)
        } else {
            11
        };
        let wide = w >= HEAT_WIDTH + TIGHT_WIDTH + 34 && h >= wanted_top + 5;
        let beside = w >= LABEL_COLS + 2 + 6 * WEEK_COLS + TARGETS_MIN_WIDTH;
        if wide {
            let [top, sessions] =
                Layout::vertical([Constraint::Length(wanted_top), Constraint::Fill(1)]).areas(body);
            let [heat, targets, tight] = Layout::horizontal([
                Constraint::Length(HEAT_WIDTH),
                Constraint::Fill(1),
                Constraint::Length(TIGHT_WIDTH),
            ])
            .areas(top);
            self.render_heat(frame, heat);
            self.render_targets(frame, targets);
            self.render_tightness_panel(frame, tight);
            self.render_sessions(frame, sessions);
            return;
        }
        // The sessions list keeps at least 2 rows (4 with its borders).
        let top_h = wanted_top.min(h.saturating_sub(1 + 4));
        if beside && top_h >= 9 {
            let [top, strip, sessions] = Layout::vertical([
                Constraint::Length(top_h),
                Constraint::Length(1),
                Constraint::Fill(1),
            ])
            .areas(body);
            let heat_w = HEAT_WIDTH.min(w - TARGETS_MIN_WIDTH);
            let [heat, targets] =
                Layout::horizontal([Constraint::Length(heat_w), Constraint::Fill(1)]).areas(top);
            self.render_heat(frame, heat);
            self.render_targets(frame, targets);
            self.render_tightness_strip(frame, strip);
            self.render_sessions(frame, sessions);
            return;
        }
        // Narrow or short: one column, the most telling parts first.
        let mut left = h;
        let strip_h = u16::from(left >= 2);
        left -= strip_h;
        let heat_h = if w >= LABEL_COLS + 2 + 4 * WEEK_COLS && left >= 9 + 4 {
            (left - 4).min(11)
        } else {
            0
        };
        left -= heat_h;
        // The targets only when at least 3 of them (or all) fit beside 4 sessions.
        let all_targets = u16::try_from(self.targets.len().max(1) + 2).unwrap_or(u16::MAX);
        let targets_h = all_targets.min(left.saturating_sub(6));
        let targets_h = if targets_h >= all_targets.min(5) {
            targets_h
        } else {
            0
        };
        let [strip, heat, targets, sessions] = Layout::vertical([
            Constraint::Length(strip_h),
            Constraint::Length(heat_h),
            Constraint::Length(targets_h),
            Constraint::Fill(1),
        ])
        .areas(body);
        self.render_tightness_strip(frame, strip);
        if heat_h > 0 {
            self.render_heat(frame, heat);
        }
        if targets_h > 0 {
            self.render_targets(frame, targets);
        }
        self.render_sessions(frame, sessions);
    }

    fn render_heat(&self, frame: &mut Frame, area: Rect) {
        let weeks = usize::from(area.width.saturating_sub(2 + LABEL_COLS) / WEEK_COLS).min(WEEKS);
        let block = Block::bordered().title(first_fitting(
            &[
                &format!(" Minutes a day, last {weeks} weeks "),
                &format!(" Last {weeks} weeks "),
                " Days ",
            ],
            area.width,
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if weeks == 0 || inner.height == 0 {
            return;
        }
        let rows = inner.height;
        let heat = &self.heat;
        let first = WEEKS - weeks;
        let grid_width = usize::from(LABEL_COLS) + weeks * usize::from(WEEK_COLS);
        let mut lines = Vec::with_capacity(usize::from(rows));
        if rows >= 8 {
            let mut spans = vec![Span::raw("    ")];
            for (i, month) in heat.months.iter().enumerate().skip(first) {
                // The first week shown is labelled too, unless the next starts a
                // month: two labels side by side would run together.
                let next_starts = heat.new_month.get(i + 1).copied().unwrap_or(false);
                let label = heat.new_month[i] || (i == first && !next_starts);
                spans.push(if label {
                    Span::styled(format!("{month:<3}"), theme::dim())
                } else {
                    Span::raw("   ")
                });
            }
            lines.push(Line::from(spans));
        }
        for (row, label) in DAY_LABELS.iter().enumerate() {
            let mut spans = vec![Span::styled(format!("{label} "), theme::dim())];
            for week in first..WEEKS {
                let day = heat.days[week * 7 + row];
                let cell = match day {
                    Some(level) => Span::styled(
                        SHADES[usize::from(level)],
                        Style::new().fg(SHADE_COLOURS[usize::from(level)]),
                    ),
                    None => Span::raw("  "),
                };
                spans.push(cell);
                let today = week == WEEKS - 1 && row == heat.today_row;
                spans.push(if today {
                    Span::styled("◂", theme::key())
                } else {
                    Span::raw(" ")
                });
            }
            lines.push(Line::from(spans));
        }
        if rows >= 10 {
            lines.push(Line::default());
        }
        if rows >= 9 {
            lines.push(legend(grid_width));
        }
        if rows >= 11 {
            lines.push(thresholds(grid_width));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn render_targets(&self, frame: &mut Frame, area: Rect) {
        let block = Block::bordered().title(first_fitting(
            &[
                &format!(" Minutes per target, last {TARGET_DAYS} days "),
                &format!(" Minutes per target, {TARGET_DAYS} days "),
                &format!(" Targets, {TARGET_DAYS} days "),
                " Targets ",
            ],
            area.width,
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.is_empty() {
            return;
        }
        if self.targets.is_empty() {
            frame.render_widget(
                Paragraph::new(format!(" nothing in the last {TARGET_DAYS} days"))
                    .style(theme::dim()),
                inner,
            );
            return;
        }
        let rows = usize::from(inner.height);
        let (shown, rest) = if self.targets.len() > rows {
            self.targets.split_at(rows.saturating_sub(1))
        } else {
            (&self.targets[..], &[][..])
        };
        let rest_secs: u64 = rest.iter().map(|t| t.secs).sum();
        let rest_label = format!("+{} more", rest.len());
        let rest_minutes = whole_minutes(rest_secs);
        let label_w = shown
            .iter()
            .map(|t| t.label.width())
            .chain((!rest.is_empty()).then_some(rest_label.width()))
            .max()
            .unwrap_or(0);
        let number_w = shown
            .iter()
            .map(|t| t.minutes.len())
            .chain((!rest.is_empty()).then_some(rest_minutes.len()))
            .max()
            .unwrap_or(0);
        // " label  bar number "
        let bar_w = usize::from(inner.width).saturating_sub(label_w + number_w + 5);
        let bar_w = if bar_w >= 3 { bar_w } else { 0 };
        let most = self.targets.first().map_or(1, |t| t.secs.max(1));
        let mut lines: Vec<Line> = shown
            .iter()
            .map(|t| {
                let eighths = eighths(t.secs, most, bar_w);
                let bar = bar(eighths);
                let pad = " ".repeat(bar_w.saturating_sub(eighths.div_ceil(8)));
                Line::from(vec![
                    Span::raw(format!(" {:<label_w$}  ", t.label)),
                    Span::styled(bar, Style::new().fg(BAR)),
                    Span::raw(format!("{pad} {:>number_w$}", t.minutes)),
                ])
            })
            .collect();
        if !rest.is_empty() {
            lines.push(
                Line::from(format!(
                    " {rest_label:<label_w$}  {} {rest_minutes:>number_w$}",
                    " ".repeat(bar_w)
                ))
                .style(theme::dim()),
            );
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    /// Tightness in one line: "Tightness  before ▆▅▇ 6.5 → after ▃▂▄ 3.5 ...".
    fn render_tightness_strip(&self, frame: &mut Frame, area: Rect) {
        if area.is_empty() {
            return;
        }
        let Some(t) = &self.tightness else {
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(" Tightness  ", theme::title()),
                    Span::styled(
                        "not rated yet: rate it 0-10 before and after a routine",
                        theme::dim(),
                    ),
                ])),
                area,
            );
            return;
        };
        let rated = format!(
            "  average of {} rated {}",
            t.sessions,
            plural(u64::from(t.sessions), "session", "sessions")
        );
        let fixed = " Tightness  ".width()
            + "before ".width()
            + 1
            + t.before_avg.len()
            + "  →  after ".width()
            + 1
            + t.after_avg.len();
        let room = usize::from(area.width).saturating_sub(fixed);
        let with_rated = room >= rated.width() + 2 * t.before.len().min(8);
        let spark_room = if with_rated {
            room - rated.width()
        } else {
            room
        };
        let n = (spark_room / 2).min(t.before.len()).min(24);
        let mut spans = vec![
            Span::styled(" Tightness  ", theme::title()),
            Span::styled("before ", theme::dim()),
        ];
        if n > 0 {
            spans.push(Span::styled(
                spark_line(&t.before[t.before.len() - n..]),
                Style::new().fg(BEFORE),
            ));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(
            t.before_avg.as_str(),
            theme::title().fg(BEFORE),
        ));
        spans.push(Span::styled("  →  after ", theme::dim()));
        if n > 0 {
            spans.push(Span::styled(
                spark_line(&t.after[t.after.len() - n..]),
                Style::new().fg(AFTER),
            ));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(t.after_avg.as_str(), theme::title().fg(AFTER)));
        if with_rated {
            spans.push(Span::styled(rated, theme::dim()));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    /// Tightness with room: averages, then a sparkline of each, last sessions right.
    fn render_tightness_panel(&self, frame: &mut Frame, area: Rect) {
        let block = Block::bordered().title(" Tightness, 0-10 ");
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.is_empty() {
            return;
        }
        let Some(t) = &self.tightness else {
            frame.render_widget(
                Paragraph::new(vec![
                    Line::from("not rated yet"),
                    Line::from(""),
                    Line::from("Rate it 0-10 before and after a routine to see it change.")
                        .style(theme::dim()),
                ])
                .wrap(Wrap { trim: true }),
                inner.inner(Margin::new(1, 0)),
            );
            return;
        };
        let rows = usize::from(inner.height);
        // average line, 2 labels, 2 sparklines, footer line; a blank when it fits.
        let spark_rows = (rows.saturating_sub(4) / 2).clamp(1, 3);
        let n = usize::from(inner.width.saturating_sub(2)).min(t.before.len());
        let before = &t.before[t.before.len() - n..];
        let after = &t.after[t.after.len() - n..];
        let mut lines = vec![Line::from(vec![
            Span::styled(" before ", theme::dim()),
            Span::styled(t.before_avg.as_str(), theme::title().fg(BEFORE)),
            Span::styled(" → after ", theme::dim()),
            Span::styled(t.after_avg.as_str(), theme::title().fg(AFTER)),
            Span::styled(" on average", theme::dim()),
        ])];
        if rows > 4 + 2 * spark_rows {
            lines.push(Line::default());
        }
        lines.push(Line::from(" before").style(theme::dim()));
        for row in spark_rows_of(before, spark_rows) {
            lines.push(Line::from(vec![
                Span::raw(" "),
                Span::styled(row, Style::new().fg(BEFORE)),
            ]));
        }
        lines.push(Line::from(" after").style(theme::dim()));
        for row in spark_rows_of(after, spark_rows) {
            lines.push(Line::from(vec![
                Span::raw(" "),
                Span::styled(row, Style::new().fg(AFTER)),
            ]));
        }
        let footers = if u64::from(t.sessions) == u64::try_from(n).unwrap_or(u64::MAX) {
            let sessions = plural(u64::from(t.sessions), "session", "sessions");
            [
                format!(" {} rated {sessions}, newest right", t.sessions),
                format!(" {} rated {sessions}", t.sessions),
            ]
        } else {
            [
                format!(" last {n} of {} rated, newest right", t.sessions),
                format!(" last {n} of {} rated", t.sessions),
            ]
        };
        let room = usize::from(inner.width);
        let footer = footers
            .iter()
            .find(|f| f.width() <= room)
            .unwrap_or(&footers[1]);
        lines.push(Line::from(footer.as_str()).style(theme::dim()));
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn render_sessions(&self, frame: &mut Frame, area: Rect) {
        if area.is_empty() {
            return;
        }
        let visible = usize::from(area.height.saturating_sub(2));
        let total = self.sessions.len();
        let offset = self.offset.get().min(total.saturating_sub(visible));
        self.offset.set(offset);
        self.page.set(visible.max(1));
        let shown = visible.min(total - offset);
        let first_last = format!("{}-{}", offset + 1, offset + shown);
        let position = match shown {
            0 => String::new(),
            _ if self.records > total => format!(" {first_last} of the latest {total} "),
            _ => format!(" {first_last} of {total} "),
        };
        let block = Block::bordered()
            .title(" Recent sessions ")
            .title_bottom(Line::from(position).right_aligned());
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.is_empty() {
            return;
        }
        let columns = Columns::fit(self.widest, usize::from(inner.width));
        let lines: Vec<Line> = self.sessions[offset..offset + shown]
            .iter()
            .map(|row| columns.line(row))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

impl Heat {
    fn of<Tz: TimeZone>(records: &[Record], stats: &Stats<Tz>) -> Heat {
        let today = stats.today();
        let first = stats.week_start() - Days::new(7 * (WEEKS as u64 - 1));
        let today_index = days_between(first, today);
        let mut secs = [0u64; DAYS];
        for r in records {
            if !counts_for_streak(r) {
                continue;
            }
            let day = stats.day_of(r);
            if day < first || day > today {
                continue;
            }
            secs[days_between(first, day)] += u64::from(r.work_secs);
        }
        let mut days = [None; DAYS];
        for (i, day) in days.iter_mut().enumerate().take(today_index + 1) {
            *day = Some(level(secs[i]));
        }
        let mondays: Vec<NaiveDate> = (0..WEEKS as u64)
            .map(|week| first + Days::new(7 * week))
            .collect();
        Heat {
            days,
            today_row: usize::try_from(today.weekday().num_days_from_monday()).unwrap_or(0),
            months: std::array::from_fn(|week| mondays[week].format("%b").to_string()),
            new_month: std::array::from_fn(|week| {
                week == 0 || mondays[week].month() != mondays[week - 1].month()
            }),
        }
    }
}

/// The first of `titles` that fits a bordered block `width` wide (the last if none).
fn first_fitting(titles: &[&str], width: u16) -> String {
    let room = usize::from(width.saturating_sub(2));
    titles
        .iter()
        .find(|t| t.width() <= room)
        .or(titles.last())
        .map_or_else(String::new, |t| (*t).to_owned())
}

/// A completed session that is not a preview: what streaks and the heat map count.
fn counts_for_streak(r: &Record) -> bool {
    !r.preview && r.outcome == Outcome::Completed
}

/// Days from `from` to `to` (`to` not before `from`, at most a few weeks).
fn days_between(from: NaiveDate, to: NaiveDate) -> usize {
    usize::try_from((to - from).num_days()).unwrap_or(0)
}

fn level(secs: u64) -> u8 {
    match secs {
        0 => 0,
        s if s <= LEVEL_SECS[0] => 1,
        s if s <= LEVEL_SECS[1] => 2,
        s if s <= LEVEL_SECS[2] => 3,
        _ => 4,
    }
}

/// "less · ░ ▒ ▓ █ more   ◂ today", right-aligned under a grid `width` wide, or
/// as much of it as fits.
fn legend(width: usize) -> Line<'static> {
    let shades = SHADES.iter().zip(SHADE_COLOURS).map(|(shade, colour)| {
        let glyph = shade.chars().next().map(String::from).unwrap_or_default();
        Span::styled(glyph, Style::new().fg(colour))
    });
    let mut spans = vec![Span::styled("less ", theme::dim())];
    for shade in shades.clone() {
        spans.push(shade);
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled("more", theme::dim()));
    let mut used: usize = spans.iter().map(Span::width).sum();
    if used >= width {
        spans = shades.collect();
        used = spans.len();
    }
    let today = [Span::raw("   "), Span::styled("◂ today", theme::key())];
    let today_w: usize = today.iter().map(Span::width).sum();
    if used + today_w < width {
        spans.extend(today);
        used += today_w;
    }
    right_aligned(spans, used, width)
}

/// What the shades mean: "░ ≤5  ▒ ≤10  ▓ ≤20  █ >20 min".
fn thresholds(width: usize) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, limit) in ["≤5", "≤10", "≤20", ">20 min"].into_iter().enumerate() {
        let glyph = SHADES[i + 1]
            .chars()
            .next()
            .map(String::from)
            .unwrap_or_default();
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(glyph, Style::new().fg(SHADE_COLOURS[i + 1])));
        spans.push(Span::styled(format!(" {limit}"), theme::dim()));
    }
    let used: usize = spans.iter().map(Span::width).sum();
    right_aligned(spans, used, width)
}

fn right_aligned(mut spans: Vec<Span<'static>>, used: usize, width: usize) -> Line<'static> {
    let pad = width.saturating_sub(used + 1);
    spans.insert(0, Span::raw(" ".repeat(pad)));
    Line::from(spans)
}

/// The (before, after) ratings of the last [`RATED`] sessions rated both times,
/// oldest first by start time (previews left out, as in the averages).
fn last_rated(records: &[Record]) -> (Vec<u8>, Vec<u8>) {
    let mut rated: Vec<(DateTime<chrono::FixedOffset>, usize, u8, u8)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.preview)
        .filter_map(|(i, r)| Some((r.started, i, r.tightness_before?, r.tightness_after?)))
        .collect();
    if rated.len() > RATED {
        let at = rated.len() - RATED;
        rated.select_nth_unstable_by_key(at, |&(s, i, _, _)| (s, i));
        rated.drain(..at);
    }
    rated.sort_unstable_by_key(|&(s, i, _, _)| (s, i));
    rated.iter().map(|&(_, _, b, a)| (b, a)).unzip()
}

/// The newest [`SESSIONS`] records (previews too), newest first, as list rows.
fn session_rows<Tz: TimeZone>(records: &[Record], stats: &Stats<Tz>) -> Vec<SessionRow> {
    let key = |i: usize| Reverse((records[i].started, i));
    let mut order: Vec<usize> = (0..records.len()).collect();
    if order.len() > SESSIONS {
        order.select_nth_unstable_by_key(SESSIONS, |&i| key(i));
        order.truncate(SESSIONS);
    }
    order.sort_unstable_by_key(|&i| key(i));
    order
        .into_iter()
        .map(|i| {
            let r = &records[i];
            let local = r.started.with_timezone(stats.time_zone()).naive_local();
            let mut notes = Vec::new();
            if r.preview {
                notes.push("preview".to_owned());
            }
            if !r.skipped.is_empty() {
                notes.push(format!("{} skipped", r.skipped.len()));
            }
            SessionRow {
                weekday: local.format("%a").to_string(),
                when: local.format("%Y-%m-%d %H:%M").to_string(),
                title: clean(&r.title).into_owned(),
                outcome: r.outcome,
                minutes: minutes(u64::from(r.work_secs)),
                notes: notes.join(", "),
                preview: r.preview,
            }
        })
        .collect()
}

/// How the session rows use the width: the richest layout whose title column
/// still has room.
struct Columns {
    weekday: bool,
    time: bool,
    title: usize,
    outcome: usize,
    minutes: usize,
    notes: usize,
}

impl Columns {
    const TITLE_MIN: usize = 14;
    const TITLE_MAX: usize = 40;

    /// The widest outcome, minutes and notes of `rows` (worked out once).
    fn widest(rows: &[SessionRow]) -> [usize; 3] {
        let widest = |f: fn(&SessionRow) -> usize| rows.iter().map(f).max().unwrap_or(0);
        [
            widest(|r| r.outcome.as_str().len()),
            widest(|r| r.minutes.width()),
            widest(|r| r.notes.width()),
        ]
    }

    /// The columns for rows of [`Columns::widest`] widths in `width` cells.
    fn fit([outcome, minutes, notes]: [usize; 3], width: usize) -> Columns {
        // (weekday, time, outcome, minutes, notes), richest first.
        let plans = [
            (true, true, true, true, true),
            (false, true, true, true, true),
            (false, false, true, true, true),
            (false, false, true, true, false),
            (false, false, false, true, false),
            (false, false, false, false, false),
        ];
        let mut columns = Columns {
            weekday: false,
            time: false,
            title: 0,
            outcome: 0,
            minutes: 0,
            notes: 0,
        };
        for (i, &(weekday, time, with_outcome, with_minutes, with_notes)) in
            plans.iter().enumerate()
        {
            let gap = |w: usize| if w > 0 { w + 2 } else { 0 };
            columns = Columns {
                weekday,
                time,
                title: 0,
                outcome: if with_outcome { outcome } else { 0 },
                minutes: if with_minutes { minutes } else { 0 },
                notes: if with_notes { notes } else { 0 },
            };
            // A space each side, the date, the columns and their gaps.
            let fixed = 2
                + if weekday { 4 } else { 0 }
                + if time { 16 } else { 10 }
                + 2
                + gap(columns.outcome)
                + gap(columns.minutes)
                + gap(columns.notes);
            let title = width.saturating_sub(fixed);
            // The weekday only when the title keeps plenty of room.
            let enough = if weekday { 30 } else { Self::TITLE_MIN };
            columns.title = title.min(Self::TITLE_MAX);
            if title >= enough || i == plans.len() - 1 {
                break;
            }
        }
        columns
    }

    fn line<'a>(&self, row: &'a SessionRow) -> Line<'a> {
        let base = if row.preview {
            theme::dim()
        } else {
            Style::new()
        };
        let when = if self.time {
            row.when.as_str()
        } else {
            &row.when[..row.when.len().min(10)]
        };
        let mut spans = vec![Span::raw(" ")];
        if self.weekday {
            spans.push(Span::styled(format!("{} ", row.weekday), theme::dim()));
        }
        spans.push(Span::styled(when, theme::dim()));
        spans.push(Span::raw("  "));
        spans.push(Span::styled(fit_pad(&row.title, self.title), base));
        if self.outcome > 0 {
            let colour = match row.outcome {
                Outcome::Completed => AFTER,
                Outcome::Stopped => theme::ACCENT,
                Outcome::Interrupted => theme::WARN,
            };
            let style = if row.preview {
                theme::dim()
            } else {
                Style::new().fg(colour)
            };
            spans.push(Span::styled(
                format!("  {:<w$}", row.outcome.as_str(), w = self.outcome),
                style,
            ));
        }
        if self.minutes > 0 {
            spans.push(Span::styled(
                format!("  {:>w$}", row.minutes, w = self.minutes),
                base,
            ));
        }
        if self.notes > 0 && !row.notes.is_empty() {
            spans.push(Span::styled(format!("  {}", row.notes), theme::dim()));
        }
        Line::from(spans)
    }
}

fn render_empty(frame: &mut Frame, area: Rect) {
    let text = Text::from(vec![
        Line::from(EMPTY[0]).style(theme::title()),
        Line::from(""),
        Line::from(EMPTY[1]),
        Line::from(""),
        Line::from("Your streak, minutes per area and tightness ratings will build up here.")
            .style(theme::dim()),
    ]);
    let height = u16::try_from(text.height())
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(area.height);
    let [middle] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        middle,
    );
}

fn keys_line(empty: bool) -> Line<'static> {
    let keys: &[(&str, &str)] = if empty {
        &[("q", "back")]
    } else {
        &[("↑↓", "scroll"), ("PgUp PgDn", "page"), ("q", "back")]
    };
    let mut spans = Vec::new();
    for (key, what) in keys {
        spans.push(Span::styled(format!(" {key}"), theme::key()));
        spans.push(Span::raw(format!(" {what} ")));
    }
    Line::from(spans)
}

/// Bar length in eighths of a cell: `secs` of `most` over `width` cells, at least
/// one eighth for anything done.
fn eighths(secs: u64, most: u64, width: usize) -> usize {
    let full = u64::try_from(width).unwrap_or(u64::MAX).saturating_mul(8);
    let n = secs.saturating_mul(full).div_ceil(most.max(1)).min(full);
    usize::try_from(n.max(u64::from(secs > 0))).unwrap_or(0)
}

fn bar(eighths: usize) -> String {
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push_str(EIGHTHS[eighths % 8]);
    }
    s
}

/// One-row sparkline of ratings 0-10 (0 still shows, as the lowest bar).
fn spark_line(values: &[u8]) -> String {
    values
        .iter()
        .map(|&v| RISING[(usize::from(v.min(10)) * 7 + 5) / 10 + 1])
        .collect()
}

/// A sparkline of ratings 0-10 `rows` high, top row first.
fn spark_rows_of(values: &[u8], rows: usize) -> Vec<String> {
    let full = rows * 8;
    let heights: Vec<usize> = values
        .iter()
        .map(|&v| (usize::from(v.min(10)) * full + 5) / 10)
        .map(|h| h.max(1))
        .collect();
    (0..rows)
        .map(|row| {
            let floor = (rows - 1 - row) * 8;
            heights
                .iter()
                .map(|&h| RISING[h.saturating_sub(floor).min(8)])
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_minutes() {
        assert_eq!(level(0), 0);
        assert_eq!(level(1), 1);
        assert_eq!(level(300), 1);
        assert_eq!(level(301), 2);
        assert_eq!(level(1200), 3);
        assert_eq!(level(1201), 4);
    }

    #[test]
    fn bars_are_proportional_in_eighths() {
        assert_eq!(eighths(0, 100, 10), 0);
        assert_eq!(eighths(1, 1000, 10), 1);
        assert_eq!(eighths(100, 100, 10), 80);
        assert_eq!(eighths(50, 100, 10), 40);
        assert_eq!(bar(13), "█▋");
    }

    #[test]
    fn sparklines_show_every_rating() {
        assert_eq!(spark_line(&[0, 5, 10]), "▁▅█");
        assert_eq!(spark_rows_of(&[0, 10], 2), [" █", "▁█"]);
    }

    #[test]
    fn titles_fit_and_pad() {
        assert_eq!(fit_pad("Calf release", 6), "Calf …");
        assert_eq!(fit_pad("Calf", 6), "Calf  ");
        assert_eq!(fit_pad("足底筋膜", 5).width(), 5);
        assert_eq!(fit_pad("x", 0), "");
    }
}
