//! `--voice` speaks the routine's `language` (SPEC 1: a BCP 47 tag, for the
//! voice) with espeak-ng's voice for it, and says once when there is none.
//! espeak-ng is installed here and in CI: these tests fail when it is missing.

use crate::support::{limber, run};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn espeak_ng_is_installed() {
    let installed = Command::new("espeak-ng")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        installed,
        "espeak-ng must be installed for these tests (apt-get install espeak-ng)"
    );
}

/// A short paced routine in `language`: 3 repetitions of 1 s up, 1 s down.
fn routine_in(dir: &Path, language: &str) -> PathBuf {
    let path = dir.join(format!("wade-{language}.ron"));
    std::fs::write(
        &path,
        format!(
            r#"Routine(title: "Wadenheben", language: "{language}", transition: 0, steps: [
                Step(name: "Fersen heben", kind: Strength, target: Calves, reps: 3,
                     tempo: (up: 1, hold: 1, down: 1)),
            ])"#
        ),
    )
    .expect("write the routine");
    path
}

fn run_with_voice(language: &str) -> crate::support::Run {
    espeak_ng_is_installed();
    let home = tempfile::tempdir().expect("temp home");
    let file = routine_in(home.path(), language);
    let out = run(limber(home.path())
        .arg("run")
        .arg(&file)
        .args(["--plain", "--voice", "--speed", "10"]));
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Rep 3 of 3"), "{}", out.stdout);
    out
}

#[test]
fn a_german_routine_runs_with_the_german_voice() {
    let out = run_with_voice("de");
    assert!(!out.stdout.contains("Voice:"), "{}", out.stdout);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn a_language_without_a_voice_is_said_once_and_the_default_speaks() {
    // Klingon: a well-formed tag, and no espeak-ng voice.
    let out = run_with_voice("tlh");
    let said: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("Voice:"))
        .collect();
    assert_eq!(
        said,
        ["[00:00] Voice: no espeak-ng voice for \"tlh\"; using the default"],
        "{}",
        out.stdout
    );
}
