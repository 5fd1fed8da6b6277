//! What a runner hears, end to end without a sound card: the session runner
//! (the same one both shells drive) turns the engine's events into cues, and
//! its `Do`s are carried out into a recording player, which notes each cue
//! with the session's elapsed timeline second; a recording journal checks
//! that the record follows the sounds.
#![allow(clippy::unwrap_used)]

use crate::support::SPEC_EXAMPLE;
use limber::audio::voice::DefaultVoice;
use limber::core::cue::{Cue, CuePlayer};
use limber::core::engine::Report;
use limber::core::routine::load::parse_str;
use limber::session::guide::Guide;
use limber::session::runner::{Ports, Prepared, Runner, carry_out};
use limber::store::journal::{Journal, Saved, SessionStart, Trouble};
use std::time::{Duration, Instant};

#[derive(Default)]
struct Recording {
    /// The session's elapsed timeline time when the next events are delivered.
    now: f64,
    played: Vec<(Cue, f64)>,
    spoken: Vec<String>,
}

impl CuePlayer for Recording {
    fn play(&mut self, cue: Cue) {
        self.played.push((cue, self.now));
    }
    fn speak(&mut self, text: &str) {
        self.spoken.push(text.to_string());
    }
}

/// Notes what reaches the journal.
#[derive(Default)]
struct Notes {
    calls: Vec<String>,
}

impl Journal for Notes {
    fn started(&mut self, start: &SessionStart) {
        self.calls.push(format!("started {}", start.id));
    }
    fn rated_before(&mut self, rating: u8) {
        self.calls.push(format!("rated {rating}"));
    }
    fn progress(&mut self, report: &Report) {
        self.calls.push(format!("progress {}", report.work_secs));
    }
    fn ended(&mut self, report: &Report) {
        self.calls.push(format!("ended {}", report.completed));
    }
    fn complete(&mut self, _: Option<u8>) -> Saved {
        Saved::Yes
    }
    fn start_trouble(&self) -> Option<Trouble> {
        None
    }
}

enum Act {
    Wait(f64),
    Pause,
    Resume,
    Skip,
    Back,
}

/// Runs the example, delivering events every half second of real time.
fn hear(acts: &[Act], guide: Guide) -> Recording {
    hear_with_journal(acts, guide).0
}

fn hear_with_journal(acts: &[Act], guide: Guide) -> (Recording, Notes) {
    let routine = parse_str(SPEC_EXAMPLE).unwrap();
    let prepared = Prepared::new("spec".into(), routine);
    let t0 = Instant::now();
    let (mut runner, _) = Runner::start(prepared, 1, guide, None, t0);
    let mut rec = Recording::default();
    let mut notes = Notes::default();
    let mut deliver = |runner: &mut Runner, rec: &mut Recording, at: Instant| {
        rec.now = runner.engine().elapsed(at).as_secs_f64();
        let mut ports = Ports {
            player: rec,
            voice: &mut DefaultVoice,
            journal: &mut notes,
            bell: &mut std::io::sink(),
        };
        carry_out(runner.take(), &mut ports);
    };
    deliver(&mut runner, &mut rec, t0);
    let mut real = 0.0f64;
    for act in acts {
        let now = t0 + Duration::from_secs_f64(real);
        match act {
            Act::Wait(secs) => {
                let end = real + secs;
                while real < end {
                    real += 0.5;
                    let at = t0 + Duration::from_secs_f64(real);
                    runner.advance(at);
                    deliver(&mut runner, &mut rec, at);
                }
                continue;
            }
            Act::Pause => runner.pause(now),
            Act::Resume => runner.resume(now),
            Act::Skip => runner.skip(now),
            Act::Back => runner.back(now),
        };
        deliver(&mut runner, &mut rec, now);
    }
    (rec, notes)
}

fn cues(rec: &Recording) -> Vec<(&'static str, f64)> {
    rec.played.iter().map(|(c, at)| (c.name(), *at)).collect()
}

#[test]
fn the_spec_example_sounds_every_cue_on_its_second() {
    let rec = hear(&[Act::Wait(160.0)], Guide::default());
    let expected = vec![
        ("tick", 2.0),
        ("tick", 3.0),
        ("tick", 4.0),
        ("start", 5.0),
        ("halfway", 20.0),
        ("tick", 32.0),
        ("tick", 33.0),
        ("tick", 34.0),
        ("end", 35.0),
        ("switch", 35.0),
        ("tick", 37.0),
        ("tick", 38.0),
        ("tick", 39.0),
        ("start", 40.0),
        ("halfway", 55.0),
        ("tick", 67.0),
        ("tick", 68.0),
        ("tick", 69.0),
        ("end", 70.0),
        ("rest", 70.0),
        ("tick", 82.0),
        ("tick", 83.0),
        ("tick", 84.0),
        ("start", 85.0),
        ("halfway", 100.0),
        ("tick", 112.0),
        ("tick", 113.0),
        ("tick", 114.0),
        ("end", 115.0),
        ("switch", 115.0),
        ("tick", 117.0),
        ("tick", 118.0),
        ("tick", 119.0),
        ("start", 120.0),
        ("halfway", 135.0),
        ("tick", 147.0),
        ("tick", 148.0),
        ("tick", 149.0),
        ("end", 150.0),
        ("done", 150.0),
    ];
    assert_eq!(cues(&rec), expected);
}

#[test]
fn a_pause_holds_the_cues_and_they_come_on_their_timeline_second() {
    // Pause 10 s into the first work block, for a minute of real time.
    let rec = hear(
        &[
            Act::Wait(15.0),
            Act::Pause,
            Act::Wait(60.0),
            Act::Resume,
            Act::Wait(10.0),
        ],
        Guide::default(),
    );
    assert_eq!(
        cues(&rec),
        vec![
            ("tick", 2.0),
            ("tick", 3.0),
            ("tick", 4.0),
            ("start", 5.0),
            ("halfway", 20.0)
        ]
    );
}

#[test]
fn a_skip_drops_the_rest_of_the_block_and_back_replays_it() {
    // 1 s into the first work block: skip. The switch into the right side
    // sounds at once; the left side's halfway, ticks and end never do.
    let rec = hear(
        &[
            Act::Wait(6.0),
            Act::Skip,
            Act::Wait(3.0),
            Act::Back,
            Act::Wait(1.0),
        ],
        Guide::default(),
    );
    assert_eq!(
        cues(&rec),
        vec![
            ("tick", 2.0),
            ("tick", 3.0),
            ("tick", 4.0),
            ("start", 5.0),
            ("switch", 6.0),
            ("tick", 8.0),
            ("tick", 9.0),
            // Back 3 s into the transition restarts it: its switch cue again.
            ("switch", 9.0),
        ]
    );
}

#[test]
fn muted_nothing_plays_and_the_voice_speaks_each_block() {
    let muted = hear(
        &[Act::Wait(160.0)],
        Guide {
            muted: true,
            ..Guide::default()
        },
    );
    assert!(muted.played.is_empty());
    let voiced = hear(
        &[Act::Wait(45.0)],
        Guide {
            voice: true,
            ..Guide::default()
        },
    );
    assert_eq!(
        voiced.spoken,
        vec![
            "Get ready. Left side. Wall calf stretch.",
            "Left side. Wall calf stretch. 30 seconds.",
            "Switch to the right side. Wall calf stretch.",
            "Right side. Wall calf stretch. 30 seconds.",
        ]
    );
}

#[test]
fn the_record_starts_once_checkpoints_each_block_and_ends_once() {
    let (_, notes) = hear_with_journal(&[Act::Wait(160.0)], Guide::default());
    assert_eq!(
        notes.calls.first().map(String::as_str),
        Some("started spec")
    );
    assert_eq!(notes.calls.last().map(String::as_str), Some("ended true"));
    // 9 blocks: 8 end with a checkpoint, the last with the end itself.
    let checkpoints = notes
        .calls
        .iter()
        .filter(|c| c.starts_with("progress"))
        .count();
    assert_eq!(checkpoints, 8, "{:?}", notes.calls);
    assert_eq!(
        notes
            .calls
            .iter()
            .filter(|c| c.starts_with("ended"))
            .count(),
        1
    );
}

#[test]
fn at_every_moment_the_sounds_go_out_before_the_record() {
    let routine = parse_str(SPEC_EXAMPLE).unwrap();
    let prepared = Prepared::new("spec".into(), routine);
    let t0 = Instant::now();
    let (mut runner, _) = Runner::start(prepared, 1, Guide::default(), None, t0);
    let mut moments = vec![runner.take()];
    for half in 1..=320 {
        runner.advance(t0 + Duration::from_millis(500 * half));
        moments.push(runner.take());
    }
    let mut checked = 0;
    for dos in moments {
        if let Some(first_record) = dos.iter().position(limber::session::runner::Do::is_record) {
            checked += 1;
            assert!(
                dos[first_record..]
                    .iter()
                    .all(|d| d.is_record() || matches!(d, limber::session::runner::Do::CueDueAt(_))),
                "a sound after the record: {dos:?}"
            );
        }
    }
    assert!(checked >= 9, "too few moments with a record: {checked}");
}
