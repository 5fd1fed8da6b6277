//! When the sound device is open: only around cues, from a lead before one is
//! due until a tail after the last sound ends (how long each is depends on
//! what an open device costs: see [`super::device`]). The instants are passed
//! in: this is pure, and tested with made-up ones.

pub use super::device::{OPEN_LEAD, TAIL};
use std::time::{Duration, Instant};

/// How long a due cue keeps the output open past its moment, should the cue
/// come late (a busy machine) or not at all (a mark without a sound).
pub const GRACE: Duration = Duration::from_millis(250);

/// What the audio thread knows when it decides.
#[derive(Debug, Clone, Copy)]
pub struct State {
    /// When the last sound handed to the mixer ends.
    pub busy_until: Instant,
    /// When the next cue is due, as the session last said.
    pub due: Option<Instant>,
}

impl State {
    /// Whether the output should be open at `now`.
    pub fn want_open(&self, now: Instant) -> bool {
        now < self.busy_until + TAIL || self.due_soon(now)
    }

    /// The next instant at which [`State::want_open`] may change (`None`: not
    /// until a request comes).
    pub fn next_change(&self, now: Instant) -> Option<Instant> {
        let tail_end = self.busy_until + TAIL;
        let due_edges = self.due.map_or([None, None], |due| {
            [
                Some(due.checked_sub(OPEN_LEAD).unwrap_or(due)),
                Some(due + GRACE),
            ]
        });
        [Some(tail_end)]
            .into_iter()
            .chain(due_edges)
            .flatten()
            .filter(|&at| at > now)
            .min()
    }

    fn due_soon(&self, now: Instant) -> bool {
        self.due
            .is_some_and(|due| due <= now + OPEN_LEAD && now < due + GRACE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn before(at: Instant, d: Duration) -> Instant {
        at.checked_sub(d)
            .expect("the test's instants are late enough")
    }

    #[test]
    fn closed_while_nothing_plays_and_nothing_is_due() {
        let t0 = Instant::now();
        let state = State {
            busy_until: t0,
            due: None,
        };
        let later = t0 + TAIL + ms(1);
        assert!(!state.want_open(later));
        assert_eq!(state.next_change(later), None, "paused: no wake at all");
    }

    #[test]
    fn opens_a_lead_before_a_due_cue_and_not_earlier() {
        let t0 = Instant::now();
        let due = t0 + Duration::from_secs(5);
        let state = State {
            busy_until: t0,
            due: Some(due),
        };
        let idle = t0 + TAIL + ms(500);
        assert!(!state.want_open(idle));
        assert_eq!(state.next_change(idle), Some(before(due, OPEN_LEAD)));
        assert!(state.want_open(before(due, OPEN_LEAD)));
        assert!(state.want_open(due));
        assert_eq!(state.next_change(due), Some(due + GRACE));
    }

    #[test]
    fn a_due_cue_that_never_comes_lets_the_output_close() {
        let t0 = Instant::now();
        let due = t0 + Duration::from_secs(1);
        let state = State {
            busy_until: t0,
            due: Some(due),
        };
        assert!(!state.want_open(due + GRACE));
        assert_eq!(state.next_change(due + GRACE), None);
    }

    #[test]
    fn stays_open_while_a_sound_plays_and_for_its_tail() {
        let t0 = Instant::now();
        let state = State {
            busy_until: t0 + ms(1200),
            due: Some(t0 + Duration::from_secs(6)),
        };
        assert!(state.want_open(t0 + ms(1200)));
        assert_eq!(state.next_change(t0), Some(t0 + ms(1200) + TAIL));
        let after = t0 + ms(1200) + TAIL;
        assert!(!state.want_open(after), "closed between cues");
        assert_eq!(
            state.next_change(after),
            Some(before(t0 + Duration::from_secs(6), OPEN_LEAD))
        );
    }

    #[test]
    fn cues_close_together_keep_it_open_between_them_and_far_apart_do_not() {
        let t0 = Instant::now();
        // A 0.2 s tick, the next cue due long after: closed in between.
        let gap = TAIL + OPEN_LEAD + ms(100);
        let state = State {
            busy_until: t0 + ms(200),
            due: Some(t0 + ms(200) + gap),
        };
        assert!(!state.want_open(t0 + ms(200) + TAIL + ms(50)));
        // A 1.2 s sound still playing when the next cue is due: open throughout.
        let state = State {
            busy_until: t0 + ms(1200),
            due: Some(t0 + ms(1000)),
        };
        assert!((0..1300).step_by(50).all(|n| state.want_open(t0 + ms(n))));
    }
}
