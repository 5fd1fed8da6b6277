//! The errors a command ends with, and their exit codes (SPEC section 3).

use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    /// The work failed: an invalid routine, a routine not found (exit 1).
    #[error("{0}")]
    Failed(String),
    /// The work failed and its problems were already printed (exit 1).
    #[error("")]
    Reported,
    /// Bad usage (exit 2).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Failed(_) | Error::Reported => 1,
            Error::Usage(_) => 2,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
