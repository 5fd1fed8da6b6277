//! Synthesises limber's ten cue sounds (SPEC section 2) into `sounds/<name>.wav`:
//! soft bells, chimes and glides made of sine partials with exponential decays, mono,
//! 16-bit, 44.1 kHz, each normalised to the same RMS loudness.
//!
//! ```text
//! cargo run --example make-sounds              # writes sounds/
//! cargo run --example make-sounds -- OUTDIR    # writes OUTDIR/
//! ```
//!
//! The output is the same bytes on every run and every platform: there is no
//! randomness, and sine and decay are computed here with plain arithmetic rather
//! than the platform's libm, whose last bits may differ between systems.
//! `tests/it/sounds.rs` checks that the committed files equal a fresh generation:
//! after editing this file, run it again and commit the new sounds.

// Sample counts and seconds convert both ways (all far below 2^52, and no time is
// negative), and samples are clamped to the i16 range before the final cast.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use std::f64::consts::TAU;
use std::path::PathBuf;

const RATE: u32 = 44_100;
/// Every sound's RMS over its active part: -20 dBFS.
const TARGET_RMS: f64 = 0.1;
/// Peaks stay under -1 dBFS (10^(-1/20) = 0.8913).
const PEAK_LIMIT: f64 = 0.89;
/// The active part runs from the first to the last sample within 30 dB of the peak.
const ACTIVE_FLOOR: f64 = 0.031_6;
/// Every sound ends with a fade this long (s), so its cut-off never clicks.
const FADE_OUT: f64 = 0.08;

/// One sine component of a voice: its frequency as a ratio of the note's, its
/// amplitude, and its decay time as a fraction of the voice's (higher partials
/// die sooner, as in a struck bell).
struct Partial {
    ratio: f64,
    amp: f64,
    decay: f64,
}

const fn partial(ratio: f64, amp: f64, decay: f64) -> Partial {
    Partial { ratio, amp, decay }
}

/// A timbre: partials, attack time (s) and decay time constant (s).
struct Voice {
    partials: &'static [Partial],
    attack: f64,
    decay: f64,
}

/// A church-bell spectrum, bright: inharmonic partials 1, 2, 2.76, 5.4, 8.93.
const BRIGHT_BELL: Voice = Voice {
    partials: &[
        partial(1.0, 1.0, 1.0),
        partial(2.0, 0.6, 0.7),
        partial(2.76, 0.45, 0.5),
        partial(5.4, 0.2, 0.3),
        partial(8.93, 0.08, 0.2),
    ],
    attack: 0.004,
    decay: 0.3,
};

/// The same bell struck softly: weaker upper partials, a longer ring.
const SOFT_BELL: Voice = Voice {
    partials: &[
        partial(1.0, 1.0, 1.0),
        partial(2.0, 0.4, 0.7),
        partial(2.76, 0.2, 0.5),
        partial(5.4, 0.06, 0.3),
    ],
    attack: 0.005,
    decay: 0.4,
};

/// A mellow bell with a slightly detuned twin fundamental, for a slow gentle beat.
const MELLOW_BELL: Voice = Voice {
    partials: &[
        partial(1.0, 1.0, 1.0),
        partial(1.002, 0.35, 1.0),
        partial(2.0, 0.3, 0.6),
        partial(2.76, 0.12, 0.4),
        partial(5.4, 0.03, 0.25),
    ],
    attack: 0.006,
    decay: 0.45,
};

/// A small wooden block: a strong fundamental and two quickly damped modes.
const WOODBLOCK: Voice = Voice {
    partials: &[
        partial(1.0, 1.0, 1.0),
        partial(2.41, 0.35, 0.6),
        partial(4.3, 0.12, 0.4),
    ],
    attack: 0.002,
    decay: 0.025,
};

/// A marimba bar: modes at 1, 3.93 and 9.2 times the fundamental.
const MARIMBA: Voice = Voice {
    partials: &[
        partial(1.0, 1.0, 1.0),
        partial(3.93, 0.25, 0.5),
        partial(9.2, 0.05, 0.3),
    ],
    attack: 0.003,
    decay: 0.12,
};

/// A struck wine glass: high, pure, faint inharmonic overtones.
const GLASS: Voice = Voice {
    partials: &[
        partial(1.0, 1.0, 1.0),
        partial(2.32, 0.3, 0.6),
        partial(4.25, 0.08, 0.4),
    ],
    attack: 0.006,
    decay: 0.35,
};

/// A low, warm, harmonic tone with a slow swell.
const WARM: Voice = Voice {
    partials: &[
        partial(1.0, 1.0, 1.0),
        partial(2.0, 0.45, 0.8),
        partial(3.0, 0.2, 0.6),
        partial(4.0, 0.08, 0.5),
    ],
    attack: 0.04,
    decay: 0.5,
};

/// A soft whistle: a pure fundamental with a faint octave, for pitch glides
/// whose direction the ear must catch at once.
const WHISTLE: Voice = Voice {
    partials: &[partial(1.0, 1.0, 1.0), partial(2.0, 0.15, 0.6)],
    attack: 0.01,
    decay: 0.25,
};

/// A note of `voice` struck `at` seconds into the sound, at `freq` Hz, gliding
/// linearly to `to` Hz over `glide` seconds (no glide: `to == freq`).
struct Note {
    at: f64,
    freq: f64,
    to: f64,
    glide: f64,
    amp: f64,
    voice: &'static Voice,
}

const fn note(at: f64, freq: f64, amp: f64, voice: &'static Voice) -> Note {
    glide(at, freq, freq, 0.0, amp, voice)
}

const fn glide(at: f64, freq: f64, to: f64, over: f64, amp: f64, voice: &'static Voice) -> Note {
    Note {
        at,
        freq,
        to,
        glide: over,
        amp,
        voice,
    }
}

impl Note {
    /// Cycles done `t` s after the strike by the partial at `ratio` times the
    /// note: the integral of its frequency, so a glide bends the pitch without a
    /// jump in phase.
    fn cycles(&self, ratio: f64, t: f64) -> f64 {
        if self.glide <= 0.0 {
            return self.freq * ratio * t;
        }
        let bend = self.to - self.freq;
        let g = t.min(self.glide);
        ratio * (self.freq * g + bend * g * g / (2.0 * self.glide) + self.to * (t - g))
    }
}

/// A cue sound: its file stem, its length in seconds and its notes.
struct Sound {
    name: &'static str,
    length: f64,
    notes: Vec<Note>,
}

// Pitches (Hz).
const G3: f64 = 196.00;
const D4: f64 = 293.66;
const G4: f64 = 392.00;
const C5: f64 = 523.25;
const D5: f64 = 587.33;
const E5: f64 = 659.26;
const G5: f64 = 783.99;
const A5: f64 = 880.00;
const B5: f64 = 987.77;
const C6: f64 = 1046.50;
const G6: f64 = 1567.98;
const C7: f64 = 2093.00;

/// A Work block starts: a bright bell rising a fifth, D5 then A5.
fn start() -> Sound {
    let notes = vec![
        note(0.0, D5, 0.7, &BRIGHT_BELL),
        note(0.11, A5, 1.0, &BRIGHT_BELL),
    ];
    Sound {
        name: "start",
        length: 1.0,
        notes,
    }
}

/// 3, 2, 1 s before a block ends: one short, soft woodblock knock.
fn tick() -> Sound {
    let notes = vec![note(0.0, 1200.0, 1.0, &WOODBLOCK)];
    Sound {
        name: "tick",
        length: 0.2,
        notes,
    }
}

/// A Work block ends: start's fifth falling, A5 then D5, on a softer bell.
fn end() -> Sound {
    let notes = vec![
        note(0.0, A5, 0.9, &SOFT_BELL),
        note(0.16, D5, 1.0, &SOFT_BELL),
    ];
    Sound {
        name: "end",
        length: 1.2,
        notes,
    }
}

/// Into the second side: a quick marimba see-saw, low-high-low-high.
fn switch() -> Sound {
    let notes = vec![
        note(0.0, E5, 1.0, &MARIMBA),
        note(0.1, B5, 0.9, &MARIMBA),
        note(0.2, E5, 0.8, &MARIMBA),
        note(0.3, B5, 0.75, &MARIMBA),
    ];
    Sound {
        name: "switch",
        length: 0.8,
        notes,
    }
}

/// Half time: a single mellow G4 bell.
fn halfway() -> Sound {
    let notes = vec![note(0.0, G4, 1.0, &MELLOW_BELL)];
    Sound {
        name: "halfway",
        length: 1.3,
        notes,
    }
}

/// A prompt: a soft, high glass chime, G6 then C7.
fn prompt() -> Sound {
    let notes = vec![note(0.0, G6, 0.8, &GLASS), note(0.08, C7, 1.0, &GLASS)];
    Sound {
        name: "prompt",
        length: 1.2,
        notes,
    }
}

/// A rest starts: a low, warm open fifth, G3 and D4, swelling in.
fn rest() -> Sound {
    let notes = vec![note(0.0, G3, 1.0, &WARM), note(0.0, D4, 0.5, &WARM)];
    Sound {
        name: "rest",
        length: 1.4,
        notes,
    }
}

/// The routine is done: a rising C major arpeggio, the last note crowned by C6.
fn done() -> Sound {
    let notes = vec![
        note(0.0, C5, 0.8, &SOFT_BELL),
        note(0.15, E5, 0.85, &SOFT_BELL),
        note(0.3, G5, 1.0, &SOFT_BELL),
        note(0.3, C6, 0.35, &SOFT_BELL),
    ];
    Sound {
        name: "done",
        length: 1.45,
        notes,
    }
}

/// A paced repetition's up phase starts: a whistle gliding up a fifth, G4 to D5.
fn up() -> Sound {
    let notes = vec![glide(0.0, G4, D5, 0.18, 1.0, &WHISTLE)];
    Sound {
        name: "up",
        length: 0.35,
        notes,
    }
}

/// A down phase starts: up's glide mirrored, D5 down to G4.
fn down() -> Sound {
    let notes = vec![glide(0.0, D5, G4, 0.18, 1.0, &WHISTLE)];
    Sound {
        name: "down",
        length: 0.35,
        notes,
    }
}

/// sin(2π·cycles): folded into [-π/2, π/2], then a Taylor series to x^15 (error
/// under 1e-11). Plain arithmetic, so the same bits on every platform.
fn sine(cycles: f64) -> f64 {
    let c = cycles - cycles.floor();
    let c = if c > 0.75 {
        c - 1.0
    } else if c > 0.25 {
        0.5 - c
    } else {
        c
    };
    let x = c * TAU;
    let x2 = x * x;
    let mut acc = 1.0;
    for k in (1..=7).rev() {
        let k = f64::from(k);
        acc = 1.0 - x2 / ((2.0 * k) * (2.0 * k + 1.0)) * acc;
    }
    x * acc
}

/// e^x for x in [-1, 0] (a per-sample decay factor), by its Taylor series.
fn exp_small(x: f64) -> f64 {
    let mut acc = 1.0;
    for n in (1..=16).rev() {
        acc = 1.0 + x * acc / f64::from(n);
    }
    acc
}

/// Smooth 0 to 1 over `x` in [0, 1] (and flat outside it): attack and fade curves.
fn smoothstep(x: f64) -> f64 {
    let x = x.clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

/// Adds up every partial of every note, each with its attack and exponential
/// decay, then fades the last `FADE_OUT` seconds.
fn render(sound: &Sound) -> Vec<f64> {
    let rate = f64::from(RATE);
    let len = (sound.length * rate).round() as usize;
    let mut out = vec![0.0; len];
    for note in &sound.notes {
        let first = (note.at * rate).round() as usize;
        let voice = note.voice;
        for p in voice.partials {
            // The envelope shrinks by this factor every sample.
            let step = exp_small(-1.0 / (voice.decay * p.decay * rate));
            let mut envelope = note.amp * p.amp;
            for (i, sample) in out[first..].iter_mut().enumerate() {
                let t = i as f64 / rate;
                let cycles = note.cycles(p.ratio, t).fract();
                *sample += envelope * smoothstep(t / voice.attack) * sine(cycles);
                envelope *= step;
            }
        }
    }
    let fade = FADE_OUT * rate;
    for (i, sample) in out.iter_mut().rev().enumerate() {
        *sample *= smoothstep(i as f64 / fade);
    }
    out
}

/// Peak and RMS of `samples` (full scale 1.0), the RMS over the active part: from
/// the first to the last sample within 30 dB of the peak.
fn loudness(samples: &[f64]) -> (f64, f64) {
    let peak = samples.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
    let loud = |s: &f64| s.abs() >= peak * ACTIVE_FLOOR;
    let first = samples.iter().position(loud).unwrap_or(0);
    let last = samples.iter().rposition(loud).unwrap_or(0);
    let active = &samples[first..=last];
    let rms = (active.iter().map(|s| s * s).sum::<f64>() / active.len() as f64).sqrt();
    (peak, rms)
}

/// Scales to `TARGET_RMS` (less if the peak would pass `PEAK_LIMIT`) and rounds to
/// 16 bits.
fn normalise(samples: &[f64], name: &str) -> Vec<i16> {
    let (peak, rms) = loudness(samples);
    let mut gain = TARGET_RMS / rms;
    if peak * gain > PEAK_LIMIT {
        eprintln!("warning: {name} is limited by its peak and will sound quieter");
        gain = PEAK_LIMIT / peak;
    }
    samples
        .iter()
        .map(|s| (s * gain * 32767.0).round().clamp(-32767.0, 32767.0) as i16)
        .collect()
}

/// The strongest frequency (Hz) in the 4096 samples from the loudest one on:
/// a Hann-windowed DFT evaluated by Goertzel's method on a 4 Hz grid from 40 Hz
/// to 8 kHz, then refined to 0.25 Hz around the best bin.
fn dominant_frequency(samples: &[f64]) -> f64 {
    let loudest = (0..samples.len())
        .max_by(|&a, &b| samples[a].abs().total_cmp(&samples[b].abs()))
        .unwrap_or(0);
    let window = &samples[loudest..samples.len().min(loudest + 4096)];
    let n = window.len() as f64;
    let windowed: Vec<f64> = window
        .iter()
        .enumerate()
        .map(|(i, s)| s * (0.5 - 0.5 * (TAU * i as f64 / n).cos()))
        .collect();
    let power = |freq: f64| {
        let coeff = 2.0 * (TAU * freq / f64::from(RATE)).cos();
        let (mut s1, mut s2) = (0.0, 0.0);
        for x in &windowed {
            let s = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        s1 * s1 + s2 * s2 - coeff * s1 * s2
    };
    let best = |freqs: &mut dyn Iterator<Item = f64>| {
        freqs
            .map(|f| (f, power(f)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(0.0, |(f, _)| f)
    };
    let coarse = best(&mut (10..=2000).map(|k| f64::from(k) * 4.0));
    best(&mut (-16..=16).map(|k| coarse + f64::from(k) * 0.25))
}

fn db(x: f64) -> f64 {
    20.0 * x.log10()
}

fn main() {
    let dir = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sounds"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir).expect("create the output folder");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    println!("sound     length  peak dBFS  RMS dBFS  dominant Hz");
    for sound in [
        start(),
        tick(),
        end(),
        switch(),
        halfway(),
        prompt(),
        rest(),
        done(),
        up(),
        down(),
    ] {
        let samples = normalise(&render(&sound), sound.name);
        let path = dir.join(format!("{}.wav", sound.name));
        let mut writer = hound::WavWriter::create(&path, spec).expect("create a WAV file");
        for &s in &samples {
            writer.write_sample(s).expect("write a sample");
        }
        writer.finalize().expect("finish the WAV file");

        let written: Vec<f64> = samples.iter().map(|&s| f64::from(s) / 32768.0).collect();
        let (peak, rms) = loudness(&written);
        println!(
            "{:<8} {:>5.2} s  {:>9.1}  {:>8.1}  {:>11.1}",
            sound.name,
            written.len() as f64 / f64::from(RATE),
            db(peak),
            db(rms),
            dominant_frequency(&written),
        );
    }
    println!("wrote {}", dir.display());
}
