//! The sound card's stream where ALSA is not (see [`super::alsa_out`] for
//! Linux), fed by our [`Mixer`] straight through cpal (the library under
//! rodio): one callback per period mixes the voices in and converts them to
//! the device's sample format, nothing per sample between. The stream runs
//! while the device is open, so it is opened just before a cue is due.

use super::mixer::{Format, Mixer};
use rodio::cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use rodio::cpal::{
    self, BufferSize, FromSample, OutputCallbackInfo, SampleFormat, SizedSample, Stream,
    StreamConfig,
};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The output's period, about 21 ms; cpal's ALSA buffer is two periods. Cues
/// are laid ahead on their sample, so a long period makes none late; it only
/// wakes the process fewer times a second while a sound plays.
pub const PERIOD: Duration = Duration::from_millis(21);

/// How long before a due cue the stream starts: the cue is laid on its sample
/// ahead, so the device must be running one buffer (two periods of about 21
/// ms) before the moment; opening it with a known configuration takes a few
/// ms; the rest is margin for a busy machine.
pub const OPEN_LEAD: Duration = Duration::from_millis(110);
/// How long the stream runs on after the last sound ends: its buffer (about
/// 43 ms) still has to reach the speakers.
pub const TAIL: Duration = Duration::from_millis(60);

/// A running stream, pulling from the mixer.
pub struct Device {
    _stream: Stream,
    format: Format,
}

impl Device {
    /// Opens the default device in `wanted` (the first time; afterwards the
    /// format it gave, so the list of configurations, tens of ms of CPU, is
    /// asked once), or says why there is no sound.
    pub fn open(wanted: Format, mixer: &Arc<Mutex<Mixer>>) -> Result<Device, String> {
        let sample = SampleFormat::I16;
        if let Some(device) = default_device()
            && let Some(stream) = open(&device, wanted, sample, true, mixer)
        {
            return Ok(Device {
                _stream: stream,
                format: wanted,
            });
        }
        let mut sink = rodio::DeviceSinkBuilder::open_default_sink().map_err(|e| describe(&e))?;
        sink.log_on_drop(false);
        let config = sink.config();
        let format = Format {
            channels: config.channel_count().get(),
            rate: config.sample_rate().get(),
        };
        let sample = config.sample_format();
        // Closed first: a device without a software mixer opens only once.
        drop(sink);
        let device = default_device().ok_or("no audio device")?;
        let stream = open(&device, format, sample, true, mixer)
            .or_else(|| open(&device, format, sample, false, mixer))
            .ok_or("the sound device would not start")?;
        Ok(Device {
            _stream: stream,
            format,
        })
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The stream pulls by itself: nothing to do here.
    #[allow(clippy::unused_self)]
    pub fn pump(&mut self, _mixer: &Arc<Mutex<Mixer>>, _now: Instant) -> Option<Instant> {
        None
    }
}

fn describe(e: &rodio::DeviceSinkError) -> String {
    match e {
        rodio::DeviceSinkError::NoDevice => "no audio device".into(),
        other => {
            let text = other.to_string();
            if text.contains("config") || text.contains("not available") {
                "no audio device".into()
            } else {
                text
            }
        }
    }
}

fn default_device() -> Option<cpal::Device> {
    cpal::default_host().default_output_device()
}

/// Opens `device` in `format` (`fixed`: with [`PERIOD`]; else the device's
/// own buffer) and starts it pulling from `mixer`.
fn open(
    device: &cpal::Device,
    format: Format,
    sample: SampleFormat,
    fixed: bool,
    mixer: &Arc<Mutex<Mixer>>,
) -> Option<Stream> {
    let config = StreamConfig {
        channels: format.channels,
        sample_rate: format.rate,
        buffer_size: if fixed {
            BufferSize::Fixed(period_frames(format.rate))
        } else {
            BufferSize::Default
        },
    };
    macro_rules! build {
        ($($variant:ident => $t:ty),+) => {
            match sample {
                $(SampleFormat::$variant => device.build_output_stream::<$t, _, _>(
                    config,
                    feed::<$t>(Arc::clone(mixer), format),
                    |_| {},
                    None,
                ),)+
                _ => return None,
            }
        };
    }
    let stream =
        build!(I16 => i16, F32 => f32, I32 => i32, U16 => u16, U8 => u8, I8 => i8, F64 => f64)
            .ok()?;
    stream.play().ok()?;
    Some(stream)
}

/// The callback: mixes a period and converts it to the device's samples.
fn feed<T>(
    mixer: Arc<Mutex<Mixer>>,
    format: Format,
) -> impl FnMut(&mut [T], &OutputCallbackInfo) + Send + 'static
where
    T: SizedSample + FromSample<f32>,
{
    let mut mix: Vec<f32> = Vec::new();
    move |data, info| {
        let stamp = info.timestamp();
        // When the first frame of this period will be heard.
        let first = Instant::now() + stamp.playback.saturating_duration_since(stamp.callback);
        mix.resize(data.len(), 0.0);
        match mixer.lock() {
            Ok(mut mixer) => {
                mixer.render(first, &mut mix, usize::from(format.channels), format.rate);
            }
            Err(_) => mix.fill(0.0),
        }
        for (out, &sample) in data.iter_mut().zip(&mix) {
            *out = T::from_sample(sample);
        }
    }
}

/// [`PERIOD`] in frames at `rate`, a power of two (1024 at 48 kHz).
pub fn period_frames(rate: u32) -> u32 {
    let frames = u128::from(rate) * PERIOD.as_nanos() / 1_000_000_000;
    u32::try_from(frames)
        .unwrap_or(u32::MAX)
        .next_power_of_two()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_is_about_twenty_ms() {
        assert_eq!(period_frames(48_000), 1024);
        assert_eq!(period_frames(44_100), 1024);
        assert_eq!(period_frames(96_000), 2048);
        assert_eq!(period_frames(8_000), 256);
    }
}
