//! `limber today`, `limber status` and `limber checkin` (SPEC section 9): the
//! active plans' state as of today, worked out from the plan files, the plan
//! events and the end of the history (back to what the plans' windows need).

use super::Context;
use crate::cli::error::{Error, Result};
use crate::cli::ignore_broken_pipe;
use crate::core::plan::events::{Event, Run};
use crate::core::plan::model::Plan;
use crate::core::plan::state::{Per, PlanState, Progress, needed_from, window_start, work_out};
use crate::core::plan::words;
use crate::store::history::tail;
use crate::store::plans::sessions;
use crate::text::{clean, fit, fit_pad};
use chrono::Local;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// The widest `limber status` line, in columns.
pub const STATUS_WIDTH: usize = 60;

/// An active run and its state, or why it has none.
pub struct Active {
    pub run: Run,
    pub plan: std::result::Result<(Plan, PlanState), String>,
}

/// The state of every active plan as of today. `whole`: from each plan's day
/// 1 (adherence); else only today and this week (the status line).
pub fn active(ctx: &Context, whole: bool) -> Result<Vec<Active>> {
    let runs = ctx.active();
    let today = ctx.today();
    let from = runs
        .iter()
        .filter_map(|(run, plan)| Some(needed_from(plan.as_ref().ok()?, run, today, whole)))
        .min();
    let records = match from.and_then(|from| window_start(from, &Local)) {
        Some(since) => tail::since(&ctx.home, since).map_err(|e| Error::Failed(e.to_string()))?,
        None => Vec::new(),
    };
    let done = sessions(&records);
    Ok(runs
        .into_iter()
        .map(|(run, plan)| {
            let plan = plan.map(|plan| {
                let state = work_out(&plan, &run, &done, today, &Local, |id| {
                    ctx.routine_exists(id)
                });
                (plan, state)
            });
            Active { run, plan }
        })
        .collect())
}

pub fn main(json: bool) -> Result<()> {
    let ctx = Context::load()?;
    let plans = active(&ctx, true)?;
    let mut out = io::stdout().lock();
    if json {
        write_json(&plans, &mut out)
    } else {
        write_text(&ctx, &plans, &mut out)
    }
    .or_else(ignore_broken_pipe)
}

/// One element of `limber today --json`: SPEC 9's fields in its order, then
/// `status` (`upcoming`, `active`, `finished`) and every warning in `warnings`.
#[derive(Serialize)]
struct TodayJson<'a> {
    plan: &'a str,
    title: &'a str,
    day: u32,
    days: u32,
    phase: &'a str,
    due: Vec<DueJson<'a>>,
    checkin: Option<u8>,
    adherence: Option<f64>,
    warning: Option<String>,
    status: &'static str,
    warnings: Vec<String>,
}

/// A due entry; `per` (`day` or `week`) is added to SPEC 9's fields.
#[derive(Serialize)]
struct DueJson<'a> {
    routine: &'a str,
    asked: u32,
    done: u32,
    per: &'static str,
}

pub fn write_json(plans: &[Active], out: &mut impl Write) -> io::Result<()> {
    let rows: Vec<TodayJson<'_>> = plans
        .iter()
        .filter_map(|a| {
            let (plan, state) = a.plan.as_ref().ok()?;
            let warnings: Vec<String> = state.warnings.iter().map(words::warning).collect();
            Some(TodayJson {
                plan: &a.run.plan,
                title: &plan.title,
                day: state.day,
                days: state.days,
                phase: &plan.phases[state.phase].name,
                due: state
                    .today
                    .iter()
                    .map(|d| DueJson {
                        routine: &d.routine,
                        asked: d.asked,
                        done: d.done,
                        per: match d.per {
                            Per::Day => "day",
                            Per::Week => "week",
                        },
                    })
                    .collect(),
                checkin: state.checkin,
                adherence: state.adherence.ratio(),
                warning: (!warnings.is_empty()).then(|| warnings.join(" ")),
                status: match state.progress {
                    Progress::Upcoming => "upcoming",
                    Progress::Active => "active",
                    Progress::Finished => "finished",
                },
                warnings,
            })
        })
        .collect();
    for a in plans {
        if let Err(why) = &a.plan {
            eprintln!("warning: {why}");
        }
    }
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)
}

fn write_text(ctx: &Context, plans: &[Active], out: &mut impl Write) -> io::Result<()> {
    if plans.is_empty() {
        return writeln!(out, "{}", words::NO_PLAN);
    }
    for (i, a) in plans.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        match &a.plan {
            Err(why) => writeln!(out, "{why}")?,
            Ok((plan, state)) => write_plan(ctx, &a.run, plan, state, out)?,
        }
    }
    Ok(())
}

fn write_plan(
    ctx: &Context,
    run: &Run,
    plan: &Plan,
    state: &PlanState,
    out: &mut impl Write,
) -> io::Result<()> {
    let progress = words::progress(state.progress, state.day, state.days, run.on);
    let phase = if state.progress == Progress::Active {
        format!(", phase: {}", clean(&plan.phases[state.phase].name))
    } else {
        String::new()
    };
    writeln!(out, "{}: {progress}{phase}", clean(&plan.title))?;
    let width = state
        .today
        .iter()
        .map(|d| d.routine.chars().count())
        .max()
        .unwrap_or(0);
    let mut heading = false;
    for due in &state.today {
        if due.per == Per::Week && !heading {
            writeln!(out, "  this week:")?;
            heading = true;
        }
        let missing = if ctx.routine_exists(&due.routine) {
            ""
        } else {
            "  (missing)"
        };
        writeln!(
            out,
            "  {}  {} of {} done{missing}",
            fit_pad(&clean(&due.routine), width),
            due.done,
            due.asked
        )?;
    }
    if state.progress == Progress::Active
        && let Some(question) = &plan.checkin
    {
        match state.checkin {
            Some(value) => writeln!(out, "  check-in: {value} today")?,
            None => writeln!(
                out,
                "  check-in: {} (0-10)? `limber checkin N`",
                clean(question)
            )?,
        }
    }
    match state.adherence.ratio() {
        Some(ratio) => writeln!(
            out,
            "  adherence: {} ({} of {})",
            words::percent(ratio),
            state.adherence.done,
            state.adherence.asked
        )?,
        None => writeln!(out, "  adherence: nothing asked yet")?,
    }
    for w in &state.warnings {
        writeln!(out, "  ! {}", words::warning(w))?;
    }
    Ok(())
}

/// `limber status`: one line, or nothing without an active plan; never fails
/// (a prompt must not show errors), always exit 0.
pub fn status() -> Result<()> {
    let Ok(ctx) = Context::load() else {
        return Ok(());
    };
    if crate::core::plan::events::active(&ctx.events).is_empty() {
        return Ok(());
    }
    let Ok(plans) = active(&ctx, false) else {
        return Ok(());
    };
    if let Some(line) = status_line(&plans, ctx.today()) {
        let mut out = io::stdout().lock();
        let _ = writeln!(out, "{line}");
    }
    Ok(())
}

/// `limber: 2 due · plantar-stretch ×2`, `limber: done today`, or nothing
/// when no plan is going on today.
pub fn status_line(plans: &[Active], today: chrono::NaiveDate) -> Option<String> {
    let going: Vec<&PlanState> = plans
        .iter()
        .filter_map(|a| a.plan.as_ref().ok())
        .map(|(_, state)| state)
        .filter(|s| s.progress == Progress::Active)
        .collect();
    if going.is_empty() {
        return None;
    }
    // Per routine, over every plan, in the order first met.
    let mut order: Vec<String> = Vec::new();
    let mut left: BTreeMap<String, u32> = BTreeMap::new();
    for state in going {
        for (routine, n) in state.due_now(today) {
            if !left.contains_key(routine) {
                order.push(clean(routine).into_owned());
            }
            *left.entry(clean(routine).into_owned()).or_default() += n;
        }
    }
    let total: u32 = left.values().sum();
    if total == 0 {
        return Some("limber: done today".into());
    }
    let mut line = format!("limber: {total} due ·");
    for (i, routine) in order.iter().enumerate() {
        let n = left.get(routine).copied().unwrap_or(0);
        let sep = if i == 0 { " " } else { ", " };
        let _ = write!(line, "{sep}{routine}");
        if n > 1 {
            let _ = write!(line, " ×{n}");
        }
    }
    Some(fit(&line, STATUS_WIDTH))
}

/// `limber checkin N [--plan PLAN]`: today's answer for every active plan
/// that asks one (or the one named).
pub fn checkin(value: u8, only: Option<&str>) -> Result<()> {
    let ctx = Context::load()?;
    let lines = record_checkin(&ctx, value, only)?;
    let mut out = io::stdout().lock();
    for line in lines {
        writeln!(out, "{line}").or_else(ignore_broken_pipe)?;
    }
    Ok(())
}

/// Records today's check-in `value` for every active plan that asks one (or
/// the one named), and says so, a line per plan: `limber checkin` and the
/// today screen's one key both come here.
pub fn record_checkin(ctx: &Context, value: u8, only: Option<&str>) -> Result<Vec<String>> {
    let today = ctx.today();
    let asking: Vec<(Run, Plan)> = ctx
        .active()
        .into_iter()
        .filter(|(run, _)| only.is_none_or(|id| run.plan == id))
        .filter_map(|(run, plan)| Some((run, plan.ok()?)))
        .filter(|(run, plan)| plan.checkin.is_some() && run.on <= today)
        .collect();
    if asking.is_empty() {
        return Err(Error::Failed(match only {
            Some(id) => format!(
                "the plan '{}' is not active, has not started or asks no check-in",
                clean(id)
            ),
            None => "no active plan asks for a check-in".into(),
        }));
    }
    let mut lines = Vec::new();
    for (run, plan) in &asking {
        ctx.append(&Event::Checkin {
            plan: run.plan.clone(),
            date: today,
            value,
            at: ctx.stamp(),
        })?;
        let mut line = format!("Checked in {value} for {}.", clean(&plan.title));
        if let Some(stop) = plan.stop_above
            && u32::from(value) > stop
        {
            let _ = write!(
                line,
                " That is above {stop}: pause the plan and get advice."
            );
        }
        lines.push(line);
    }
    Ok(lines)
}
