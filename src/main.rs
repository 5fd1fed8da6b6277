use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = limber::cli::Cli::parse();
    match limber::dispatch::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let message = e.to_string();
            if !message.is_empty() {
                eprintln!("limber: {message}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
