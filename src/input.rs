//! Everything the shell waits for, on one channel: keys, resizes and signals.
//! The main loop blocks on it until the next deadline, so an idle session uses
//! no CPU, and a signal wakes it like a key would.

use ratatui::crossterm::event::{self, Event as TermEvent, KeyEvent, KeyEventKind};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Instant;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Resize,
    /// SIGINT, SIGTERM or SIGHUP: end the session as stopped.
    Signal(i32),
    /// The sound status changed (the status bar's words).
    Audio(String),
}

pub struct Inputs {
    rx: Receiver<Input>,
    tx: Sender<Input>,
}

impl Inputs {
    /// Starts the signal listener, and the key reader when `keys` is set (the
    /// full-screen UI; `--plain` reads no keys).
    pub fn start(keys: bool) -> std::io::Result<Inputs> {
        let (tx, rx) = mpsc::channel();
        let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        let signal_tx = tx.clone();
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if signal_tx.send(Input::Signal(signal)).is_err() {
                        break;
                    }
                }
            })?;
        if keys {
            std::thread::Builder::new().name("keys".into()).spawn({
                let tx = tx.clone();
                move || read_keys(&tx)
            })?;
        }
        Ok(Inputs { rx, tx })
    }

    /// A way for other threads (audio) to wake the loop with news.
    pub fn sender(&self) -> Sender<Input> {
        self.tx.clone()
    }

    /// The next input, or `None` when `deadline` passes first. With no deadline,
    /// waits for as long as it takes.
    pub fn next(&self, deadline: Option<Instant>) -> Option<Input> {
        match deadline {
            None => self.rx.recv().ok(),
            Some(deadline) => {
                let wait = deadline.saturating_duration_since(Instant::now());
                self.rx.recv_timeout(wait).ok()
            }
        }
    }
}

fn read_keys(tx: &Sender<Input>) {
    loop {
        let input = match event::read() {
            Ok(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => Input::Key(key),
            Ok(TermEvent::Resize(..)) => Input::Resize,
            Ok(_) => continue,
            // The terminal went away (hangup): nothing more will come.
            Err(_) => break,
        };
        if tx.send(input).is_err() {
            break;
        }
    }
}
