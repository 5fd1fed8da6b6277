//! Every session is recorded whatever happens to the process: the release
//! binary is killed, stopped and run eight at once, and the history is read back.
#![allow(clippy::unwrap_used)]

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Every run of the binary ends within this, or the test fails instead of hanging.
const TIMEOUT: Duration = Duration::from_secs(60);

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

/// One 20 s hold: at `--speed 100` a fifth of a second.
fn write_tiny(dir: &Path) -> std::path::PathBuf {
    let tiny = dir.join("tiny.ron");
    std::fs::write(
        &tiny,
        r#"Routine(title: "Tiny", transition: 0, steps: [
            Step(name: "Hold", kind: Stretch, target: Calves, seconds: 20),
        ])"#,
    )
    .unwrap();
    tiny
}

fn start(home: &Path, routine: &Path, speed: &str) -> Child {
    Command::cargo_bin("limber")
        .unwrap()
        .args([
            "run",
            routine.to_str().unwrap(),
            "--plain",
            "--speed",
            speed,
        ])
        .env("LIMBER_HOME", home)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads the child's lines until one contains `text` (or the child ends). A
/// child that says nothing for [`TIMEOUT`] is killed and fails the test.
fn wait_for_line(child: &mut Child, text: &str) -> Vec<String> {
    let stdout = child.stdout.take().unwrap();
    let (lines, seen_lines) = mpsc::channel();
    // The thread reads to the end of the child's output (at the latest, when it
    // is killed), after the line was found too: a closed pipe would end the
    // session as stopped.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = lines.send(line);
        }
    });
    let deadline = Instant::now() + TIMEOUT;
    let mut seen = Vec::new();
    loop {
        match seen_lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => {
                let line = line.unwrap();
                let found = line.contains(text);
                seen.push(line);
                if found {
                    break;
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                child.kill().unwrap();
                child.wait().unwrap();
                panic!("no {text:?} within {TIMEOUT:?}: {seen:?}");
            }
        }
    }
    seen
}

/// Waits for the child to end (killing it after [`TIMEOUT`]: a failure) and
/// collects what it wrote.
fn finish(mut child: Child) -> Output {
    let deadline = Instant::now() + TIMEOUT;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("limber did not end within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn history(home: &Path) -> Vec<Value> {
    let out = assert_cmd::Command::cargo_bin("limber")
        .unwrap()
        .args(["history", "--json"])
        .env("LIMBER_HOME", home)
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn sigkill_mid_session_becomes_one_interrupted_record_with_the_work_done() {
    let (home, routine) = setup();
    let mut child = start(home.path(), &routine, "20");
    // The right side starts after the left side's 20 s of work.
    let seen = wait_for_line(&mut child, "Work: Calf hold, right side");
    assert!(seen.last().unwrap().contains("right side"), "{seen:?}");
    child.kill().unwrap(); // SIGKILL: no chance to say anything
    finish(child);

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
    wait_for_line(&mut child, "Work: Calf hold, left side");
    nix_kill(&child, "TERM");
    let status = finish(child).status;
    assert!(status.success(), "{status:?}");
    let records = history(home.path());
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0]["outcome"], "stopped");
    assert_eq!(records[0]["preview"], true);
}

fn nix_kill(child: &Child, signal: &str) {
    let ok = assert_cmd::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .timeout(TIMEOUT)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok);
}

#[test]
fn eight_sessions_ending_together_leave_eight_records() {
    let home = tempfile::tempdir().unwrap();
    let tiny = write_tiny(home.path());
    let children: Vec<Child> = (0..8).map(|_| start(home.path(), &tiny, "100")).collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    for child in children {
        let out = finish(child);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
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
    let out = assert_cmd::Command::cargo_bin("limber")
        .unwrap()
        .args(["run", tiny.to_str().unwrap(), "--plain", "--speed", "100"])
        .env("LIMBER_HOME", &home)
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
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
        wait_for_line(&mut killed, "Start: Crash test");
        let out = finish(saved);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        killed.kill().unwrap();
        finish(killed);
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
