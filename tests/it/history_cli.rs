//! `limber history` as a user meets it (SPEC sections 3 and 6): the summary,
//! `--json`, `--csv` and `--since` over a fixture log, an empty history, damaged
//! and unreadable logs, and a leftover checkpoint turned into a record.
//!
//! Every command runs with `LIMBER_HOME` set to a fresh temporary folder and
//! `LIMBER_NOW` pinning the clock (Monday 31 March 2025, 20:00 in Berlin, the day
//! after the switch to summer time), so the snapshots do not depend on the date or
//! on the machine's time zone.

use crate::support::{
    self, HISTORY_NOW, ROOT, Run, Spawned, TIMEOUT, assert_terminal_safe, write_tiny,
};
use serde_json::Value;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// Central European Time: +01:00, +02:00 from the last Sunday of March, 02:00,
/// to the last Sunday of October, 03:00.
const BERLIN: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

fn fixture_log() -> PathBuf {
    support::fixture("history/history.jsonl")
}

/// A fresh `LIMBER_HOME` holding the fixture log (`limber report` reads it too).
pub fn home_with_fixture() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::copy(fixture_log(), dir.path().join("history.jsonl")).expect("copy fixture");
    dir
}

/// limber in `home` at the pinned clock in Berlin.
pub fn limber(home: &Path, args: &[&str]) -> Run {
    support::run(
        support::limber(home)
            .args(args)
            .env("LIMBER_NOW", HISTORY_NOW)
            .env("TZ", BERLIN)
            .current_dir(if home.is_dir() { home } else { Path::new(ROOT) }),
    )
}

#[test]
fn summary_of_the_fixture() {
    let home = home_with_fixture();
    let run = limber(home.path(), &["history"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_terminal_safe("limber history", &run.stdout);
    assert_eq!(
        run.stderr,
        "warning: history.jsonl line 5 is damaged and was skipped\n"
    );
    insta::assert_snapshot!("summary", run.stdout);
}

#[test]
fn json_is_the_logs_objects() {
    let home = home_with_fixture();
    let run = limber(home.path(), &["history", "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_terminal_safe("limber history", &run.stdout);
    insta::assert_snapshot!("json", run.stdout);
    // Exactly the records: every valid line, fields from a later version included.
    let array: Vec<Value> = serde_json::from_str(&run.stdout).expect("a JSON array");
    let lines: Vec<Value> = fs::read_to_string(fixture_log())
        .expect("fixture")
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(array, lines);
    assert_eq!(array.len(), 11);
    assert_eq!(array[4]["mood"], "good");
}

#[test]
fn csv_has_a_header_and_a_row_per_session() {
    let home = home_with_fixture();
    let run = limber(home.path(), &["history", "--csv"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_terminal_safe("limber history", &run.stdout);
    insta::assert_snapshot!("csv", run.stdout);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(header.len(), 13 + 11);
    assert_eq!(&header[13], "Calves");
    assert_eq!(&header[15], "PlantarFascia");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 11);
    assert_eq!(&rows[4][3], "Hips, \"open\" & easy");
    assert!(rows.iter().all(|r| r.len() == header.len()));
}

#[test]
fn since_keeps_sessions_started_on_or_after_the_date() {
    let home = home_with_fixture();
    let run = limber(home.path(), &["history", "--since", "2025-03-29", "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let array: Vec<Value> = serde_json::from_str(&run.stdout).expect("a JSON array");
    let started: Vec<&str> = array.iter().filter_map(|r| r["started"].as_str()).collect();
    assert_eq!(
        started,
        [
            "2025-03-29T22:45:00+01:00",
            "2025-03-30T23:30:00+02:00",
            "2025-03-31T07:05:00+02:00",
            "2025-03-31T08:00:00+02:00",
        ]
    );
    let run = limber(home.path(), &["history", "--since", "2025-03-29"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    insta::assert_snapshot!("summary_since", run.stdout);
    let run = limber(home.path(), &["history", "--since", "2025-04-01"]);
    assert_eq!(run.stdout, "No sessions since 2025-04-01.\n");
    let run = limber(home.path(), &["history", "--since", "March"]);
    assert_eq!(run.code, Some(2));
}

#[test]
fn no_history_yet() {
    let home = tempfile::tempdir().expect("temp dir");
    let run = limber(home.path(), &["history"]);
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.starts_with("No sessions yet."), "{}", run.stdout);
    assert_eq!(run.stderr, "");
    assert_eq!(limber(home.path(), &["history", "--json"]).stdout, "[]\n");
    let csv = limber(home.path(), &["history", "--csv"]).stdout;
    assert_eq!(csv.lines().count(), 1);
    assert!(csv.starts_with("started,ended,routine,title,outcome,"));
    // A data folder that does not exist yet is no history either, and is not made.
    let missing = home.path().join("not-yet");
    assert_eq!(limber(&missing, &["history"]).code, Some(0));
    assert!(!missing.exists());
}

#[test]
fn an_unreadable_log_fails_with_a_message() {
    let home = tempfile::tempdir().expect("temp dir");
    fs::create_dir(home.path().join("history.jsonl")).expect("a folder where the log goes");
    let run = limber(home.path(), &["history"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.starts_with("limber: cannot read the history "),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
    // A data folder under a regular file.
    let file = home.path().join("file");
    fs::write(&file, "").expect("write");
    let run = limber(&file.join("home"), &["history"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot read the history"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_clock_override_is_bad_usage() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = support::run(
        support::limber(home.path())
            .arg("history")
            .env("LIMBER_NOW", "tomorrow"),
    );
    assert_eq!(out.code, Some(2));
}

#[test]
fn a_leftover_checkpoint_becomes_an_interrupted_record() {
    let home = home_with_fixture();
    // What a session killed with SIGKILL leaves: its checkpoint, and its lock file
    // unlocked. No process can have this pid (above Linux's pid_max).
    let record = r#"{"routine":"calf-release","title":"Calf release","started":"2025-03-31T19:00:00+02:00","ended":"2025-03-31T19:02:05+02:00","outcome":"interrupted","planned_secs":335,"work_secs":120,"targets":{"Calves":120},"skipped":[],"preview":false,"speed":1,"limber_version":"0.1.0"}"#;
    let checkpoint = home.path().join("session-4194305.checkpoint.json");
    fs::write(
        &checkpoint,
        format!("{{\"pid\":4194305,\"record\":{record}}}\n"),
    )
    .expect("write");
    fs::write(home.path().join("session-4194305.lock"), "").expect("write");
    let run = limber(home.path(), &["history", "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "limber: saved an unfinished session of Calf release (started 2025-03-31 19:00, 2 min of work) to your history as interrupted"
        ),
        "{}",
        run.stderr
    );
    let array: Vec<Value> = serde_json::from_str(&run.stdout).expect("a JSON array");
    assert_eq!(array.len(), 12);
    assert_eq!(array[11]["outcome"], "interrupted");
    assert_eq!(array[11]["work_secs"], 120);
    assert!(!checkpoint.exists());
    assert!(!home.path().join("session-4194305.lock").exists());
    // Once only.
    let again: Vec<Value> =
        serde_json::from_str(&limber(home.path(), &["history", "--json"]).stdout).expect("json");
    assert_eq!(again.len(), 12);
    // The torn line 5 of the fixture was kept as it was: nothing is rewritten.
    let log = fs::read_to_string(home.path().join("history.jsonl")).expect("log");
    assert_eq!(
        log.lines().nth(4),
        Some(r#"{"routine":"calf-release","title":"Calf rel"#)
    );
}

#[test]
fn eight_limbers_recovering_at_once_save_each_session_once() {
    // Eight dead sessions and eight `limber history` processes started together:
    // each checkpoint must become exactly one record, whichever process takes it.
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    for i in 0..8u32 {
        let pid = 4_194_305 + i;
        let record = format!(
            r#"{{"routine":"r{i}","title":"Session {i}","started":"2025-03-31T07:0{i}:00+02:00","ended":"2025-03-31T07:0{i}:30+02:00","outcome":"interrupted","planned_secs":60,"work_secs":30,"targets":{{"Calves":30}},"skipped":[],"preview":false,"speed":1,"limber_version":"0.1.0"}}"#
        );
        fs::write(
            home.join(format!("session-{pid}.checkpoint.json")),
            format!("{{\"pid\":{pid},\"record\":{record}}}"),
        )
        .expect("write");
    }
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| limber(home, &["history", "--json"])))
            .collect();
        for run in runs {
            let run = run.join().expect("thread");
            assert_eq!(run.code, Some(0), "{}", run.stderr);
        }
    });
    let log = fs::read_to_string(home.join("history.jsonl")).expect("log");
    let mut routines: Vec<String> = log
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("intact line")["routine"].to_string())
        .collect();
    routines.sort();
    let expected: Vec<String> = (0..8).map(|i| format!("\"r{i}\"")).collect();
    assert_eq!(routines, expected);
    let left: Vec<_> = fs::read_dir(home)
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n != "history.jsonl")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_stalled_reader_does_not_hold_up_a_session_that_is_saving() {
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    // Far more history than a pipe holds, so the reader stalls in the middle.
    let line = fs::read_to_string(fixture_log())
        .expect("fixture")
        .lines()
        .next()
        .expect("a line")
        .to_owned();
    fs::write(
        home.join("history.jsonl"),
        format!("{line}\n").repeat(20_000),
    )
    .expect("write");
    // `limber history --json | less`, with `less` never reading past the first byte.
    let (reader, mut pipe) =
        Spawned::start_unread(support::limber_process(home).args(["history", "--json"]));
    let (first, got) = mpsc::channel();
    std::thread::spawn(move || {
        let mut byte = [0u8; 1];
        let read = pipe.read_exact(&mut byte).map(|()| byte);
        // The pipe goes back, still open and unread.
        let _ = first.send((read, pipe));
    });
    let (first, pipe) = got
        .recv_timeout(TIMEOUT)
        .expect("the reader writes within the timeout");
    assert_eq!(&first.expect("the reader writes"), b"[");

    let tiny = write_tiny(home);
    let started = Instant::now();
    let out = support::run(
        support::limber(home)
            .args(["run", tiny.to_str().expect("utf-8 path")])
            .args(["--plain", "--mute", "--no-rate", "--speed", "100"]),
    );
    let (stdout, stderr) = (&out.stdout, &out.stderr);
    assert_eq!(out.code, Some(0), "{stdout}{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{stdout}{stderr}"
    );
    assert!(
        stdout.contains("Saved to your history."),
        "{stdout}{stderr}"
    );
    drop(pipe);
    drop(reader);
    let log = fs::read_to_string(home.join("history.jsonl")).expect("log");
    let last: Value = serde_json::from_str(log.lines().last().expect("a line")).expect("json");
    assert_eq!(last["routine"], "tiny");
    assert_eq!(last["outcome"], "completed");
    assert_eq!(log.lines().count(), 20_001);
}

/// `limber history` refuses a log that is not a regular file at once, with one
/// message and exit 1, and never holds more than a line's worth of it. The run
/// is given a small address space, so a log read whole fails the test.
fn history_in_small_memory(home: &Path) -> Run {
    support::run(
        assert_cmd::Command::new("sh")
            .args(["-c", "ulimit -v 98304 && exec \"$0\" history --json"])
            .arg(support::LIMBER)
            .env("LIMBER_HOME", home),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_log_that_is_a_device_or_a_fifo_is_refused_with_one_message() {
    let home = tempfile::tempdir().expect("temp dir");
    let log = home.path().join("history.jsonl");
    std::os::unix::fs::symlink("/dev/zero", &log).expect("symlink");
    let run = history_in_small_memory(home.path());
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot read the history ")
            && run.stderr.contains("is a device, not a regular file"),
        "{}",
        run.stderr
    );
    fs::remove_file(&log).expect("remove");
    nix::unistd::mkfifo(&log, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo");
    let run = history_in_small_memory(home.path());
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is a FIFO (named pipe), not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_line_of_100_megabytes_is_skipped_without_being_held() {
    let home = tempfile::tempdir().expect("temp dir");
    let fixture = fs::read_to_string(fixture_log()).expect("fixture");
    let first = fixture.lines().next().expect("a line");
    let mut text = format!("{first}\n{{\"routine\":\"");
    text.push_str(&"a".repeat(100 * 1024 * 1024));
    text.push_str("\"}\n");
    text.push_str(first);
    text.push('\n');
    fs::write(home.path().join("history.jsonl"), text).expect("write");
    let run = history_in_small_memory(home.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: history.jsonl line 2 is too long (over 1 MiB) and was skipped\n"
    );
    let array: Vec<Value> = serde_json::from_str(&run.stdout).expect("a JSON array");
    assert_eq!(array.len(), 2);
}

#[cfg(target_os = "linux")]
#[test]
fn a_checkpoint_that_is_a_fifo_is_removed_without_blocking() {
    let home = home_with_fixture();
    let checkpoint = home.path().join("session-4194305.checkpoint.json");
    nix::unistd::mkfifo(&checkpoint, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo");
    let run = limber(home.path(), &["history", "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: the checkpoint session-4194305.checkpoint.json is damaged (is a FIFO (named pipe), not a regular file) and was removed"
        ),
        "{}",
        run.stderr
    );
    assert!(!checkpoint.exists());
}

#[test]
fn a_leftover_checkpoint_of_a_finished_session_is_saved_as_it_ended() {
    // The session completed and wrote its final checkpoint, then died before
    // its record was appended: it is saved as completed, and said so.
    let home = tempfile::tempdir().expect("temp dir");
    let record = r#"{"id":"20250331T190000-4194305-00000000000000aa","routine":"calf-release","title":"Calf release","started":"2025-03-31T19:00:00+02:00","ended":"2025-03-31T19:05:35+02:00","outcome":"completed","planned_secs":335,"work_secs":300,"targets":{"Calves":300},"skipped":[],"preview":false,"speed":1,"limber_version":"0.1.0"}"#;
    fs::write(
        home.path().join("session-4194305.checkpoint.json"),
        format!("{{\"pid\":4194305,\"record\":{record}}}\n"),
    )
    .expect("write");
    let run = limber(home.path(), &["history", "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "limber: saved a completed session of Calf release (started 2025-03-31 19:00, 5 min of work) that had not been written to your history\n"
    );
    let array: Vec<Value> = serde_json::from_str(&run.stdout).expect("a JSON array");
    assert_eq!(array.len(), 1);
    assert_eq!(array[0]["outcome"], "completed");
    assert_eq!(array[0]["id"], "20250331T190000-4194305-00000000000000aa");
}
