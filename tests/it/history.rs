//! The history log and checkpoints through the library API (SPEC section 6):
//! round trips, torn lines, concurrent appends, crash recovery, and a data folder
//! that cannot be written. Every test works in its own temporary folder.

use chrono::{DateTime, FixedOffset};
use limber::core::engine::Report;
use limber::core::routine::Target;
use limber::store::history::{self, Checkpoint, HistoryError, Outcome, Record, Warning};
use limber::store::paths;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("valid time")
}

fn report(completed: bool, work_secs: u32) -> Report {
    Report {
        completed,
        work_secs,
        targets: BTreeMap::from([(Target::Calves, work_secs)]),
        skipped: Vec::new(),
    }
}

fn finished(routine: &str, started: &str) -> Record {
    let mut r = Record::start(routine, "Calf release", 335, 1, at(started));
    r.finish(
        &report(true, 300),
        at(started) + chrono::Duration::minutes(6),
    );
    r
}

fn log_text(home: &Path) -> String {
    fs::read_to_string(paths::history_file(home)).expect("log")
}

#[test]
fn append_then_read_round_trips() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path().join("new/folder"); // made on the first append
    let records = [
        finished("calf-release", "2025-03-30T23:30:00+02:00"),
        finished("hip-opener", "2025-03-31T07:00:00+02:00"),
    ];
    for r in &records {
        history::append(&home, r).expect("append");
    }
    let (read, warnings) = history::read(&home).expect("read");
    assert_eq!(read, records);
    assert!(warnings.is_empty());
    assert_eq!(log_text(&home).lines().count(), 2);
    assert!(log_text(&home).ends_with('\n'));
}

#[test]
fn a_torn_last_line_is_skipped_and_the_next_append_lands_on_its_own_line() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let first = finished("calf-release", "2025-03-30T07:00:00+02:00");
    let second = finished("calf-release", "2025-03-31T07:00:00+02:00");
    history::append(home, &first).expect("append");
    history::append(home, &second).expect("append");
    // A crash in the middle of the third line.
    let torn = &finished("it-band", "2025-03-31T08:00:00+02:00").to_json_line()[..40];
    let mut text = log_text(home);
    text.push_str(torn);
    fs::write(paths::history_file(home), &text).expect("write");

    let (read, warnings) = history::read(home).expect("read");
    assert_eq!(read, [first.clone(), second.clone()]);
    assert_eq!(warnings, [Warning::DamagedLine { line: 3 }]);
    assert_eq!(
        warnings[0].to_string(),
        "history.jsonl line 3 is damaged and was skipped"
    );

    let third = finished("hip-opener", "2025-03-31T09:00:00+02:00");
    history::append(home, &third).expect("append");
    let after = log_text(home);
    assert!(
        after.starts_with(&text),
        "earlier bytes are never rewritten"
    );
    assert_eq!(after.lines().nth(2), Some(torn));
    let (read, warnings) = history::read(home).expect("read");
    assert_eq!(read, [first, second, third]);
    assert_eq!(warnings, [Warning::DamagedLine { line: 3 }]);
}

#[test]
fn eight_writers_at_once_leave_eight_intact_lines_each() {
    const WRITERS: usize = 8;
    const EACH: usize = 4;
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    // A long title makes a line of several kilobytes, well past any pipe or
    // buffer size where a write could be split.
    let title = "Calf release ".repeat(300);
    std::thread::scope(|scope| {
        for w in 0..WRITERS {
            let title = &title;
            scope.spawn(move || {
                for i in 0..EACH {
                    let started = format!("2025-03-31T07:{w:02}:{i:02}+02:00");
                    let mut r = Record::start(&format!("writer-{w}"), title, 335, 1, at(&started));
                    r.finish(&report(true, 300), at(&started));
                    history::append(home, &r).expect("append"); // opens the file itself
                }
            });
        }
    });
    let (read, warnings) = history::read(home).expect("read");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(read.len(), WRITERS * EACH);
    for w in 0..WRITERS {
        let mine: Vec<_> = read
            .iter()
            .filter(|r| r.routine == format!("writer-{w}"))
            .collect();
        assert_eq!(mine.len(), EACH);
        assert!(
            mine.windows(2).all(|p| p[0].started < p[1].started),
            "each writer's order is kept"
        );
    }
    assert_eq!(log_text(home).lines().count(), WRITERS * EACH);
}

/// A checkpoint as a session killed with SIGKILL leaves it: the file, and no
/// process holding its lock. 4194305 is above Linux's largest pid.
fn leave_dead_checkpoint(home: &Path, pid: u32, record: &Record) {
    fs::create_dir_all(home).expect("home");
    let text = format!("{{\"pid\":{pid},\"record\":{}}}\n", record.to_json_line());
    fs::write(paths::checkpoint_file(home, pid), text).expect("write");
}

#[test]
fn a_dead_sessions_checkpoint_becomes_one_interrupted_record() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    history::append(home, &finished("hip-opener", "2025-03-30T07:00:00+02:00")).expect("append");
    let mut partial = Record::start(
        "calf-release",
        "Calf release",
        335,
        1,
        at("2025-03-31T07:00:00+02:00"),
    );
    partial.progress(&report(false, 120), at("2025-03-31T07:02:05+02:00"));
    assert_eq!(partial.outcome, Outcome::Interrupted);
    leave_dead_checkpoint(home, 4_194_305, &partial);

    let recovered = history::recover(home).expect("recover");
    assert_eq!(recovered.records, [partial.clone()]);
    assert!(recovered.warnings.is_empty());
    assert!(!paths::checkpoint_file(home, 4_194_305).exists());
    let (read, _) = history::read(home).expect("read");
    assert_eq!(read.len(), 2);
    assert_eq!(read[1], partial);
    assert_eq!(read[1].work_secs, 120);
    assert_eq!(read[1].ended, at("2025-03-31T07:02:05+02:00"));
    // Nothing left to recover.
    assert!(history::recover(home).expect("recover").records.is_empty());
    assert_eq!(history::read(home).expect("read").0.len(), 2);
}

#[test]
fn a_running_sessions_checkpoint_is_left_alone() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let mut record = Record::start(
        "calf-release",
        "Calf release",
        335,
        1,
        at("2025-03-31T07:00:00+02:00"),
    );
    let checkpoint = Checkpoint::begin(home, &record).expect("begin");
    let path = paths::checkpoint_file(home, std::process::id());
    assert_eq!(checkpoint.path(), path);
    record.progress(&report(false, 60), at("2025-03-31T07:01:05+02:00"));
    checkpoint.write(&record).expect("write");

    // Another command (here, another thread) recovers while the session runs.
    let recovered = std::thread::scope(|s| s.spawn(|| history::recover(home)).join())
        .expect("thread")
        .expect("recover");
    assert!(recovered.records.is_empty());
    assert!(path.exists());
    assert!(!paths::history_file(home).exists());

    // The session ends: its record goes in, its checkpoint goes away.
    record.finish(&report(true, 300), at("2025-03-31T07:06:00+02:00"));
    history::append(home, &record).expect("append");
    checkpoint.clear().expect("clear");
    assert!(!path.exists());
    assert!(history::recover(home).expect("recover").records.is_empty());
    assert_eq!(history::read(home).expect("read").0, [record]);
}

#[test]
fn a_session_that_saved_its_record_but_not_cleared_its_checkpoint_is_not_saved_twice() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let mut record = Record::start(
        "calf-release",
        "Calf release",
        335,
        1,
        at("2025-03-31T07:00:00+02:00"),
    );
    record.progress(&report(false, 300), at("2025-03-31T07:05:00+02:00"));
    leave_dead_checkpoint(home, 4_194_306, &record);
    record.finish(&report(true, 300), at("2025-03-31T07:06:00+02:00"));
    history::append(home, &record).expect("append");
    assert!(history::recover(home).expect("recover").records.is_empty());
    assert_eq!(history::read(home).expect("read").0, [record]);
    assert!(!paths::checkpoint_file(home, 4_194_306).exists());
}

#[test]
fn an_unwritable_data_folder_is_an_error_not_a_panic() {
    // Tests run as root, where permission bits stop nothing: put the data folder
    // under a regular file instead.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("not-a-folder");
    fs::write(&file, "").expect("write");
    let home = file.join("limber");
    let record = finished("calf-release", "2025-03-31T07:00:00+02:00");

    let err = history::append(&home, &record).expect_err("cannot append");
    assert!(matches!(err, HistoryError::Unwritable { .. }), "{err:?}");
    assert!(err.to_string().starts_with("cannot save to "), "{err}");
    let err = Checkpoint::begin(&home, &record).expect_err("cannot checkpoint");
    assert!(matches!(err, HistoryError::Unwritable { .. }), "{err:?}");
    // Nothing to recover there, and reading says why.
    assert!(history::recover(&home).expect("recover").records.is_empty());
    let err = history::read(&home).expect_err("cannot read");
    assert!(matches!(err, HistoryError::Unreadable { .. }), "{err:?}");
    // The record can still be shown so it is not lost.
    let shown: Record = serde_json::from_str(&record.to_json_line()).expect("json");
    assert_eq!(shown, record);
}

#[test]
fn a_writer_gives_up_on_a_held_lock_in_bounded_time() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let first = finished("calf-release", "2025-03-30T07:00:00+02:00");
    history::append(home, &first).expect("append");
    // Another process (an old limber reading, a stuck one) holds the log's lock.
    let holder = fs::File::open(paths::history_file(home)).expect("open");
    holder.lock().expect("lock");
    let started = std::time::Instant::now();
    let second = finished("calf-release", "2025-03-31T07:00:00+02:00");
    let err = history::append(home, &second).expect_err("the lock is held");
    let waited = started.elapsed();
    assert!(matches!(err, HistoryError::Busy { .. }), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("history.jsonl: the history is locked by another process"),
        "{err}"
    );
    assert!(waited >= std::time::Duration::from_secs(1), "{waited:?}");
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
    // Reading takes no lock: it goes on while the lock is held.
    assert_eq!(
        history::read(home).expect("read").0,
        std::slice::from_ref(&first)
    );
    drop(holder);
    history::append(home, &second).expect("append");
    assert_eq!(history::read(home).expect("read").0, [first, second]);
}

#[test]
fn two_sessions_of_one_routine_started_in_the_same_second_are_both_kept() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let started = "2025-03-31T07:00:00+02:00";
    // One session completed and saved; the other, of the same routine and started
    // in the same second, was killed.
    let saved = finished("calf-release", started);
    history::append(home, &saved).expect("append");
    let mut killed = Record::start("calf-release", "Calf release", 335, 1, at(started));
    killed.progress(&report(false, 60), at("2025-03-31T07:01:05+02:00"));
    assert_ne!(killed.id, saved.id);
    leave_dead_checkpoint(home, 4_194_307, &killed);
    let recovered = history::recover(home).expect("recover");
    assert_eq!(recovered.records, [killed.clone()]);
    assert_eq!(history::read(home).expect("read").0, [saved, killed]);
}

#[test]
fn a_record_far_back_in_the_log_is_not_appended_again() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let mut record = finished("calf-release", "2025-03-01T07:00:00+01:00");
    history::append(home, &record).expect("append");
    // 200 KiB of later sessions after it.
    let mut later = 0;
    while fs::metadata(paths::history_file(home)).expect("log").len() < 200 * 1024 {
        let day = 2 + later % 27;
        let r = finished("hip-opener", &format!("2025-03-{day:02}T08:00:00+01:00"));
        history::append(home, &r).expect("append");
        later += 1;
    }
    // It died after appending, before clearing its checkpoint.
    record.tightness_after = None;
    leave_dead_checkpoint(home, 4_194_308, &record);
    let recovered = history::recover(home).expect("recover");
    assert!(recovered.records.is_empty(), "{:?}", recovered.records);
    assert_eq!(history::read(home).expect("read").0.len(), 1 + later);
    assert!(!paths::checkpoint_file(home, 4_194_308).exists());
}

#[test]
fn v1_lines_without_an_id_stay_readable() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let fixture = crate::support::fixture("history/v1.jsonl");
    fs::copy(&fixture, paths::history_file(home)).expect("copy");
    let (read, warnings) = history::read(home).expect("read");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].id, None);
    assert_eq!(read[0].routine, "calf-release");
    // A v1 checkpoint of that session (no id either) is known by routine and
    // start, as v1 did.
    leave_dead_checkpoint(home, 4_194_309, &read[0]);
    assert!(history::recover(home).expect("recover").records.is_empty());
    // New records get an id, and the v1 line is kept as it was.
    let new = finished("calf-release", "2025-03-31T07:00:00+02:00");
    history::append(home, &new).expect("append");
    let text = log_text(home);
    assert!(text.starts_with(&fs::read_to_string(&fixture).expect("fixture")));
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("{\"id\":\""))
    );
    assert_eq!(history::read(home).expect("read").0, [read[0].clone(), new]);
}

#[cfg(target_os = "linux")]
#[test]
fn the_log_must_be_a_regular_file_to_be_written() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let log = paths::history_file(home);
    let record = finished("calf-release", "2025-03-31T07:00:00+02:00");
    // /dev/null would take the record and keep nothing.
    std::os::unix::fs::symlink("/dev/null", &log).expect("symlink");
    let err = history::append(home, &record).expect_err("a device");
    assert!(
        err.to_string()
            .ends_with("history.jsonl: is a device, not a regular file"),
        "{err}"
    );
    fs::remove_file(&log).expect("remove");
    // A FIFO with no reader: refused at once, not waited on.
    nix::unistd::mkfifo(&log, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo");
    let err = history::append(home, &record).expect_err("a FIFO");
    assert!(
        err.to_string()
            .ends_with("history.jsonl: is a FIFO (named pipe), not a regular file"),
        "{err}"
    );
    let err = history::read(home).expect_err("a FIFO");
    assert!(
        err.to_string()
            .ends_with("history.jsonl: is a FIFO (named pipe), not a regular file"),
        "{err}"
    );
}

#[test]
fn an_over_long_line_is_skipped_with_a_warning() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let first = finished("calf-release", "2025-03-30T07:00:00+02:00");
    let last = finished("calf-release", "2025-03-31T07:00:00+02:00");
    let long = format!("{{\"title\":\"{}\"}}", "a".repeat(2 * 1024 * 1024));
    fs::write(
        paths::history_file(home),
        format!(
            "{}\n{long}\n{}\n",
            first.to_json_line(),
            last.to_json_line()
        ),
    )
    .expect("write");
    let (read, warnings) = history::read(home).expect("read");
    assert_eq!(read, [first, last]);
    assert_eq!(warnings, [Warning::LongLine { line: 2 }]);
    assert_eq!(
        warnings[0].to_string(),
        "history.jsonl line 2 is too long (over 1 MiB) and was skipped"
    );
}
