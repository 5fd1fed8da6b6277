//! What limber writes for others to read: the calendar of a plan's sessions
//! (`limber plan ics`) and the report a runner sends their coach
//! (`limber report`). Pure: given what to say and the time it is, they return
//! text; the commands write it.

pub mod ics;
