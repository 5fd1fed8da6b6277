//! The rules of SPEC section 1 that a parser cannot check: ranges, ordering,
//! and the text rules of [`super::text_rules`] for every text field. Every
//! problem is collected, not only the first.

use super::diagnostic::Diagnostic;
use super::model::{Item, Routine, Step};
use super::text_rules;
use crate::text::clean;
use std::fmt::Display;
use std::ops::RangeInclusive;

pub const TITLE_CHARS: RangeInclusive<usize> = 1..=80;
pub const SUMMARY_MAX_CHARS: usize = 200;
pub const AUTHOR_MAX_CHARS: usize = 80;
pub const CAUTION_MAX_CHARS: usize = 400;
pub const TRANSITION_SECS: RangeInclusive<u32> = 0..=60;
pub const STEPS_COUNT: RangeInclusive<usize> = 1..=200;
pub const NAME_CHARS: RangeInclusive<usize> = 1..=60;
pub const STEP_SECS: RangeInclusive<u32> = 5..=1800;
pub const SETS: RangeInclusive<u32> = 1..=20;
pub const SET_REST_SECS: RangeInclusive<u32> = 0..=600;
pub const TOOL_MAX_CHARS: usize = 60;
pub const INSTRUCTION_LINES: usize = 12;
pub const INSTRUCTION_MAX_CHARS: usize = 200;
pub const PROMPT_MAX_CHARS: usize = 200;
pub const REST_SECS: RangeInclusive<u32> = 1..=1800;
pub const NOTE_MAX_CHARS: usize = 200;

/// Every rule broken by `routine`, in file order.
pub fn validate(routine: &Routine) -> Vec<Diagnostic> {
    let mut v = Validator::default();
    let top = "routine";
    v.name(top, "title", &routine.title, TITLE_CHARS);
    v.optional_text(
        top,
        "summary",
        routine.summary.as_deref(),
        SUMMARY_MAX_CHARS,
    );
    v.optional_text(top, "author", routine.author.as_deref(), AUTHOR_MAX_CHARS);
    v.optional_text(
        top,
        "caution",
        routine.caution.as_deref(),
        CAUTION_MAX_CHARS,
    );
    v.range(top, "transition", routine.transition, TRANSITION_SECS, " s");

    if !STEPS_COUNT.contains(&routine.steps.len()) {
        v.push(
            top,
            format!(
                "steps: has {} items; a routine needs {}-{}",
                routine.steps.len(),
                STEPS_COUNT.start(),
                STEPS_COUNT.end()
            ),
        );
    }
    if !routine.steps.is_empty() && routine.work_steps().next().is_none() {
        v.push(top, "steps: has only rests; add at least one Step");
    }

    for (i, item) in routine.steps.iter().enumerate() {
        let before = v.problems.len();
        match item {
            Item::Step(step) => v.step(PENDING_LABEL, step),
            Item::Rest(rest) => {
                v.range(PENDING_LABEL, "seconds", rest.seconds, REST_SECS, " s");
                v.optional_text(PENDING_LABEL, "note", rest.note.as_deref(), NOTE_MAX_CHARS);
            }
        }
        // The label is formatted only for an item with problems: most have none,
        // and formatting one for every item was a tenth of loading a library.
        if v.problems.len() > before {
            let label = item_label(i, item);
            for problem in &mut v.problems[before..] {
                problem.item = Some(label.clone());
            }
        }
    }
    v.problems
}

/// Stands for the item's label until a problem needs it (see [`validate`]).
const PENDING_LABEL: &str = "";

/// How a problem names its item: `steps[3] "Wall calf stretch"` or `steps[4] Rest`.
/// The name is quoted so a blank one is still visible, and cleaned, so control
/// and invisible characters show escaped while an emoji sequence stays whole.
pub fn item_label(index: usize, item: &Item) -> String {
    match item {
        Item::Step(step) => {
            let name = step.name.replace('\\', "\\\\").replace('"', "\\\"");
            format!("steps[{index}] \"{}\"", clean(&name))
        }
        Item::Rest(_) => format!("steps[{index}] Rest"),
    }
}

/// The item name that stands for the file itself (its top-level fields).
pub(crate) const FILE_ITEM: &str = "routine";

/// Collects problems; plans use it too (see `core::plan::validate`).
#[derive(Default)]
pub(crate) struct Validator {
    pub(crate) problems: Vec<Diagnostic>,
}

impl Validator {
    pub(crate) fn push(&mut self, item: &str, message: impl Into<String>) {
        if item == FILE_ITEM {
            self.problems.push(Diagnostic::file(message));
        } else {
            self.problems.push(Diagnostic::item(item, message));
        }
    }

    fn step(&mut self, label: &str, step: &Step) {
        self.name(label, "name", &step.name, NAME_CHARS);
        self.range(label, "seconds", step.seconds, STEP_SECS, " s");
        self.range(label, "sets", step.sets, SETS, "");
        self.range(label, "rest", step.rest, SET_REST_SECS, " s");
        self.optional_text(label, "tool", step.tool.as_deref(), TOOL_MAX_CHARS);

        if step.instructions.len() > INSTRUCTION_LINES {
            self.push(
                label,
                format!(
                    "instructions: has {} lines; at most {INSTRUCTION_LINES} are allowed",
                    step.instructions.len()
                ),
            );
        }
        for (i, line) in step.instructions.iter().enumerate() {
            self.text(
                label,
                format_args!("instructions[{i}]"),
                line,
                INSTRUCTION_MAX_CHARS,
            );
        }

        let mut previous_at = 0;
        for (i, prompt) in step.prompts.iter().enumerate() {
            let field = format_args!("prompts[{i}]");
            if prompt.at < 1 || prompt.at >= step.seconds {
                self.push(
                    label,
                    format!(
                        "{field}.at: {} s is outside the step; it must be 1-{} (less than the step's {} s)",
                        prompt.at,
                        step.seconds.saturating_sub(1).max(1),
                        step.seconds
                    ),
                );
            }
            if i > 0 && prompt.at <= previous_at {
                self.push(
                    label,
                    format!(
                        "{field}.at: {} s is not later than the prompt before it ({previous_at} s); prompts must be in increasing `at` order",
                        prompt.at
                    ),
                );
            }
            previous_at = prompt.at;
            self.name(
                label,
                format_args!("prompts[{i}].text"),
                &prompt.text,
                1..=PROMPT_MAX_CHARS,
            );
        }
    }

    pub(crate) fn range(
        &mut self,
        item: &str,
        field: impl Display + Copy,
        value: u32,
        allowed: RangeInclusive<u32>,
        unit: &str,
    ) {
        if !allowed.contains(&value) {
            self.push(
                item,
                format!(
                    "{field}: {value}{unit} is out of range; it must be {}-{}{unit}",
                    allowed.start(),
                    allowed.end()
                ),
            );
        }
    }

    /// A required text that must not be blank.
    pub(crate) fn name(
        &mut self,
        item: &str,
        field: impl Display + Copy,
        value: &str,
        chars: RangeInclusive<usize>,
    ) {
        for problem in text_rules::required(value, *chars.end()) {
            self.push(item, format!("{field}: {problem}"));
        }
    }

    pub(crate) fn optional_text(
        &mut self,
        item: &str,
        field: impl Display + Copy,
        value: Option<&str>,
        max: usize,
    ) {
        if let Some(value) = value {
            self.text(item, field, value, max);
        }
    }

    pub(crate) fn text(&mut self, item: &str, field: impl Display + Copy, value: &str, max: usize) {
        for problem in text_rules::optional(value, max) {
            self.push(item, format!("{field}: {problem}"));
        }
    }
}
