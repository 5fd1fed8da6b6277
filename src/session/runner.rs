//! One guided session, whichever shell shows it. The runner owns the engine,
//! the guide and the record's rules (record first, a checkpoint at every block
//! end, the end recorded once, the mute filter); given inputs and the time it
//! answers with the engine's events (what to show) and queues [`Do`]s (what to
//! do). The full-screen UI and `--plain` only render and carry the `Do`s out
//! through [`carry_out`], so a rule written here holds for both.
//!
//! Cues come before disk I/O: within one moment every cue, speech and bell
//! `Do` is queued before the journal's, so a slow disk never delays a sound.

pub use super::effects::{Do, Ports, Reply, carry_out};
use crate::core::cue::Upcoming;
use crate::core::engine::{Engine, Event, Report};
use crate::core::routine::Routine;
use crate::core::timeline::{Timeline, expand};
use crate::session::guide::Guide;
use crate::store::journal::SessionStart;
use std::rc::Rc;
use std::time::Instant;

/// A routine ready to run.
#[derive(Debug)]
pub struct Prepared {
    pub id: String,
    pub routine: Routine,
    pub timeline: Timeline,
}

impl Prepared {
    pub fn new(id: String, routine: Routine) -> Rc<Prepared> {
        let timeline = expand(&routine);
        Rc::new(Prepared {
            id,
            routine,
            timeline,
        })
    }
}

/// A session in progress.
pub struct Runner {
    prepared: Rc<Prepared>,
    engine: Engine,
    guide: Guide,
    outbox: Vec<Do>,
    /// The end was recorded (completed or stopped).
    ended: bool,
    stopped: bool,
    /// The next cue as the player was last told, so it hears only of a
    /// change (every message wakes its thread).
    told_due: Option<Upcoming>,
    told_once: bool,
}

impl Runner {
    /// Starts `prepared` at `now`: the first block's cues, then the record.
    pub fn start(
        prepared: Rc<Prepared>,
        speed: u32,
        guide: Guide,
        before: Option<u8>,
        now: Instant,
    ) -> (Runner, Vec<Event>) {
        let engine = Engine::new(prepared.timeline.clone(), speed, now);
        let mut runner = Runner {
            prepared,
            engine,
            guide,
            outbox: Vec::new(),
            told_due: None,
            told_once: false,
            ended: false,
            stopped: false,
        };
        // The voice's language first, before anything is got ready to say.
        if runner.guide.voice {
            let language = runner.prepared.routine.language.clone();
            runner.outbox.push(Do::Language(language));
        }
        let events = runner.engine.advance(now);
        runner
            .guide
            .hear(&runner.prepared.timeline, &events, &mut runner.outbox);
        runner.outbox.push(Do::Begin(SessionStart {
            id: runner.prepared.id.clone(),
            title: runner.prepared.routine.title.clone(),
            planned_secs: runner.prepared.timeline.planned_secs,
            planned_work_secs: runner.prepared.timeline.work_secs(),
            speed: runner.engine.speed(),
            before,
        }));
        runner.record(&events, now);
        (runner, events)
    }

    pub fn prepared(&self) -> &Rc<Prepared> {
        &self.prepared
    }

    pub fn timeline(&self) -> &Timeline {
        &self.prepared.timeline
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn is_muted(&self) -> bool {
        self.guide.muted
    }

    /// The session reached its end or was stopped.
    pub fn is_over(&self) -> bool {
        self.ended
    }

    /// It was stopped before the end (q, a signal, a closed output).
    pub fn was_stopped(&self) -> bool {
        self.stopped
    }

    /// Lets time pass: what is due fires.
    pub fn advance(&mut self, now: Instant) -> Vec<Event> {
        let events = self.engine.advance(now);
        self.absorb(events, now)
    }

    pub fn toggle_pause(&mut self, now: Instant) -> Vec<Event> {
        let events = self.engine.toggle_pause(now);
        self.absorb(events, now)
    }

    /// Pauses (idempotent): a question, a suspend, a lost terminal.
    pub fn pause(&mut self, now: Instant) -> Vec<Event> {
        let events = self.engine.pause(now);
        self.absorb(events, now)
    }

    pub fn resume(&mut self, now: Instant) -> Vec<Event> {
        let events = self.engine.resume(now);
        self.absorb(events, now)
    }

    pub fn skip(&mut self, now: Instant) -> Vec<Event> {
        let events = self.engine.skip(now);
        self.absorb(events, now)
    }

    pub fn back(&mut self, now: Instant) -> Vec<Event> {
        let events = self.engine.back(now);
        self.absorb(events, now)
    }

    /// Ends the session before its end; its record says `stopped`.
    pub fn stop(&mut self, now: Instant) -> Vec<Event> {
        let events = self.advance(now);
        if !self.ended {
            self.ended = true;
            self.stopped = true;
            self.outbox.push(Do::End(self.engine.report(now)));
        }
        events
    }

    pub fn set_muted(&mut self, muted: bool) {
        self.guide.muted = muted;
    }

    pub fn rate_before(&mut self, rating: u8) {
        self.outbox.push(Do::RatedBefore(rating));
    }

    /// What was done so far.
    pub fn report(&self, now: Instant) -> Report {
        self.engine.report(now)
    }

    /// The `Do`s queued since the last call, ending with when the next cue is
    /// due if that changed.
    pub fn take(&mut self) -> Vec<Do> {
        let mut dos = std::mem::take(&mut self.outbox);
        let due = self
            .engine
            .upcoming()
            .filter(|_| !self.guide.muted && !self.ended);
        if !self.told_once || self.told_due != due {
            self.told_once = true;
            self.told_due.clone_from(&due);
            dos.push(Do::CueDueAt(due));
        }
        dos
    }

    fn absorb(&mut self, events: Vec<Event>, now: Instant) -> Vec<Event> {
        if !events.is_empty() {
            self.guide
                .hear(&self.prepared.timeline, &events, &mut self.outbox);
            self.record(&events, now);
        }
        events
    }

    /// The journal's part of `events`, after their sounds.
    fn record(&mut self, events: &[Event], now: Instant) {
        if self.ended {
            return;
        }
        if events.contains(&Event::Finished) {
            self.ended = true;
            self.outbox.push(Do::End(self.engine.report(now)));
        } else if events.iter().any(|e| matches!(e, Event::BlockEnded { .. })) {
            self.outbox.push(Do::Checkpoint(self.engine.report(now)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::routine::load::parse_str;

    #[test]
    fn the_voice_learns_the_routines_language_before_anything_is_said() {
        let routine = parse_str(
            r#"Routine(title: "Wadenheben", language: "de", transition: 0, steps: [
                Step(name: "Halten", kind: Stretch, target: Calves, seconds: 20),
            ])"#,
        )
        .expect("valid");
        let prepared = Prepared::new("de".into(), routine);
        let start = |voice| {
            let guide = Guide {
                voice,
                ..Guide::default()
            };
            let (mut runner, _) =
                Runner::start(Rc::clone(&prepared), 1, guide, None, Instant::now());
            runner.take()
        };
        let dos = start(true);
        assert_eq!(dos.first(), Some(&Do::Language(Some("de".into()))));
        assert!(dos.iter().any(|d| matches!(d, Do::Speak(_))), "{dos:?}");
        assert_eq!(
            dos.iter().filter(|d| matches!(d, Do::Language(_))).count(),
            1
        );
        // Without the voice there is nothing to choose.
        assert!(!start(false).iter().any(|d| matches!(d, Do::Language(_))));
    }

    #[test]
    fn the_player_hears_of_the_next_cue_when_it_changes_not_at_every_tick() {
        let routine = parse_str(
            r#"Routine(title: "Hold", transition: 0, steps: [
                Step(name: "Hold", kind: Massage, target: Calves, seconds: 120),
            ])"#,
        )
        .expect("valid");
        let t0 = Instant::now();
        let (mut runner, _) = Runner::start(
            Prepared::new("h".into(), routine),
            1,
            Guide::default(),
            None,
            t0,
        );
        let told = |dos: Vec<Do>| -> Vec<Option<Upcoming>> {
            dos.into_iter()
                .filter_map(|d| match d {
                    Do::CueDueAt(due) => Some(due),
                    _ => None,
                })
                .collect()
        };
        let first = told(runner.take());
        let [Some(halfway)] = first.as_slice() else {
            panic!("the halfway is told at the start: {first:?}");
        };
        let near = |at: Instant, secs: u64| {
            let want = t0 + std::time::Duration::from_secs(secs);
            at.max(want) - at.min(want) < std::time::Duration::from_millis(1)
        };
        assert!(near(halfway.at, 60), "{halfway:?}");
        // Fifty-nine ticks with nothing new: not a word to the player.
        for second in 1..60 {
            runner.advance(t0 + std::time::Duration::from_secs(second));
            assert!(told(runner.take()).is_empty(), "second {second}");
        }
        // The halfway fires: the next moment (the first of the last three
        // seconds' ticks) is told once.
        runner.advance(t0 + std::time::Duration::from_secs(60));
        let next = told(runner.take());
        assert!(
            matches!(next.as_slice(), [Some(tick)] if near(tick.at, 117)),
            "{next:?}"
        );
    }
}
