//! Every text of a routine reaches the runner, whatever way they follow it:
//! `--plain` (screen readers, logs) and `show --full` in text and Markdown
//! (to read before, print or send). And the shell's own documentation:
//! completion scripts and the man page.

use crate::support::{Run, assert_terminal_safe, fixture, limber, run};
use limber::core::routine::load::parse_str;
use limber::core::routine::model::GroupItem;
use limber::core::routine::{Item, Step};
use tempfile::TempDir;

/// Every text of the fixture routine a runner needs, read from the file
/// itself so a new line there is checked too.
fn every_text() -> Vec<String> {
    let src = std::fs::read_to_string(fixture("guide/every-text.ron")).expect("fixture");
    let routine = parse_str(&src).expect("valid fixture");
    let mut texts = vec![routine.title.clone()];
    texts.extend(routine.summary.clone());
    texts.extend(routine.caution.clone());
    let step_texts = |step: &Step, texts: &mut Vec<String>| {
        texts.push(step.name.clone());
        texts.extend(step.tool.clone());
        texts.extend(step.instructions.iter().cloned());
        texts.extend(step.prompts.iter().map(|p| p.text.clone()));
    };
    for item in &routine.steps {
        match item {
            Item::Step(step) => step_texts(step, &mut texts),
            Item::Rest(rest) => texts.extend(rest.note.clone()),
            Item::Repeat(repeat) => {
                for inner in &repeat.steps {
                    match inner {
                        GroupItem::Step(step) => step_texts(step, &mut texts),
                        GroupItem::Rest(rest) => texts.extend(rest.note.clone()),
                    }
                }
            }
        }
    }
    assert!(texts.len() > 10, "the fixture has many texts: {texts:?}");
    texts
}

fn path() -> String {
    fixture("guide/every-text.ron").display().to_string()
}

/// The fixture followed with `--plain`, a hundred times faster.
fn plain_run() -> Run {
    let home = TempDir::new().expect("temp dir");
    let out = run(limber(home.path()).args([
        "run",
        &path(),
        "--plain",
        "--mute",
        "--no-rate",
        "--speed",
        "100",
    ]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out
}

#[test]
fn plain_prints_every_instruction_tool_prompt_and_note_once_per_step() {
    let out = plain_run();
    assert_terminal_safe("--plain", &out.stdout);
    for text in every_text() {
        assert!(
            out.stdout.contains(&text),
            "--plain lacks {text:?}:\n{}",
            out.stdout
        );
    }
    // Instructions come once, when the step's first block begins, not again
    // for its second side or set.
    let lines = out.lines();
    let how: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("How: Roll from heel"))
        .collect();
    assert_eq!(how.len(), 1, "{}", out.stdout);
    let first_block = lines
        .iter()
        .position(|l| l.contains("Get ready: Roll the arch"))
        .expect("the first block");
    assert!(
        lines[first_block + 1].contains("Tool: massage ball"),
        "{}",
        out.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("How: Lean in until the calf pulls [gently]."))
    );
    // A rest says what comes after it.
    let rest = lines
        .iter()
        .position(|l| l.contains("Rest, 5 s: Put the ball away"))
        .expect("the rest");
    assert!(
        lines[rest + 1].contains("Next: Wall stretch, set 1 of 2"),
        "{}",
        out.stdout
    );
}

#[test]
fn show_full_is_the_routine_as_a_runner_reads_it() {
    let home = TempDir::new().expect("temp dir");
    let out = run(limber(home.path()).args(["show", &path(), "--full"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_terminal_safe("show --full", &out.stdout);
    for text in every_text() {
        assert!(
            out.stdout.contains(&text),
            "show --full lacks {text:?}:\n{}",
            out.stdout
        );
    }
    for fact in [
        "Massage, plantar fascia, each side, left then right, 20 s per side",
        "Stretch, calves, both sides at once, 2 sets of 15 s, 5 s rest between sets",
        "Get ready: 3 s before each block",
        "0:10  Now roll across the foot",
        "by Test Coach",
    ] {
        assert!(
            out.stdout.contains(fact),
            "show --full lacks {fact:?}:\n{}",
            out.stdout
        );
    }
}

#[test]
fn show_as_markdown_escapes_the_files_text_and_keeps_every_word() {
    let home = TempDir::new().expect("temp dir");
    let out = run(limber(home.path()).args(["show", &path(), "--format", "md"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let md = &out.stdout;
    assert!(md.starts_with("# Every text\n"), "{md}");
    assert!(md.contains("## 1. Roll the arch"), "{md}");
    assert!(md.contains("## 2. Rest"), "{md}");
    assert!(
        md.contains("> **Caution:** Stop if anything hurts \\*sharply\\*."),
        "{md}"
    );
    assert!(
        md.contains("2. Lean in until the calf pulls \\[gently\\]."),
        "{md}"
    );
    assert!(
        md.contains("1. Stand and put the ball under the arch of one foot."),
        "{md}"
    );
    // Every word is there once the escapes are read back.
    let read_back = md.replace('\\', "");
    for text in every_text() {
        assert!(read_back.contains(&text), "markdown lacks {text:?}:\n{md}");
    }
}

#[test]
fn show_json_with_full_is_a_usage_error() {
    let home = TempDir::new().expect("temp dir");
    let out = run(limber(home.path()).args(["show", "calf-release", "--json", "--full"]));
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

#[test]
fn completion_scripts_know_every_command() {
    let home = TempDir::new().expect("temp dir");
    for shell in ["bash", "zsh", "fish"] {
        let out = run(limber(home.path()).args(["completions", shell]));
        assert_eq!(out.code, Some(0), "{shell}: {}", out.stderr);
        for command in ["run", "list", "show", "check", "history", "man"] {
            assert!(
                out.stdout.contains(command),
                "{shell} completions lack {command}"
            );
        }
        assert!(
            out.stdout.contains("--plain"),
            "{shell} completions lack --plain"
        );
    }
    let out = run(limber(home.path()).args(["completions", "tcsh"]));
    assert_eq!(out.code, Some(2), "an unknown shell is a usage error");
}

#[test]
fn the_man_page_holds_every_command_and_its_options() {
    let home = TempDir::new().expect("temp dir");
    let out = run(limber(home.path()).arg("man"));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let page = &out.stdout;
    assert!(page.contains(".TH limber 1"), "{page}");
    for heading in [
        ".SS \\fBlimber run\\fR",
        ".SS \\fBlimber show\\fR",
        ".SS \\fBlimber history\\fR",
    ] {
        assert!(page.contains(heading), "man page lacks {heading}:\n{page}");
    }
    assert!(
        page.contains("\\-\\-full"),
        "the man page has show's options"
    );
    // It points at no page that does not exist.
    assert!(!page.contains("limber\\-run(1)"), "{page}");
}

#[test]
fn plain_paces_every_repetition_and_names_each_round() {
    let out = plain_run();
    let lines = out.lines();
    for round in 1..=2 {
        let work = format!(
            "Work: Slow heel raise, round {round} of 2, 3 reps: 3 s up, 2 s hold, 3 s down (24 s)"
        );
        let at = lines
            .iter()
            .position(|l| l.ends_with(&work))
            .unwrap_or_else(|| panic!("no {work:?}:\n{}", out.stdout));
        // One line per repetition, 8 s apart on the timeline; no halfway.
        let reps: Vec<&str> = lines[at + 1..at + 4].to_vec();
        let start = &lines[at][..7];
        assert_eq!(reps[0], format!("{start} Rep 1 of 3"), "{}", out.stdout);
        assert!(
            reps[1].ends_with("Rep 2 of 3") && reps[2].ends_with("Rep 3 of 3"),
            "{reps:?}"
        );
        assert!(!lines[at + 4].contains("Halfway"), "{}", out.stdout);
    }
    assert!(
        out.stdout.contains("Rest, 10 s, before round 2 of 2"),
        "{}",
        out.stdout
    );
}
