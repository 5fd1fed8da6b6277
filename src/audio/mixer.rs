//! The mixer the sound card plays from: sounds laid at the instant they
//! should be heard, each mixed in from its own sample at its own rate.
//!
//! Every cue's moment is known ahead, so a cue is laid in before it is due and
//! starts on the very sample of its moment, however much the device holds
//! ahead: a longer reserve (fewer wake-ups) costs no lateness. Pure: the
//! device says at which instant the first frame it asks for will be heard,
//! and tests pass made-up ones.

use super::sound::Sound;
use crate::core::cue::Cue;
use std::time::{Duration, Instant};

/// What the device plays: the mixer renders for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    pub channels: u16,
    pub rate: u32,
}

/// Stereo at 48 kHz: what most devices and sound servers take as they are.
pub const COMMON: Format = Format {
    channels: 2,
    rate: 48_000,
};

/// A cue the session says fired within this of the moment it was laid for is
/// that cue, not another one.
const SAME_CUE: Duration = Duration::from_millis(500);

/// One sound in the mix.
struct Voice {
    sound: Sound,
    gain: f32,
    /// When its first sample is to be heard.
    start: Instant,
    end: Instant,
    /// The cue it was laid ahead for, until the session says it fired.
    laid: Option<Cue>,
    /// Where it is in its own frames, once its first sample went out.
    head: Option<f64>,
}

#[derive(Default)]
pub struct Mixer {
    voices: Vec<Voice>,
}

impl Mixer {
    /// Adds `sound` to be heard from `start` on (at once if that is past),
    /// returning when it ends.
    pub fn add(&mut self, sound: Sound, gain: f32, start: Instant) -> Instant {
        self.push(sound, gain, start, None)
    }

    /// Lays `sound` ahead for `cue` at its moment `at`; it stays there until
    /// [`Mixer::fired`] confirms it or [`Mixer::cancel_ahead`] drops it.
    pub fn lay(&mut self, cue: Cue, sound: Sound, gain: f32, at: Instant) {
        self.push(sound, gain, at, Some(cue));
    }

    fn push(&mut self, sound: Sound, gain: f32, start: Instant, laid: Option<Cue>) -> Instant {
        let end = start + sound.duration();
        self.voices.push(Voice {
            sound,
            gain,
            start,
            end,
            laid,
            head: None,
        });
        end
    }

    /// The session says `cue` fired at `now`: if it was laid ahead for about
    /// now, that is it (it ends at the instant returned); `None`: play it now.
    pub fn fired(&mut self, cue: Cue, now: Instant) -> Option<Instant> {
        let voice = self
            .voices
            .iter_mut()
            .find(|v| v.laid == Some(cue) && v.start.max(now) - v.start.min(now) <= SAME_CUE)?;
        voice.laid = None;
        Some(voice.end)
    }

    /// Drops what was laid ahead and has not started (a pause, skip or back,
    /// or the next moment replacing it).
    pub fn cancel_ahead(&mut self) {
        self.voices.retain(|v| v.laid.is_none() || v.head.is_some());
    }

    /// When the next sound starts: one already playing started in the past
    /// (`None`: nothing to play, nothing laid).
    pub fn next_start(&self) -> Option<Instant> {
        self.voices.iter().map(|v| v.start).min()
    }

    /// Whether a sound has started and not yet ended: what comes next of it
    /// is fixed, and may be written ahead.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    pub fn playing(&self) -> bool {
        self.voices.iter().any(|v| v.head.is_some())
    }

    /// When the next sound that has not started is to start: until then it
    /// may still be cancelled, so it is not written ahead.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    pub fn next_unstarted(&self) -> Option<Instant> {
        self.voices
            .iter()
            .filter(|v| v.head.is_none())
            .map(|v| v.start)
            .min()
    }

    /// When the last sound that is playing or confirmed ends.
    pub fn busy_until(&self) -> Option<Instant> {
        self.voices
            .iter()
            .filter(|v| v.laid.is_none() || v.head.is_some())
            .map(|v| v.end)
            .max()
    }

    /// The volume changed: sounds that have not started take the new gain.
    pub fn set_gain(&mut self, gain: f32) {
        for v in self.voices.iter_mut().filter(|v| v.head.is_none()) {
            v.gain = gain;
        }
    }

    /// Fills `out` (interleaved, `channels` per frame at `rate`), whose first
    /// frame is heard at `first`.
    pub fn render(&mut self, first: Instant, out: &mut [f32], channels: usize, rate: u32) {
        out.fill(0.0);
        if self.voices.is_empty() {
            return;
        }
        let channels = channels.max(1);
        let frames = out.len() / channels;
        for voice in &mut self.voices {
            let from = if voice.head.is_some() {
                0
            } else {
                frames_between(first, voice.start, rate)
            };
            if from >= frames {
                continue;
            }
            voice.mix(&mut out[from * channels..frames * channels], channels, rate);
        }
        self.voices.retain(|v| !v.finished());
    }
}

impl Voice {
    /// Mixes itself into `out`, resampled from its rate to `rate` by linear
    /// interpolation (cue sounds hold little above a few kHz).
    fn mix(&mut self, out: &mut [f32], channels: usize, rate: u32) {
        let step = f64::from(self.sound.rate()) / f64::from(rate.max(1));
        let head = self.head.get_or_insert(0.0);
        *head = self.sound.mix_into(*head, step, self.gain, out, channels);
    }

    #[allow(clippy::cast_precision_loss)]
    fn finished(&self) -> bool {
        self.head
            .is_some_and(|head| head >= self.sound.frames() as f64)
    }
}

/// Whole frames at `rate` from `first` to `at` (0 if `at` is not later).
fn frames_between(first: Instant, at: Instant, rate: u32) -> usize {
    let gap = at.saturating_duration_since(first);
    let frames = gap.as_nanos() * u128::from(rate) / 1_000_000_000;
    usize::try_from(frames).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 48_000;

    fn tone(channels: u16, rate: u32, frames: usize, level: f32) -> Sound {
        Sound::float(channels, rate, vec![level; frames * usize::from(channels)]).expect("sound")
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Renders `buffers` stereo buffers of `frames` frames from `t0` on.
    fn play(mixer: &mut Mixer, t0: Instant, buffers: usize, frames: usize) -> Vec<f32> {
        let mut all = Vec::new();
        for i in 0..buffers {
            let mut out = vec![0.0; frames * 2];
            let frame = u64::try_from(i * frames).expect("small");
            let first = t0 + Duration::from_nanos(frame * 1_000_000_000 / u64::from(RATE));
            mixer.render(first, &mut out, 2, RATE);
            all.extend(out);
        }
        all
    }

    fn first_sound(samples: &[f32]) -> Option<usize> {
        samples.iter().position(|s| s.abs() > 1e-6).map(|i| i / 2)
    }

    #[test]
    fn a_cue_laid_ahead_starts_on_its_moments_frame_whatever_the_buffer() {
        for frames in [256, 1024, 4096] {
            let t0 = Instant::now();
            let mut mixer = Mixer::default();
            mixer.lay(Cue::Tick, tone(1, RATE, 480, 0.5), 1.0, t0 + ms(100));
            let out = play(&mut mixer, t0, 6000 / frames + 2, frames);
            assert_eq!(first_sound(&out), Some(4800), "{frames}-frame buffers");
            // Mono to both channels, at the same level, for its whole length.
            assert!((out[4800 * 2] - 0.5).abs() < 1e-6);
            assert!((out[4800 * 2 + 1] - 0.5).abs() < 1e-6);
            let loud = out.iter().filter(|s| s.abs() > 1e-6).count();
            assert!((958..=962).contains(&loud), "{loud} samples");
        }
    }

    #[test]
    fn a_late_sound_starts_at_once_and_a_finished_one_leaves() {
        let t0 = Instant::now();
        let mut mixer = Mixer::default();
        let end = mixer.add(tone(2, RATE, 48, 0.25), 2.0, t0);
        assert_eq!(end, t0 + ms(1));
        let later = t0 + ms(30);
        let out = play(&mut mixer, later, 1, 256);
        assert_eq!(first_sound(&out), Some(0));
        assert!((out[0] - 0.5).abs() < 1e-6, "gain applied");
        assert!(mixer.voices.is_empty(), "done after its last frame");
    }

    #[test]
    fn another_rate_is_resampled_at_the_same_level_and_length() {
        let t0 = Instant::now();
        let mut mixer = Mixer::default();
        // 100 ms at 44.1 kHz is 4800 frames at 48 kHz.
        mixer.add(tone(1, 44_100, 4410, 0.5), 1.0, t0);
        let out = play(&mut mixer, t0, 24, 256);
        let loud: Vec<usize> = (0..out.len() / 2)
            .filter(|&i| out[i * 2].abs() > 1e-6)
            .collect();
        assert!((4798..=4802).contains(&loud.len()), "{} frames", loud.len());
        assert!((out[2000 * 2] - 0.5).abs() < 1e-5);
    }

    #[test]
    fn a_fired_cue_is_the_one_laid_and_the_rest_can_be_cancelled() {
        let t0 = Instant::now();
        let mut mixer = Mixer::default();
        mixer.lay(Cue::End, tone(1, RATE, 4800, 0.5), 1.0, t0 + ms(1000));
        mixer.lay(Cue::Switch, tone(1, RATE, 9600, 0.5), 1.0, t0 + ms(1000));
        assert_eq!(mixer.busy_until(), None, "laid ahead is not busy yet");
        // A tick fired now is not what was laid a second on: it plays now.
        assert_eq!(mixer.fired(Cue::Tick, t0), None);
        // The end fires a few ms late: it is the one laid.
        assert_eq!(mixer.fired(Cue::End, t0 + ms(1003)), Some(t0 + ms(1100)));
        assert_eq!(mixer.fired(Cue::End, t0 + ms(1003)), None, "only once");
        assert_eq!(mixer.busy_until(), Some(t0 + ms(1100)));
        // Paused before the switch was confirmed: it never plays.
        mixer.cancel_ahead();
        let out = play(&mut mixer, t0 + ms(990), 10, 1024);
        let loud = (0..out.len() / 2)
            .filter(|&i| out[i * 2].abs() > 1e-6)
            .count();
        assert_eq!(loud, 4800, "the end alone");
    }

    #[test]
    fn a_laid_cue_that_started_is_not_cut_by_a_cancel() {
        let t0 = Instant::now();
        let mut mixer = Mixer::default();
        mixer.lay(Cue::Tick, tone(1, RATE, 9600, 0.5), 1.0, t0 + ms(10));
        play(&mut mixer, t0, 1, 1024);
        mixer.cancel_ahead();
        assert_eq!(mixer.busy_until(), Some(t0 + ms(210)));
        let out = play(&mut mixer, t0 + ms(21), 1, 1024);
        assert_eq!(first_sound(&out), Some(0));
    }

    #[test]
    fn the_volume_reaches_what_has_not_started() {
        let t0 = Instant::now();
        let mut mixer = Mixer::default();
        mixer.lay(Cue::Start, tone(1, RATE, 480, 0.5), 1.0, t0 + ms(50));
        mixer.set_gain(0.5);
        let out = play(&mut mixer, t0, 4, 1024);
        assert!((out[2400 * 2] - 0.25).abs() < 1e-6);
    }

    #[test]
    fn what_has_started_is_playing_and_what_has_not_is_next() {
        let t0 = Instant::now();
        let mut mixer = Mixer::default();
        mixer.lay(Cue::Tick, tone(1, RATE, 4800, 0.5), 1.0, t0);
        mixer.lay(Cue::Start, tone(1, RATE, 480, 0.5), 1.0, t0 + ms(1000));
        assert!(!mixer.playing());
        assert_eq!(mixer.next_unstarted(), Some(t0));
        // The tick starts in the first buffer; the start is still ahead.
        play(&mut mixer, t0, 1, 1024);
        assert!(mixer.playing());
        assert_eq!(mixer.next_unstarted(), Some(t0 + ms(1000)));
        // The tick ends (100 ms); nothing plays until the start.
        play(&mut mixer, t0 + ms(21), 5, 1024);
        assert!(!mixer.playing());
        mixer.cancel_ahead();
        assert_eq!(mixer.next_unstarted(), None);
    }
}
