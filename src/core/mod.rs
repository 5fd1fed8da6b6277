//! The pure core: routines, timelines, the session engine and its cues. Time,
//! files and sound come in as arguments; nothing here does I/O.

pub mod cue;
pub mod engine;
pub mod plan;
pub mod routine;
pub mod spans;
pub mod timeline;
