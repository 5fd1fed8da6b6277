//! The command line (SPEC section 3), with clap derive.

use crate::store::settings::Settings;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "limber",
    version,
    about = "A terminal coach for self-massage and stretching routines",
    long_about = "A terminal coach for self-massage and stretching routines.\n\n\
        Run `limber` to pick a routine, or `limber run calf-release` to start one at once.\n\
        Coaches: write routines as .ron files, check them with `limber check`, preview them\n\
        with `limber show`, and put them in $LIMBER_HOME/routines/ (see the README).",
    after_help = "Data (your routines, sounds and history) lives in $LIMBER_HOME, \
        or ~/.local/share/limber when it is unset."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub session: SessionOpts,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a routine at once (an id from `limber list`, or a path to a .ron file)
    Run {
        /// Routine id (e.g. calf-release) or path to a .ron file
        routine: String,
        #[command(flatten)]
        session: SessionOpts,
    },
    /// List every routine: id, title, targets and planned duration
    List {
        /// Print a JSON array of `{id, title, targets, planned_secs, source}`
        #[arg(long)]
        json: bool,
    },
    /// Show a routine's timeline: every block with its start time, and the total
    Show {
        /// Routine id or path to a .ron file
        routine: String,
        /// Print `{id, title, planned_secs, blocks: [...]}` as JSON
        #[arg(long, conflicts_with_all = ["full", "format"])]
        json: bool,
        /// The routine as a runner reads it: every step with its instructions,
        /// prompts, tool, sides, sets and times
        #[arg(long)]
        full: bool,
        /// How `--full` is written: `text`, or `md` (Markdown, to print or
        /// send; implies --full)
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<crate::cli::commands::guide::Format>,
    },
    /// Check routine and plan files, or folders of them (recursively), and report every problem
    Check {
        /// Files or folders; folders are searched for *.ron
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    #[command(
        about = "Write a commented starter routine to $LIMBER_HOME/routines/ID.ron (never over a file)"
    )]
    New {
        /// The new routine's id, its file name without .ron (e.g. calf-care)
        id: String,
    },
    /// Print a routine's file as written (a bundled one too), to copy and edit
    Export {
        /// Routine id or path to a .ron file
        routine: String,
    },
    /// Play the cue sounds, to check your speakers (and your own sounds)
    Sounds {
        /// Only these cues: start, tick, end, switch, halfway, prompt, rest, done, up, down
        #[arg(value_name = "CUE")]
        cues: Vec<String>,
        /// Sound volume, 0-100
        #[arg(long, value_name = "0-100", value_parser = clap::value_parser!(u8).range(0..=100))]
        volume: Option<u8>,
        /// Say this text with the speech program after the cues
        #[arg(long, value_name = "TEXT")]
        say: Option<String>,
    },
    /// Past sessions and totals: streak, minutes per target, tightness
    History {
        /// Print the log as a JSON array
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print one CSV row per session
        #[arg(long)]
        csv: bool,
        /// Only sessions started on or after this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        #[arg(value_parser = parse_date)]
        since: Option<chrono::NaiveDate>,
    },
    /// Plans across weeks: list, show, start and stop them
    Plan {
        #[command(subcommand)]
        action: PlanAction,
    },
    /// What the active plans ask of today, and what is done
    Today {
        /// Print `[{plan, title, day, days, phase, due, checkin, adherence, warning}]`
        #[arg(long)]
        json: bool,
    },
    /// Record today's check-in answer (0-10) for the active plans that ask one
    Checkin {
        /// 0 (none) to 10 (the worst)
        #[arg(value_name = "0-10", value_parser = clap::value_parser!(u8).range(0..=10))]
        value: u8,
        /// Only this plan
        #[arg(long, value_name = "PLAN")]
        plan: Option<String>,
    },
    /// One short line for a shell prompt or a status bar: what is still due today
    Status,
    /// A report for your coach: sessions and minutes per week and per target,
    /// plans (asked vs done), tightness and check-ins, the steps skipped most
    Report(crate::cli::commands::report::Options),
    /// Print a completion script for your shell (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "bash: limber completions bash > ~/.local/share/bash-completion/completions/limber\n\
        zsh:  limber completions zsh > ~/.zfunc/_limber   (with fpath+=~/.zfunc before compinit)\n\
        fish: limber completions fish > ~/.config/fish/completions/limber.fish"
    )]
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `limber man > ~/.local/share/man/man1/limber.1`
    Man,
}

/// `limber plan ...` (SPEC section 8).
#[derive(Debug, Subcommand)]
pub enum PlanAction {
    /// One line per plan: id, title, length, source
    List {
        /// Print a JSON array of `{id, title, weeks, phases, source, active}`
        #[arg(long)]
        json: bool,
    },
    /// The phases, each week's prescriptions and their minutes, and the total
    Show {
        /// Plan id or path to a .ron file
        plan: String,
    },
    /// Start a plan (again, if it is active): today is day 1 unless --on says
    Start {
        /// Plan id or path to a .ron file
        plan: String,
        /// Day 1 of the plan (YYYY-MM-DD), instead of today
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        on: Option<chrono::NaiveDate>,
    },
    /// Stop a plan (the only active one when none is named)
    Stop {
        /// Plan id
        plan: Option<String>,
    },
    /// Print the plan's sessions from today to its end as an iCalendar file
    /// (import it into any calendar app for reminders)
    #[command(
        after_help = "Example: limber plan ics plantar-heel --at 07:30,19:00 > plantar-heel.ics"
    )]
    Ics {
        /// Plan id or path to a .ron file
        plan: String,
        /// Local times of each day's sessions, first to last (default: spread over the day)
        #[arg(long, value_name = "HH:MM,...", value_delimiter = ',', value_parser = parse_time)]
        at: Vec<chrono::NaiveTime>,
    },
}

pub const DEFAULT_VOLUME: u8 = 80;

/// A time of day as `--at` takes it.
fn parse_time(text: &str) -> Result<chrono::NaiveTime, String> {
    chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| "expected a time as HH:MM, e.g. 07:30".to_string())
}

/// A date as `--since` takes it, with a message that says the format.
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| "expected a date as YYYY-MM-DD, e.g. 2025-03-01".to_string())
}

/// Flags of a guided session, for `limber` and `limber run`.
#[allow(clippy::struct_excessive_bools)] // each is a command-line switch
#[derive(Debug, Clone, Default, Args)]
pub struct SessionOpts {
    /// No sound
    #[arg(long)]
    pub mute: bool,
    /// Time runs N times faster (1-100), for previewing; such sessions are saved as previews
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub speed: Option<u32>,
    /// No full-screen UI: one plain line per event (for screen readers, pipes and logs)
    #[arg(long)]
    pub plain: bool,
    /// Sound volume, 0-100 (default 80; `+` and `-` change it during a session)
    #[arg(long, value_name = "0-100", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub volume: Option<u8>,
    /// Spoken guidance: announce each block and prompt (needs espeak-ng, or say on macOS)
    #[arg(long)]
    pub voice: bool,
    /// Ring the terminal bell at every block change (for machines without sound)
    #[arg(long)]
    pub bell: bool,
    /// Don't ask "how tight is it?" before and after
    #[arg(long, conflicts_with = "rate")]
    pub no_rate: bool,
    /// Ask "how tight is it?" in --plain too (read from standard input)
    #[arg(long)]
    pub rate: bool,
}

impl SessionOpts {
    /// Flags given after `run` win over those given before it.
    #[must_use]
    pub fn merged(&self, outer: &SessionOpts) -> SessionOpts {
        SessionOpts {
            mute: self.mute || outer.mute,
            speed: self.speed.or(outer.speed),
            plain: self.plain || outer.plain,
            volume: self.volume.or(outer.volume),
            voice: self.voice || outer.voice,
            bell: self.bell || outer.bell,
            no_rate: self.no_rate || outer.no_rate,
            rate: self.rate || outer.rate,
        }
    }

    /// These flags with the user's settings under them: a flag given wins.
    #[must_use]
    pub fn over(&self, settings: &Settings) -> SessionOpts {
        SessionOpts {
            mute: self.mute || settings.mute,
            voice: self.voice || settings.voice,
            bell: self.bell || settings.bell,
            volume: self.volume.or(settings.volume),
            ..self.clone()
        }
    }

    pub fn speed(&self) -> u32 {
        self.speed.unwrap_or(1)
    }

    pub fn volume(&self) -> u8 {
        self.volume.unwrap_or(DEFAULT_VOLUME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_settings() {
        let s = Settings {
            voice: true,
            volume: Some(40),
            bell: false,
            mute: false,
        };
        let opts = SessionOpts {
            volume: Some(90),
            ..SessionOpts::default()
        };
        let merged = opts.over(&s);
        assert!(merged.voice);
        assert_eq!(merged.volume(), 90);
        assert_eq!(SessionOpts::default().over(&s).volume(), 40);
    }
}
