//! `limber check` over the fixture corpus (issue 2, SPEC sections 4 and 8).
//!
//! Every file in `tests/fixtures/invalid/` breaks one rule (or fails to parse in one
//! way); its whole `check` output is an insta snapshot, so a change of wording or
//! position shows up in review. The valid fixtures and the bundled routines must
//! check clean. Plan files likewise, in `tests/fixtures/plans/`: their sessions
//! name bundled routines.

use crate::support::{self, ROOT, Run, assert_terminal_safe};
use std::fs;
use std::panic::AssertUnwindSafe;
use std::path::Path;

/// `limber check ARGS`, run from the repo root (so paths in its output are
/// short and stable) with a temporary `LIMBER_HOME`.
fn check(args: &[&str]) -> Run {
    let home = tempfile::tempdir().expect("temp dir");
    support::run(
        support::limber(home.path())
            .current_dir(ROOT)
            .arg("check")
            .args(args),
    )
}

/// The `.ron` files of a folder, as paths relative to the repo root, sorted.
fn ron_files(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(Path::new(ROOT).join(dir))
        .expect("fixture folder exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| {
            let name = p
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            format!("{dir}/{name}")
        })
        .collect();
    files.sort();
    files
}

/// `PATH:LINE:COL: error: ...` (both numbers at least 1): every problem, rule
/// violations included, is at its place (SPEC section 4).
fn is_error_line(line: &str, path: &str) -> bool {
    let Some(rest) = line.strip_prefix(path) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(':') else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let is_number = |s: Option<&str>| {
        s.is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && s != "0")
    };
    is_number(parts.next())
        && is_number(parts.next())
        && parts.next().is_some_and(|m| m.starts_with(" error: "))
}

#[test]
fn the_corpus_is_large_enough() {
    let invalid = ron_files("tests/fixtures/invalid");
    assert!(
        invalid.len() >= 35,
        "only {} invalid fixtures",
        invalid.len()
    );
    assert!(ron_files("tests/fixtures/valid").len() >= 5);
}

/// Checks one invalid fixture: exit code, line format, then the snapshot,
/// named after the file with `prefix` before it.
fn check_invalid_fixture(path: &str, prefix: &str) {
    let out = check(&[path]);

    assert_eq!(out.code, Some(1), "{path}: exit code\n{}", out.stdout);
    assert_eq!(out.stderr, "", "{path}: nothing on stderr");
    assert_terminal_safe(path, &out.stdout);

    let lines: Vec<&str> = out.stdout.lines().collect();
    let (summary, problems) = lines.split_last().expect("at least the summary line");
    assert_eq!(*summary, "1 files checked, 1 invalid", "{path}");
    assert!(!problems.is_empty(), "{path}: no problem reported");
    for line in problems {
        assert!(
            is_error_line(line, path),
            "{path}: not `PATH:LINE:COL: error: `:\n{line}"
        );
    }

    // The fixture's first comment says what it breaks: shown in the snapshot header.
    // It is the first line, but for a fixture whose error must stand on line 1.
    let bytes = fs::read(Path::new(ROOT).join(path)).expect("fixture");
    let description = String::from_utf8_lossy(&bytes)
        .lines()
        .find_map(|l| l.trim_start_matches('\u{feff}').strip_prefix("// "))
        .unwrap_or("(no description)")
        .to_string();
    let name = format!(
        "{prefix}{}",
        Path::new(path)
            .file_stem()
            .expect("file stem")
            .to_string_lossy()
    );
    insta::with_settings!({
        description => description,
        info => &path,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, out.stdout);
    });
}

/// Checks every invalid fixture of `dir`, then fails once with the list, so
/// one run shows every change.
fn check_invalid_fixtures(dir: &str, prefix: &str) {
    let failed: Vec<String> = ron_files(dir)
        .into_iter()
        .filter(|path| {
            std::panic::catch_unwind(AssertUnwindSafe(|| check_invalid_fixture(path, prefix)))
                .is_err()
        })
        .collect();
    assert!(failed.is_empty(), "fixtures that failed: {failed:#?}");
}

#[test]
fn every_invalid_fixture_is_reported_precisely() {
    check_invalid_fixtures("tests/fixtures/invalid", "");
}

#[test]
fn every_invalid_plan_fixture_is_reported_at_its_value() {
    assert!(ron_files("tests/fixtures/plans/invalid").len() >= 15);
    check_invalid_fixtures("tests/fixtures/plans/invalid", "plan-");
}

#[test]
fn many_problems_are_all_reported() {
    let out = check(&["tests/fixtures/invalid/many-problems.ron"]);
    assert_eq!(out.code, Some(1));
    let errors = out
        .stdout
        .lines()
        .filter(|l| l.contains(": error: "))
        .count();
    assert!(
        errors >= 5,
        "only {errors} problems reported:\n{}",
        out.stdout
    );
    // Each rule broken in the file, by the field it names.
    for field in [
        "title:",
        "transition:",
        "seconds:",
        "sets:",
        "rest:",
        "prompts[0].at:",
        "name:",
        "tool:",
        "prompts[1].text:",
    ] {
        assert!(
            out.stdout.contains(field),
            "no problem with {field}:\n{}",
            out.stdout
        );
    }
}

#[test]
fn the_whole_invalid_folder_reports_every_file() {
    let files = ron_files("tests/fixtures/invalid");
    let out = check(&["tests/fixtures/invalid"]);
    assert_eq!(out.code, Some(1));
    let summary = format!("{0} files checked, {0} invalid", files.len());
    assert_eq!(out.stdout.lines().last(), Some(summary.as_str()));
    for file in &files {
        assert!(
            out.stdout.lines().any(|l| is_error_line(l, file)),
            "{file} missing from the folder's report"
        );
    }
}

#[test]
fn valid_fixtures_check_clean() {
    check_clean("tests/fixtures/valid");
}

#[test]
fn valid_plan_fixtures_check_clean() {
    check_clean("tests/fixtures/plans/valid");
}

/// Every file of `dir` checks clean, alone and as a folder.
fn check_clean(dir: &str) {
    let files = ron_files(dir);
    for file in &files {
        let out = check(&[file]);
        assert_eq!(out.code, Some(0), "{file}:\n{}{}", out.stdout, out.stderr);
        assert!(!out.stdout.contains(": error: "), "{file}:\n{}", out.stdout);
        assert_eq!(
            out.stdout.lines().last(),
            Some("1 files checked, 0 invalid")
        );
    }
    let out = check(&[dir]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    let summary = format!("{} files checked, 0 invalid", files.len());
    assert_eq!(out.stdout.lines().last(), Some(summary.as_str()));
}

#[test]
fn no_output_holds_a_control_or_invisible_character() {
    let out = check(&["tests/fixtures/invalid", "tests/fixtures/valid"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.ends_with('\n'));
    assert_terminal_safe("limber check", &out.stdout);
    assert_terminal_safe("limber check", &out.stderr);
    // Every invisible fixture's character is shown, escaped.
    for escaped in [
        "\\u{200b}",
        "\\u{200f}",
        "\\u{feff}",
        "\\u{ad}",
        "\\u{2028}",
        "\\u{2029}",
        "\\u{e0049}",
        "\\u{200d}",
        "\\u{2060}",
        "\\u{2067}",
        "\\u{200c}",
        "\\u{61c}",
        "\\u{180e}",
        "\\u{2062}",
        "\\u{fff9}",
        "\\u{3164}",
        "\\u{e0101}",
        "\\u{202e}",
        "\\u{85}",
    ] {
        assert!(
            out.stdout.contains(escaped),
            "{escaped} not shown:\n{}",
            out.stdout
        );
    }
}

#[test]
fn emoji_sequences_are_valid_and_shown_whole() {
    let out = check(&["tests/fixtures/valid/emoji-sequences.ron"]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    // The coach hint names the step as written: its joiner is not escaped.
    assert!(
        out.stdout
            .contains("steps[0] \"Calf \u{1f469}\u{1f3fd}\u{200d}\u{1f4bb}\": a static hold"),
        "{}",
        out.stdout
    );
}

#[test]
fn warnings_never_change_the_exit_code() {
    // limits.ron is valid but holds timings the coach hints warn about.
    let out = check(&["tests/fixtures/valid/limits.ron"]);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.contains(": warning: "), "{}", out.stdout);
    assert_eq!(
        out.stdout.lines().last(),
        Some("1 files checked, 0 invalid")
    );
}

#[test]
fn bundled_routines_check_clean() {
    let files = ron_files("routines");
    assert!(!files.is_empty());
    let out = check(&["routines"]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(!out.stdout.contains(": error: "), "{}", out.stdout);
    let summary = format!("{} files checked, 0 invalid", files.len());
    assert_eq!(out.stdout.lines().last(), Some(summary.as_str()));
}

#[test]
fn bundled_plans_and_routines_check_clean() {
    let files = ron_files("plans").len() + ron_files("routines").len();
    assert!(ron_files("plans").len() >= 4);
    let out = check(&["plans", "routines"]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(!out.stdout.contains(": error: "), "{}", out.stdout);
    let summary = format!("{files} files checked, 0 invalid");
    assert_eq!(out.stdout.lines().last(), Some(summary.as_str()));
}

/// A valid routine padded with a comment to exactly `len` bytes.
fn padded_routine(len: usize) -> String {
    let mut text = String::from(
        "Routine(title: \"Calf stretch\", steps: [Step(name: \"Wall calf stretch\", \
         kind: Stretch, target: Calves, seconds: 30)])\n// ",
    );
    let pad = len - text.len() - 1;
    text.extend(std::iter::repeat_n('x', pad));
    text.push('\n');
    assert_eq!(text.len(), len);
    text
}

#[test]
fn files_over_256_kib_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let large = dir.path().join("too-large.ron");
    fs::write(&large, padded_routine(300 * 1024)).expect("write");
    let shown = large.display().to_string();
    let out = check(&[&shown]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        format!(
            "{shown}: error: file is 300 KiB; routine files may be at most 256 KiB\n\
             1 files checked, 1 invalid\n"
        )
    );

    // One byte over the limit is refused; exactly at the limit is fine.
    let over = dir.path().join("over.ron");
    fs::write(&over, padded_routine(256 * 1024 + 1)).expect("write");
    let at_limit = dir.path().join("at-limit.ron");
    fs::write(&at_limit, padded_routine(256 * 1024)).expect("write");
    let out = check(&[&over.display().to_string()]);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert!(out.stdout.contains("at most 256 KiB"), "{}", out.stdout);
    let out = check(&[&at_limit.display().to_string()]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
}

#[test]
fn generated_fixtures_are_what_they_claim() {
    let read = |name: &str| -> Vec<u8> {
        fs::read(support::fixture("invalid").join(name)).expect("fixture")
    };
    let deep = read("deep-nesting.ron");
    assert!(String::from_utf8_lossy(&deep).matches('[').count() >= 30_000);
    let steps = String::from_utf8(read("too-many-steps.ron")).expect("UTF-8");
    assert_eq!(steps.matches("Step(").count(), 201);
    assert!(read("raw-control-byte.ron").contains(&0x1b));
    let not_utf8 = read("not-utf8.ron");
    assert!(std::str::from_utf8(&not_utf8).is_err());
    assert!(read("empty-file.ron").is_empty());
    // The invisible characters are in the files raw, as a paste brings them.
    let raw = |name: &str, c: char| {
        let text = String::from_utf8(read(name)).expect("UTF-8");
        assert!(text.contains(c), "{name} lacks {}", c.escape_unicode());
    };
    raw("zero-width-title.ron", '\u{200b}');
    raw("bom-inside-string.ron", '\u{feff}');
    raw("tag-character.ron", '\u{e0049}');
    raw("bidi-in-comment.ron", '\u{202e}');
    raw("nel-between-tokens.ron", '\u{85}');
    assert!(read("leading-bom-then-error.ron").starts_with("\u{feff}Routine(".as_bytes()));
    let valid = fs::read(support::fixture("valid/leading-bom.ron")).expect("fixture");
    assert!(valid.starts_with("\u{feff}//".as_bytes()));
}
