//! Frame and start-up costs of the full-screen UI (issue 3 targets: the work
//! screen renders in under 1 ms; the first picker frame with 1,000 user routines
//! in under 100 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use limber::core::routine::load::parse_str;
use limber::store::library::Library;
use limber::ui::tui::app::{App, Prepared};
use limber::ui::tui::picker::Picker;
use limber::ui::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::time::{Duration, Instant};

const ROUTINE: &str = r#"Routine(
    title: "Calf release after a long run",
    caution: "Skip rolling over a fresh strain.",
    transition: 5,
    steps: [
        Step(name: "Foam roll calf", kind: Massage, target: Calves, seconds: 60, side: Each,
             tool: "foam roller",
             instructions: ["Sit with the roller under one calf.", "Roll slowly from ankle to knee."],
             prompts: [(at: 30, text: "Turn the foot inward.")]),
        Rest(seconds: 15, note: "Walk around."),
        Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: 30, side: Each, sets: 2, rest: 10),
    ],
)"#;

fn work_screen(c: &mut Criterion) {
    let routine = parse_str(ROUTINE).expect("valid routine");
    let library = Library::load(None);
    let mut app = App::new(Picker::new(&library), 1, true, 80);
    let t0 = Instant::now();
    app.open(Prepared::new("bench".into(), routine), t0);
    app.on_key(ratatui::crossterm::event::KeyCode::Enter.into(), t0);
    let now = t0 + Duration::from_secs(36); // work block, prompt showing
    app.tick(now);
    for (w, h) in [(80, 24), (120, 40)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        c.bench_function(&format!("render work screen {w}x{h}"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| view::render(black_box(&app), f, now))
                    .expect("draw");
            });
        });
    }
}

fn startup_with_many_routines(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..1000 {
        let text = ROUTINE.replace(
            "Calf release after a long run",
            &format!("Routine number {i}"),
        );
        std::fs::write(dir.path().join(format!("r{i:04}.ron")), text).expect("write");
    }
    let mut group = c.benchmark_group("startup");
    group.sample_size(20);
    group.bench_function("first picker frame, 1000 user routines", |b| {
        b.iter(|| {
            let library = Library::load(Some(dir.path()));
            let app = App::new(Picker::new(&library), 1, true, 80);
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
            terminal
                .draw(|f| view::render(&app, f, Instant::now()))
                .expect("draw");
            black_box(terminal);
        });
    });
    group.finish();
}

criterion_group!(benches, work_screen, startup_with_many_routines);
criterion_main!(benches);
