//! What the shell and `man` know of limber: `limber completions SHELL` and
//! `limber man`, both generated from the one clap definition so they never
//! drift from the real flags.

use crate::cli::args::Cli;
use clap::CommandFactory;
use clap_complete::{Generator, Shell};
use clap_mangen::Man;
use std::io::{self, Write};

/// The completion script for `shell`.
pub fn completions(shell: Shell, out: &mut impl Write) -> io::Result<()> {
    // `clap_complete::generate` panics when the output goes away (`| head`):
    // the fallible generator after the same preparation does not.
    let mut command = Cli::command();
    command.set_bin_name("limber");
    command.build();
    shell.try_generate(&command, out)?;
    out.flush()
}

/// The man page (roff). One page holds every command with its options:
/// `clap_mangen`'s own layout points at a `limber-run(1)` page per command,
/// which nobody has installed.
pub fn man(out: &mut impl Write) -> io::Result<()> {
    let cli = Cli::command();
    let page = Man::new(cli.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    page.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("limber {}", sub.get_name());
        let sub = Man::new(sub.clone().bin_name(name));
        // Each command's synopsis is its heading; its description and
        // options follow under it rather than as sections of their own.
        out.write_all(&under_heading(&sub, Man::render_synopsis_section, ".SS")?)?;
        out.write_all(&under_heading(&sub, Man::render_description_section, "")?)?;
        out.write_all(&under_heading(&sub, Man::render_options_section, "")?)?;
    }
    page.render_extra_section(out)?;
    page.render_version_section(out)?;
    out.flush()
}

type Section = fn(&Man, &mut dyn Write) -> io::Result<()>;

/// A section of `page` with its `.SH` line made `heading` (dropped when empty)
/// and without the preamble every render repeats: a subcommand's section
/// becomes part of the one page.
fn under_heading(page: &Man, section: Section, heading: &str) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    section(page, &mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(".ie \\n(.g .ds Aq") && !l.starts_with(".el .ds Aq"))
        .collect();
    let out = match lines.split_first() {
        Some((first, rest)) if first.starts_with(".SH") && heading.is_empty() => rest.join("\n"),
        // The synopsis itself is the heading's text.
        Some((first, rest)) if first.starts_with(".SH") => format!("{heading} {}", rest.join(" ")),
        _ => lines.join("\n"),
    };
    Ok(format!("{out}\n").into_bytes())
}
