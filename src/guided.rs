//! Running a guided session: in the full-screen UI or as `--plain` lines.

use crate::cli::SessionOpts;
use crate::cue::Silent;
use crate::error::{Error, Result};
use crate::input::Inputs;
use crate::plain;
use crate::routine::Library;
use crate::session::Engine;
use crate::tui::{self, app::App, app::Prepared, picker::Picker};
use std::io;
use std::rc::Rc;
use std::time::Instant;

pub fn tui(library: &Library, start: Option<Rc<Prepared>>, opts: &SessionOpts) -> Result<()> {
    let inputs =
        Inputs::start(true).map_err(|e| Error::Failed(format!("cannot listen for keys: {e}")))?;
    let mut app = App::new(Picker::new(library), opts.speed(), opts.mute);
    if let Some(prepared) = start {
        app.exit_after_session = true;
        app.open(prepared, Instant::now());
    }
    let mut player = Silent;
    tui::run(app, &inputs, &mut player, |_ended| {})
        .map_err(|e| Error::Failed(format!("terminal error: {e}")))
}

pub fn plain(prepared: &Prepared, opts: &SessionOpts) -> Result<()> {
    let inputs = Inputs::start(false)
        .map_err(|e| Error::Failed(format!("cannot listen for signals: {e}")))?;
    let engine = Engine::new(prepared.timeline.clone(), opts.speed(), Instant::now());
    let mut out = io::stdout().lock();
    match plain::run(&prepared.routine, engine, &inputs, &mut out) {
        Ok(_outcome) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Failed(format!("cannot write output: {e}"))),
    }
}
