//! What limber keeps and reads on disk. Every file limber reads goes through
//! [`file`], so no FIFO, device or endless file can hang it or fill its memory.

pub mod file;
