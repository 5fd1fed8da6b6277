//! Everything the shell waits for, on one channel: keys, resizes and signals.
//! The main loop blocks on it until the next deadline, so an idle session uses
//! no CPU, and a signal wakes it like a key would.

use crate::audio::AudioStatus;
use ratatui::crossterm::event::{
    self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Instant;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Resize,
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT: end the session as stopped.
    Signal(i32),
    /// SIGTSTP (or Ctrl-Z in the full-screen UI, where it arrives as a key):
    /// give the terminal back, pause, and stop the process like any terminal
    /// program; see [`stop_self`].
    Suspend,
    /// SIGCONT: the process runs again (after `fg`, or after a SIGSTOP that
    /// could not be caught): take the terminal back and redraw.
    Continued,
    /// The sound status changed.
    Audio(AudioStatus),
}

/// Where a shell's loop waits: the real keys and signals, or a script in tests.
pub trait InputSource {
    /// The next input, or `None` when `deadline` passes first (no deadline:
    /// wait for as long as it takes).
    fn next(&mut self, deadline: Option<Instant>) -> Option<Input>;

    /// The time now, by this source's clock (tests move it by hand).
    fn now(&self) -> Instant {
        Instant::now()
    }

    /// Stops the process until it is continued (Ctrl-Z), once the terminal is
    /// given back. A test source does nothing.
    fn stop_self(&mut self) {}
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
        let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT])?;
        let signal_tx = tx.clone();
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    let input = match signal {
                        SIGTSTP => Input::Suspend,
                        SIGCONT => Input::Continued,
                        other => Input::Signal(other),
                    };
                    if signal_tx.send(input).is_err() {
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
}

impl InputSource for Inputs {
    fn next(&mut self, deadline: Option<Instant>) -> Option<Input> {
        match deadline {
            None => self.rx.recv().ok(),
            Some(deadline) => {
                let wait = deadline.saturating_duration_since(Instant::now());
                self.rx.recv_timeout(wait).ok()
            }
        }
    }

    fn stop_self(&mut self) {
        stop_self();
    }
}

/// Stops this process the way SIGTSTP's default action would (limber catches
/// SIGTSTP to give the terminal back first). Returns once it is continued.
pub fn stop_self() {
    // Stopping can only fail on a platform without job control: then limber
    // simply goes on, paused.
    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
}

fn read_keys(tx: &Sender<Input>) {
    loop {
        let input = match event::read() {
            // In raw mode the terminal sends Ctrl-Z as a key, not as SIGTSTP.
            Ok(TermEvent::Key(key)) if is_ctrl_z(&key) => Input::Suspend,
            Ok(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
                Input::Key(line_feed_as_enter(key))
            }
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

/// An Enter typed before raw mode is on (while limber starts) reaches it as
/// a line feed, the terminal's cooked mode having turned its `\r` into `\n`,
/// and crossterm reads a line feed as Ctrl-J once raw mode is on: so that
/// Enter is kept, Ctrl-J is one (pressed, it sends that same byte, and a
/// shell takes it as Enter too).
fn line_feed_as_enter(key: KeyEvent) -> KeyEvent {
    if key.modifiers == KeyModifiers::CONTROL && key.code == KeyCode::Char('j') {
        KeyEvent::new_with_kind(KeyCode::Enter, KeyModifiers::NONE, key.kind)
    } else {
        key
    }
}

fn is_ctrl_z(key: &KeyEvent) -> bool {
    key.kind == KeyEventKind::Press
        && key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('z' | 'Z'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_feed_is_an_enter_and_other_keys_are_themselves() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(
            line_feed_as_enter(ctrl('j')),
            KeyEvent::from(KeyCode::Enter)
        );
        for key in [
            ctrl('k'),
            KeyEvent::from(KeyCode::Char('j')),
            KeyEvent::new(
                KeyCode::Char('j'),
                KeyModifiers::CONTROL | KeyModifiers::ALT,
            ),
            KeyEvent::from(KeyCode::Enter),
        ] {
            assert_eq!(line_feed_as_enter(key), key);
        }
    }
}
