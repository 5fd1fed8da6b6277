//! limber: a terminal coach for self-massage and stretching.
//!
//! A functional core in an imperative shell:
//! - [`core`]: routines (load with positions, validate, hints), the timeline a
//!   routine expands into, the session engine and its cues. Pure: it never
//!   reads the clock, the terminal, the disk or the sound card.
//! - [`session`]: the one session runner both shells drive, what the runner
//!   hears (the guide) and the words limber uses (narration).
//! - [`ui`]: the shells: the full-screen UI (`tui`), `--plain`, and the input
//!   thread they wait on.
//! - [`store`]: what lives on disk: paths, safe file reading, settings, the
//!   history log and the journal that records a session into it.
//! - [`audio`]: the cue sounds, the player thread, speech, the stderr guard.
//! - [`cli`]: the command line, its commands and their exit codes.
//! - [`text`]: the one sanitiser and the text helpers every output uses.

pub mod audio;
pub mod cli;
pub mod core;
pub mod report;
pub mod session;
pub mod store;
pub mod text;
pub mod ui;
