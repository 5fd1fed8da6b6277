//! The serde types of a routine file (SPEC section 1).
//!
//! Field order and names here are the file format: renaming one breaks every
//! coach's files, so the names are spelled out rather than derived.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One routine, as written in a `.ron` file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Routine {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub caution: Option<String>,
    /// When the routine belongs: before a run, after one, or any time (v2);
    /// `None` when the file does not say (see [`Routine::when`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
    /// The language of its texts, a BCP 47 tag (`en`, `pt-BR`), for the voice (v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default = "default_transition")]
    pub transition: u32,
    pub steps: Vec<Item>,
}

/// The transition used when a routine does not name one.
pub const DEFAULT_TRANSITION: u32 = 5;

fn default_transition() -> u32 {
    DEFAULT_TRANSITION
}

fn one() -> u32 {
    1
}

/// An entry of `steps`: an exercise, a standalone rest, or a group done in rounds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub enum Item {
    Step(Step),
    Rest(Rest),
    Repeat(Repeat),
}

/// A group of steps done `times` rounds in a row, with `rest` s between rounds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Repeat {
    pub times: u32,
    #[serde(default)]
    pub rest: u32,
    pub steps: Vec<GroupItem>,
}

/// An entry of a [`Repeat`]: its own enum, so that a Repeat inside a Repeat
/// cannot be written at all (the loader names the mistake).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub enum GroupItem {
    Step(Step),
    Rest(Rest),
}

impl GroupItem {
    pub fn step(&self) -> Option<&Step> {
        match self {
            GroupItem::Step(step) => Some(step),
            GroupItem::Rest(_) => None,
        }
    }
}

/// A Step is timed (`seconds`) or paced (`reps` with `tempo`); the file keeps
/// all three optional so that the validator can say which is missing or
/// doubled, at its line. [`Step::dose`] is the one to read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name: String,
    pub kind: Kind,
    pub target: Target,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reps: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tempo: Option<Tempo>,
    #[serde(default)]
    pub side: SideSpec,
    #[serde(default = "one")]
    pub sets: u32,
    #[serde(default)]
    pub rest: u32,
    /// This step's own "get ready" before each work block, instead of the routine's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transition: Option<u32>,
    #[serde(default)]
    pub tool: Option<String>,
    #[serde(default)]
    pub instructions: Vec<String>,
    #[serde(default)]
    pub prompts: Vec<Prompt>,
}

/// The seconds of each phase of one repetition, in the order they run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tempo {
    #[serde(default)]
    pub up: u32,
    #[serde(default)]
    pub hold: u32,
    #[serde(default)]
    pub down: u32,
    #[serde(default)]
    pub pause: u32,
}

impl Tempo {
    /// The seconds of one repetition.
    pub fn period(self) -> u32 {
        self.up
            .saturating_add(self.hold)
            .saturating_add(self.down)
            .saturating_add(self.pause)
    }
}

/// How much work one block of a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dose {
    Timed { secs: u32 },
    Paced { reps: u32, tempo: Tempo },
}

impl Dose {
    /// The seconds of one work block: `seconds`, or `reps * period`.
    pub fn secs(self) -> u32 {
        match self {
            Dose::Timed { secs } => secs,
            Dose::Paced { reps, tempo } => reps.saturating_mul(tempo.period()),
        }
    }
}

impl Step {
    /// What one work block of this step is. For a valid step exactly one of
    /// `seconds` and `reps` is given; an invalid one reads as timed (its
    /// problems are the validator's to report).
    pub fn dose(&self) -> Dose {
        match (self.seconds, self.reps) {
            (None, Some(reps)) => Dose::Paced {
                reps,
                tempo: self.tempo.unwrap_or_default(),
            },
            (seconds, _) => Dose::Timed {
                secs: seconds.unwrap_or_default(),
            },
        }
    }

    /// The seconds of one work block.
    pub fn work_secs(&self) -> u32 {
        self.dose().secs()
    }

    /// The "get ready" before each work block: the step's own, else the routine's.
    pub fn transition_or(&self, routine_transition: u32) -> u32 {
        self.transition.unwrap_or(routine_transition)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rest {
    pub seconds: u32,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    pub at: u32,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum Kind {
    Massage,
    Stretch,
    Mobility,
    Strength,
}

/// When a routine belongs, relative to a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
pub enum When {
    PreRun,
    PostRun,
    #[default]
    Anytime,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Massage => "massage",
            Kind::Stretch => "stretch",
            Kind::Mobility => "mobility",
            Kind::Strength => "strength",
        }
    }
}

/// Which side(s) a step is done on, as written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
pub enum SideSpec {
    #[default]
    Both,
    Left,
    Right,
    Each,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Target {
    Calves,
    Hamstrings,
    PlantarFascia,
    Achilles,
    Shins,
    Quads,
    Glutes,
    HipFlexors,
    ItBand,
    Adductors,
    LowerBack,
}

impl Target {
    pub const ALL: [Target; 11] = [
        Target::Calves,
        Target::Hamstrings,
        Target::PlantarFascia,
        Target::Achilles,
        Target::Shins,
        Target::Quads,
        Target::Glutes,
        Target::HipFlexors,
        Target::ItBand,
        Target::Adductors,
        Target::LowerBack,
    ];

    /// The name used in files and JSON (`PlantarFascia`).
    pub fn id(self) -> &'static str {
        match self {
            Target::Calves => "Calves",
            Target::Hamstrings => "Hamstrings",
            Target::PlantarFascia => "PlantarFascia",
            Target::Achilles => "Achilles",
            Target::Shins => "Shins",
            Target::Quads => "Quads",
            Target::Glutes => "Glutes",
            Target::HipFlexors => "HipFlexors",
            Target::ItBand => "ItBand",
            Target::Adductors => "Adductors",
            Target::LowerBack => "LowerBack",
        }
    }

    /// The name shown to people (`plantar fascia`).
    pub fn label(self) -> &'static str {
        match self {
            Target::Calves => "calves",
            Target::Hamstrings => "hamstrings",
            Target::PlantarFascia => "plantar fascia",
            Target::Achilles => "achilles",
            Target::Shins => "shins",
            Target::Quads => "quads",
            Target::Glutes => "glutes",
            Target::HipFlexors => "hip flexors",
            Target::ItBand => "IT band",
            Target::Adductors => "adductors",
            Target::LowerBack => "lower back",
        }
    }

    /// Accepts either the file name or the label, any case (`plantar-fascia` too).
    pub fn parse(s: &str) -> Option<Target> {
        let norm = |x: &str| {
            x.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        };
        let wanted = norm(s);
        Target::ALL.into_iter().find(|t| norm(t.id()) == wanted)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Routine {
    /// When the routine belongs; any time if the file does not say.
    pub fn when(&self) -> When {
        self.when.unwrap_or_default()
    }

    /// The steps of the routine in file order, those inside a Repeat too
    /// (once each), without the rests.
    pub fn work_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().flat_map(|item| {
            let (own, group): (Option<&Step>, &[GroupItem]) = match item {
                Item::Step(step) => (Some(step), &[]),
                Item::Rest(_) => (None, &[]),
                Item::Repeat(repeat) => (None, &repeat.steps),
            };
            own.into_iter()
                .chain(group.iter().filter_map(GroupItem::step))
        })
    }

    /// Distinct targets in the order they first appear.
    pub fn targets(&self) -> Vec<Target> {
        let mut out = Vec::new();
        for step in self.work_steps() {
            if !out.contains(&step.target) {
                out.push(step.target);
            }
        }
        out
    }

    /// Distinct tools in the order they first appear.
    pub fn tools(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for tool in self.work_steps().filter_map(|s| s.tool.as_deref()) {
            if !out.contains(&tool) {
                out.push(tool);
            }
        }
        out
    }
}
