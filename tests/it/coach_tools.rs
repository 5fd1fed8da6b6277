//! The coach tools of SPEC section 3: `limber new ID` writes a starter routine
//! that passes `check` and never replaces a file; `limber export ROUTINE` prints
//! a routine's file exactly as written, bundled ones included.

use crate::support::{self, ROOT, Run, assert_terminal_safe};
use limber::core::routine::hints::hints;
use limber::core::routine::load::parse_str;
use limber::core::routine::model::{Dose, GroupItem, Tempo, When};
use limber::core::routine::{Item, Kind, Routine, SideSpec, Step, Target};
use limber::core::timeline::{expand, planned_secs};
use limber::store::library::{Library, bundled_files};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A fresh `LIMBER_HOME`, also the commands' working directory.
fn home() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn limber(home: &Path, args: &[&str]) -> Run {
    support::run(support::limber(home).current_dir(home).args(args))
}

/// stdout as bytes, for what must come out byte for byte.
fn export(home: &Path, routine: &str) -> (Option<i32>, Vec<u8>, String) {
    let out = support::limber(home)
        .current_dir(home)
        .args(["export", routine])
        .output()
        .expect("limber export runs");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
    (out.status.code(), out.stdout, stderr)
}

fn routine_file(home: &Path, id: &str) -> PathBuf {
    home.join("routines").join(format!("{id}.ron"))
}

#[test]
fn new_writes_a_starter_that_checks_clean_and_runs() {
    let home = home();
    let out = limber(home.path(), &["new", "calf-care"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let path = routine_file(home.path(), "calf-care");
    assert!(
        out.stdout.starts_with(&format!(
            "Wrote {}, a starter routine to edit.\n",
            path.display()
        )),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("`limber run calf-care`"),
        "{}",
        out.stdout
    );

    let check = limber(home.path(), &["check", &path.display().to_string()]);
    assert_eq!(check.code, Some(0), "{}", check.stdout);
    // No warnings either: the starter is an example to copy.
    assert_eq!(check.stdout, "1 files checked, 0 invalid\n");

    let show = limber(home.path(), &["show", "calf-care", "--json"]);
    assert_eq!(show.code, Some(0), "{}", show.stderr);
    let json: serde_json::Value = serde_json::from_str(&show.stdout).expect("JSON");
    assert_eq!(json["title"], "Calf care");
}

#[test]
fn new_never_overwrites_a_file() {
    let home = home();
    let path = routine_file(home.path(), "mine");
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(&path, "// my own work\n").expect("write");
    let out = limber(home.path(), &["new", "mine"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        format!(
            "limber: {} already exists and limber never overwrites it: edit it, or choose another id\n",
            path.display()
        )
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), "// my own work\n");
    assert_eq!(out.stdout, "");

    // Nor through a symlink that leads nowhere (it would create the target).
    let link = routine_file(home.path(), "dangling");
    std::os::unix::fs::symlink(home.path().join("elsewhere.ron"), &link).expect("symlink");
    assert_eq!(limber(home.path(), &["new", "dangling"]).code, Some(1));
    assert!(!home.path().join("elsewhere.ron").exists());
}

#[test]
fn new_with_an_id_that_is_no_safe_file_name_is_a_usage_error() {
    let home = home();
    for id in [
        "../escape",
        "a/b",
        "-x",
        ".hidden",
        "two words",
        "bell\u{7}",
        "",
    ] {
        let out = limber(home.path(), &["new", "--", id]);
        assert_eq!(out.code, Some(2), "{id:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("cannot be a routine id"),
            "{}",
            out.stderr
        );
        assert_terminal_safe("new's error", &out.stderr);
    }
    let out = limber(home.path(), &["new", "calf.ron"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("`limber new calf`"), "{}", out.stderr);
    // Nothing written, not even the folder.
    assert!(!home.path().join("routines").exists());
    assert!(
        !home
            .path()
            .parent()
            .expect("parent")
            .join("escape.ron")
            .exists()
    );
}

#[test]
fn new_on_a_bundled_id_says_it_replaces_the_bundled_routine() {
    let home = home();
    let out = limber(home.path(), &["new", "calf-release"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("It replaces the bundled routine calf-release while it is there; `limber export calf-release` prints the bundled one."),
        "{}",
        out.stdout
    );
    let show = limber(home.path(), &["show", "calf-release", "--json"]);
    assert!(
        show.stdout.contains("\"title\": \"Calf release\""),
        "{}",
        show.stdout
    );
}

#[test]
fn export_prints_every_bundled_routine_byte_for_byte() {
    let home = home();
    let mut exported = 0;
    for (path, bytes) in bundled_files() {
        let id = path.file_stem().and_then(|s| s.to_str()).expect("UTF-8 id");
        let (code, stdout, stderr) = export(home.path(), id);
        assert_eq!(code, Some(0), "{id}: {stderr}");
        assert_eq!(stderr, "", "{id}");
        assert!(
            stdout == bytes,
            "{id}: export differs from the embedded file"
        );
        let on_disk = fs::read(Path::new(ROOT).join("routines").join(path)).expect("read");
        assert!(
            stdout == on_disk,
            "{id}: export differs from routines/{id}.ron"
        );
        exported += 1;
    }
    let in_repo = fs::read_dir(Path::new(ROOT).join("routines"))
        .expect("routines/")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "ron"))
        })
        .count();
    assert_eq!(exported, in_repo, "every file of routines/ is bundled");
    let ids: Vec<_> = bundled_files()
        .filter_map(|(path, _)| path.file_stem()?.to_str())
        .collect();
    for id in [
        "heel-drop",
        "heel-raise-12",
        "heel-raise-10",
        "heel-raise-8",
        "calf-circuit",
    ] {
        assert!(ids.contains(&id), "{id} is bundled: {ids:?}");
    }
}

#[test]
fn export_prints_a_user_routine_as_written() {
    let home = home();
    // A byte-order mark, CRLF line ends, a comment, odd spacing: all kept.
    let text = "\u{feff}// mine\r\nRoutine(title:\"Mine\",steps:[Step(name: \"Hold\", kind: Stretch, target: Calves, seconds: 30)])\r\n";
    fs::create_dir_all(home.path().join("routines")).expect("mkdir");
    fs::write(routine_file(home.path(), "calf-release"), text).expect("write");
    let (code, stdout, stderr) = export(home.path(), "calf-release");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stdout,
        text.as_bytes(),
        "the user's file replaces the bundled one"
    );

    // A path from anywhere, too.
    let elsewhere = home.path().join("elsewhere.ron");
    fs::write(&elsewhere, text).expect("write");
    let (code, stdout, _) = export(home.path(), &elsewhere.display().to_string());
    assert_eq!((code, stdout.as_slice()), (Some(0), text.as_bytes()));

    // Piped, even a file a terminal would act on comes out as it is.
    fs::write(routine_file(home.path(), "odd"), b"// \x1b[2J\n").expect("write");
    let (code, stdout, stderr) = export(home.path(), "odd");
    assert_eq!((code, stdout.as_slice()), (Some(0), &b"// \x1b[2J\n"[..]));
    // It is no valid routine: exported all the same, with a note.
    assert!(stderr.starts_with("note: "), "{stderr}");
    assert!(stderr.contains("is not a valid routine"), "{stderr}");
    assert_terminal_safe("export's note", &stderr);
}

#[test]
fn export_of_a_missing_routine_fails_with_a_suggestion() {
    let home = home();
    let (code, stdout, stderr) = export(home.path(), "calf-relase");
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "limber: no routine 'calf-relase'; did you mean 'calf-release'?\n"
    );

    let (code, _, stderr) = export(home.path(), "missing/nowhere.ron");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("nowhere.ron: no such file"), "{stderr}");
}

// ------------------------------------------------------- the bundled protocols

fn bundled(id: &str) -> Routine {
    Library::load(None)
        .get(id)
        .and_then(|e| e.valid().cloned())
        .unwrap_or_else(|| panic!("{id} is bundled and valid"))
}

fn steps(routine: &Routine) -> Vec<&Step> {
    routine
        .steps
        .iter()
        .flat_map(|item| match item {
            Item::Step(step) => vec![step],
            Item::Rest(_) => vec![],
            Item::Repeat(repeat) => repeat.steps.iter().filter_map(GroupItem::step).collect(),
        })
        .collect()
}

#[test]
fn every_bundled_routine_says_when_it_belongs_and_its_language() {
    for (path, bytes) in bundled_files() {
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        for field in ["\n    when: ", "\n    language: \"en\","] {
            assert!(text.contains(field), "{}: no{field}", path.display());
        }
        assert!(
            text.starts_with("// "),
            "{}: a leading comment",
            path.display()
        );
    }
    assert_eq!(bundled("pre-run").when(), When::PreRun);
    assert_eq!(bundled("calf-release").when(), When::PostRun);
}

#[test]
fn the_heel_raises_follow_rathleff_3_up_2_hold_3_down() {
    let tempo = Tempo {
        up: 3,
        hold: 2,
        down: 3,
        pause: 0,
    };
    for (reps, sets) in [(12, 3), (10, 4), (8, 5)] {
        let routine = bundled(&format!("heel-raise-{reps}"));
        let [step] = steps(&routine)[..] else {
            panic!("one step");
        };
        assert_eq!(step.dose(), Dose::Paced { reps, tempo });
        assert_eq!(
            (step.sets, step.side, step.kind),
            (sets, SideSpec::Each, Kind::Strength)
        );
    }
}

#[test]
fn the_heel_drops_are_alfredsons_3_x_15_straight_and_bent_knee() {
    let routine = bundled("heel-drop");
    let drops = steps(&routine);
    assert_eq!(drops.len(), 2);
    for (step, knee) in drops.iter().zip(["straight knee", "bent knee"]) {
        assert!(step.name.contains(knee), "{}", step.name);
        let Dose::Paced { reps: 15, tempo } = step.dose() else {
            panic!("15 paced reps: {:?}", step.dose());
        };
        assert!(tempo.down >= 3, "a slow lowering: {tempo:?}");
        assert_eq!(
            (step.sets, step.kind, step.target),
            (3, Kind::Strength, Target::Achilles)
        );
    }
}

#[test]
fn the_calf_circuit_is_three_rounds_and_the_plantar_stretch_switches_feet_quickly() {
    let circuit = bundled("calf-circuit");
    let rounds: Vec<u32> = circuit
        .steps
        .iter()
        .filter_map(|item| match item {
            Item::Repeat(repeat) => Some(repeat.times),
            _ => None,
        })
        .collect();
    assert_eq!(rounds, [3]);

    // DiGiovanni's 10 holds of 10 s per foot, without 5 s of "get ready" before each.
    let plantar = bundled("plantar-stretch");
    let stretch = steps(&plantar)
        .into_iter()
        .find(|s| s.kind == Kind::Stretch)
        .expect("the stretch");
    assert_eq!(
        (stretch.dose(), stretch.sets),
        (Dose::Timed { secs: 10 }, 10)
    );
    assert!(stretch.transition_or(plantar.transition) <= 3);
}

#[test]
fn the_readme_routine_examples_check_clean_and_the_worked_example_totals_434_s() {
    let readme = fs::read_to_string(Path::new(ROOT).join("README.md")).expect("README.md");
    let start = readme
        .find("## Writing routines")
        .expect("the coaches' section");
    let section = &readme[start..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let examples: Vec<&str> = section
        .split("```ron\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect();
    assert_eq!(examples.len(), 2, "the complete example and the worked one");
    for example in &examples {
        let routine = parse_str(example).unwrap_or_else(|e| panic!("{e:?}\n{example}"));
        assert!(hints(&routine).is_empty(), "{:?}", hints(&routine));
    }
    let worked = parse_str(examples[1]).expect("valid");
    let timeline = expand(&worked);
    assert_eq!((planned_secs(&worked), timeline.blocks.len()), (434, 20));
    assert!(section.contains("**434 (7 min 14 s, 20 blocks)**"));
}
