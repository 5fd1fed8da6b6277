//! The audio thread: plays cues and speech through our [`Mixer`] on the
//! sound card ([`super::device`]), fed over a channel so the UI thread never
//! waits on audio.
//!
//! The device is open only around cues (the session says when the next one
//! is due: see [`super::schedule`]), and the session also says which cues
//! sound then, so they are laid in the mixer ahead and start on the sample of
//! their moment, whatever the device's buffer. After the first open the
//! device's format is known, so reopening it asks for it directly.

use super::device::Device;
use super::mixer::{COMMON, Format, Mixer};
use super::schedule::State;
use super::sound::Sound;
use super::sounds::SoundBank;
use super::voice;
use crate::core::cue::{Cue, CuePlayer, Upcoming};
use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;
/// Speech renders kept for reuse (a routine repeats its sides and sets).
const SPEECH_CACHE: usize = 64;

/// A text to say and the language to say it in: the same words are
/// different sounds in another language, so speech is kept by both.
type Utterance = (Option<String>, String);

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
    Rendered(Utterance, Result<Sound, String>),
    DueAt(Option<Upcoming>),
    Volume(u8),
    /// Answer once every sound handed over has been heard.
    Quiet(Sender<()>),
}

/// How long after a sound's last sample the device has surely played it:
/// what it holds ahead (a chunk, or a buffer of two periods).
const PLAYED_OUT: std::time::Duration = std::time::Duration::from_millis(100);

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
                    mixer: Arc::default(),
                    laid: None,
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
                    quiet: Vec::new(),
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

    fn next_cue_at(&mut self, next: Option<&Upcoming>) {
        self.send(Request::DueAt(next.cloned()));
    }

    fn set_volume(&mut self, volume: u8) {
        self.send(Request::Volume(volume));
    }

    /// The last cue of a session must not be cut by the program ending
    /// right after it.
    fn wait_until_quiet(&mut self, limit: std::time::Duration) {
        let (tx, rx) = mpsc::channel();
        self.send(Request::Quiet(tx));
        let _ = rx.recv_timeout(limit);
    }
}

/// 0-100 to a gain, on a curve that sounds even to the ear.
fn gain(volume: u8) -> f32 {
    let v = f32::from(volume.min(100)) / 100.0;
    v * v
}

struct AudioThread {
    bank: SoundBank,
    /// The open device, playing what `mixer` holds.
    output: Option<Device>,
    mixer: Arc<Mutex<Mixer>>,
    /// The cues last laid ahead, and their moment.
    laid: Option<Upcoming>,
    format: Option<Format>,
    /// The status last told, so the UI hears of a change only.
    status: Option<AudioStatus>,
    unavailable: bool,
    /// When the last sound ends and the next cue is due.
    state: State,
    volume: f32,
    voice: Option<&'static str>,
    voice_tx: Sender<Request>,
    speech: HashMap<Utterance, Sound>,
    /// Speech asked for before its render was ready.
    waiting_speech: Option<Utterance>,
    /// Who waits for every sound to have been heard.
    quiet: Vec<Sender<()>>,
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
            let pumped = self
                .output
                .as_mut()
                .and_then(|device| device.pump(&self.mixer, now));
            let quiet_at = self.state.busy_until + PLAYED_OUT;
            if !self.quiet.is_empty() && now >= quiet_at {
                for waiter in self.quiet.drain(..) {
                    let _ = waiter.send(());
                }
            }
            let waiting = (!self.quiet.is_empty()).then_some(quiet_at);
            let wake = [self.state.next_change(now), pumped, waiting]
                .into_iter()
                .flatten()
                .min();
            let request = match wake {
                // From the time now, not `now`: a write may have blocked.
                Some(at) => match rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
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
            Request::Cue(cue) => self.play(cue),
            Request::Speak(text) => {
                let utterance = (voice::language(), text);
                if let Some(sound) = self.speech.get(&utterance).cloned() {
                    self.say(sound);
                } else {
                    self.render(utterance.clone());
                    self.waiting_speech = Some(utterance);
                }
            }
            Request::Prepare(text) => {
                let utterance = (voice::language(), text);
                if !self.speech.contains_key(&utterance) {
                    self.render(utterance);
                }
            }
            Request::Rendered(utterance, result) => {
                let Ok(sound) = result else { return };
                if self.speech.len() >= SPEECH_CACHE {
                    self.speech.clear();
                }
                self.speech.insert(utterance.clone(), sound.clone());
                if self.waiting_speech.as_ref() == Some(&utterance) {
                    self.waiting_speech = None;
                    self.say(sound);
                }
            }
            Request::DueAt(next) => self.lay(next),
            Request::Quiet(waiter) => self.quiet.push(waiter),
            Request::Volume(volume) => {
                self.volume = gain(volume);
                self.mixer().set_gain(self.volume);
            }
        }
    }

    fn mixer(&self) -> MutexGuard<'_, Mixer> {
        // The callback never panics while holding it; should it, the mix goes on.
        self.mixer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The session says `cue` fired: it is the one laid ahead for now, or, if
    /// none was (the first cue, a skip, a back), it plays at once.
    fn play(&mut self, cue: Cue) {
        let now = Instant::now();
        let fired = self.mixer().fired(cue, now);
        match fired {
            Some(end) => self.busy(end),
            None => {
                if let Some(sound) = self.bank.get(cue).cloned() {
                    self.add(sound, now);
                }
            }
        }
    }

    /// Lays the cues of the next moment in the mixer, dropping those laid
    /// before that have not started (a pause, skip or back moved the moment).
    fn lay(&mut self, next: Option<Upcoming>) {
        self.state.due = next.as_ref().map(|n| n.at);
        if next == self.laid {
            return;
        }
        let mut mixer = self.mixer.lock().unwrap_or_else(PoisonError::into_inner);
        mixer.cancel_ahead();
        if let Some(next) = next.as_ref().filter(|_| !self.unavailable) {
            for &cue in &next.cues {
                if let Some(sound) = self.bank.get(cue).cloned() {
                    mixer.lay(cue, sound, self.volume, next.at);
                }
            }
        }
        let busy = mixer.busy_until();
        drop(mixer);
        if let Some(end) = busy {
            self.busy(end);
        }
        self.laid = next;
    }

    /// Speech waits for a cue that is playing, so neither is lost or cut.
    fn say(&mut self, sound: Sound) {
        let start = self.state.busy_until.max(Instant::now());
        self.add(sound, start);
    }

    fn add(&mut self, sound: Sound, start: Instant) {
        self.ensure_open();
        if self.output.is_none() {
            return;
        }
        let end = self.mixer().add(sound, self.volume, start);
        self.busy(end);
    }

    fn busy(&mut self, until: Instant) {
        self.state.busy_until = self.state.busy_until.max(until);
    }

    /// Renders speech on its own thread so cues never wait for it.
    fn render(&self, utterance: Utterance) {
        let Some(program) = self.voice else { return };
        let tx = self.voice_tx.clone();
        let _ = std::thread::Builder::new()
            .name("voice".into())
            .spawn(move || {
                let (language, text) = &utterance;
                let result = voice::render_in(program, text, language.as_deref());
                let _ = tx.send(Request::Rendered(utterance, result));
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
            Err(why) => {
                self.unavailable = true;
                self.tell(AudioStatus::Unavailable(why));
            }
        }
    }

    /// Opens the device in the format learnt before (the first time, a
    /// common one).
    fn open(&mut self) -> Result<Device, String> {
        let device = Device::open(self.format.unwrap_or(COMMON), &self.mixer)?;
        self.format = Some(device.format());
        Ok(device)
    }

    fn tell(&mut self, status: AudioStatus) {
        if self.status.as_ref() != Some(&status) {
            (self.notify)(status.clone());
            self.status = Some(status);
        }
    }
}
