//! End-to-end: the real binary in a real terminal (tmux), driven by keys and
//! signals, with the screen read back after every step. See `../shared/TESTING.md`.
//!
//! Each test starts its own tmux server (its socket in the test's temp folder, no
//! user config), so nothing leaks between tests or into a tmux the developer runs;
//! a guard kills that server when the test ends, pass or fail, and the temp folder
//! (socket included) goes with it. Waits poll the screen
//! until the expected text appears (generous timeouts for a loaded CI machine);
//! no fixed sleep is used as an assertion, except the one that checks that a
//! paused screen stays still.
//!
//! limber runs under a small `sh` script that records its exit code and the
//! terminal's modes after it, then keeps the pane open, so the restored terminal
//! can be inspected. (Reading the exit code from tmux's `#{pane_dead_status}`
//! with limber as the pane's own command was flaky on a loaded machine: tmux 3.3a
//! sometimes never reaped the exited process, 2 runs in 15.)
//!
//! tmux is required: `.ci/run` installs it. Without it these tests fail and say so.

#![allow(clippy::unwrap_used)]

use crate::support::{self, LIMBER, Run};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long to wait for something to appear on screen.
const TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);

/// Two steps, transition 3: at `--speed 5` the first work block lasts 24 s and the
/// second 60 s, far longer than the test needs, so a slow machine never sees the
/// session end by itself.
const ROUTINE: &str = r#"Routine(
    title: "E2E calf check",
    caution: "Stop if anything hurts.",
    transition: 3,
    steps: [
        Step(name: "Foam roll calf", kind: Massage, target: Calves, seconds: 120, side: Left),
        Step(name: "Hamstring stretch", kind: Stretch, target: Hamstrings, seconds: 300),
    ],
)
"#;

/// The text on the screen that only the running UI shows.
const UI_TEXTS: &[&str] = &[
    "E2E calf check",
    "Before you start",
    "WORK",
    "PAUSED",
    "Stop this session?",
    "block ",
    "Next:",
    "Space pause",
    "Check-in:",
];

fn require_tmux() {
    match assert_cmd::Command::new("tmux")
        .arg("-V")
        .timeout(support::TIMEOUT)
        .output()
    {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "`tmux -V` failed ({}): this end-to-end test needs a working tmux",
            out.status
        ),
        Err(e) => panic!(
            "tmux is not installed ({e}): this end-to-end test needs it \
             (`apt-get install tmux`; `.ci/run` installs it in CI)"
        ),
    }
}

/// A tmux server of our own with one session, killed on drop.
struct Tmux {
    session: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    /// A fresh server and temp folder; nothing runs yet.
    fn new(tag: &str) -> Tmux {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        require_tmux();
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let unique = format!("{}-{n}-{nanos}", std::process::id());
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        std::fs::write(dir.path().join("e2e-calves.ron"), ROUTINE).unwrap();
        // Keep a pane that exited, so its exit status can be read.
        std::fs::write(dir.path().join("tmux.conf"), "set -g remain-on-exit on\n").unwrap();
        Tmux {
            session: format!("limber-{tag}-{unique}"),
            dir,
        }
    }

    fn routine(&self) -> PathBuf {
        self.dir.path().join("e2e-calves.ron")
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// `tmux ARGS` for our server, with a timeout.
    fn command(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::new("tmux");
        cmd.arg("-S")
            .arg(self.dir.path().join("tmux.sock"))
            .arg("-f")
            .arg(self.dir.path().join("tmux.conf"))
            // UTF-8 whatever the locale, so the UI's box drawing reads back as drawn.
            .arg("-u")
            .args(args)
            .env_remove("TMUX")
            .timeout(support::TIMEOUT);
        cmd
    }

    fn tmux(&self, args: &[&str]) -> Run {
        support::run(&mut self.command(args))
    }

    /// Starts the session 100x30 running `command` (argv: run directly, not
    /// through a shell, so the pane's pid is the command's).
    fn start(&self, env: &[(&str, &Path)], command: &[&str]) {
        let mut args = vec![
            "new-session".to_string(),
            "-d".into(),
            "-s".into(),
            self.session.clone(),
            "-x".into(),
            "100".into(),
            "-y".into(),
            "30".into(),
        ];
        for (name, value) in env {
            args.push("-e".into());
            args.push(format!("{name}={}", value.display()));
        }
        args.push("--".into());
        args.extend(command.iter().map(ToString::to_string));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.tmux(&args);
        assert_eq!(out.code, Some(0), "tmux new-session failed: {}", out.stderr);
    }

    fn target(&self) -> String {
        format!("{}:0.0", self.session)
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.target()])
            .stdout
    }

    fn display(&self, format: &str) -> String {
        let out = self.tmux(&["display-message", "-p", "-t", &self.target(), format]);
        out.stdout.trim().to_string()
    }

    fn keys(&self, keys: &[&str]) {
        let target = self.target();
        let mut args = vec!["send-keys", "-t", &target];
        args.extend_from_slice(keys);
        let out = self.tmux(&args);
        assert_eq!(
            out.code,
            Some(0),
            "tmux send-keys {keys:?} failed: {}",
            out.stderr
        );
    }

    /// Polls the screen until `ok` holds; fails with the last screen after TIMEOUT.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out after {TIMEOUT:?} waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| s.contains(text))
    }

    /// The screen once two captures 250 ms apart agree (status bar aside).
    fn settled(&self) -> String {
        let start = Instant::now();
        let mut last = self.screen();
        loop {
            std::thread::sleep(Duration::from_millis(250));
            let screen = self.screen();
            if without_footer(&screen) == without_footer(&last) {
                return screen;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "the screen kept changing for {TIMEOUT:?}:\n{last}\n---\n{screen}"
            );
            last = screen;
        }
    }

    fn exit_file(&self) -> PathBuf {
        self.dir.path().join("exit")
    }

    fn stty_file(&self) -> PathBuf {
        self.dir.path().join("stty")
    }

    /// Starts `limber run ROUTINE --speed 5` under the recording shell script.
    fn start_limber(&self) {
        let script = r#""$LIMBER_BIN" run "$E2E_ROUTINE" --speed 5
code=$?
stty -a > "$E2E_STTY" 2>&1
echo "$code" > "$E2E_EXIT"
echo "limber exited with $code"
exec sleep 3600"#;
        self.start_in_env(&["sh", "-c", script]);
    }

    /// Starts `command` with what the scripts here use in its environment:
    /// `$LIMBER_HOME`, `$LIMBER_BIN`, the routine, where to note the exit code
    /// and the terminal's modes.
    fn start_in_env(&self, command: &[&str]) {
        self.start(
            &[
                ("LIMBER_HOME", &self.home()),
                ("LIMBER_BIN", Path::new(LIMBER)),
                ("E2E_ROUTINE", &self.routine()),
                ("E2E_EXIT", &self.exit_file()),
                ("E2E_STTY", &self.stty_file()),
            ],
            command,
        );
    }

    /// The pid of the limber process under the pane's shell.
    fn limber_pid(&self) -> String {
        let shell = self.display("#{pane_pid}");
        for entry in std::fs::read_dir("/proc").unwrap().filter_map(Result::ok) {
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // `PID (COMM) STATE PPID ...`; COMM may hold spaces, so split after `)`.
            let Some((before, after)) = stat.rsplit_once(')') else {
                continue;
            };
            let ppid = after.split_whitespace().nth(1).unwrap_or_default();
            if ppid == shell && before.ends_with("(limber") {
                return entry.file_name().to_string_lossy().into_owned();
            }
        }
        panic!(
            "no limber process under the pane's shell (pid {shell}); the screen:\n{}",
            self.screen()
        );
    }

    /// Waits for limber to exit, then checks that it exited with 0 and left the
    /// terminal as it found it: main screen, cursor shown, cooked mode, nothing
    /// of the UI on screen.
    fn assert_exited_cleanly(&self) {
        let screen = self.wait_text("limber exited with");
        let code = std::fs::read_to_string(self.exit_file()).unwrap();
        assert_eq!(code.trim(), "0", "exit code; the screen:\n{screen}");
        assert_no_ui_left(&screen);
        assert_eq!(
            self.display("#{alternate_on}"),
            "0",
            "still on the alternate screen:\n{screen}"
        );
        assert_eq!(
            self.display("#{cursor_flag}"),
            "1",
            "cursor hidden:\n{screen}"
        );
        let stty = std::fs::read_to_string(self.stty_file()).unwrap();
        let modes: Vec<&str> = stty
            .split(|c: char| c.is_whitespace() || c == ';')
            .collect();
        for mode in ["icanon", "echo", "icrnl", "opost", "isig"] {
            assert!(
                modes.contains(&mode),
                "terminal mode `{mode}` not restored (raw mode left on?); stty -a says:\n{stty}"
            );
        }
    }

    /// The sessions in `$LIMBER_HOME/history.jsonl`, waiting for the last one's
    /// line to be written if need be.
    fn history(&self) -> Vec<serde_json::Value> {
        let path = self.home().join("history.jsonl");
        let start = Instant::now();
        loop {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let lines: Vec<serde_json::Value> = text
                .lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect();
            let done = lines
                .last()
                .is_some_and(|l| l["outcome"] != "interrupted" && l["ended"].is_string());
            if done || start.elapsed() > TIMEOUT {
                return lines;
            }
            std::thread::sleep(POLL);
        }
    }

    /// The session was recorded once, as stopped, as a preview (`--speed 5`).
    fn assert_recorded_as_stopped(&self) -> serde_json::Value {
        let history = self.history();
        assert_eq!(history.len(), 1, "one session in the history: {history:#?}");
        let session = history[0].clone();
        assert_eq!(session["outcome"], "stopped", "{session:#}");
        assert_eq!(session["routine"], "e2e-calves", "{session:#}");
        assert_eq!(session["preview"], true, "{session:#}");
        session
    }

    /// Waits for the caution, goes on, and waits for the first work block.
    fn begin(&self) {
        let screen = self.wait_text("Before you start");
        assert!(screen.contains("Stop if anything hurts."), "{screen}");
        assert_eq!(self.display("#{alternate_on}"), "1", "{screen}");
        self.keys(&["Enter"]);
        // "How tight is it?" may come next (any key that is not 0-9 skips it):
        // answer it as a runner would. Then get ready (0.6 s at speed 5), then work.
        let is_work = |s: &str| headline_names(s, "Foam roll calf") && s.contains("WORK");
        let screen = self.wait_for("the tightness question or the first work block", |s| {
            is_work(s) || s.contains("How tight")
        });
        if !is_work(&screen) {
            self.keys(&["5"]);
        }
        let screen = self.wait_for("the first work block", is_work);
        assert!(screen.contains("block 2/4"), "{screen}");
        assert!(screen.contains("Next: Hamstring stretch"), "{screen}");
        assert_eq!(self.display("#{alternate_on}"), "1");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // Ends the session and whatever still runs in it (SIGHUP). No check
        // that could panic: this may run while a failed test unwinds.
        let _ = self.command(&["kill-server"]).output();
    }
}

/// The screen without its last line (the status bar, where news from the
/// audio thread may land at any time).
fn without_footer(screen: &str) -> String {
    let lines: Vec<&str> = screen.trim_end_matches('\n').lines().collect();
    lines[..lines.len().saturating_sub(1)].join("\n")
}

/// The header line: `E2E calf check ... block 2/4  0:07 / 7:06`.
fn header(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains("block "))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The session's elapsed seconds from the header (`... 0:07 / 7:06`).
fn elapsed(screen: &str) -> u64 {
    let header = header(screen);
    let shown = header
        .rsplit_once(" / ")
        .and_then(|(before, _)| before.split_whitespace().last())
        .unwrap_or_default();
    shown
        .split(':')
        .try_fold(0, |total, part| part.parse::<u64>().map(|n| total * 60 + n))
        .unwrap_or_else(|_| panic!("no elapsed time in the header {header:?}"))
}

/// The headline of the block on screen names `name` (not the `Next:` line).
fn headline_names(screen: &str, name: &str) -> bool {
    screen.lines().any(|l| {
        let l = l.trim_start();
        (l.starts_with("WORK") || l.starts_with("GET READY")) && l.contains(name)
    })
}

fn assert_no_ui_left(screen: &str) {
    for text in UI_TEXTS {
        assert!(
            !screen.contains(text),
            "{text:?} is still on the screen after limber exited:\n{screen}"
        );
    }
    assert!(!screen.contains("panicked"), "limber panicked:\n{screen}");
}

#[test]
fn a_session_pauses_resumes_skips_and_quits_and_restores_the_terminal() {
    let started = Instant::now();
    let tmux = Tmux::new("keys");
    tmux.start_limber();
    tmux.begin();

    // Pause: PAUSED shows and the screen (countdown, elapsed) stands still.
    tmux.keys(&["Space"]);
    // The frame may be half drawn when PAUSED first shows: wait for its footer too.
    tmux.wait_for("the paused screen with its footer", |s| {
        s.contains("PAUSED") && s.contains("Space resume")
    });
    // The frame may still be arriving when PAUSED first shows: take the settled one.
    let paused = tmux.settled();
    assert!(paused.contains("PAUSED"), "{paused}");
    std::thread::sleep(Duration::from_millis(1200));
    let still = tmux.screen();
    assert_eq!(
        without_footer(&paused),
        without_footer(&still),
        "the screen changed while paused"
    );

    // Resume: PAUSED goes and the clock moves on.
    tmux.keys(&["Space"]);
    let paused_header = header(&paused);
    let screen = tmux.wait_for("the clock to move after resuming", |s| {
        !s.contains("PAUSED") && header(s) != paused_header && !header(s).is_empty()
    });
    assert!(screen.contains("Space pause"), "{screen}");

    // Skip the rest of the calf: the hamstring stretch comes (its get-ready first).
    tmux.keys(&["n"]);
    let screen = tmux.wait_for("the hamstring stretch after a skip", |s| {
        headline_names(s, "Hamstring stretch")
    });
    assert!(
        screen.contains("block 3/4") || screen.contains("block 4/4"),
        "{screen}"
    );

    // Quit: the question, then yes.
    tmux.keys(&["q"]);
    let screen = tmux.wait_text("Stop this session?");
    assert!(screen.contains("keep going"), "{screen}");
    tmux.keys(&["y"]);

    tmux.assert_exited_cleanly();
    let session = tmux.assert_recorded_as_stopped();
    let skipped = session["skipped"].as_array().cloned().unwrap_or_default();
    assert!(
        skipped
            .iter()
            .any(|s| s.as_str().is_some_and(|s| s.contains("Foam roll calf"))),
        "the skip is recorded: {session:#}"
    );
    eprintln!("e2e keys test took {:?}", started.elapsed());
}

#[test]
fn sigterm_ends_the_session_with_0_and_restores_the_terminal() {
    let started = Instant::now();
    let tmux = Tmux::new("term");
    tmux.start_limber();
    tmux.begin();

    let pid = tmux.limber_pid();
    let out = support::run(assert_cmd::Command::new("kill").args(["-TERM", &pid]));
    assert_eq!(out.code, Some(0), "kill -TERM {pid} failed");

    tmux.assert_exited_cleanly();
    // A signal ends the session the way `q` `y` does.
    tmux.assert_recorded_as_stopped();
    eprintln!("e2e SIGTERM test took {:?}", started.elapsed());
}

/// Ctrl-Z and an outside SIGTSTP suspend limber like any terminal program: the
/// shell's prompt comes back on a restored terminal, the session holds still
/// while stopped, and `fg` brings the screen back, paused (SPEC section 7).
#[test]
fn ctrl_z_and_sigtstp_suspend_and_fg_brings_the_session_back_paused() {
    let started = Instant::now();
    let tmux = Tmux::new("suspend");
    // An interactive shell: job control is what Ctrl-Z and `fg` need.
    tmux.start_in_env(&["bash", "--norc", "--noprofile", "-i"]);
    tmux.keys(&["PS1='READY$ '", "Enter"]);
    tmux.wait_text("READY$");
    tmux.keys(&["\"$LIMBER_BIN\" run \"$E2E_ROUTINE\" --speed 5", "Enter"]);
    tmux.begin();
    let pid = tmux.limber_pid();

    for how in ["Ctrl-Z", "SIGTSTP"] {
        let before = elapsed(&tmux.screen());
        if how == "Ctrl-Z" {
            tmux.keys(&["C-z"]);
        } else {
            let out = support::run(assert_cmd::Command::new("kill").args(["-TSTP", &pid]));
            assert_eq!(out.code, Some(0), "kill -TSTP {pid} failed");
        }
        let screen = tmux.wait_for(&format!("the shell's prompt after {how}"), |s| {
            s.contains("Stopped") && s.trim_end().ends_with("READY$")
        });
        assert_eq!(
            tmux.display("#{alternate_on}"),
            "0",
            "still on the alternate screen after {how}:\n{screen}"
        );
        assert_eq!(
            tmux.display("#{cursor_flag}"),
            "1",
            "cursor hidden after {how}"
        );
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        let state = state.rsplit_once(')').unwrap().1.split_whitespace().next();
        assert_eq!(state, Some("T"), "limber is not stopped after {how}");
        // Stopped time is not session time: wait a while before `fg`.
        std::thread::sleep(Duration::from_secs(3));
        tmux.keys(&["fg", "Enter"]);
        let back = tmux.wait_text("PAUSED");
        assert_eq!(tmux.display("#{alternate_on}"), "1", "{back}");
        assert!(headline_names(&back, "Foam roll calf"), "{back}");
        let back = tmux.settled();
        // 3 s stopped is 15 s of session time at --speed 5: none of it counts
        // (what shows may move a few seconds while the stop is on its way).
        let after = elapsed(&back);
        assert!(
            after.saturating_sub(before) <= 8,
            "{how}: the clock went from {before} s to {after} s across the stop:\n{back}"
        );
        std::thread::sleep(Duration::from_millis(1200));
        assert_eq!(
            header(&back),
            header(&tmux.screen()),
            "the clock moved while paused after {how}"
        );
    }
    // Space resumes as usual; then quit.
    tmux.keys(&["Space"]);
    tmux.wait_for("the clock to run again", |s| !s.contains("PAUSED"));
    tmux.keys(&["q"]);
    tmux.wait_text("Stop this session?");
    tmux.keys(&["y"]);
    tmux.wait_text("READY$ ");
    tmux.keys(&[
        // Split so the typed line itself does not read as the result.
        "code=$?; stty -a > \"$E2E_STTY\"; echo \"$code\" > \"$E2E_EXIT\"; echo \"limber exi\"\"ted with $code\"",
        "Enter",
    ]);
    tmux.assert_exited_cleanly();
    tmux.assert_recorded_as_stopped();
    eprintln!("e2e suspend test took {:?}", started.elapsed());
}

#[test]
fn plus_during_the_opening_question_turns_the_sound_up_and_never_answers_it() {
    let tmux = Tmux::new("plus");
    tmux.start_limber();
    tmux.wait_text("Before you start");
    tmux.keys(&["Enter"]);
    tmux.wait_text("How tight");
    // `+` is the volume key. Keys are read in order: had `+` answered the
    // question (as 10), the `4` after it would find no question and the
    // record would say 10.
    tmux.keys(&["+"]);
    tmux.keys(&["4"]);
    let screen = tmux.wait_for("the question answered", |s| !s.contains("How tight"));
    assert!(
        screen.contains("WORK") || screen.contains("GET READY"),
        "{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_text("Stop this session?");
    tmux.keys(&["y"]);
    tmux.assert_exited_cleanly();
    let session = tmux.assert_recorded_as_stopped();
    assert_eq!(session["tightness_before"], 4, "{session:#}");
}

#[test]
fn a_key_that_closes_the_help_does_only_that() {
    let tmux = Tmux::new("help");
    tmux.start_limber();
    tmux.begin();
    tmux.keys(&["?"]);
    tmux.wait_text("Any key closes this help.");
    // `n` would skip the block; here it only closes the help.
    tmux.keys(&["n"]);
    let screen = tmux.wait_for("the help to close", |s| {
        !s.contains("Any key closes this help.")
    });
    let screen = if screen.contains("block ") {
        screen
    } else {
        tmux.settled()
    };
    assert!(
        screen.contains("block 2/4"),
        "`n` skipped the block:\n{screen}"
    );
    assert!(headline_names(&screen, "Foam roll calf"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_text("Stop this session?");
    tmux.keys(&["y"]);
    tmux.assert_exited_cleanly();
    let session = tmux.assert_recorded_as_stopped();
    assert_eq!(session["skipped"], serde_json::json!([]), "{session:#}");
}

#[test]
fn term_dumb_gets_plain_lines_and_no_full_screen() {
    let tmux = Tmux::new("dumb");
    let script = r#"TERM=dumb "$LIMBER_BIN" run "$E2E_ROUTINE" --speed 100 --no-rate --mute
echo "limber exited with $?"
exec sleep 3600"#;
    tmux.start_in_env(&["sh", "-c", script]);
    let screen = tmux.wait_text("limber exited with");
    assert!(screen.contains("limber exited with 0"), "{screen}");
    assert!(screen.contains("[00:00] Start: E2E calf check"), "{screen}");
    assert!(
        screen.contains("Work: Foam roll calf, left side"),
        "{screen}"
    );
    assert!(
        !screen.contains("Before you start"),
        "a full-screen UI:\n{screen}"
    );
    assert_eq!(tmux.display("#{alternate_on}"), "0", "{screen}");
}

#[test]
fn with_a_plan_started_limber_opens_on_today_and_takes_the_check_in() {
    let tmux = Tmux::new("today");
    let started =
        support::run(support::limber(&tmux.home()).args(["plan", "start", "plantar-heel"]));
    assert_eq!(started.code, Some(0), "{}", started.stderr);
    let script = r#""$LIMBER_BIN"
code=$?
stty -a > "$E2E_STTY" 2>&1
echo "$code" > "$E2E_EXIT"
echo "limber exited with $code"
exec sleep 3600"#;
    tmux.start_in_env(&["sh", "-c", script]);
    let screen = tmux.wait_text("Plantar heel pain: 8 weeks");
    assert!(screen.contains("day 1 of 56"), "{screen}");
    assert!(screen.contains("plantar-stretch  0 of 3 done"), "{screen}");
    assert!(screen.contains("Heel pain on your first steps"), "{screen}");
    tmux.keys(&["3"]);
    tmux.wait_text("Check-in: 3 today");
    let log = std::fs::read_to_string(tmux.home().join("plans.jsonl")).unwrap();
    assert!(
        log.contains(r#""event":"checkin""#) && log.contains(r#""value":3"#),
        "{log}"
    );
    // The picker is one key away, and today one key back.
    tmux.keys(&["r"]);
    tmux.wait_text("pick a routine");
    tmux.keys(&["Tab"]);
    tmux.wait_text("Check-in: 3 today");
    tmux.keys(&["q"]);
    tmux.assert_exited_cleanly();
}
