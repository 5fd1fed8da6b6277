//! Property tests of the timeline (SPEC section 2) and of the loader.
//!
//! Routines are generated valid (every number and text within SPEC section 1), then:
//! - the timeline is checked against the contract, with the planned total computed
//!   here independently of `timeline::planned_secs`;
//! - each routine is written out as RON and read back with the loader, which must
//!   give the same routine and find it valid;
//! - arbitrary bytes and mutations of valid routine text never make the loader panic.
#![allow(clippy::unwrap_used)]

use crate::support::side;
use limber::core::routine::hints::hints;
use limber::core::routine::load::{parse_bytes, parse_str};
use limber::core::routine::validate::validate;
use limber::core::routine::{
    GroupItem, Item, Kind, Prompt, Repeat, Rest, Routine, SideSpec, Step, Target, Tempo, When,
};
use limber::core::timeline::{self, Block, BlockKind, Side};
use limber::text::unsafe_chars;
use proptest::prelude::*;
use proptest::sample::Index;
use ron::extensions::Extensions;
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

/// Text that starts with a visible character and holds letters, accents, digits and
/// punctuation, quotes and backslashes included (they must survive RON escaping).
/// Mostly short, sometimes up to the field's limit.
fn text(max_chars: usize) -> impl Strategy<Value = String> {
    let pattern = |n: usize| {
        proptest::string::string_regex(&format!(
            "[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ,.;:'\"\\\\()/!?—–-]{{0,{n}}}"
        ))
        .unwrap()
    };
    prop_oneof![
        6 => pattern(max_chars.min(16) - 1),
        1 => pattern(max_chars - 1),
    ]
}

/// 0-`max` texts, mostly few.
fn lines(max: usize, max_chars: usize) -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        4 => prop::collection::vec(text(max_chars), 0..=2),
        1 => prop::collection::vec(text(max_chars), 0..=max),
    ]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Massage),
        Just(Kind::Stretch),
        Just(Kind::Mobility),
        Just(Kind::Strength),
    ]
}

/// A step's dose: timed (5-1800 s) or paced (1-100 reps, phases 0-30 s), its
/// work block within 5-1800 s either way.
fn dose() -> impl Strategy<Value = (Option<u32>, Option<(u32, Tempo)>)> {
    let phase = || prop_oneof![1 => Just(0u32), 1 => Just(30u32), 3 => 0u32..=6];
    prop_oneof![
        2 => (5u32..=1800).prop_map(|s| (Some(s), None)),
        1 => (1u32..=100, phase(), phase(), phase(), phase()).prop_map(
            |(reps, up, hold, down, pause)| {
                let mut tempo = Tempo { up, hold, down, pause };
                if tempo.period() == 0 {
                    tempo.up = 1;
                }
                let period = tempo.period();
                let reps = reps.clamp(5u32.div_ceil(period), 1800 / period);
                (None, Some((reps, tempo)))
            }
        ),
    ]
}

fn target() -> impl Strategy<Value = Target> {
    proptest::sample::select(Target::ALL.to_vec())
}

fn step() -> impl Strategy<Value = Step> {
    (
        (text(60), kind(), target(), dose(), side()),
        (
            1u32..=20,
            0u32..=600,
            proptest::option::of(text(60)),
            proptest::option::weighted(0.3, prop_oneof![Just(0u32), 0u32..=60]),
        ),
        (
            lines(12, 200),
            prop::collection::vec((any::<u32>(), text(200)), 0..=4),
        ),
    )
        .prop_map(
            |(
                (name, kind, target, (seconds, pace), side),
                (sets, rest, tool, transition),
                (instructions, raw),
            )| {
                let block = seconds.unwrap_or_else(|| pace.map_or(0, |(n, t)| n * t.period()));
                // Prompts at distinct offsets 1..block, in increasing order.
                let mut at_seen = BTreeSet::new();
                let mut prompts: Vec<Prompt> = raw
                    .into_iter()
                    .map(|(x, text)| Prompt {
                        at: 1 + x % (block - 1),
                        text,
                    })
                    .filter(|p| at_seen.insert(p.at))
                    .collect();
                prompts.sort_by_key(|p| p.at);
                Step {
                    name,
                    kind,
                    target,
                    seconds,
                    reps: pace.map(|(n, _)| n),
                    tempo: pace.map(|(_, t)| t),
                    side,
                    sets,
                    rest,
                    transition,
                    tool,
                    instructions,
                    prompts,
                }
            },
        )
}

fn rest_item() -> impl Strategy<Value = Rest> {
    (1u32..=1800, proptest::option::of(text(200)))
        .prop_map(|(seconds, note)| Rest { seconds, note })
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        6 => step().prop_map(Item::Step),
        2 => rest_item().prop_map(Item::Rest),
        1 => repeat().prop_map(Item::Repeat),
    ]
}

/// A Repeat: 2-20 rounds (mostly few), 0-600 s between them, 1-4 items.
fn repeat() -> impl Strategy<Value = Repeat> {
    let item = prop_oneof![
        3 => step().prop_map(GroupItem::Step),
        1 => rest_item().prop_map(GroupItem::Rest),
    ];
    (
        prop_oneof![3 => 2u32..=3, 1 => 2u32..=20],
        prop_oneof![Just(0u32), 0u32..=600],
        prop::collection::vec(item, 1..=4),
    )
        .prop_map(|(times, rest, steps)| Repeat { times, rest, steps })
}

/// A valid routine: transition 0-60, 1-30 items of which at least one is a Step.
fn routine() -> impl Strategy<Value = Routine> {
    (
        (
            text(80),
            proptest::option::of(text(200)),
            proptest::option::of(text(80)),
            proptest::option::of(text(400)),
        ),
        // Weight the edge values: 0 (no transitions) must come up often.
        prop_oneof![1 => Just(0u32), 1 => Just(60u32), 4 => 0u32..=60],
        prop::collection::vec(item(), 1..=30),
        step(),
        any::<Index>(),
        (
            proptest::option::of(proptest::sample::select(vec![
                When::Anytime,
                When::PreRun,
                When::PostRun,
            ])),
            proptest::option::of(proptest::sample::select(vec![
                "en",
                "de",
                "pt-BR",
                "zh-Hant-TW",
            ])),
        ),
    )
        .prop_map(
            |(
                (title, summary, author, caution),
                transition,
                mut steps,
                first,
                at,
                (when, language),
            )| {
                let language = language.map(str::to_string);
                if !steps.iter().any(|i| matches!(i, Item::Step(_))) {
                    // A Repeat of rests alone is possible: a Step keeps it valid.
                    let i = at.index(steps.len());
                    steps[i] = Item::Step(first);
                }
                Routine {
                    title,
                    summary,
                    author,
                    caution,
                    when,
                    language,
                    transition,
                    steps,
                }
            },
        )
}

// ---------------------------------------------------------------------------
// The contract, written out independently of src/timeline.rs
// ---------------------------------------------------------------------------

/// SPEC section 2's planned duration, in u64 so nothing can saturate.
fn spec_planned_secs(r: &Routine) -> u64 {
    let step = |s: &Step| {
        let transition = u64::from(s.transition.unwrap_or(r.transition));
        let work = match (s.seconds, s.reps, s.tempo) {
            (Some(secs), _, _) => u64::from(secs),
            (None, Some(n), Some(t)) => u64::from(n) * u64::from(t.up + t.hold + t.down + t.pause),
            _ => unreachable!("a generated step has a dose"),
        };
        let sides = if s.side == SideSpec::Each { 2 } else { 1 };
        let sets = u64::from(s.sets);
        sets * sides * (transition + work) + (sets - 1) * u64::from(s.rest)
    };
    r.steps
        .iter()
        .map(|item| match item {
            Item::Rest(rest) => u64::from(rest.seconds),
            Item::Step(s) => step(s),
            Item::Repeat(g) => {
                let round: u64 = g
                    .steps
                    .iter()
                    .map(|i| match i {
                        GroupItem::Step(s) => step(s),
                        GroupItem::Rest(rest) => u64::from(rest.seconds),
                    })
                    .sum();
                u64::from(g.times) * round + u64::from(g.times - 1) * u64::from(g.rest)
            }
        })
        .sum()
}

fn sides_of(spec: SideSpec) -> Vec<Side> {
    match spec {
        SideSpec::Both => vec![Side::Both],
        SideSpec::Left => vec![Side::Left],
        SideSpec::Right => vec![Side::Right],
        SideSpec::Each => vec![Side::Left, Side::Right],
    }
}

/// One block as SPEC section 2 lists it: (item, inner, round, kind, side, set, secs).
type Shape = (usize, Option<usize>, Option<u32>, BlockKind, Side, u32, u32);

/// The blocks SPEC section 2 lists, in order.
fn spec_blocks(r: &Routine) -> Vec<Shape> {
    let mut out = Vec::new();
    let step = |out: &mut Vec<Shape>, at: (usize, Option<usize>, Option<u32>), s: &Step| {
        let (i, inner, round) = at;
        let transition = s.transition.unwrap_or(r.transition);
        for set in 1..=s.sets {
            for side in sides_of(s.side) {
                if transition > 0 {
                    out.push((
                        i,
                        inner,
                        round,
                        BlockKind::Transition,
                        side,
                        set,
                        transition,
                    ));
                }
                out.push((i, inner, round, BlockKind::Work, side, set, s.work_secs()));
            }
            if set < s.sets && s.rest > 0 {
                out.push((i, inner, round, BlockKind::Rest, Side::Both, set, s.rest));
            }
        }
    };
    for (i, item) in r.steps.iter().enumerate() {
        match item {
            Item::Rest(rest) => {
                out.push((i, None, None, BlockKind::Rest, Side::Both, 1, rest.seconds));
            }
            Item::Step(s) => step(&mut out, (i, None, None), s),
            Item::Repeat(g) => {
                for round in 1..=g.times {
                    for (j, inner) in g.steps.iter().enumerate() {
                        let at = (i, Some(j), Some(round));
                        match inner {
                            GroupItem::Step(s) => step(&mut out, at, s),
                            GroupItem::Rest(rest) => out.push((
                                i,
                                Some(j),
                                Some(round),
                                BlockKind::Rest,
                                Side::Both,
                                1,
                                rest.seconds,
                            )),
                        }
                    }
                    if round < g.times && g.rest > 0 {
                        out.push((i, None, Some(round), BlockKind::Rest, Side::Both, 1, g.rest));
                    }
                }
            }
        }
    }
    out
}

fn shape(b: &Block) -> Shape {
    (
        b.item,
        b.inner,
        b.round.map(|r| r.round),
        b.kind,
        b.side,
        b.set,
        b.secs,
    )
}

/// The routine as a coach writes it: struct names, `Step(name: ...)` (the newtype
/// variant unwrapped, as the loader's default extension reads it).
fn ron_text(r: &Routine) -> String {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .extensions(Extensions::UNWRAP_VARIANT_NEWTYPES);
    let text = ron::ser::to_string_pretty(r, config).unwrap();
    // The serializer announces the extension in a header; a coach's file has none,
    // the loader turns it on by itself.
    let body = text
        .strip_prefix("#![enable(unwrap_variant_newtypes)]\n")
        .unwrap_or_else(|| panic!("no extension header in {text}"));
    assert!(body.starts_with("Routine("), "{body}");
    body.to_string()
}

// ---------------------------------------------------------------------------
// Timeline properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// planned total == sum of blocks == the SPEC formula == `timeline::planned_secs`.
    #[test]
    fn planned_total_is_the_formula(r in routine()) {
        let t = timeline::expand(&r);
        let sum: u64 = t.blocks.iter().map(|b| u64::from(b.secs)).sum();
        let spec = spec_planned_secs(&r);
        prop_assert_eq!(u64::from(t.planned_secs), spec);
        prop_assert_eq!(sum, spec);
        prop_assert_eq!(u64::from(timeline::planned_secs(&r)), spec);
    }

    /// The first block starts at 0 and each one where the one before ends; the last
    /// ends at the planned total. No block is empty.
    #[test]
    fn blocks_are_contiguous(r in routine()) {
        let t = timeline::expand(&r);
        prop_assert!(!t.blocks.is_empty());
        prop_assert_eq!(t.blocks[0].start_secs, 0);
        for pair in t.blocks.windows(2) {
            prop_assert_eq!(pair[1].start_secs, pair[0].start_secs + pair[0].secs);
        }
        let last = t.blocks.last().unwrap();
        prop_assert_eq!(last.end_secs(), t.planned_secs);
        prop_assert!(t.blocks.iter().all(|b| b.secs > 0));
    }

    /// The blocks follow the items in order: the item index never goes back, every
    /// item gives at least one block, and each item's blocks are exactly the ones
    /// SPEC section 2 lists for it.
    #[test]
    fn blocks_follow_the_items_exactly(r in routine()) {
        let t = timeline::expand(&r);
        for pair in t.blocks.windows(2) {
            prop_assert!(pair[0].item <= pair[1].item);
        }
        let items: BTreeSet<usize> = t.blocks.iter().map(|b| b.item).collect();
        prop_assert_eq!(items, (0..r.steps.len()).collect::<BTreeSet<_>>());
        let got: Vec<_> = t.blocks.iter().map(shape).collect();
        prop_assert_eq!(got, spec_blocks(&r));
    }

    /// For each step, set and side: exactly one Work block of `seconds`, directly
    /// preceded by a Transition of `transition` s iff transition > 0; Each gives Left
    /// then Right; the second side is flagged for the `switch` cue.
    #[test]
    fn work_and_transitions_per_set_and_side(r in routine()) {
        let t = timeline::expand(&r);
        for (i, item) in r.steps.iter().enumerate() {
            let Item::Step(s) = item else { continue };
            let mine: Vec<&Block> = t.blocks.iter().filter(|b| b.item == i).collect();
            let positions: Vec<usize> = t
                .blocks
                .iter()
                .enumerate()
                .filter(|(_, b)| b.item == i && b.kind == BlockKind::Work)
                .map(|(p, _)| p)
                .collect();
            let sides = sides_of(s.side);
            let transition = s.transition.unwrap_or(r.transition);
            prop_assert_eq!(positions.len(), s.sets as usize * sides.len());
            for set in 1..=s.sets {
                for (n, &side) in sides.iter().enumerate() {
                    let works: Vec<&&Block> = mine
                        .iter()
                        .filter(|b| b.kind == BlockKind::Work && b.set == set && b.side == side)
                        .collect();
                    prop_assert_eq!(works.len(), 1, "set {} side {:?}", set, side);
                    let w = works[0];
                    prop_assert_eq!(w.secs, s.work_secs());
                    prop_assert_eq!(w.pace.map(|p| (p.reps, p.tempo)), s.reps.zip(s.tempo));
                    prop_assert_eq!(w.round, None);
                    prop_assert_eq!(&w.name, &s.name);
                    prop_assert_eq!(w.sets, s.sets);
                    prop_assert_eq!(w.second_side, n == 1);
                    let info = w.step.as_ref().unwrap();
                    prop_assert_eq!(info.kind, s.kind);
                    prop_assert_eq!(info.target, s.target);
                    prop_assert_eq!(&info.prompts, &s.prompts);
                }
            }
            // Each Work block's predecessor, in the whole timeline.
            for &p in &positions {
                let w = &t.blocks[p];
                let before = p.checked_sub(1).map(|q| &t.blocks[q]);
                if transition > 0 {
                    let tr = before.unwrap();
                    prop_assert_eq!(tr.kind, BlockKind::Transition);
                    prop_assert_eq!(tr.secs, transition);
                    prop_assert_eq!(tr.item, i);
                    prop_assert_eq!(tr.side, w.side);
                    prop_assert_eq!(tr.set, w.set);
                    prop_assert_eq!(tr.second_side, w.second_side);
                } else if let Some(b) = before {
                    prop_assert_ne!(b.kind, BlockKind::Transition);
                }
            }
            // Transitions appear only right before a Work block of the same step.
            for (p, b) in t.blocks.iter().enumerate() {
                if b.kind == BlockKind::Transition {
                    prop_assert!(b.secs > 0);
                    prop_assert!(b.pace.is_none());
                    let next = &t.blocks[p + 1];
                    prop_assert_eq!(next.kind, BlockKind::Work);
                    prop_assert_eq!(next.item, b.item);
                }
            }
            // Each: Left then Right within every set.
            if s.side == SideSpec::Each {
                let order: Vec<(u32, Side)> = mine
                    .iter()
                    .filter(|b| b.kind == BlockKind::Work)
                    .map(|b| (b.set, b.side))
                    .collect();
                let want: Vec<(u32, Side)> = (1..=s.sets)
                    .flat_map(|set| [(set, Side::Left), (set, Side::Right)])
                    .collect();
                prop_assert_eq!(order, want);
            }
        }
    }

    /// A Rest block of `rest` s after every set but the last iff rest > 0 (right
    /// after that set's last Work), never after the last set; each Rest item gives
    /// exactly one Rest block of its seconds.
    #[test]
    fn rests_between_sets_and_rest_items(r in routine()) {
        let t = timeline::expand(&r);
        for (i, item) in r.steps.iter().enumerate() {
            let mine: Vec<(usize, &Block)> =
                t.blocks.iter().enumerate().filter(|(_, b)| b.item == i).collect();
            match item {
                Item::Rest(rest) => {
                    prop_assert_eq!(mine.len(), 1);
                    let b = mine[0].1;
                    prop_assert_eq!(b.kind, BlockKind::Rest);
                    prop_assert_eq!(b.secs, rest.seconds);
                    prop_assert_eq!(&b.note, &rest.note);
                    prop_assert!(b.step.is_none());
                }
                Item::Repeat(g) => {
                        // Rounds 1..=times in a row, each the same blocks; the
                        // rest of `rest` s between two rounds, never after the last.
                        let rounds: Vec<u32> = mine.iter().map(|(_, b)| b.round.unwrap().round).collect();
                        prop_assert!(rounds.windows(2).all(|w| w[0] <= w[1]));
                        prop_assert_eq!(rounds.first(), Some(&1));
                        prop_assert_eq!(rounds.last(), Some(&g.times));
                        let between: Vec<&Block> =
                            mine.iter().map(|(_, b)| *b).filter(|b| b.inner.is_none()).collect();
                        let want = if g.rest > 0 { g.times as usize - 1 } else { 0 };
                        prop_assert_eq!(between.len(), want);
                        for (n, b) in between.iter().enumerate() {
                            prop_assert_eq!(b.kind, BlockKind::Rest);
                            prop_assert_eq!(b.secs, g.rest);
                            prop_assert_eq!(b.round.unwrap().round as usize, n + 1);
                        }
                        let round = |k: u32| -> Vec<_> {
                            mine.iter()
                                .filter(|(_, b)| b.round.unwrap().round == k && b.inner.is_some())
                                .map(|(_, b)| (b.inner, b.kind, b.side, b.set, b.secs, b.name.clone()))
                                .collect()
                        };
                        for k in 2..=g.times {
                            prop_assert_eq!(round(k), round(1));
                        }
                    }
                Item::Step(s) => {
                    let rests: Vec<(usize, &Block)> = mine
                        .iter()
                        .copied()
                        .filter(|(_, b)| b.kind == BlockKind::Rest)
                        .collect();
                    let want = if s.rest > 0 { s.sets as usize - 1 } else { 0 };
                    prop_assert_eq!(rests.len(), want);
                    for (n, (p, b)) in rests.iter().enumerate() {
                        let set = u32::try_from(n).unwrap() + 1;
                        prop_assert_eq!(b.secs, s.rest);
                        prop_assert_eq!(b.set, set);
                        prop_assert!(b.set < s.sets, "a rest after the last set");
                        let prev = &t.blocks[p - 1];
                        prop_assert_eq!(prev.kind, BlockKind::Work);
                        prop_assert_eq!(prev.item, i);
                        prop_assert_eq!(prev.set, set);
                        let next = &t.blocks[p + 1];
                        prop_assert_eq!(next.item, i);
                        prop_assert_eq!(next.set, set + 1);
                    }
                    // The step's last block is always the last set's Work.
                    let (_, last) = mine.last().unwrap();
                    prop_assert_eq!(last.kind, BlockKind::Work);
                    prop_assert_eq!(last.set, s.sets);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Loader properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every generated routine is valid, and its RON text reads back to the same
    /// routine through the loader (which validates it).
    #[test]
    fn ron_round_trip(r in routine()) {
        prop_assert_eq!(validate(&r), vec![]);
        let src = ron_text(&r);
        let back = parse_str(&src);
        prop_assert!(back.is_ok(), "{:?}\n{}", back, src);
        prop_assert_eq!(back.unwrap(), r.clone());
        // The bytes path and the coach hints take it too.
        let back = parse_bytes(src.as_bytes()).unwrap();
        let _ = hints(&back);
    }
}

/// One edit of a routine's text.
#[derive(Debug, Clone)]
enum Edit {
    Insert(Index, u8),
    Replace(Index, u8),
    Delete(Index, usize),
    Duplicate(Index, usize),
    Truncate(Index),
    /// A RON token put somewhere: keeps the text close to the grammar.
    Token(Index, &'static str),
}

const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "Step(",
    "Rest(",
    "Repeat(",
    "times: 1",
    "reps: 12",
    "tempo: (up: 3, hold: 2, down: 3)",
    "transition: 61",
    "when: PreRun",
    "language: \"pt-BR\"",
    "kind: Strength",
    "Routine(",
    "Prompt(",
    "Some(",
    "None",
    "seconds: ",
    "sets: 0",
    "rest: 99999999999",
    "side: Each",
    "kind: Stretch",
    "target: Calves",
    "at: 0",
    "-1",
    "4294967296",
    "1e9",
    "\u{1b}[2J",
    "\u{7}",
    "\0",
    "/*",
    "*/",
    "//",
    "r#\"",
    "\"#",
    "#![enable(implicit_some)]",
    "é",
    "\u{202e}",
    "true",
    "'a'",
    "b\"x\"",
    "\u{feff}",
    "\u{200b}",
    "\u{200d}",
    "\u{200f}",
    "\u{2028}",
    "\u{85}",
    "\u{e0041}",
    "\u{1f3c3}\u{200d}\u{2640}\u{fe0f}",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<Index>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<Index>(), 1usize..256).prop_map(|(i, n)| Edit::Duplicate(i, n)),
        any::<Index>().prop_map(Edit::Truncate),
        (any::<Index>(), proptest::sample::select(TOKENS)).prop_map(|(i, t)| Edit::Token(i, t)),
    ]
}

fn apply(bytes: &mut Vec<u8>, e: &Edit) {
    let len = bytes.len();
    match *e {
        Edit::Insert(i, b) => bytes.insert(i.index(len + 1), b),
        Edit::Replace(i, b) if len > 0 => bytes[i.index(len)] = b,
        Edit::Delete(i, n) if len > 0 => {
            let at = i.index(len);
            bytes.drain(at..(at + n).min(len));
        }
        Edit::Duplicate(i, n) if len > 0 => {
            let at = i.index(len);
            let piece = bytes[at..(at + n).min(len)].to_vec();
            bytes.splice(at..at, piece);
        }
        Edit::Truncate(i) => bytes.truncate(i.index(len + 1)),
        Edit::Token(i, t) => {
            let at = i.index(len + 1);
            bytes.splice(at..at, t.bytes());
        }
        _ => {}
    }
}

/// Whatever `parse_bytes` returns for it, hints and the timeline take a valid
/// result, and no message shows a control or invisible character raw.
fn load_never_panics(bytes: &[u8]) {
    let shown = |problems: &[limber::core::routine::Diagnostic]| {
        for p in problems {
            let line = p.render("x.ron");
            assert!(unsafe_chars(&line).next().is_none(), "{line:?}");
        }
    };
    match parse_bytes(bytes) {
        Ok(r) => {
            let t = timeline::expand(&r);
            assert_eq!(t.planned_secs, timeline::planned_secs(&r));
            shown(&hints(&r));
        }
        Err(problems) => {
            // Every problem at its place (SPEC 4), rule violations included.
            assert!(!problems.is_empty());
            for p in &problems {
                assert!(p.position.is_some(), "not placed: {p:?}");
            }
            shown(&problems);
        }
    }
}

/// Characters a paste brings in that no text may hold (a variation selector is
/// not one: after a letter it is fine).
const INVISIBLES: &[char] = &[
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{ad}',
    '\u{feff}',
    '\u{2028}',
    '\u{2029}',
    '\u{2060}',
    '\u{2062}',
    '\u{202e}',
    '\u{2067}',
    '\u{61c}',
    '\u{180e}',
    '\u{e0041}',
    '\u{fff9}',
    '\u{3164}',
    '\u{1b}',
    '\u{85}',
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Arbitrary bytes: an error or a routine, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        load_never_panics(&bytes);
    }

    /// Strings of RON tokens, closer to the grammar than random bytes.
    #[test]
    fn token_soup_never_panics(tokens in prop::collection::vec(proptest::sample::select(TOKENS), 0..200)) {
        load_never_panics(tokens.concat().as_bytes());
    }

    /// Mutations of a valid routine's text: an error or a (valid) routine, never a panic.
    #[test]
    fn mutated_routines_never_panic(r in routine(), edits in prop::collection::vec(edit(), 1..12)) {
        let mut bytes = ron_text(&r).into_bytes();
        for e in &edits {
            apply(&mut bytes, e);
        }
        load_never_panics(&bytes);
        if let Ok(back) = parse_bytes(&bytes) {
            prop_assert_eq!(validate(&back), vec![]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A leading byte-order mark changes nothing, positions included.
    #[test]
    fn a_leading_bom_changes_nothing(r in routine(), edits in prop::collection::vec(edit(), 0..4)) {
        let mut bytes = ron_text(&r).into_bytes();
        for e in &edits {
            apply(&mut bytes, e);
        }
        let mut with_bom = "\u{feff}".as_bytes().to_vec();
        with_bom.extend_from_slice(&bytes);
        prop_assert_eq!(parse_bytes(&with_bom), parse_bytes(&bytes));
    }

    /// An invisible character anywhere in the title is an error that names the
    /// title and shows the character escaped.
    #[test]
    fn an_invisible_character_in_the_title_is_named(
        r in routine(),
        c in proptest::sample::select(INVISIBLES),
        at in any::<Index>(),
    ) {
        let mut r = r;
        let chars: Vec<char> = r.title.chars().collect();
        let at = at.index(chars.len() + 1);
        r.title = chars[..at].iter().chain(std::iter::once(&c)).chain(&chars[at..]).collect();
        let problems = parse_str(&ron_text(&r)).unwrap_err();
        let escaped = c.escape_unicode().to_string();
        prop_assert!(
            problems.iter().any(|p| p.message.starts_with("title: contains the ") && p.message.contains(&escaped)),
            "{:?}", problems
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Deep nesting of any bracket kind is an error, not a stack overflow.
    #[test]
    fn deep_nesting_is_an_error(depth in 1_000usize..60_000, open in proptest::sample::select(vec!["[", "(", "Step(", "Some(", "{"])) {
        let src = format!("Routine(title: \"x\", steps: {})", open.repeat(depth));
        prop_assert!(parse_str(&src).is_err());
        let src = open.repeat(depth);
        prop_assert!(parse_str(&src).is_err());
    }
}
