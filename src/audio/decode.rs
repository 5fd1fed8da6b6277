//! Turns the bytes of a sound file into samples in memory, never panicking and
//! never running long, whatever the bytes. Cue sounds come from the user's
//! folder and speech from another program: both are untrusted. The headers are
//! checked first ([`super::check`]); symphonia (the decoder rodio uses) is then
//! driven here with a bounded number of packets and samples, instead of through
//! rodio's `Decoder`, whose `sample_rate()` panics on a rate of 0.

use super::check::{check, check_spec};
use super::sound::Sound;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, DecoderOptions};
use symphonia::core::errors::Error;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

/// The largest sound file read, in bytes (4 s of 8-channel 192 kHz audio is
/// more, but no cue needs that; a 4 s 48 kHz stereo 16-bit WAV is 750 KiB).
pub const MAX_FILE: u64 = 4 * 1024 * 1024;

/// Longer sounds are cut: a cue must not talk over the next one.
pub const MAX_SOUND: Duration = Duration::from_secs(4);

/// Packets read at most; 4 s of the smallest FLAC blocks at 192 kHz is 48,000.
const MAX_PACKETS: usize = 100_000;
/// Damaged packets skipped at most before the rest is given up on.
const MAX_BAD_PACKETS: usize = 1_000;

/// Decodes a whole sound (at most [`MAX_SOUND`] of it) into memory, or says
/// why it will not play.
pub fn decode(bytes: Vec<u8>) -> Result<Sound, String> {
    check(&bytes)?;
    // Last line of defence, should a damaged file reach a decoder bug the
    // checks above miss. The panic hook still prints the panic to stderr.
    catch_unwind(AssertUnwindSafe(|| decode_checked(bytes)))
        .unwrap_or_else(|_| Err("the decoder failed on it".into()))
}

fn decode_checked(bytes: Vec<u8>) -> Result<Sound, String> {
    let source = MediaSourceStream::new(
        Box::new(Cursor::new(bytes)),
        MediaSourceStreamOptions::default(),
    );
    let mut format = symphonia::default::get_probe()
        .format(
            &Hint::new(),
            source,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(describe)?
        .format;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or("no audio in the file")?;
    let params = &track.codec_params;
    let declared_rate = params
        .sample_rate
        .ok_or("the file does not give its sample rate")?;
    let declared_channels = params
        .channels
        .ok_or("the file does not give its channel count")?;
    check_spec(declared_rate, declared_channels.count())?;
    let track_id = track.id;
    let mut decoder = symphonia::default::get_codecs()
        .make(params, &DecoderOptions::default())
        .map_err(describe)?;

    let mut spec = None;
    let mut samples: Vec<f32> = Vec::new();
    let mut limit = 0;
    let mut bad = 0;
    for _ in 0..MAX_PACKETS {
        let packet = match format.next_packet() {
            Ok(packet) => packet,
            Err(Error::IoError(_) | Error::ResetRequired) => break,
            Err(e) if samples.is_empty() => return Err(describe(e)),
            Err(_) => break,
        };
        if packet.track_id() != track_id {
            continue;
        }
        let audio = match decoder.decode(&packet) {
            Ok(audio) => audio,
            Err(Error::DecodeError(_)) if bad < MAX_BAD_PACKETS => {
                bad += 1;
                continue;
            }
            Err(e) if samples.is_empty() => return Err(describe(e)),
            Err(_) => break,
        };
        if audio.frames() == 0 {
            continue;
        }
        let this = *audio.spec();
        let shape = (this.rate, this.channels.count());
        match spec {
            None => {
                check_spec(shape.0, shape.1)?;
                spec = Some(shape);
                limit = samples_in(MAX_SOUND, shape.0, shape.1);
            }
            // A chained stream that changes format: keep the first part.
            Some(first) if first != shape => break,
            Some(_) => {}
        }
        let mut buffer = SampleBuffer::<f32>::new(audio.capacity() as u64, this);
        buffer.copy_interleaved_ref(audio);
        let room = limit - samples.len();
        samples.extend(buffer.samples().iter().take(room).map(|&s| tame(s)));
        if samples.len() >= limit {
            break;
        }
    }
    let (Some((rate, channels)), false) = (spec, samples.is_empty()) else {
        return Err("no audio in the file".into());
    };
    let channels = u16::try_from(channels).map_err(|_| "too many channels")?;
    Sound::float(channels, rate, samples).ok_or_else(|| "0 channels or 0 Hz".into())
}

/// How many interleaved samples `length` of sound is.
fn samples_in(length: Duration, rate: u32, channels: usize) -> usize {
    let frames = u64::from(rate) * length.as_secs();
    usize::try_from(frames)
        .unwrap_or(usize::MAX)
        .saturating_mul(channels)
}

/// A float file may hold NaN, infinities or values far past full scale: the
/// mixer would pass them on to the speakers.
fn tame(sample: f32) -> f32 {
    if sample.is_finite() {
        sample.clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

fn describe(e: Error) -> String {
    match e {
        Error::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file ends too early".into()
        }
        Error::IoError(e) => format!("it cannot be read: {e}"),
        Error::DecodeError(why) => format!("it is damaged ({why})"),
        Error::Unsupported(what) => format!("its format is not supported ({what})"),
        Error::LimitError(what) => format!("it is too large ({what})"),
        Error::SeekError(_) | Error::ResetRequired => "the decoder failed on it".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_samples_are_kept_in_range() {
        assert!((tame(0.5) - 0.5).abs() < f32::EPSILON);
        assert!((tame(7.0) - 1.0).abs() < f32::EPSILON);
        assert!((tame(-1e30) + 1.0).abs() < f32::EPSILON);
        assert!(tame(f32::NAN).abs() < f32::EPSILON);
        assert!(tame(f32::INFINITY).abs() < f32::EPSILON);
    }

    #[test]
    fn the_length_limit_counts_every_channel() {
        assert_eq!(samples_in(MAX_SOUND, 44_100, 2), 4 * 44_100 * 2);
    }
}
