//! The non-interactive commands. Each prints to a writer so tests can read it.

pub mod check;
pub mod docs;
pub mod export;
pub mod guide;
pub mod history;
pub mod list;
pub mod new;
pub mod report;
pub mod show;
pub mod sounds;

use crate::cli::error::Error;
use crate::core::routine::Routine;
use crate::store::library::{Entry, Library};
use crate::store::library::{ResolveError, looks_like_path};
use crate::store::paths;
use crate::text::clean;

/// The library as every command sees it: bundled plus `$LIMBER_HOME/routines`.
pub fn load_library() -> Library {
    let home = paths::home();
    Library::load(home.as_deref().map(paths::routines_dir).as_deref())
}

/// Finds ROUTINE (an id or a path), or explains why not.
pub fn resolve(library: &Library, spec: &str) -> Result<(Entry, Routine), Error> {
    match library.resolve(spec) {
        Ok(entry) => {
            let routine = entry.valid().cloned().ok_or(Error::Reported)?;
            Ok((entry, routine))
        }
        Err(ResolveError::NotFound { spec, .. }) if looks_like_path(&spec) => {
            Err(Error::Failed(format!("{}: no such file", clean(&spec))))
        }
        Err(ResolveError::NotFound { spec, suggestion }) => {
            Err(not_found(&spec, suggestion.as_deref()))
        }
        Err(ResolveError::Invalid { origin, problems }) => {
            // A file that could not be read at all (a FIFO, a folder, too
            // large): that is the one thing to say.
            if let [only] = problems.as_slice()
                && only.position.is_none()
                && only.item.is_none()
            {
                return Err(Error::Failed(only.render(&origin)));
            }
            for p in &problems {
                eprintln!("{}", p.render(&origin));
            }
            Err(Error::Failed(format!(
                "{} is not a valid routine ({} problem{}); fix it and try again",
                clean(&origin),
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            )))
        }
    }
}

/// No routine with id `spec`, and the closest one there is.
pub fn not_found(spec: &str, suggestion: Option<&str>) -> Error {
    let hint = match suggestion {
        Some(s) => format!("; did you mean '{}'?", clean(s)),
        None => "; `limber list` shows the routines there are".to_string(),
    };
    Error::Failed(format!("no routine '{}'{hint}", clean(spec)))
}
