//! How long `limber check` takes over 1,000 routine files, and how long startup
//! takes to load the library (bundled routines plus 1,000 user routines).
//!
//! Targets (release build, the project's 2-core machine): check under 300 ms,
//! library load under 30 ms; check of 1,000 v2 files (paced steps, per-step
//! transitions, Repeat groups, `when`, `language`) under 100 ms (issue 11).
//! Run with `cargo bench --bench library`.

use criterion::{Criterion, criterion_group, criterion_main};
use limber::cli::commands::check;
use limber::store::library::Library;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

const FILES: usize = 1000;

/// A small deterministic generator (xorshift), so every run benches the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + u32::try_from(self.next() % u64::from(hi - lo + 1)).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const TITLES: &[&str] = &[
    "Calf release after a long run",
    "Hamstring reset for desk days",
    "Plantar fascia care before your first steps",
    "Lower-leg flush after intervals",
    "Gentle hip and hamstring mobility",
    "Achilles and calf loading day recovery",
    "Quick shin and foot check-in",
    "Easy-day full lower-leg stretch",
    "Glute and IT band roll-out",
    "Post-race recovery, part one",
];

const SUMMARIES: &[&str] = &[
    "Roll, then stretch both calves.",
    "Slow rolling first, then long, easy holds on each side.",
    "A short routine for stiff mornings; do it before getting out of bed.",
    "Ten minutes that leave the legs lighter after a hard session.",
    "Dynamic moves only: keep the holds short and the breathing easy.",
];

const AUTHORS: &[&str] = &["A. Coach", "limber", "Sam Ortiz", "Coach Jo", "R. Nakamura"];

const CAUTIONS: &[&str] = &[
    "Skip rolling over a fresh strain, bruise or swelling.",
    "Stretch to mild tension, never pain; stop if you feel tingling or numbness.",
    "If heel pain is sharp or lasts all day, see a physiotherapist first.",
];

/// (name, kind, target, tool)
const STEPS: &[(&str, &str, &str, Option<&str>)] = &[
    ("Foam roll calf", "Massage", "Calves", Some("foam roller")),
    (
        "Wall calf stretch, straight knee",
        "Stretch",
        "Calves",
        None,
    ),
    (
        "Wall soleus stretch, bent knee",
        "Stretch",
        "Achilles",
        None,
    ),
    (
        "Roll the arch over a ball",
        "Massage",
        "PlantarFascia",
        Some("massage ball"),
    ),
    (
        "Toes pulled back, plantar fascia stretch",
        "Stretch",
        "PlantarFascia",
        None,
    ),
    (
        "Supine hamstring stretch with a strap",
        "Stretch",
        "Hamstrings",
        Some("strap"),
    ),
    (
        "Roll the hamstrings",
        "Massage",
        "Hamstrings",
        Some("foam roller"),
    ),
    ("Leg swings, front to back", "Mobility", "Hamstrings", None),
    ("Ankle circles", "Mobility", "Achilles", None),
    (
        "Half-kneeling hip flexor stretch",
        "Stretch",
        "HipFlexors",
        Some("mat"),
    ),
    (
        "Roll the outer thigh",
        "Massage",
        "ItBand",
        Some("foam roller"),
    ),
    ("Figure-four glute stretch", "Stretch", "Glutes", None),
    (
        "Shin roll, kneeling",
        "Massage",
        "Shins",
        Some("foam roller"),
    ),
    ("Couch stretch for the quads", "Stretch", "Quads", None),
];

const INSTRUCTIONS: &[&str] = &[
    "Sit with the roller under one calf, other leg crossed on top.",
    "Roll slowly from ankle to below the knee; pause on tender spots.",
    "Hands on the wall, back leg straight, heel down, hips square.",
    "Lean in until you feel a gentle pull in the upper calf; breathe out slowly.",
    "Bend the back knee a little and keep the heel down to reach the soleus.",
    "Cross the foot over the other knee and pull the toes back toward the shin.",
    "Keep the pressure moderate: a 6 out of 10 at most, never sharp pain.",
    "Lie on your back and loop the strap around the ball of the foot.",
    "Keep the knee straight and raise the leg until you feel the back of the thigh.",
    "Swing the leg forward and back, relaxed, letting the range grow each time.",
    "Stand tall, tuck the pelvis and shift forward until the front of the hip opens.",
    "Move slowly; if the tissue is very tender, take some weight off with your hands.",
];

const PROMPTS: &[&str] = &[
    "Turn the foot inward to reach the outer calf.",
    "Halfway: breathe out and let the muscle soften.",
    "Shift a little higher up the muscle.",
    "Ease off a touch if it is more than mild tension.",
    "Point and flex the foot a few times.",
];

const NOTES: &[&str] = &[
    "Stand up and walk around.",
    "Shake the legs out and sip some water.",
    "Switch to the mat.",
];

const SIDES: &[&str] = &["Both", "Left", "Right", "Each", "Each", "Each"];

const WHEN: &[&str] = &["PreRun", "PostRun", "Anytime"];
const LANGUAGES: &[&str] = &["en", "de", "pt-BR", "en-GB", "fr"];

/// `Routine(` and the routine's own fields, up to its `steps`.
fn routine_header(rng: &mut Rng, s: &mut String, n: usize, v2: bool) {
    let title = rng.pick(TITLES);
    let _ = writeln!(s, "// {title}: generated routine {n} for the benchmark.");
    let _ = writeln!(s, "Routine(");
    let _ = writeln!(s, "    title: \"{title} ({n})\",");
    if rng.chance(80) {
        let _ = writeln!(s, "    summary: \"{}\",", rng.pick(SUMMARIES));
    }
    if rng.chance(60) {
        let _ = writeln!(s, "    author: \"{}\",", rng.pick(AUTHORS));
    }
    if rng.chance(50) {
        let _ = writeln!(
            s,
            "    caution: \"{}\", // shown before the start",
            rng.pick(CAUTIONS)
        );
    }
    if rng.chance(70) {
        let _ = writeln!(s, "    transition: {},", rng.range(0, 10));
    }
    if v2 {
        let _ = writeln!(s, "    when: {},", rng.pick(WHEN));
        let _ = writeln!(s, "    language: \"{}\",", rng.pick(LANGUAGES));
    }
}

/// One routine file of about 1-4 KiB, written as a coach would: comments, optional
/// fields, instructions and prompts. About 1 in 30 has a mistake in it. With
/// `v2`, the fields of the v2 format too: `when`, `language`, paced steps,
/// per-step transitions and a Repeat group in most files.
fn routine_text(rng: &mut Rng, n: usize, v2: bool) -> String {
    let mut s = String::new();
    routine_header(rng, &mut s, n, v2);
    let _ = writeln!(s, "    steps: [");
    let items = 3 + rng.below(13);
    let broken = rng.below(30) == 0;
    for i in 0..items {
        if v2 && i == 1 && rng.chance(70) {
            repeat_group(rng, &mut s);
            continue;
        }
        if i > 0 && rng.chance(15) {
            let _ = write!(s, "        Rest(seconds: {}", rng.range(10, 60));
            if rng.chance(70) {
                let _ = write!(s, ", note: \"{}\"", rng.pick(NOTES));
            }
            let _ = writeln!(s, "),");
            continue;
        }
        let (name, kind, target, tool) = STEPS[rng.below(STEPS.len())];
        let seconds = match kind {
            "Massage" => rng.range(30, 120),
            // Now and then outside the evidence, so `check` has hints to print.
            "Stretch" => rng.range(10, 70),
            _ => rng.range(20, 45),
        };
        let target_field = if broken && i == items / 2 {
            // A typo a coach makes: `check` suggests `target`.
            "traget"
        } else {
            "target"
        };
        if rng.chance(30) {
            // The compact form of the SPEC's example.
            let _ = writeln!(
                s,
                "        Step(name: \"{name}\", kind: {kind}, {target_field}: {target},\n             seconds: {seconds}, side: {}, sets: {}, rest: {}),",
                rng.pick(SIDES),
                rng.range(1, 3),
                rng.range(0, 15)
            );
            continue;
        }
        if rng.chance(30) {
            let _ = writeln!(s, "        // {name}: keep it easy.");
        }
        let _ = writeln!(s, "        Step(");
        let _ = writeln!(s, "            name: \"{name}\",");
        let _ = writeln!(s, "            kind: {kind},");
        let _ = writeln!(s, "            {target_field}: {target},");
        if v2 && rng.chance(40) {
            let _ = writeln!(s, "            reps: {},", rng.range(8, 15));
            let _ = writeln!(s, "            tempo: (up: 3, hold: 2, down: 3),");
        } else {
            let _ = writeln!(s, "            seconds: {seconds},");
        }
        if v2 && rng.chance(30) {
            let _ = writeln!(s, "            transition: {},", rng.range(0, 10));
        }
        if rng.chance(80) {
            let _ = writeln!(s, "            side: {},", rng.pick(SIDES));
        }
        if rng.chance(50) {
            let _ = writeln!(s, "            sets: {},", rng.range(1, 3));
            let _ = writeln!(s, "            rest: {},", rng.range(0, 15));
        }
        if let Some(tool) = tool {
            let _ = writeln!(s, "            tool: \"{tool}\",");
        }
        let lines = rng.below(3);
        if lines > 0 {
            let _ = writeln!(s, "            instructions: [");
            for _ in 0..lines {
                let _ = writeln!(s, "                \"{}\",", rng.pick(INSTRUCTIONS));
            }
            let _ = writeln!(s, "            ],");
        }
        if rng.chance(40) {
            let _ = writeln!(
                s,
                "            prompts: [(at: {}, text: \"{}\")],",
                seconds / 2,
                rng.pick(PROMPTS)
            );
        }
        let _ = writeln!(s, "        ),");
    }
    let _ = writeln!(s, "    ],");
    let _ = writeln!(s, ")");
    s
}

/// A v2 circuit: 2-3 rounds of a paced heel raise, a stretch and a short rest.
fn repeat_group(rng: &mut Rng, s: &mut String) {
    let _ = writeln!(s, "        Repeat(");
    let _ = writeln!(s, "            times: {},", rng.range(2, 3));
    let _ = writeln!(s, "            rest: {},", rng.range(0, 60));
    let _ = writeln!(s, "            steps: [");
    let _ = writeln!(
        s,
        "                Step(name: \"Heel raise, slow\", kind: Strength, target: Calves, side: Each,\n                     reps: {}, tempo: (up: 3, hold: 2, down: 3), transition: 3),",
        rng.range(8, 12)
    );
    let _ = writeln!(s, "                Rest(seconds: {}),", rng.range(10, 30));
    let _ = writeln!(
        s,
        "                Step(name: \"Wall calf stretch\", kind: Stretch, target: Calves, seconds: {}),",
        rng.range(20, 45)
    );
    let _ = writeln!(s, "            ],");
    let _ = writeln!(s, "        ),");
}

/// Writes the files; returns the folder and the total size in bytes.
fn write_routines(dir: &Path, v2: bool) -> u64 {
    std::fs::create_dir_all(dir).expect("the routines folder");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut total = 0;
    for n in 0..FILES {
        let text = routine_text(&mut rng, n, v2);
        total += text.len() as u64;
        std::fs::write(dir.join(format!("routine-{n:04}.ron")), text).expect("write a routine");
    }
    total
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir: PathBuf = tmp.path().join("routines");
    let bytes = write_routines(&dir, false);
    let dir_v2: PathBuf = tmp.path().join("routines-v2");
    let bytes_v2 = write_routines(&dir_v2, true);
    // `LIMBER_BENCH_KEEP=DIR` keeps a copy of both folders, to time `limber
    // check` as a process on a busy machine (`perf stat -e task-clock`).
    if let Some(keep) = std::env::var_os("LIMBER_BENCH_KEEP") {
        let keep = PathBuf::from(keep);
        write_routines(&keep.join("v1"), false);
        write_routines(&keep.join("v2"), true);
    }
    let summary_v2 =
        check::run(std::slice::from_ref(&dir_v2), &mut std::io::sink()).expect("check");
    eprintln!(
        "{FILES} v2 files, {} KiB; check: {} invalid, {} warnings",
        bytes_v2 / 1024,
        summary_v2.invalid,
        summary_v2.warnings
    );

    // Report what is being measured once, so the figures can be read.
    let summary = check::run(std::slice::from_ref(&dir), &mut std::io::sink()).expect("check");
    let library = Library::load(Some(&dir));
    eprintln!(
        "{FILES} files, {} KiB ({} B average); check: {} invalid, {} warnings; library: {} entries",
        bytes / 1024,
        bytes / FILES as u64,
        summary.invalid,
        summary.warnings,
        library.entries.len()
    );
    assert_eq!(summary.files, FILES);

    let mut group = c.benchmark_group("library");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("check_1000_files", |b| {
        b.iter(|| {
            let paths = [dir.clone()];
            black_box(check::run(&paths, &mut std::io::sink()).expect("check"))
        });
    });
    group.bench_function("check_1000_v2_files", |b| {
        b.iter(|| {
            let paths = [dir_v2.clone()];
            black_box(check::run(&paths, &mut std::io::sink()).expect("check"))
        });
    });
    // Startup keeps the library for the whole session: its drop is not timed.
    group.bench_function("library_load_1000_user", |b| {
        b.iter_with_large_drop(|| Library::load(Some(black_box(&dir))));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
