//! A routine expanded into blocks (SPEC section 2).

use crate::core::routine::{Item, Kind, Prompt, Routine, SideSpec, Target};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Transition,
    Work,
    Rest,
}

/// The side of one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Left,
    Right,
    Both,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
            Side::Both => "both",
        }
    }
}

/// What a Work (or the Transition before it) is doing; `None` for rests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepInfo {
    pub kind: Kind,
    pub target: Target,
    pub tool: Option<String>,
    pub instructions: Vec<String>,
    pub prompts: Vec<Prompt>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// The step's name; for a Rest item its note, or "Rest".
    pub name: String,
    pub side: Side,
    /// Set number, 1-based (1 for rest items).
    pub set: u32,
    pub sets: u32,
    pub start_secs: u32,
    pub secs: u32,
    /// Index of the routine item this block comes from.
    pub item: usize,
    /// A Transition or Work of the second side of an `Each` step (the `switch` cue).
    pub second_side: bool,
    /// For a Rest item, its note.
    pub note: Option<String>,
    /// The routine's transition length (whether a "get ready" precedes each work block).
    pub transition_secs: u32,
    pub step: Option<StepInfo>,
}

impl Block {
    pub fn end_secs(&self) -> u32 {
        self.start_secs + self.secs
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub blocks: Vec<Block>,
    pub planned_secs: u32,
}

impl Timeline {
    /// The planned seconds of work (transitions and rests left out).
    pub fn work_secs(&self) -> u32 {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Work)
            .map(|b| b.secs)
            .sum()
    }
}

/// Expands a routine into its blocks: for each step, for each set, for each side,
/// a transition (unless 0 s) then the work; a rest between sets (unless 0 s); each
/// Rest item one block.
pub fn expand(routine: &Routine) -> Timeline {
    let mut blocks: Vec<Block> = Vec::new();
    for (index, item) in routine.steps.iter().enumerate() {
        match item {
            Item::Rest(rest) => blocks.push(Block {
                kind: BlockKind::Rest,
                name: rest.note.clone().unwrap_or_else(|| "Rest".into()),
                side: Side::Both,
                set: 1,
                sets: 1,
                start_secs: 0,
                secs: rest.seconds,
                item: index,
                second_side: false,
                note: rest.note.clone(),
                transition_secs: routine.transition,
                step: None,
            }),
            Item::Step(step) => {
                let sides: &[Side] = match step.side {
                    SideSpec::Both => &[Side::Both],
                    SideSpec::Left => &[Side::Left],
                    SideSpec::Right => &[Side::Right],
                    SideSpec::Each => &[Side::Left, Side::Right],
                };
                let info = StepInfo {
                    kind: step.kind,
                    target: step.target,
                    tool: step.tool.clone(),
                    instructions: step.instructions.clone(),
                    prompts: step.prompts.clone(),
                };
                for set in 1..=step.sets {
                    for (n, &side) in sides.iter().enumerate() {
                        let block = |kind, secs| Block {
                            kind,
                            name: step.name.clone(),
                            side,
                            set,
                            sets: step.sets,
                            start_secs: 0,
                            secs,
                            item: index,
                            second_side: n == 1,
                            note: None,
                            transition_secs: routine.transition,
                            step: Some(info.clone()),
                        };
                        if routine.transition > 0 {
                            blocks.push(block(BlockKind::Transition, routine.transition));
                        }
                        blocks.push(block(BlockKind::Work, step.seconds));
                    }
                    if set < step.sets && step.rest > 0 {
                        blocks.push(Block {
                            kind: BlockKind::Rest,
                            name: step.name.clone(),
                            side: Side::Both,
                            set,
                            sets: step.sets,
                            start_secs: 0,
                            secs: step.rest,
                            item: index,
                            second_side: false,
                            note: None,
                            transition_secs: routine.transition,
                            step: None,
                        });
                    }
                }
            }
        }
    }
    let mut clock = 0u32;
    for block in &mut blocks {
        block.start_secs = clock;
        clock = clock.saturating_add(block.secs);
    }
    Timeline {
        blocks,
        planned_secs: clock,
    }
}

/// The planned duration without building the blocks: the formula of SPEC section 2.
pub fn planned_secs(routine: &Routine) -> u32 {
    routine
        .steps
        .iter()
        .map(|item| match item {
            Item::Rest(rest) => rest.seconds,
            Item::Step(step) => {
                let sides = if step.side == SideSpec::Each { 2 } else { 1 };
                let per_side = routine.transition.saturating_add(step.seconds);
                step.sets
                    .saturating_mul(sides)
                    .saturating_mul(per_side)
                    .saturating_add(step.sets.saturating_sub(1).saturating_mul(step.rest))
            }
        })
        .fold(0u32, u32::saturating_add)
}
