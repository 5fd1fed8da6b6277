//! A sound in memory, as the mixer reads it: interleaved frames at the
//! sound's own rate. A bundled cue is read straight from the 16-bit PCM that
//! the binary already holds, so playing it allocates nothing and costs no
//! decoder; a user's file or a speech render is decoded once into floats.

use std::sync::Arc;
use std::time::Duration;

/// Cheap to clone: the samples are shared, never copied.
#[derive(Clone)]
pub struct Sound {
    channels: u16,
    rate: u32,
    samples: Samples,
}

#[derive(Clone)]
enum Samples {
    /// 16-bit little-endian PCM, borrowed from the binary's own bytes.
    Pcm16(&'static [u8]),
    /// Decoded, each in -1..=1.
    Float(Arc<[f32]>),
}

impl std::fmt::Debug for Sound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Sound({} ch, {} Hz, {} frames)",
            self.channels,
            self.rate,
            self.frames()
        )
    }
}

impl Sound {
    /// Decoded samples; `None` if `channels` or `rate` is 0.
    pub fn float(channels: u16, rate: u32, samples: Vec<f32>) -> Option<Sound> {
        (channels > 0 && rate > 0).then(|| Sound {
            channels,
            rate,
            samples: Samples::Float(samples.into()),
        })
    }

    /// The `data` of a 16-bit PCM WAV that lives as long as the program (a
    /// bundled sound); `None` if it is not one.
    pub fn wav16(bytes: &'static [u8]) -> Option<Sound> {
        let (channels, rate, data) = pcm16_parts(bytes)?;
        Some(Sound {
            channels,
            rate,
            samples: Samples::Pcm16(data),
        })
    }

    pub fn channels(&self) -> usize {
        usize::from(self.channels)
    }

    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// Frames (one sample per channel each).
    pub fn frames(&self) -> usize {
        self.len() / self.channels()
    }

    pub fn duration(&self) -> Duration {
        let frames = u64::try_from(self.frames()).unwrap_or(u64::MAX);
        Duration::from_nanos(frames.saturating_mul(1_000_000_000) / u64::from(self.rate))
    }

    fn len(&self) -> usize {
        match &self.samples {
            Samples::Pcm16(bytes) => bytes.len() / 2,
            Samples::Float(samples) => samples.len(),
        }
    }

    /// Sample `channel` of frame `frame` (silence past the end).
    pub fn at(&self, frame: usize, channel: usize) -> f32 {
        let index = frame * self.channels() + channel;
        match &self.samples {
            Samples::Pcm16(bytes) => bytes.get(index * 2..index * 2 + 2).map_or(0.0, |b| {
                f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0
            }),
            Samples::Float(samples) => samples.get(index).copied().unwrap_or(0.0),
        }
    }

    /// Mixes frames `from` on into `out` (interleaved, `channels` a frame),
    /// stepping `step` of this sound's frames per output frame with linear
    /// interpolation, scaled by `gain`. Returns where it stopped, which is
    /// past [`Sound::frames`] once the sound is over.
    pub fn mix_into(
        &self,
        from: f64,
        step: f64,
        gain: f32,
        out: &mut [f32],
        channels: usize,
    ) -> f64 {
        // The match once, not per sample: this runs for every frame heard.
        match &self.samples {
            Samples::Pcm16(bytes) => mix(
                |i| {
                    bytes.get(i * 2..i * 2 + 2).map_or(0.0, |b| {
                        f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0
                    })
                },
                self.channels(),
                self.frames(),
                (from, step, gain),
                out,
                channels,
            ),
            Samples::Float(samples) => mix(
                |i| samples.get(i).copied().unwrap_or(0.0),
                self.channels(),
                self.frames(),
                (from, step, gain),
                out,
                channels,
            ),
        }
    }

    /// Every sample, interleaved.
    pub fn samples(&self) -> impl Iterator<Item = f32> + '_ {
        (0..self.frames()).flat_map(move |f| (0..self.channels()).map(move |c| self.at(f, c)))
    }
}

/// [`Sound::mix_into`] for one kind of samples (`sample(i)`: interleaved
/// sample `i`, silence past the end).
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
fn mix(
    sample: impl Fn(usize) -> f32,
    width: usize,
    frames: usize,
    (mut head, step, gain): (f64, f64, f32),
    out: &mut [f32],
    channels: usize,
) -> f64 {
    for frame in out.chunks_exact_mut(channels) {
        let at = head as usize;
        if at >= frames {
            return head;
        }
        let t = (head - at as f64) as f32;
        if width == 1 {
            // A mono sound (every bundled one) is heard on every channel.
            let (a, b) = (sample(at), sample(at + 1));
            let value = (a + (b - a) * t) * gain;
            for out in frame {
                *out += value;
            }
        } else {
            for (c, out) in frame.iter_mut().enumerate() {
                let k = c % width;
                let (a, b) = (sample(at * width + k), sample((at + 1) * width + k));
                *out += (a + (b - a) * t) * gain;
            }
        }
        head += step;
    }
    head
}

/// Channels, rate and sample bytes of a 16-bit integer PCM WAV.
fn pcm16_parts(b: &[u8]) -> Option<(u16, u32, &[u8])> {
    if b.get(..4)? != b"RIFF" || b.get(8..12)? != b"WAVE" {
        return None;
    }
    let le16 = |at: usize| b.get(at..at + 2).map(|x| u16::from_le_bytes([x[0], x[1]]));
    let le32 = |at: usize| {
        b.get(at..at + 4)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
    };
    let mut pos = 12;
    let mut format = None;
    loop {
        let tag = b.get(pos..pos + 4)?;
        let len = usize::try_from(le32(pos + 4)?).ok()?;
        let body = pos + 8;
        if tag == b"fmt " {
            let (encoding, channels, rate, bits) = (
                le16(body)?,
                le16(body + 2)?,
                le32(body + 4)?,
                le16(body + 14)?,
            );
            if encoding != 1 || bits != 16 || channels == 0 || rate == 0 {
                return None;
            }
            format = Some((channels, rate));
        } else if tag == b"data" {
            let (channels, rate) = format?;
            let end = body.checked_add(len)?.min(b.len());
            let data = b.get(body..end)?;
            // Whole frames only.
            let frame = usize::from(channels) * 2;
            return Some((channels, rate, data.get(..data.len() - data.len() % frame)?));
        }
        pos = body.checked_add(len)?.checked_add(len & 1)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(channels: u16, rate: u32, bits: u16, samples: &[i16]) -> &'static [u8] {
        let data: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        let mut out = b"RIFF\0\0\0\0WAVE".to_vec();
        // A chunk of odd length before the format, padded, as a tagger writes.
        out.extend(b"LIST\x03\0\0\0abc\0");
        out.extend(b"fmt \x10\0\0\0");
        out.extend(1u16.to_le_bytes());
        out.extend(channels.to_le_bytes());
        out.extend(rate.to_le_bytes());
        out.extend((rate * u32::from(channels) * 2).to_le_bytes());
        out.extend((channels * 2).to_le_bytes());
        out.extend(bits.to_le_bytes());
        out.extend(b"data");
        out.extend(u32::try_from(data.len()).expect("small").to_le_bytes());
        out.extend(data);
        out.leak()
    }

    #[test]
    fn a_pcm16_wav_is_read_in_place_at_full_scale() {
        let sound = Sound::wav16(wav(2, 48_000, 16, &[16384, -32768, 0, 32767])).expect("wav");
        assert_eq!(
            (sound.channels(), sound.rate(), sound.frames()),
            (2, 48_000, 2)
        );
        let samples: Vec<f32> = sound.samples().collect();
        assert!((samples[0] - 0.5).abs() < f32::EPSILON && (samples[1] + 1.0).abs() < f32::EPSILON);
        assert!(samples[2].abs() < f32::EPSILON);
        assert!((samples[3] - 1.0).abs() < 1e-4);
        assert!(sound.at(2, 0).abs() < f32::EPSILON, "silence past the end");
        assert_eq!(sound.duration(), Duration::from_nanos(41_666));
    }

    #[test]
    fn anything_but_pcm16_is_not_read_in_place() {
        assert!(Sound::wav16(wav(1, 48_000, 8, &[1, 2])).is_none());
        assert!(Sound::wav16(wav(0, 48_000, 16, &[1, 2])).is_none());
        assert!(Sound::wav16(b"RIFF\0\0\0\0WAVEfmt \xff\xff\xff\xff").is_none());
        assert!(Sound::wav16(b"OggS").is_none());
    }

    #[test]
    fn only_whole_frames_are_read_even_when_the_data_chunk_claims_more() {
        let sound = Sound::wav16(wav(2, 8_000, 16, &[1, 2, 3])).expect("wav");
        assert_eq!(sound.frames(), 1);
        let mut bytes = wav(1, 8_000, 16, &[1, 2, 3]).to_vec();
        let at = bytes.len() - 10;
        bytes[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
        let sound = Sound::wav16(bytes.leak()).expect("wav");
        assert_eq!(sound.frames(), 3);
    }
}
