//! Session engine rules, driven with made-up instants (no sleeping).
#![allow(clippy::unwrap_used)]

use crate::support::SPEC_EXAMPLE;
use limber::core::cue::Cue;
use limber::core::engine::{Engine, Event};
use limber::core::routine::load::parse_str;
use limber::core::timeline::expand;
use std::time::{Duration, Instant};

fn engine(src: &str, speed: u32) -> (Engine, Instant) {
    let routine = parse_str(src).unwrap();
    let t0 = Instant::now();
    (Engine::new(expand(&routine), speed, t0), t0)
}

fn s(secs: f64) -> Duration {
    Duration::from_secs_f64(secs)
}

fn cues(events: &[Event]) -> Vec<(Cue, f64)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Cue { cue, at, .. } => Some((*cue, at.as_secs_f64())),
            _ => None,
        })
        .collect()
}

#[test]
fn spec_example_fires_every_cue_at_its_second() {
    use Cue::*;
    let (mut e, t0) = engine(SPEC_EXAMPLE, 1);
    let events = e.advance(t0 + s(200.0));
    let expected = vec![
        (Tick, 2.0),
        (Tick, 3.0),
        (Tick, 4.0),
        (Start, 5.0),
        (Halfway, 20.0),
        (Tick, 32.0),
        (Tick, 33.0),
        (Tick, 34.0),
        (End, 35.0),
        (Switch, 35.0),
        (Tick, 37.0),
        (Tick, 38.0),
        (Tick, 39.0),
        (Start, 40.0),
        (Halfway, 55.0),
        (Tick, 67.0),
        (Tick, 68.0),
        (Tick, 69.0),
        (End, 70.0),
        (Rest, 70.0),
        (Tick, 82.0),
        (Tick, 83.0),
        (Tick, 84.0),
        (Start, 85.0),
        (Halfway, 100.0),
        (Tick, 112.0),
        (Tick, 113.0),
        (Tick, 114.0),
        (End, 115.0),
        (Switch, 115.0),
        (Tick, 117.0),
        (Tick, 118.0),
        (Tick, 119.0),
        (Start, 120.0),
        (Halfway, 135.0),
        (Tick, 147.0),
        (Tick, 148.0),
        (Tick, 149.0),
        (End, 150.0),
        (Done, 150.0),
    ];
    assert_eq!(cues(&events), expected);
    assert_eq!(events.last(), Some(&Event::Finished));
    assert!(e.is_finished());
    let report = e.report(t0 + s(200.0));
    assert!(report.completed);
    assert_eq!(report.work_secs, 120);
    assert!(report.skipped.is_empty());
}

#[test]
fn cues_fire_only_when_due() {
    let (mut e, t0) = engine(SPEC_EXAMPLE, 1);
    let first = e.advance(t0);
    assert_eq!(first, vec![Event::BlockStarted { index: 0 }]);
    assert!(e.advance(t0 + s(1.9)).is_empty());
    assert_eq!(cues(&e.advance(t0 + s(2.0))), vec![(Cue::Tick, 2.0)]);
    assert!(e.advance(t0 + s(2.5)).is_empty(), "a cue never fires twice");
}

#[test]
fn pause_freezes_the_timeline_exactly() {
    let (mut e, t0) = engine(SPEC_EXAMPLE, 1);
    e.advance(t0);
    e.pause(t0 + s(10.0));
    assert!(e.is_paused());
    assert!(
        e.advance(t0 + s(500.0)).is_empty(),
        "nothing happens while paused"
    );
    assert_eq!(
        e.next_deadline(t0 + s(500.0)),
        None,
        "paused: wait for a key"
    );
    assert_eq!(e.status(t0 + s(500.0)).position_secs, 10);
    // Resume after 490 s of pause: the halfway cue (at 20 s) is 10 s away.
    let resumed = e.resume(t0 + s(500.0));
    assert!(cues(&resumed).is_empty());
    assert!(cues(&e.advance(t0 + s(509.9))).is_empty());
    assert_eq!(cues(&e.advance(t0 + s(510.0))), vec![(Cue::Halfway, 20.0)]);
}

#[test]
fn skip_ends_the_block_and_never_fires_its_remaining_cues() {
    let (mut e, t0) = engine(SPEC_EXAMPLE, 1);
    e.advance(t0 + s(6.0)); // in the first work block, 1 s in
    let events = e.skip(t0 + s(6.0));
    assert!(events.contains(&Event::BlockEnded {
        index: 1,
        skipped: true
    }));
    assert!(events.contains(&Event::BlockStarted { index: 2 }));
    // The next block (transition into the right side) starts now: its switch cue.
    assert_eq!(cues(&events), vec![(Cue::Switch, 35.0)]);
    // The skipped block's halfway (planned at 20 s) and end never come.
    let later = e.advance(t0 + s(200.0));
    assert!(!cues(&later).iter().any(|&(_, at)| at > 5.0 && at < 35.0));
    let report = e.report(t0 + s(200.0));
    assert!(report.completed, "skips are allowed in a completed session");
    assert_eq!(report.skipped, vec!["Wall calf stretch".to_string()]);
    assert_eq!(report.work_secs, 1 + 90);
}

#[test]
fn back_restarts_the_block_then_goes_to_the_previous_one() {
    let (mut e, t0) = engine(SPEC_EXAMPLE, 1);
    e.advance(t0 + s(15.0)); // work block 1, 10 s in
    let events = e.back(t0 + s(15.0));
    assert_eq!(
        events,
        vec![
            Event::BlockStarted { index: 1 },
            Event::Cue {
                cue: Cue::Start,
                block: 1,
                at: s(5.0)
            },
        ]
    );
    assert_eq!(e.status(t0 + s(16.0)).remaining_secs, 29);
    // Again within 2 s: the transition before it.
    let events = e.back(t0 + s(16.5));
    assert_eq!(events.first(), Some(&Event::BlockStarted { index: 0 }));
    // Again, but after 2 s: restarts block 0 only.
    let events = e.back(t0 + s(19.0));
    assert!(events.contains(&Event::BlockStarted { index: 0 }));
    assert_eq!(e.status(t0 + s(19.0)).block, Some(0));
}

#[test]
fn speed_scales_the_clock() {
    let (mut e, t0) = engine(SPEC_EXAMPLE, 10);
    let events = e.advance(t0 + s(15.0));
    assert!(e.is_finished());
    assert_eq!(cues(&events).last(), Some(&(Cue::Done, 150.0)));
    let (mut e, t0) = engine(SPEC_EXAMPLE, 10);
    e.advance(t0);
    assert!(!cues(&e.advance(t0 + s(0.49))).contains(&(Cue::Start, 5.0)));
    assert_eq!(cues(&e.advance(t0 + s(0.5))), vec![(Cue::Start, 5.0)]);
}

#[test]
fn no_drift_over_a_long_routine() {
    // 200 blocks of 29 s each, advanced at awkward instants.
    let steps: Vec<String> = (0..100)
        .map(|i| format!(r#"Step(name: "s{i}", kind: Massage, target: Calves, seconds: 29)"#))
        .collect();
    let src = format!(
        r#"Routine(title: "long", transition: 0, steps: [{}])"#,
        steps.join(",")
    );
    let (mut e, t0) = engine(&src, 1);
    let mut t = Duration::ZERO;
    while t < s(2899.0) {
        e.advance(t0 + t);
        t += Duration::from_millis(337);
    }
    let status = e.status(t0 + s(2899.5));
    assert_eq!(status.block, Some(99));
    assert_eq!(status.position_secs, 2899);
    let events = e.advance(t0 + s(2900.0));
    assert!(events.contains(&Event::Finished));
}

#[test]
fn deadline_is_the_next_visible_change() {
    let (mut e, t0) = engine(SPEC_EXAMPLE, 1);
    e.advance(t0);
    let d = e.next_deadline(t0 + s(0.25)).unwrap();
    let wait = d - t0;
    assert!(
        wait >= s(1.0) && wait < s(1.001),
        "next whole second: {wait:?}"
    );
    // Waking at the deadline always finds something to show.
    e.advance(d);
    assert_eq!(e.status(d).remaining_secs, 4);
    let (mut e, t0) = engine(SPEC_EXAMPLE, 4);
    e.advance(t0);
    let wait = e.next_deadline(t0).unwrap() - t0;
    assert!(wait >= s(0.25) && wait < s(0.251), "speed 4: {wait:?}");
}

#[test]
fn prompts_fire_and_stay_shown_for_a_while() {
    let src = r#"Routine(title: "p", transition: 0, steps: [
        Step(name: "Roll", kind: Massage, target: Calves, seconds: 60,
             prompts: [(at: 10, text: "one"), (at: 40, text: "two")]),
    ])"#;
    let (mut e, t0) = engine(src, 1);
    e.advance(t0);
    assert_eq!(e.status(t0 + s(9.0)).prompt, None);
    let events = e.advance(t0 + s(10.0));
    assert_eq!(
        events[0],
        Event::Prompt {
            block: 0,
            prompt: 0
        }
    );
    assert_eq!(cues(&events), vec![(Cue::Prompt, 10.0)]);
    assert_eq!(e.status(t0 + s(19.0)).prompt, Some(0));
    assert_eq!(e.status(t0 + s(20.0)).prompt, None);
    assert_eq!(e.status(t0 + s(41.0)).prompt, Some(1));
}

#[test]
fn switch_cue_with_no_transition_comes_with_the_work() {
    let src = r#"Routine(title: "p", transition: 0, steps: [
        Step(name: "Stretch", kind: Stretch, target: Calves, seconds: 15, side: Each),
    ])"#;
    let (mut e, t0) = engine(src, 1);
    let all = cues(&e.advance(t0 + s(100.0)));
    assert!(all.contains(&(Cue::Switch, 15.0)));
    assert!(all.contains(&(Cue::Start, 15.0)));
    assert!(!all.contains(&(Cue::Halfway, 7.5)), "no halfway under 20 s");
}

#[test]
fn stopping_mid_block_reports_partial_work() {
    let (mut e, t0) = engine(SPEC_EXAMPLE, 1);
    e.advance(t0 + s(50.0));
    let r = e.report(t0 + s(50.0));
    assert!(!r.completed);
    assert_eq!(r.work_secs, 30 + 10);
    assert_eq!(r.targets.values().sum::<u32>(), 40);
}

#[test]
fn time_stands_still_once_finished_even_after_a_pause() {
    let (mut e, t0) = engine(SPEC_EXAMPLE, 1);
    e.advance(t0);
    e.pause(t0 + s(10.0));
    // Skip every block while paused: the routine ends at 10 s of timeline time.
    while !e.is_finished() {
        e.skip(t0 + s(110.0));
    }
    assert_eq!(e.elapsed(t0 + s(110.0)), s(10.0));
    assert_eq!(e.elapsed(t0 + s(9999.0)), s(10.0));
    assert!(e.report(t0 + s(9999.0)).completed);
}

/// Rathleff's heel raise, 3 repetitions of 3 s up, 2 s hold, 3 s down, after a
/// 2 s get-ready of its own (not the routine's 5 s).
const PACED: &str = r#"Routine(title: "Heel raises", transition: 5, steps: [
    Step(name: "Heel raise", kind: Strength, target: Calves, reps: 3,
         tempo: (up: 3, hold: 2, down: 3), transition: 2),
])"#;

#[test]
fn a_paced_block_cues_up_and_down_and_counts_repetitions_without_ticks() {
    use Cue::*;
    let (mut e, t0) = engine(PACED, 1);
    assert_eq!(e.timeline().planned_secs, 2 + 24);
    let events = e.advance(t0 + s(100.0));
    assert_eq!(
        cues(&events),
        vec![
            (Tick, 0.0),
            (Tick, 1.0),
            (Start, 2.0),
            (Up, 2.0),
            (Down, 7.0),
            (Up, 10.0),
            (Down, 15.0),
            (Up, 18.0),
            (Down, 23.0),
            (End, 26.0),
            (Done, 26.0),
        ]
    );
    let reps: Vec<(u32, u32)> = events
        .iter()
        .filter_map(|e| match e {
            Event::Repetition { rep, of, .. } => Some((*rep, *of)),
            _ => None,
        })
        .collect();
    assert_eq!(reps, [(1, 3), (2, 3), (3, 3)]);
    // Each repetition's number comes before its first phase's cue.
    let first_up = events
        .iter()
        .position(|e| matches!(e, Event::Cue { cue: Up, .. }))
        .unwrap();
    let first_rep = events
        .iter()
        .position(|e| matches!(e, Event::Repetition { rep: 1, .. }))
        .unwrap();
    assert!(first_rep < first_up);
}

#[test]
fn a_paced_block_knows_its_repetition_and_phase_at_any_instant() {
    use limber::core::timeline::Phase;
    let (mut e, t0) = engine(PACED, 1);
    let at = |e: &mut Engine, secs: f64| {
        let now = t0 + s(secs);
        e.advance(now);
        e.status(now)
            .pace
            .map(|p| (p.rep, p.phase, p.remaining.as_secs_f64()))
    };
    assert_eq!(at(&mut e, 1.0), None, "the get-ready is not paced");
    assert_eq!(at(&mut e, 2.0), Some((1, Phase::Up, 3.0)));
    assert_eq!(at(&mut e, 4.5), Some((1, Phase::Up, 0.5)));
    assert_eq!(at(&mut e, 5.0), Some((1, Phase::Hold, 2.0)));
    assert_eq!(at(&mut e, 9.25), Some((1, Phase::Down, 0.75)));
    assert_eq!(at(&mut e, 10.0), Some((2, Phase::Up, 3.0)));
    // Paused, the phase holds; resumed, it goes on where it was.
    e.pause(t0 + s(11.0));
    assert_eq!(
        e.status(t0 + s(40.0))
            .pace
            .map(|p| (p.rep, p.phase, p.remaining)),
        Some((2, Phase::Up, s(2.0)))
    );
    e.resume(t0 + s(40.0));
    assert_eq!(at(&mut e, 41.0), Some((2, Phase::Up, 1.0)));
    assert_eq!(at(&mut e, 42.0), Some((2, Phase::Hold, 2.0)));
    // Skipped, nothing of it fires later.
    let events = e.skip(t0 + s(42.5));
    assert!(
        !events.iter().any(|e| matches!(
            e,
            Event::Repetition { .. }
                | Event::Cue {
                    cue: Cue::Down | Cue::Up,
                    ..
                }
        )),
        "{events:?}"
    );
    assert!(e.is_finished());
}

#[test]
fn upcoming_names_every_cue_before_it_fires_at_its_moment() {
    // Walk the whole routine from one announced moment to the next: what was
    // announced is exactly what fires there, in the same order.
    for speed in [1, 3] {
        let (mut e, t0) = engine(SPEC_EXAMPLE, speed);
        e.advance(t0);
        let mut heard = Vec::new();
        while let Some(next) = e.upcoming() {
            let fired = e.advance(next.at);
            let fired: Vec<Cue> = cues(&fired).into_iter().map(|(c, _)| c).collect();
            assert_eq!(fired, next.cues, "at {:?}", next.at - t0);
            heard.extend(fired);
        }
        assert!(e.is_finished());
        let (mut all, t0) = engine(SPEC_EXAMPLE, speed);
        let every: Vec<Cue> = cues(&all.advance(t0 + s(1000.0)))
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(heard, every, "no cue missed between announcements");
    }
}

#[test]
fn upcoming_crosses_a_block_end_and_reaches_the_routine_end() {
    let (mut e, t0) = engine(SPEC_EXAMPLE, 1);
    e.advance(t0);
    let first = e.upcoming().unwrap();
    assert_eq!(first.cues, vec![Cue::Tick]);
    assert!(first.at > t0 + s(2.0) && first.at < t0 + s(2.001));
    e.advance(t0 + s(4.5));
    // The transition has nothing left: its end brings the work's start.
    assert_eq!(e.upcoming().unwrap().cues, vec![Cue::Start]);
    e.advance(t0 + s(34.5));
    assert_eq!(e.upcoming().unwrap().cues, vec![Cue::End, Cue::Switch]);
    e.advance(t0 + s(69.5));
    assert_eq!(e.upcoming().unwrap().cues, vec![Cue::End, Cue::Rest]);
    e.advance(t0 + s(149.5));
    let last = e.upcoming().unwrap();
    assert_eq!(last.cues, vec![Cue::End, Cue::Done]);
    assert!(last.at > t0 + s(150.0) && last.at < t0 + s(150.001));
    e.advance(t0 + s(151.0));
    assert_eq!(e.upcoming(), None, "finished: nothing more");
}

#[test]
fn upcoming_follows_pause_skip_and_back() {
    let (mut e, t0) = engine(SPEC_EXAMPLE, 1);
    e.advance(t0 + s(10.0));
    assert_eq!(e.upcoming().unwrap().cues, vec![Cue::Halfway]);
    e.pause(t0 + s(10.0));
    assert_eq!(e.upcoming(), None, "paused: nothing is laid ahead");
    e.resume(t0 + s(100.0));
    let halfway = e.upcoming().unwrap();
    assert_eq!(halfway.cues, vec![Cue::Halfway]);
    assert!(halfway.at > t0 + s(110.0) && halfway.at < t0 + s(110.001));
    // Skipped: the next block's first tick instead (2 s into the transition).
    e.skip(t0 + s(101.0));
    let next = e.upcoming().unwrap();
    assert_eq!(next.cues, vec![Cue::Tick]);
    assert!(next.at > t0 + s(103.0) && next.at < t0 + s(103.001));
    // Back to the transition's start: its first tick again, 2 s from now.
    e.back(t0 + s(102.5));
    let again = e.upcoming().unwrap();
    assert!(again.at > t0 + s(104.5) && again.at < t0 + s(104.501));
}
