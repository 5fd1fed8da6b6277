//! `limber show ROUTINE --full`: the routine as a runner reads it, every step
//! with its instructions, prompts, tool, sides, sets and times; `--format md`
//! the same as Markdown, to print or send. Built once as a list of parts, then
//! written as plain text or Markdown, so both always say the same.

use crate::core::routine::model::{Dose, GroupItem, When};
use crate::core::routine::{Item, Rest, Routine, SideSpec, Step, Target};
use crate::core::timeline::{Pace, Timeline};
use crate::session::narrate::pace_words;
use crate::text::{clean, clock, duration, md_escape as md};
use std::fmt::Write as _;
use std::io::{self, Write};

/// How `--full` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text, for the terminal.
    Text,
    /// Markdown, to print or send.
    Md,
}

/// One part of the guide, before it is given a format.
enum Part {
    Title(String),
    Para(String),
    Caution(String),
    /// A paragraph that belongs to the step or rest above it.
    Note(String),
    /// A numbered step or rest: its heading and what describes it in one line.
    Heading(String, String),
    Fact(&'static str, String),
    /// The instructions, in order.
    Numbered(Vec<String>),
    /// The prompts: (when, what).
    Prompts(Vec<(String, String)>),
}

pub fn write(
    id: &str,
    routine: &Routine,
    timeline: &Timeline,
    format: Format,
    out: &mut impl Write,
) -> io::Result<()> {
    let parts = parts(id, routine, timeline);
    match format {
        Format::Text => text(&parts, out),
        Format::Md => markdown(&parts, out),
    }
}

fn parts(id: &str, routine: &Routine, timeline: &Timeline) -> Vec<Part> {
    let mut parts = vec![Part::Title(clean(&routine.title).into_owned())];
    if let Some(summary) = &routine.summary {
        parts.push(Part::Para(clean(summary).into_owned()));
    }
    let mut about = vec![format!(
        "{} in all, {} of it work",
        duration(u64::from(timeline.planned_secs)),
        duration(u64::from(timeline.work_secs()))
    )];
    let targets: Vec<&str> = routine.targets().into_iter().map(Target::label).collect();
    about.push(format!("for the {}", join(&targets)));
    let tools: Vec<String> = routine
        .tools()
        .into_iter()
        .map(|t| clean(t).into_owned())
        .collect();
    if !tools.is_empty() {
        about.push(format!("tools: {}", join(&tools)));
    }
    match routine.when() {
        When::PreRun => about.push("before a run".to_string()),
        When::PostRun => about.push("after a run".to_string()),
        When::Anytime => {}
    }
    if let Some(language) = &routine.language {
        about.push(format!("language {}", clean(language)));
    }
    if let Some(author) = &routine.author {
        about.push(format!("by {}", clean(author)));
    }
    about.push(format!("routine id {}", clean(id)));
    parts.push(Part::Para(sentence(&about.join("; "))));
    if let Some(caution) = &routine.caution {
        parts.push(Part::Caution(clean(caution).into_owned()));
    }
    for (n, item) in routine.steps.iter().enumerate() {
        let number = (n + 1).to_string();
        match item {
            Item::Step(step) => step_parts(&number, step, routine.transition, &mut parts),
            Item::Rest(rest) => rest_parts(&number, rest, &mut parts),
            Item::Repeat(repeat) => {
                let mut what = format!("{} rounds of what follows", repeat.times);
                if repeat.rest > 0 {
                    let _ = write!(
                        what,
                        ", {} rest between rounds",
                        duration(u64::from(repeat.rest))
                    );
                }
                parts.push(Part::Heading(format!("{number}. Repeat"), what));
                for (m, inner) in repeat.steps.iter().enumerate() {
                    let number = format!("{number}.{}", m + 1);
                    match inner {
                        GroupItem::Step(step) => {
                            step_parts(&number, step, routine.transition, &mut parts);
                        }
                        GroupItem::Rest(rest) => rest_parts(&number, rest, &mut parts),
                    }
                }
            }
        }
    }
    parts
}

fn rest_parts(number: &str, rest: &Rest, parts: &mut Vec<Part>) {
    parts.push(Part::Heading(
        format!("{number}. Rest"),
        duration(u64::from(rest.seconds)),
    ));
    if let Some(note) = &rest.note {
        parts.push(Part::Note(clean(note).into_owned()));
    }
}

/// `30 s`, or `12 reps: 3 s up, 2 s hold, 3 s down (1 min 36 s)`.
fn dose(step: &Step) -> String {
    match step.dose() {
        Dose::Timed { secs } => duration(u64::from(secs)),
        Dose::Paced { reps, tempo } => format!(
            "{} ({})",
            pace_words(Pace { reps, tempo }),
            duration(u64::from(step.work_secs()))
        ),
    }
}

fn step_parts(number: &str, step: &Step, transition: u32, parts: &mut Vec<Part>) {
    let mut what = vec![
        step.kind.label().to_string(),
        step.target.label().to_string(),
        sides(step.side).to_string(),
    ];
    let hold = dose(step);
    what.push(match (step.sets, step.side) {
        (1, SideSpec::Each) => format!("{hold} per side"),
        (1, _) => hold,
        (sets, SideSpec::Each) => format!("{sets} sets of {hold} per side"),
        (sets, _) => format!("{sets} sets of {hold}"),
    });
    if step.sets > 1 && step.rest > 0 {
        what.push(format!(
            "{} rest between sets",
            duration(u64::from(step.rest))
        ));
    }
    parts.push(Part::Heading(
        format!("{number}. {}", clean(&step.name)),
        crate::text::capitalize(&what.join(", ")),
    ));
    if let Some(tool) = &step.tool {
        parts.push(Part::Fact("Tool", clean(tool).into_owned()));
    }
    let transition = step.transition_or(transition);
    if transition > 0 {
        parts.push(Part::Fact(
            "Get ready",
            format!("{} before each block", duration(u64::from(transition))),
        ));
    }
    if !step.instructions.is_empty() {
        parts.push(Part::Numbered(
            step.instructions
                .iter()
                .map(|l| clean(l).into_owned())
                .collect(),
        ));
    }
    if !step.prompts.is_empty() {
        parts.push(Part::Prompts(
            step.prompts
                .iter()
                .map(|p| (clock(u64::from(p.at)), clean(&p.text).into_owned()))
                .collect(),
        ));
    }
}

fn sides(side: SideSpec) -> &'static str {
    match side {
        SideSpec::Both => "both sides at once",
        SideSpec::Left => "left side",
        SideSpec::Right => "right side",
        SideSpec::Each => "each side, left then right",
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[impl AsRef<str>]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

fn sentence(text: &str) -> String {
    let mut s = crate::text::capitalize(text);
    s.push('.');
    s
}

fn text(parts: &[Part], out: &mut impl Write) -> io::Result<()> {
    for part in parts {
        match part {
            Part::Title(title) => {
                writeln!(out, "{title}")?;
                writeln!(out, "{}", "=".repeat(title.chars().count().min(80)))?;
            }
            Part::Para(text) => writeln!(out, "{text}")?,
            Part::Caution(text) => writeln!(out, "Caution: {text}")?,
            Part::Note(text) => writeln!(out, "   {text}")?,
            Part::Heading(heading, what) => {
                writeln!(out)?;
                writeln!(out, "{heading}")?;
                writeln!(out, "   {what}")?;
            }
            Part::Fact(name, value) => writeln!(out, "   {name}: {value}")?,
            Part::Numbered(lines) => {
                for (n, line) in lines.iter().enumerate() {
                    writeln!(out, "   {}. {line}", n + 1)?;
                }
            }
            Part::Prompts(prompts) => {
                writeln!(out, "   Prompts (time into each block):")?;
                for (at, what) in prompts {
                    writeln!(out, "   {at:>7}  {what}")?;
                }
            }
        }
    }
    Ok(())
}

fn markdown(parts: &[Part], out: &mut impl Write) -> io::Result<()> {
    for part in parts {
        match part {
            Part::Title(title) => writeln!(out, "# {}\n", md(title))?,
            Part::Para(text) | Part::Note(text) => writeln!(out, "{}\n", md(text))?,
            Part::Caution(text) => writeln!(out, "> **Caution:** {}\n", md(text))?,
            Part::Heading(heading, what) => {
                writeln!(out, "## {}\n", md(heading))?;
                writeln!(out, "*{}*\n", md(what))?;
            }
            Part::Fact(name, value) => writeln!(out, "**{name}:** {}\n", md(value))?,
            Part::Numbered(lines) => {
                for (n, line) in lines.iter().enumerate() {
                    writeln!(out, "{}. {}", n + 1, md(line))?;
                }
                writeln!(out)?;
            }
            Part::Prompts(prompts) => {
                writeln!(out, "Prompts (time into each block):\n")?;
                for (at, what) in prompts {
                    writeln!(out, "- **{at}** {}", md(what))?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_english() {
        assert_eq!(join(&["calves"]), "calves");
        assert_eq!(join(&["calves", "shins"]), "calves and shins");
        assert_eq!(join(&["a", "b", "c"]), "a, b and c");
    }
}
