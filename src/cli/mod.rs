//! Dispatch from parsed arguments to commands, mapping failures to exit codes.

pub mod args;
pub mod commands;
pub mod error;
pub mod launch;

use crate::cli::error::{Error, Result};
use crate::core::timeline::expand;
use crate::session::runner::Prepared;
use crate::store::library::Loading;
use args::{Cli, Command};
use commands::{check, guide, list, show};
use std::io::{self, IsTerminal};

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => {
            if plain_wanted(cli.session.plain) {
                return Err(Error::Usage(
                    "the routine picker needs a full-screen terminal; use `limber list`, then `limber run ID --plain`"
                        .into(),
                ));
            }
            launch::recover_history();
            launch::tui(commands::start_library(), None, &cli.session)
        }
        Some(Command::Run { routine, session }) => {
            let opts = session.merged(&cli.session);
            let library = commands::load_library();
            let (entry, routine) = commands::resolve(&library, &routine)?;
            let prepared = Prepared::new(entry.id, routine);
            launch::recover_history();
            if plain_wanted(opts.plain) {
                launch::plain(&prepared, &opts)
            } else {
                launch::tui(Loading::done(library), Some(prepared), &opts)
            }
        }
        Some(Command::List { json }) => list_routines(json),
        Some(Command::Show {
            routine,
            json,
            full,
            format,
        }) => {
            let library = commands::load_library();
            let (entry, routine) = commands::resolve(&library, &routine)?;
            let timeline = expand(&routine);
            let mut out = io::stdout().lock();
            if json {
                show::json(&entry.id, &routine, &timeline, &mut out)
            } else if full || format.is_some() {
                let format = format.unwrap_or(guide::Format::Text);
                guide::write(&entry.id, &routine, &timeline, format, &mut out)
            } else {
                show::table(&entry.id, &routine, &timeline, &mut out)
            }
            .or_else(ignore_broken_pipe)
        }
        Some(Command::Check { paths }) => {
            let mut out = io::stdout().lock();
            let summary = check::run(&paths, &mut out)
                .map_err(|e| Error::Failed(format!("cannot write output: {e}")))?;
            if summary.invalid > 0 {
                Err(Error::Reported)
            } else {
                Ok(())
            }
        }
        Some(Command::New { id }) => commands::new::main(&id),
        Some(Command::Export { routine }) => commands::export::main(&routine),
        Some(Command::Sounds { cues, volume, say }) => {
            let mut out = io::stdout().lock();
            commands::sounds::run(
                &cues,
                volume.unwrap_or(crate::cli::args::DEFAULT_VOLUME),
                say.as_deref(),
                &mut out,
            )
        }
        Some(Command::History { json, csv, since }) => commands::history::main(json, csv, since),
        Some(Command::Plan { action }) => commands::plan::main(action),
        Some(Command::Today { json }) => commands::plan::today::main(json),
        Some(Command::Checkin { value, plan }) => {
            commands::plan::today::checkin(value, plan.as_deref())
        }
        Some(Command::Status) => commands::plan::today::status(),
        Some(Command::Report(opts)) => commands::report::main(&opts),
        Some(Command::Completions { shell }) => {
            commands::docs::completions(shell, &mut io::stdout().lock()).or_else(ignore_broken_pipe)
        }
        Some(Command::Man) => {
            commands::docs::man(&mut io::stdout().lock()).or_else(ignore_broken_pipe)
        }
    }
}

/// `limber list [--json]`: the invalid routines are named on stderr when the
/// output is JSON, and are rows of the table otherwise.
fn list_routines(json: bool) -> Result<()> {
    let library = commands::load_library();
    let mut out = io::stdout().lock();
    if json {
        for e in library.entries.iter().filter(|e| e.valid().is_none()) {
            eprintln!(
                "warning: {} is invalid and left out: {}",
                crate::text::clean(&e.origin),
                e.reason().unwrap_or_default()
            );
        }
        list::json(&library, &mut out)
    } else {
        // A terminal gets a table that fits it; a pipe gets every cell.
        let width = io::stdout()
            .is_terminal()
            .then(|| ratatui::crossterm::terminal::size().ok())
            .flatten()
            .map(|(columns, _)| usize::from(columns));
        list::table(&library, &mut out, width)
    }
    .or_else(ignore_broken_pipe)
}

/// `--plain`, or a standard output that is no terminal, or a terminal that
/// says it can do nothing (`TERM=dumb`): SPEC section 3.
fn plain_wanted(flag: bool) -> bool {
    let term = std::env::var_os("TERM");
    plain_for(
        flag,
        io::stdout().is_terminal(),
        term.as_deref().and_then(|t| t.to_str()),
    )
}

fn plain_for(flag: bool, terminal: bool, term: Option<&str>) -> bool {
    flag || !terminal || term == Some("dumb")
}

/// `limber list | head` closes the pipe early; that is not an error worth a message.
#[allow(clippy::needless_pass_by_value)] // shaped for `or_else`
pub(crate) fn ignore_broken_pipe(e: io::Error) -> Result<()> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(Error::Failed(format!("cannot write output: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::plain_for;

    #[test]
    fn plain_when_asked_piped_or_on_a_dumb_terminal() {
        assert!(plain_for(true, true, Some("xterm-256color")));
        assert!(plain_for(false, false, Some("xterm-256color")));
        assert!(plain_for(false, true, Some("dumb")));
        assert!(!plain_for(false, true, Some("xterm-256color")));
        assert!(!plain_for(false, true, None));
    }
}
