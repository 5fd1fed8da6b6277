//! limber: a terminal coach for self-massage and stretching.
//!
//! The core (routine loading, timelines, the session engine) is pure: it never
//! reads the clock, the terminal or the disk. The shell around it (`app`, `tui`,
//! `plain`) waits for keys and deadlines and carries out effects.

pub mod audio;
pub mod cli;
pub mod commands;
pub mod cue;
pub mod dispatch;
pub mod error;
pub mod guidance;
pub mod guided;
pub mod history;
pub mod input;
pub mod narrate;
pub mod paths;
pub mod plain;
pub mod recording;
pub mod routine;
pub mod runner;
pub mod session;
pub mod settings;
pub mod store;
pub mod text;
pub mod timeline;
pub mod tui;
