//! Running a guided session: in the full-screen UI or as `--plain` lines, with
//! sound from the audio thread.

use crate::audio::stderr::StderrToLog;
use crate::audio::{AudioPlayer, Options, SoundBank};
use crate::cli::SessionOpts;
use crate::error::{Error, Result};
use crate::guidance::Guide;
use crate::input::{Input, Inputs};
use crate::paths;
use crate::plain;
use crate::routine::Library;
use crate::session::Engine;
use crate::settings::Settings;
use crate::tui::{self, app::App, app::Prepared, picker::Picker};
use std::io;
use std::rc::Rc;
use std::time::Instant;

/// The flags with the user's settings file under them.
fn with_settings(opts: &SessionOpts) -> SessionOpts {
    let Some(home) = paths::home() else {
        return opts.clone();
    };
    let (settings, warning) = Settings::load(&paths::settings_file(&home));
    if let Some(w) = warning {
        eprintln!("warning: {}", crate::text::clean(&w));
    }
    settings.apply(opts)
}

fn guide(opts: &SessionOpts) -> Guide {
    Guide {
        muted: opts.mute,
        voice: opts.voice,
        bell: opts.bell,
    }
}

/// Starts the audio thread; its news (no device, no voice) arrives as inputs.
fn audio(inputs: &Inputs, opts: &SessionOpts) -> Result<AudioPlayer> {
    let home = paths::home();
    let (bank, warnings) = SoundBank::load(home.as_deref().map(paths::sounds_dir).as_deref());
    for w in warnings {
        eprintln!("warning: {w}");
    }
    let news = inputs.sender();
    AudioPlayer::start(
        bank,
        &Options {
            volume: opts.volume(),
            voice: opts.voice,
        },
        move |status| {
            let _ = news.send(Input::Audio(status.label()));
        },
    )
    .map_err(|e| Error::Failed(format!("cannot start the audio thread: {e}")))
}

/// alsa-lib and friends write to stderr when there is no sound device; while a
/// session runs that goes to `$LIMBER_HOME/limber.log` instead.
fn quiet_stderr() -> Option<StderrToLog> {
    StderrToLog::start(&paths::stderr_log(&paths::home()?))
}

pub fn tui(library: &Library, start: Option<Rc<Prepared>>, opts: &SessionOpts) -> Result<()> {
    let opts = &with_settings(opts);
    let inputs =
        Inputs::start(true).map_err(|e| Error::Failed(format!("cannot listen for keys: {e}")))?;
    let mut app = App::new(Picker::new(library), opts.speed(), opts.mute, opts.volume());
    if let Some(prepared) = start {
        app.exit_after_session = true;
        app.open(prepared, Instant::now());
    }
    let quiet = quiet_stderr();
    let mut player = audio(&inputs, opts)?;
    let result = tui::run(app, &inputs, &mut player, guide(opts), |_ended| {});
    drop(quiet);
    result.map_err(|e| Error::Failed(format!("terminal error: {e}")))
}

pub fn plain(prepared: &Prepared, opts: &SessionOpts) -> Result<()> {
    let opts = &with_settings(opts);
    let inputs = Inputs::start(false)
        .map_err(|e| Error::Failed(format!("cannot listen for signals: {e}")))?;
    let quiet = quiet_stderr();
    let mut player = audio(&inputs, opts)?;
    let engine = Engine::new(prepared.timeline.clone(), opts.speed(), Instant::now());
    let mut out = io::stdout().lock();
    let result = plain::run(
        &prepared.routine,
        engine,
        &inputs,
        &mut player,
        guide(opts),
        &mut out,
    );
    drop(quiet);
    match result {
        Ok(_outcome) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Failed(format!("cannot write output: {e}"))),
    }
}
