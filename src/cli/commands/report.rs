//! `limber report [--since DATE] [--plan PLAN] [--format md|html] [-o FILE]`
//! (SPEC 9): reads the history (and, with plans, the plan state), works out
//! [`ReportData`](crate::report::data::ReportData) and writes it as Markdown or HTML to stdout or a file.

use crate::cli::args::parse_date;
use crate::cli::commands::history::now_override;
use crate::cli::commands::plan::Context;
use crate::cli::commands::plan::today::active;
use crate::cli::error::{Error, Result};
use crate::cli::launch::recover_history;
use crate::core::plan::words;
use crate::report::data::{HistoryPart, PlanReport};
use crate::report::plan::plan_report;
use crate::report::{html, markdown};
use crate::store::history::{HistoryError, log};
use crate::store::paths;
use crate::text::clean;
use chrono::{Local, NaiveDate};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Markdown, readable as plain text in an email
    #[default]
    Md,
    /// One self-contained HTML page with charts, to open in a browser or print
    Html,
}

/// The flags of `limber report`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Options {
    /// Only sessions that ended on or after this date (YYYY-MM-DD); without
    /// it, the last 12 weeks
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Only this plan (its id)
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
    /// How the report is written
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "md")]
    pub format: Format,
    /// Write the report to FILE (created or overwritten) instead of printing it
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `limber report` as `dispatch` calls it. The clock is `LIMBER_NOW` when set
/// (tests), the time zone the local one.
pub fn main(opts: &Options) -> Result<()> {
    let home = paths::home().ok_or_else(|| Error::Failed(HistoryError::NoHome.to_string()))?;
    let now = now_override()?.map_or_else(Local::now, |now| now.with_timezone(&Local));
    let today = now.date_naive();
    recover_history();
    let mut part = HistoryPart::new(Local, today, opts.since);
    let warnings = log::read_each(&home, |line| part.add(&line.record))
        .map_err(|e| Error::Failed(e.to_string()))?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let plans = plans(opts.since, opts.plan.as_deref())?;
    let data = part.finish().with_plans(plans);
    let text = match opts.format {
        Format::Md => markdown::render(&data),
        Format::Html => html::render(&data),
    };
    match &opts.output {
        Some(path) => write_file(path, &text),
        None => write_stdout(&text),
    }
}

/// The plans part of the report: every plan active in the period (only
/// `wanted` when given), as the plan state works them out from `plans.jsonl`,
/// the plan files and the history. This is the one place the plan state joins
/// the report.
fn plans(since: Option<NaiveDate>, wanted: Option<&str>) -> Result<Vec<PlanReport>> {
    let ctx = Context::load()?;
    let mut plans: Vec<PlanReport> = active(&ctx, true)?
        .iter()
        .filter_map(|a| {
            let (plan, state) = a.plan.as_ref().ok()?;
            let warning = state.warnings.first().map(words::warning);
            Some(plan_report(
                &a.run,
                plan,
                state,
                ctx.today(),
                since,
                warning,
            ))
        })
        .collect();
    if let Some(id) = wanted {
        plans.retain(|p| p.id == id);
        if plans.is_empty() {
            return Err(Error::Failed(format!("no plan '{}' is active", clean(id))));
        }
    }
    Ok(plans)
}

/// Creates (or empties) `path` and writes the report to it.
fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| {
        let why = if path.is_dir() {
            "it is a folder".to_owned()
        } else {
            e.to_string()
        };
        Error::Failed(format!(
            "cannot write the report to {}: {}",
            clean(&path.to_string_lossy()),
            clean(&why)
        ))
    })
}

fn write_stdout(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Error::Failed(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}
