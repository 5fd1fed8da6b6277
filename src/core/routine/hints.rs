//! Coach hints: timings outside what the evidence supports. They are warnings,
//! never errors: a coach may have a reason (see README, "Coach hints").

use super::diagnostic::Diagnostic;
use super::model::{Item, Kind, Routine, Step, Target};
use super::validate::item_label;
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

pub fn hints(routine: &Routine) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, item) in routine.steps.iter().enumerate() {
        let Item::Step(step) = item else { continue };
        let label = item_label(i, item);
        match step.kind {
            Kind::Stretch if step.seconds < STRETCH_MIN_SECS && !is_plantar_protocol(step) => out.push(warn(
                &label,
                format!(
                    "a static hold of {} s is short; holds of {STRETCH_MIN_SECS}-60 s are what the evidence supports",
                    step.seconds
                ),
            )),
            Kind::Stretch if step.seconds > STRETCH_MAX_SECS => out.push(warn(
                &label,
                format!(
                    "a static hold of {} s is long; beyond {STRETCH_MAX_SECS} s adds nothing, use more sets of 30-60 s",
                    step.seconds
                ),
            )),
            Kind::Massage if step.seconds < MASSAGE_MIN_SECS => out.push(warn(
                &label,
                format!(
                    "{} s of rolling on one area is brief; {MASSAGE_MIN_SECS}-120 s is what the evidence supports",
                    step.seconds
                ),
            )),
            Kind::Massage if step.seconds > MASSAGE_MAX_SECS => out.push(warn(
                &label,
                format!(
                    "{} s of rolling on one area is long; keep it under {MASSAGE_MAX_SECS} s to avoid irritating the tissue",
                    step.seconds
                ),
            )),
            _ => {}
        }
    }
    if is_pre_run(routine) {
        out.extend(pre_run_hints(routine));
    }
    out
}

fn is_plantar_protocol(step: &Step) -> bool {
    step.target == Target::PlantarFascia
        && step.seconds >= PLANTAR_HOLD_MIN_SECS
        && step.sets >= PLANTAR_MIN_SETS
}

fn warn(item: &str, message: String) -> Diagnostic {
    Diagnostic::item(item, message).warning()
}

/// Whether the title or summary says the routine is done right before a run.
pub fn is_pre_run(routine: &Routine) -> bool {
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
    for step in routine.work_steps().filter(|s| s.kind == Kind::Stretch) {
        *per_target.entry(step.target).or_default() += step.seconds * step.sets;
    }
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
