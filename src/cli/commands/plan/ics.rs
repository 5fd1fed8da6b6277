//! `limber plan ics PLAN [--at HH:MM,...]`: the plan's sessions from today to
//! its end as an iCalendar file on standard output (SPEC section 9), as the
//! plan was started, or as if it started today when it is not active.

use super::{Context, resolve, session_secs};
use crate::cli::commands::load_library;
use crate::cli::error::{Error, Result};
use crate::core::plan::ahead::ahead;
use crate::report::ics::{PlanInfo, Session, calendar, default_times};
use crate::store::plans::PlanEntry;
use chrono::NaiveTime;
use std::collections::BTreeMap;
use std::io::Write;

pub fn write(ctx: &Context, spec: &str, at: &[NaiveTime], out: &mut impl Write) -> Result<()> {
    let entry: PlanEntry = resolve(ctx, spec)?;
    let plan = entry.valid().ok_or(Error::Reported)?;
    let today = ctx.today();
    let run = ctx
        .active()
        .into_iter()
        .map(|(run, _)| run)
        .find(|run| run.plan == entry.id);
    let (on, checkins) = run.map_or_else(|| (today, BTreeMap::new()), |r| (r.on, r.checkins));
    let library = load_library();
    let sessions: Vec<Session> = ahead(plan, on, &checkins, today, today)
        .into_iter()
        .map(|p| {
            let routine = library.get(&p.routine).and_then(|e| e.valid());
            Session {
                title: routine.map_or_else(|| p.routine.clone(), |r| r.title.clone()),
                secs: session_secs(&library, &p.routine).unwrap_or(0),
                date: p.date,
                routine: p.routine,
            }
        })
        .collect();
    let times = if at.is_empty() {
        default_times(most_in_a_day(&sessions))
    } else {
        at.to_vec()
    };
    let info = PlanInfo {
        id: entry.id.clone(),
        title: plan.title.clone(),
        started: on,
    };
    let text = calendar(&info, &sessions, &times, ctx.stamp().to_utc());
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .or_else(crate::cli::ignore_broken_pipe)
}

fn most_in_a_day(sessions: &[Session]) -> usize {
    let mut per_day: BTreeMap<chrono::NaiveDate, usize> = BTreeMap::new();
    for s in sessions {
        *per_day.entry(s.date).or_default() += 1;
    }
    per_day.into_values().max().unwrap_or(1)
}
