//! When to hand the sound card more samples, and how many. limber's sounds
//! are short cues whose moments are known ahead, so instead of a stream that
//! wakes every period to ask for more (silent or not), the audio thread
//! writes a chunk when the device is about to run out, and nothing at all
//! when no sound is due: a second of sound costs about fifty wake-ups, a
//! minute of silence none. Pure: the instants and the device's own count
//! are passed in, and tests make them up.

use std::time::{Duration, Instant};

/// The samples written at a time, in frames: about 21 ms at 48 kHz.
pub const CHUNK: usize = 1024;

/// How early the first chunk before a sound is written: a wake-up that comes
/// a little late must still find the sound's first sample ahead of it (the
/// chunk holds silence up to the sound's moment, so it still lands on it).
pub const LEAD: Duration = Duration::from_millis(5);

/// For a device that takes samples as they come (ALSA's `null` or `file`
/// plugin into a pipe), what is left when the next chunk goes: writing
/// earlier would only wait on whoever reads it.
const CLOCK_LOW: Duration = Duration::from_millis(2);

/// Chunks of silence written after the last sound before the device stops:
/// a device may hold its buffer (two chunks) back from the speakers, or, as
/// ALSA's `file` plugin does, from its file, until more comes; stopping it
/// at once would cut the end of the sound.
pub const TAIL_CHUNKS: u32 = 2;

#[derive(Debug, Clone)]
pub struct Pace {
    rate: u32,
    /// Since the device last started: when, and how many frames went to it.
    run: Option<(Instant, u64)>,
    /// The device says how much it holds (a sound card does; a plugin that
    /// takes everything at once says 0): then keep a chunk in reserve.
    reports: bool,
    /// Chunks written since the last one that carried a sound.
    silent: u32,
}

/// What [`Pace::next`] says to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Write [`CHUNK`] frames, the first heard at this instant.
    Write(Instant),
    /// Nothing to write before this instant.
    Wait(Instant),
    /// Everything written has been heard and nothing is due: stop the device
    /// (it then costs nothing) until a sound comes.
    Stop,
    /// Stopped, with nothing due.
    Idle,
}

impl Pace {
    pub fn new(rate: u32) -> Pace {
        Pace {
            rate: rate.max(1),
            run: None,
            reports: false,
            silent: 0,
        }
    }

    /// What to do at `now`, given how many frames the device says it still
    /// holds (`held`) and when the next sound starts (`None`: none is due;
    /// one playing starts at once).
    pub fn next(&mut self, now: Instant, held: u64, sound: Option<Instant>) -> Step {
        if held > 0 {
            self.reports = true;
        }
        let queued = self.queued(now, held);
        let heard_from = now + self.duration(queued);
        let low = if self.reports {
            CHUNK as u64
        } else {
            self.frames(CLOCK_LOW)
        };
        let chunk_end = heard_from + self.duration(CHUNK as u64);
        // A frame of slack: the clock's count is rounded down.
        let room = queued <= low + 1;
        let refill = now + self.duration(queued.saturating_sub(low));
        match sound {
            // Something is due within what the next chunk would carry.
            Some(start) if start.checked_sub(LEAD).unwrap_or(start) < chunk_end => {
                if room {
                    self.silent = 0;
                    Step::Write(heard_from)
                } else {
                    Step::Wait(refill)
                }
            }
            _ if self.run.is_none() => match sound {
                Some(start) => Step::Wait(start.checked_sub(LEAD).unwrap_or(start)),
                None => Step::Idle,
            },
            // The sound's end is pushed through with silence.
            _ if self.silent < TAIL_CHUNKS => {
                if room {
                    self.silent += 1;
                    Step::Write(heard_from)
                } else {
                    Step::Wait(refill)
                }
            }
            // What was written plays out; then the device stops.
            _ if queued > 0 => {
                let drained = heard_from;
                Step::Wait(match sound {
                    Some(start) => drained.min(start.checked_sub(LEAD).unwrap_or(start)),
                    None => drained,
                })
            }
            _ => Step::Stop,
        }
    }

    /// `frames` went to the device at `now`.
    pub fn wrote(&mut self, now: Instant, frames: usize) {
        let frames = frames as u64;
        match &mut self.run {
            Some((_, written)) => *written += frames,
            None => self.run = Some((now, frames)),
        }
    }

    /// The device stopped: what it held is gone.
    pub fn stopped(&mut self) {
        self.run = None;
        self.silent = 0;
    }

    /// Frames not yet heard: what the device says it holds, or, if it says
    /// less, what the clock says (a device that takes everything at once
    /// hands it to a reader that plays it in real time).
    fn queued(&self, now: Instant, held: u64) -> u64 {
        let Some((start, written)) = self.run else {
            return 0;
        };
        let played =
            now.saturating_duration_since(start).as_nanos() * u128::from(self.rate) / 1_000_000_000;
        let by_clock = u128::from(written).saturating_sub(played);
        held.max(u64::try_from(by_clock).unwrap_or(u64::MAX))
    }

    fn frames(&self, duration: Duration) -> u64 {
        u64::try_from(duration.as_nanos() * u128::from(self.rate) / 1_000_000_000)
            .unwrap_or(u64::MAX)
    }

    fn duration(&self, frames: u64) -> Duration {
        Duration::from_nanos(
            u64::try_from(u128::from(frames) * 1_000_000_000 / u128::from(self.rate))
                .unwrap_or(u64::MAX),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 48_000;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn chunk() -> Duration {
        Duration::from_nanos(CHUNK as u64 * 1_000_000_000 / u64::from(RATE))
    }

    #[test]
    fn nothing_due_nothing_written() {
        let t0 = Instant::now();
        let mut pace = Pace::new(RATE);
        assert_eq!(pace.next(t0, 0, None), Step::Idle);
        // A sound a second away: wait until just before it.
        assert_eq!(
            pace.next(t0, 0, Some(t0 + ms(1000))),
            Step::Wait(t0 + ms(1000).saturating_sub(LEAD))
        );
    }

    #[test]
    fn the_first_chunk_goes_a_lead_before_the_sound_and_starts_now() {
        let t0 = Instant::now();
        let mut pace = Pace::new(RATE);
        let at = t0 + LEAD;
        assert_eq!(pace.next(t0, 0, Some(at)), Step::Write(t0));
    }

    #[test]
    fn a_device_that_takes_everything_at_once_is_paced_by_the_clock() {
        let t0 = Instant::now();
        let mut pace = Pace::new(RATE);
        let playing = Some(t0);
        assert_eq!(pace.next(t0, 0, playing), Step::Write(t0));
        pace.wrote(t0, CHUNK);
        // The chunk is 21.3 ms long: the next goes when 2 ms of it are left,
        // and is heard where the first ends.
        let next = t0 + chunk().saturating_sub(CLOCK_LOW);
        let Step::Wait(at) = pace.next(t0 + ms(1), 0, playing) else {
            panic!("nothing to write yet");
        };
        assert!(within_a_frame(at, next), "{at:?} {next:?}");
        let Step::Write(heard) = pace.next(next, 0, playing) else {
            panic!("the next chunk goes");
        };
        assert!(within_a_frame(heard, t0 + chunk()));
        pace.wrote(next, CHUNK);
        // The sound ended: two chunks of silence push its end through, paced
        // the same way; they play out, then the device stops.
        let mut now = next;
        for n in 0..TAIL_CHUNKS {
            let Step::Wait(at) = pace.next(now, 0, None) else {
                panic!("silence {n} waits its turn");
            };
            assert!(
                matches!(pace.next(at, 0, None), Step::Write(_)),
                "silence {n}"
            );
            pace.wrote(at, CHUNK);
            now = at;
        }
        let end = t0 + chunk() * (2 + TAIL_CHUNKS);
        let Step::Wait(at) = pace.next(now, 0, None) else {
            panic!("it plays out");
        };
        assert!(within_a_frame(at, end));
        assert_eq!(pace.next(end + ms(1), 0, None), Step::Stop);
        pace.stopped();
        assert_eq!(pace.next(end, 0, None), Step::Idle);
    }

    /// The clock's count of frames is rounded down: a frame's slack.
    fn within_a_frame(a: Instant, b: Instant) -> bool {
        a.max(b) - a.min(b) <= Duration::from_nanos(1_000_000_000 / u64::from(RATE) + 1)
    }

    #[test]
    fn a_sound_card_keeps_a_chunk_in_reserve() {
        let t0 = Instant::now();
        let mut pace = Pace::new(RATE);
        let playing = Some(t0);
        assert_eq!(pace.next(t0, 0, playing), Step::Write(t0));
        pace.wrote(t0, CHUNK);
        // The card says it holds the whole chunk and a millisecond of its
        // own: the next chunk goes when one chunk is left, a ms from now.
        let held = CHUNK as u64 + 48;
        assert_eq!(pace.next(t0, held, playing), Step::Wait(t0 + ms(1)));
        match pace.next(t0 + ms(1), CHUNK as u64, playing) {
            Step::Write(at) => assert_eq!(at, t0 + ms(1) + chunk(), "heard after what it holds"),
            other => panic!("a chunk in reserve: {other:?}"),
        }
        pace.wrote(t0 + ms(1), CHUNK);
        // Two chunks held: wait until one is left.
        let held = 2 * CHUNK as u64;
        assert_eq!(
            pace.next(t0 + ms(1), held, playing),
            Step::Wait(t0 + ms(1) + chunk())
        );
    }

    #[test]
    fn a_device_stops_between_sounds_far_apart_and_waits_for_the_next() {
        let t0 = Instant::now();
        let mut pace = Pace::new(RATE);
        pace.wrote(t0, CHUNK);
        let next = t0 + ms(5000);
        // The end of the sound is pushed through with silence.
        for n in 0..TAIL_CHUNKS {
            let at = t0 + ms(20) + chunk() * n;
            assert!(matches!(pace.next(at, 0, Some(next)), Step::Write(_)));
            pace.wrote(at, CHUNK);
        }
        let drained = t0 + chunk() * (1 + TAIL_CHUNKS) + ms(1);
        assert_eq!(pace.next(drained, 0, Some(next)), Step::Stop);
        pace.stopped();
        assert_eq!(
            pace.next(drained, 0, Some(next)),
            Step::Wait(t0 + ms(5000).saturating_sub(LEAD))
        );
    }

    #[test]
    fn a_sound_after_a_stop_starts_a_new_run() {
        let t0 = Instant::now();
        let mut pace = Pace::new(RATE);
        pace.wrote(t0, CHUNK);
        pace.stopped();
        let later = t0 + ms(3000);
        assert_eq!(pace.next(later, 0, Some(later)), Step::Write(later));
    }
}
