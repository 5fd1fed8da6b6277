//! The plans limber knows: bundled ones compiled into the binary (`plans/`),
//! the user's own from `$LIMBER_HOME/plans/` (same id replaces a bundled one),
//! and a file named on the command line; what the runner did with them
//! ([`log`]); and the sessions of the history that can fill a prescription.

pub mod log;

use crate::core::plan::load::parse_bytes;
use crate::core::plan::model::Plan;
use crate::core::plan::state::Session;
use crate::core::routine::diagnostic::Diagnostic;
use crate::core::routine::load::top_level_name;
use crate::store::history::Record;
use crate::store::library::{
    ResolveError, Source, invalid, is_routine_file, read_file, resolve_in, routine_id, routine_ids,
    user_files,
};
use include_dir::{Dir, include_dir};
use std::path::Path;

// `build.rs` makes cargo rebuild when a file here is added, changed or removed.
static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/plans");

#[derive(Debug, Clone)]
pub struct PlanEntry {
    pub id: String,
    pub source: Source,
    /// Where it came from, as shown in messages (`plans/x.ron (bundled)`).
    pub origin: String,
    pub plan: Result<Plan, Vec<Diagnostic>>,
}

impl PlanEntry {
    pub fn valid(&self) -> Option<&Plan> {
        self.plan.as_ref().ok()
    }
}

/// Every plan by id: bundled, then the user's over them.
#[derive(Debug, Default)]
pub struct PlanBook {
    /// Sorted by id; one entry per id.
    pub entries: Vec<PlanEntry>,
    /// Problems with the user folder itself, for the user to see once.
    pub notices: Vec<String>,
}

impl PlanBook {
    /// Bundled plans plus those in `user_dir`, checked against `routines`
    /// (the ids of every routine there is).
    pub fn load(user_dir: Option<&Path>, routines: &[&str]) -> PlanBook {
        let routines = Some(routines);
        let mut book = PlanBook {
            entries: bundled(routines),
            notices: Vec::new(),
        };
        match user_dir.map(user_files) {
            None => {}
            Some(Err(notice)) => book.notices.extend(notice),
            Some(Ok(files)) => {
                for file in files {
                    let plan = match file.unusable {
                        None => load_path(&file.path, routines),
                        Some(why) => Err(vec![Diagnostic::file(why)]),
                    };
                    let entry = PlanEntry {
                        id: file.id,
                        source: Source::User,
                        origin: file.path.display().to_string(),
                        plan,
                    };
                    match book.entries.iter_mut().find(|e| e.id == entry.id) {
                        Some(bundled) => *bundled = entry,
                        None => book.entries.push(entry),
                    }
                }
            }
        }
        book.entries.sort_by(|a, b| a.id.cmp(&b.id));
        book
    }

    pub fn get(&self, id: &str) -> Option<&PlanEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// An id, or a path to a `.ron` plan file anywhere.
    pub fn resolve(&self, spec: &str, routines: &[&str]) -> Result<PlanEntry, ResolveError> {
        let ids: Vec<&str> = self.entries.iter().map(|e| e.id.as_str()).collect();
        let entry = resolve_in(
            spec,
            &ids,
            |id| self.get(id).cloned(),
            |path| PlanEntry {
                id: routine_id(path).unwrap_or_else(|| spec.to_string()),
                source: Source::File,
                origin: spec.to_string(),
                plan: load_path(path, Some(routines)),
            },
        )?;
        invalid(&entry.origin, &entry.plan)?;
        Ok(entry)
    }
}

/// The plan `id` alone: the user's file, else the bundled one; no other plan
/// is read.
pub fn find(user_dir: Option<&Path>, id: &str, routines: Option<&[&str]>) -> Option<PlanEntry> {
    if let Some(dir) = user_dir {
        let path = dir.join(format!("{id}.ron"));
        if path.symlink_metadata().is_ok() && routine_id(&path).as_deref() == Some(id) {
            return Some(PlanEntry {
                id: id.to_string(),
                source: Source::User,
                origin: path.display().to_string(),
                plan: load_path(&path, routines),
            });
        }
    }
    let (path, bytes) = bundled_files().find(|(p, _)| routine_id(p).as_deref() == Some(id))?;
    Some(PlanEntry {
        id: id.to_string(),
        source: Source::Bundled,
        origin: format!("plans/{} (bundled)", path.display()),
        plan: parse_bytes(bytes, routines),
    })
}

fn bundled(routines: Option<&[&str]>) -> Vec<PlanEntry> {
    bundled_files()
        .filter_map(|(path, bytes)| {
            Some(PlanEntry {
                id: routine_id(path)?,
                source: Source::Bundled,
                origin: format!("plans/{} (bundled)", path.display()),
                plan: parse_bytes(bytes, routines),
            })
        })
        .collect()
}

/// The bundled plan files, for tests.
pub fn bundled_files() -> impl Iterator<Item = (&'static Path, &'static [u8])> {
    BUNDLED
        .files()
        .filter(|f| is_routine_file(f.path()))
        .map(|f| (f.path(), f.contents()))
}

/// Reads and parses a plan file.
pub fn load_path(path: &Path, routines: Option<&[&str]>) -> Result<Plan, Vec<Diagnostic>> {
    let bytes = read_file(path, "plan").map_err(|msg| vec![Diagnostic::file(msg)])?;
    parse_bytes(&bytes, routines)
}

/// Whether the file at `path` holds a plan: its top level is `Plan(...)`
/// (SPEC 4). A file that cannot be read is not one (the routine check says why).
pub fn is_plan_file(path: &Path) -> bool {
    read_file(path, "plan").is_ok_and(|bytes| {
        let head = &bytes[..bytes.len().min(4096)];
        let text = String::from_utf8_lossy(head);
        top_level_name(&text) == "Plan"
    })
}

/// The problems of the plan file at `path` for `limber check`, its routines
/// looked for among the bundled ones and the user's.
pub fn check(path: &Path) -> Vec<Diagnostic> {
    let routines = routine_ids(
        crate::store::paths::home()
            .map(|h| crate::store::paths::routines_dir(&h))
            .as_deref(),
    );
    let ids: Vec<&str> = routines.iter().map(String::as_str).collect();
    load_path(path, Some(&ids)).err().unwrap_or_default()
}

/// The sessions of `records` that can fill a prescription: those that count
/// ([`Record::counts`]: completed, not a preview, not skipped through).
pub fn sessions(records: &[Record]) -> Vec<Session<'_>> {
    records
        .iter()
        .filter(|r| r.counts())
        .map(|r| Session {
            routine: &r.routine,
            ended: r.ended,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::engine::Report;
    use chrono::DateTime;

    fn record(routine: &str, work: u32, speed: u32, completed: bool) -> Record {
        let started = DateTime::parse_from_rfc3339("2025-03-10T07:00:00+01:00").expect("time");
        let mut r = Record::start(routine, "T", 300, speed, started);
        let report = Report {
            completed,
            work_secs: work,
            targets: std::collections::BTreeMap::new(),
            skipped: Vec::new(),
        };
        r.finish(&report, started + chrono::Duration::minutes(5));
        r
    }

    #[test]
    fn every_bundled_plan_is_valid() {
        // Against the bundled routines alone: every routine a plan names is one.
        let library = crate::store::library::Library::load(None);
        let ids: Vec<&str> = library.entries.iter().map(|e| e.id.as_str()).collect();
        let book = PlanBook::load(None, &ids);
        assert_eq!(book.entries.len(), 4);
        for entry in &book.entries {
            assert!(
                entry.valid().is_some(),
                "{}: {:?}",
                entry.origin,
                entry.plan
            );
        }
    }

    #[test]
    fn previews_skipped_through_and_stopped_sessions_fill_nothing() {
        let records = [
            record("done", 300, 1, true),
            record("preview", 300, 10, true),
            record("skipped-through", 100, 1, true),
            record("stopped", 300, 1, false),
            record("half", 150, 1, true),
        ];
        let got: Vec<&str> = sessions(&records).iter().map(|s| s.routine).collect();
        assert_eq!(got, ["done", "half"]);
    }

    #[test]
    fn a_user_plan_replaces_a_bundled_one_and_bad_ones_are_listed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plan = r#"Plan(title: "Mine", phases: [Phase(name: "One", weeks: 1, sessions: [(routine: "calf-stretch", days: Daily)])])"#;
        std::fs::write(dir.path().join("mine.ron"), plan).expect("write");
        std::fs::write(dir.path().join("bad.ron"), "Plan(").expect("write");
        let book = PlanBook::load(Some(dir.path()), &["calf-stretch"]);
        assert_eq!(
            book.get("mine")
                .and_then(PlanEntry::valid)
                .map(|p| p.title.as_str()),
            Some("Mine")
        );
        assert!(book.get("bad").is_some_and(|e| e.valid().is_none()));
        assert!(matches!(
            book.resolve("mien", &[]),
            Err(ResolveError::NotFound { suggestion: Some(s), .. }) if s == "mine"
        ));
    }
}
