//! Every integration test of limber, in one test binary.
//!
//! Each file here was once a test binary of its own, and each linked the whole
//! app: one binary links it once. Run one module with
//! `cargo test --test it history_screen::` (a test runs when its path
//! holds the text given).
//!
//! What more than one module needs (the binary run with a timeout and a
//! temporary `LIMBER_HOME`, a program followed line by line, the fixtures,
//! terminal safety) is in [`support`]: a new test uses it, and any run of a
//! program gets a deadline there. Snapshots are in `snapshots/`, named
//! `it__<module>__<name>.snap`.

mod support;

mod audio_capture;
mod check_fixtures;
mod cli;
mod coach_tools;
mod crash_safety;
mod cue_player;
mod e2e_tmux;
mod engine;
mod engine_props;
mod history;
mod history_cli;
mod history_screen;
mod hostile;
mod plans;
mod report_cli;
mod runner_text;
mod shell;
mod sound_files;
mod sounds;
mod timeline_props;
mod today_screen;
mod tui_paced;
mod tui_snapshots;
mod voice_language;
