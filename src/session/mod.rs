//! A guided session: the runner both shells drive, the guide (what the runner
//! hears) and the narration (the words, shared by screen, `--plain` and voice).

pub mod effects;
pub mod guide;
pub mod narrate;
pub mod runner;
