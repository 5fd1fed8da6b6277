//! The full-screen UI: the shell that waits for keys and deadlines, feeds the
//! app, draws when something changed and carries out effects. The loop is
//! generic over the terminal's backend and takes its inputs, clock, sound and
//! journal as parameters, so tests drive the real loop on a `TestBackend`
//! with scripted keys and a fake clock; only `main`'s path opens the real
//! terminal (see `crate::cli::launch`).

pub mod app;
pub mod bigtext;
pub mod body;
pub mod history;
pub mod keys;
pub mod picker;
pub mod theme;
pub mod today;
pub mod view;

pub use crate::text::fit;

use crate::session::runner::{Ports, carry_out};
use crate::ui::input::{Input, InputSource};
use app::{App, Effect};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;
use std::io;

/// What the loop needs of the real terminal beyond drawing: giving it back to
/// the shell while limber is stopped (Ctrl-Z), and taking it again.
pub trait Host {
    /// Cooked mode, the main screen, the cursor shown.
    fn release(&mut self);
    /// Raw mode and the alternate screen again, cleared for a full redraw.
    fn take_back(&mut self) -> io::Result<()>;
}

/// A terminal that needs nothing of the kind (tests).
pub struct NoHost;

impl Host for NoHost {
    fn release(&mut self) {}
    fn take_back(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The real terminal, through crossterm.
pub struct Crossterm;

impl Host for Crossterm {
    fn release(&mut self) {
        use ratatui::crossterm::{cursor, execute};
        let _ = execute!(io::stdout(), cursor::Show);
        ratatui::restore();
    }

    /// Not `Terminal::clear`: that asks the terminal where the cursor is, and
    /// the answer would go to the key reader's thread.
    fn take_back(&mut self) -> io::Result<()> {
        use ratatui::crossterm::{cursor, execute, terminal as term};
        term::enable_raw_mode()?;
        execute!(
            io::stdout(),
            term::EnterAlternateScreen,
            term::Clear(term::ClearType::All),
            cursor::Hide
        )
    }
}

/// Everything the loop talks to besides the terminal.
pub struct Shell<'a> {
    pub inputs: &'a mut dyn InputSource,
    pub ports: Ports<'a>,
    /// Reads the history for the history screen (`h`), when asked.
    pub history: &'a dyn Fn() -> history::HistoryScreen,
    /// The active plans, read when the today screen needs them.
    pub plans: &'a dyn Plans,
    /// What the first frame goes without, done as soon as it is drawn and
    /// before any input is handled, so keys typed ahead meet the whole
    /// picker (the user's routines, read meanwhile, see
    /// [`crate::store::library::Loading`]).
    pub after_first_frame: Option<Finish<'a>>,
}

/// Work on the app left for after the first frame.
pub type Finish<'a> = Box<dyn FnOnce(&mut App) + 'a>;

/// What the today screen needs of the plans on disk.
pub trait Plans {
    /// The active plans' states as of now; `None` when no plan is active.
    fn today(&self) -> Option<today::TodayScreen>;
    /// Records today's check-in answer for every active plan that asks one
    /// (as `limber checkin N`); what to tell the runner either way.
    fn check_in(&self, value: u8) -> Result<String, String>;
}

/// No plans at all (tests, and `limber run`).
pub struct NoPlans;

impl Plans for NoPlans {
    fn today(&self) -> Option<today::TodayScreen> {
        None
    }
    fn check_in(&self, _: u8) -> Result<String, String> {
        Err("No plan is active.".into())
    }
}

/// Runs the UI until the user quits. Every way out leaves through here or a
/// panic (whose hook restores the terminal); signals arrive as inputs.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    host: &mut dyn Host,
    app: &mut App,
    shell: &mut Shell<'_>,
) -> io::Result<()> {
    tell_size(terminal, app)?;
    loop {
        effects(app, shell);
        if app.quit {
            return Ok(());
        }
        let now = shell.inputs.now();
        if let Err(e) = terminal.draw(|frame| view::render(app, frame, now)) {
            // The terminal is gone (hangup): end the session as stopped so it
            // is still recorded, then leave.
            app.on_signal(shell.inputs.now());
            effects(app, shell);
            return Err(io::Error::other(e.to_string()));
        }
        if let Some(finish) = shell.after_first_frame.take() {
            finish(app);
            continue;
        }
        let deadline = app.next_deadline(now);
        let input = shell.inputs.next(deadline);
        let now = shell.inputs.now();
        match input {
            Some(Input::Key(key)) => app.on_key(key, now),
            // The next draw fits the new size; paged lists learn it now.
            Some(Input::Resize) => tell_size(terminal, app)?,
            Some(Input::Signal(_)) => app.on_signal(now),
            Some(Input::Suspend) => {
                app.hold(now);
                effects(app, shell);
                // Like any terminal program: the shell gets a normal terminal
                // back while limber is stopped.
                host.release();
                shell.inputs.stop_self();
                host.take_back()?;
                terminal.swap_buffers();
                // The window may have changed size while limber was stopped.
                tell_size(terminal, app)?;
            }
            Some(Input::Continued) => {
                // `fg` after Ctrl-Z lands here too (a second, harmless redraw);
                // after a SIGSTOP nobody restored the terminal, so redraw.
                app.hold(now);
                host.take_back()?;
                terminal.swap_buffers();
                tell_size(terminal, app)?;
            }
            Some(Input::Audio(status)) => app.on_audio(status),
            None => app.tick(now),
        }
    }
}

/// The terminal's size, to the app and to the terminal's viewport (a fixed
/// one on the real terminal: see [`open_terminal`]).
fn tell_size<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> io::Result<()> {
    let size = terminal
        .size()
        .map_err(|e| io::Error::other(e.to_string()))?;
    terminal
        .resize(Rect::new(0, 0, size.width, size.height))
        .map_err(|e| io::Error::other(e.to_string()))?;
    app.resize(size.width, size.height);
    Ok(())
}

/// The real terminal in raw mode on the alternate screen, its viewport fixed
/// at the size it has now and changed only on a resize event: a full-screen
/// viewport asks the terminal for its size before every frame, which
/// crossterm does by opening `/dev/tty` each time.
pub fn open_terminal() -> io::Result<ratatui::DefaultTerminal> {
    use ratatui::crossterm::{execute, terminal as term};
    let (width, height) = term::size()?;
    let terminal = ratatui::try_init_with_options(ratatui::TerminalOptions {
        viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, width, height)),
    })?;
    execute!(io::stdout(), term::EnterAlternateScreen)?;
    Ok(terminal)
}

/// Carries out what the app asked for; the results come back as messages,
/// which may ask for more (a saved record: its streak), until nothing is left.
fn effects(app: &mut App, shell: &mut Shell<'_>) {
    let mut effects = app.take_effects();
    while !effects.is_empty() {
        for effect in effects {
            match effect {
                Effect::Session(dos) => {
                    for reply in carry_out(dos, &mut shell.ports) {
                        app.on_reply(reply);
                    }
                }
                Effect::OpenHistory => app.show_history((shell.history)()),
                Effect::ReadStreak => {
                    app.show_streak((shell.history)().streak().to_owned());
                    // What the saved session filled, for the finish screen.
                    if app.today.is_some() {
                        app.show_today(shell.plans.today());
                    }
                }
                Effect::LoadToday => app.show_today(shell.plans.today()),
                Effect::CheckIn(value) => {
                    let message = shell.plans.check_in(value).unwrap_or_else(|why| why);
                    app.checked_in(message, shell.plans.today());
                }
            }
        }
        effects = app.take_queued();
    }
}
