//! The session engine: a pure state machine over a timeline.
//!
//! It never reads the clock. Every method takes `now` and answers with what
//! happened since the last call. Timeline time is `(now - origin - paused) * speed`,
//! measured from one monotonic start instant, so it cannot drift however long a
//! routine runs; block boundaries are carried forward exactly (`origin += secs`).

use crate::core::cue::{Cue, Upcoming};
use crate::core::routine::Target;
use crate::core::timeline::{Block, BlockKind, Phase, PhaseAt, Timeline};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

/// A second `back` within this long (real time) goes to the previous block.
pub const BACK_AGAIN_WINDOW: Duration = Duration::from_secs(2);
/// How long a prompt stays highlighted after its `at`.
pub const PROMPT_SHOWN: Duration = Duration::from_secs(10);
/// Work blocks at least this long get a `halfway` cue.
pub const HALFWAY_MIN_SECS: u32 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    BlockStarted {
        index: usize,
    },
    BlockEnded {
        index: usize,
        skipped: bool,
    },
    /// A cue is due. `at` is the planned timeline position (block start + offset).
    Cue {
        cue: Cue,
        block: usize,
        at: Duration,
    },
    /// Prompt `prompt` of block `block`'s step is due (its `prompt` cue follows).
    Prompt {
        block: usize,
        prompt: usize,
    },
    /// In a paced Work block, repetition `rep` (1-based) of `of` starts (its
    /// `up` or `down` cue follows when its first phase has one).
    Repetition {
        block: usize,
        rep: u32,
        of: u32,
    },
    Finished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    Cue(Cue),
    Prompt(usize),
    Repetition(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    offset: Duration,
    kind: MarkKind,
}

impl Mark {
    /// The cue this mark sounds, if any.
    fn sound(&self) -> Option<Cue> {
        match self.kind {
            MarkKind::Cue(cue) => Some(cue),
            MarkKind::Prompt(_) => Some(Cue::Prompt),
            MarkKind::Repetition(_) => None,
        }
    }
}

/// What is on screen now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// Current block; `None` once finished.
    pub block: Option<usize>,
    /// Time into the current block (timeline time).
    pub offset: Duration,
    /// Whole seconds left in the block, rounded up (what a countdown shows).
    pub remaining_secs: u32,
    /// Planned position: the block's planned start plus the offset, in whole seconds.
    pub position_secs: u32,
    pub paused: bool,
    pub finished: bool,
    /// Index of the prompt of the current step being shown, if any.
    pub prompt: Option<usize>,
    /// In a paced Work block: the repetition, its phase and the phase's time left.
    pub pace: Option<PhaseAt>,
}

/// What was done, for the history log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub completed: bool,
    /// Work seconds actually done (timeline time).
    pub work_secs: u32,
    pub targets: BTreeMap<Target, u32>,
    /// Names of the work blocks skipped (and not done later).
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Engine {
    timeline: Timeline,
    speed: u32,
    origin: Instant,
    paused_total: Duration,
    paused_at: Option<Instant>,
    /// Current block; `timeline.blocks.len()` once finished.
    index: usize,
    /// Timeline time at which the current block (re)started.
    block_origin: Duration,
    marks: Vec<Mark>,
    next_mark: usize,
    pending: Vec<Event>,
    skipped: BTreeSet<usize>,
    /// Work time done per block (several visits add up).
    work_done: Vec<Duration>,
    last_back: Option<Instant>,
}

impl Engine {
    /// Starts the timeline at `now`; the first `advance` reports the first block.
    ///
    /// # Panics
    /// Never for a timeline from a valid routine; an empty timeline finishes at once.
    pub fn new(timeline: Timeline, speed: u32, now: Instant) -> Engine {
        let n = timeline.blocks.len();
        let mut engine = Engine {
            timeline,
            speed: speed.max(1),
            origin: now,
            paused_total: Duration::ZERO,
            paused_at: None,
            index: 0,
            block_origin: Duration::ZERO,
            marks: Vec::new(),
            next_mark: 0,
            pending: Vec::new(),
            skipped: BTreeSet::new(),
            work_done: vec![Duration::ZERO; n],
            last_back: None,
        };
        if n == 0 {
            engine.finish();
        } else {
            engine.enter(0, Duration::ZERO);
        }
        engine
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn speed(&self) -> u32 {
        self.speed
    }

    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }

    pub fn is_finished(&self) -> bool {
        self.index >= self.timeline.blocks.len()
    }

    pub fn current(&self) -> Option<&Block> {
        self.timeline.blocks.get(self.index)
    }

    /// Timeline time: active real time since the start, times the speed.
    pub fn elapsed(&self, now: Instant) -> Duration {
        // Once finished, time stands at the end (whether or not it was paused).
        if self.is_finished() {
            return self.block_origin;
        }
        let end = self.paused_at.unwrap_or(now);
        let active = end
            .saturating_duration_since(self.origin)
            .saturating_sub(self.paused_total);
        active.saturating_mul(self.speed)
    }

    /// Everything that happened up to `now`, in order. Nothing happens while paused.
    pub fn advance(&mut self, now: Instant) -> Vec<Event> {
        let mut events = std::mem::take(&mut self.pending);
        if self.is_paused() || self.is_finished() {
            return events;
        }
        let t = self.elapsed(now);
        while let Some(block) = self.timeline.blocks.get(self.index) {
            let offset = t.saturating_sub(self.block_origin);
            while let Some(mark) = self.marks.get(self.next_mark).copied() {
                if mark.offset > offset {
                    break;
                }
                self.next_mark += 1;
                let at = secs(block.start_secs) + mark.offset;
                match mark.kind {
                    MarkKind::Cue(cue) => events.push(Event::Cue {
                        cue,
                        block: self.index,
                        at,
                    }),
                    MarkKind::Repetition(rep) => events.push(Event::Repetition {
                        block: self.index,
                        rep,
                        of: block.pace.map_or(rep, |p| p.reps),
                    }),
                    MarkKind::Prompt(prompt) => {
                        events.push(Event::Prompt {
                            block: self.index,
                            prompt,
                        });
                        events.push(Event::Cue {
                            cue: Cue::Prompt,
                            block: self.index,
                            at,
                        });
                    }
                }
            }
            let length = secs(block.secs);
            if offset < length {
                break;
            }
            let index = self.index;
            self.leave(length);
            self.skipped.remove(&index);
            events.push(Event::BlockEnded {
                index,
                skipped: false,
            });
            let next_origin = self.block_origin + length;
            self.next_block(next_origin, &mut events);
        }
        events
    }

    /// Pauses at `now` (after reporting what was due until then).
    pub fn pause(&mut self, now: Instant) -> Vec<Event> {
        let events = self.advance(now);
        if !self.is_finished() && self.paused_at.is_none() {
            self.paused_at = Some(now);
        }
        events
    }

    /// Resumes; the time spent paused never counts.
    pub fn resume(&mut self, now: Instant) -> Vec<Event> {
        if let Some(at) = self.paused_at.take() {
            self.paused_total += now.saturating_duration_since(at);
        }
        self.advance(now)
    }

    pub fn toggle_pause(&mut self, now: Instant) -> Vec<Event> {
        if self.is_paused() {
            self.resume(now)
        } else {
            self.pause(now)
        }
    }

    /// Ends the current block at once; its remaining cues never fire.
    pub fn skip(&mut self, now: Instant) -> Vec<Event> {
        let mut events = self.advance(now);
        if self.is_finished() {
            return events;
        }
        let t = self.elapsed(now);
        let index = self.index;
        self.leave(t.saturating_sub(self.block_origin));
        if self.timeline.blocks[index].kind == BlockKind::Work {
            self.skipped.insert(index);
        }
        events.push(Event::BlockEnded {
            index,
            skipped: true,
        });
        self.next_block(t, &mut events);
        events.extend(self.advance(now));
        events
    }

    /// Restarts the current block; pressed again within [`BACK_AGAIN_WINDOW`],
    /// goes to the block before.
    pub fn back(&mut self, now: Instant) -> Vec<Event> {
        let mut events = self.advance(now);
        let again = self
            .last_back
            .is_some_and(|at| now.saturating_duration_since(at) < BACK_AGAIN_WINDOW);
        self.last_back = Some(now);
        let t = self.elapsed(now);
        let target = if self.is_finished() {
            // After the end, going back reopens the last block.
            self.timeline.blocks.len().checked_sub(1)
        } else {
            self.leave(t.saturating_sub(self.block_origin));
            Some(if again {
                self.index.saturating_sub(1)
            } else {
                self.index
            })
        };
        if let Some(target) = target {
            self.enter(target, t);
            events.extend(self.advance(now));
        }
        events
    }

    /// Where the session is at `now`.
    pub fn status(&self, now: Instant) -> Status {
        let t = self.elapsed(now);
        let paused = self.is_paused();
        let Some(block) = self.current() else {
            return Status {
                block: None,
                offset: Duration::ZERO,
                remaining_secs: 0,
                position_secs: self.timeline.planned_secs,
                paused,
                finished: true,
                prompt: None,
                pace: None,
            };
        };
        let offset = t.saturating_sub(self.block_origin).min(secs(block.secs));
        let remaining = secs(block.secs).saturating_sub(offset);
        let remaining_secs = u32::try_from(remaining.as_secs()).unwrap_or(u32::MAX)
            + u32::from(remaining.subsec_nanos() > 0);
        let whole = u32::try_from(offset.as_secs()).unwrap_or(u32::MAX);
        Status {
            block: Some(self.index),
            offset,
            remaining_secs,
            position_secs: block.start_secs.saturating_add(whole),
            paused,
            finished: false,
            prompt: active_prompt(block, offset),
            pace: block.pace.and_then(|pace| pace.at(offset)),
        }
    }

    /// The next instant something visible changes or an event is due: the next
    /// whole second of the countdown, a cue, or the block's end. `None` while
    /// paused or finished (nothing will change until a key is pressed).
    pub fn next_deadline(&self, now: Instant) -> Option<Instant> {
        if self.is_paused() {
            return None;
        }
        let block = self.current()?;
        let offset = self.elapsed(now).saturating_sub(self.block_origin);
        let next_second = Duration::from_secs(offset.as_secs() + 1);
        let mut target = next_second.min(secs(block.secs));
        if let Some(mark) = self.marks.get(self.next_mark) {
            target = target.min(mark.offset);
        }
        Some(self.real_instant(self.block_origin + target.max(offset)))
    }

    /// When the next cue is due (a mark of this block, or its end, which brings
    /// the next block's first cues), and the cues that sound then: the audio
    /// output opens just before it and lays them on their moment ahead.
    /// `None` while paused or finished.
    pub fn upcoming(&self) -> Option<Upcoming> {
        if self.is_paused() {
            return None;
        }
        let block = self.current()?;
        let length = secs(block.secs);
        let ahead = &self.marks[self.next_mark.min(self.marks.len())..];
        let offset = ahead.first().map_or(length, |m| m.offset);
        let mut cues: Vec<Cue> = ahead
            .iter()
            .take_while(|m| m.offset == offset)
            .filter_map(Mark::sound)
            .collect();
        // Everything of this block is due at its end: the next block's first
        // cues (or the routine's end) sound at the same moment.
        if offset >= length && ahead.iter().all(|m| m.offset == offset) {
            match self.timeline.blocks.get(self.index + 1) {
                Some(next) => cues.extend(
                    marks(next)
                        .iter()
                        .take_while(|m| m.offset.is_zero())
                        .filter_map(Mark::sound),
                ),
                None => cues.push(Cue::Done),
            }
        }
        Some(Upcoming {
            at: self.real_instant(self.block_origin + offset),
            cues,
        })
    }

    /// The real instant at which the timeline reaches `t` (while running).
    fn real_instant(&self, t: Duration) -> Instant {
        // Round up so that waking at the deadline always finds the event due.
        let real = t.div_duration_f64(Duration::from_secs(1)) / f64::from(self.speed);
        let real = Duration::from_secs_f64(real) + Duration::from_micros(1);
        self.origin + self.paused_total + real
    }

    /// Indices of the work blocks skipped (and not done later), in order.
    pub fn skipped_blocks(&self) -> impl Iterator<Item = usize> + '_ {
        self.skipped.iter().copied()
    }

    /// What was done up to `now` (a partial work block counts what was done of it).
    pub fn report(&self, now: Instant) -> Report {
        let mut work = self.work_done.clone();
        if let Some(block) = self.current()
            && block.kind == BlockKind::Work
        {
            let offset = self.elapsed(now).saturating_sub(self.block_origin);
            work[self.index] += offset.min(secs(block.secs));
        }
        let mut targets: BTreeMap<Target, u32> = BTreeMap::new();
        let mut total = 0u32;
        for (block, done) in self.timeline.blocks.iter().zip(&work) {
            let done = whole_secs(*done);
            if done == 0 {
                continue;
            }
            total += done;
            if let Some(step) = &block.step {
                *targets.entry(step.target).or_default() += done;
            }
        }
        Report {
            completed: self.is_finished(),
            work_secs: total,
            targets,
            skipped: self
                .skipped
                .iter()
                .map(|&i| self.timeline.blocks[i].name.clone())
                .collect(),
        }
    }

    /// Adds the time spent in the current block to its work total.
    fn leave(&mut self, offset: Duration) {
        let length = match self.current() {
            Some(block) if block.kind == BlockKind::Work => secs(block.secs),
            _ => return,
        };
        self.work_done[self.index] += offset.min(length);
    }

    fn next_block(&mut self, origin: Duration, events: &mut Vec<Event>) {
        if self.index + 1 >= self.timeline.blocks.len() {
            self.index = self.timeline.blocks.len();
            self.block_origin = origin;
            self.finish();
            events.append(&mut self.pending);
        } else {
            self.enter(self.index + 1, origin);
            events.append(&mut self.pending);
        }
    }

    fn enter(&mut self, index: usize, origin: Duration) {
        self.index = index;
        self.block_origin = origin;
        self.marks = marks(&self.timeline.blocks[index]);
        self.next_mark = 0;
        self.pending.push(Event::BlockStarted { index });
    }

    fn finish(&mut self) {
        self.paused_at = None;
        self.marks.clear();
        self.next_mark = 0;
        self.pending.push(Event::Cue {
            cue: Cue::Done,
            block: self.timeline.blocks.len(),
            at: secs(self.timeline.planned_secs),
        });
        self.pending.push(Event::Finished);
    }
}

/// The cues and prompts of one block, by offset (SPEC section 2).
fn marks(block: &Block) -> Vec<Mark> {
    let cue = |offset: Duration, cue| Mark {
        offset,
        kind: MarkKind::Cue(cue),
    };
    let length = secs(block.secs);
    let mut out = Vec::new();
    match block.kind {
        BlockKind::Transition => {
            if block.second_side {
                out.push(cue(Duration::ZERO, Cue::Switch));
            }
        }
        BlockKind::Work => {
            // With no transition before it, the work itself announces the switch.
            let switch_here = block.second_side && !has_transition(block);
            if switch_here {
                out.push(cue(Duration::ZERO, Cue::Switch));
            }
            out.push(cue(Duration::ZERO, Cue::Start));
            if let Some(pace) = block.pace {
                out.extend(pace_marks(pace));
            }
            if let Some(step) = &block.step {
                for (i, p) in step.prompts.iter().enumerate() {
                    if p.at < block.secs {
                        out.push(Mark {
                            offset: secs(p.at),
                            kind: MarkKind::Prompt(i),
                        });
                    }
                }
            }
            if block.pace.is_none() && block.secs >= HALFWAY_MIN_SECS {
                out.push(cue(length / 2, Cue::Halfway));
            }
        }
        BlockKind::Rest => out.push(cue(Duration::ZERO, Cue::Rest)),
    }
    // The ticks count down to a change; a paced block's phases are its count.
    let ticks = match block.kind {
        BlockKind::Work => block.pace.is_none(),
        BlockKind::Transition => true,
        BlockKind::Rest => false,
    };
    if ticks {
        for before in (1..=3u32).rev() {
            if block.secs >= before {
                out.push(cue(length.saturating_sub(secs(before)), Cue::Tick));
            }
        }
    }
    if block.kind == BlockKind::Work {
        out.push(cue(length, Cue::End));
    }
    // Stable: marks at the same offset keep the order pushed above.
    out.sort_by_key(|m| m.offset);
    out
}

/// Each repetition's start, and the `up` and `down` cues at the start of those
/// phases (hold and pause are silent; a 0 s phase is not there).
fn pace_marks(pace: crate::core::timeline::Pace) -> Vec<Mark> {
    let period = pace.tempo.period();
    let mut out = Vec::new();
    for rep in 0..pace.reps {
        let start = rep * period;
        out.push(Mark {
            offset: secs(start),
            kind: MarkKind::Repetition(rep + 1),
        });
        for (phase, from) in pace.phases() {
            let cue = match phase {
                Phase::Up => Cue::Up,
                Phase::Down => Cue::Down,
                Phase::Hold | Phase::Pause => continue,
            };
            out.push(Mark {
                offset: secs(start + from),
                kind: MarkKind::Cue(cue),
            });
        }
    }
    out
}

fn has_transition(block: &Block) -> bool {
    block.transition_secs > 0
}

fn active_prompt(block: &Block, offset: Duration) -> Option<usize> {
    if block.kind != BlockKind::Work {
        return None;
    }
    let step = block.step.as_ref()?;
    let (i, p) = step
        .prompts
        .iter()
        .enumerate()
        .rev()
        .find(|(_, p)| secs(p.at) <= offset)?;
    (offset < secs(p.at) + PROMPT_SHOWN).then_some(i)
}

fn secs(s: u32) -> Duration {
    Duration::from_secs(u64::from(s))
}

fn whole_secs(d: Duration) -> u32 {
    u32::try_from(d.as_secs()).unwrap_or(u32::MAX)
}
