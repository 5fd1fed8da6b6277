//! The report's words, for both formats: headings, sentences and how numbers
//! read. Plain text with no markup; each renderer escapes them for its format.

use super::data::{DEFAULT_WEEKS, Period, PlanReport, PlanWeek, ReportData, WeekRow};
use crate::text::{minutes, plural, whole_minutes};
use chrono::{Datelike, NaiveDate};

pub const PLANS: &str = "Plans";
pub const WEEKS: &str = "Sessions and minutes per week";
pub const TARGETS: &str = "Minutes per target";
pub const TIGHTNESS: &str = "Tightness before and after";
pub const SKIPPED: &str = "Steps skipped most";

pub const NO_PLAN: &str = "No plan was active.";
pub const NO_SESSIONS: &str = "No sessions in this period.";
pub const NO_TARGETS: &str = "No work on any target in this period.";
pub const NO_RATINGS: &str = "No session was rated before and after.";
pub const NO_SKIPS: &str = "No step was skipped.";
pub const NO_CHECKINS: &str = "No check-in yet.";

/// The columns of each table.
pub const WEEK_COLUMNS: [&str; 5] = [
    "Week of",
    "Sessions",
    "Done",
    "Minutes",
    "Tightness before → after",
];
pub const TARGET_COLUMNS: [&str; 2] = ["Target", "Minutes"];
pub const TIGHTNESS_COLUMNS: [&str; 4] = ["Date", "Routine", "Before", "After"];
pub const SKIPPED_COLUMNS: [&str; 2] = ["Step", "Times skipped"];
pub const PLAN_WEEK_COLUMNS: [&str; 6] = [
    "Week",
    "Starts",
    "Asked",
    "Done",
    "Adherence",
    "Check-ins, day by day",
];

/// Series names in charts and legends.
pub const ASKED: &str = "asked";
pub const DONE: &str = "done";
pub const BEFORE: &str = "before";
pub const AFTER: &str = "after";

/// `limber report: 17 February to 31 March 2025`.
pub fn title(period: &Period) -> String {
    format!(
        "limber report: {} to {}",
        period
            .from
            .format(if period.from.year_ce() == period.to.year_ce() {
                "%-d %B"
            } else {
                "%-d %B %Y"
            }),
        long_date(period.to)
    )
}

/// The line under the title: how the period was chosen and what counts.
pub fn about(period: &Period) -> String {
    let window = if period.since {
        String::new()
    } else {
        format!(
            " It covers the last {DEFAULT_WEEKS} weeks at most \
             (limber report --since DATE chooses the start)."
        )
    };
    format!(
        "Made on {}.{window} A session counts for the day it ended, in local time; \
         previews (sped-up run-throughs) are left out.",
        long_date(period.to)
    )
}

/// The summary's facts: (name, value).
pub fn facts(data: &ReportData) -> Vec<(&'static str, String)> {
    let mut facts = vec![
        (
            "Sessions",
            format!(
                "{} ({} done in full: completed, at least half of the work)",
                data.sessions, data.done
            ),
        ),
        ("Work", minutes(data.work_secs)),
    ];
    if let Some((before, after)) = data.tightness_average {
        facts.push((
            "Tightness",
            format!(
                "{before:.1} before, {after:.1} after on average (0-10, {} rated {})",
                data.rated,
                plural(u64::from(data.rated), "session", "sessions")
            ),
        ));
    }
    if data.previews > 0 {
        facts.push(("Previews left out", data.previews.to_string()));
    }
    facts
}

/// A plan's heading: `Plantar heel pain (plantar-heel)`.
pub fn plan_heading(plan: &PlanReport) -> String {
    format!("{} ({})", plan.title, plan.id)
}

/// `Started 24 March 2025. Adherence so far: 75% of what was asked.`
pub fn plan_summary(plan: &PlanReport) -> String {
    let adherence = match plan.adherence {
        Some(a) => format!("Adherence so far: {} of what was asked.", percent(a)),
        None => "Nothing was asked yet.".to_owned(),
    };
    format!("Started {}. {adherence}", long_date(plan.started))
}

/// A plan week's check-ins, one a day from its first day: `5 4 - 4 3 3 3`
/// (`-`: none that day); empty for a plan that asks none.
pub fn week_checkins(plan: &PlanReport, week: &PlanWeek) -> String {
    if plan.checkin_question.is_none() && plan.checkins.is_empty() {
        return String::new();
    }
    let days: Vec<String> = week
        .start
        .iter_days()
        .take(7)
        .map(|day| {
            plan.checkins
                .iter()
                .rev()
                .find(|(d, _)| *d == day)
                .map_or_else(|| "-".to_owned(), |(_, v)| v.to_string())
        })
        .collect();
    days.join(" ")
}

/// A row of the weeks' table ([`WEEK_COLUMNS`]).
pub fn week_row(w: &WeekRow) -> [String; 5] {
    [
        row_date(w.start),
        w.sessions.to_string(),
        w.done.to_string(),
        whole_minutes(w.work_secs),
        w.tightness
            .map(|(b, a)| before_after(b, a))
            .unwrap_or_default(),
    ]
}

/// A row of a plan's table ([`PLAN_WEEK_COLUMNS`]).
pub fn plan_week_row(plan: &PlanReport, w: &PlanWeek) -> [String; 6] {
    [
        w.number.to_string(),
        row_date(w.start),
        w.asked.to_string(),
        w.done.to_string(),
        w.adherence().map(percent).unwrap_or_default(),
        week_checkins(plan, w),
    ]
}

/// `Check-ins: Heel pain on your first steps (0-10)`.
pub fn checkins_heading(plan: &PlanReport) -> String {
    match &plan.checkin_question {
        Some(q) => format!("Check-ins: {q} (0-10)"),
        None => "Check-ins (0-10)".to_owned(),
    }
}

/// `(the last 28 of 40)`, when a list was cut.
pub fn cut(shown: usize, of: usize) -> Option<String> {
    (shown < of).then(|| format!("The last {shown} of {of}."))
}

/// `75%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", (share * 100.0).clamp(0.0, 100.0))
}

/// `7.0 → 4.0`.
pub fn before_after(before: f64, after: f64) -> String {
    format!("{before:.1} → {after:.1}")
}

/// `31 March 2025`.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// `17 Feb 2025`, for table rows.
pub fn row_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}
