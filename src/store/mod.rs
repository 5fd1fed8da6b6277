//! What limber keeps and reads on disk. [`paths`] is the only module that knows
//! file names; every file limber reads goes through [`file`], so no FIFO,
//! device or endless file can hang it or fill its memory.

pub mod file;
pub mod history;
pub mod journal;
pub mod library;
pub mod paths;
pub mod plans;
pub mod settings;
