//! Checks a sound file's headers before any decoder sees it. The decoder
//! (symphonia, under rodio) panics on a WAV whose sample rate is 0, and trusts
//! the lengths a header claims: a 100-byte file can ask it for gigabytes (a WAV
//! `LIST` chunk, a FLAC tag or picture, an Ogg Vorbis codebook). Allocation
//! failure aborts the process, which no `catch_unwind` can stop, so every such
//! length is checked against the bytes really there, here, first.

use super::check_ogg;

/// The sample rates limber plays, in Hz.
pub const RATES: std::ops::RangeInclusive<u32> = 8_000..=192_000;
/// The most channels a sound may have.
pub const MAX_CHANNELS: usize = 8;

/// Checks that `bytes` are a WAV, Ogg Vorbis or FLAC sound whose headers are
/// sane, or says why not (the reason reads after "will not play (...)").
pub fn check(bytes: &[u8]) -> Result<(), String> {
    match bytes.get(..4) {
        None if bytes.is_empty() => Err("the file is empty".into()),
        Some(b"RIFF") => wav(bytes),
        Some(b"OggS") => check_ogg::check(bytes),
        Some(b"fLaC") => flac(bytes),
        _ => Err("it is not a WAV, Ogg Vorbis or FLAC file".into()),
    }
}

/// The sample rate and channel count every format must have.
pub fn check_spec(rate: u32, channels: usize) -> Result<(), String> {
    if channels == 0 || channels > MAX_CHANNELS {
        return Err(format!(
            "{channels} channels are not supported (1 to {MAX_CHANNELS})"
        ));
    }
    if !RATES.contains(&rate) {
        return Err(format!("sample rate {rate} Hz is not supported"));
    }
    Ok(())
}

/// Walks the RIFF chunks up to `data`. Only the `data` chunk may claim more
/// than the file holds: speech programs that write to a pipe cannot know the
/// length and put a huge one there (espeak-ng writes 2 GiB).
fn wav(b: &[u8]) -> Result<(), String> {
    if b.get(8..12) != Some(b"WAVE") {
        return Err(if b.len() < 12 {
            "the WAV header is cut short".into()
        } else {
            "it is a RIFF file but not a WAV".into()
        });
    }
    let mut pos = 12;
    let mut format_seen = false;
    loop {
        pos += pos & 1;
        let mut r = Bytes::at(b, pos);
        let (Some(tag), Some(len)) = (r.take(4), r.le32()) else {
            return Err("the WAV header is cut short".into());
        };
        pos = r.pos;
        let left = b.len() - pos;
        if tag == b"data" {
            if !format_seen {
                return Err("the audio comes before the format header".into());
            }
            if len == 0 || left == 0 {
                return Err("no audio in the file".into());
            }
            return Ok(());
        }
        let Some(chunk) = usize::try_from(len).ok().and_then(|n| b.get(pos..pos + n)) else {
            return Err(format!(
                "its '{}' chunk claims {len} bytes but only {left} follow",
                tag.escape_ascii()
            ));
        };
        if tag == b"fmt " {
            wav_format(chunk)?;
            format_seen = true;
        }
        pos += chunk.len();
    }
}

/// The `fmt ` chunk: integer PCM of 8, 16, 24 or 32 bits, or 32/64-bit float.
fn wav_format(f: &[u8]) -> Result<(), String> {
    let mut r = Bytes::at(f, 0);
    let short = || "the WAV format header is cut short".to_string();
    let tag = r.le16().ok_or_else(short)?;
    let channels = r.le16().ok_or_else(short)?;
    let rate = r.le32().ok_or_else(short)?;
    r.take(4).ok_or_else(short)?;
    let block_align = r.le16().ok_or_else(short)?;
    let bits = r.le16().ok_or_else(short)?;
    let encoding = match tag {
        0xFFFE => Bytes::at(f, 24).le16().ok_or_else(short)?,
        other => other,
    };
    let float = match encoding {
        1 => false,
        3 => true,
        other => {
            return Err(format!(
                "WAV encoding {other:#06x} is not supported; save it as 16-bit PCM"
            ));
        }
    };
    check_spec(rate, usize::from(channels))?;
    let supported = if float {
        matches!(bits, 32 | 64)
    } else {
        matches!(bits, 8 | 16 | 24 | 32)
    };
    if !supported {
        let kind = if float { "float" } else { "integer" };
        return Err(format!("{bits}-bit {kind} samples are not supported"));
    }
    let expected = u32::from(channels) * u32::from(bits) / 8;
    if u32::from(block_align) != expected {
        return Err(format!(
            "the WAV header is inconsistent (block align {block_align}, expected {expected})"
        ));
    }
    Ok(())
}

/// Walks the FLAC metadata blocks, checking the lengths inside the ones the
/// decoder reads (tags, pictures, application data).
fn flac(b: &[u8]) -> Result<(), String> {
    let mut pos = 4;
    loop {
        let mut r = Bytes::at(b, pos);
        let (Some(header), Some(len)) = (r.take(1), r.be24()) else {
            return Err("the FLAC header is cut short".into());
        };
        pos = r.pos;
        let left = b.len() - pos;
        let Some(block) = b.get(pos..pos + len) else {
            return Err(format!(
                "a FLAC metadata block claims {len} bytes but only {left} follow"
            ));
        };
        match header[0] & 0x7F {
            0 => flac_stream_info(block)?,
            2 if len < 4 => return Err("a FLAC application block is too short".into()),
            4 if vorbis_comment(block, 0).is_none() => {
                return Err("its tags are damaged".into());
            }
            6 if flac_picture(block).is_none() => {
                return Err("its embedded picture is damaged".into());
            }
            127 => return Err("a FLAC metadata block is invalid".into()),
            _ => {}
        }
        pos += len;
        if header[0] & 0x80 != 0 {
            return Ok(());
        }
    }
}

fn flac_stream_info(block: &[u8]) -> Result<(), String> {
    if block.len() != 34 {
        return Err("the FLAC stream header has the wrong size".into());
    }
    let rate =
        (u32::from(block[10]) << 12) | (u32::from(block[11]) << 4) | (u32::from(block[12]) >> 4);
    let channels = usize::from((block[12] >> 1) & 7) + 1;
    check_spec(rate, channels)
}

fn flac_picture(block: &[u8]) -> Option<()> {
    let mut r = Bytes::at(block, 4);
    for _ in 0..2 {
        let len = r.be32()?;
        r.skip(len)?;
    }
    r.take(16)?;
    let data = r.be32()?;
    r.skip(data)
}

/// A Vorbis comment (tags) block from `start`: a vendor string and a counted
/// list of strings, each length-prefixed. `None` if any length overruns.
pub(super) fn vorbis_comment(block: &[u8], start: usize) -> Option<()> {
    let mut r = Bytes::at(block, start);
    let vendor = r.le32()?;
    r.skip(vendor)?;
    let count = r.le32()?;
    for _ in 0..count {
        let len = r.le32()?;
        r.skip(len)?;
    }
    Some(())
}

/// A cursor over bytes whose every read says `None` rather than overrun.
pub(super) struct Bytes<'a> {
    data: &'a [u8],
    pub pos: usize,
}

impl<'a> Bytes<'a> {
    pub fn at(data: &'a [u8], pos: usize) -> Self {
        Bytes { data, pos }
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.data.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(slice)
    }

    pub fn skip(&mut self, n: u32) -> Option<()> {
        self.take(usize::try_from(n).ok()?).map(|_| ())
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    pub fn le16(&mut self) -> Option<u16> {
        self.array().map(u16::from_le_bytes)
    }

    pub fn le32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    fn be32(&mut self) -> Option<u32> {
        self.array().map(u32::from_be_bytes)
    }

    fn be24(&mut self) -> Option<usize> {
        let [a, b, c] = self.array()?;
        Some(usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c))
    }
}
