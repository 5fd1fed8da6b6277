//! A user's sound files in `$LIMBER_HOME/sounds/` are untrusted: each bad one
//! (unreadable, not a file, malformed, absurd) is set aside with a warning that
//! names the file and the reason, the bundled sound plays instead, and loading
//! never panics, hangs or allocates what a header merely claims.
//!
//! The WAVs are built here byte by byte, so each case says exactly what is
//! wrong with it; the Ogg and FLAC fixtures in `tests/fixtures/sounds/` were
//! made from the bundled tick by `oggenc` and `flac` (see the README there).

use crate::support;
use limber::audio::{SoundBank, SoundWarning};
use limber::core::cue::Cue;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Loading a folder of sounds takes milliseconds; this is a hang.
const HANG: Duration = Duration::from_secs(20);

/// A `fmt ` chunk: encoding tag, channels, sample rate, bits per sample.
fn fmt(tag: u16, channels: u16, rate: u32, bits: u16) -> Vec<u8> {
    let align = u32::from(channels) * u32::from(bits) / 8;
    let mut f = Vec::new();
    f.extend(tag.to_le_bytes());
    f.extend(channels.to_le_bytes());
    f.extend(rate.to_le_bytes());
    f.extend(rate.wrapping_mul(align).to_le_bytes());
    f.extend(u16::try_from(align).unwrap_or(u16::MAX).to_le_bytes());
    f.extend(bits.to_le_bytes());
    f
}

/// A RIFF WAVE file of `chunks`, each `(tag, declared length, bytes)`.
fn riff(chunks: &[(&[u8; 4], u32, &[u8])]) -> Vec<u8> {
    let mut body = b"WAVE".to_vec();
    for (tag, len, bytes) in chunks {
        body.extend(*tag);
        body.extend(len.to_le_bytes());
        body.extend(*bytes);
        if bytes.len() % 2 == 1 {
            body.push(0);
        }
    }
    let mut file = b"RIFF".to_vec();
    file.extend(u32::try_from(body.len()).expect("small").to_le_bytes());
    file.extend(body);
    file
}

fn len(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.len()).expect("small")
}

/// `ms` milliseconds of a 440 Hz tone as 16-bit mono samples.
#[allow(clippy::cast_possible_truncation)] // |s| <= 0.5: well inside i16
fn tone(rate: u32, ms: u32) -> Vec<u8> {
    let frames = u32::try_from(u64::from(rate) * u64::from(ms) / 1000).expect("short");
    (0..frames)
        .flat_map(|i| {
            let t = f64::from(i) / f64::from(rate);
            let s = (t * 440.0 * std::f64::consts::TAU).sin() * 0.5;
            ((s * 32767.0) as i16).to_le_bytes()
        })
        .collect()
}

/// A well-formed 16-bit mono WAV of `ms` milliseconds at 44.1 kHz.
fn good_wav(ms: u32) -> Vec<u8> {
    let data = tone(44_100, ms);
    riff(&[
        (b"fmt ", 16, &fmt(1, 1, 44_100, 16)),
        (b"data", len(&data), &data),
    ])
}

/// A WAV whose `fmt ` says `channels`, `rate` and `bits`, with some data.
fn wav_with(tag: u16, channels: u16, rate: u32, bits: u16) -> Vec<u8> {
    let data = tone(44_100, 100);
    riff(&[
        (b"fmt ", 16, &fmt(tag, channels, rate, bits)),
        (b"data", len(&data), &data),
    ])
}

/// Loads `home/sounds` on another thread, failing the test on a hang.
fn load(sounds: &Path) -> (SoundBank, Vec<SoundWarning>) {
    let (tx, rx) = mpsc::channel();
    let dir = sounds.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(SoundBank::load(Some(&dir)));
    });
    rx.recv_timeout(HANG)
        .expect("SoundBank::load returned (no panic, no hang)")
}

fn length(bank: &SoundBank, cue: Cue) -> Duration {
    bank.get(cue)
        .map(limber::audio::sound::Sound::duration)
        .expect("the cue has a sound")
}

fn bundled(cue: Cue) -> Duration {
    length(&SoundBank::load(None).0, cue)
}

/// A sounds folder holding `name` made by `make`.
fn folder(name: &str, make: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().expect("temp dir");
    let sounds = home.path().join("sounds");
    std::fs::create_dir(&sounds).expect("sounds folder");
    make(&sounds.join(name));
    (home, sounds)
}

/// `name` (made by `make`) is set aside for `reason`; the bundled `start` stays.
fn assert_set_aside(name: &str, make: impl FnOnce(&Path), reason: &str) {
    let (_home, sounds) = folder(name, make);
    let (bank, warnings) = load(&sounds);
    let [warning] = warnings.as_slice() else {
        panic!("{name}: one warning expected, got {warnings:?}");
    };
    assert_eq!(warning.cue, Cue::Start);
    assert_eq!(warning.path, sounds.join(name));
    assert!(
        warning.reason.contains(reason),
        "{name}: reason {:?} lacks {reason:?}",
        warning.reason
    );
    let shown = warning.to_string();
    assert!(
        shown.contains(name) && shown.ends_with("; using the bundled start sound"),
        "{shown}"
    );
    assert_eq!(
        length(&bank, Cue::Start),
        bundled(Cue::Start),
        "{name}: bundled sound kept"
    );
}

fn write(bytes: Vec<u8>) -> impl FnOnce(&Path) {
    move |path| std::fs::write(path, bytes).expect("write fixture")
}

#[test]
fn the_bundled_sounds_all_decode() {
    let (bank, warnings) = SoundBank::load(None);
    assert!(warnings.is_empty());
    for cue in Cue::ALL {
        let length = length(&bank, cue);
        assert!(
            length > Duration::from_millis(50) && length < Duration::from_secs(2),
            "{cue:?}"
        );
    }
}

/// Bundled sounds play from the binary's bytes without a decoder or a copy,
/// which holds only for 16-bit PCM WAVs.
#[test]
fn the_bundled_sounds_are_16_bit_pcm_read_in_place() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sounds");
    for cue in Cue::ALL {
        let bytes = std::fs::read(dir.join(format!("{}.wav", cue.name()))).expect("bundled");
        let sound = limber::audio::sound::Sound::wav16(bytes.leak()).expect("16-bit PCM");
        assert_eq!(sound.duration(), bundled(cue), "{cue:?}");
    }
}

#[test]
fn a_sample_rate_of_zero_is_set_aside() {
    let wav = wav_with(1, 1, 0, 16);
    assert_set_aside("start.wav", write(wav), "sample rate 0 Hz is not supported");
    let (_home, sounds) = folder("start.wav", write(wav_with(1, 1, 0, 16)));
    let shown = load(&sounds).1[0].to_string();
    let expected = format!(
        "{} will not play (sample rate 0 Hz is not supported); using the bundled start sound",
        sounds.join("start.wav").display()
    );
    assert_eq!(shown, expected);
}

#[test]
fn sample_rates_far_out_of_range_are_set_aside() {
    assert_set_aside(
        "start.wav",
        write(wav_with(1, 1, 1, 16)),
        "sample rate 1 Hz",
    );
    assert_set_aside(
        "start.wav",
        write(wav_with(1, 1, 4_000_000_000, 16)),
        "4000000000 Hz",
    );
}

#[test]
fn channel_counts_of_0_or_200_are_set_aside() {
    assert_set_aside("start.wav", write(wav_with(1, 0, 44_100, 16)), "0 channels");
    assert_set_aside(
        "start.wav",
        write(wav_with(1, 200, 44_100, 16)),
        "200 channels",
    );
}

#[test]
fn odd_sample_widths_are_set_aside() {
    for bits in [0, 7, 64] {
        let reason = format!("{bits}-bit integer samples are not supported");
        assert_set_aside("start.wav", write(wav_with(1, 1, 44_100, bits)), &reason);
    }
    assert_set_aside(
        "start.wav",
        write(wav_with(3, 1, 44_100, 16)),
        "16-bit float",
    );
    assert_set_aside(
        "start.wav",
        write(wav_with(6, 1, 44_100, 8)),
        "WAV encoding 0x0006",
    );
}

#[test]
fn empty_truncated_and_foreign_files_are_set_aside() {
    assert_set_aside("start.wav", write(Vec::new()), "the file is empty");
    let mut cut = good_wav(500);
    cut.truncate(30);
    assert_set_aside(
        "start.wav",
        write(cut),
        "'fmt ' chunk claims 16 bytes but only 10 follow",
    );
    assert_set_aside(
        "start.wav",
        write(b"ID3\x04 not a sound".to_vec()),
        "not a WAV",
    );
}

#[test]
fn a_wav_without_audio_is_set_aside() {
    let empty = riff(&[(b"fmt ", 16, &fmt(1, 1, 44_100, 16)), (b"data", 0, &[])]);
    assert_set_aside("start.wav", write(empty), "no audio in the file");
    let no_data = riff(&[(b"fmt ", 16, &fmt(1, 1, 44_100, 16))]);
    assert_set_aside("start.wav", write(no_data), "cut short");
}

#[test]
fn a_chunk_claiming_more_than_the_file_holds_is_refused_before_it_is_read() {
    // symphonia would allocate the 4 GiB an INFO entry claims before reading it.
    let mut info = b"INFO".to_vec();
    info.extend(b"INAM");
    info.extend(u32::MAX.to_le_bytes());
    let data = tone(44_100, 100);
    let wav = riff(&[
        (b"fmt ", 16, &fmt(1, 1, 44_100, 16)),
        (b"LIST", u32::MAX - 64, &info),
        (b"data", len(&data), &data),
    ]);
    assert_set_aside(
        "start.wav",
        write(wav),
        "'LIST' chunk claims 4294967231 bytes",
    );
}

#[test]
fn a_data_chunk_longer_than_the_file_plays_what_is_there() {
    // What a speech program writing to a pipe makes: espeak-ng claims 2 GiB.
    let data = tone(44_100, 500);
    let claim = 0x7FFF_F000;
    let mut wav = riff(&[
        (b"fmt ", 16, &fmt(1, 1, 44_100, 16)),
        (b"data", claim, &data),
    ]);
    wav[4..8].copy_from_slice(&(claim + 36).to_le_bytes());
    let (_home, sounds) = folder("start.wav", write(wav));
    let (bank, warnings) = load(&sounds);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(length(&bank, Cue::Start), Duration::from_millis(500));
}

#[test]
fn good_replacements_play_and_long_ones_are_cut_at_4_s() {
    let home = tempfile::tempdir().expect("temp dir");
    let sounds = home.path().join("sounds");
    std::fs::create_dir(&sounds).expect("sounds folder");
    std::fs::write(sounds.join("start.wav"), good_wav(10_000)).expect("write");
    let float = tone(44_100, 250)
        .chunks(2)
        .flat_map(|s| (f32::from(i16::from_le_bytes([s[0], s[1]])) / 32768.0).to_le_bytes())
        .collect::<Vec<u8>>();
    let float = riff(&[
        (b"fmt ", 16, &fmt(3, 1, 44_100, 32)),
        (b"data", len(&float), &float),
    ]);
    std::fs::write(sounds.join("end.wav"), float).expect("write");
    let fixtures = support::fixture("sounds");
    std::fs::copy(fixtures.join("tick.ogg"), sounds.join("rest.ogg")).expect("copy");
    std::fs::copy(fixtures.join("tick.flac"), sounds.join("done.flac")).expect("copy");
    let (bank, warnings) = load(&sounds);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(length(&bank, Cue::Start), Duration::from_secs(4));
    assert_eq!(length(&bank, Cue::End), Duration::from_millis(250));
    let tick = bundled(Cue::Tick).as_secs_f64();
    for cue in [Cue::Rest, Cue::Done] {
        let got = length(&bank, cue).as_secs_f64();
        assert!(
            (got - tick).abs() < 0.01,
            "{cue:?}: {got} s, the tick is {tick} s"
        );
        assert!(
            bank.get(cue)
                .expect("sound")
                .samples()
                .any(|s| s.abs() > 0.05)
        );
    }
}

#[test]
fn nan_and_huge_float_samples_are_tamed() {
    let samples = [f32::NAN, f32::INFINITY, 1e30, -1e30, 0.5];
    let data: Vec<u8> = samples
        .iter()
        .cycle()
        .take(4410)
        .flat_map(|s| s.to_le_bytes())
        .collect();
    let wav = riff(&[
        (b"fmt ", 16, &fmt(3, 1, 44_100, 32)),
        (b"data", len(&data), &data),
    ]);
    let (_home, sounds) = folder("start.wav", write(wav));
    let (bank, warnings) = load(&sounds);
    assert!(warnings.is_empty(), "{warnings:?}");
    let sound: Vec<f32> = bank.get(Cue::Start).expect("sound").samples().collect();
    assert!(sound.iter().all(|s| s.is_finite() && s.abs() <= 1.0));
}

#[cfg(unix)]
#[test]
fn fifos_devices_folders_and_loops_are_set_aside_without_blocking() {
    use std::os::unix::fs::symlink;
    assert_set_aside(
        "start.wav",
        |p| nix::unistd::mkfifo(p, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo"),
        "is a FIFO (named pipe), not a regular file",
    );
    assert_set_aside(
        "start.wav",
        |p| symlink("/dev/zero", p).expect("symlink"),
        "is a device, not a regular file",
    );
    assert_set_aside(
        "start.wav",
        |p| std::fs::create_dir(p).expect("folder"),
        "is a folder, not a file",
    );
    assert_set_aside(
        "start.wav",
        |p| symlink(p, p).expect("symlink"),
        "too many levels of symbolic links",
    );
}

#[test]
fn a_file_too_large_is_refused_unread() {
    let big = |p: &Path| {
        let file = std::fs::File::create(p).expect("create");
        file.set_len(5 * 1024 * 1024).expect("sparse file");
    };
    assert_set_aside(
        "start.wav",
        big,
        "file is 5120 KiB; at most 4096 KiB is allowed",
    );
}

#[test]
fn damaged_ogg_and_flac_files_are_set_aside() {
    let fixtures = support::fixture("sounds");
    let ogg = std::fs::read(fixtures.join("tick.ogg")).expect("fixture");
    let mut flipped = ogg.clone();
    flipped[100] ^= 0xFF;
    assert_set_aside("start.ogg", write(flipped), "checksum is wrong");
    assert_set_aside(
        "start.ogg",
        write(ogg[..60].to_vec()),
        "the Ogg file is cut short",
    );
    let flac = std::fs::read(fixtures.join("tick.flac")).expect("fixture");
    let mut huge = b"fLaC".to_vec();
    huge.extend([0x04, 0xFF, 0xFF, 0xFF]); // a tags block claiming 16 MiB
    huge.extend([0; 100]);
    assert_set_aside(
        "start.flac",
        write(huge),
        "claims 16777215 bytes but only 100 follow",
    );
    let mut tags = b"fLaC".to_vec();
    tags.extend(&flac[4..42]); // the stream info block
    tags[4] &= 0x7F;
    tags.extend([0x84, 0, 0, 12]);
    tags.extend([0, 0, 0, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]); // one tag of 4 GiB
    assert_set_aside("start.flac", write(tags), "its tags are damaged");
}

#[test]
fn files_for_other_names_are_ignored_and_the_first_extension_wins() {
    let home = tempfile::tempdir().expect("temp dir");
    let sounds = home.path().join("sounds");
    std::fs::create_dir(&sounds).expect("sounds folder");
    std::fs::write(sounds.join("start.wav"), good_wav(1000)).expect("write");
    std::fs::write(sounds.join("start.ogg"), b"not looked at").expect("write");
    std::fs::write(sounds.join("unknown.wav"), b"not looked at").expect("write");
    let (bank, warnings) = load(&sounds);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(length(&bank, Cue::Start), Duration::from_secs(1));
}

#[test]
fn a_warning_shows_control_characters_escaped() {
    let warning = SoundWarning {
        path: PathBuf::from("/home/x\u{1b}[2J/sounds/start.wav"),
        cue: Cue::Start,
        reason: "the file is empty".into(),
    };
    let shown = warning.to_string();
    assert!(!shown.contains('\u{1b}'), "{shown}");
    assert!(shown.contains("\\u{1b}[2J"), "{shown}");
}
