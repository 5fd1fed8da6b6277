//! Routines: the file format, loading with precise errors, validation, coach
//! hints, and the library of bundled and user routines.

pub mod diagnostic;
pub mod hints;
pub mod library;
pub mod load;
pub mod locate;
pub mod model;
pub mod source;
pub mod suggest;
pub mod text_rules;
pub mod validate;

pub use diagnostic::{Diagnostic, Position, Severity};
pub use library::{Entry, Library, Source};
pub use model::{Item, Kind, Prompt, Rest, Routine, SideSpec, Step, Target};
