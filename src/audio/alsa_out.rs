//! The sound card on Linux, written to through ALSA by the audio thread
//! itself, paced by [`Pace`]: chunks when the card is about to run out while
//! a sound plays (the rest of a started sound in one blocking write), nothing
//! while none does. A pull stream (cpal's, under
//! rodio) instead wakes a thread of its own every period, polls and asks the
//! card's status each time, and carries silence between cues.

use super::mixer::{Format, Mixer};
use super::pace::{BATCH, CHUNK, Pace, Step};
use alsa::pcm::{Access, Format as Sample, HwParams, PCM, State};
use alsa::{Direction, ValueOr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long before a due cue the device is opened, and how long it stays
/// open after the last sound: an open device that is not playing costs
/// nothing here, and keeping it across the short gaps of a 3-2-1 spares
/// reopening it for each tick.
pub const OPEN_LEAD: Duration = Duration::from_secs(1);
pub const TAIL: Duration = Duration::from_secs(1);

/// The samples a card takes, in the order they are asked for: 16-bit first
/// (the bundled sounds' own depth, and what every card and plugin takes).
const SAMPLES: [Kind; 3] = [Kind::I16, Kind::F32, Kind::I32];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    I16,
    F32,
    I32,
}

/// What the card agreed to.
struct Setup {
    channels: usize,
    rate: u32,
    kind: Kind,
    /// Its buffer, in frames.
    buffer: usize,
}

/// An open device: idle (stopped, costing nothing) until a sound is due.
pub struct Device {
    pcm: PCM,
    channels: usize,
    rate: u32,
    pace: Pace,
    /// One chunk as the mixer renders it.
    mix: Vec<f32>,
    /// What one write hands the card.
    out: Out,
}

/// A write's samples, in the kind the card takes.
enum Out {
    I16(Vec<i16>),
    F32(Vec<f32>),
    I32(Vec<i32>),
}

impl Device {
    /// Opens the default device in `wanted` (channels and rate; it may give
    /// others, which the mixer then follows), or says why there is no sound.
    pub fn open(wanted: Format, _mixer: &Arc<Mutex<Mixer>>) -> Result<Device, String> {
        let pcm = PCM::new("default", Direction::Playback, false).map_err(|e| describe(&e))?;
        let Setup {
            channels,
            rate,
            kind,
            buffer,
        } = configure(&pcm, wanted).map_err(|e| describe(&e))?;
        Ok(Device {
            pcm,
            channels,
            rate,
            pace: Pace::new(rate, buffer),
            mix: vec![0.0; CHUNK * channels],
            out: match kind {
                Kind::I16 => Out::I16(Vec::new()),
                Kind::F32 => Out::F32(Vec::new()),
                Kind::I32 => Out::I32(Vec::new()),
            },
        })
    }

    pub fn format(&self) -> Format {
        Format {
            channels: u16::try_from(self.channels).unwrap_or(2),
            rate: self.rate,
        }
    }

    /// Writes what is due at `now` from `mixer`; returns when to come back
    /// (`None`: not until a sound is added).
    pub fn pump(&mut self, mixer: &Arc<Mutex<Mixer>>, now: Instant) -> Option<Instant> {
        let mut mixer = mixer.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            let held = self.held();
            let step = self.pace.next(now, held, mixer.next_start());
            match step {
                Step::Write(first) => {
                    self.batch(&mut mixer, first);
                    if !self.write(now) {
                        // The card went away or refused: stop, try again later.
                        self.stop();
                        return None;
                    }
                }
                Step::Wait(at) => return Some(at),
                // Stopped; a later sound is waited for like any other.
                Step::Stop => self.stop(),
                Step::Idle => return None,
            }
        }
    }

    /// Mixes the chunk heard from `first`, and the ones after it that may go
    /// in the same write, into the card's sample kind.
    fn batch(&mut self, mixer: &mut Mixer, first: Instant) {
        match &mut self.out {
            Out::I16(out) => out.clear(),
            Out::F32(out) => out.clear(),
            Out::I32(out) => out.clear(),
        }
        let mut frames = 0;
        loop {
            let at = self.pace.after(first, frames);
            mixer.render(at, &mut self.mix, self.channels, self.rate);
            match &mut self.out {
                Out::I16(out) => out.extend(self.mix.iter().map(|&s| to_i16(s))),
                Out::F32(out) => out.extend_from_slice(&self.mix),
                Out::I32(out) => out.extend(self.mix.iter().map(|&s| to_i32(s))),
            }
            frames += CHUNK;
            let next = self.pace.after(first, frames);
            if frames >= BATCH * CHUNK
                || !self
                    .pace
                    .joins(next, mixer.playing(), mixer.next_unstarted())
            {
                return;
            }
        }
    }

    /// Frames the card still holds (0 when stopped, or for a plugin that
    /// takes them all at once).
    fn held(&self) -> u64 {
        if self.pcm.state() != State::Running {
            return 0;
        }
        self.pcm
            .delay()
            .ok()
            .and_then(|d| u64::try_from(d).ok())
            .unwrap_or(0)
    }

    /// Hands the mixed chunks to the card (blocking until it has room for
    /// them), after an underrun or a stop preparing it again; whether it took
    /// them.
    fn write(&mut self, now: Instant) -> bool {
        if matches!(
            self.pcm.state(),
            State::XRun | State::Setup | State::Suspended
        ) && self.pcm.prepare().is_err()
        {
            return false;
        }
        let written = match &self.out {
            Out::I16(out) => self.pcm.io_i16().and_then(|io| io.writei(out)),
            Out::F32(out) => self.pcm.io_f32().and_then(|io| io.writei(out)),
            Out::I32(out) => self.pcm.io_i32().and_then(|io| io.writei(out)),
        };
        match written {
            Ok(frames) => {
                self.pace.wrote(now, frames);
                true
            }
            // An underrun: start again from the next chunk.
            Err(e) if e.errno() == libc::EPIPE => {
                self.pace.stopped();
                self.pcm.prepare().is_ok()
            }
            Err(_) => false,
        }
    }

    /// Stops the card once what it holds has been heard (by then only the
    /// silence after the last sound is left in it).
    fn stop(&mut self) {
        let _ = self.pcm.drop();
        self.pace.stopped();
    }
}

/// 16-bit stereo at 48 kHz if the device takes it (through ALSA's `plug`
/// layer it always does), else whatever is nearest.
fn configure(pcm: &PCM, wanted: Format) -> alsa::Result<Setup> {
    let mut last = None;
    for kind in SAMPLES {
        let hw = HwParams::any(pcm)?;
        hw.set_access(Access::RWInterleaved)?;
        let format = match kind {
            Kind::I16 => Sample::s16(),
            Kind::F32 => Sample::float(),
            Kind::I32 => Sample::s32(),
        };
        if let Err(e) = hw.set_format(format) {
            last = Some(e);
            continue;
        }
        let channels = hw.set_channels_near(u32::from(wanted.channels))?;
        let rate = hw.set_rate_near(wanted.rate, ValueOr::Nearest)?;
        let chunk = alsa::pcm::Frames::try_from(CHUNK).unwrap_or(1024);
        hw.set_period_size_near(chunk, ValueOr::Nearest)?;
        let buffer = hw.set_buffer_size_near(chunk * 2)?;
        pcm.hw_params(&hw)?;
        let sw = pcm.sw_params_current()?;
        // Start as soon as the first chunk is in. The buffer is two chunks:
        // one playing, one in reserve.
        sw.set_start_threshold(chunk)?;
        pcm.sw_params(&sw)?;
        let channels = usize::try_from(channels).unwrap_or(2).max(1);
        return Ok(Setup {
            channels,
            rate,
            kind,
            buffer: usize::try_from(buffer).unwrap_or(CHUNK * 2),
        });
    }
    Err(last.unwrap_or_else(|| alsa::Error::unsupported("no sample format")))
}

/// Rounded half away from zero, without a call to the maths library (the
/// target's baseline has no rounding instruction).
#[allow(clippy::cast_possible_truncation)]
fn to_i16(sample: f32) -> i16 {
    let scaled = sample.clamp(-1.0, 1.0) * 32767.0;
    (scaled + 0.5f32.copysign(scaled)) as i16
}

#[allow(clippy::cast_possible_truncation)]
fn to_i32(sample: f32) -> i32 {
    let scaled = f64::from(sample.clamp(-1.0, 1.0)) * 2_147_483_647.0;
    (scaled + 0.5f64.copysign(scaled)) as i32
}

/// ALSA's error, as the status bar says it.
fn describe(e: &alsa::Error) -> String {
    match e.errno() {
        // No such card or device, or none configured.
        libc::ENOENT | libc::ENODEV | libc::ENXIO => "no audio device".into(),
        libc::EBUSY => "the sound device is busy".into(),
        _ => format!("the sound device would not open ({e})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_convert_at_full_scale_and_clip() {
        assert_eq!(to_i16(0.0), 0);
        assert_eq!(to_i16(0.5), 16384);
        assert_eq!(to_i16(1.5), 32767);
        assert_eq!(to_i16(-1.0), -32767);
        assert_eq!(to_i32(1.0), i32::MAX);
        assert_eq!(to_i32(-2.0), -i32::MAX);
    }
}
