//! `limber plan list|show|start|stop` (SPEC sections 3 and 8), and what the
//! plan commands share: the data folder, the clock, the routines and plans
//! there are, and the runs going on.

pub mod ics;
pub mod screen;
pub mod today;

use crate::cli::args::PlanAction;
use crate::cli::commands::{history::now_override, load_library, not_resolved};
use crate::cli::error::{Error, Result};
use crate::cli::ignore_broken_pipe;
use crate::core::plan::events::{self, Event, Run};
use crate::core::plan::model::Plan;
use crate::core::plan::words;
use crate::core::timeline::planned_secs;
use crate::store::history::now;
use crate::store::library::{Library, Source, routine_ids};
use crate::store::paths;
use crate::store::plans::{PlanBook, PlanEntry, find, load_path, log};
use crate::text::{clean, duration, fit_pad, minutes};
use chrono::{DateTime, FixedOffset, Local, NaiveDate};
use std::io::{self, Write};
use std::path::PathBuf;

/// What every plan command starts from. Cheap to make: routines and plans
/// are not read here (`limber status` runs at every prompt).
pub struct Context {
    pub home: PathBuf,
    /// Now, in the local time zone (`LIMBER_NOW` in tests).
    pub now: DateTime<Local>,
    pub events: Vec<Event>,
    /// Every routine id there is, listed when first asked: the today screen
    /// asks only with a plan active, and `limber` opens on it.
    routines: std::cell::OnceCell<Vec<String>>,
}

impl Context {
    pub fn load() -> Result<Context> {
        let home = paths::home().ok_or_else(|| {
            Error::Failed("no data folder: set LIMBER_HOME to a folder limber can write".into())
        })?;
        let now = now_override()?.map_or_else(Local::now, |t| t.with_timezone(&Local));
        let (events, warnings) = log::read(&home).map_err(Error::Failed)?;
        for w in warnings {
            eprintln!("warning: {w}");
        }
        Ok(Context {
            home,
            now,
            events,
            routines: std::cell::OnceCell::new(),
        })
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// The time events are stamped with: now, whole seconds, local offset.
    pub fn stamp(&self) -> DateTime<FixedOffset> {
        if std::env::var_os(crate::cli::commands::history::NOW_VAR).is_some() {
            self.now.fixed_offset()
        } else {
            now()
        }
    }

    fn routines(&self) -> &[String] {
        self.routines
            .get_or_init(|| routine_ids(Some(&paths::routines_dir(&self.home))))
    }

    pub fn routine_ids(&self) -> Vec<&str> {
        self.routines().iter().map(String::as_str).collect()
    }

    pub fn routine_exists(&self, id: &str) -> bool {
        self.routines()
            .binary_search_by(|r| r.as_str().cmp(id))
            .is_ok()
    }

    /// Every plan there is.
    pub fn book(&self) -> PlanBook {
        PlanBook::load(Some(&paths::plans_dir(&self.home)), &self.routine_ids())
    }

    /// The runs going on, each with its plan (or why it cannot be had).
    pub fn active(&self) -> Vec<(Run, std::result::Result<Plan, String>)> {
        events::active(&self.events)
            .into_iter()
            .map(|run| {
                let plan = self.plan_of(&run);
                (run, plan)
            })
            .collect()
    }

    /// The plan of a run, its routines not checked: one gone since the plan
    /// started is a warning of its state, not a reason to lose the plan.
    fn plan_of(&self, run: &Run) -> std::result::Result<Plan, String> {
        let entry = match &run.file {
            Some(file) => Some(PlanEntry {
                id: run.plan.clone(),
                source: Source::File,
                origin: file.clone(),
                plan: load_path(std::path::Path::new(file), None),
            }),
            None => find(Some(&paths::plans_dir(&self.home)), &run.plan, None),
        };
        let Some(entry) = entry else {
            return Err(format!(
                "The plan '{}' is active but no longer exists: `limber plan stop {}`.",
                clean(&run.plan),
                clean(&run.plan)
            ));
        };
        entry.plan.map_err(|problems| {
            let n = problems.len();
            format!(
                "The plan '{}' is active but {} is invalid ({n} problem{}): run `limber check {}`.",
                clean(&run.plan),
                clean(&entry.origin),
                if n == 1 { "" } else { "s" },
                clean(&entry.origin)
            )
        })
    }

    fn append(&self, event: &Event) -> Result<()> {
        log::append(&self.home, event).map_err(Error::Failed)
    }
}

pub fn main(action: PlanAction) -> Result<()> {
    let ctx = Context::load()?;
    let mut out = io::stdout().lock();
    match action {
        PlanAction::List { json } => list(&ctx, json, &mut out).or_else(ignore_broken_pipe),
        PlanAction::Show { plan } => {
            let entry = resolve(&ctx, &plan)?;
            show(&entry, &mut out).or_else(ignore_broken_pipe)
        }
        PlanAction::Start { plan, on } => {
            let entry = resolve(&ctx, &plan)?;
            start(&ctx, &entry, on, &mut out)
        }
        PlanAction::Stop { plan } => stop(&ctx, plan.as_deref(), &mut out),
        PlanAction::Ics { plan, at } => ics::write(&ctx, &plan, &at, &mut out),
    }
}

fn resolve(ctx: &Context, spec: &str) -> Result<PlanEntry> {
    ctx.book()
        .resolve(spec, &ctx.routine_ids())
        .map_err(|e| not_resolved(e, "plan", "limber plan list"))
}

/// One element of `limber plan list --json`.
#[derive(serde::Serialize)]
struct ListJson<'a> {
    id: &'a str,
    title: &'a str,
    /// As written: a pain gate may hold a phase longer.
    weeks: u32,
    phases: usize,
    source: &'static str,
    active: bool,
}

fn list(ctx: &Context, json: bool, out: &mut impl Write) -> io::Result<()> {
    let book = ctx.book();
    let active: Vec<String> = events::active(&ctx.events)
        .into_iter()
        .map(|r| r.plan)
        .collect();
    if json {
        let rows: Vec<ListJson<'_>> = book
            .entries
            .iter()
            .filter_map(|e| {
                let Some(plan) = e.valid() else {
                    eprintln!("warning: {} is invalid and left out", clean(&e.origin));
                    return None;
                };
                Some(ListJson {
                    id: &e.id,
                    title: &plan.title,
                    weeks: plan.nominal_days() / 7,
                    phases: plan.phases.len(),
                    source: e.source.label(),
                    active: active.contains(&e.id),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    if book.entries.is_empty() {
        return writeln!(out, "No plans.");
    }
    let width = book.entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
    for e in &book.entries {
        let id = fit_pad(&clean(&e.id), width);
        let mark = if active.contains(&e.id) { "*" } else { " " };
        match &e.plan {
            Ok(plan) => writeln!(
                out,
                "{mark} {id}  {}  {} weeks  {}",
                clean(&plan.title),
                plan.nominal_days() / 7,
                e.source.label()
            )?,
            Err(problems) => writeln!(
                out,
                "{mark} {id}  invalid: {} problem{} (`limber plan show {id}` lists them)",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                id = clean(&e.id),
            )?,
        }
    }
    if !active.is_empty() {
        writeln!(out, "\n* active")?;
    }
    Ok(())
}

/// Seconds of one session of `routine`, when it exists and is valid.
fn session_secs(library: &Library, routine: &str) -> Option<u32> {
    library
        .get(routine)
        .and_then(|e| e.valid())
        .map(planned_secs)
}

fn show(entry: &PlanEntry, out: &mut impl Write) -> io::Result<()> {
    let Some(plan) = entry.valid() else {
        return Ok(());
    };
    let library = load_library();
    writeln!(out, "{}: {}", clean(&entry.id), clean(&plan.title))?;
    if let Some(summary) = &plan.summary {
        writeln!(out, "{}", clean(summary))?;
    }
    if let Some(question) = &plan.checkin {
        let stop = plan
            .stop_above
            .map(|s| format!("; above {s}: pause and get advice"))
            .unwrap_or_default();
        writeln!(out, "Check-in each day: {} (0-10{stop})", clean(question))?;
    }
    let (mut total_sessions, mut total_secs, mut first_week) = (0u64, 0u64, 1);
    for (i, phase) in plan.phases.iter().enumerate() {
        let last_week = first_week + phase.weeks - 1;
        let gate = words::gate(phase.advance)
            .map(|g| format!(", {g}"))
            .unwrap_or_default();
        let weeks = if first_week == last_week {
            format!("week {first_week}")
        } else {
            format!("weeks {first_week}-{last_week}")
        };
        writeln!(
            out,
            "\nPhase {}: {} ({weeks}{gate})",
            i + 1,
            clean(&phase.name)
        )?;
        let id_width = phase
            .sessions
            .iter()
            .map(|s| s.routine.len())
            .max()
            .unwrap_or(0);
        for s in &phase.sessions {
            let each = session_secs(&library, &s.routine).map_or_else(
                || "missing".to_string(),
                |secs| format!("{} each", duration(u64::from(secs))),
            );
            writeln!(
                out,
                "  {}  {}  {each}",
                fit_pad(&clean(&s.routine), id_width),
                fit_pad(&words::how_often(s), 24),
            )?;
        }
        for week in 0..phase.weeks {
            let (sessions, secs) = week_load(&library, phase, week);
            total_sessions += sessions;
            total_secs += secs;
            writeln!(
                out,
                "  week {}: {sessions} sessions, {}",
                first_week + week,
                minutes(secs)
            )?;
        }
        first_week = last_week + 1;
    }
    writeln!(
        out,
        "\nTotal: {} weeks, {total_sessions} sessions, {}",
        first_week - 1,
        minutes(total_secs)
    )
}

/// Sessions and seconds asked for in week `week` (from 0) of a phase.
fn week_load(library: &Library, phase: &crate::core::plan::Phase, week: u32) -> (u64, u64) {
    let mut sessions = 0u64;
    let mut secs = 0u64;
    for s in &phase.sessions {
        let n = s.per_week().unwrap_or_else(|| {
            (1..=7)
                .map(|d| {
                    // Weekday does not matter for Daily and EveryOtherDay; for On
                    // it is the count of named days.
                    let phase_day = week * 7 + d;
                    let weekday = chrono::Weekday::try_from(u8::try_from(d - 1).unwrap_or(0))
                        .unwrap_or(chrono::Weekday::Mon);
                    s.asked_on(phase_day, weekday)
                })
                .sum()
        });
        sessions += u64::from(n);
        secs += u64::from(n) * u64::from(session_secs(library, &s.routine).unwrap_or(0));
    }
    (sessions, secs)
}

fn start(
    ctx: &Context,
    entry: &PlanEntry,
    on: Option<NaiveDate>,
    out: &mut impl Write,
) -> Result<()> {
    let Some(plan) = entry.valid() else {
        return Err(Error::Reported);
    };
    let restart = events::active(&ctx.events)
        .iter()
        .any(|r| r.plan == entry.id);
    let file = (entry.source == Source::File).then(|| {
        std::fs::canonicalize(&entry.origin)
            .map_or_else(|_| entry.origin.clone(), |p| p.display().to_string())
    });
    let on = on.unwrap_or_else(|| ctx.today());
    ctx.append(&Event::Start {
        plan: entry.id.clone(),
        on,
        at: ctx.stamp(),
        file,
    })?;
    let verb = if restart { "Restarted" } else { "Started" };
    let text = (|| {
        writeln!(
            out,
            "{verb} {} ({}): day 1 is {}, {} weeks.",
            clean(&plan.title),
            clean(&entry.id),
            words::day(on),
            plan.nominal_days() / 7
        )?;
        if let Some(caution) = &plan.caution {
            writeln!(out, "Caution: {}", clean(caution))?;
        }
        writeln!(out, "`limber today` shows what is due.")
    })();
    text.or_else(ignore_broken_pipe)
}

fn stop(ctx: &Context, plan: Option<&str>, out: &mut impl Write) -> Result<()> {
    let active = events::active(&ctx.events);
    let id = match (plan, active.as_slice()) {
        (Some(id), _) => id.to_string(),
        (None, [only]) => only.plan.clone(),
        (None, []) => return Err(Error::Failed("no plan is active".into())),
        (None, many) => {
            let ids: Vec<String> = many.iter().map(|r| clean(&r.plan).into_owned()).collect();
            return Err(Error::Usage(format!(
                "several plans are active ({}): name the one to stop",
                ids.join(", ")
            )));
        }
    };
    if !active.iter().any(|r| r.plan == id) {
        return Err(Error::Failed(format!(
            "the plan '{}' is not active",
            clean(&id)
        )));
    }
    ctx.append(&Event::Stop {
        plan: id.clone(),
        at: ctx.stamp(),
    })?;
    writeln!(out, "Stopped {}.", clean(&id)).or_else(ignore_broken_pipe)
}
