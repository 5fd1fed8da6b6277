//! Every session is recorded whatever happens to the process: the release
//! binary is killed, stopped and run eight at once, and the history is read back.
#![allow(clippy::unwrap_used)]

use crate::support::{self, Finished, Spawned, write_tiny};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// One step of 60 s with no transition: at `--speed 20` it takes 3 s.
const ROUTINE: &str = r#"Routine(title: "Crash test", transition: 0, steps: [
    Step(name: "Calf hold", kind: Stretch, target: Calves, seconds: 20, side: Each),
    Step(name: "Hamstring hold", kind: Stretch, target: Hamstrings, seconds: 20),
])"#;

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let routine = home.path().join("crash-test.ron");
    std::fs::write(&routine, ROUTINE).unwrap();
    (home, routine)
}

/// `limber run ROUTINE --plain --speed SPEED`, followed line by line.
fn start(home: &Path, routine: &Path, speed: &str) -> Spawned {
    Spawned::start(support::limber_process(home).args([
        "run",
        routine.to_str().unwrap(),
        "--plain",
        "--speed",
        speed,
    ]))
}

fn history(home: &Path) -> Vec<Value> {
    let out = support::run(support::limber(home).args(["history", "--json"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    serde_json::from_str::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn assert_success(out: &Finished) {
    assert!(out.status.success(), "{:?}: {}", out.status, out.stderr);
}

#[test]
fn sigkill_mid_session_becomes_one_interrupted_record_with_the_work_done() {
    let (home, routine) = setup();
    let mut child = start(home.path(), &routine, "20");
    // The right side starts after the left side's 20 s of work.
    let seen = child.wait_for_line("Work: Calf hold, right side");
    let last = &seen.last().unwrap().text;
    assert!(last.contains("right side"), "{last}");
    child.kill(); // SIGKILL: no chance to say anything
    child.finish();

    let records = history(home.path());
    assert_eq!(records.len(), 1, "{records:?}");
    let r = &records[0];
    assert_eq!(r["outcome"], "interrupted");
    assert_eq!(r["routine"], "crash-test");
    // At least the left side (the last finished block) was saved.
    assert!(r["work_secs"].as_u64().unwrap() >= 20, "{r}");
    assert_eq!(r["targets"]["Calves"].as_u64(), r["work_secs"].as_u64());
    // Recovered once: reading again adds nothing.
    assert_eq!(history(home.path()).len(), 1);
    let leftovers: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("checkpoint"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn sigterm_gives_a_stopped_record() {
    let (home, routine) = setup();
    let mut child = start(home.path(), &routine, "20");
    child.wait_for_line("Work: Calf hold, left side");
    nix_kill(&child, "TERM");
    let status = child.finish().status;
    assert!(status.success(), "{status:?}");
    let records = history(home.path());
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0]["outcome"], "stopped");
    assert_eq!(records[0]["preview"], true);
}

fn nix_kill(child: &Spawned, signal: &str) {
    let out = support::run(
        assert_cmd::Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]),
    );
    assert_eq!(out.code, Some(0), "kill -{signal}: {}", out.stderr);
}

#[test]
fn eight_sessions_ending_together_leave_eight_records() {
    let home = tempfile::tempdir().unwrap();
    let tiny = write_tiny(home.path());
    let children: Vec<Spawned> = (0..8).map(|_| start(home.path(), &tiny, "100")).collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    for child in children {
        assert_success(&child.finish());
        assert!(Instant::now() < deadline, "sessions took too long");
    }
    let records = history(home.path());
    assert_eq!(records.len(), 8);
    assert!(
        records
            .iter()
            .all(|r| r["outcome"] == "completed" && r["work_secs"] == 20)
    );
}

#[test]
fn an_unwritable_data_folder_keeps_the_record_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    // A data folder under a regular file cannot be created, even by root.
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "").unwrap();
    let home = file.join("limber");
    let tiny = write_tiny(dir.path());
    let out = support::run(support::limber(&home).args([
        "run",
        tiny.to_str().unwrap(),
        "--plain",
        "--speed",
        "100",
    ]));
    let (stdout, stderr) = (&out.stdout, &out.stderr);
    assert_eq!(out.code, Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("] Done"),
        "the session itself ran: {stdout}"
    );
    assert!(stderr.contains("was not saved"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one clear message: {stderr}");
    assert!(!stderr.contains("panicked"));
    let json = stdout.lines().last().unwrap();
    let record: Value = serde_json::from_str(json).unwrap();
    assert_eq!(record["outcome"], "completed");
    assert_eq!(record["work_secs"], 20);
}

#[test]
fn two_sessions_of_one_routine_started_in_the_same_second_are_both_kept() {
    // Session A is killed mid-way; session B, of the same routine and started in
    // the same second, completes and saves first. Recovering A must not take B's
    // record for A's. Processes cannot be made to start in one second: try until
    // a pair does.
    for _ in 0..5 {
        let (home, routine) = setup();
        let mut killed = start(home.path(), &routine, "20");
        let saved = start(home.path(), &routine, "100");
        // A's checkpoint is written before its first line.
        killed.wait_for_line("Start: Crash test");
        assert_success(&saved.finish());
        killed.kill();
        killed.finish();
        let records = history(home.path());
        let started: Vec<&str> = records
            .iter()
            .filter_map(|r| r["started"].as_str())
            .collect();
        if started.len() == 2 && started[0] != started[1] {
            continue; // not the same second: no test
        }
        assert_eq!(records.len(), 2, "{records:?}");
        let mut outcomes: Vec<&str> = records
            .iter()
            .filter_map(|r| r["outcome"].as_str())
            .collect();
        outcomes.sort_unstable();
        assert_eq!(outcomes, ["completed", "interrupted"]);
        assert_ne!(records[0]["id"], records[1]["id"]);
        return;
    }
    panic!("no two sessions started in the same second in 5 tries");
}
