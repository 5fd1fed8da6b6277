//! What limber writes for others to read: the calendar of a plan's sessions
//! (`limber plan ics`) and the report a runner sends their coach
//! (`limber report`). Pure: given what to say and the time it is, they return
//! text; the commands write it.
//!
//! The report is two layers: [`data`] works out every number ([`data::ReportData`]),
//! [`markdown`] and [`html`] only format it ([`svg`] draws the HTML's charts).

pub mod data;
pub mod html;
pub mod ics;
pub mod markdown;
pub mod plan;
pub mod svg;
mod words;
