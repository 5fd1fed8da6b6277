//! `limber check PATH...` (SPEC section 4).

use crate::core::routine::Diagnostic;
use crate::core::routine::hints::hints;
use crate::store::library::is_routine_file;
use crate::store::library::load_path;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub invalid: usize,
    pub warnings: usize,
}

/// Checks every file and folder (recursively, `*.ron`), printing one line per
/// problem and the summary line to `out`. A reader that goes away early
/// (`limber check DIR | head -1`) stops the printing, not the checking: the
/// summary, and so the exit code, still covers every file.
pub fn run(paths: &[PathBuf], out: &mut impl Write) -> io::Result<Summary> {
    let mut out = UntilClosed { out, closed: false };
    let out = &mut out;
    let mut summary = Summary::default();
    for path in paths {
        for file in expand(path) {
            let shown = file.display().to_string();
            let problems = check_file(&file);
            summary.files += 1;
            if problems.iter().any(Diagnostic::is_error) {
                summary.invalid += 1;
            }
            summary.warnings += problems.iter().filter(|d| !d.is_error()).count();
            for p in &problems {
                writeln!(out, "{}", p.with_path(&shown))?;
            }
        }
    }
    // Always "files", as SPEC section 4 spells it, so scripts can match the line.
    writeln!(
        out,
        "{} files checked, {} invalid",
        summary.files, summary.invalid
    )?;
    Ok(summary)
}

/// A writer that swallows everything once its reader has gone (a broken pipe).
struct UntilClosed<'a, W: Write> {
    out: &'a mut W,
    closed: bool,
}

impl<W: Write> Write for UntilClosed<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.out.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.out.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// Errors of the file (a routine or a plan), or a routine's coach hints when it is valid.
pub fn check_file(path: &Path) -> Vec<Diagnostic> {
    if crate::store::plans::is_plan_file(path) {
        return crate::store::plans::check(path);
    }
    match load_path(path) {
        Ok(routine) => hints(&routine),
        Err(problems) => problems,
    }
}

/// A folder becomes its `*.ron` files, sorted; anything else stands for itself
/// (a missing path is then reported as a problem of that path).
fn expand(path: &Path) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_path_buf()];
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        // Not only regular files: a FIFO or device named `x.ron` is reported
        // as such rather than passed over in silence.
        .filter(|e| !e.file_type().is_dir() && is_routine_file(e.path()))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}
