//! The Ogg Vorbis part of [`super::check`]. The decoder trusts the lengths in
//! a Vorbis comment header and the sizes of each codebook in the setup header:
//! a few bytes can ask for terabytes, and a failed allocation aborts. So the
//! pages are walked here (contiguous, checksums right, so the decoder sees the
//! same packets), and every header packet is measured before it decodes.

use super::check::{Bytes, check_spec, vorbis_comment};
use std::collections::HashMap;

/// Lookup-table entries (floats) all codebooks together may make the decoder
/// allocate; real encoders use well under a million.
const CODEBOOK_BUDGET: u64 = 1 << 22;

pub fn check(b: &[u8]) -> Result<(), String> {
    // Per logical stream: the packet being put together, and packets so far.
    let mut streams: HashMap<u32, (Vec<u8>, usize)> = HashMap::new();
    let mut budget = CODEBOOK_BUDGET;
    let mut pos = 0;
    while pos < b.len() {
        let mut r = Bytes::at(b, pos);
        let Some(header) = r.take(27) else { break };
        if &header[..4] != b"OggS" || header[4] != 0 {
            return Err("the Ogg file is damaged (stray bytes between pages)".into());
        }
        let Some(lacing) = r.take(usize::from(header[26])) else {
            break;
        };
        let body_len: usize = lacing.iter().map(|&l| usize::from(l)).sum();
        let Some(body) = r.take(body_len) else { break };
        let page = &b[pos..r.pos];
        let stored = u32::from_le_bytes([header[22], header[23], header[24], header[25]]);
        if checksum(page) != stored {
            return Err("the Ogg file is damaged (a page checksum is wrong)".into());
        }
        let serial = u32::from_le_bytes([header[14], header[15], header[16], header[17]]);
        let (packet, count) = streams.entry(serial).or_default();
        let mut start = 0;
        for &l in lacing {
            let end = start + usize::from(l);
            packet.extend_from_slice(&body[start..end]);
            start = end;
            if l < 255 {
                header_packet(packet, *count, &mut budget)?;
                *count += 1;
                packet.clear();
            }
        }
        pos = r.pos;
    }
    // Three header packets come before any audio.
    if streams.is_empty() || streams.values().any(|(_, count)| *count < 3) {
        return Err("the Ogg file is cut short".into());
    }
    Ok(())
}

/// Checks a packet if it is a Vorbis header; the first of a stream must be one.
fn header_packet(p: &[u8], index: usize, budget: &mut u64) -> Result<(), String> {
    let vorbis = p.get(1..7) == Some(b"vorbis");
    if index == 0 && !(vorbis && p[0] == 1) {
        return Err("only Ogg Vorbis sound is supported".into());
    }
    if !vorbis {
        return Ok(());
    }
    match p[0] {
        1 => identification(p),
        3 => vorbis_comment(p, 7).ok_or_else(|| "its tags are damaged".to_string()),
        5 => setup(p, budget),
        _ => Ok(()),
    }
}

fn identification(p: &[u8]) -> Result<(), String> {
    let damaged = || "its Vorbis header is damaged".to_string();
    let mut r = Bytes::at(p, 7);
    if r.le32().ok_or_else(damaged)? != 0 {
        return Err("its Vorbis version is not supported".into());
    }
    let channels = usize::from(r.take(1).ok_or_else(damaged)?[0]);
    let rate = r.le32().ok_or_else(damaged)?;
    check_spec(rate, channels)?;
    r.take(12).ok_or_else(damaged)?;
    let sizes = r.take(1).ok_or_else(damaged)?[0];
    let (short, long) = (sizes & 0x0F, sizes >> 4);
    if !(6..=13).contains(&short) || !(short..=13).contains(&long) {
        return Err(damaged());
    }
    Ok(())
}

/// The codebooks at the start of the setup header (Vorbis I spec, 3.2.1),
/// read only to add up what the decoder would allocate for them.
fn setup(p: &[u8], budget: &mut u64) -> Result<(), String> {
    let mut bits = Bits {
        data: p,
        pos: 7 * 8,
    };
    let count = bits.read(8).ok_or("its Vorbis setup header is cut short")? + 1;
    for _ in 0..count {
        codebook(&mut bits, budget).map_err(str::to_string)?;
    }
    Ok(())
}

fn codebook(bits: &mut Bits, budget: &mut u64) -> Result<(), &'static str> {
    const SHORT: &str = "its Vorbis setup header is cut short";
    const BAD: &str = "its Vorbis setup header is damaged";
    if bits.read(24).ok_or(SHORT)? != 0x0056_4342 {
        return Err(BAD);
    }
    let dimensions = bits.read(16).ok_or(SHORT)?;
    let entries = bits.read(24).ok_or(SHORT)?;
    if dimensions == 0 || entries == 0 {
        return Err(BAD);
    }
    let ordered = bits.read(1).ok_or(SHORT)? == 1;
    if ordered {
        bits.read(5).ok_or(SHORT)?;
        let mut done = 0;
        while done < entries {
            done += bits.read(ilog(entries - done)).ok_or(SHORT)?;
        }
        if done > entries {
            return Err(BAD);
        }
    } else {
        let sparse = bits.read(1).ok_or(SHORT)? == 1;
        for _ in 0..entries {
            if !sparse || bits.read(1).ok_or(SHORT)? == 1 {
                bits.read(5).ok_or(SHORT)?;
            }
        }
    }
    // Every entry costs the decoder a few words, even without a lookup table.
    let table = u64::from(entries) * u64::from(dimensions);
    let (cost, values) = match bits.read(4).ok_or(SHORT)? {
        0 => (u64::from(entries), 0),
        1 => (table, lookup1_values(entries, dimensions)),
        2 => (table, table),
        _ => return Err(BAD),
    };
    *budget = budget
        .checked_sub(cost)
        .ok_or("its Vorbis codebooks are too large")?;
    if values > 0 {
        bits.skip(64).ok_or(SHORT)?;
        let value_bits = u64::from(bits.read(4).ok_or(SHORT)? + 1);
        bits.skip(1 + values * value_bits).ok_or(SHORT)?;
    }
    Ok(())
}

/// The largest `v` with `v^dimensions <= entries`.
fn lookup1_values(entries: u32, dimensions: u32) -> u64 {
    let fits = |v: u64| {
        v.checked_pow(dimensions)
            .is_some_and(|p| p <= u64::from(entries))
    };
    let (mut low, mut high) = (1_u64, u64::from(entries));
    while low < high {
        let mid = (low + high).div_ceil(2);
        if fits(mid) { low = mid } else { high = mid - 1 }
    }
    low
}

/// The number of bits needed for `x` (Vorbis `ilog`).
fn ilog(x: u32) -> u32 {
    32 - x.leading_zeros()
}

/// Vorbis packs bits least-significant first.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn read(&mut self, n: u32) -> Option<u32> {
        let mut value = 0;
        for i in 0..n {
            let byte = self.data.get(self.pos / 8)?;
            value |= u32::from((byte >> (self.pos % 8)) & 1) << i;
            self.pos += 1;
        }
        Some(value)
    }

    fn skip(&mut self, n: u64) -> Option<()> {
        let end = u64::try_from(self.pos).ok()?.checked_add(n)?;
        (end <= u64::try_from(self.data.len()).ok()? * 8).then(|| {
            self.pos = usize::try_from(end).unwrap_or(usize::MAX);
        })
    }
}

/// The Ogg page checksum: CRC-32, polynomial 0x04C11DB7, not reflected, over
/// the page with its checksum field read as zero.
fn checksum(page: &[u8]) -> u32 {
    let mut crc = 0_u32;
    for (i, &byte) in page.iter().enumerate() {
        let byte = if (22..26).contains(&i) { 0 } else { byte };
        crc ^= u32::from(byte) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 == 0 {
                crc << 1
            } else {
                (crc << 1) ^ 0x04C1_1DB7
            };
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup1_values_is_the_integer_root() {
        assert_eq!(lookup1_values(81, 4), 3);
        assert_eq!(lookup1_values(80, 4), 2);
        assert_eq!(lookup1_values(16_777_215, 1), 16_777_215);
        assert_eq!(lookup1_values(5, 65_535), 1);
    }

    #[test]
    fn a_codebook_asking_for_terabytes_is_refused() {
        // sync, 65535 dimensions, 2^24-1 entries, ordered lengths: all entries
        // of length 1 in one step (24 bits), lookup type 1.
        let mut w = Writer::default();
        w.put(0x0056_4342, 24);
        w.put(65_535, 16);
        w.put(16_777_215, 24);
        w.put(1, 1);
        w.put(0, 5);
        w.put(16_777_215, 24);
        w.put(1, 4);
        w.put(0, 32);
        let mut bits = Bits {
            data: &w.bytes,
            pos: 0,
        };
        let mut budget = CODEBOOK_BUDGET;
        assert_eq!(
            codebook(&mut bits, &mut budget),
            Err("its Vorbis codebooks are too large")
        );
    }

    #[derive(Default)]
    struct Writer {
        bytes: Vec<u8>,
        bit: usize,
    }

    impl Writer {
        fn put(&mut self, value: u32, n: u32) {
            for i in 0..n {
                if self.bit.is_multiple_of(8) {
                    self.bytes.push(0);
                }
                let last = self.bytes.len() - 1;
                self.bytes[last] |=
                    u8::try_from((value >> i) & 1).expect("a bit") << (self.bit % 8);
                self.bit += 1;
            }
        }
    }
}
