//! `--plain`: one line per event with the elapsed time, no escape codes. For
//! screen readers, pipes and logs. Ctrl-C, SIGTERM and SIGHUP end it as
//! stopped; Ctrl-Z pauses it while it is stopped. An adapter over the
//! [`Runner`]: it prints, the runner decides.

use crate::core::engine::Event;
use crate::core::timeline::BlockKind;
use crate::session::narrate::{block_line, first_of_step, next_line, rep_line, stamp, step_guide};
use crate::session::runner::{Ports, Reply, Runner, carry_out};
use crate::text::{clean, duration};
use crate::ui::input::{Input, InputSource};
use std::io::{self, Write};
use std::rc::Rc;

/// How the session ended.
pub struct Outcome {
    pub stopped: bool,
}

/// Runs `runner`'s session to its end (or a signal), printing to `out`. The
/// caller completes the record (the rating after) once this returns.
pub fn run(
    runner: &mut Runner,
    first: &[Event],
    inputs: &mut dyn InputSource,
    ports: &mut Ports<'_>,
    out: &mut impl Write,
) -> io::Result<Outcome> {
    let result = drive(runner, first, inputs, ports, out);
    if result.is_err() && !runner.is_over() {
        // The output went away (a closed pipe): the session ends there, stopped.
        runner.stop(inputs.now());
        carry_out(runner.take(), ports);
    }
    result
}

fn drive(
    runner: &mut Runner,
    first: &[Event],
    inputs: &mut dyn InputSource,
    ports: &mut Ports<'_>,
    out: &mut impl Write,
) -> io::Result<Outcome> {
    let prepared = Rc::clone(runner.prepared());
    let routine = &prepared.routine;
    let planned = u64::from(prepared.timeline.planned_secs);
    writeln!(
        out,
        "{} Start: {} ({})",
        stamp(0),
        clean(&routine.title),
        duration(planned)
    )?;
    if let Some(summary) = &routine.summary {
        writeln!(out, "{} About: {}", stamp(0), clean(summary))?;
    }
    if let Some(caution) = &routine.caution {
        writeln!(out, "{} Caution: {}", stamp(0), clean(caution))?;
    }
    let mut events = first.to_vec();
    loop {
        // Sounds and the record first: once a line says a block began, the
        // one before is saved.
        for reply in carry_out(runner.take(), ports) {
            match reply {
                Reply::Trouble(trouble) => writeln!(out, "{} {}", stamp(0), trouble.message())?,
                Reply::Voice(missing) => writeln!(out, "{} {}", stamp(0), missing.message())?,
                Reply::Saved(_) => {}
            }
        }
        for event in &events {
            for line in lines(runner, event) {
                writeln!(out, "{line}")?;
            }
            out.flush()?;
        }
        if runner.is_over() {
            return Ok(Outcome {
                stopped: runner.was_stopped(),
            });
        }
        let deadline = runner.engine().next_deadline(inputs.now());
        events = match inputs.next(deadline) {
            Some(Input::Audio(status)) => {
                let at = runner.engine().elapsed(inputs.now()).as_secs();
                writeln!(
                    out,
                    "{} {}",
                    stamp(at),
                    crate::text::capitalize(&status.label())
                )?;
                Vec::new()
            }
            Some(Input::Signal(_)) => {
                let now = inputs.now();
                let events = runner.stop(now);
                carry_out(runner.take(), ports);
                for event in &events {
                    for line in lines(runner, event) {
                        writeln!(out, "{line}")?;
                    }
                }
                let at = runner.engine().elapsed(now).as_secs();
                writeln!(out, "{} Stopped", stamp(at))?;
                out.flush()?;
                return Ok(Outcome { stopped: true });
            }
            Some(Input::Suspend) => {
                // Stopped time is not session time. There are no keys to
                // resume with here, so `fg` resumes.
                let mut events = runner.pause(inputs.now());
                let at = runner.engine().elapsed(inputs.now()).as_secs();
                writeln!(out, "{} Paused: suspended (fg resumes)", stamp(at))?;
                out.flush()?;
                inputs.stop_self();
                events.extend(runner.resume(inputs.now()));
                writeln!(out, "{} Resumed", stamp(at))?;
                out.flush()?;
                events
            }
            Some(Input::Key(_) | Input::Resize | Input::Continued) => Vec::new(),
            None => runner.advance(inputs.now()),
        };
    }
}

/// Every line for one event: a block's start also says how to do its step
/// the first time the step comes (the screen's instructions, for those who
/// cannot see it), and a rest what comes after it.
pub fn lines(runner: &Runner, event: &Event) -> Vec<String> {
    let Some(first) = line(runner, event) else {
        return Vec::new();
    };
    let mut out = vec![first];
    if let Event::BlockStarted { index } = event {
        let timeline = runner.timeline();
        if let Some(block) = timeline.blocks.get(*index) {
            let at = stamp(u64::from(block.start_secs));
            if first_of_step(timeline, *index) {
                out.extend(step_guide(block).into_iter().map(|l| format!("{at} {l}")));
            }
            if block.kind == BlockKind::Rest {
                out.push(format!("{at} Next: {}", next_line(timeline, *index)));
            }
        }
    }
    out
}

/// The text for one event, or `None` for events too small to print (ticks).
fn line(runner: &Runner, event: &Event) -> Option<String> {
    use crate::core::cue::Cue;
    let blocks = &runner.timeline().blocks;
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
        Event::Repetition { block, rep, of } => {
            let b = blocks.get(*block)?;
            let period = b.pace?.tempo.period();
            let at = b.start_secs + rep.saturating_sub(1) * period;
            return Some(format!("{} {}", stamp(u64::from(at)), rep_line(*rep, *of)));
        }
        Event::Cue { .. } | Event::BlockEnded { .. } | Event::Finished => return None,
    };
    let (at, words) = text;
    Some(format!("{} {words}", stamp(at.as_secs())))
}
