//! A routine expanded into blocks (SPEC section 2).

use crate::core::routine::{
    Dose, GroupItem, Item, Kind, Prompt, Rest, Routine, SideSpec, Step, Target, Tempo,
};
use serde::Serialize;
use std::time::Duration;

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

/// The repetitions of a paced Work block (SPEC section 1: `reps` with `tempo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub reps: u32,
    pub tempo: Tempo,
}

/// A phase of one repetition, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    Up,
    Hold,
    Down,
    Pause,
}

/// Where a paced block is at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseAt {
    /// The repetition, 1-based.
    pub rep: u32,
    pub phase: Phase,
    /// The phase's length, whole seconds (never 0).
    pub phase_secs: u32,
    /// Time left in the phase (more than zero).
    pub remaining: Duration,
}

impl Pace {
    /// The phases of one repetition that last at all, each with its start
    /// (seconds into the repetition), in order.
    pub fn phases(self) -> impl Iterator<Item = (Phase, u32)> {
        let mut from = 0u32;
        self.lengths().into_iter().filter_map(move |(phase, secs)| {
            let start = from;
            from = from.saturating_add(secs);
            (secs > 0).then_some((phase, start))
        })
    }

    /// Each phase with its seconds, 0 s ones included, in order.
    fn lengths(self) -> [(Phase, u32); 4] {
        let t = self.tempo;
        [
            (Phase::Up, t.up),
            (Phase::Hold, t.hold),
            (Phase::Down, t.down),
            (Phase::Pause, t.pause),
        ]
    }

    /// The repetition and phase at `offset` into the block, with the phase's
    /// time left; `None` at or after the block's end (or for a tempo of 0 s).
    pub fn at(self, offset: Duration) -> Option<PhaseAt> {
        let period = u128::from(self.tempo.period()) * NANOS;
        let nanos = offset.as_nanos();
        if period == 0 || nanos >= period * u128::from(self.reps) {
            return None;
        }
        let rep = u32::try_from(nanos / period).ok()?;
        let within = nanos % period;
        let mut end = 0u128;
        for (phase, secs) in self.lengths() {
            end += u128::from(secs) * NANOS;
            if within < end {
                let left = u64::try_from(end - within).ok()?;
                return Some(PhaseAt {
                    rep: rep + 1,
                    phase,
                    phase_secs: secs,
                    remaining: Duration::from_nanos(left),
                });
            }
        }
        None
    }
}

const NANOS: u128 = 1_000_000_000;

/// Which round of a Repeat a block belongs to, 1-based, of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub round: u32,
    pub of: u32,
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
    /// Index of the routine item this block comes from (the Repeat, for a
    /// block inside one).
    pub item: usize,
    /// Index of the item inside its Repeat; `None` outside any.
    pub inner: Option<usize>,
    /// The round of the Repeat this block is part of; `None` outside any. The
    /// rest between two rounds carries the round it follows.
    pub round: Option<Round>,
    /// A Transition or Work of the second side of an `Each` step (the `switch` cue).
    pub second_side: bool,
    /// For a Rest item, its note.
    pub note: Option<String>,
    /// The step's "get ready" length (its own, else the routine's): whether
    /// one precedes each of its work blocks.
    pub transition_secs: u32,
    pub step: Option<StepInfo>,
    /// A paced Work block's repetitions; `None` for every other block.
    pub pace: Option<Pace>,
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

/// Where the blocks being pushed come from.
#[derive(Clone, Copy)]
struct Origin {
    item: usize,
    inner: Option<usize>,
    round: Option<Round>,
}

/// Expands a routine into its blocks (SPEC section 2): for each step, for each
/// set, for each side, a transition (the step's own, else the routine's;
/// unless 0 s) then the work; a rest between sets (unless 0 s); each Rest item
/// one block; a Repeat its items `times` in a row, with its rest between rounds.
pub fn expand(routine: &Routine) -> Timeline {
    let mut blocks: Vec<Block> = Vec::new();
    for (index, item) in routine.steps.iter().enumerate() {
        let at = Origin {
            item: index,
            inner: None,
            round: None,
        };
        match item {
            Item::Rest(rest) => push_rest_item(&mut blocks, rest, routine.transition, at),
            Item::Step(step) => push_step(&mut blocks, step, routine.transition, at),
            Item::Repeat(repeat) => {
                for round in 1..=repeat.times {
                    let round = Some(Round {
                        round,
                        of: repeat.times,
                    });
                    for (inner, group_item) in repeat.steps.iter().enumerate() {
                        let at = Origin {
                            item: index,
                            inner: Some(inner),
                            round,
                        };
                        match group_item {
                            GroupItem::Step(step) => {
                                push_step(&mut blocks, step, routine.transition, at);
                            }
                            GroupItem::Rest(rest) => {
                                push_rest_item(&mut blocks, rest, routine.transition, at);
                            }
                        }
                    }
                    if round.is_some_and(|r| r.round < repeat.times) && repeat.rest > 0 {
                        blocks.push(Block {
                            name: "Rest".into(),
                            round,
                            ..rest_block(repeat.rest, routine.transition, at)
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

/// A Rest block of `secs` (start times are set once all blocks are in).
fn rest_block(secs: u32, transition_secs: u32, at: Origin) -> Block {
    Block {
        kind: BlockKind::Rest,
        name: "Rest".into(),
        side: Side::Both,
        set: 1,
        sets: 1,
        start_secs: 0,
        secs,
        item: at.item,
        inner: at.inner,
        round: at.round,
        second_side: false,
        note: None,
        transition_secs,
        step: None,
        pace: None,
    }
}

fn push_rest_item(blocks: &mut Vec<Block>, rest: &Rest, transition: u32, at: Origin) {
    blocks.push(Block {
        name: rest.note.clone().unwrap_or_else(|| "Rest".into()),
        note: rest.note.clone(),
        ..rest_block(rest.seconds, transition, at)
    });
}

fn push_step(blocks: &mut Vec<Block>, step: &Step, routine_transition: u32, at: Origin) {
    let sides: &[Side] = match step.side {
        SideSpec::Both => &[Side::Both],
        SideSpec::Left => &[Side::Left],
        SideSpec::Right => &[Side::Right],
        SideSpec::Each => &[Side::Left, Side::Right],
    };
    let transition = step.transition_or(routine_transition);
    let dose = step.dose();
    let pace = match dose {
        Dose::Paced { reps, tempo } => Some(Pace { reps, tempo }),
        Dose::Timed { .. } => None,
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
            let block = |kind, secs, pace| Block {
                kind,
                name: step.name.clone(),
                side,
                set,
                sets: step.sets,
                second_side: n == 1,
                step: Some(info.clone()),
                pace,
                ..rest_block(secs, transition, at)
            };
            if transition > 0 {
                blocks.push(block(BlockKind::Transition, transition, None));
            }
            blocks.push(block(BlockKind::Work, dose.secs(), pace));
        }
        if set < step.sets && step.rest > 0 {
            blocks.push(Block {
                name: step.name.clone(),
                set,
                sets: step.sets,
                ..rest_block(step.rest, transition, at)
            });
        }
    }
}

/// The planned duration without building the blocks: the formula of SPEC section 2.
pub fn planned_secs(routine: &Routine) -> u32 {
    routine
        .steps
        .iter()
        .map(|item| match item {
            Item::Rest(rest) => rest.seconds,
            Item::Step(step) => step_secs(step, routine.transition),
            Item::Repeat(repeat) => {
                let round = repeat
                    .steps
                    .iter()
                    .map(|item| match item {
                        GroupItem::Rest(rest) => rest.seconds,
                        GroupItem::Step(step) => step_secs(step, routine.transition),
                    })
                    .fold(0u32, u32::saturating_add);
                round
                    .saturating_mul(repeat.times)
                    .saturating_add(repeat.times.saturating_sub(1).saturating_mul(repeat.rest))
            }
        })
        .fold(0u32, u32::saturating_add)
}

/// All the blocks of one step: sets x sides x (transition + work), plus the
/// rests between sets.
fn step_secs(step: &Step, routine_transition: u32) -> u32 {
    let sides = if step.side == SideSpec::Each { 2 } else { 1 };
    let per_side = step
        .transition_or(routine_transition)
        .saturating_add(step.work_secs());
    step.sets
        .saturating_mul(sides)
        .saturating_mul(per_side)
        .saturating_add(step.sets.saturating_sub(1).saturating_mul(step.rest))
}
