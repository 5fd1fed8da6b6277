//! Property tests of the session engine (SPEC section 2, issue 3).
//!
//! Random valid routines are driven by random sequences of actions (advance by a
//! real-time delta, pause, resume, skip, back) at a random speed, from a made-up
//! `t0` plus accumulated deltas (never sleeping). An independent model of the
//! actions (timeline time = active real time x speed; a visit starts at every
//! `BlockStarted`) predicts which blocks are visited, when, and how much work was
//! done; the cues each visit must fire are written out here from SPEC section 2.
//!
//! Checked after every call:
//! - no cue fires in a call made while paused (the one exception: skipping the last
//!   block while paused ends the routine, and its `done` comes with `Finished`);
//! - no cue of a block visit fires twice, and each visit fires exactly the cues
//!   whose moment it has reached while running, in timeline order: none late, none
//!   early, and none of a skipped (or restarted) visit after it was left;
//! - blocks start in timeline order, except right after a Back (same or previous);
//! - each cue's `at` is the block's planned start plus the cue's SPEC offset, and
//!   `e.elapsed(now)` has reached the visit's start plus that offset;
//! - `report(now).work_secs` equals the model's work time (per block, whole seconds
//!   of the time spent in all its visits, partial ones included), and so do the
//!   totals by target; `skipped` names the Work blocks skipped and not completed
//!   since; `completed` is "the end was reached";
//! - the engine's block and `elapsed(now)` are the model's; pause freezes it exactly;
//! - `Finished` comes once, preceded by `done`, last; nothing after it;
//! - `next_deadline` is `None` while paused or finished, otherwise after `now`; no
//!   visible change happens before it, and advancing to it changes something.
//!
//! With only Advance actions and enough time, the work time is the sum of all Work
//! blocks and the session completes.
#![allow(clippy::unwrap_used)]

use crate::support::side;
use limber::core::cue::Cue;
use limber::core::engine::{BACK_AGAIN_WINDOW, Engine, Event, HALFWAY_MIN_SECS};
use limber::core::routine::validate::validate;
use limber::core::routine::{
    GroupItem, Item, Kind, Prompt, Repeat, Rest, Routine, Severity, SideSpec, Step, Target, Tempo,
    When,
};
use limber::core::timeline::{BlockKind, Pace, Phase, PhaseAt, Side, expand};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

const CASES: u32 = 1024;

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

fn step() -> impl Strategy<Value = Step> {
    (
        (
            5u32..=90,
            proptest::option::of(pace()),
            proptest::option::weighted(0.3, 0u32..=10),
        ),
        side(),
        1u32..=3,
        prop_oneof![Just(0u32), 0u32..=20],
        proptest::sample::select(Target::ALL.to_vec()),
        prop::collection::vec(any::<u32>(), 0..=3),
    )
        .prop_map(
            |((seconds, pace, transition), side, sets, rest, target, raw)| {
                let block = pace.map_or(seconds, |(reps, tempo)| reps * tempo.period());
                // Distinct offsets in 1..block, increasing.
                let ats: BTreeSet<u32> = raw.into_iter().map(|x| 1 + x % (block - 1)).collect();
                let prompts = ats
                    .into_iter()
                    .enumerate()
                    .map(|(i, at)| Prompt {
                        at,
                        text: format!("prompt {i}"),
                    })
                    .collect();
                Step {
                    name: format!("step {block}"),
                    kind: if pace.is_some() {
                        Kind::Strength
                    } else {
                        Kind::Stretch
                    },
                    target,
                    seconds: pace.is_none().then_some(seconds),
                    reps: pace.map(|(reps, _)| reps),
                    tempo: pace.map(|(_, tempo)| tempo),
                    side,
                    sets,
                    rest,
                    transition,
                    tool: None,
                    instructions: Vec::new(),
                    prompts,
                }
            },
        )
}

/// Reps and a tempo (phases 0-4 s, 0 s ones often) whose block is 5 s or more.
fn pace() -> impl Strategy<Value = (u32, Tempo)> {
    let phase = || prop_oneof![1 => Just(0u32), 2 => 0u32..=4];
    (1u32..=8, phase(), phase(), phase(), phase()).prop_map(|(reps, up, hold, down, pause)| {
        let mut tempo = Tempo {
            up,
            hold,
            down,
            pause,
        };
        if tempo.period() == 0 {
            tempo.down = 1;
        }
        // At least 5 s of work: more repetitions, never a longer tempo.
        let reps = reps.max(5u32.div_ceil(tempo.period()));
        (reps, tempo)
    })
}

/// A Repeat of 2-3 rounds of 1-3 steps and rests.
fn repeat() -> impl Strategy<Value = Repeat> {
    let item = prop_oneof![
        3 => step().prop_map(GroupItem::Step),
        1 => (1u32..=30).prop_map(|seconds| GroupItem::Rest(Rest { seconds, note: None })),
    ];
    (
        2u32..=3,
        prop_oneof![Just(0u32), 0u32..=20],
        prop::collection::vec(item, 1..=3),
    )
        .prop_map(|(times, rest, steps)| Repeat { times, rest, steps })
}

fn routine() -> impl Strategy<Value = Routine> {
    let item = prop_oneof![
        3 => step().prop_map(Item::Step),
        1 => (1u32..=30).prop_map(|seconds| Item::Rest(Rest { seconds, note: None })),
        1 => repeat().prop_map(Item::Repeat),
    ];
    (
        prop_oneof![1 => Just(0u32), 3 => 0u32..=10],
        prop::collection::vec(item, 1..=5),
        step(),
        any::<Index>(),
    )
        .prop_map(|(transition, mut steps, first, at)| {
            if !steps.iter().any(|i| matches!(i, Item::Step(_))) {
                let i = at.index(steps.len());
                steps[i] = Item::Step(first);
            }
            Routine {
                title: "Generated".into(),
                summary: None,
                author: None,
                caution: None,
                when: Some(When::Anytime),
                language: None,
                transition,
                steps,
            }
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// Real time passes (while paused, it does not count).
    Advance(Duration),
    Pause,
    Resume,
    Skip,
    Back,
}

fn delta() -> impl Strategy<Value = Duration> {
    // Short deltas often, so that a second Back within 2 s comes up.
    prop_oneof![
        4 => 0u64..=40_000,
        2 => 0u64..=2_500,
        // The edges: no time at all, and exactly the Back-again window.
        1 => Just(0u64),
        1 => Just(u64::try_from(BACK_AGAIN_WINDOW.as_millis()).unwrap()),
    ]
    .prop_map(Duration::from_millis)
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        8 => delta().prop_map(Action::Advance),
        1 => Just(Action::Pause),
        1 => Just(Action::Resume),
        2 => Just(Action::Skip),
        2 => Just(Action::Back),
    ]
}

// ---------------------------------------------------------------------------
// The plan: blocks and the cues SPEC section 2 gives each of them
// ---------------------------------------------------------------------------

fn secs(s: u32) -> Duration {
    Duration::from_secs(u64::from(s))
}

struct PlanBlock {
    kind: BlockKind,
    name: String,
    /// The step's target (Work blocks only).
    target: Option<Target>,
    start: Duration,
    len: Duration,
    /// (cue, offset into the block), as SPEC section 2 lists them.
    marks: Vec<(Cue, Duration)>,
    /// Offsets of the step's prompts (Work blocks only).
    prompts: Vec<Duration>,
    /// A paced Work block's repetitions: the offset each starts at.
    reps: Vec<Duration>,
}

struct Plan {
    blocks: Vec<PlanBlock>,
    planned: Duration,
    /// Sum of the seconds of every Work block, from the routine itself.
    work_total: u32,
}

fn plan(routine: &Routine) -> Plan {
    let timeline = expand(routine);
    let mut clock = 0u32;
    let mut blocks = Vec::new();
    for b in &timeline.blocks {
        assert_eq!(b.start_secs, clock, "blocks follow each other");
        clock += b.secs;
        let Some(step) = step_of(routine, b.item, b.inner).filter(|_| b.step.is_some()) else {
            assert_eq!(b.kind, BlockKind::Rest);
            blocks.push(PlanBlock {
                kind: b.kind,
                name: b.name.clone(),
                target: None,
                start: secs(b.start_secs),
                len: secs(b.secs),
                marks: vec![(Cue::Rest, Duration::ZERO)],
                prompts: Vec::new(),
                reps: Vec::new(),
            });
            continue;
        };
        let second_side = step.side == SideSpec::Each && b.side == Side::Right;
        let transition = step.transition.unwrap_or(routine.transition);
        let s = b.secs;
        let ticks = |marks: &mut Vec<(Cue, Duration)>| {
            for before in [3, 2, 1] {
                if s >= before {
                    marks.push((Cue::Tick, secs(s - before)));
                }
            }
        };
        let mut marks = Vec::new();
        let mut prompts = Vec::new();
        let mut reps = Vec::new();
        match b.kind {
            BlockKind::Transition => {
                if second_side {
                    marks.push((Cue::Switch, Duration::ZERO));
                }
                ticks(&mut marks);
            }
            BlockKind::Work => {
                // With no transition, the work itself announces the second side.
                if second_side && transition == 0 {
                    marks.push((Cue::Switch, Duration::ZERO));
                }
                marks.push((Cue::Start, Duration::ZERO));
                for p in &step.prompts {
                    marks.push((Cue::Prompt, secs(p.at)));
                    prompts.push(secs(p.at));
                }
                if let (Some(n), Some(t)) = (step.reps, step.tempo) {
                    // Paced: each repetition's up and down, no halfway, no ticks.
                    let period = t.up + t.hold + t.down + t.pause;
                    for r in 0..n {
                        let start = r * period;
                        reps.push(secs(start));
                        if t.up > 0 {
                            marks.push((Cue::Up, secs(start)));
                        }
                        if t.down > 0 {
                            marks.push((Cue::Down, secs(start + t.up + t.hold)));
                        }
                    }
                } else {
                    if s >= HALFWAY_MIN_SECS {
                        marks.push((Cue::Halfway, Duration::from_millis(u64::from(s) * 500)));
                    }
                    ticks(&mut marks);
                }
                marks.push((Cue::End, secs(s)));
            }
            BlockKind::Rest => marks.push((Cue::Rest, Duration::ZERO)),
        }
        blocks.push(PlanBlock {
            kind: b.kind,
            name: step.name.clone(),
            target: (b.kind == BlockKind::Work).then_some(step.target),
            start: secs(b.start_secs),
            len: secs(s),
            marks,
            prompts,
            reps,
        });
    }
    assert_eq!(clock, timeline.planned_secs);
    let work_total = work_total(routine);
    Plan {
        blocks,
        planned: secs(clock),
        work_total,
    }
}

/// The seconds of all Work blocks, from the routine itself (SPEC 2).
fn work_total(routine: &Routine) -> u32 {
    let per_step = |s: &Step| {
        let block = s.seconds.unwrap_or_else(|| {
            let t = s.tempo.unwrap();
            s.reps.unwrap() * (t.up + t.hold + t.down + t.pause)
        });
        block * s.sets * if s.side == SideSpec::Each { 2 } else { 1 }
    };
    routine
        .steps
        .iter()
        .map(|item| match item {
            Item::Step(s) => per_step(s),
            Item::Rest(_) => 0,
            Item::Repeat(r) => {
                r.times
                    * r.steps
                        .iter()
                        .map(|i| match i {
                            GroupItem::Step(s) => per_step(s),
                            GroupItem::Rest(_) => 0,
                        })
                        .sum::<u32>()
            }
        })
        .sum()
}

/// The step a block comes from: a top-level item, or an item of a Repeat.
fn step_of(routine: &Routine, item: usize, inner: Option<usize>) -> Option<&Step> {
    match (&routine.steps[item], inner) {
        (Item::Step(step), None) => Some(step),
        (Item::Repeat(r), Some(j)) => match &r.steps[j] {
            GroupItem::Step(step) => Some(step),
            GroupItem::Rest(_) => None,
        },
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// The model of the actions
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct Visit {
    index: usize,
    /// Timeline time at which the visit started.
    origin: Duration,
    /// How far into the block the visit has run while not paused: its cues up to
    /// here are due (`None`: it never ran, nothing is due).
    due: Option<Duration>,
    /// Where the visit was left (natural end, skip or back).
    end: Option<Duration>,
    /// Cues seen from the engine for this visit: (cue, offset).
    fired: Vec<(Cue, Duration)>,
    /// Repetitions started in this visit (paced blocks), 1-based.
    reps: Vec<u32>,
}

struct Model {
    speed: u32,
    real: Duration,
    active: Duration,
    paused: bool,
    finished: bool,
    index: usize,
    origin: Duration,
    last_back: Option<Duration>,
    work: Vec<Duration>,
    /// Work blocks skipped and not completed since.
    skipped: BTreeSet<usize>,
    visits: Vec<Visit>,
    /// The structural events (`BlockStarted`, `BlockEnded`, `Finished`) the current call
    /// should produce, in order.
    expected: Vec<Event>,
}

impl Model {
    fn new(plan: &Plan, speed: u32) -> Model {
        let mut m = Model {
            speed,
            real: Duration::ZERO,
            active: Duration::ZERO,
            paused: false,
            finished: false,
            index: 0,
            origin: Duration::ZERO,
            last_back: None,
            work: vec![Duration::ZERO; plan.blocks.len()],
            skipped: BTreeSet::new(),
            visits: Vec::new(),
            expected: Vec::new(),
        };
        m.enter(0, Duration::ZERO);
        m
    }

    /// Timeline time.
    fn t(&self) -> Duration {
        self.active * self.speed
    }

    fn enter(&mut self, index: usize, origin: Duration) {
        self.index = index;
        self.origin = origin;
        self.visits.push(Visit {
            index,
            origin,
            due: None,
            end: None,
            fired: Vec::new(),
            reps: Vec::new(),
        });
        self.expected.push(Event::BlockStarted { index });
    }

    /// Leaves the current visit `offset` into its block.
    fn leave(&mut self, plan: &Plan, offset: Duration) {
        let block = &plan.blocks[self.index];
        let done = offset.min(block.len);
        if block.kind == BlockKind::Work {
            self.work[self.index] += done;
        }
        self.visits.last_mut().unwrap().end = Some(done);
    }

    fn next_block(&mut self, plan: &Plan, origin: Duration) {
        if self.index + 1 >= plan.blocks.len() {
            self.finished = true;
            self.paused = false;
            self.index = plan.blocks.len();
            self.expected.push(Event::Finished);
        } else {
            self.enter(self.index + 1, origin);
        }
    }

    fn run(&mut self, plan: &Plan) {
        if self.paused || self.finished {
            return;
        }
        let t = self.t();
        loop {
            let len = plan.blocks[self.index].len;
            let offset = t.checked_sub(self.origin).unwrap();
            let visit = self.visits.last_mut().unwrap();
            if offset < len {
                visit.due = Some(offset);
                return;
            }
            visit.due = Some(len);
            self.leave(plan, len);
            self.skipped.remove(&self.index);
            self.expected.push(Event::BlockEnded {
                index: self.index,
                skipped: false,
            });
            let origin = self.origin + len;
            self.next_block(plan, origin);
            if self.finished {
                return;
            }
        }
    }

    fn apply(&mut self, plan: &Plan, action: Action) {
        match action {
            Action::Advance(d) => {
                self.real += d;
                if !self.paused {
                    self.active += d;
                }
                self.run(plan);
            }
            Action::Pause => {
                self.run(plan);
                if !self.finished {
                    self.paused = true;
                }
            }
            Action::Resume => {
                self.paused = false;
                self.run(plan);
            }
            Action::Skip => {
                self.run(plan);
                if self.finished {
                    return;
                }
                let t = self.t();
                self.leave(plan, t.checked_sub(self.origin).unwrap());
                if plan.blocks[self.index].kind == BlockKind::Work {
                    self.skipped.insert(self.index);
                }
                self.expected.push(Event::BlockEnded {
                    index: self.index,
                    skipped: true,
                });
                self.next_block(plan, t);
                self.run(plan);
            }
            Action::Back => {
                assert!(!self.finished, "the harness never goes back after the end");
                self.run(plan);
                let again = self
                    .last_back
                    .is_some_and(|at| self.real.checked_sub(at).unwrap() < BACK_AGAIN_WINDOW);
                self.last_back = Some(self.real);
                let t = self.t();
                self.leave(plan, t.checked_sub(self.origin).unwrap());
                let target = if again {
                    self.index.saturating_sub(1)
                } else {
                    self.index
                };
                self.enter(target, t);
                self.run(plan);
            }
        }
    }

    /// What `report` should say: per block, whole seconds of its visits' work;
    /// the same by target; the names of the blocks skipped and not done since.
    fn report(&self, plan: &Plan) -> (u32, BTreeMap<Target, u32>, Vec<String>) {
        let mut work = self.work.clone();
        if !self.finished && plan.blocks[self.index].kind == BlockKind::Work {
            work[self.index] += self
                .t()
                .checked_sub(self.origin)
                .unwrap()
                .min(plan.blocks[self.index].len);
        }
        let mut total = 0;
        let mut targets = BTreeMap::new();
        for (block, done) in plan.blocks.iter().zip(&work) {
            let done = u32::try_from(done.as_secs()).unwrap();
            if let (Some(target), 1..) = (block.target, done) {
                total += done;
                *targets.entry(target).or_default() += done;
            }
        }
        let skipped = self
            .skipped
            .iter()
            .map(|&i| plan.blocks[i].name.clone())
            .collect();
        (total, targets, skipped)
    }
}

// ---------------------------------------------------------------------------
// The harness: drives the engine and the model side by side
// ---------------------------------------------------------------------------

struct Run<'a> {
    plan: &'a Plan,
    engine: Engine,
    t0: Instant,
    m: Model,
    /// `BlockStarted` events seen so far (the current visit is `started - 1`).
    started: usize,
    last_started: Option<usize>,
    finished_seen: usize,
    done_seen: usize,
    /// Every cue seen, in order.
    cues: Vec<(Cue, Duration)>,
}

impl<'a> Run<'a> {
    fn new(routine: &Routine, plan: &'a Plan, speed: u32) -> Run<'a> {
        let t0 = Instant::now();
        let mut run = Run {
            plan,
            engine: Engine::new(expand(routine), speed, t0),
            t0,
            m: Model::new(plan, speed),
            started: 0,
            last_started: None,
            finished_seen: 0,
            done_seen: 0,
            cues: Vec::new(),
        };
        // The first call reports the first block.
        run.call(Action::Advance(Duration::ZERO));
        run
    }

    fn now(&self) -> Instant {
        self.t0 + self.m.real
    }

    /// A random action; Back after the end (which reopens the last block by
    /// design) is left out: the app leaves the session once it finished.
    fn act(&mut self, action: Action) {
        if action == Action::Back && self.m.finished {
            return;
        }
        self.call(action);
    }

    fn call(&mut self, action: Action) -> Vec<Event> {
        let was_finished = self.m.finished;
        let call_paused = self.m.paused && action != Action::Resume;
        let first_visit = self.started.saturating_sub(1);
        self.m.apply(self.plan, action);
        let now = self.now();
        let e = &mut self.engine;
        let events = match action {
            Action::Advance(_) => e.advance(now),
            Action::Pause => e.pause(now),
            Action::Resume => e.resume(now),
            Action::Skip => e.skip(now),
            Action::Back => e.back(now),
        };
        if was_finished {
            assert!(
                events.is_empty(),
                "nothing after Finished: {action:?} gave {events:?}"
            );
        }
        let structural: Vec<Event> = events
            .iter()
            .filter(|e| {
                !matches!(
                    e,
                    Event::Cue { .. } | Event::Prompt { .. } | Event::Repetition { .. }
                )
            })
            .cloned()
            .collect();
        assert_eq!(
            structural, self.m.expected,
            "blocks of {action:?} ({events:?})"
        );
        self.m.expected.clear();
        self.observe(action, call_paused, now, &events);
        assert_eq!(self.started, self.m.visits.len());
        self.check_after(now, first_visit);
        events
    }

    fn observe(&mut self, action: Action, call_paused: bool, now: Instant, events: &[Event]) {
        let elapsed = self.engine.elapsed(now);
        for (i, event) in events.iter().enumerate() {
            match *event {
                Event::BlockStarted { index } => {
                    let ok = match self.last_started {
                        None => index == 0,
                        Some(p) => {
                            index == p + 1
                                || (action == Action::Back && (index == p || index + 1 == p))
                        }
                    };
                    assert!(
                        ok,
                        "block {index} started after {:?} ({action:?})",
                        self.last_started
                    );
                    self.last_started = Some(index);
                    self.started += 1;
                }
                Event::BlockEnded { .. } => {}
                Event::Repetition { block, rep, of } => {
                    assert!(!call_paused, "repetition {rep} started while paused");
                    let visit = &mut self.m.visits[self.started - 1];
                    assert_eq!(block, visit.index, "repetition of another block");
                    let b = &self.plan.blocks[block];
                    assert_eq!(of as usize, b.reps.len(), "repetitions of block {block}");
                    let start = b.reps[rep as usize - 1];
                    assert!(elapsed >= visit.origin + start, "repetition {rep} early");
                    assert!(!visit.reps.contains(&rep), "repetition {rep} twice");
                    visit.reps.push(rep);
                }
                Event::Prompt { block, prompt } => {
                    assert_eq!(block, self.m.visits[self.started - 1].index);
                    let b = &self.plan.blocks[block];
                    let cue = Event::Cue {
                        cue: Cue::Prompt,
                        block,
                        at: b.start + b.prompts[prompt],
                    };
                    assert_eq!(events.get(i + 1), Some(&cue), "a prompt comes with its cue");
                }
                Event::Cue { cue, block, at } => {
                    self.cues.push((cue, at));
                    if cue == Cue::Done {
                        // Skipping the last block while paused ends the session: the
                        // only cue a paused call may give.
                        assert!(!call_paused || action == Action::Skip, "done while paused");
                        assert_eq!(block, self.plan.blocks.len());
                        assert_eq!(at, self.plan.planned);
                        assert_eq!(
                            &events[i + 1..],
                            &[Event::Finished],
                            "done, then Finished, last"
                        );
                        self.done_seen += 1;
                        continue;
                    }
                    assert!(
                        !call_paused,
                        "{cue:?} at {at:?} fired while paused ({action:?})"
                    );
                    let visit = &mut self.m.visits[self.started - 1];
                    assert_eq!(
                        block, visit.index,
                        "{cue:?} at {at:?}: not the block being visited"
                    );
                    let b = &self.plan.blocks[block];
                    let offset = at
                        .checked_sub(b.start)
                        .expect("a cue before its block's start");
                    assert!(
                        b.marks.contains(&(cue, offset)),
                        "{cue:?} at {at:?} is not planned for block {block}: {:?}",
                        b.marks
                    );
                    assert!(
                        !visit.fired.contains(&(cue, offset)),
                        "{cue:?} at {at:?} fired twice in one visit of block {block}"
                    );
                    assert!(
                        elapsed >= visit.origin + offset,
                        "{cue:?} at {at:?} fired early: elapsed {elapsed:?}, visit from {:?}",
                        visit.origin
                    );
                    visit.fired.push((cue, offset));
                }
                Event::Finished => {
                    self.finished_seen += 1;
                    assert_eq!(i, events.len() - 1, "Finished is last");
                }
            }
        }
    }

    fn check_after(&self, now: Instant, first_visit: usize) {
        // Each visit fired exactly the cues it reached while running: none twice,
        // none late, none after it was skipped or left.
        for visit in &self.m.visits[first_visit..] {
            let marks = &self.plan.blocks[visit.index].marks;
            let mut due: Vec<(Cue, Duration)> = match visit.due {
                None => Vec::new(),
                Some(d) => marks.iter().filter(|(_, o)| *o <= d).copied().collect(),
            };
            let mut fired = visit.fired.clone();
            assert!(
                fired.windows(2).all(|w| w[0].1 <= w[1].1),
                "cues in timeline order: {fired:?}"
            );
            due.sort();
            fired.sort();
            assert_eq!(
                fired, due,
                "cues of a visit of block {} (ran to {:?}, left at {:?})",
                visit.index, visit.due, visit.end
            );
            // Its repetitions likewise: each once, in order, those reached.
            let reps = &self.plan.blocks[visit.index].reps;
            let due_reps: Vec<u32> = match visit.due {
                None => Vec::new(),
                Some(d) => (1..=u32::try_from(reps.len()).unwrap())
                    .filter(|&r| reps[r as usize - 1] <= d)
                    .collect(),
            };
            assert_eq!(visit.reps, due_reps, "repetitions of block {}", visit.index);
        }
        let status = self.engine.status(now);
        assert_eq!(status.finished, self.m.finished);
        assert_eq!(status.paused, self.m.paused);
        if !self.m.finished {
            assert_eq!(status.block, Some(self.m.index));
            assert_eq!(self.engine.elapsed(now), self.m.t(), "timeline time");
        }
        let report = self.engine.report(now);
        let (work_secs, targets, skipped) = self.m.report(self.plan);
        assert_eq!(report.work_secs, work_secs, "work time");
        assert_eq!(report.targets, targets, "work time by target");
        assert_eq!(report.skipped, skipped, "skipped blocks");
        assert_eq!(report.completed, self.m.finished);
        assert_eq!(
            self.finished_seen,
            usize::from(self.m.finished),
            "Finished once"
        );
        assert_eq!(self.done_seen, usize::from(self.m.finished), "done once");
        self.check_deadline(now);
    }

    fn check_deadline(&self, now: Instant) {
        let deadline = self.engine.next_deadline(now);
        if self.m.paused || self.m.finished {
            assert_eq!(deadline, None, "no deadline while paused or finished");
            return;
        }
        let d = deadline.expect("a running session has a deadline");
        assert!(d > now, "the deadline is ahead");
        let before = self.engine.status(now);
        let visible = |at: Instant| {
            let mut e = self.engine.clone();
            let events = e.advance(at);
            let s = e.status(at);
            !events.is_empty()
                || (s.block, s.remaining_secs, s.position_secs, s.prompt)
                    != (
                        before.block,
                        before.remaining_secs,
                        before.position_secs,
                        before.prompt,
                    )
        };
        assert!(visible(d), "waking at the deadline shows a change");
        let early = d.checked_sub(Duration::from_micros(2)).unwrap();
        if early > now {
            assert!(!visible(early), "nothing changes before the deadline");
        }
    }

    /// Resumes, follows a few deadlines, then runs to the end; nothing happens after.
    fn drive_to_end(&mut self) {
        self.call(Action::Resume);
        for _ in 0..40 {
            if self.m.finished {
                break;
            }
            let now = self.now();
            let d = self.engine.next_deadline(now).unwrap();
            self.call(Action::Advance(d - now));
        }
        for _ in 0..10 {
            if self.m.finished {
                break;
            }
            self.call(Action::Advance(Duration::from_secs(1000)));
        }
        assert!(self.m.finished, "the session ends");
        let report = self.engine.report(self.now());
        for action in [
            Action::Advance(Duration::from_secs(5)),
            Action::Pause,
            Action::Resume,
            Action::Skip,
            Action::Advance(Duration::from_secs(100)),
        ] {
            assert!(self.call(action).is_empty(), "nothing after the end");
        }
        assert_eq!(self.engine.report(self.now()), report);
    }
}

fn assert_valid(routine: &Routine) {
    let errors: Vec<_> = validate(routine)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "generated routine is valid: {errors:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn random_actions_obey_the_rules(
        routine in routine(),
        speed in 1u32..=20,
        actions in prop::collection::vec(action(), 0..=60),
    ) {
        assert_valid(&routine);
        let plan = plan(&routine);
        let mut run = Run::new(&routine, &plan, speed);
        for action in actions {
            run.act(action);
        }
        run.drive_to_end();
    }

    #[test]
    fn uninterrupted_session_does_all_the_work(
        routine in routine(),
        speed in 1u32..=20,
        deltas in prop::collection::vec(delta(), 0..=40),
    ) {
        let plan = plan(&routine);
        let mut run = Run::new(&routine, &plan, speed);
        for d in deltas {
            run.act(Action::Advance(d));
        }
        run.drive_to_end();
        let report = run.engine.report(run.now());
        prop_assert!(report.completed);
        prop_assert_eq!(report.work_secs, plan.work_total);
        prop_assert!(report.skipped.is_empty());
        // Every planned cue once, in timeline order, then done.
        let mut expected: Vec<(Cue, Duration)> = plan
            .blocks
            .iter()
            .flat_map(|b| b.marks.iter().map(|&(cue, o)| (cue, b.start + o)))
            .collect();
        expected.push((Cue::Done, plan.planned));
        prop_assert!(run.cues.windows(2).all(|w| w[0].1 <= w[1].1));
        let mut seen = run.cues.clone();
        seen.sort();
        expected.sort();
        prop_assert_eq!(seen, expected);
    }

    /// In a paced block, the repetition, the phase and its time left are a
    /// function of the offset alone: the segment of the block it falls in,
    /// 0 s phases skipped; nothing at or after the end.
    #[test]
    fn the_phase_at_any_offset_is_its_segment(
        (reps, tempo) in pace(),
        at in any::<u64>(),
        edge in any::<bool>(),
    ) {
        let ms = |s: u32| u64::from(s) * 1000;
        let mut segments = Vec::new();
        let mut clock = 0;
        for rep in 1..=reps {
            for (phase, len) in [
                (Phase::Up, tempo.up),
                (Phase::Hold, tempo.hold),
                (Phase::Down, tempo.down),
                (Phase::Pause, tempo.pause),
            ] {
                if len > 0 {
                    segments.push((rep, phase, len, clock, clock + ms(len)));
                    clock += ms(len);
                }
            }
        }
        let length = clock;
        // Often exactly on a boundary, where one phase ends and the next starts.
        let offset = if edge {
            segments[usize::try_from(at % segments.len() as u64).unwrap()].3
        } else {
            at % length
        };
        let pace = Pace { reps, tempo };
        let (rep, phase, len, _, end) = *segments
            .iter()
            .find(|s| s.3 <= offset && offset < s.4)
            .unwrap();
        prop_assert_eq!(
            pace.at(Duration::from_millis(offset)),
            Some(PhaseAt {
                rep,
                phase,
                phase_secs: len,
                remaining: Duration::from_millis(end - offset),
            })
        );
        prop_assert_eq!(pace.at(Duration::from_millis(length)), None);
        prop_assert_eq!(pace.at(Duration::from_millis(length + at % 5000)), None);
    }
}
