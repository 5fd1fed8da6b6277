//! A plan's part of the report, from its state as `limber today` works it
//! out: asked and done per plan week (day prescriptions and `PerWeek` ones
//! alike), adherence so far, the check-ins.

use super::data::{PlanReport, PlanWeek};
use crate::core::plan::events::Run;
use crate::core::plan::model::Plan;
use crate::core::plan::state::PlanState;
use chrono::NaiveDate;

/// The report's view of one run of `plan` as of `today`. Check-ins before
/// `since` are left out (the weeks stay whole: adherence is about the plan,
/// not the period).
pub fn plan_report(
    run: &Run,
    plan: &Plan,
    state: &PlanState,
    today: NaiveDate,
    since: Option<NaiveDate>,
    warning: Option<String>,
) -> PlanReport {
    let mut weeks: Vec<PlanWeek> = Vec::new();
    let week_of = |date: NaiveDate| -> u32 {
        u32::try_from((date - run.on).num_days().max(0) / 7).unwrap_or(0)
    };
    let mut add = |date: NaiveDate, asked: u32, done: u32| {
        let n = week_of(date);
        let i = usize::try_from(n).unwrap_or(usize::MAX);
        while weeks.len() <= i {
            let number = u32::try_from(weeks.len()).unwrap_or(u32::MAX);
            weeks.push(PlanWeek {
                number: number + 1,
                start: run.on + chrono::Days::new(u64::from(number) * 7),
                asked: 0,
                done: 0,
            });
        }
        weeks[i].asked += asked;
        weeks[i].done += done.min(asked);
    };
    // As adherence is counted (SPEC 8): the days that are over, plus what is
    // already done of today (and of a week still going on), so a week row and
    // the plan's figure never disagree.
    for day in &state.calendar {
        let asked = if day.day.date < today {
            day.asked
        } else {
            day.done.min(day.asked)
        };
        add(day.day.date, asked, day.done);
    }
    for week in &state.weeks {
        let done: u32 = week.due.iter().map(|d| d.done.min(d.asked)).sum();
        let asked = if week.over {
            week.due.iter().map(|d| d.asked).sum()
        } else {
            done
        };
        add(week.first, asked, done);
    }
    PlanReport {
        id: run.plan.clone(),
        title: plan.title.clone(),
        started: run.on,
        weeks,
        adherence: state.adherence.ratio(),
        checkin_question: plan.checkin.clone(),
        checkins: run
            .checkins
            .iter()
            .filter(|(date, _)| since.is_none_or(|s| **date >= s))
            .map(|(date, value)| (*date, *value))
            .collect(),
        warning,
    }
}
