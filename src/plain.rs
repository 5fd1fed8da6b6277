//! `--plain`: one line per event with the elapsed time, no escape codes. For
//! screen readers, pipes and logs. Ctrl-C, SIGTERM and SIGHUP end it as stopped.

use crate::cue::{Cue, CuePlayer};
use crate::guidance::Guide;
use crate::input::{Input, Inputs};
use crate::narrate::{block_line, stamp};
use crate::recording::Journal;
use crate::routine::Routine;
use crate::session::{Engine, Event, Report};
use crate::text::{clean, duration};
use std::io::{self, Write};
use std::time::Instant;

pub struct Outcome {
    pub report: Report,
    pub stopped: bool,
}

/// Runs the session to its end (or a signal), printing to `out`.
pub fn run(
    routine: &Routine,
    mut engine: Engine,
    inputs: &Inputs,
    player: &mut dyn CuePlayer,
    guide: Guide,
    journal: &mut dyn Journal,
    out: &mut impl Write,
) -> io::Result<Outcome> {
    let result = drive(routine, &mut engine, inputs, player, guide, journal, out);
    if result.is_err() && !engine.is_finished() {
        // The output went away (a closed pipe): the session ends there, stopped.
        journal.ended(&engine.report(Instant::now()));
    }
    result
}

fn drive(
    routine: &Routine,
    engine: &mut Engine,
    inputs: &Inputs,
    player: &mut dyn CuePlayer,
    guide: Guide,
    journal: &mut dyn Journal,
    out: &mut impl Write,
) -> io::Result<Outcome> {
    let planned = u64::from(engine.timeline().planned_secs);
    writeln!(
        out,
        "{} Start: {} ({})",
        stamp(0),
        clean(&routine.title),
        duration(planned)
    )?;
    if let Some(caution) = &routine.caution {
        writeln!(out, "{} Caution: {}", stamp(0), clean(caution))?;
    }
    loop {
        let now = Instant::now();
        let events = engine.advance(now);
        // Record first: once a line says a block began, the one before is saved.
        if engine.is_finished() {
            journal.ended(&engine.report(now));
        } else if events.iter().any(|e| matches!(e, Event::BlockEnded { .. })) {
            journal.progress(&engine.report(now));
        }
        guide.deliver(engine.timeline(), &events, player, out);
        for event in &events {
            if let Some(line) = line(engine, event) {
                writeln!(out, "{line}")?;
                out.flush()?;
            }
        }
        player.next_cue_at(engine.next_cue_at().filter(|_| !guide.muted));
        if engine.is_finished() {
            return Ok(Outcome {
                report: engine.report(now),
                stopped: false,
            });
        }
        let deadline = engine.next_deadline(now);
        let input = inputs.next(deadline);
        if let Some(Input::Audio(status)) = &input {
            let at = engine.elapsed(Instant::now()).as_secs();
            writeln!(out, "{} {}", stamp(at), crate::text::capitalize(status))?;
        }
        if let Some(Input::Suspend) = input {
            // Ctrl-Z: stopped time is not session time. There are no keys to
            // resume with here, so `fg` resumes.
            engine.pause(Instant::now());
            let at = engine.elapsed(Instant::now()).as_secs();
            writeln!(out, "{} Paused: suspended (fg resumes)", stamp(at))?;
            out.flush()?;
            crate::input::stop_self();
            engine.resume(Instant::now());
            writeln!(out, "{} Resumed", stamp(at))?;
            out.flush()?;
            continue;
        }
        if let Some(Input::Signal(_)) = input {
            let now = Instant::now();
            engine.advance(now);
            let report = engine.report(now);
            journal.ended(&report);
            let at = engine.elapsed(now).as_secs();
            writeln!(out, "{} Stopped", stamp(at))?;
            out.flush()?;
            return Ok(Outcome {
                report,
                stopped: true,
            });
        }
    }
}

/// The text for one event, or `None` for events too small to print (ticks).
pub fn line(engine: &Engine, event: &Event) -> Option<String> {
    let blocks = &engine.timeline().blocks;
    let text = match event {
        Event::BlockStarted { index } => {
            let block = blocks.get(*index)?;
            return Some(format!(
                "{} {}",
                stamp(u64::from(block.start_secs)),
                block_line(block)
            ));
        }
        Event::Prompt { block, prompt } => {
            let b = blocks.get(*block)?;
            let p = b.step.as_ref()?.prompts.get(*prompt)?;
            let at = u64::from(b.start_secs + p.at);
            return Some(format!("{} Prompt: {}", stamp(at), clean(&p.text)));
        }
        Event::Cue {
            cue: Cue::Halfway,
            at,
            ..
        } => (at, "Halfway".to_string()),
        Event::Cue {
            cue: Cue::Done, at, ..
        } => (at, "Done".to_string()),
        Event::Cue { .. } | Event::BlockEnded { .. } | Event::Finished => return None,
    };
    let (at, words) = text;
    Some(format!("{} {words}", stamp(at.as_secs())))
}
