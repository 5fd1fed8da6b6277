//! Routines: the file format, parsing with precise errors, validation and
//! coach hints. Pure: reading files and folders is `store::library`'s.

pub mod diagnostic;
pub mod hints;
pub mod language;
pub mod load;
pub mod locate;
pub mod model;
pub mod source;
pub mod suggest;
pub mod text_rules;
pub mod validate;

pub use diagnostic::{Diagnostic, Position, Severity};
pub use model::{
    Dose, GroupItem, Item, Kind, Prompt, Repeat, Rest, Routine, SideSpec, Step, Target, Tempo, When,
};
