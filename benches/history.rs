//! `limber history` over a long log (issue 5 targets: 100,000 sessions read and
//! summed in under 300 ms, under 50 MB of peak memory), and the history screen
//! over the same log (a frame in under 5 ms).
//!
//! Writes the generated log to `$CARGO_TARGET_TMPDIR/history-bench/history.jsonl`
//! and leaves it there, so peak memory can be measured on the release binary:
//!
//! ```sh
//! cargo bench --bench history
//! LIMBER_HOME=target/tmp/history-bench /usr/bin/time -v target/release/limber history
//! ```

use chrono::{DateTime, Duration, FixedOffset};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use limber::cli::commands::history::{Format, Options, run};
use limber::core::engine::Report;
use limber::core::routine::Target;
use limber::store::history::{Record, Stats};
use limber::ui::tui::history::HistoryScreen;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::BTreeMap;
use std::fs;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const SESSIONS: usize = 100_000;

const ROUTINES: [(&str, &str); 6] = [
    ("calf-release", "Calf release after a long run"),
    ("hamstring-flow", "Hamstring flow"),
    ("plantar-care", "Plantar fascia care"),
    ("hip-opener", "Hips, \"open\" & easy"),
    ("it-band", "IT band and glutes"),
    ("morning-reset", "Morning reset for tired legs"),
];

/// A deterministic log of `SESSIONS` sessions, one every 2 hours or so (2000 to
/// 2024), with skips, ratings, previews, stopped and interrupted sessions mixed in.
fn generate() -> PathBuf {
    let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("history-bench");
    fs::create_dir_all(&home).expect("bench folder");
    let path = home.join("history.jsonl");
    let mut out = BufWriter::new(fs::File::create(&path).expect("log"));
    let start: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2000-01-01T07:00:00+01:00").expect("valid time");
    for i in 0..SESSIONS {
        let (id, title) = ROUTINES[i % ROUTINES.len()];
        let started = start + Duration::minutes(i64::try_from(i * 131).expect("fits"));
        let speed = if i % 20 == 7 { 10 } else { 1 };
        let mut r = Record::start(id, title, 600, speed, started);
        let work = 200 + u32::try_from(i % 400).expect("fits");
        let targets: BTreeMap<Target, u32> = (0..=i % 3)
            .map(|k| (Target::ALL[(i + k * 4) % Target::ALL.len()], work / 3))
            .collect();
        let report = Report {
            completed: i % 9 != 0,
            work_secs: work,
            targets,
            skipped: if i % 5 == 0 {
                vec!["Wall calf stretch".into()]
            } else {
                Vec::new()
            },
        };
        if i % 13 == 0 {
            r.progress(&report, started + Duration::seconds(i64::from(work)));
        } else {
            r.finish(&report, started + Duration::seconds(i64::from(work)));
        }
        if i % 2 == 0 {
            r.rate_before(u8::try_from(i % 11).expect("fits"));
            r.rate_after(u8::try_from(i % 7).expect("fits"));
        }
        writeln!(out, "{}", r.to_json_line()).expect("write");
    }
    out.flush().expect("flush");
    eprintln!(
        "history bench: {SESSIONS} sessions, {} bytes, in {}",
        fs::metadata(&path).expect("log").len(),
        home.display()
    );
    home
}

fn history(c: &mut Criterion) {
    let home = generate();
    let now = DateTime::parse_from_rfc3339("2024-12-09T20:00:00+01:00").expect("valid time");
    let mut group = c.benchmark_group("history_100k");
    group.sample_size(10);
    for (name, format) in [
        ("summary", Format::Summary),
        ("json", Format::Json),
        ("csv", Format::Csv),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let opts = Options {
                    format,
                    since: None,
                    width: None,
                };
                run(
                    &home,
                    opts,
                    &now,
                    &mut std::io::sink(),
                    &mut std::io::sink(),
                )
                .expect("history");
            });
        });
    }
    group.finish();
    // The stats alone, over records already in memory (what the history screen does).
    let (records, _) = limber::store::history::read(&home).expect("read");
    c.bench_function("stats_100k_in_memory", |b| {
        b.iter(|| black_box(Stats::of(&records, &now).streak()));
    });
}

/// The history screen over the same 100,000 sessions (issue 5 target: a frame in
/// under 5 ms). Building the screen (`HistoryScreen::new`, once when it opens) is
/// measured apart from drawing a frame, which is all a key press or a resize costs.
fn history_screen(c: &mut Criterion) {
    let home = generate();
    let (records, warnings) = limber::store::history::read(&home).expect("read");
    // An hour after the last session, so the heat map and the charts are full.
    let now = records.iter().map(|r| r.started).max().expect("sessions") + Duration::hours(1);
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    let mut group = c.benchmark_group("history_screen_100k");
    group.sample_size(10);
    group.bench_function("new", |b| {
        b.iter_batched(
            || records.clone(),
            |records| black_box(HistoryScreen::new(records, warnings.clone(), &now)),
            BatchSize::LargeInput,
        );
    });
    group.finish();
    let screen = HistoryScreen::new(records, warnings, &now);
    for (w, h) in [(120, 40), (80, 24)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        c.bench_function(&format!("history_screen_100k render {w}x{h}"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| black_box(&screen).render(f, f.area()))
                    .expect("draw");
            });
        });
    }
}

criterion_group!(benches, history, history_screen);
criterion_main!(benches);
