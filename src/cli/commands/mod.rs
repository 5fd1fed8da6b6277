//! The non-interactive commands. Each prints to a writer so tests can read it.

pub mod check;
pub mod docs;
pub mod export;
pub mod guide;
pub mod history;
pub mod list;
pub mod new;
pub mod plan;
pub mod report;
pub mod show;
pub mod sounds;

use crate::cli::error::Error;
use crate::core::routine::Routine;
use crate::store::library::{Entry, Library, Loading};
use crate::store::library::{ResolveError, looks_like_path};
use crate::store::paths;
use crate::text::clean;

/// The library as every command sees it: bundled plus `$LIMBER_HOME/routines`.
pub fn load_library() -> Library {
    start_library().finish()
}

/// [`load_library`], the user's routines read on other threads meanwhile.
pub fn start_library() -> Loading {
    let home = paths::home();
    Loading::start(home.as_deref().map(paths::routines_dir).as_deref())
}

/// Finds ROUTINE (an id or a path), or explains why not.
pub fn resolve(library: &Library, spec: &str) -> Result<(Entry, Routine), Error> {
    match library.resolve(spec) {
        Ok(entry) => {
            let routine = entry.valid().cloned().ok_or(Error::Reported)?;
            Ok((entry, routine))
        }
        Err(e) => Err(not_resolved(e, "routine", "limber list")),
    }
}

/// Why a routine or a plan (`what`) named on the command line cannot be used;
/// the problems of an invalid file are printed to stderr first. `lister` is the
/// command that lists them.
pub fn not_resolved(e: ResolveError, what: &str, lister: &str) -> Error {
    match e {
        ResolveError::NotFound { spec, .. } if looks_like_path(&spec) => {
            Error::Failed(format!("{}: no such file", clean(&spec)))
        }
        ResolveError::NotFound { spec, suggestion } => {
            no_such(what, lister, &spec, suggestion.as_deref())
        }
        ResolveError::Invalid { origin, problems } => {
            // A file that could not be read at all (a FIFO, a folder, too
            // large): that is the one thing to say.
            if let [only] = problems.as_slice()
                && only.position.is_none()
                && only.item.is_none()
            {
                return Error::Failed(only.render(&origin));
            }
            for p in &problems {
                eprintln!("{}", p.render(&origin));
            }
            Error::Failed(format!(
                "{} is not a valid {what} ({} problem{}); fix it and try again",
                clean(&origin),
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            ))
        }
    }
}

/// No routine with id `spec`, and the closest one there is.
pub fn not_found(spec: &str, suggestion: Option<&str>) -> Error {
    no_such("routine", "limber list", spec, suggestion)
}

/// No routine or plan (`what`) with id `spec`: the closest one there is, or
/// the command that lists them (`lister`).
fn no_such(what: &str, lister: &str, spec: &str, suggestion: Option<&str>) -> Error {
    let hint = match suggestion {
        Some(s) => format!("; did you mean '{}'?", clean(s)),
        None => format!("; `{lister}` shows the {what}s there are"),
    };
    Error::Failed(format!("no {what} '{}'{hint}", clean(spec)))
}
