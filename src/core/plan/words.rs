//! The words of plans (the plan commands and the today screen), in one place.

use crate::core::plan::model::{Advance, Days, Prescription};
use crate::core::plan::state::{Due, Per, Progress, Warning};
use crate::text::clean;
use chrono::NaiveDate;

/// `3× a day`, `every other day`, `Mon, Wed, Fri`, `3× a week`.
pub fn how_often(p: &Prescription) -> String {
    let times = if p.times > 1 {
        format!("{}× ", p.times)
    } else {
        String::new()
    };
    match &p.days {
        Days::Daily if p.times > 1 => format!("{}× a day", p.times),
        Days::Daily => "every day".into(),
        Days::EveryOtherDay => format!("{times}every other day"),
        Days::On(days) => {
            let names: Vec<&str> = days.iter().map(|d| d.name()).collect();
            format!("{times}on {}", names.join(", "))
        }
        Days::PerWeek(n) => format!("{}× a week", n.saturating_mul(p.times)),
    }
}

/// What a phase's gate waits for, after its weeks.
pub fn gate(advance: Advance) -> Option<String> {
    match advance {
        Advance::AfterWeeks => None,
        Advance::WhenPain { at_most, checkins } => Some(format!(
            "then goes on once the last {checkins} check-ins are {at_most} or less"
        )),
    }
}

/// A warning as one sentence.
pub fn warning(w: &Warning) -> String {
    match w {
        Warning::AboveStop {
            value,
            date,
            stop_above,
        } => format!(
            "Your last check-in ({value} on {}) is above {stop_above}: pause the plan and get advice.",
            day(*date)
        ),
        Warning::GateHeld {
            phase,
            at_most,
            checkins,
            last,
        } => {
            let seen = if last.is_empty() {
                "none yet".to_string()
            } else {
                let values: Vec<String> = last.iter().map(u8::to_string).collect();
                format!("last: {}", values.join(", "))
            };
            format!(
                "Phase '{}' goes on until your last {checkins} check-ins are {at_most} or less ({seen}).",
                clean(phase)
            )
        }
        Warning::MissingRoutine { routine } => format!(
            "The plan names the routine '{}', which does not exist (any more).",
            clean(routine)
        ),
    }
}

/// `Mon 10 Mar 2025`.
pub fn day(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// `day 3 of 56`, `starts Mon 10 Mar 2025`, `finished (56 days)`.
pub fn progress(progress: Progress, day_n: u32, days: u32, on: NaiveDate) -> String {
    match progress {
        Progress::Upcoming => format!("starts {}", day(on)),
        Progress::Active => format!("day {day_n} of {days}"),
        Progress::Finished => format!("finished ({days} days)"),
    }
}

/// `75%`.
pub fn percent(ratio: f64) -> String {
    format!("{:.0}%", ratio * 100.0)
}

pub const NO_PLAN: &str =
    "No plan is active. `limber plan list` shows the plans, `limber plan start ID` starts one.";

/// What a session that counted filled: `plantar-stretch: 2 of 3 today`.
pub fn filled(due: &Due) -> String {
    let span = match due.per {
        Per::Day => "today",
        Per::Week => "this week",
    };
    format!(
        "{}: {} of {} {span}",
        clean(&due.routine),
        due.done.min(due.asked),
        due.asked
    )
}

/// `1 of 3 done`, `1 of 2 this week`.
pub fn done_of(due: &Due) -> String {
    match due.per {
        Per::Day => format!("{} of {} done", due.done, due.asked),
        Per::Week => format!("{} of {} this week", due.done, due.asked),
    }
}

/// The today screen's heading of a plan's week: `Week 2 · Settle`.
pub fn week(day: u32, phase: &str) -> String {
    format!("Week {} · {}", day.saturating_sub(1) / 7 + 1, clean(phase))
}

pub const NOTHING_DUE: &str = "Nothing is asked of today.";
pub const ALL_DONE: &str = "All done for today.";
