//! The full-screen UI: the shell that waits for keys and deadlines, feeds the
//! app, draws when something changed and carries out effects.

pub mod app;
pub mod body;
pub mod history;
pub mod picker;
pub mod theme;
pub mod view;

pub use crate::text::fit;

use crate::audio::AudioStatus;
use crate::cue::CuePlayer;
use crate::guidance::Guide;
use crate::input::{Input, Inputs};
use crate::paths;
use crate::recording::Journal;
use app::{App, Effect};
use std::time::Instant;

/// Runs the UI until the user quits. The terminal is restored on every way out
/// (ratatui's panic hook covers panics; signals arrive as inputs).
pub fn run(
    mut app: App,
    inputs: &Inputs,
    player: &mut dyn CuePlayer,
    guide: Guide,
    journal: &mut dyn Journal,
) -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let mut carry_out = |app: &mut App, player: &mut dyn CuePlayer| {
        for effect in app.take_effects() {
            match effect {
                Effect::Heard { prepared, events } => {
                    let guide = Guide {
                        muted: app.muted,
                        ..guide
                    };
                    guide.deliver(&prepared.timeline, &events, player, &mut std::io::stdout());
                }
                Effect::Volume(volume) => player.set_volume(volume),
                Effect::Started { prepared, speed } => {
                    journal.started(
                        &prepared.id,
                        &prepared.routine.title,
                        prepared.timeline.planned_secs,
                        speed,
                        None,
                    );
                    app.not_saving = journal.trouble();
                }
                Effect::RatedBefore(rating) => journal.rated_before(rating),
                Effect::Progress(report) => journal.progress(&report),
                Effect::Ended { report, .. } => journal.ended(&report),
                Effect::RatedAfter(rating) => {
                    app.saved = Some(journal.complete(rating).message());
                }
                Effect::OpenHistory => app.show_history(load_history()),
            }
        }
        // Muted, nothing will play: no reason to open the output.
        player.next_cue_at(app.next_cue_at().filter(|_| !app.muted));
    };
    let result = loop {
        carry_out(&mut app, player);
        if app.quit {
            break Ok(());
        }
        let now = Instant::now();
        if let Err(e) = terminal.draw(|frame| view::render(&app, frame, now)) {
            // The terminal is gone (hangup): end the session as stopped so it is
            // still recorded, then leave.
            app.on_signal(Instant::now());
            carry_out(&mut app, player);
            break Err(e);
        }
        let deadline = app.next_deadline(Instant::now());
        match inputs.next(deadline) {
            Some(Input::Key(key)) => app.on_key(key, Instant::now()),
            Some(Input::Resize) => {}
            Some(Input::Signal(_)) => app.on_signal(Instant::now()),
            Some(Input::Suspend) => {
                app.hold(Instant::now());
                carry_out(&mut app, player);
                // Like any terminal program: the shell gets a normal terminal
                // back while limber is stopped.
                let _ = terminal.show_cursor();
                ratatui::restore();
                crate::input::stop_self();
                take_back(&mut terminal)?;
            }
            Some(Input::Continued) => {
                // `fg` after Ctrl-Z lands here too (a second, harmless redraw);
                // after a SIGSTOP nobody restored the terminal, so redraw.
                app.hold(Instant::now());
                take_back(&mut terminal)?;
            }
            // The missing voice is its own notice, so "sound on" cannot hide it.
            Some(Input::Audio(status)) if status == AudioStatus::NoVoice.label() => {
                app.voice_missing = true;
            }
            Some(Input::Audio(status)) => app.sound = status,
            None => app.tick(Instant::now()),
        }
    };
    ratatui::restore();
    result
}

/// Raw mode and the alternate screen again after a stop, and a full redraw
/// (what was on the screen is gone). Not `Terminal::clear`: it asks the
/// terminal where the cursor is, and the answer would go to the key reader.
fn take_back(terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    use ratatui::crossterm::{cursor, execute, terminal as term};
    term::enable_raw_mode()?;
    execute!(
        std::io::stdout(),
        term::EnterAlternateScreen,
        term::Clear(term::ClearType::All),
        cursor::Hide
    )?;
    // Both buffers empty: the next draw writes every cell.
    terminal.swap_buffers();
    Ok(())
}

/// The history screen, from the log as it is now (problems reading it are
/// shown on the screen, not written over it).
fn load_history() -> history::HistoryScreen {
    let now = chrono::Local::now();
    let read = paths::home()
        .ok_or(crate::history::HistoryError::NoHome)
        .and_then(|home| crate::history::read(&home));
    match read {
        Ok((records, warnings)) => history::HistoryScreen::new(
            records,
            warnings.iter().map(ToString::to_string).collect(),
            &now,
        ),
        Err(e) => history::HistoryScreen::new(Vec::new(), vec![e.to_string()], &now),
    }
}
