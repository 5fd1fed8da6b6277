//! `limber show ROUTINE`: the timeline with start times and the total.

use crate::core::routine::Routine;
use crate::core::timeline::{Block, BlockKind, Side, Timeline};
use crate::text::{clean, clock, duration};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::{self, Write};

#[derive(Serialize)]
struct ShowJson<'a> {
    id: &'a str,
    title: &'a str,
    planned_secs: u32,
    blocks: Vec<BlockJson<'a>>,
}

#[derive(Serialize)]
struct BlockJson<'a> {
    kind: BlockKind,
    name: &'a str,
    side: Side,
    set: u32,
    start_secs: u32,
    secs: u32,
    /// A paced work block's repetitions (SPEC 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    reps: Option<u32>,
    /// The round of the Repeat the block is part of (SPEC 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    round: Option<u32>,
}

pub fn json(
    id: &str,
    routine: &Routine,
    timeline: &Timeline,
    out: &mut impl Write,
) -> io::Result<()> {
    let doc = ShowJson {
        id,
        title: &routine.title,
        planned_secs: timeline.planned_secs,
        blocks: timeline
            .blocks
            .iter()
            .map(|b| BlockJson {
                kind: b.kind,
                name: &b.name,
                side: b.side,
                set: b.set,
                start_secs: b.start_secs,
                secs: b.secs,
                reps: b.pace.map(|p| p.reps),
                round: b.round.map(|r| r.round),
            })
            .collect(),
    };
    let text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}

pub fn table(
    id: &str,
    routine: &Routine,
    timeline: &Timeline,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "{} ({})", clean(&routine.title), clean(id))?;
    if let Some(summary) = &routine.summary {
        writeln!(out, "{}", clean(summary))?;
    }
    if let Some(caution) = &routine.caution {
        writeln!(out, "Caution: {}", clean(caution))?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:>7}  {:>6}  {:<10}  WHAT",
        "START", "LENGTH", "BLOCK"
    )?;
    for b in &timeline.blocks {
        writeln!(
            out,
            "{:>7}  {:>6}  {:<10}  {}",
            clock(u64::from(b.start_secs)),
            clock(u64::from(b.secs)),
            kind_label(b.kind),
            describe(b)
        )?;
    }
    writeln!(
        out,
        "{:>7}  planned total {} ({} s, {} blocks)",
        clock(u64::from(timeline.planned_secs)),
        duration(u64::from(timeline.planned_secs)),
        timeline.planned_secs,
        timeline.blocks.len()
    )
}

fn kind_label(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Transition => "get ready",
        BlockKind::Work => "work",
        BlockKind::Rest => "rest",
    }
}

/// `Wall calf stretch (stretch, calves), left side, set 1 of 2`.
fn describe(b: &Block) -> String {
    let mut text = clean(&b.name).into_owned();
    if let Some(step) = &b.step {
        if b.kind == BlockKind::Work {
            let _ = write!(text, " ({}, {})", step.kind.label(), step.target.label());
        }
        if b.side != Side::Both {
            let _ = write!(text, ", {} side", b.side.label());
        }
    }
    if let Some(pace) = b.pace {
        let t = pace.tempo;
        let _ = write!(
            text,
            ", {} reps at {}-{}-{}-{} s",
            pace.reps, t.up, t.hold, t.down, t.pause
        );
    }
    if b.sets > 1 {
        let what = if b.kind == BlockKind::Rest {
            "after set"
        } else {
            "set"
        };
        let _ = write!(text, ", {what} {} of {}", b.set, b.sets);
    }
    if let Some(round) = b.round {
        let _ = write!(text, ", round {}/{}", round.round, round.of);
    }
    text
}
