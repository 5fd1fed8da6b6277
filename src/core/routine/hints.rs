//! Coach hints: timings and doses outside what the evidence supports. They are
//! warnings, never errors: a coach may have a reason (see README, "Coach hints").

use super::diagnostic::Diagnostic;
use super::model::{Dose, GroupItem, Item, Kind, Routine, Step, Target, Tempo, When};
use super::validate::{ItemPath, step_label};
use std::collections::BTreeMap;

/// Static holds shorter than this do little for range of motion.
pub const STRETCH_MIN_SECS: u32 = 15;
/// Holds longer than this add nothing over repeated shorter holds.
pub const STRETCH_MAX_SECS: u32 = 120;
/// Rolling one area for less than this is too brief to change how it feels.
pub const MASSAGE_MIN_SECS: u32 = 20;
/// Rolling one area for longer than this risks bruising and irritation.
pub const MASSAGE_MAX_SECS: u32 = 180;
/// Static stretching of one muscle beyond this right before running costs performance.
pub const PRE_RUN_STRETCH_MAX_SECS: u32 = 60;

/// Words in a title or summary that say a routine is done before running.
const PRE_RUN_WORDS: [&str; 10] = [
    "before a run",
    "before your run",
    "before running",
    "before you run",
    "pre-run",
    "pre run",
    "prerun",
    "warm-up",
    "warm up",
    "warmup",
];

/// The plantar-fascia-specific stretch is done as many short holds (`DiGiovanni`
/// et al. 2003: 10 holds of 10 s), so short holds there are the protocol.
const PLANTAR_HOLD_MIN_SECS: u32 = 10;
const PLANTAR_MIN_SETS: u32 = 5;

/// Paced tendon loading (the calf, the Achilles, the plantar fascia). The two
/// most studied doses:
/// - Alfredson et al. 1998 (*Am J Sports Med* 26(3):360-366), eccentric heel
///   drops for Achilles tendinopathy: 3 sets of 15, straight and bent knee,
///   twice a day for 12 weeks; the lowering is slow, the raise done with the
///   other leg.
/// - Rathleff et al. 2015 (*Scand J Med Sci Sports* 25(3):e292-e300),
///   high-load heel raises for plantar fasciitis: 3 s up, 2 s hold, 3 s down,
///   12 repetitions (3 sets), then 10 (4 sets), then 8 (5 sets) as the load
///   rises, every other day.
///
/// Sets of more than this many repetitions are endurance work, not the load
/// either protocol gives.
pub const PACED_MAX_REPS_PER_SET: u32 = 15;
/// Alfredson's 3 x 15: the most repetitions per side in one session.
pub const PACED_MAX_REPS_PER_SESSION: u32 = 45;
/// A lowering quicker than this is a drop, not slow eccentric loading
/// (Rathleff's 3 s down; Alfredson's slow lowering).
pub const PACED_MIN_DOWN_SECS: u32 = 2;

pub fn hints(routine: &Routine) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for_each_step(routine, |at, step, _| {
        if let Some(message) = step_hint(step) {
            out.push(warn(&step_label(at, step), message));
        }
    });
    if is_pre_run(routine) {
        out.extend(pre_run_hints(routine));
    }
    // Only when the file does not say: `Anytime` written out is the coach's choice.
    if routine.when.is_none() && title_says_pre_run(routine) {
        out.push(
            Diagnostic::file(
                "the title says this routine is for before a run; add `when: PreRun` so that limber knows it too",
            )
            .warning(),
        );
    }
    out
}

/// Calls `f` for every step, those inside a Repeat too (once each, with how
/// many rounds it is done).
fn for_each_step(routine: &Routine, mut f: impl FnMut(ItemPath, &Step, u32)) {
    for (index, item) in routine.steps.iter().enumerate() {
        match item {
            Item::Step(step) => f(ItemPath::top(index), step, 1),
            Item::Rest(_) => {}
            Item::Repeat(repeat) => {
                for (inner, item) in repeat.steps.iter().enumerate() {
                    if let GroupItem::Step(step) = item {
                        let at = ItemPath {
                            index,
                            inner: Some(inner),
                        };
                        f(at, step, repeat.times);
                    }
                }
            }
        }
    }
}

fn step_hint(step: &Step) -> Option<String> {
    match (step.kind, step.dose()) {
        (_, Dose::Paced { reps, tempo }) => paced_hint(step, reps, tempo),
        (Kind::Stretch, Dose::Timed { secs })
            if secs < STRETCH_MIN_SECS && !is_plantar_protocol(step, secs) =>
        {
            Some(format!(
                "a static hold of {secs} s is short; holds of {STRETCH_MIN_SECS}-60 s are what the evidence supports"
            ))
        }
        (Kind::Stretch, Dose::Timed { secs }) if secs > STRETCH_MAX_SECS => Some(format!(
            "a static hold of {secs} s is long; beyond {STRETCH_MAX_SECS} s adds nothing, use more sets of 30-60 s"
        )),
        (Kind::Massage, Dose::Timed { secs }) if secs < MASSAGE_MIN_SECS => Some(format!(
            "{secs} s of rolling on one area is brief; {MASSAGE_MIN_SECS}-120 s is what the evidence supports"
        )),
        (Kind::Massage, Dose::Timed { secs }) if secs > MASSAGE_MAX_SECS => Some(format!(
            "{secs} s of rolling on one area is long; keep it under {MASSAGE_MAX_SECS} s to avoid irritating the tissue"
        )),
        _ => None,
    }
}

/// The dose of slow tendon loading, against Alfredson's and Rathleff's.
fn paced_hint(step: &Step, reps: u32, tempo: Tempo) -> Option<String> {
    let tendon = matches!(
        step.target,
        Target::Calves | Target::Achilles | Target::PlantarFascia
    );
    if step.kind != Kind::Strength || !tendon {
        return None;
    }
    if tempo.down < PACED_MIN_DOWN_SECS {
        return Some(format!(
            "a lowering of {} s is quick; tendon loading lowers slowly: 3 s down (Rathleff et al. 2015: 3 s up, 2 s hold, 3 s down; Alfredson et al. 1998: a slow lowering)",
            tempo.down
        ));
    }
    if reps > PACED_MAX_REPS_PER_SET {
        return Some(format!(
            "{reps} repetitions in a set is endurance work; the tendon protocols use 15 (Alfredson et al. 1998) or 12, then 10, then 8 with more load (Rathleff et al. 2015)"
        ));
    }
    let per_session = reps.saturating_mul(step.sets);
    if per_session > PACED_MAX_REPS_PER_SESSION {
        return Some(format!(
            "{per_session} repetitions per side in one session is more than Alfredson's 3 x 15 (done twice a day); add load or sessions, not repetitions"
        ));
    }
    None
}

fn is_plantar_protocol(step: &Step, secs: u32) -> bool {
    step.target == Target::PlantarFascia
        && secs >= PLANTAR_HOLD_MIN_SECS
        && step.sets >= PLANTAR_MIN_SETS
}

fn warn(item: &str, message: String) -> Diagnostic {
    Diagnostic::item(item, message).warning()
}

/// Whether the routine is done right before a run: its `when`, or, when the
/// file does not say, its title or summary.
pub fn is_pre_run(routine: &Routine) -> bool {
    match routine.when {
        Some(When::PreRun) => true,
        Some(When::PostRun | When::Anytime) => false,
        None => title_says_pre_run(routine),
    }
}

/// Whether the title or summary says the routine is done right before a run.
fn title_says_pre_run(routine: &Routine) -> bool {
    let text = format!(
        "{} {}",
        routine.title,
        routine.summary.as_deref().unwrap_or_default()
    )
    .to_lowercase();
    PRE_RUN_WORDS.iter().any(|w| text.contains(w))
}

/// Static stretching per target (per side, since each leg is its own muscle).
fn pre_run_hints(routine: &Routine) -> Vec<Diagnostic> {
    let mut per_target: BTreeMap<Target, u32> = BTreeMap::new();
    for_each_step(routine, |_, step, rounds| {
        if let (Kind::Stretch, Dose::Timed { secs }) = (step.kind, step.dose()) {
            *per_target.entry(step.target).or_default() += secs * step.sets * rounds;
        }
    });
    per_target
        .into_iter()
        .filter(|&(_, secs)| secs > PRE_RUN_STRETCH_MAX_SECS)
        .map(|(target, secs)| {
            Diagnostic::file(format!(
                "this routine is for before a run, but it holds static stretches of the {target} for {secs} s; more than {PRE_RUN_STRETCH_MAX_SECS} s per muscle right before running costs performance, so keep pre-run work dynamic (kind: Mobility)"
            ))
            .warning()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::routine::load::parse_str;

    fn hinted(head: &str, steps: &str) -> Vec<String> {
        let src = format!("Routine({head} steps: [{steps}])");
        let routine = parse_str(&src).expect("valid");
        hints(&routine).iter().map(Diagnostic::short).collect()
    }

    const LONG_STRETCH: &str =
        r#"Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: 45, sets: 2)"#;

    #[test]
    fn when_decides_whether_a_routine_is_pre_run() {
        let warned = |found: &[String]| found.iter().any(|h| h.contains("is for before a run"));
        assert!(warned(&hinted(
            r#"title: "Calves", when: PreRun,"#,
            LONG_STRETCH
        )));
        // `PostRun` wins over a title that says warm-up; no `when` follows the title.
        assert!(!warned(&hinted(
            r#"title: "Warm-up calves", when: PostRun,"#,
            LONG_STRETCH
        )));
        assert!(warned(&hinted(r#"title: "Warm-up calves","#, LONG_STRETCH)));
        // A Repeat's rounds add up: 3 x 30 s of the same muscle.
        assert!(warned(&hinted(
            r#"title: "Calves", when: PreRun,"#,
            r#"Repeat(times: 3, steps: [Step(name: "S", kind: Stretch, target: Calves, seconds: 30)])"#
        )));
    }

    #[test]
    fn a_title_that_says_pre_run_asks_for_when() {
        let ask = "add `when: PreRun`";
        let mobility =
            r#"Step(name: "Leg swings", kind: Mobility, target: HipFlexors, seconds: 30)"#;
        assert!(hinted(r#"title: "Pre-run swings","#, mobility)[0].contains(ask));
        assert!(
            !hinted(r#"title: "Pre-run swings", when: PreRun,"#, mobility)
                .iter()
                .any(|h| h.contains(ask))
        );
        assert!(hinted(r#"title: "Swings","#, mobility).is_empty());
        // `Anytime` written out is the coach's answer: nothing to ask, and the
        // title no longer makes it a pre-run routine.
        assert!(hinted(r#"title: "Pre-run swings", when: Anytime,"#, mobility).is_empty());
    }

    #[test]
    fn paced_tendon_work_is_held_to_the_protocols() {
        let step = |reps: u32, sets: u32, tempo: &str| {
            format!(
                r#"Step(name: "Heel drop", kind: Strength, target: Achilles, reps: {reps}, sets: {sets}, tempo: ({tempo}))"#
            )
        };
        let title = r#"title: "Heel drops","#;
        // Alfredson: 3 x 15, slow lowering; Rathleff: 12 reps at 3-2-3.
        assert!(hinted(title, &step(15, 3, "down: 3")).is_empty());
        assert!(hinted(title, &step(12, 3, "up: 3, hold: 2, down: 3")).is_empty());
        assert!(
            hinted(title, &step(15, 3, "up: 1, down: 1"))[0].contains("lowering of 1 s is quick")
        );
        assert!(hinted(title, &step(20, 1, "down: 3"))[0].contains("20 repetitions in a set"));
        assert!(hinted(title, &step(15, 4, "down: 3"))[0].contains("60 repetitions per side"));
        // Not tendon loading: no dose hint.
        assert!(
            hinted(
                title,
                r#"Step(name: "Squat", kind: Strength, target: Quads, reps: 30, tempo: (up: 1, down: 1))"#
            )
            .is_empty()
        );
    }
}
