//! The words limber uses for blocks and events, shared by `--plain`, the TUI and
//! (later) spoken guidance, so all three say the same thing.

use crate::core::timeline::{Block, BlockKind, Pace, Phase, Round, Side, Timeline};
use crate::text::{capitalize, clean, clock, duration};
use std::fmt::Write as _;

/// `Foam roll calf, left side` (`, set 2 of 3` when there are several sets).
pub fn step_label(block: &Block) -> String {
    let mut text = clean(&block.name).into_owned();
    if block.side != Side::Both {
        let _ = write!(text, ", {} side", block.side.label());
    }
    if block.sets > 1 {
        let _ = write!(text, ", set {} of {}", block.set, block.sets);
    }
    if let Some(round) = block.round {
        let _ = write!(text, ", {}", round_words(round));
    }
    text
}

/// `round 2 of 3`: which round of a Repeat.
pub fn round_words(round: Round) -> String {
    format!("round {} of {}", round.round, round.of)
}

/// What the screen calls a block, large: `WORK`, `GET READY`,
/// `SWITCH TO THE RIGHT SIDE`, `REST`.
pub fn headline(block: &Block) -> String {
    match block.kind {
        BlockKind::Work => "WORK".to_string(),
        BlockKind::Transition if block.second_side => {
            format!("SWITCH TO THE {} SIDE", block.side.label().to_uppercase())
        }
        BlockKind::Transition => "GET READY".to_string(),
        BlockKind::Rest => "REST".to_string(),
    }
}

/// `12 reps: 3 s up, 2 s hold, 3 s down`: a paced block's dose.
pub fn pace_words(pace: Pace) -> String {
    let tempo = pace.tempo;
    let phases: Vec<String> = [
        (tempo.up, "up"),
        (tempo.hold, "hold"),
        (tempo.down, "down"),
        (tempo.pause, "pause"),
    ]
    .into_iter()
    .filter(|(secs, _)| *secs > 0)
    .map(|(secs, name)| format!("{secs} s {name}"))
    .collect();
    format!("{} reps: {}", pace.reps, phases.join(", "))
}

/// `Rep 7 of 12`.
pub fn rep_line(rep: u32, of: u32) -> String {
    format!("Rep {rep} of {of}")
}

/// What the screen calls a phase of a repetition, large: `UP`, `HOLD`,
/// `DOWN`, `PAUSE`.
pub fn phase_word(phase: Phase) -> &'static str {
    match phase {
        Phase::Up => "UP",
        Phase::Hold => "HOLD",
        Phase::Down => "DOWN",
        Phase::Pause => "PAUSE",
    }
}

/// The line under a paced block's big letters: `Rep 7 of 12 · left side ·
/// 1:36 to go`, the block's time left being what the big number no longer
/// says ("to go", as "left" is the side).
pub fn paced_caption(block: &Block, rep: u32, of: u32, remaining_secs: u32) -> String {
    let mut text = rep_line(rep, of);
    if block.side != Side::Both {
        let _ = write!(text, " · {} side", block.side.label());
    }
    let _ = write!(text, " · {} to go", clock(u64::from(remaining_secs)));
    text
}

/// What a rest is between, said beside `REST` when it has no note of its
/// own: `between sets of Hamstring stretch`, `before round 2 of 3`.
pub fn rest_subject(block: &Block) -> String {
    match block.round {
        // The rest between two rounds of a Repeat carries the round it follows.
        Some(round) if block.inner.is_none() => {
            format!("before round {} of {}", round.round + 1, round.of)
        }
        _ => format!("between sets of {}", clean(&block.name)),
    }
}

/// One line for the start of a block, as `--plain` prints it.
pub fn block_line(block: &Block) -> String {
    let mut secs = duration(u64::from(block.secs));
    if let (BlockKind::Work, Some(pace)) = (block.kind, block.pace) {
        secs = format!("{} ({secs})", pace_words(pace));
    }
    match block.kind {
        BlockKind::Transition if block.second_side => {
            let mut what = clean(&block.name).into_owned();
            if block.sets > 1 {
                let _ = write!(what, ", set {} of {}", block.set, block.sets);
            }
            format!("Switch to the {} side: {what}, {secs}", block.side.label())
        }
        BlockKind::Transition => format!("Get ready: {}, {secs}", step_label(block)),
        BlockKind::Work => format!("Work: {}, {secs}", step_label(block)),
        BlockKind::Rest => match &block.note {
            Some(note) => format!("Rest, {secs}: {}", clean(note)),
            // The rest between two rounds of a Repeat carries the round it follows.
            None if block.inner.is_none() && block.round.is_some() => {
                let round = block.round.map_or(0, |r| r.round);
                let of = block.round.map_or(0, |r| r.of);
                format!("Rest, {secs}, before round {} of {of}", round + 1)
            }
            None if block.sets > 1 => format!(
                "Rest, {secs}, before set {} of {}",
                block.set + 1,
                block.sets
            ),
            None => format!("Rest, {secs}"),
        },
    }
}

/// What comes after block `index`: `Next: Work: Foam roll calf, right side, 1 min`.
pub fn next_line(timeline: &Timeline, index: usize) -> String {
    match next_work_or_rest(timeline, index) {
        Some(block) => match block.kind {
            BlockKind::Work => format!(
                "{} ({})",
                step_label(block),
                duration(u64::from(block.secs))
            ),
            _ => block_line(block),
        },
        None => "the end: well done".to_string(),
    }
}

/// The next block worth announcing: transitions only lead into work, so name the work.
pub fn next_work_or_rest(timeline: &Timeline, index: usize) -> Option<&Block> {
    timeline
        .blocks
        .iter()
        .skip(index + 1)
        .find(|b| b.kind != BlockKind::Transition)
}

/// Whether block `index` is the first of its step: where a runner who cannot
/// see the screen is told how to do it. Stateless, so going back re-reads
/// nothing and a later set does not repeat it.
pub fn first_of_step(timeline: &Timeline, index: usize) -> bool {
    let Some(block) = timeline.blocks.get(index) else {
        return false;
    };
    block.step.is_some()
        && timeline
            .blocks
            .iter()
            .position(|b| b.item == block.item && b.inner == block.inner && b.step.is_some())
            == Some(index)
}

/// How to do the step of `block`, one line each: the tool, every line of the
/// instructions and when each prompt comes. Empty for a rest.
pub fn step_guide(block: &Block) -> Vec<String> {
    let Some(step) = &block.step else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    if let Some(tool) = &step.tool {
        lines.push(format!("Tool: {}", clean(tool)));
    }
    for line in &step.instructions {
        lines.push(format!("How: {}", clean(line)));
    }
    for prompt in &step.prompts {
        lines.push(format!(
            "{} in: {}",
            duration(u64::from(prompt.at)),
            clean(&prompt.text)
        ));
    }
    lines
}

/// `[mm:ss]` of a timeline position.
pub fn stamp(secs: u64) -> String {
    format!("[{:02}:{:02}]", secs / 60, secs % 60)
}

/// `30 seconds`, `1 minute`, `1 minute 30 seconds`: for speech.
pub fn spoken_duration(secs: u32) -> String {
    let plural = |n: u32, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (secs / 60, secs % 60) {
        (0, s) => plural(s, "second"),
        (m, 0) => plural(m, "minute"),
        (m, s) => format!("{} {}", plural(m, "minute"), plural(s, "second")),
    }
}

fn spoken_side(block: &Block) -> String {
    match block.side {
        Side::Both => String::new(),
        side => format!("{} side. ", capitalize(side.label())),
    }
}

/// What the voice says as block `index` begins: `Right side. Wall calf
/// stretch. 30 seconds.`; for a get-ready, what is coming; for a rest, what
/// comes next.
pub fn block_speech(timeline: &Timeline, index: usize) -> Option<String> {
    let block = timeline.blocks.get(index)?;
    let name = clean(&block.name);
    Some(match block.kind {
        BlockKind::Work => format!(
            "{}{name}. {}.",
            spoken_side(block),
            spoken_duration(block.secs)
        ),
        BlockKind::Transition if block.second_side => {
            format!("Switch to the {} side. {name}.", block.side.label())
        }
        BlockKind::Transition => format!("Get ready. {}{name}.", spoken_side(block)),
        BlockKind::Rest => {
            let mut text = format!("Rest, {}.", spoken_duration(block.secs));
            if let Some(note) = &block.note {
                let _ = write!(text, " {}", clean(note));
            }
            if let Some(next) = next_work_or_rest(timeline, index) {
                let _ = write!(text, " Next: {}{}.", spoken_side(next), clean(&next.name));
            }
            text
        }
    })
}

/// What the voice says as a repetition of a paced block starts: its number.
pub fn repetition_speech(rep: u32) -> String {
    rep.to_string()
}
