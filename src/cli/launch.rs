//! Running a guided session: in the full-screen UI or as `--plain` lines, with
//! sound from the audio thread.

use crate::audio::stderr::StderrToLog;
use crate::audio::voice::SystemVoice;
use crate::audio::{AudioPlayer, AudioStatus, Options, SoundBank, SoundWarning};
use crate::cli::args::SessionOpts;
use crate::cli::commands::plan::screen::DiskPlans;
use crate::cli::error::{Error, Result};
use crate::core::cue::{Cue, CuePlayer, Upcoming};
use crate::session::guide::Guide;
use crate::session::runner::{Do, Ports, Prepared, Reply, Runner, carry_out};
use crate::store::history;
use crate::store::journal::{HistoryJournal, Saved};
use crate::store::library::Loading;
use crate::store::paths;
use crate::store::settings::Settings;
use crate::text::clean;
use crate::ui::input::{Input, Inputs};
use crate::ui::plain;
use crate::ui::tui::{self, app::App, history::HistoryScreen, picker::Picker};
use std::cell::RefCell;
use std::io::{self, IsTerminal, Write};
use std::rc::Rc;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

/// The flags with the user's settings file under them.
fn with_settings(opts: &SessionOpts) -> SessionOpts {
    let Some(home) = paths::home() else {
        return opts.clone();
    };
    let (settings, warning) = Settings::load(&paths::settings_file(&home));
    if let Some(w) = warning {
        eprintln!("warning: {}", crate::text::clean(&w));
    }
    opts.over(&settings)
}

fn guide(opts: &SessionOpts) -> Guide {
    Guide {
        muted: opts.mute,
        voice: opts.voice,
        bell: opts.bell,
    }
}

/// Starts the audio thread; its news (no device, no voice) arrives as inputs.
fn audio(news: Sender<Input>, opts: &SessionOpts, bank: SoundBank) -> io::Result<AudioPlayer> {
    AudioPlayer::start(
        bank,
        &Options {
            volume: opts.volume(),
            voice: opts.voice,
            probe: !opts.mute,
        },
        move |status| {
            let _ = news.send(Input::Audio(status));
        },
    )
}

fn no_audio_thread(e: &io::Error) -> String {
    format!("cannot start the audio thread: {e}")
}

/// A player started when first needed, or when told to: `limber` starts the
/// audio thread once the first frame is up and the user's routines are read,
/// since probing the sound device takes a core for a few ms that both need
/// more. Shared between the shell's ports and what it does after that frame.
struct LatePlayer<P>(Rc<RefCell<Late<P>>>);

struct Late<P> {
    start: Option<Box<dyn FnOnce() -> Option<P>>>,
    /// Once started; `None` before, or when the start failed (and said why).
    player: Option<P>,
}

impl<P> Clone for LatePlayer<P> {
    fn clone(&self) -> Self {
        LatePlayer(Rc::clone(&self.0))
    }
}

impl<P> LatePlayer<P> {
    fn started(player: P) -> Self {
        LatePlayer(Rc::new(RefCell::new(Late {
            start: None,
            player: Some(player),
        })))
    }

    fn later(start: impl FnOnce() -> Option<P> + 'static) -> Self {
        LatePlayer(Rc::new(RefCell::new(Late {
            start: Some(Box::new(start)),
            player: None,
        })))
    }

    /// Starts the player, if it was not yet.
    fn start(&self) {
        self.with(|_| {});
    }

    fn with(&self, f: impl FnOnce(&mut P)) {
        let mut late = self.0.borrow_mut();
        if let Some(start) = late.start.take() {
            late.player = start();
        }
        if let Some(player) = &mut late.player {
            f(player);
        }
    }
}

impl<P: CuePlayer> CuePlayer for LatePlayer<P> {
    fn play(&mut self, cue: Cue) {
        self.with(|p| p.play(cue));
    }
    fn speak(&mut self, text: &str) {
        self.with(|p| p.speak(text));
    }
    fn prepare_speech(&mut self, text: &str) {
        self.with(|p| p.prepare_speech(text));
    }
    fn next_cue_at(&mut self, next: Option<&Upcoming>) {
        self.with(|p| p.next_cue_at(next));
    }
    fn set_volume(&mut self, volume: u8) {
        self.with(|p| p.set_volume(volume));
    }
    fn wait_until_quiet(&mut self, limit: Duration) {
        // Not started: nothing was played, nothing to wait for.
        if let Some(player) = self.0.borrow_mut().player.as_mut() {
            player.wait_until_quiet(limit);
        }
    }
}

/// The cue sounds, the user's replacements checked. Call it before stderr goes
/// to the log: a sound set aside is told where the user sees it.
fn sounds() -> (SoundBank, Vec<SoundWarning>) {
    let home = paths::home();
    let (bank, warnings) = SoundBank::load(home.as_deref().map(paths::sounds_dir).as_deref());
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    (bank, warnings)
}

/// alsa-lib and friends write to stderr when there is no sound device; while a
/// session runs that goes to `$LIMBER_HOME/limber.log` instead.
fn quiet_stderr() -> Option<StderrToLog> {
    StderrToLog::start(paths::home().map(|h| paths::stderr_log(&h)).as_deref())
}

/// The full-screen UI, its first frame drawn from `library`'s ready part
/// while the user's routines are still being read.
pub fn tui(mut library: Loading, start: Option<Rc<Prepared>>, opts: &SessionOpts) -> Result<()> {
    let opts = &with_settings(opts);
    let mut inputs =
        Inputs::start(true).map_err(|e| Error::Failed(format!("cannot listen for keys: {e}")))?;
    let picker = Picker::of(std::mem::take(&mut library.ready.entries));
    let mut app = App::new(picker, opts.speed(), opts.mute, opts.volume());
    app.guide = guide(opts);
    let env = |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
    app.palette = tui::theme::Palette::from_env(
        env("NO_COLOR").as_deref(),
        env("TERM").as_deref(),
        env("COLORTERM").as_deref(),
    );
    app.ask_ratings = !opts.no_rate;
    let (bank, warnings) = sounds();
    // The full screen hides what was printed before it: the status line says it too.
    app.sound_trouble = warnings.first().map(SoundWarning::short);
    let mut journal = HistoryJournal::new(paths::home());
    let quiet = quiet_stderr();
    let mut player = if start.is_some() {
        let player =
            audio(inputs.sender(), opts, bank).map_err(|e| Error::Failed(no_audio_thread(&e)))?;
        LatePlayer::started(player)
    } else {
        let (news, opts) = (inputs.sender(), opts.clone());
        LatePlayer::later(move || {
            audio(news.clone(), &opts, bank)
                .map_err(|e| {
                    // The session goes on silently, as without a device.
                    let status = AudioStatus::Unavailable(no_audio_thread(&e));
                    let _ = news.send(Input::Audio(status));
                })
                .ok()
        })
    };
    let mut stdout = io::stdout();
    // The clock starts once sound, stderr and the journal are ready, as in --plain.
    if let Some(prepared) = start {
        app.exit_after_session = true;
        app.open(prepared, Instant::now());
    } else {
        // With a plan active, `limber` opens on today (SPEC 3).
        app.open_today();
    }
    let audio_later = player.clone();
    // A few user routines are read by now: the first frame shows them all.
    if let Some(rest) = library.rest_if_read() {
        app.picker.add(rest);
    }
    app.picker.reading = library.reading;
    // A bug must not end in silence: ratatui's hook restores the terminal, but
    // the panic's message went to the log with the rest of stderr.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut terminal = match tui::open_terminal() {
            Ok(terminal) => terminal,
            Err(e) => {
                ratatui::restore();
                return Err(e);
            }
        };
        let mut shell = tui::Shell {
            inputs: &mut inputs,
            ports: Ports {
                player: &mut player,
                voice: &mut SystemVoice,
                journal: &mut journal,
                bell: &mut stdout,
            },
            history: &load_history,
            plans: &DiskPlans,
            after_first_frame: Some(Box::new(move |app: &mut App| {
                app.picker.add(library.rest());
                audio_later.start();
            })),
        };
        let result = tui::run(&mut terminal, &mut tui::Crossterm, &mut app, &mut shell);
        ratatui::restore();
        result
    }));
    drop(quiet);
    let Ok(result) = run else {
        return Err(Error::Failed(format!(
            "hit a bug and stopped, sorry; the details are in {} and the session so far will be saved as interrupted",
            paths::home().map_or_else(
                || "limber.log".into(),
                |h| paths::stderr_log(&h).display().to_string()
            )
        )));
    };
    report_unsaved(&journal)?;
    result.map_err(|e| Error::Failed(format!("terminal error: {e}")))
}

/// The history screen, from the log as it is now (problems reading it are
/// shown on the screen, not written over it).
fn load_history() -> HistoryScreen {
    let now = chrono::Local::now();
    let read = paths::home()
        .ok_or(history::HistoryError::NoHome)
        .and_then(|home| history::read(&home));
    match read {
        Ok((records, warnings)) => HistoryScreen::new(
            records,
            warnings.iter().map(ToString::to_string).collect(),
            &now,
        ),
        Err(e) => HistoryScreen::new(Vec::new(), vec![e.to_string()], &now),
    }
}

/// Turns sessions that died without a word into `interrupted` records, first
/// thing in every command that reads or writes the history.
pub fn recover_history() {
    let Some(home) = paths::home() else { return };
    match history::recover(&home) {
        Ok(recovered) => {
            for r in &recovered.records {
                eprintln!("limber: {}", history::recovery_message(r));
            }
            for w in &recovered.warnings {
                eprintln!("warning: {w}");
            }
        }
        Err(e) => eprintln!("warning: {e}"),
    }
}

/// Problems with the history, told once the screen is the user's again; a record
/// that could not be written goes to stdout as JSON so it is not lost (exit 1).
fn report_unsaved(journal: &HistoryJournal) -> Result<()> {
    if journal.unsaved.is_empty() {
        for p in &journal.problems {
            eprintln!("limber: {}", clean(p));
        }
    } else {
        // The checkpoint failed for the same reason; say it once.
        if let Some(last) = journal.problems.last() {
            eprintln!("limber: {}", clean(last));
        }
    }
    for json in &journal.unsaved {
        // The record must not be lost: stdout, or stderr if stdout is gone.
        if writeln!(io::stdout(), "{json}").is_err() {
            eprintln!("{json}");
        }
    }
    if journal.unsaved.is_empty() {
        Ok(())
    } else {
        Err(Error::Reported)
    }
}

pub fn plain(prepared: &Rc<Prepared>, opts: &SessionOpts) -> Result<()> {
    let opts = &with_settings(opts);
    let mut inputs = Inputs::start(false)
        .map_err(|e| Error::Failed(format!("cannot listen for signals: {e}")))?;
    let mut journal = HistoryJournal::new(paths::home());
    let before = if opts.rate {
        ask_rating("How tight is it? 0-10, Enter to skip: ")
    } else {
        None
    };
    let (bank, _) = sounds();
    let quiet = quiet_stderr();
    let mut player =
        audio(inputs.sender(), opts, bank).map_err(|e| Error::Failed(no_audio_thread(&e)))?;
    let mut out = io::stdout().lock();
    let mut bell = io::stdout();
    let mut ports = Ports {
        player: &mut player,
        voice: &mut SystemVoice,
        journal: &mut journal,
        bell: &mut bell,
    };
    let (mut runner, first) = Runner::start(
        Rc::clone(prepared),
        opts.speed(),
        guide(opts),
        before,
        Instant::now(),
    );
    let result = plain::run(&mut runner, &first, &mut inputs, &mut ports, &mut out);
    if result.as_ref().is_ok_and(|outcome| !outcome.stopped) {
        // The session's last cue plays on after its line is printed.
        ports.player.wait_until_quiet(Duration::from_secs(3));
    }
    drop(quiet);
    drop(out);
    let after = match &result {
        Ok(outcome) if opts.rate && !outcome.stopped => {
            ask_rating("How tight is it now? 0-10, Enter to skip: ")
        }
        _ => None,
    };
    for reply in carry_out(vec![Do::Complete(after)], &mut ports) {
        if reply == Reply::Saved(Saved::Yes) {
            // Standard output may be gone (a closed pipe): that is no reason to fail.
            let _ = writeln!(io::stdout(), "{}", Saved::Yes.message());
        }
    }
    report_unsaved(&journal)?;
    match result {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Failed(format!("cannot write output: {e}"))),
    }
}

/// A rating typed on standard input: a number 0-10, or nothing to skip.
fn ask_rating(question: &str) -> Option<u8> {
    use std::io::BufRead;
    write!(io::stdout(), "{question}").ok()?;
    io::stdout().flush().ok()?;
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line).ok()?;
    // Typed at a terminal, the Enter ended the line; piped in, nothing did.
    if !io::stdin().is_terminal() {
        let _ = writeln!(io::stdout());
    }
    line.trim().parse::<u8>().ok().filter(|r| *r <= 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::cue::Recorder;
    use std::cell::Cell;

    #[test]
    fn a_late_player_starts_once_when_told_or_at_its_first_cue() {
        let starts = Rc::new(Cell::new(0));
        let counted = |starts: &Rc<Cell<u32>>, works: bool| {
            let starts = Rc::clone(starts);
            move || {
                starts.set(starts.get() + 1);
                works.then(Recorder::default)
            }
        };
        let told = LatePlayer::later(counted(&starts, true));
        assert_eq!(starts.get(), 0, "not started until told");
        told.start();
        told.start();
        let mut cued = LatePlayer::later(counted(&starts, true));
        cued.play(Cue::Start);
        cued.play(Cue::End);
        assert_eq!(starts.get(), 2, "once each");
        let played = cued.0.borrow().player.as_ref().map(|r| r.played.clone());
        assert_eq!(played, Some(vec![Cue::Start, Cue::End]));
        // One that could not start stays silent, and is not tried again.
        let mut failed = LatePlayer::later(counted(&starts, false));
        failed.play(Cue::Start);
        failed.start();
        assert_eq!(starts.get(), 3);
        assert!(failed.0.borrow().player.is_none());
    }
}
