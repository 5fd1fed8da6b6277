//! What a runner hears, end to end without a sound card: the engine's events go
//! through the same `Guide` as in a session into a recording player, which
//! notes each cue with the session's elapsed timeline second.
#![allow(clippy::unwrap_used)]

use limber::cue::{Cue, CuePlayer};
use limber::guidance::Guide;
use limber::routine::load::parse_str;
use limber::session::Engine;
use limber::timeline::expand;
use std::time::{Duration, Instant};

const SPEC_EXAMPLE: &str = r#"Routine(title: "Spec example", transition: 5, steps: [
    Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: 30, side: Each, sets: 2, rest: 10),
])"#;

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

enum Act {
    Wait(f64),
    Pause,
    Resume,
    Skip,
    Back,
}

/// Runs the example, delivering events every half second of real time.
fn hear(acts: &[Act], guide: Guide) -> Recording {
    let routine = parse_str(SPEC_EXAMPLE).unwrap();
    let timeline = expand(&routine);
    let t0 = Instant::now();
    let mut engine = Engine::new(timeline.clone(), 1, t0);
    let mut rec = Recording::default();
    let mut real = 0.0f64;
    for act in acts {
        let now = t0 + Duration::from_secs_f64(real);
        let events = match act {
            Act::Wait(secs) => {
                let end = real + secs;
                while real < end {
                    real += 0.5;
                    let at = t0 + Duration::from_secs_f64(real);
                    let events = engine.advance(at);
                    rec.now = engine.elapsed(at).as_secs_f64();
                    guide.deliver(&timeline, &events, &mut rec, &mut std::io::sink());
                }
                continue;
            }
            Act::Pause => engine.pause(now),
            Act::Resume => engine.resume(now),
            Act::Skip => engine.skip(now),
            Act::Back => engine.back(now),
        };
        rec.now = engine.elapsed(now).as_secs_f64();
        guide.deliver(&timeline, &events, &mut rec, &mut std::io::sink());
    }
    rec
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
