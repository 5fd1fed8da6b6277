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

/// An entry of `steps`: a timed exercise or a standalone rest.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub enum Item {
    Step(Step),
    Rest(Rest),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name: String,
    pub kind: Kind,
    pub target: Target,
    pub seconds: u32,
    #[serde(default)]
    pub side: SideSpec,
    #[serde(default = "one")]
    pub sets: u32,
    #[serde(default)]
    pub rest: u32,
    #[serde(default)]
    pub tool: Option<String>,
    #[serde(default)]
    pub instructions: Vec<String>,
    #[serde(default)]
    pub prompts: Vec<Prompt>,
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
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Massage => "massage",
            Kind::Stretch => "stretch",
            Kind::Mobility => "mobility",
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
    /// The steps of the routine, without the standalone rests.
    pub fn work_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter_map(|item| match item {
            Item::Step(step) => Some(step),
            Item::Rest(_) => None,
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
