//! The audio thread: plays cues and speech through rodio, fed over a channel so
//! the UI thread never waits on audio.
//!
//! An open output stream costs CPU here and in the sound server even in
//! silence, so the output is opened shortly before a cue is due (the session
//! says when) and closed after a few seconds of quiet.

use super::sounds::SoundBank;
use super::voice;
use crate::core::cue::{Cue, CuePlayer};
use rodio::buffer::SamplesBuffer;
use rodio::{DeviceSinkBuilder, MixerDeviceSink, Source};
use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How long before a due cue the output is opened (opening takes tens of ms).
pub const OPEN_LEAD: Duration = Duration::from_millis(400);
/// How long the output stays open after the last sound ends.
pub const LINGER: Duration = Duration::from_secs(3);
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
                    unavailable: false,
                    busy_until: Instant::now(),
                    due: None,
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

struct AudioThread {
    bank: SoundBank,
    output: Option<MixerDeviceSink>,
    unavailable: bool,
    /// When the last sound added to the mixer ends.
    busy_until: Instant,
    /// When the next cue is due, as the session last said.
    due: Option<Instant>,
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
            if self.due.is_some_and(|due| due <= now + OPEN_LEAD) {
                self.due = None;
                self.ensure_open();
            }
            let close_at = self.output.as_ref().map(|_| self.busy_until + LINGER);
            if close_at.is_some_and(|at| at <= now) {
                self.output = None;
            }
            let open_at = self
                .due
                .map(|due| due.checked_sub(OPEN_LEAD).unwrap_or(due));
            let wake = [open_at, close_at.filter(|_| self.output.is_some())]
                .into_iter()
                .flatten()
                .min();
            let request = match wake {
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
            Request::DueAt(at) => self.due = at,
            Request::Volume(volume) => self.volume = gain(volume),
        }
    }

    /// Speech waits for a cue that is playing, so neither is lost or cut.
    fn say(&mut self, sound: SamplesBuffer) {
        let wait = self.busy_until.saturating_duration_since(Instant::now());
        self.add(sound, wait);
    }

    fn add(&mut self, sound: SamplesBuffer, delay: Duration) {
        self.ensure_open();
        let Some(output) = &self.output else { return };
        let length = sound.total_duration().unwrap_or(Duration::from_secs(1));
        output.mixer().add(sound.amplify(self.volume).delay(delay));
        self.busy_until = self.busy_until.max(Instant::now() + delay + length);
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
        match DeviceSinkBuilder::open_default_sink() {
            Ok(mut sink) => {
                sink.log_on_drop(false);
                self.output = Some(sink);
                self.busy_until = self.busy_until.max(Instant::now());
                (self.notify)(AudioStatus::Ready);
            }
            Err(e) => {
                self.unavailable = true;
                (self.notify)(AudioStatus::Unavailable(describe(&e)));
            }
        }
    }
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
