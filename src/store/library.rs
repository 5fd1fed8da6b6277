//! The routines limber knows: bundled ones compiled into the binary, the user's
//! own from `$LIMBER_HOME/routines/`, and a file named on the command line.

use crate::core::routine::diagnostic::Diagnostic;
use crate::core::routine::load::{MAX_FILE_BYTES, parse_bytes};
use crate::core::routine::model::Routine;
use crate::core::routine::suggest::closest;
use crate::text::{char_kind, clean, describe_char, unsafe_chars};
use include_dir::{Dir, include_dir};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

// `build.rs` makes cargo rebuild when a file here is added, changed or removed.
static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/routines");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Bundled,
    User,
    /// A path given on the command line.
    File,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Bundled => "bundled",
            Source::User => "user",
            Source::File => "file",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub source: Source,
    /// A user routine that replaces a bundled one of the same id.
    pub overrides_bundled: bool,
    /// Where it came from, as shown in messages (`routines/x.ron (bundled)` for bundled ones).
    pub origin: String,
    pub routine: Result<Routine, Vec<Diagnostic>>,
}

impl Entry {
    /// One line saying why the routine is invalid, for `list` and the picker.
    pub fn reason(&self) -> Option<String> {
        let problems = self.routine.as_ref().err()?;
        let first = problems
            .first()
            .map_or_else(|| "invalid".to_string(), Diagnostic::short);
        Some(match problems.len() {
            0 | 1 => first,
            n => format!("{first} (and {} more; run `limber check`)", n - 1),
        })
    }

    pub fn valid(&self) -> Option<&Routine> {
        self.routine.as_ref().ok()
    }
}

#[derive(Debug, Default)]
pub struct Library {
    /// Sorted by id; one entry per id (a user routine shadows a bundled one).
    pub entries: Vec<Entry>,
    /// Problems with the user folder itself (unreadable), for the user to see once.
    pub notices: Vec<String>,
}

#[derive(Debug)]
pub enum ResolveError {
    NotFound {
        spec: String,
        suggestion: Option<String>,
    },
    Invalid {
        origin: String,
        problems: Vec<Diagnostic>,
    },
}

impl Library {
    /// Bundled routines plus those in `user_dir` (when it exists).
    pub fn load(user_dir: Option<&Path>) -> Library {
        let mut lib = Library {
            entries: bundled(),
            notices: Vec::new(),
        };
        if let Some(dir) = user_dir {
            lib.add_user_dir(dir);
        }
        lib.entries.sort_by(|a, b| a.id.cmp(&b.id));
        lib
    }

    fn add_user_dir(&mut self, dir: &Path) {
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => {
                self.notices
                    .push(clean(&format!("cannot read {}: {e}", dir.display())).into_owned());
                return;
            }
        };
        let mut paths: Vec<PathBuf> = read
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| is_routine_file(p))
            .collect();
        paths.sort();
        // Ids of the files of one folder differ (file stems), so a user routine can
        // only replace an entry from before this folder: index those once instead
        // of a linear search per file, which made 1,000 user routines quadratic.
        let known: HashMap<String, usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        for entry in load_in_parallel(&paths) {
            self.insert_user(&known, entry);
        }
    }

    fn insert_user(&mut self, known: &HashMap<String, usize>, mut entry: Entry) {
        match known.get(&entry.id) {
            Some(&i) => {
                entry.overrides_bundled = self.entries[i].source == Source::Bundled;
                self.entries[i] = entry;
            }
            None => self.entries.push(entry),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// An id from the library, or a path to a `.ron` file anywhere.
    pub fn resolve(&self, spec: &str) -> Result<Entry, ResolveError> {
        let entry = if looks_like_path(spec) {
            let path = Path::new(spec);
            // A symlink that leads nowhere (or round in a loop) is there:
            // loading it says what is wrong with it.
            if path.symlink_metadata().is_err() {
                return Err(ResolveError::NotFound {
                    spec: spec.to_string(),
                    suggestion: None,
                });
            }
            Entry {
                id: routine_id(path).unwrap_or_else(|| spec.to_string()),
                source: Source::File,
                overrides_bundled: false,
                origin: spec.to_string(),
                routine: load_path(path),
            }
        } else {
            let Some(entry) = self.get(spec) else {
                let ids: Vec<&str> = self.entries.iter().map(|e| e.id.as_str()).collect();
                return Err(ResolveError::NotFound {
                    spec: spec.to_string(),
                    suggestion: closest(spec, &ids).map(str::to_string),
                });
            };
            entry.clone()
        };
        match &entry.routine {
            Ok(_) => Ok(entry),
            Err(problems) => Err(ResolveError::Invalid {
                origin: entry.origin.clone(),
                problems: problems.clone(),
            }),
        }
    }
}

/// Why the id of a user routine's file could not be typed back, if it could
/// not: a name that is not UTF-8, or that holds a control or invisible
/// character, shows as something other than what it is.
/// The user's routines in `paths`, in that order, parsed on every core: with
/// a thousand files this is most of the time to the first frame.
fn load_in_parallel(paths: &[PathBuf]) -> Vec<Entry> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let chunk = paths.len().div_ceil(threads).max(64);
    std::thread::scope(|scope| {
        let parts: Vec<_> = paths
            .chunks(chunk)
            .map(|part| {
                scope.spawn(|| {
                    part.iter()
                        .filter_map(|p| user_entry(p))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            // A parser panic (a bug) loses that part of the list, not the session.
            .flat_map(|part| part.join().unwrap_or_else(|_| Vec::new()))
            .collect()
    })
}

/// The entry for the user's routine file at `path` (`None`: not a routine id).
fn user_entry(path: &Path) -> Option<Entry> {
    let id = routine_id(path)?;
    let routine = match untypeable_name(path) {
        None => load_path(path),
        Some(why) => Err(vec![Diagnostic::file(why)]),
    };
    Some(Entry {
        id,
        source: Source::User,
        overrides_bundled: false,
        origin: path.display().to_string(),
        routine,
    })
}

fn untypeable_name(path: &Path) -> Option<String> {
    let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
        return Some("the file name is not valid UTF-8; rename the file".into());
    };
    let (_, c) = unsafe_chars(stem).next()?;
    Some(format!(
        "the file name holds the {} {}; rename the file",
        char_kind(c),
        describe_char(c)
    ))
}

fn bundled() -> Vec<Entry> {
    BUNDLED
        .files()
        .filter(|f| is_routine_file(f.path()))
        .filter_map(|f| {
            let id = routine_id(f.path())?;
            Some(Entry {
                origin: format!("routines/{} (bundled)", f.path().display()),
                id,
                source: Source::Bundled,
                overrides_bundled: false,
                routine: parse_bytes(f.contents()),
            })
        })
        .collect()
}

/// The bundled routine files, for tests and `check --bundled`.
pub fn bundled_files() -> impl Iterator<Item = (&'static Path, &'static [u8])> {
    BUNDLED
        .files()
        .filter(|f| is_routine_file(f.path()))
        .map(|f| (f.path(), f.contents()))
}

pub fn is_routine_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "ron")
}

/// A routine's id is its file stem (`calf-release.ron` -> `calf-release`).
pub fn routine_id(path: &Path) -> Option<String> {
    path.file_stem().map(|s| s.to_string_lossy().into_owned())
}

pub fn looks_like_path(spec: &str) -> bool {
    is_routine_file(Path::new(spec))
        || spec.contains(std::path::MAIN_SEPARATOR)
        || spec.contains('/')
}

/// Reads and parses a routine file.
pub fn load_path(path: &Path) -> Result<Routine, Vec<Diagnostic>> {
    let bytes = read_limited(path).map_err(|msg| vec![Diagnostic::file(msg)])?;
    parse_bytes(&bytes)
}

/// Reads a routine file (a regular file of at most [`MAX_FILE_BYTES`]; see
/// [`crate::store::file`]), with the message a coach reads when it cannot be.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    use crate::store::file::{self, ReadError};
    file::read_limited(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::TooLarge { len, .. } => too_large(len),
        ReadError::Folder => "is a folder, not a routine file".into(),
        other => other.to_string(),
    })
}

fn too_large(len: u64) -> String {
    format!(
        "file is {} KiB; routine files may be at most {} KiB",
        len.div_ceil(1024),
        MAX_FILE_BYTES / 1024
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_with_an_invisible_character_is_listed_as_invalid() {
        let dir = tempfile::tempdir().expect("temp dir");
        let routine = r#"Routine(title: "Calf", steps: [Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: 30)])"#;
        std::fs::write(dir.path().join("calf\u{200b}.ron"), routine).expect("write");
        std::fs::write(dir.path().join("plain.ron"), routine).expect("write");
        let library = Library::load(Some(dir.path()));
        let odd = library.get("calf\u{200b}").expect("listed");
        assert_eq!(
            odd.reason().as_deref(),
            Some(
                "the file name holds the invisible character \\u{200b} (zero-width space); rename the file"
            )
        );
        assert!(library.get("plain").and_then(Entry::valid).is_some());
    }
}
