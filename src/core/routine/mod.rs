//! Routines: the file format, parsing with precise errors, validation and
//! coach hints. Pure: reading files and folders is `store::library`'s.

pub mod diagnostic;
pub mod hints;
pub mod load;
pub mod locate;
pub mod model;
pub mod source;
pub mod suggest;
pub mod text_rules;
pub mod validate;

pub use diagnostic::{Diagnostic, Position, Severity};
pub use model::{Item, Kind, Prompt, Rest, Routine, SideSpec, Step, Target};
