//! The routines limber knows: bundled ones compiled into the binary, the user's
//! own from `$LIMBER_HOME/routines/`, and a file named on the command line.

use crate::core::routine::diagnostic::Diagnostic;
use crate::core::routine::load::{MAX_FILE_BYTES, parse_bytes};
use crate::core::routine::model::Routine;
use crate::core::routine::suggest::closest;
use crate::text::{char_kind, clean, describe_char, unsafe_chars};
use include_dir::{Dir, include_dir};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

#[derive(Debug, Clone, PartialEq, Eq)]
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

#[derive(Debug, Default, PartialEq, Eq)]
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
        Loading::start(user_dir).finish()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// An id from the library, or a path to a `.ron` file anywhere.
    pub fn resolve(&self, spec: &str) -> Result<Entry, ResolveError> {
        let ids: Vec<&str> = self.entries.iter().map(|e| e.id.as_str()).collect();
        let entry = resolve_in(
            spec,
            &ids,
            |id| self.get(id).cloned(),
            |path| Entry {
                id: routine_id(path).unwrap_or_else(|| spec.to_string()),
                source: Source::File,
                overrides_bundled: false,
                origin: spec.to_string(),
                routine: load_path(path),
            },
        )?;
        invalid(&entry.origin, &entry.routine)?;
        Ok(entry)
    }
}

/// How routines and plans are found from a command line's SPEC: a path
/// (loaded with `from_file`), else an id (`get`), else not found with the
/// nearest of `ids`.
pub fn resolve_in<T>(
    spec: &str,
    ids: &[&str],
    get: impl FnOnce(&str) -> Option<T>,
    from_file: impl FnOnce(&Path) -> T,
) -> Result<T, ResolveError> {
    if looks_like_path(spec) {
        let path = Path::new(spec);
        // A symlink that leads nowhere (or round in a loop) is there:
        // loading it says what is wrong with it.
        if path.symlink_metadata().is_err() {
            return Err(ResolveError::NotFound {
                spec: spec.to_string(),
                suggestion: None,
            });
        }
        return Ok(from_file(path));
    }
    get(spec).ok_or_else(|| ResolveError::NotFound {
        spec: spec.to_string(),
        suggestion: closest(spec, ids).map(str::to_string),
    })
}

/// A file that was found but does not load, as the error to resolve with.
pub fn invalid<T>(origin: &str, loaded: &Result<T, Vec<Diagnostic>>) -> Result<(), ResolveError> {
    match loaded {
        Ok(_) => Ok(()),
        Err(problems) => Err(ResolveError::Invalid {
            origin: origin.to_string(),
            problems: problems.clone(),
        }),
    }
}

/// A `.ron` file of a user folder (routines or plans).
pub struct UserFile {
    pub id: String,
    pub path: PathBuf,
    /// Why its name cannot be used as an id, when it cannot.
    pub unusable: Option<String>,
}

/// The `.ron` files of `dir`, sorted. A missing folder has none; one that
/// cannot be read is a notice for the user (`Err(None)` when missing).
pub fn user_files(dir: &Path) -> Result<Vec<UserFile>, Option<String>> {
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Some(
                clean(&format!("cannot read {}: {e}", dir.display())).into_owned(),
            ));
        }
    };
    let mut paths: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_routine_file(p))
        .collect();
    paths.sort();
    Ok(paths
        .into_iter()
        .filter_map(|path| {
            Some(UserFile {
                id: routine_id(&path)?,
                unusable: untypeable_name(&path),
                path,
            })
        })
        .collect())
}

/// The library being read: the bundled routines at once, the user's on every
/// core meanwhile. The picker's first frame is drawn from the former while
/// the latter are read (with a thousand files, most of the time before it);
/// together they are [`Library::load`]'s, which is this, waited for.
pub struct Loading {
    /// The bundled routines that no user routine replaces, sorted by id, and
    /// the problems with the user folder: final as they are.
    pub ready: Library,
    /// The user's routines, being read; each replacing the bundled one of its
    /// id says so.
    user: Option<Reading>,
    /// How many user files are being read.
    pub reading: usize,
}

enum Reading {
    Thread(std::thread::JoinHandle<Vec<Entry>>),
    Done(Vec<Entry>),
}

impl Loading {
    /// Lists the user folder, starts reading its routines on other threads
    /// and reads the bundled ones that none of them replaces.
    pub fn start(user_dir: Option<&Path>) -> Loading {
        let mut notices = Vec::new();
        let files = match user_dir.map(user_files) {
            Some(Ok(files)) => files,
            Some(Err(notice)) => {
                notices.extend(notice);
                Vec::new()
            }
            None => Vec::new(),
        };
        // A user routine replaces the bundled one of its id: that one is never
        // shown, so it is not read.
        let replaced: HashSet<String> = files.iter().map(|f| f.id.clone()).collect();
        let reading = files.len();
        let user = (!files.is_empty()).then(|| {
            let bundled: HashSet<String> = bundled_files()
                .filter_map(|(path, _)| routine_id(path))
                .collect();
            let read = move |files: &[UserFile]| {
                let mut entries = load_in_parallel(files);
                for e in &mut entries {
                    e.overrides_bundled = bundled.contains(&e.id);
                }
                entries
            };
            let files = Arc::new(files);
            let shared = Arc::clone(&files);
            let reading = std::thread::Builder::new().name("routines".into()).spawn({
                let read = read.clone();
                move || read(&shared)
            });
            // No thread to be had: read them here and now.
            reading.map_or_else(|_| Reading::Done(read(&files)), Reading::Thread)
        });
        let mut entries = bundled(&replaced);
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        Loading {
            ready: Library { entries, notices },
            user,
            reading,
        }
    }

    /// A library read whole already.
    pub fn done(library: Library) -> Loading {
        Loading {
            ready: library,
            user: None,
            reading: 0,
        }
    }

    /// The user's routines, once read (this waits for them), in the order of
    /// their files; none when the folder has none or they are taken already.
    pub fn rest(&mut self) -> Vec<Entry> {
        self.reading = 0;
        match self.user.take() {
            // Parts lost to a parser panic (a bug) are left out in there
            // already; this is for one outside them.
            Some(Reading::Thread(reading)) => reading.join().unwrap_or_default(),
            Some(Reading::Done(entries)) => entries,
            None => Vec::new(),
        }
    }

    /// [`Loading::rest`] if they are read by now, without waiting.
    pub fn rest_if_read(&mut self) -> Option<Vec<Entry>> {
        match &self.user {
            Some(Reading::Thread(reading)) if !reading.is_finished() => None,
            _ => Some(self.rest()),
        }
    }

    /// The whole library, as [`Library::load`] gives it.
    pub fn finish(mut self) -> Library {
        let rest = self.rest();
        let mut library = self.ready;
        library.entries.extend(rest);
        // Stable: two user files whose names read the same (not UTF-8) keep
        // the order of their files.
        library.entries.sort_by(|a, b| a.id.cmp(&b.id));
        library
    }
}

/// The user's routines in `files`, in that order, parsed on every core: with
/// a thousand files this is most of the time to the complete picker.
fn load_in_parallel(files: &[UserFile]) -> Vec<Entry> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let chunk = files.len().div_ceil(threads).max(64);
    let read = |part: &[UserFile]| part.iter().map(user_entry).collect::<Vec<_>>();
    let mut parts = files.chunks(chunk);
    let first = parts.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = parts.map(|part| scope.spawn(move || read(part))).collect();
        // This thread reads the first part: one thread fewer to start, and
        // none at all for a few files. A parser panic (a bug) loses that part
        // of the list, not the session.
        let mut entries = std::panic::catch_unwind(|| read(first)).unwrap_or_default();
        for part in others {
            entries.extend(part.join().unwrap_or_default());
        }
        entries
    })
}

/// The entry for one of the user's routine files.
fn user_entry(file: &UserFile) -> Entry {
    let routine = match &file.unusable {
        None => load_path(&file.path),
        Some(why) => Err(vec![Diagnostic::file(why.clone())]),
    };
    Entry {
        id: file.id.clone(),
        source: Source::User,
        overrides_bundled: false,
        origin: file.path.display().to_string(),
        routine,
    }
}

/// Why the id of a user routine's file could not be typed back, if it could
/// not: a name that is not UTF-8, or that holds a control or invisible
/// character, shows as something other than what it is.
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

/// The bundled routines, but those whose ids are in `except`.
fn bundled(except: &HashSet<String>) -> Vec<Entry> {
    BUNDLED
        .files()
        .filter(|f| is_routine_file(f.path()))
        .filter_map(|f| {
            let id = routine_id(f.path()).filter(|id| !except.contains(id))?;
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

/// The id of every routine there is, bundled and in `user_dir`, without
/// reading any: what a plan needs to know its routines exist, at the cost of
/// listing a folder (a prompt's status line runs at every prompt).
pub fn routine_ids(user_dir: Option<&Path>) -> Vec<String> {
    let mut ids: Vec<String> = bundled_files()
        .filter_map(|(path, _)| routine_id(path))
        .collect();
    if let Some(Ok(files)) = user_dir.map(user_files) {
        ids.extend(files.into_iter().map(|f| f.id));
    }
    ids.sort();
    ids.dedup();
    ids
}

/// The bundled routine files, for tests and `check --bundled`.
pub fn bundled_files() -> impl Iterator<Item = (&'static Path, &'static [u8])> {
    BUNDLED
        .files()
        .filter(|f| is_routine_file(f.path()))
        .map(|f| (f.path(), f.contents()))
}

/// The file of the bundled routine `id`, as written.
pub fn bundled_source(id: &str) -> Option<&'static [u8]> {
    BUNDLED
        .get_file(format!("{id}.ron"))
        .map(include_dir::File::contents)
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
    read_file(path, "routine")
}

/// Reads a routine or plan file (`what`), with the message a coach reads when
/// it cannot be: both have the same size limit.
pub fn read_file(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    use crate::store::file::{self, ReadError};
    file::read_limited(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::TooLarge { len, .. } => format!(
            "file is {} KiB; {what} files may be at most {} KiB",
            len.div_ceil(1024),
            MAX_FILE_BYTES / 1024
        ),
        ReadError::Folder => format!("is a folder, not a {what} file"),
        other => other.to_string(),
    })
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

    /// The library as it was read before the user's routines were read in
    /// the background: every bundled routine, each user routine replacing the
    /// bundled one of its id in place or added after them, then sorted.
    fn read_at_once(dir: &Path) -> Library {
        let mut entries = bundled(&HashSet::new());
        for entry in user_files(dir).expect("folder").iter().map(user_entry) {
            match entries.iter().position(|e| e.id == entry.id) {
                Some(i) => {
                    entries[i] = Entry {
                        overrides_bundled: entries[i].source == Source::Bundled,
                        ..entry
                    };
                }
                None => entries.push(entry),
            }
        }
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        Library {
            entries,
            notices: Vec::new(),
        }
    }

    #[test]
    fn the_library_read_in_the_background_is_the_one_read_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let routine = |title: &str| {
            format!(
                r#"Routine(title: "{title}", steps: [Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: 30)])"#
            )
        };
        // One replaces a bundled routine, one is invalid, one has a name that
        // cannot be typed; enough files for more than one thread.
        std::fs::write(dir.path().join("calf-release.ron"), routine("Mine")).expect("write");
        std::fs::write(dir.path().join("broken.ron"), "Routine(title: 5)").expect("write");
        std::fs::write(dir.path().join("odd\u{200b}.ron"), routine("Odd")).expect("write");
        for i in 0..150 {
            std::fs::write(
                dir.path().join(format!("r{i:03}.ron")),
                routine(&format!("R {i}")),
            )
            .expect("write");
        }
        let loading = Loading::start(Some(dir.path()));
        assert_eq!(loading.reading, 153);
        let ready: Vec<&str> = loading
            .ready
            .entries
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert!(!ready.contains(&"calf-release"), "replaced: not read");
        assert_eq!(ready.len(), bundled_files().count() - 1);
        assert!(
            loading
                .ready
                .entries
                .iter()
                .all(|e| e.source == Source::Bundled)
        );
        let library = loading.finish();
        assert_eq!(library, read_at_once(dir.path()));
        let mine = library.get("calf-release").expect("listed");
        assert!(mine.source == Source::User && mine.overrides_bundled);
        assert!(library.get("broken").is_some_and(|e| e.valid().is_none()));
    }

    #[test]
    fn an_unreadable_or_missing_folder_leaves_the_bundled_routines() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = Library::load(Some(&dir.path().join("none")));
        assert_eq!(missing.entries.len(), bundled_files().count());
        assert!(missing.notices.is_empty());
        let file = dir.path().join("file");
        std::fs::write(&file, "").expect("write");
        let loading = Loading::start(Some(&file));
        assert_eq!(loading.reading, 0);
        assert_eq!(
            loading.ready.notices.len(),
            1,
            "{:?}",
            loading.ready.notices
        );
        assert_eq!(loading.finish().entries, missing.entries);
    }

    #[test]
    fn the_user_routines_are_taken_once_whether_read_by_then_or_waited_for() {
        let dir = tempfile::tempdir().expect("temp dir");
        let routine = r#"Routine(title: "Calf", steps: [Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: 30)])"#;
        for i in 0..3 {
            std::fs::write(dir.path().join(format!("r{i}.ron")), routine).expect("write");
        }
        let mut loading = Loading::start(Some(dir.path()));
        let rest = match loading.rest_if_read() {
            Some(read) => read,
            None => loading.rest(),
        };
        let ids: Vec<&str> = rest.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["r0", "r1", "r2"]);
        assert_eq!(loading.reading, 0);
        assert_eq!(loading.rest_if_read(), Some(Vec::new()), "taken already");
        let mut nothing = Loading::start(Some(&dir.path().join("none")));
        assert_eq!(nothing.rest_if_read(), Some(Vec::new()));
    }
}
