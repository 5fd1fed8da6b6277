//! The rules of SPEC section 1 that a parser cannot check: ranges, ordering,
//! a step's dose (timed or paced), the language tag, and the text rules of
//! [`super::text_rules`] for every text field. Every problem is collected, not
//! only the first, each with the path of the value it is about
//! (`steps[2].rest`), so that the loader can put it at its line.

use super::diagnostic::Diagnostic;
use super::language::is_language_tag;
use super::model::{Dose, GroupItem, Item, Repeat, Routine, Step};
use super::text_rules;
use crate::text::clean;
use std::fmt::{self, Display};
use std::ops::RangeInclusive;

pub const TITLE_CHARS: RangeInclusive<usize> = 1..=80;
pub const SUMMARY_MAX_CHARS: usize = 200;
pub const AUTHOR_MAX_CHARS: usize = 80;
pub const CAUTION_MAX_CHARS: usize = 400;
/// Longer than any real tag (`zh-Hant-TW` is 10), short enough to show whole.
pub const LANGUAGE_MAX_CHARS: usize = 35;
pub const TRANSITION_SECS: RangeInclusive<u32> = 0..=60;
pub const STEPS_COUNT: RangeInclusive<usize> = 1..=200;
pub const NAME_CHARS: RangeInclusive<usize> = 1..=60;
pub const STEP_SECS: RangeInclusive<u32> = 5..=1800;
pub const REPS: RangeInclusive<u32> = 1..=100;
pub const TEMPO_PHASE_SECS: RangeInclusive<u32> = 0..=30;
pub const SETS: RangeInclusive<u32> = 1..=20;
pub const SET_REST_SECS: RangeInclusive<u32> = 0..=600;
pub const TOOL_MAX_CHARS: usize = 60;
pub const INSTRUCTION_LINES: usize = 12;
pub const INSTRUCTION_MAX_CHARS: usize = 200;
pub const PROMPT_MAX_CHARS: usize = 200;
pub const REST_SECS: RangeInclusive<u32> = 1..=1800;
pub const NOTE_MAX_CHARS: usize = 200;
pub const REPEAT_TIMES: RangeInclusive<u32> = 2..=20;
pub const REPEAT_REST_SECS: RangeInclusive<u32> = 0..=600;
pub const REPEAT_ITEMS: RangeInclusive<usize> = 1..=50;

/// One rule broken, with the path of the value it is about (`steps[2].rest`,
/// `steps[3].steps[0]`, `title`; empty for the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub diagnostic: Diagnostic,
}

/// Every rule broken by `routine`, in file order, without positions (the
/// loader adds them from the file, see [`problems`]).
pub fn validate(routine: &Routine) -> Vec<Diagnostic> {
    problems(routine)
        .into_iter()
        .map(|p| p.diagnostic)
        .collect()
}

/// Every rule broken by `routine`, in file order, each with its path.
pub fn problems(routine: &Routine) -> Vec<Problem> {
    let mut v = Validator::default();
    let top = None;
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
    if let Some(language) = &routine.language {
        let before = v.problems.len();
        v.text(top, "language", language, LANGUAGE_MAX_CHARS);
        if v.problems.len() == before && !is_language_tag(language) {
            v.push(
                top,
                "language",
                format_args!(
                    "\"{}\" is not a language tag; write a BCP 47 tag such as \"en\", \"de\" or \"pt-BR\"",
                    clean(language)
                ),
            );
        }
    }
    v.range(top, "transition", routine.transition, TRANSITION_SECS, " s");

    v.count(
        top,
        "steps",
        routine.steps.len(),
        STEPS_COUNT,
        " items; a routine needs",
    );
    if !routine.steps.is_empty() && routine.work_steps().next().is_none() {
        v.push(top, "steps", "has only rests; add at least one Step");
    }

    for (i, item) in routine.steps.iter().enumerate() {
        let at = Some(ItemPath::top(i));
        match item {
            Item::Step(step) => v.step(at, step),
            Item::Rest(rest) => v.rest(at, rest.seconds, rest.note.as_deref()),
            Item::Repeat(repeat) => v.repeat(i, repeat),
        }
    }
    v.problems
}

/// Where an item stands: `steps[3]`, or `steps[3].steps[1]` inside a Repeat.
/// Formatted only for an item with problems: most have none, and formatting a
/// label for every item was a tenth of loading a library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemPath {
    pub index: usize,
    pub inner: Option<usize>,
}

impl ItemPath {
    pub fn top(index: usize) -> ItemPath {
        ItemPath { index, inner: None }
    }
}

impl Display for ItemPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "steps[{}]", self.index)?;
        if let Some(inner) = self.inner {
            write!(f, ".steps[{inner}]")?;
        }
        Ok(())
    }
}

/// `steps[3] "Wall calf stretch"`: the name is quoted so a blank one is still
/// visible, and cleaned, so control and invisible characters show escaped
/// while an emoji sequence stays whole.
pub fn step_label(at: ItemPath, step: &Step) -> String {
    let name = step.name.replace('\\', "\\\\").replace('"', "\\\"");
    format!("{at} \"{}\"", clean(&name))
}

/// How a problem names its item: `steps[3] "Wall calf stretch"`,
/// `steps[4] Rest`, `steps[5] Repeat` or `steps[5].steps[0] Rest`.
fn label_of(routine_item: LabelSource<'_>, at: ItemPath) -> String {
    match routine_item {
        LabelSource::Step(step) => step_label(at, step),
        LabelSource::Rest => format!("{at} Rest"),
        LabelSource::Repeat => format!("{at} Repeat"),
    }
}

#[derive(Clone, Copy)]
enum LabelSource<'a> {
    Step(&'a Step),
    Rest,
    Repeat,
}

/// Collects problems; plans use it too (see `core::plan::validate`).
#[derive(Default)]
pub(crate) struct Validator {
    pub(crate) problems: Vec<Problem>,
}

impl Validator {
    /// Records `field: message` about the item at `at` (the file when `None`).
    /// An empty `field` is the item itself.
    pub(crate) fn push(
        &mut self,
        at: Option<ItemPath>,
        field: impl Display,
        message: impl Display,
    ) {
        let field = field.to_string();
        let text = if field.is_empty() {
            message.to_string()
        } else {
            format!("{field}: {message}")
        };
        let path = match (at, field.is_empty()) {
            (None, _) => field,
            (Some(at), true) => at.to_string(),
            (Some(at), false) => format!("{at}.{field}"),
        };
        let diagnostic = match at {
            None => Diagnostic::file(text),
            Some(_) => Diagnostic::item(String::new(), text),
        };
        self.problems.push(Problem { path, diagnostic });
    }

    /// Labels the problems pushed since `before` with the item at `at`.
    fn label_since(&mut self, before: usize, at: ItemPath, source: LabelSource<'_>) {
        if self.problems.len() > before {
            let label = label_of(source, at);
            for problem in &mut self.problems[before..] {
                problem.diagnostic.item = Some(label.clone());
            }
        }
    }

    fn step(&mut self, at: Option<ItemPath>, step: &Step) {
        let before = self.problems.len();
        self.step_rules(at, step);
        if let Some(at) = at {
            self.label_since(before, at, LabelSource::Step(step));
        }
    }

    fn rest(&mut self, at: Option<ItemPath>, seconds: u32, note: Option<&str>) {
        let before = self.problems.len();
        self.range(at, "seconds", seconds, REST_SECS, " s");
        self.optional_text(at, "note", note, NOTE_MAX_CHARS);
        if let Some(at) = at {
            self.label_since(before, at, LabelSource::Rest);
        }
    }

    fn repeat(&mut self, index: usize, repeat: &Repeat) {
        let before = self.problems.len();
        let at = Some(ItemPath::top(index));
        self.range(at, "times", repeat.times, REPEAT_TIMES, "");
        self.range(at, "rest", repeat.rest, REPEAT_REST_SECS, " s");
        self.count(
            at,
            "steps",
            repeat.steps.len(),
            REPEAT_ITEMS,
            " items; a Repeat holds",
        );
        self.label_since(before, ItemPath::top(index), LabelSource::Repeat);
        for (j, item) in repeat.steps.iter().enumerate() {
            let at = Some(ItemPath {
                index,
                inner: Some(j),
            });
            match item {
                GroupItem::Step(step) => self.step(at, step),
                GroupItem::Rest(rest) => self.rest(at, rest.seconds, rest.note.as_deref()),
            }
        }
    }

    fn step_rules(&mut self, at: Option<ItemPath>, step: &Step) {
        self.name(at, "name", &step.name, NAME_CHARS);
        let block = self.dose(at, step);
        self.range(at, "sets", step.sets, SETS, "");
        self.range(at, "rest", step.rest, SET_REST_SECS, " s");
        if let Some(transition) = step.transition {
            self.range(at, "transition", transition, TRANSITION_SECS, " s");
        }
        self.optional_text(at, "tool", step.tool.as_deref(), TOOL_MAX_CHARS);

        if step.instructions.len() > INSTRUCTION_LINES {
            self.push(
                at,
                "instructions",
                format_args!(
                    "has {} lines; at most {INSTRUCTION_LINES} are allowed",
                    step.instructions.len()
                ),
            );
        }
        for (i, line) in step.instructions.iter().enumerate() {
            self.text(
                at,
                format_args!("instructions[{i}]"),
                line,
                INSTRUCTION_MAX_CHARS,
            );
        }

        let mut previous_at = 0;
        for (i, prompt) in step.prompts.iter().enumerate() {
            let field = format_args!("prompts[{i}].at");
            if let Some(block) = block
                && (prompt.at < 1 || prompt.at >= block)
            {
                let what = if step.reps.is_some() {
                    "work block"
                } else {
                    "step"
                };
                self.push(
                    at,
                    field,
                    format_args!(
                        "{} s is outside the {what}; it must be 1-{} (less than the {what}'s {block} s)",
                        prompt.at,
                        block.saturating_sub(1).max(1),
                    ),
                );
            }
            if i > 0 && prompt.at <= previous_at {
                self.push(
                    at,
                    field,
                    format_args!(
                        "{} s is not later than the prompt before it ({previous_at} s); prompts must be in increasing `at` order",
                        prompt.at
                    ),
                );
            }
            previous_at = prompt.at;
            self.name(
                at,
                format_args!("prompts[{i}].text"),
                &prompt.text,
                1..=PROMPT_MAX_CHARS,
            );
        }
    }

    /// The rules of a timed or paced step; the work block's length when the
    /// dose is whole (for the prompts' `at`).
    fn dose(&mut self, at: Option<ItemPath>, step: &Step) -> Option<u32> {
        match (step.seconds, step.reps, step.tempo) {
            (Some(_), Some(_), _) | (Some(_), None, Some(_)) => {
                let field = if step.reps.is_some() { "reps" } else { "tempo" };
                self.push(
                    at,
                    field,
                    "a step is timed (`seconds`) or paced (`reps` with `tempo`), not both; remove one",
                );
                None
            }
            (None, None, None) => {
                self.push(
                    at,
                    "",
                    "missing `seconds` (a timed step) or `reps` with `tempo` (a paced step)",
                );
                None
            }
            (None, None, Some(_)) => {
                self.push(
                    at,
                    "tempo",
                    "a tempo needs `reps`: how many repetitions to do at it",
                );
                None
            }
            (None, Some(reps), None) => {
                self.range(at, "reps", reps, REPS, "");
                self.push(
                    at,
                    "reps",
                    "a paced step needs `tempo: (up: 3, hold: 2, down: 3)`: the seconds of each phase",
                );
                None
            }
            (Some(seconds), None, None) => {
                self.range(at, "seconds", seconds, STEP_SECS, " s");
                Some(seconds)
            }
            (None, Some(reps), Some(tempo)) => {
                let before = self.problems.len();
                self.range(at, "reps", reps, REPS, "");
                for (phase, secs) in [
                    ("up", tempo.up),
                    ("hold", tempo.hold),
                    ("down", tempo.down),
                    ("pause", tempo.pause),
                ] {
                    self.range(
                        at,
                        format_args!("tempo.{phase}"),
                        secs,
                        TEMPO_PHASE_SECS,
                        " s",
                    );
                }
                if tempo.period() == 0 {
                    self.push(
                        at,
                        "tempo",
                        "every phase is 0 s; give at least one phase 1 s or more",
                    );
                }
                if self.problems.len() > before {
                    return None;
                }
                let block = Dose::Paced { reps, tempo }.secs();
                if !STEP_SECS.contains(&block) {
                    self.push(
                        at,
                        "reps",
                        format_args!(
                            "{reps} reps of {} s make a work block of {block} s; it must be {}-{} s",
                            tempo.period(),
                            STEP_SECS.start(),
                            STEP_SECS.end()
                        ),
                    );
                }
                Some(block)
            }
        }
    }

    pub(crate) fn range(
        &mut self,
        at: Option<ItemPath>,
        field: impl Display + Copy,
        value: u32,
        allowed: RangeInclusive<u32>,
        unit: &str,
    ) {
        if !allowed.contains(&value) {
            self.push(
                at,
                field,
                format_args!(
                    "{value}{unit} is out of range; it must be {}-{}{unit}",
                    allowed.start(),
                    allowed.end()
                ),
            );
        }
    }

    /// A list whose length must be within `allowed`: `has 0 items; a routine
    /// needs 1-200`, with `rule` the words between the length and the range.
    pub(crate) fn count(
        &mut self,
        at: Option<ItemPath>,
        field: impl Display + Copy,
        len: usize,
        allowed: RangeInclusive<usize>,
        rule: &str,
    ) {
        if !allowed.contains(&len) {
            self.push(
                at,
                field,
                format_args!("has {len}{rule} {}-{}", allowed.start(), allowed.end()),
            );
        }
    }

    /// A required text that must not be blank.
    pub(crate) fn name(
        &mut self,
        at: Option<ItemPath>,
        field: impl Display + Copy,
        value: &str,
        chars: RangeInclusive<usize>,
    ) {
        for problem in text_rules::required(value, *chars.end()) {
            self.push(at, field, problem);
        }
    }

    pub(crate) fn optional_text(
        &mut self,
        at: Option<ItemPath>,
        field: impl Display + Copy,
        value: Option<&str>,
        max: usize,
    ) {
        if let Some(value) = value {
            self.text(at, field, value, max);
        }
    }

    pub(crate) fn text(
        &mut self,
        at: Option<ItemPath>,
        field: impl Display + Copy,
        value: &str,
        max: usize,
    ) {
        for problem in text_rules::optional(value, max) {
            self.push(at, field, problem);
        }
    }
}
