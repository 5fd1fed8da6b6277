//! `limber status` and `limber today` over a 100,000-session history (issue 12
//! targets: status within 3x of `limber --version`, it runs at every prompt;
//! today under 300 ms). Each run is the real binary, start-up included, with
//! two plans active: a 12-week one on its day 60 and an 8-week one.
//!
//! The history and plans live in `$CARGO_TARGET_TMPDIR/plans-bench/`, so the
//! commands can be timed by hand too:
//!
//! ```sh
//! cargo bench --bench plans
//! LIMBER_HOME=target/tmp/plans-bench LIMBER_NOW=2025-06-01T20:00:00+02:00 \
//!     target/release/limber status
//! ```

use chrono::{DateTime, Duration, FixedOffset};
use criterion::{Criterion, criterion_group, criterion_main};
use limber::core::engine::Report;
use limber::store::history::Record;
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::Command;

const SESSIONS: i64 = 100_000;
const NOW: &str = "2025-06-01T20:00:00+02:00";
const ROUTINES: [&str; 6] = [
    "plantar-stretch",
    "calf-stretch",
    "hamstring-stretch",
    "arch-roll",
    "pre-run",
    "calf-release",
];

/// 100,000 sessions, one every 131 minutes, the last an hour before `NOW`; a
/// tenth previews, a tenth stopped.
fn generate() -> PathBuf {
    let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plans-bench");
    fs::create_dir_all(&home).expect("bench folder");
    let now: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(NOW).expect("time");
    let mut out = BufWriter::new(fs::File::create(home.join("history.jsonl")).expect("log"));
    for i in (0..SESSIONS).rev() {
        let ended = now - Duration::hours(1) - Duration::minutes(i * 131);
        let routine = ROUTINES[usize::try_from(i).expect("fits") % ROUTINES.len()];
        let speed = if i % 10 == 3 { 10 } else { 1 };
        let mut r = Record::start(routine, routine, 300, speed, ended - Duration::minutes(5));
        r.finish(
            &Report {
                completed: i % 10 != 7,
                work_secs: 250,
                targets: BTreeMap::new(),
                skipped: Vec::new(),
            },
            ended,
        );
        writeln!(out, "{}", r.to_json_line()).expect("write");
    }
    out.flush().expect("flush");
    fs::write(
        home.join("plans.jsonl"),
        "{\"event\":\"start\",\"plan\":\"runner-maintenance\",\"on\":\"2025-04-03\",\"at\":\"2025-04-03T07:00:00+02:00\"}\n\
         {\"event\":\"start\",\"plan\":\"marathon-recovery\",\"on\":\"2025-05-26\",\"at\":\"2025-05-26T07:00:00+02:00\"}\n",
    )
    .expect("plans");
    home
}

fn limber(home: &PathBuf, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_limber"));
    cmd.args(args)
        .env("LIMBER_HOME", home)
        .env("LIMBER_NOW", NOW)
        .env("TZ", "CET-1CEST,M3.5.0,M10.5.0/3");
    cmd
}

fn commands(c: &mut Criterion) {
    let home = generate();
    let status = limber(&home, &["status"]).output().expect("status");
    eprintln!(
        "plans bench: status says {:?}",
        String::from_utf8_lossy(&status.stdout).trim_end()
    );
    let mut group = c.benchmark_group("plans_100k");
    group.sample_size(20);
    for args in [
        &["--version"][..],
        &["status"],
        &["today"],
        &["today", "--json"],
    ] {
        group.bench_function(args.join(" "), |b| {
            b.iter(|| {
                let out = limber(&home, args).output().expect("run");
                assert!(out.status.success());
            });
        });
    }
    group.finish();
}

criterion_group!(benches, commands);
criterion_main!(benches);
