//! The bundled cue sounds in `sounds/`: made by `examples/make-sounds.rs`, the same
//! bytes on every run, never edited by hand, and each one short, audible, unclipped
//! and as loud as the others.

#![allow(clippy::unwrap_used, clippy::cast_precision_loss)] // test code; sample counts are small

use crate::support::{self, ROOT};
use std::path::{Path, PathBuf};
use std::time::Duration;

const NAMES: [&str; 10] = [
    "start", "tick", "end", "switch", "halfway", "prompt", "rest", "done", "up", "down",
];

/// The phase cues of a paced block: one at every up and down, so each must be
/// over well before the next (a tempo of `(up: 1, down: 1)` has one a second).
const PHASE_CUES: [&str; 2] = ["up", "down"];

fn committed(name: &str) -> PathBuf {
    Path::new(ROOT).join("sounds").join(format!("{name}.wav"))
}

/// Runs the generator into `dir`, in the profile this test was built with so the
/// crate's dependencies are already compiled (cargo may still build the example:
/// it gets minutes, not forever).
fn generate(dir: &Path) {
    let mut cargo = assert_cmd::Command::new(env!("CARGO"));
    cargo
        .current_dir(ROOT)
        .args(["run", "--quiet", "--example", "make-sounds"]);
    if !cfg!(debug_assertions) {
        cargo.arg("--release");
    }
    let output = support::run_within(cargo.arg("--").arg(dir), Duration::from_secs(300));
    assert_eq!(
        output.code,
        Some(0),
        "make-sounds failed: {}",
        output.stderr
    );
}

#[test]
fn the_generator_is_deterministic_and_the_committed_sounds_are_its_output() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(a.path());
    generate(b.path());
    for name in NAMES {
        let file = format!("{name}.wav");
        let first = std::fs::read(a.path().join(&file)).unwrap();
        let second = std::fs::read(b.path().join(&file)).unwrap();
        assert!(first == second, "{file} differs between two runs");
        let bundled = std::fs::read(committed(name)).unwrap();
        assert!(
            first == bundled,
            "sounds/{file} is not what examples/make-sounds.rs makes: \
             run `cargo run --example make-sounds` and commit the result"
        );
    }
    let made = std::fs::read_dir(a.path()).unwrap().count();
    assert_eq!(made, NAMES.len(), "the generator makes exactly the 10 cues");
}

/// Peak and RMS in dBFS, the RMS over the active part (first to last sample within
/// 30 dB of the peak), as the generator measures it.
fn levels(samples: &[f64]) -> (f64, f64) {
    let peak = samples.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
    let loud = |s: &f64| s.abs() >= peak * 0.0316;
    let first = samples.iter().position(loud).unwrap();
    let last = samples.iter().rposition(loud).unwrap();
    let active = &samples[first..=last];
    let rms = (active.iter().map(|s| s * s).sum::<f64>() / active.len() as f64).sqrt();
    (20.0 * peak.log10(), 20.0 * rms.log10())
}

#[test]
fn each_sound_is_short_audible_unclipped_click_free_and_equally_loud() {
    let mut rms_levels = Vec::new();
    for name in NAMES {
        let mut reader = hound::WavReader::open(committed(name)).unwrap();
        let spec = reader.spec();
        assert_eq!(
            (spec.channels, spec.sample_rate, spec.bits_per_sample),
            (1, 44_100, 16),
            "{name}: mono, 44.1 kHz, 16-bit"
        );
        assert_eq!(spec.sample_format, hound::SampleFormat::Int);
        let samples: Vec<f64> = reader
            .samples::<i16>()
            .map(|s| f64::from(s.unwrap()) / 32768.0)
            .collect();
        let seconds = samples.len() as f64 / 44_100.0;
        assert!(seconds < 1.5, "{name} lasts {seconds:.2} s");
        if name == "tick" {
            assert!(seconds <= 0.25, "tick lasts {seconds:.2} s");
        }
        if PHASE_CUES.contains(&name) {
            assert!(seconds <= 0.4, "{name} lasts {seconds:.2} s");
        }
        let (peak, rms) = levels(&samples);
        assert!(peak < -1.0, "{name} peaks at {peak:.1} dBFS");
        assert!(rms > -30.0, "{name} is nearly silent: {rms:.1} dBFS RMS");
        let edges = [samples[0], samples[samples.len() - 1]];
        assert!(
            edges.iter().all(|s| s.abs() < 0.001),
            "{name} starts or ends off zero and would click: {edges:?}"
        );
        rms_levels.push(rms);
    }
    let quietest = rms_levels.iter().copied().fold(f64::INFINITY, f64::min);
    let loudest = rms_levels.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert!(
        loudest - quietest <= 1.5,
        "loudness differs by {:.2} dB: {rms_levels:?}",
        loudest - quietest
    );
}

fn samples(name: &str) -> Vec<f64> {
    hound::WavReader::open(committed(name))
        .unwrap()
        .samples::<i16>()
        .map(|s| f64::from(s.unwrap()) / 32768.0)
        .collect()
}

/// The pitch (Hz) of a near-pure tone from `from` to `to` ms, by counting its
/// rising zero crossings.
fn pitch(samples: &[f64], from: usize, to: usize) -> f64 {
    let window = &samples[from * 441 / 10..to * 441 / 10];
    let crossings = window
        .windows(2)
        .filter(|pair| pair[0] < 0.0 && pair[1] >= 0.0)
        .count();
    crossings as f64 * 1000.0 / (to - from) as f64
}

#[test]
fn up_rises_and_down_falls_a_fifth() {
    // The glide runs over the first 0.18 s; compare its start with what follows.
    let early = |name| pitch(&samples(name), 10, 60);
    let late = |name| pitch(&samples(name), 200, 300);
    let (up_from, up_to) = (early("up"), late("up"));
    let (down_from, down_to) = (early("down"), late("down"));
    assert!(
        up_to / up_from > 1.25,
        "up goes from {up_from:.0} Hz to {up_to:.0} Hz"
    );
    assert!(
        down_from / down_to > 1.25,
        "down goes from {down_from:.0} Hz to {down_to:.0} Hz"
    );
    // Mirror images: up lands on D5, down on G4 (within 3 %, the count's grain).
    for (name, landed, note) in [("up", up_to, 587.33), ("down", down_to, 392.0)] {
        assert!(
            (landed / note - 1.0).abs() < 0.03,
            "{name} lands on {landed:.0} Hz, not {note} Hz"
        );
    }
}
