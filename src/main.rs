use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match limber::cli::args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    match limber::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let message = e.to_string();
            if !message.is_empty() {
                eprintln!("limber: {}", limber::text::clean_lines(&message));
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// clap's help, version and usage errors, with any argument it echoes made safe
/// to print (`limber run --speed $'\e[2J'` must not clear the screen).
fn clap_exit(e: &clap::Error) -> ExitCode {
    // clap strips escape sequences from what it echoes, so the message would
    // name something other than what was typed: parse the arguments again
    // with their unsafe characters shown escaped, for the message only.
    let shown: Vec<String> = std::env::args_os()
        .map(|a| limber::text::clean(&a.to_string_lossy()).into_owned())
        .collect();
    let again = limber::cli::args::Cli::try_parse_from(shown)
        .err()
        .filter(|again| again.kind() == e.kind());
    let e = again.as_ref().unwrap_or(e);
    let text = limber::text::clean_lines(&e.render().to_string()).into_owned();
    let written = if e.use_stderr() {
        std::io::stderr().write_all(text.as_bytes())
    } else {
        std::io::stdout().write_all(text.as_bytes())
    };
    // A closed pipe (`limber --help | head -1`) is not a failure.
    drop(written);
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}
