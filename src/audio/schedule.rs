//! When the sound output is open. A running output stream costs CPU for every
//! frame it carries, silent or not, so it runs only while a sound plays, plus
//! a short lead before a cue that is due (opening takes a few ms) and a short
//! tail after (the device's buffer still holds the end of the sound). The
//! instants are passed in: this is pure, and tested with made-up ones.

use std::time::{Duration, Instant};

/// How long before a due cue the output is opened: the cue is laid on its
/// sample ahead, so the device must be running one buffer (two periods of
/// about 21 ms) before the moment; opening it with a known configuration
/// takes a few ms here; the rest is margin for a busy machine.
pub const OPEN_LEAD: Duration = Duration::from_millis(110);
/// How long the output stays open after the last sound ends: its buffer
/// (about 43 ms) still has to reach the speakers, and a stream dropped early
/// would cut the end of the sound.
pub const TAIL: Duration = Duration::from_millis(60);
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
        let idle = t0 + ms(500);
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
    fn cues_a_second_apart_keep_it_open_between_them_only_when_close() {
        let t0 = Instant::now();
        // A 0.2 s tick, the next one due a second later: closed in between.
        let state = State {
            busy_until: t0 + ms(200),
            due: Some(t0 + ms(1000)),
        };
        assert!(!state.want_open(t0 + ms(500)));
        // A 1.2 s sound still playing when the next cue is due: open throughout.
        let state = State {
            busy_until: t0 + ms(1200),
            due: Some(t0 + ms(1000)),
        };
        assert!((0..1300).step_by(50).all(|n| state.want_open(t0 + ms(n))));
    }
}
