//! The audio thread: plays cues and speech through rodio, fed over a channel so
//! the UI thread never waits on audio.
//!
//! An open output stream costs CPU for every frame it carries, silent or not,
//! so it runs only while a sound plays and just before a cue is due (the
//! session says when: see [`super::schedule`]). Its buffer is short (about
//! 11 ms), so a cue reaches the speakers within a few ms of its moment; and
//! after the first open the device's format is known, so reopening it skips
//! the list of configurations (tens of ms of CPU each time).

use super::schedule::State;
use super::sounds::SoundBank;
use super::voice;
use crate::core::cue::{Cue, CuePlayer};
use rodio::buffer::SamplesBuffer;
use rodio::cpal::traits::HostTrait;
use rodio::cpal::{self, BufferSize, SampleFormat};
use rodio::{ChannelCount, DeviceSinkBuilder, MixerDeviceSink, SampleRate, Source};
use std::collections::HashMap;
use std::num::NonZero;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// The output's period, about 5 ms; cpal's ALSA buffer is two periods.
const PERIOD: Duration = Duration::from_millis(5);
/// Speech renders kept for reuse (a routine repeats its sides and sets).
const SPEECH_CACHE: usize = 64;

/// What the audio thread tells the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudioStatus {
    /// The output opened: sound works.
    Ready,
    /// No output could be opened; the session goes on silently.
    Unavailable(String),
    /// Spoken guidance was asked for but no speech program is installed.
    NoVoice,
}

enum Request {
    Cue(Cue),
    Speak(String),
    Prepare(String),
    Rendered(String, Result<SamplesBuffer, String>),
    DueAt(Option<Instant>),
    Volume(u8),
}

/// The UI's end of the audio thread. Dropping it stops the thread.
pub struct AudioPlayer {
    tx: Sender<Request>,
}

pub struct Options {
    pub volume: u8,
    pub voice: bool,
    /// Open the device at once to learn whether sound works (not when muted:
    /// a muted session has no reason to touch the sound card).
    pub probe: bool,
}

impl AudioPlayer {
    /// Starts the audio thread. `notify` is called (from that thread) when the
    /// sound status changes. The device is probed at once, in the background.
    pub fn start(
        bank: SoundBank,
        options: &Options,
        notify: impl Fn(AudioStatus) + Send + 'static,
    ) -> std::io::Result<AudioPlayer> {
        let (tx, rx) = mpsc::channel();
        let voice_tx = tx.clone();
        let volume = options.volume;
        let want_voice = options.voice;
        let probe = options.probe;
        std::thread::Builder::new()
            .name("audio".into())
            .spawn(move || {
                let voice = if want_voice {
                    let program = voice::find_program();
                    if program.is_none() {
                        notify(AudioStatus::NoVoice);
                    }
                    program
                } else {
                    None
                };
                let mut thread = AudioThread {
                    bank,
                    output: None,
                    format: None,
                    status: None,
                    unavailable: false,
                    state: State {
                        busy_until: Instant::now(),
                        due: None,
                    },
                    volume: gain(volume),
                    voice,
                    voice_tx,
                    speech: HashMap::new(),
                    waiting_speech: None,
                    notify: Box::new(notify),
                };
                thread.run(&rx, probe);
            })?;
        Ok(AudioPlayer { tx })
    }

    fn send(&self, request: Request) {
        // The thread only ends when this handle is dropped.
        let _ = self.tx.send(request);
    }
}

impl CuePlayer for AudioPlayer {
    fn play(&mut self, cue: Cue) {
        self.send(Request::Cue(cue));
    }

    fn speak(&mut self, text: &str) {
        self.send(Request::Speak(text.to_string()));
    }

    fn prepare_speech(&mut self, text: &str) {
        self.send(Request::Prepare(text.to_string()));
    }

    fn next_cue_at(&mut self, at: Option<Instant>) {
        self.send(Request::DueAt(at));
    }

    fn set_volume(&mut self, volume: u8) {
        self.send(Request::Volume(volume));
    }
}

/// 0-100 to a gain, on a curve that sounds even to the ear.
fn gain(volume: u8) -> f32 {
    let v = f32::from(volume.min(100)) / 100.0;
    v * v
}

/// The format tried first: 16-bit stereo at 48 kHz is what most devices and
/// sound servers take as is (asking the device for its list of formats costs
/// tens of ms of CPU).
const COMMON: Format = Format {
    channels: NonZero::new(2).expect("2 is not zero"),
    rate: NonZero::new(48_000).expect("48000 is not zero"),
    sample: SampleFormat::I16,
};

/// The output's format, learnt on the first open.
#[derive(Clone, Copy)]
struct Format {
    channels: ChannelCount,
    rate: SampleRate,
    sample: SampleFormat,
}

struct AudioThread {
    bank: SoundBank,
    output: Option<MixerDeviceSink>,
    format: Option<Format>,
    /// The status last told, so the UI hears of a change only.
    status: Option<AudioStatus>,
    unavailable: bool,
    /// When the last sound ends and the next cue is due.
    state: State,
    volume: f32,
    voice: Option<&'static str>,
    voice_tx: Sender<Request>,
    speech: HashMap<String, SamplesBuffer>,
    /// Speech asked for before its render was ready.
    waiting_speech: Option<String>,
    notify: Box<dyn Fn(AudioStatus) + Send>,
}

impl AudioThread {
    fn run(&mut self, rx: &Receiver<Request>, probe: bool) {
        // Probe now, so a machine without sound says so at once.
        if probe {
            self.ensure_open();
        }
        loop {
            let now = Instant::now();
            if self.state.want_open(now) {
                self.ensure_open();
            } else {
                self.output = None;
            }
            let request = match self.state.next_change(now) {
                Some(at) => match rx.recv_timeout(at.saturating_duration_since(now)) {
                    Ok(request) => request,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => return,
                },
                None => match rx.recv() {
                    Ok(request) => request,
                    Err(_) => return,
                },
            };
            self.handle(request);
        }
    }

    fn handle(&mut self, request: Request) {
        match request {
            Request::Cue(cue) => {
                if let Some(sound) = self.bank.get(cue).cloned() {
                    self.add(sound, Duration::ZERO);
                }
            }
            Request::Speak(text) => {
                if let Some(sound) = self.speech.get(&text).cloned() {
                    self.say(sound);
                } else {
                    self.render(&text);
                    self.waiting_speech = Some(text);
                }
            }
            Request::Prepare(text) => {
                if !self.speech.contains_key(&text) {
                    self.render(&text);
                }
            }
            Request::Rendered(text, result) => {
                let Ok(sound) = result else { return };
                if self.speech.len() >= SPEECH_CACHE {
                    self.speech.clear();
                }
                self.speech.insert(text.clone(), sound.clone());
                if self.waiting_speech.as_deref() == Some(&text) {
                    self.waiting_speech = None;
                    self.say(sound);
                }
            }
            Request::DueAt(at) => self.state.due = at,
            Request::Volume(volume) => self.volume = gain(volume),
        }
    }

    /// Speech waits for a cue that is playing, so neither is lost or cut.
    fn say(&mut self, sound: SamplesBuffer) {
        let wait = self
            .state
            .busy_until
            .saturating_duration_since(Instant::now());
        self.add(sound, wait);
    }

    fn add(&mut self, sound: SamplesBuffer, delay: Duration) {
        self.ensure_open();
        let Some(output) = &self.output else { return };
        let length = sound.total_duration().unwrap_or(Duration::from_secs(1));
        output.mixer().add(sound.amplify(self.volume).delay(delay));
        self.state.busy_until = self.state.busy_until.max(Instant::now() + delay + length);
    }

    /// Renders speech on its own thread so cues never wait for it.
    fn render(&self, text: &str) {
        let Some(program) = self.voice else { return };
        let tx = self.voice_tx.clone();
        let text = text.to_string();
        let _ = std::thread::Builder::new()
            .name("voice".into())
            .spawn(move || {
                let result = voice::render(program, &text);
                let _ = tx.send(Request::Rendered(text, result));
            });
    }

    fn ensure_open(&mut self) {
        if self.output.is_some() || self.unavailable {
            return;
        }
        match self.open() {
            Ok(sink) => {
                self.output = Some(sink);
                self.state.busy_until = self.state.busy_until.max(Instant::now());
                self.tell(AudioStatus::Ready);
            }
            Err(e) => {
                self.unavailable = true;
                self.tell(AudioStatus::Unavailable(describe(&e)));
            }
        }
    }

    /// Opens the output: with the format learnt before (the first time, a
    /// common one), straight away; if that fails, through rodio's search for
    /// a device (which also says why there is no sound), and then again with
    /// a short buffer.
    fn open(&mut self) -> Result<MixerDeviceSink, rodio::DeviceSinkError> {
        let format = self.format.unwrap_or(COMMON);
        if let Some(sink) = open_known(format) {
            self.format = Some(format);
            return Ok(sink);
        }
        let mut sink = DeviceSinkBuilder::open_default_sink()?;
        sink.log_on_drop(false);
        let config = sink.config();
        let format = Format {
            channels: config.channel_count(),
            rate: config.sample_rate(),
            sample: config.sample_format(),
        };
        self.format = Some(format);
        // Closed first: a device without a software mixer opens only once.
        drop(sink);
        if let Some(sink) = open_known(format) {
            return Ok(sink);
        }
        let mut sink = DeviceSinkBuilder::open_default_sink()?;
        sink.log_on_drop(false);
        Ok(sink)
    }

    fn tell(&mut self, status: AudioStatus) {
        if self.status.as_ref() != Some(&status) {
            (self.notify)(status.clone());
            self.status = Some(status);
        }
    }
}

/// The default device opened in `format` with a short buffer, or `None`.
fn open_known(format: Format) -> Option<MixerDeviceSink> {
    let device = cpal::default_host().default_output_device()?;
    let mut sink = DeviceSinkBuilder::default()
        .with_device(device)
        .with_channels(format.channels)
        .with_sample_rate(format.rate)
        .with_sample_format(format.sample)
        .with_buffer_size(BufferSize::Fixed(period_frames(format.rate)))
        .open_stream()
        .ok()?;
    sink.log_on_drop(false);
    Some(sink)
}

/// [`PERIOD`] in frames at `rate`, a power of two (256 at 48 kHz).
fn period_frames(rate: SampleRate) -> u32 {
    let frames = u128::from(rate.get()) * PERIOD.as_nanos() / 1_000_000_000;
    u32::try_from(frames)
        .unwrap_or(u32::MAX)
        .next_power_of_two()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_is_about_five_ms() {
        let at = |hz| period_frames(NonZero::new(hz).expect("non-zero"));
        assert_eq!(at(48_000), 256);
        assert_eq!(at(44_100), 256);
        assert_eq!(at(96_000), 512);
        assert_eq!(at(8_000), 64);
    }
}
