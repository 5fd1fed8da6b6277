//! Real sound output, captured without a sound card (see TESTING.md): ALSA's
//! `file` plugin writes what limber plays into a FIFO that this test drains at
//! real-time rate, so the whole path users take (rodio, cpal, alsa-lib) runs.
//! The latency of a cue is measured here, on one clock: from the moment
//! `limber sounds` says the cue's name (it does so just before playing it) to
//! the moment its first samples come out of the FIFO.
#![allow(
    clippy::unwrap_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use crate::support::{self, Spawned};
use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::sys::stat::Mode;
use nix::unistd::mkfifo;
use std::fs::OpenOptions;
use std::io::{ErrorKind, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const RATE: usize = 48_000;
const FRAME: usize = 4; // S16_LE, 2 channels

fn capture_config(fifo: &Path) -> String {
    format!(
        r#"</usr/share/alsa/alsa.conf>
pcm.!default {{
    type plug
    slave {{ pcm "capfile" format S16_LE rate {RATE} channels 2 }}
}}
pcm.capfile {{
    type file
    slave.pcm "null"
    file "{}"
    format "raw"
}}
"#,
        fifo.display()
    )
}

/// A home whose ALSA configuration makes a FIFO the sound card: the home,
/// the FIFO and the configuration file (for `ALSA_CONFIG_PATH`).
fn capture_card() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("cap.fifo");
    mkfifo(&fifo, Mode::S_IRWXU).unwrap();
    let conf = dir.path().join("asound.conf");
    std::fs::write(&conf, capture_config(&fifo)).unwrap();
    (dir, fifo, conf)
}

/// Chunks of captured bytes, each with the moment it was read.
type Chunks = Vec<(Instant, Vec<u8>)>;

/// Reads the FIFO no faster than real time (the `null` slave does not pace
/// itself), recording each chunk with the moment it was read.
struct Drain {
    chunks: Arc<Mutex<Chunks>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drain {
    fn start(fifo: &Path) -> Drain {
        // Read-write so opening never blocks and the reader never sees EOF.
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(OFlag::O_NONBLOCK.bits())
            .open(fifo)
            .unwrap();
        fcntl(&file, FcntlArg::F_SETPIPE_SZ(4096)).unwrap();
        let chunks = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (Arc::clone(&chunks), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            let mut file = file;
            let mut credit = 0.0f64;
            let mut last = Instant::now();
            let mut buf = vec![0u8; 8192];
            while !s.load(Ordering::Relaxed) {
                let now = Instant::now();
                credit = (credit + now.duration_since(last).as_secs_f64() * (RATE * FRAME) as f64)
                    .min((RATE * FRAME) as f64 * 0.02);
                last = now;
                let n = (credit as usize / FRAME * FRAME).min(buf.len());
                if n > 0 {
                    match file.read(&mut buf[..n]) {
                        Ok(got) => {
                            credit -= got as f64;
                            let at = Instant::now();
                            c.lock().unwrap().push((at, buf[..got].to_vec()));
                        }
                        Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                        Err(e) => panic!("reading the capture FIFO: {e}"),
                    }
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        });
        Drain {
            chunks,
            stop,
            thread: Some(thread),
        }
    }

    fn finish(mut self) -> Chunks {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
        std::mem::take(&mut *self.chunks.lock().unwrap())
    }
}

/// Left-channel samples with the time each was read.
fn samples(chunks: &[(Instant, Vec<u8>)]) -> Vec<(Instant, i16)> {
    let mut out = Vec::new();
    for (at, bytes) in chunks {
        for frame in bytes.chunks_exact(FRAME) {
            out.push((*at, i16::from_le_bytes([frame[0], frame[1]])));
        }
    }
    out
}

#[test]
fn the_start_cue_is_really_played() {
    let (dir, fifo, conf) = capture_card();
    let drain = Drain::start(&fifo);

    let limber = Spawned::start(
        support::limber_process(dir.path())
            .args(["sounds", "start", "--volume", "100"])
            .env("ALSA_CONFIG_PATH", &conf),
    );
    let output = limber.finish();
    // Let the tail of the sound drain.
    std::thread::sleep(Duration::from_millis(500));
    let captured = samples(&drain.finish());
    let stdout = output.stdout();
    assert!(
        output.status.success(),
        "limber sounds failed: {stdout} {}",
        output.stderr
    );

    // `start      250 ms`: the cue and its length, nothing else.
    let line = output
        .lines
        .iter()
        .find(|l| l.text.starts_with("start "))
        .expect("limber sounds names the cue it plays");
    let words: Vec<&str> = line.text.split_whitespace().collect();
    let length_ms: f64 = match words.as_slice() {
        ["start", ms, "ms"] => ms.parse().expect("the length is a number"),
        _ => panic!("not `NAME LENGTH ms`: {:?}", line.text),
    };
    let sent = line.at;

    let loud: Vec<&(Instant, i16)> = captured
        .iter()
        .filter(|(_, s)| s.unsigned_abs() > 300)
        .collect();
    assert!(
        !loud.is_empty(),
        "captured {} samples, all silent",
        captured.len()
    );
    let peak = captured
        .iter()
        .map(|(_, s)| s.unsigned_abs())
        .max()
        .unwrap_or(0);
    let first = captured
        .iter()
        .position(|(_, s)| s.unsigned_abs() > 300)
        .unwrap();
    let last = captured
        .iter()
        .rposition(|(_, s)| s.unsigned_abs() > 300)
        .unwrap();
    let heard_ms = (last - first) as f64 * 1000.0 / RATE as f64;
    let latency = captured[first].0.saturating_duration_since(sent);
    let latency_ms = latency.as_secs_f64() * 1000.0;
    eprintln!(
        "captured {} frames, peak {peak}, audible for {heard_ms:.0} ms of a {length_ms:.0} ms sound, \
         first sound {latency_ms:.0} ms after the request",
        captured.len()
    );
    // The audible part is most of the sound (its decay tail fades below the
    // threshold) and no longer than it.
    assert!(
        heard_ms > length_ms * 0.3,
        "only {heard_ms:.0} ms audible of {length_ms:.0} ms"
    );
    assert!(
        heard_ms < length_ms + 100.0,
        "{heard_ms:.0} ms audible, longer than the sound"
    );
    // Measured here: about 140 ms from the request to the samples in the FIFO
    // (TESTING.md). A second more is a cue that waited on something.
    assert!(
        latency < Duration::from_millis(1500),
        "the cue came {latency_ms:.0} ms after limber said it played it"
    );
}

fn no_device_config(dir: &Path) -> std::path::PathBuf {
    let conf = dir.join("asound.conf");
    std::fs::write(
        &conf,
        "</usr/share/alsa/alsa.conf>\npcm.!default { type hw card 7 device 0 }\nctl.!default { type hw card 7 }\n",
    )
    .unwrap();
    conf
}

#[test]
fn no_device_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let conf = no_device_config(dir.path());
    let started = Instant::now();
    let output = support::run(
        support::limber(dir.path())
            .args(["sounds", "start"])
            .env("ALSA_CONFIG_PATH", &conf),
    );
    let took = started.elapsed();
    eprintln!("no device reported after {took:?} (whole process)");
    assert_eq!(output.code, Some(1));
    let stderr = &output.stderr;
    assert!(
        stderr.contains("sound off: no audio device"),
        "stderr: {stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "alsa-lib's chatter must stay in the log: {stderr}"
    );
}

#[test]
fn a_plain_session_without_a_device_completes() {
    let dir = tempfile::tempdir().unwrap();
    let conf = no_device_config(dir.path());
    let routine = dir.path().join("short.ron");
    std::fs::write(
        &routine,
        r#"Routine(title: "Short", transition: 2, steps: [
            Step(name: "Calf hold", kind: Stretch, target: Calves, seconds: 20, side: Each),
        ])"#,
    )
    .unwrap();
    let output = support::run(
        support::limber(dir.path())
            .args(["run", routine.to_str().unwrap(), "--plain", "--speed", "20"])
            .env("ALSA_CONFIG_PATH", &conf),
    );
    let stdout = &output.stdout;
    assert_eq!(output.code, Some(0), "{stdout}");
    assert!(stdout.contains("Sound off: no audio device"), "{stdout}");
    assert!(stdout.contains("] Done\n"), "{stdout}");
    assert!(
        stdout.trim_end().ends_with("Saved to your history."),
        "{stdout}"
    );
    assert!(output.stderr.is_empty(), "stderr: {}", output.stderr);
}

/// Onsets of the sounds in `captured`: the first loud frame after at least
/// 50 ms of quiet, with the moment it was read. Nothing written is quiet too:
/// between cues the device is stopped and the FIFO stays empty.
fn onsets(captured: &[(Instant, i16)]) -> Vec<Instant> {
    let quiet_enough = Duration::from_millis(50);
    let mut out = Vec::new();
    let mut quiet = RATE;
    let mut last_loud: Option<Instant> = None;
    for (at, sample) in captured {
        if sample.unsigned_abs() > 64 {
            let gap = last_loud.is_none_or(|t| at.saturating_duration_since(t) >= quiet_enough);
            if quiet >= RATE / 20 || gap {
                out.push(*at);
            }
            quiet = 0;
            last_loud = Some(*at);
        } else {
            quiet += 1;
        }
    }
    out
}

/// Every cue of a session reaches the card, one after another, each on its
/// moment: the audio thread writes them ahead on their sample, and writes
/// nothing between them.
#[test]
fn every_cue_of_a_session_is_played_on_its_moment() {
    let (dir, fifo, conf) = capture_card();
    let routine = dir.path().join("cues.ron");
    std::fs::write(
        &routine,
        r#"Routine(title: "Cues", transition: 3, steps: [
            Step(name: "Hold", kind: Stretch, target: Calves, seconds: 10),
        ])"#,
    )
    .unwrap();
    let drain = Drain::start(&fifo);
    let limber = Spawned::start(
        support::limber_process(dir.path())
            .args(["run", routine.to_str().unwrap(), "--plain", "--no-rate"])
            .env("ALSA_CONFIG_PATH", &conf),
    );
    let output = limber.finish();
    std::thread::sleep(Duration::from_millis(500));
    let captured = samples(&drain.finish());
    assert!(output.status.success(), "{}", output.stdout());
    // The session's clock: each `[mm:ss]` line came at its moment.
    let origin = output
        .lines
        .iter()
        .filter_map(|l| {
            let secs =
                l.text.get(1..6)?.split_once(':').and_then(|(m, s)| {
                    Some(m.parse::<u64>().ok()? * 60 + s.parse::<u64>().ok()?)
                })?;
            l.at.checked_sub(Duration::from_secs(secs))
        })
        .min()
        .expect("timed lines");
    let heard = onsets(&captured);
    let at_ms: Vec<f64> = heard
        .iter()
        .map(|t| t.saturating_duration_since(origin).as_secs_f64() * 1000.0)
        .collect();
    eprintln!("sounds heard at (ms into the session): {at_ms:.0?}");
    // Ticks at 0, 1, 2; the start at 3; ticks at 10, 11, 12; the end at 13
    // (a hold this short has no halfway). The last one plays out after
    // `Done` is printed, before limber ends.
    assert_eq!(heard.len(), 8, "sounds heard: {at_ms:.0?}");
    for (n, ms) in at_ms.iter().enumerate() {
        let second = (ms / 1000.0).round();
        let off = ms - second * 1000.0;
        // A line is printed when the moment is seen, a sound read when the
        // reader gets to it: both a little after the moment, on a busy machine
        // more; a sound never comes well before its moment.
        assert!(
            (-60.0..=250.0).contains(&off),
            "sound {n} is {off:.0} ms from its moment: {at_ms:.0?}"
        );
    }
    let seconds: Vec<f64> = at_ms.iter().map(|ms| (ms / 1000.0).round()).collect();
    assert_eq!(
        seconds,
        [0.0, 1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 13.0],
        "{at_ms:.0?}"
    );
}
