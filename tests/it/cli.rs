//! The command line as a user meets it (SPEC sections 2-5): exit codes, the `--json`
//! shapes, the summary line, the user's library in `$LIMBER_HOME`, and terminal safety.
//!
//! Every command runs with `LIMBER_HOME` set to a fresh temporary folder and the
//! working directory inside it, so the real home is never read or written.

use crate::support::{self, Run, SPEC_EXAMPLE, assert_terminal_safe};
use assert_cmd::Command;
use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A valid routine with one 30 s stretch: 35 s planned with the default transition.
const SMALL: &str = r#"Routine(
    title: "TITLE",
    steps: [Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: 30)],
)
"#;

fn small(title: &str) -> String {
    SMALL.replace("TITLE", title)
}

/// A temporary `LIMBER_HOME` (also the working directory of the commands).
struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `$LIMBER_HOME/routines/NAME`.
    fn routine(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        self.file(&format!("routines/{name}"), text)
    }

    /// Writes a file under the home folder, making its folders.
    fn file(&self, relative: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, text).expect("write");
        path
    }

    fn cmd(&self) -> Command {
        let mut cmd = support::limber(self.path());
        cmd.current_dir(self.path());
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        support::run(self.cmd().args(args))
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert_eq!(out.code, Some(0), "limber {args:?}:\n{}", out.stderr);
        serde_json::from_str(&out.stdout).expect("valid JSON")
    }
}

/// A fixture's absolute path, as an argument.
fn fixture(relative: &str) -> String {
    show(&support::fixture(relative))
}

fn show(path: &Path) -> String {
    path.display().to_string()
}

// ---------------------------------------------------------------- exit codes

#[test]
fn check_exits_0_for_valid_and_1_for_invalid() {
    let home = Home::new();
    let out = home.run(&["check", &fixture("valid/minimal.ron")]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert_eq!(out.stdout, "1 files checked, 0 invalid\n");

    let out = home.run(&["check", &fixture("invalid/kind-typo.ron")]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout.contains("did you mean 'Stretch'?"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_unknown_routine_exits_1_with_did_you_mean() {
    let home = Home::new();
    let out = home.run(&["show", "calf-relase"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("no routine 'calf-relase'; did you mean 'calf-release'?"),
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stderr.lines().count(),
        1,
        "one clear message:\n{}",
        out.stderr
    );

    // Nothing close: point at `limber list` instead.
    let out = home.run(&["show", "zzzzzzzz"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("limber list"), "{}", out.stderr);
}

#[test]
fn a_missing_file_exits_1() {
    let home = Home::new();
    let out = home.run(&["check", "nowhere.ron"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        "nowhere.ron: error: no such file\n1 files checked, 1 invalid\n"
    );

    let out = home.run(&["show", "nowhere.ron"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("nowhere.ron"), "{}", out.stderr);
}

#[test]
fn bad_usage_exits_2() {
    let home = Home::new();
    let cases: &[&[&str]] = &[
        &["frobnicate"],
        &["run", "calf-release", "--speed", "0"],
        &["run", "calf-release", "--speed", "101"],
        &["run", "calf-release", "--speed", "fast"],
        &["--speed", "0"],
        &["check"],
        &["show"],
        &["run"],
        &["list", "--yaml"],
        &["history", "--json", "--csv"],
    ];
    for args in cases {
        let out = home.run(args);
        assert_eq!(out.code, Some(2), "limber {args:?}:\n{}", out.stderr);
        assert!(
            out.stderr.contains("error:"),
            "limber {args:?}:\n{}",
            out.stderr
        );
        assert_eq!(out.stdout, "", "limber {args:?}");
    }
}

#[test]
fn help_and_version_exit_0() {
    let home = Home::new();
    let out = home.run(&["--help"]);
    assert_eq!(out.code, Some(0));
    for command in ["run", "list", "show", "check", "history"] {
        assert!(out.stdout.contains(command), "--help lacks {command}");
    }
    let out = home.run(&["check", "--help"]);
    assert_eq!(out.code, Some(0));
    let out = home.run(&["--version"]);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.starts_with("limber "), "{}", out.stdout);
}

// ---------------------------------------------------------------- list

#[test]
fn list_json_is_an_array_of_routines() {
    let home = Home::new();
    let list = home.json(&["list", "--json"]);
    let items = list.as_array().expect("an array");
    assert!(!items.is_empty());
    let mut ids = Vec::new();
    for item in items {
        let id = item["id"].as_str().expect("id is a string");
        assert!(!item["title"].as_str().expect("title").is_empty(), "{id}");
        let targets = item["targets"].as_array().expect("targets is an array");
        assert!(!targets.is_empty(), "{id}");
        for t in targets {
            let t = t.as_str().expect("target is a string");
            assert!(
                [
                    "Calves",
                    "Hamstrings",
                    "PlantarFascia",
                    "Achilles",
                    "Shins",
                    "Quads",
                    "Glutes",
                    "HipFlexors",
                    "ItBand",
                    "Adductors",
                    "LowerBack"
                ]
                .contains(&t),
                "{id}: target {t}"
            );
        }
        assert!(
            item["planned_secs"].as_u64().expect("planned_secs") > 0,
            "{id}"
        );
        assert_eq!(item["source"], "bundled", "{id}");
        ids.push(id.to_string());
    }
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "ids sorted and unique");
    assert!(ids.iter().any(|id| id == "calf-release"));
}

#[test]
fn list_json_of_a_user_routine() {
    let home = Home::new();
    home.routine("my-calves.ron", SPEC_EXAMPLE);
    let list = home.json(&["list", "--json"]);
    let mine = list
        .as_array()
        .expect("array")
        .iter()
        .find(|i| i["id"] == "my-calves")
        .expect("the user routine is listed");
    assert_eq!(mine["title"], "Spec example");
    assert_eq!(mine["targets"], json!(["Calves"]));
    assert_eq!(mine["planned_secs"], 150);
    assert_eq!(mine["source"], "user");
}

#[test]
fn list_table_has_one_aligned_line_per_routine() {
    let home = Home::new();
    home.routine("my-calves.ron", SPEC_EXAMPLE);
    let out = home.run(&["list"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let lines = out.lines();
    assert!(lines[0].starts_with("ID"), "{}", out.stdout);
    let count = home
        .json(&["list", "--json"])
        .as_array()
        .expect("array")
        .len();
    assert_eq!(lines.len(), count + 1, "{}", out.stdout);
    let mine = lines
        .iter()
        .find(|l| l.starts_with("my-calves "))
        .expect("listed");
    for part in ["Spec example", "calves", "2:30", "user"] {
        assert!(mine.contains(part), "{mine}");
    }
    // Columns line up: every title starts where the header's TITLE does.
    let title_col = lines[0].find("TITLE").expect("TITLE column");
    for line in &lines[1..] {
        let (id, rest) = line.split_at(title_col);
        assert!(id.ends_with("  ") && !rest.starts_with(' '), "{line}");
    }
}

#[test]
fn a_missing_limber_home_folder_still_lists_the_bundled_routines() {
    let home = Home::new();
    let out = support::run(
        home.cmd()
            .env("LIMBER_HOME", home.path().join("not/there"))
            .args(["list", "--json"]),
    );
    assert_eq!(out.code, Some(0));
    let list: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert!(
        list.as_array()
            .expect("array")
            .iter()
            .any(|i| i["id"] == "calf-release")
    );
}

// ---------------------------------------------------------------- show

/// The fields SPEC section 3 names, from `show --json`'s blocks.
fn blocks(doc: &Value) -> Vec<Value> {
    doc["blocks"]
        .as_array()
        .expect("blocks is an array")
        .iter()
        .map(|b| {
            json!({
                "kind": b["kind"], "name": b["name"], "side": b["side"],
                "set": b["set"], "start_secs": b["start_secs"], "secs": b["secs"],
            })
        })
        .collect()
}

fn spec_example_blocks() -> Vec<Value> {
    let block = |kind: &str, side: &str, set: u32, start: u32, secs: u32| {
        json!({
            "kind": kind, "name": "Wall calf stretch", "side": side,
            "set": set, "start_secs": start, "secs": secs,
        })
    };
    // T5 W30(L) T5 W30(R) R10 T5 W30(L) T5 W30(R) = 150 s
    vec![
        block("transition", "left", 1, 0, 5),
        block("work", "left", 1, 5, 30),
        block("transition", "right", 1, 35, 5),
        block("work", "right", 1, 40, 30),
        block("rest", "both", 1, 70, 10),
        block("transition", "left", 2, 80, 5),
        block("work", "left", 2, 85, 30),
        block("transition", "right", 2, 115, 5),
        block("work", "right", 2, 120, 30),
    ]
}

#[test]
fn show_json_matches_the_spec_example() {
    let home = Home::new();
    home.routine("spec-example.ron", SPEC_EXAMPLE);
    let doc = home.json(&["show", "spec-example", "--json"]);
    assert_eq!(doc["id"], "spec-example");
    assert_eq!(doc["title"], "Spec example");
    assert_eq!(doc["planned_secs"], 150);
    assert_eq!(blocks(&doc), spec_example_blocks());
}

/// A paced step and a Repeat (SPEC 2, 3): `reps` on paced work blocks,
/// `round` on blocks inside the Repeat, the rest between rounds included.
const PACED_ROUNDS: &str = r#"Routine(title: "Circuit", transition: 0, steps: [
    Step(name: "Heel raise", kind: Strength, target: Calves, reps: 2, tempo: (up: 3, down: 3)),
    Repeat(times: 2, rest: 10, steps: [
        Step(name: "Heel drop", kind: Strength, target: Achilles, reps: 3, tempo: (down: 3), transition: 2),
    ]),
])"#;

#[test]
fn show_json_gives_reps_and_rounds() {
    let home = Home::new();
    home.routine("circuit.ron", PACED_ROUNDS);
    let doc = home.json(&["show", "circuit", "--json"]);
    assert_eq!(doc["planned_secs"], 12 + 2 + 9 + 10 + 2 + 9);
    let shape: Vec<(String, u64, Option<u64>, Option<u64>)> = doc["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .map(|b| {
            (
                b["kind"].as_str().expect("kind").to_string(),
                b["secs"].as_u64().expect("secs"),
                b.get("reps").map(|r| r.as_u64().expect("a number")),
                b.get("round").map(|r| r.as_u64().expect("a number")),
            )
        })
        .collect();
    let b = |kind: &str, secs, reps, round| (kind.to_string(), secs, reps, round);
    assert_eq!(
        shape,
        [
            b("work", 12, Some(2), None),
            b("transition", 2, None, Some(1)),
            b("work", 9, Some(3), Some(1)),
            b("rest", 10, None, Some(1)),
            b("transition", 2, None, Some(2)),
            b("work", 9, Some(3), Some(2)),
        ]
    );
    let out = home.run(&["show", "circuit"]);
    assert!(
        out.stdout
            .contains("Heel raise (strength, calves), 2 reps at 3-0-3-0 s"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Heel drop (strength, achilles), 3 reps at 0-0-3-0 s, round 2/2"),
        "{}",
        out.stdout
    );
}

#[test]
fn show_table_has_start_times_and_the_total() {
    let home = Home::new();
    home.routine("spec-example.ron", SPEC_EXAMPLE);
    let out = home.run(&["show", "spec-example"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.starts_with("Spec example (spec-example)\n"),
        "{}",
        out.stdout
    );
    let starts: Vec<&str> = out
        .lines()
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.contains(':') && w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(
        starts,
        [
            "0:00", "0:05", "0:35", "0:40", "1:10", "1:20", "1:25", "1:55", "2:00", "2:30"
        ],
        "{}",
        out.stdout
    );
    let last = out.lines().last().copied().unwrap_or_default();
    assert!(
        last.contains("planned total 2 min 30 s (150 s, 9 blocks)"),
        "{}",
        out.stdout
    );
}

#[test]
fn transition_0_leaves_out_the_get_ready_blocks() {
    let home = Home::new();
    let doc = home.json(&["show", &fixture("valid/no-transition.ron"), "--json"]);
    let kinds: Vec<&str> = doc["blocks"]
        .as_array()
        .expect("array")
        .iter()
        .map(|b| b["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["work", "work"]);
    assert_eq!(doc["planned_secs"], 60);
}

// ---------------------------------------------------------------- check

#[test]
fn check_prints_the_summary_line() {
    let home = Home::new();
    let out = home.run(&[
        "check",
        &fixture("valid/minimal.ron"),
        &fixture("valid/sides.ron"),
        &fixture("invalid/sets-zero.ron"),
    ]);
    assert_eq!(out.code, Some(1));
    let lines = out.lines();
    assert_eq!(lines.last(), Some(&"3 files checked, 1 invalid"));
    assert_eq!(
        lines.len(),
        2,
        "one problem, then the summary:\n{}",
        out.stdout
    );
    assert!(
        lines[0].contains("sets-zero.ron:5:91: error: "),
        "{}",
        out.stdout
    );
}

#[test]
fn check_of_a_folder_recurses_and_reports_every_invalid_file() {
    let home = Home::new();
    let bad = "Routine(title: \"Bad\", steps: [Step(name: \"x\", kind: Strech, target: Calves, seconds: 30)])";
    let worse = "Routine(title: \"\", steps: [])";
    home.file("coach/top.ron", small("Top"));
    home.file("coach/a/bad.ron", bad);
    home.file("coach/a/b/good.ron", small("Good"));
    home.file("coach/a/b/c/d/worse.ron", worse);
    home.file("coach/a/notes.txt", "not a routine, not checked");
    home.file("coach/a/b/draft.ron.bak", "not checked either");

    let out = home.run(&["check", "coach"]);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    let lines = out.lines();
    assert_eq!(
        lines.last(),
        Some(&"4 files checked, 2 invalid"),
        "{}",
        out.stdout
    );
    assert!(
        lines.contains(
            &"coach/a/bad.ron:1:53: error: unknown kind name 'Strech', did you mean 'Stretch'?"
        ),
        "{}",
        out.stdout
    );
    let worse_lines: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("coach/a/b/c/d/worse.ron:1:"))
        .collect();
    assert_eq!(
        worse_lines.len(),
        2,
        "blank title and no steps:\n{}",
        out.stdout
    );
    assert!(!out.stdout.contains("good.ron"), "{}", out.stdout);
    assert!(!out.stdout.contains("notes.txt"), "{}", out.stdout);

    // Files and folders mix; a missing path is one more invalid file, the rest still run.
    let out = home.run(&["check", "coach/a/b", "coach/top.ron", "missing.ron"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout.contains("missing.ron: error: no such file"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("worse.ron:1:"), "{}", out.stdout);
    assert_eq!(
        out.lines().last(),
        Some(&"4 files checked, 2 invalid"),
        "{}",
        out.stdout
    );

    // All valid: exit 0.
    let out = home.run(&["check", "coach/top.ron", "coach/a/b/good.ron"]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert_eq!(out.stdout, "2 files checked, 0 invalid\n");
}

// ---------------------------------------------------------------- the user's library

#[test]
fn a_user_routine_overrides_the_bundled_one() {
    let home = Home::new();
    let bundled = home.json(&["show", "calf-release", "--json"]);
    assert_ne!(bundled["title"], "My own calf release");

    home.routine("calf-release.ron", small("My own calf release"));

    let list = home.json(&["list", "--json"]);
    let entries: Vec<&Value> = list
        .as_array()
        .expect("array")
        .iter()
        .filter(|i| i["id"] == "calf-release")
        .collect();
    assert_eq!(entries.len(), 1, "one entry per id");
    assert_eq!(entries[0]["source"], "user");
    assert_eq!(entries[0]["title"], "My own calf release");
    assert_eq!(entries[0]["planned_secs"], 35);

    let out = home.run(&["list"]);
    let rows: Vec<&str> = out
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("calf-release "))
        .collect();
    assert_eq!(rows.len(), 1, "{}", out.stdout);
    assert!(rows[0].contains("My own calf release"), "{}", rows[0]);
    assert!(
        rows[0].contains("user"),
        "list marks it as the user's: {}",
        rows[0]
    );
    assert!(rows[0].contains("replaces bundled"), "{}", rows[0]);

    let doc = home.json(&["show", "calf-release", "--json"]);
    assert_eq!(doc["title"], "My own calf release");
    assert_eq!(doc["planned_secs"], 35);
}

#[test]
fn an_invalid_user_routine_is_listed_with_its_reason_and_hides_nothing() {
    let home = Home::new();
    home.routine("aaa-good.ron", small("Good one"));
    home.routine(
        "broken.ron",
        "Routine(title: \"Broken\", steps: [Step(name: \"Short\", kind: Stretch, target: Calves, seconds: 4)])",
    );
    home.routine("zzz-good.ron", small("Another good one"));

    let out = home.run(&["list"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let lines = out.lines();
    let broken: Vec<&&str> = lines.iter().filter(|l| l.starts_with("broken ")).collect();
    assert_eq!(broken.len(), 1, "{}", out.stdout);
    assert!(broken[0].contains("INVALID"), "{}", broken[0]);
    assert!(
        broken[0]
            .contains(r#"steps[0] "Short": seconds: 4 s is out of range; it must be 5-1800 s"#),
        "the reason: {}",
        broken[0]
    );
    for id in ["aaa-good ", "zzz-good ", "calf-release "] {
        assert!(
            lines.iter().any(|l| l.starts_with(id)),
            "{id} hidden:\n{}",
            out.stdout
        );
    }

    // `--json` lists valid routines only, and says on stderr what it left out.
    let out = home.run(&["list", "--json"]);
    assert_eq!(out.code, Some(0));
    let list: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let ids: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i["id"].as_str().expect("id"))
        .collect();
    assert!(
        ids.contains(&"aaa-good") && ids.contains(&"zzz-good"),
        "{ids:?}"
    );
    assert!(!ids.contains(&"broken"), "{ids:?}");
    assert!(out.stderr.contains("broken.ron"), "{}", out.stderr);

    // Showing it explains why, and fails.
    let out = home.run(&["show", "broken"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains(": error: steps[0] \"Short\": seconds: 4 s"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------- paths outside the library

#[test]
fn show_takes_a_path_to_a_file_outside_the_library() {
    let home = Home::new();
    let file = home.file("elsewhere/my-stretch.ron", SPEC_EXAMPLE);
    for spec in [
        show(&file),
        "elsewhere/my-stretch.ron".to_string(),
        "./elsewhere/my-stretch.ron".to_string(),
    ] {
        let doc = home.json(&["show", &spec, "--json"]);
        assert_eq!(doc["id"], "my-stretch", "{spec}");
        assert_eq!(doc["planned_secs"], 150, "{spec}");
        assert_eq!(blocks(&doc), spec_example_blocks(), "{spec}");
    }
    // It is not added to the library.
    let list = home.json(&["list", "--json"]);
    assert!(
        !list
            .as_array()
            .expect("array")
            .iter()
            .any(|i| i["id"] == "my-stretch")
    );

    // An invalid file: its problems in check's format, then one message; exit 1.
    let bad = fixture("invalid/prompt-at-end.ron");
    let out = home.run(&["show", &bad]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains(&format!("{bad}:10:28: error: steps[0]")),
        "{}",
        out.stderr
    );
}

#[test]
fn run_takes_a_path_to_a_file_outside_the_library() {
    let home = Home::new();
    let file = home.file(
        "elsewhere/quick.ron",
        "Routine(title: \"Quick\", transition: 0, steps: [Step(name: \"Hold\", kind: Stretch, target: Calves, seconds: 5)])",
    );
    let out = home.run(&["run", &show(&file), "--plain", "--mute", "--speed", "100"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Hold"), "{}", out.stdout);
    assert_terminal_safe("limber run --plain", &out.stdout);

    let bad = fixture("invalid/prompt-at-end.ron");
    let out = home.run(&["run", &bad, "--plain", "--mute"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains(&format!("{bad}:10:28: error: steps[0]")),
        "{}",
        out.stderr
    );

    let out = home.run(&["run", "elsewhere/missing.ron", "--plain", "--mute"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("elsewhere/missing.ron: no such file"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------- terminal safety

#[test]
fn no_output_ever_holds_an_escape_byte() {
    let home = Home::new();
    home.routine(
        "escape-title.ron",
        fs::read(fixture("invalid/escape-in-title.ron")).expect("fixture"),
    );
    home.routine(
        "raw-escape.ron",
        fs::read(fixture("invalid/raw-control-byte.ron")).expect("fixture"),
    );
    home.routine(
        "bell.ron",
        fs::read(fixture("invalid/bell-in-instruction.ron")).expect("fixture"),
    );
    home.routine(
        "many.ron",
        fs::read(fixture("invalid/many-problems.ron")).expect("fixture"),
    );
    // A file name that is itself an escape sequence, valid and invalid.
    home.routine("clear\u{1b}[2J.ron", small("Valid, odd name"));
    home.routine(
        "red\u{1b}[31m\u{7}.ron",
        "Routine(title: \"x\u{1b}]0;pwned\u{7}\", steps: [])",
    );

    let routines = show(&home.path().join("routines"));
    let odd = show(&home.path().join("routines/clear\u{1b}[2J.ron"));
    let invalid_odd = show(&home.path().join("routines/red\u{1b}[31m\u{7}.ron"));
    let runs: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--json"],
        vec!["check", &routines],
        vec!["check", &odd],
        vec!["check", &invalid_odd],
        vec!["show", "escape-title"],
        vec!["show", "raw-escape"],
        vec!["show", "bell"],
        vec!["show", "many"],
        vec!["show", &odd],
        vec!["show", &invalid_odd],
        vec!["show", &invalid_odd, "--json"],
        vec!["show", "clear\u{1b}[2J"],
        vec!["show", "nope\u{1b}[2J"],
        vec!["run", "escape-title", "--plain", "--mute"],
        vec!["run", &invalid_odd, "--plain", "--mute"],
    ];
    for args in &runs {
        let out = home.run(args);
        let what = format!("limber {args:?}");
        assert_terminal_safe(&what, &out.stdout);
        assert_terminal_safe(&what, &out.stderr);
    }

    // The escapes are shown escaped, so the coach can find them.
    let out = home.run(&["check", &routines]);
    assert!(out.stdout.contains("\\u{1b}"), "{}", out.stdout);
    assert_eq!(
        out.lines().last(),
        Some(&"6 files checked, 5 invalid"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_file_name_that_is_not_utf8_is_listed_as_invalid() {
    use std::os::unix::ffi::OsStrExt;
    let home = Home::new();
    let dir = home.path().join("routines");
    fs::create_dir_all(&dir).expect("routines folder");
    let name = std::ffi::OsStr::from_bytes(b"\xff\xfeodd.ron");
    fs::write(dir.join(name), small("Odd name")).expect("write");
    home.routine("fine.ron", small("Fine"));
    let out = home.run(&["list"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let odd = out
        .lines()
        .into_iter()
        .find(|l| l.contains("odd"))
        .expect("the odd file is listed");
    assert!(
        odd.contains("INVALID") && odd.contains("not valid UTF-8"),
        "{odd}"
    );
    assert!(
        out.stdout.contains("Fine"),
        "the others still show: {}",
        out.stdout
    );
}

#[test]
fn plain_rating_questions_end_their_line_when_answered_from_a_pipe() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tiny = support::write_tiny(dir.path());
    let out = support::run(
        support::limber(dir.path())
            .args([
                "run",
                tiny.to_str().expect("utf-8 path"),
                "--plain",
                "--rate",
                "--speed",
                "100",
            ])
            .write_stdin("7\n3\n"),
    );
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    let lines = out.lines();
    assert_eq!(
        lines.first(),
        Some(&"How tight is it? 0-10, Enter to skip: ")
    );
    assert!(lines[1].starts_with("[00:00] Start: "), "{lines:?}");
    assert!(
        lines.contains(&"How tight is it now? 0-10, Enter to skip: "),
        "{lines:?}"
    );
}

#[test]
fn history_since_names_the_date_format_it_wants() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = support::run(support::limber(dir.path()).args(["history", "--since", "3/1/2025"]));
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("YYYY-MM-DD"), "{}", out.stderr);
}
