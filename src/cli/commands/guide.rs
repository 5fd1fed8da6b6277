//! `limber show ROUTINE --full`: the routine as a runner reads it, every step
//! with its instructions, prompts, tool, sides, sets and times; `--format md`
//! the same as Markdown, to print or send. Built once as a list of parts, then
//! written as plain text or Markdown, so both always say the same.

use crate::core::routine::{Item, Routine, SideSpec, Step, Target};
use crate::core::timeline::Timeline;
use crate::text::{clean, clock, duration, md_escape as md};
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
    if let Some(author) = &routine.author {
        about.push(format!("by {}", clean(author)));
    }
    about.push(format!("routine id {}", clean(id)));
    parts.push(Part::Para(sentence(&about.join("; "))));
    if let Some(caution) = &routine.caution {
        parts.push(Part::Caution(clean(caution).into_owned()));
    }
    for (n, item) in routine.steps.iter().enumerate() {
        let number = n + 1;
        match item {
            Item::Step(step) => step_parts(number, step, routine.transition, &mut parts),
            Item::Rest(rest) => {
                parts.push(Part::Heading(
                    format!("{number}. Rest"),
                    duration(u64::from(rest.seconds)),
                ));
                if let Some(note) = &rest.note {
                    parts.push(Part::Note(clean(note).into_owned()));
                }
            }
        }
    }
    parts
}

fn step_parts(number: usize, step: &Step, transition: u32, parts: &mut Vec<Part>) {
    let mut what = vec![
        step.kind.label().to_string(),
        step.target.label().to_string(),
        sides(step.side).to_string(),
    ];
    let hold = duration(u64::from(step.seconds));
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
