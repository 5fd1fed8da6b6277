//! `limber check PATH...` (SPEC section 4).

use crate::routine::Diagnostic;
use crate::routine::hints::hints;
use crate::routine::library::is_routine_file;
use crate::routine::load::load_path;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub invalid: usize,
    pub warnings: usize,
}

/// Checks every file and folder (recursively, `*.ron`), printing one line per
/// problem and the summary line to `out`.
pub fn run(paths: &[PathBuf], out: &mut impl Write) -> io::Result<Summary> {
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

/// Errors of the file, or its coach hints when it is valid.
pub fn check_file(path: &Path) -> Vec<Diagnostic> {
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
        .filter(|e| e.file_type().is_file() && is_routine_file(e.path()))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}
