//! The sound card's stream, fed by our [`Mixer`] straight through cpal (the
//! library under rodio): one callback per period mixes the voices in and
//! converts them to the device's sample format, nothing per sample between.

use super::mixer::Mixer;
use rodio::cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use rodio::cpal::{
    self, BufferSize, Device, FromSample, OutputCallbackInfo, SampleFormat, SizedSample, Stream,
    StreamConfig,
};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The output's period, about 21 ms; cpal's ALSA buffer is two periods. Cues
/// are laid ahead on their sample, so a long period makes none late; it only
/// wakes the process fewer times a second while a sound plays.
pub const PERIOD: Duration = Duration::from_millis(21);

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    pub channels: u16,
    pub rate: u32,
    pub sample: SampleFormat,
}

/// 16-bit stereo at 48 kHz: what most devices and sound servers take as is
/// (asking the device for its list of formats costs tens of ms of CPU).
pub const COMMON: Format = Format {
    channels: 2,
    rate: 48_000,
    sample: SampleFormat::I16,
};

/// The default output device. Kept while the session runs: alsa-lib parses
/// its configuration files again at every open once no device is held.
pub fn default_device() -> Option<Device> {
    cpal::default_host().default_output_device()
}

/// Opens `device` in `format` (`fixed`: with [`PERIOD`]; else the device's
/// own buffer) and starts it pulling from `mixer`.
pub fn open(
    device: &Device,
    format: Format,
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
            match format.sample {
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
