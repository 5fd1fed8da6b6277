//! Plans across weeks (SPEC section 8): the file format, loading with precise
//! errors and validation, the events a runner's plans leave, and the state of
//! a plan worked out from those and the history. Pure: reading and writing
//! files is `store::plans`'.

pub mod ahead;
pub mod events;
pub mod load;
pub mod model;
pub mod schedule;
pub mod state;
pub mod validate;
pub mod words;

pub use model::{Advance, Days, Phase, Plan, Prescription, Weekday};
