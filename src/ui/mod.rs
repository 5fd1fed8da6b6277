//! The shells over the session runner: the full-screen UI, `--plain`, and the
//! input thread (keys, signals, audio news) both wait on.

pub mod input;
pub mod plain;
pub mod tui;
