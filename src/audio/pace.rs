//! When to hand the sound card more samples, and how many. limber's sounds
//! are short cues whose moments are known ahead, so instead of a stream that
//! wakes every period to ask for more (silent or not), the audio thread
//! writes when the device is about to run out, and nothing at all when no
//! sound is due: a minute of silence costs no wake-up. Once a sound has
//! started, the rest of it is fixed, so several chunks go in one write and
//! the device's own wait for room paces them (see [`BATCH`]). Pure: the
//! instants and the device's own count are passed in, and tests make them up.

use std::time::{Duration, Instant};

/// The samples written at a time, in frames: about 21 ms at 48 kHz.
pub const CHUNK: usize = 1024;

/// At most this many chunks go in one write (about 85 ms at 48 kHz), and
/// only while what they carry is already fixed: the rest of a sound that has
/// started, and the silence after it. A device that blocks (a card with a
/// short buffer, a pipe) then wakes the thread where it has room, which costs
/// far less than a timer's wake-up per chunk; a sound not yet started is never
/// in it, so a pause or skip can still cancel that one.
pub const BATCH: usize = 8;

/// How early the first chunk before a sound is written: a wake-up that comes
/// a little late must still find the sound's first sample ahead of it (the
/// chunk holds silence up to the sound's moment, so it still lands on it).
pub const LEAD: Duration = Duration::from_millis(5);

/// For a device that takes samples as they come (ALSA's `null` or `file`
/// plugin into a pipe), what is left by the clock, beyond its buffer, when the
/// next chunk goes. Such a device may hold its whole buffer back until more
/// comes (the `file` plugin does), so that much must always be ahead, or
/// whoever reads from it runs dry at the end of a long write; writing earlier
/// still would only wait on the reader.
const CLOCK_LOW: Duration = Duration::from_millis(2);

/// Chunks of silence written after the last sound before the device stops:
/// a device may hold its buffer (two chunks) back from the speakers, or, as
/// ALSA's `file` plugin does, from its file, until more comes; stopping it
/// at once would cut the end of the sound.
pub const TAIL_CHUNKS: u32 = 2;

#[derive(Debug, Clone)]
pub struct Pace {
    rate: u32,
    /// The device's buffer, in frames.
    buffer: u64,
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
    /// Pacing for a device at `rate` with a buffer of `buffer` frames.
    pub fn new(rate: u32, buffer: usize) -> Pace {
        Pace {
            rate: rate.max(1),
            buffer: buffer as u64,
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
            self.buffer + self.frames(CLOCK_LOW)
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

    /// After a chunk was chosen to be written, whether the next one, heard
    /// from `first`, may go in the same write: it must carry only what is
    /// fixed, the rest of a sound that is `playing` or the silence that pushes
    /// the end of one through, and no sound that has not started may be due
    /// within it (`unstarted`).
    pub fn joins(&mut self, first: Instant, playing: bool, unstarted: Option<Instant>) -> bool {
        let end = first + self.duration(CHUNK as u64);
        if unstarted.is_some_and(|start| start.checked_sub(LEAD).unwrap_or(start) < end) {
            return false;
        }
        if playing {
            self.silent = 0;
            true
        } else if self.silent < TAIL_CHUNKS {
            self.silent += 1;
            true
        } else {
            false
        }
    }

    /// The instant `frames` after `first`, at the device's rate.
    pub fn after(&self, first: Instant, frames: usize) -> Instant {
        first + self.duration(frames as u64)
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
    const BUFFER: usize = 2 * CHUNK;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn chunk() -> Duration {
        Duration::from_nanos(CHUNK as u64 * 1_000_000_000 / u64::from(RATE))
    }

    #[test]
    fn nothing_due_nothing_written() {
        let t0 = Instant::now();
        let mut pace = Pace::new(RATE, BUFFER);
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
        let mut pace = Pace::new(RATE, BUFFER);
        let at = t0 + LEAD;
        assert_eq!(pace.next(t0, 0, Some(at)), Step::Write(t0));
    }

    #[test]
    fn a_device_that_takes_everything_at_once_is_kept_a_buffer_ahead_by_the_clock() {
        let t0 = Instant::now();
        let mut pace = Pace::new(RATE, BUFFER);
        let playing = Some(t0);
        assert_eq!(pace.next(t0, 0, playing), Step::Write(t0));
        pace.wrote(t0, CHUNK);
        // It may hold its whole buffer back (ALSA's `file` plugin does), so a
        // buffer's worth and 2 ms must be ahead by the clock: two more chunks
        // go at once, each heard where the one before ends.
        for n in 1..3 {
            let Step::Write(heard) = pace.next(t0, 0, playing) else {
                panic!("chunk {n} goes at once");
            };
            assert!(within_a_frame(heard, t0 + chunk() * n), "chunk {n}");
            pace.wrote(t0, CHUNK);
        }
        // The fourth goes when a buffer and 2 ms are left.
        let fourth = t0 + chunk().saturating_sub(CLOCK_LOW);
        let Step::Wait(at) = pace.next(t0 + ms(1), 0, playing) else {
            panic!("nothing to write yet");
        };
        assert!(within_a_frame(at, fourth), "{at:?} {fourth:?}");
        let Step::Write(heard) = pace.next(fourth, 0, playing) else {
            panic!("the fourth chunk goes");
        };
        assert!(within_a_frame(heard, t0 + chunk() * 3));
        pace.wrote(fourth, CHUNK);
        // The sound ended: two chunks of silence push its end through, paced
        // the same way; they play out, then the device stops.
        let mut now = fourth;
        for n in 0..TAIL_CHUNKS {
            let step = match pace.next(now, 0, None) {
                Step::Wait(at) => {
                    now = at;
                    pace.next(at, 0, None)
                }
                step => step,
            };
            assert!(matches!(step, Step::Write(_)), "silence {n}: {step:?}");
            pace.wrote(now, CHUNK);
        }
        let end = t0 + chunk() * (4 + TAIL_CHUNKS);
        let Step::Wait(at) = pace.next(now, 0, None) else {
            panic!("it plays out");
        };
        assert!(within_a_frame(at, end));
        assert_eq!(pace.next(end + ms(1), 0, None), Step::Stop);
        pace.stopped();
        assert_eq!(pace.next(end, 0, None), Step::Idle);
    }

    #[test]
    fn only_what_is_fixed_joins_a_write() {
        let t0 = Instant::now();
        let mut pace = Pace::new(RATE, BUFFER);
        // The rest of a sound that has started joins, whatever its length.
        for _ in 0..10 {
            assert!(pace.joins(t0, true, None));
        }
        // A sound not yet started, due within the chunk (or a lead after
        // it), waits for a write of its own, so a pause can still cancel it.
        let next = t0 + (chunk() + LEAD).saturating_sub(ms(1));
        assert!(!pace.joins(t0, true, Some(next)));
        assert!(pace.joins(t0, true, Some(next + ms(2))));
        // After the last sound, the silence that pushes its end through
        // joins, and no more.
        for n in 0..TAIL_CHUNKS {
            assert!(pace.joins(t0, false, None), "silence {n}");
        }
        assert!(!pace.joins(t0, false, None));
        // Those chunks were the tail: the next step plays it out.
        pace.wrote(t0, CHUNK * (1 + TAIL_CHUNKS as usize));
        assert!(matches!(pace.next(t0, 0, None), Step::Wait(_)));
    }

    /// The clock's count of frames is rounded down: a frame's slack.
    fn within_a_frame(a: Instant, b: Instant) -> bool {
        a.max(b) - a.min(b) <= Duration::from_nanos(1_000_000_000 / u64::from(RATE) + 1)
    }

    #[test]
    fn a_sound_card_keeps_a_chunk_in_reserve() {
        let t0 = Instant::now();
        let mut pace = Pace::new(RATE, BUFFER);
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
        let mut pace = Pace::new(RATE, BUFFER);
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
        let mut pace = Pace::new(RATE, BUFFER);
        pace.wrote(t0, CHUNK);
        pace.stopped();
        let later = t0 + ms(3000);
        assert_eq!(pace.next(later, 0, Some(later)), Step::Write(later));
    }
}
