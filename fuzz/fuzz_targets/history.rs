//! The history reader on arbitrary bytes as `history.jsonl`: every line is a
//! record or a warning, never a panic, a hang or an error (the file is a plain
//! regular file); the records then go through the stats, the summary, `--json`
//! and `--csv`, whose output never holds a character the product itself calls
//! unsafe for a terminal (`limber::text::is_unsafe`).
#![no_main]

use chrono::{DateTime, FixedOffset};
use libfuzzer_sys::fuzz_target;
use limber::cli::commands::history::{self as command, Format, Options};
use limber::store::history::{self, Stats, summary};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One data folder per fuzzing process, made once: the log is rewritten in
/// place for every input.
fn home() -> &'static Path {
    static HOME: OnceLock<PathBuf> = OnceLock::new();
    HOME.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("limber-fuzz-history-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp data folder");
        dir
    })
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-03-16T09:30:00+01:00").expect("valid time")
}

fn assert_clean(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    if let Some(c) = text
        .chars()
        .find(|&c| c != '\n' && limber::text::is_unsafe(c))
    {
        panic!("{what} holds {c:?}: {text:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let home = home();
    std::fs::write(limber::store::paths::history_file(home), data).expect("write the log");
    let (records, warnings) = history::read(home).expect("a regular file always reads");
    let lines = data.split(|&b| b == b'\n').count();
    assert!(records.len() + warnings.len() <= lines);

    let now = now();
    let stats = Stats::of(&records, &now);
    let mut out = Vec::new();
    summary::write(&stats, &mut out).expect("writing to memory");
    assert_clean("the summary", &out);

    for format in [Format::Summary, Format::Json, Format::Csv] {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let opts = Options {
            format,
            since: None,
        };
        command::run(home, opts, &now, &mut out, &mut err).expect("history runs");
        assert_clean("history's output", &out);
        assert_clean("history's warnings", &err);
        if format == Format::Json {
            let parsed: serde_json::Value =
                serde_json::from_slice(&out).expect("--json is valid JSON");
            assert_eq!(parsed.as_array().map(Vec::len), Some(records.len()));
        }
    }
});
