//! The session screen of paced work (SPEC 1-2: `reps` with a `tempo`): the
//! phase and its seconds large, the repetition beside them, the block's time
//! left in words; the dose before it; the round of a Repeat. Snapshots at the
//! sizes of [`crate::tui_snapshots`], with made-up instants, and checks that
//! what shows follows [`Pace::at`] and is redrawn at every change and only then.

#![allow(clippy::unwrap_used)]

use crate::tui_snapshots::{SIZES, bare_app, draw, screen_text, secs, snap};
use limber::audio::voice::MissingVoice;
use limber::core::routine::load::parse_str;
use limber::core::timeline::{Pace, Phase};
use limber::session::narrate::phase_word;
use limber::session::runner::Reply;
use limber::ui::tui::app::{App, Prepared, Screen};
use limber::ui::tui::bigtext::BigText;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::time::{Duration, Instant};

/// Slow heel raises, then a circuit. Its timeline (transition 5):
///
/// | block | kind       | what                                  | from | to  |
/// |-------|------------|---------------------------------------|------|-----|
/// | 1     | transition | get ready: heel raise, left, set 1    | 0    | 5   |
/// | 2     | work       | 12 reps of 3-2-3 s, left, set 1 of 2  | 5    | 101 |
/// | 3     | transition | switch to the right side              | 101  | 106 |
/// | 4     | work       | right, set 1 of 2                     | 106  | 202 |
/// | 5     | rest       | between sets                          | 202  | 232 |
/// | 6-9   |            | set 2, left then right                | 232  | 434 |
/// | 10-13 |            | round 1: toe raises 10 x 1-0-2 s, stretch 30 s | 434 | 504 |
/// | 14    | rest       | before round 2 of 3                   | 504  | 524 |
/// | 15    | transition | get ready: toe raises, round 2        | 524  | 529 |
/// | 16    | work       | toe raises, round 2 of 3              | 529  | 559 |
///
/// Repetition 7 of the first block starts 48 s in (53 s): up until 56 s, hold
/// until 58 s, down until 61 s.
const PACED: &str = r#"
Routine(
    title: "Snapshot slow heel raises",
    transition: 5,
    steps: [
        Step(
            name: "Single-leg heel raise",
            kind: Strength,
            target: Calves,
            reps: 12,
            tempo: (up: 3, hold: 2, down: 3),
            side: Each,
            sets: 2,
            rest: 30,
            tool: "a step",
            instructions: [
                "Stand on one foot on the edge of a step, the heel free.",
                "Rise as high as you can, hold at the top, then lower the heel below the step.",
            ],
        ),
        Repeat(
            times: 3,
            rest: 20,
            steps: [
                Step(name: "Toe raises", kind: Strength, target: Shins, reps: 10,
                     tempo: (up: 1, down: 2),
                     instructions: ["Back against a wall, lift the front of both feet."]),
                Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: 30),
            ],
        ),
    ],
)
"#;

/// Where repetition 7 of the first paced block starts, in seconds from the start.
const REP_7: u64 = 53;

fn paced_session(t0: Instant) -> App {
    let mut app = bare_app(1);
    app.open(Prepared::new("paced".into(), parse_str(PACED).unwrap()), t0);
    assert!(matches!(app.screen, Screen::Session(_)));
    app
}

fn paced_at(t0: Instant, at: Duration) -> (App, Instant) {
    let mut app = paced_session(t0);
    let now = t0 + at;
    app.tick(now);
    (app, now)
}

/// The screens of this file, for the sweep over every size.
pub(super) fn screens(t0: Instant) -> Vec<(&'static str, App, Instant)> {
    [
        ("paced get ready", 2),
        ("paced up", REP_7 + 1),
        ("paced hold", REP_7 + 3),
        ("paced switch", 103),
        ("round rest", 510),
        ("round 2", 540),
    ]
    .into_iter()
    .map(|(what, s)| {
        let (app, now) = paced_at(t0, Duration::from_secs(s));
        (what, app, now)
    })
    .collect()
}

// ---------------------------------------------------------------- snapshots

/// Snapshots `app` as `name` at every size, after checking each size shows `texts`.
fn snap_showing(name: &str, app: &App, now: Instant, texts: &[&str]) {
    for (width, height) in SIZES {
        let screen = screen_text(app, now, width, height);
        for text in texts {
            assert!(
                screen.contains(text),
                "{text} at {width}x{height}:\n{screen}"
            );
        }
    }
    snap(name, app, now);
}

#[test]
fn paced_work_in_the_up_phase() {
    let (app, now) = paced_at(Instant::now(), Duration::from_secs(REP_7 + 1));
    snap_showing("paced_up", &app, now, &["Rep 7 of 12", "0:47 to go"]);
}

#[test]
fn paced_work_in_the_hold_phase() {
    let (app, now) = paced_at(Instant::now(), Duration::from_secs(REP_7 + 3));
    snap_showing("paced_hold", &app, now, &["Rep 7 of 12", "0:45 to go"]);
}

#[test]
fn the_get_ready_of_paced_work_says_the_dose() {
    let (app, now) = paced_at(Instant::now(), Duration::from_secs(2));
    let dose = "12 reps: 3 s up, 2 s hold, 3 s down";
    snap_showing("paced_get_ready", &app, now, &[dose]);
}

#[test]
fn a_block_of_a_repeat_says_its_round() {
    let t0 = Instant::now();
    let (app, now) = paced_at(t0, Duration::from_secs(540));
    snap_showing("paced_round_2", &app, now, &["round 2 of 3", "Rep 4 of 10"]);
    let (app, now) = paced_at(t0, Duration::from_secs(510));
    let text = screen_text(&app, now, 80, 24);
    assert!(text.contains("before round 2 of 3"), "{text}");
}

// ---------------------------------------------------------------- what shows

/// Where `text` shows in block letters on a screen (its lines): the column,
/// row and scale of each place all of its rows are found, one under another.
fn find_big(screen: &[Vec<char>], text: &str) -> Vec<(usize, usize, u16)> {
    let mut found = Vec::new();
    for scale in 0..=10 {
        let (width, height) = limber::ui::tui::bigtext::size(text, scale);
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        BigText::new(text).scale(scale).render(area, &mut buf);
        let rows: Vec<Vec<char>> = (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol().chars().next().unwrap_or(' '))
                    .collect()
            })
            .collect();
        let at = |x: usize, y: usize| {
            rows.iter().enumerate().all(|(dy, row)| {
                screen
                    .get(y + dy)
                    .and_then(|line| line.get(x..x + row.len()))
                    .is_some_and(|cells| cells == row.as_slice())
            })
        };
        for (y, line) in screen.iter().enumerate() {
            for x in 0..line.len() {
                if at(x, y) {
                    found.push((x, y, scale));
                }
            }
        }
    }
    found
}

fn screen_lines(app: &App, now: Instant, width: u16, height: u16) -> Vec<Vec<char>> {
    let terminal = draw(app, now, width, height);
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol().chars().next().unwrap_or(' '))
                .collect()
        })
        .collect()
}

/// The phase and its seconds in block letters, the number on the same rows
/// to the right of the word, at the same scale.
fn shows_phase(screen: &[Vec<char>], phase: Phase, secs: u64) -> bool {
    let number = find_big(screen, &secs.to_string());
    find_big(screen, phase_word(phase))
        .iter()
        .any(|&(x, y, s)| {
            number
                .iter()
                .any(|&(nx, ny, ns)| ny == y && ns == s && nx > x)
        })
}

#[test]
fn the_phase_and_the_repetition_follow_the_pace_across_a_repetition() {
    let t0 = Instant::now();
    let app = paced_session(t0);
    let pace = match &app.screen {
        Screen::Session(run) => run.runner.timeline().blocks[1].pace.unwrap(),
        _ => unreachable!(),
    };
    assert_eq!(pace.reps, 12);
    let block_start = Duration::from_secs(5);
    // Through repetition 7, at whole and half seconds, and into 8.
    let mut seen = Vec::new();
    for half in 0..=18 {
        let offset = Duration::from_secs(48) + Duration::from_millis(500 * half);
        let expected = Pace::at(pace, offset).unwrap();
        let mut app = paced_session(t0);
        let now = t0 + block_start + offset;
        app.tick(now);
        let left = expected.remaining.as_secs() + u64::from(expected.remaining.subsec_nanos() > 0);
        for (width, height) in [(80, 24), (200, 60)] {
            let screen = screen_lines(&app, now, width, height);
            let text: String = screen
                .iter()
                .map(|l| l.iter().collect::<String>() + "\n")
                .collect();
            assert!(
                shows_phase(&screen, expected.phase, left),
                "{offset:?}: {:?} {left} at {width}x{height}:\n{text}",
                expected.phase
            );
            for other in [Phase::Up, Phase::Hold, Phase::Down, Phase::Pause] {
                if other != expected.phase {
                    assert!(
                        find_big(&screen, phase_word(other)).is_empty(),
                        "{offset:?}: {other:?} shows at {width}x{height}:\n{text}"
                    );
                }
            }
            let rep = format!("Rep {} of 12", expected.rep);
            assert!(text.contains(&rep), "{offset:?}: {rep}:\n{text}");
            assert!(
                !find_big(&screen, &format!("{}/12", expected.rep)).is_empty(),
                "{offset:?}: {}/12 large at {width}x{height}:\n{text}",
                expected.rep
            );
        }
        seen.push((expected.rep, expected.phase));
    }
    seen.dedup();
    assert_eq!(
        seen,
        [
            (7, Phase::Up),
            (7, Phase::Hold),
            (7, Phase::Down),
            (8, Phase::Up)
        ]
    );
}

#[test]
fn the_screen_is_redrawn_at_every_change_of_phase_and_second_and_only_then() {
    let t0 = Instant::now();
    let mut app = paced_session(t0);
    let mut now = secs(t0, REP_7);
    app.tick(now);
    let mut wakes = Vec::new();
    while now < secs(t0, REP_7 + 9) {
        let deadline = app
            .next_deadline(now)
            .expect("a running session has a deadline");
        assert!(deadline > now, "the deadline moves on");
        // Nothing visible changes before the deadline...
        let before = screen_text(&app, now, 80, 24);
        let just_before = deadline.checked_sub(Duration::from_millis(1)).unwrap();
        if just_before > now {
            let mut still = paced_session(t0);
            still.tick(just_before);
            assert_eq!(
                screen_text(&still, just_before, 80, 24),
                before,
                "a change before the wake at {:?}",
                deadline - t0
            );
        }
        now = deadline;
        app.tick(now);
        // ...and something does at it.
        assert_ne!(screen_text(&app, now, 80, 24), before, "woke for nothing");
        wakes.push((now - t0).as_millis());
    }
    // Once a second, so at every phase boundary (3, 5 and 8 s into the repetition).
    let expected: Vec<u128> = (REP_7 + 1..=REP_7 + 9)
        .map(|s| u128::from(s) * 1000)
        .collect();
    assert_eq!(wakes, expected);
}

#[test]
fn a_language_without_a_voice_is_said_on_the_status_line() {
    let (mut app, now) = paced_at(Instant::now(), Duration::from_secs(REP_7));
    app.on_reply(Reply::Voice(MissingVoice {
        program: "espeak-ng",
        language: "pt-BR".into(),
    }));
    for (width, height) in [(80, 24), (120, 40)] {
        let text = screen_text(&app, now, width, height);
        let footer = text.lines().last().unwrap_or_default();
        assert!(
            footer.contains("no \"pt-BR\" voice"),
            "{width}x{height}:\n{text}"
        );
    }
}
