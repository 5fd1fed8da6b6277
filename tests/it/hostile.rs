//! Hostile inputs through the binary (issue 8; SPEC sections 1, 3, 5, 6 and 7).
//!
//! Every input a stranger could hand limber (a shared routine file, a file name,
//! an argument, a sound, a damaged history or settings file, an unwritable data
//! folder) ends in the exit code the contract names and one clear message, never a
//! panic, a hang, or a control or invisible character on the terminal.
//!
//! Each class is one table; each row one input. A table runs every row and then
//! reports every row that failed, so one run shows the whole picture. Inputs that
//! cannot be committed (FIFOs, links to devices, loops, huge files, odd file names)
//! are made here; the rest are plain files in `tests/fixtures/hostile/` (written by
//! its `generate.py`).
//!
//! Every run gets a 20 s timeout (a hang fails instead of stalling CI) and a 1 GiB
//! data-size limit: a build that reads `/dev/zero` to its end then fails fast with a
//! failed allocation instead of taking the whole machine's memory with it.

use assert_cmd::Command;
use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);

/// Caps the data size (1 GiB, in KiB for `ulimit`), then becomes limber itself, so
/// the exit status and the timeout's kill are limber's own.
const CAPPED: &str = r#"ulimit -d 1048576 && exec "$0" "$@""#;

// ---------------------------------------------------------------------------
// The one predicate: nothing a terminal could act on, nothing invisible.

/// Unicode's format characters (general category Cf, Unicode 16): invisible, and
/// some (bidi overrides and isolates) reorder the text around them.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

fn is_format(c: char) -> bool {
    let c = u32::from(c);
    FORMAT.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// A character drawn as a picture, so that a zero-width joiner between two of them
/// is an emoji sequence (allowed by SPEC 1), not a hidden character.
fn is_pictograph(c: char) -> bool {
    matches!(u32::from(c), 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F | 0x1F000..=0x1FAFF)
}

/// The first unsafe character of `bytes` and where it is, or `None` when the
/// output is safe to show: valid UTF-8 (a stray byte such as 0x9B is CSI to some
/// terminals), no C0 or C1 control but the `\n` line end, no format character
/// (a zero-width joiner between pictographs excepted), no line or paragraph
/// separator.
fn unsafe_char(bytes: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Some(format!("a byte that is not UTF-8 at {}", e.valid_up_to())),
    };
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let joiner_in_emoji = c == '\u{200D}'
            && i > 0
            && chars.get(i + 1).is_some_and(|&n| is_pictograph(n))
            && is_pictograph(chars[i - 1]);
        let bad = (c.is_control() && c != '\n')
            || (is_format(c) && !joiner_in_emoji)
            || matches!(c, '\u{2028}' | '\u{2029}');
        if bad {
            let from = text
                .char_indices()
                .nth(i.saturating_sub(20))
                .map_or(0, |(at, _)| at);
            let around: String = text[from..].chars().take(40).collect();
            return Some(format!("{c:?} in {around:?}"));
        }
    }
    None
}

/// Fails when `bytes` (a command's stdout or stderr) holds anything but safe,
/// visible text and `\n` line ends.
fn assert_clean(what: &str, bytes: &[u8]) {
    if let Some(found) = unsafe_char(bytes) {
        panic!("{what} holds {found}");
    }
}

#[test]
fn the_cleanliness_predicate_catches_what_it_must_and_only_that() {
    for bad in [
        "a\x1b[2Jb",
        "bell\x07",
        "cr\r\n",
        "tab\t",
        "nul\0",
        "del\x7f",
        "csi\u{9b}31m",
        "nel\u{85}",
        "zero\u{200b}width",
        "soft\u{ad}hyphen",
        "\u{feff}bom",
        "lrm\u{200e}",
        "rlo\u{202e}x",
        "isolate\u{2066}x\u{2069}",
        "line\u{2028}separator",
        "para\u{2029}",
        "tag\u{e0041}",
        "lonely\u{200d}joiner",
    ] {
        assert!(unsafe_char(bad.as_bytes()).is_some(), "{bad:?} passed");
    }
    assert!(unsafe_char(b"broken \xff utf-8").is_some());
    for good in [
        "plain\nlines\n",
        "Calf hold \u{1F9D8}\u{200D}\u{2640}\u{FE0F}",
        "family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
        "escaped \\u{200b} and \\u{1b}[2J",
        "caf\u{e9} \u{2014} \u{2026} \u{fffd}",
    ] {
        assert_eq!(unsafe_char(good.as_bytes()), None, "{good:?} was flagged");
    }
}

// ---------------------------------------------------------------------------
// A scene: a data folder, a work folder (the current directory), extra env.

struct Scene {
    _root: tempfile::TempDir,
    root: PathBuf,
    /// The current directory of the run: inputs are named relative to it, so
    /// messages name them shortly.
    work: PathBuf,
    /// What `LIMBER_HOME` is set to (a fresh folder unless a row changes it).
    home: PathBuf,
    env: Vec<(&'static str, OsString)>,
}

impl Scene {
    fn new() -> Scene {
        let root_dir = tempfile::tempdir().expect("temp dir");
        let root = root_dir.path().to_path_buf();
        let work = root.join("work");
        let home = root.join("home");
        std::fs::create_dir(&work).expect("work folder");
        std::fs::create_dir(&home).expect("home folder");
        Scene {
            _root: root_dir,
            root,
            work,
            home,
            env: Vec::new(),
        }
    }

    /// Writes `bytes` to `rel` under the work folder; returns `rel` for the arguments.
    fn file(&self, rel: impl AsRef<OsStr>, bytes: impl AsRef<[u8]>) -> OsString {
        let rel = rel.as_ref();
        write(&self.work.join(rel), bytes);
        rel.to_os_string()
    }

    /// Copies a committed fixture into the work folder; returns its name.
    fn fixture(&self, name: &str) -> OsString {
        let bytes = std::fs::read(fixture(name)).expect("the fixture exists");
        self.file(name, bytes)
    }

    /// A path under the data folder.
    fn in_home(&self, rel: impl AsRef<OsStr>) -> PathBuf {
        let path = self.home.join(rel.as_ref());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("data subfolder");
        }
        path
    }

    /// The arguments of a session of a 20 s routine, at `--speed 100` a fifth of a
    /// second; muted unless `sound`.
    fn session(&self, sound: bool) -> Vec<OsString> {
        self.file("tiny.ron", TINY);
        let mut args = args(&["run", "tiny.ron", "--plain", "--no-rate", "--speed", "100"]);
        if !sound {
            args.push("--mute".into());
        }
        args
    }
}

const TINY: &str = r#"Routine(title: "Tiny", transition: 0, steps: [
    Step(name: "Hold", kind: Stretch, target: Calves, seconds: 20),
])
"#;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("parent folder");
    }
    std::fs::write(path, bytes).expect("write a file");
}

fn args(list: &[&str]) -> Vec<OsString> {
    list.iter().map(OsString::from).collect()
}

fn fifo(path: &Path) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("parent folder");
    }
    nix::unistd::mkfifo(path, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo");
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    if let Some(parent) = link.parent() {
        std::fs::create_dir_all(parent).expect("parent folder");
    }
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

/// Two links pointing at each other.
fn link_loop(a: &Path, b: &Path) {
    symlink(b, a);
    symlink(a, b);
}

// ---------------------------------------------------------------------------
// Rows and the table runner.

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    elapsed: Duration,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

type Setup = Box<dyn Fn(&mut Scene) -> Vec<OsString>>;
type Then = Box<dyn Fn(&Scene, &Run) -> Result<(), String>>;

/// One hostile input: how to make it, and what the run must end with. Messages are
/// matched loosely (words, any case) so wording can change; exit codes and
/// cleanliness strictly.
struct Case {
    name: String,
    setup: Setup,
    code: i32,
    stderr: Vec<String>,
    stdout: Vec<String>,
    either: Vec<String>,
    /// `check`'s `PATH:LINE:COL: error:` line: a file name it names, and the
    /// line it must point at (when known).
    located: Option<(String, Option<usize>)>,
    then: Option<Then>,
}

fn case(
    name: impl Into<String>,
    code: i32,
    setup: impl Fn(&mut Scene) -> Vec<OsString> + 'static,
) -> Case {
    Case {
        name: name.into(),
        setup: Box::new(setup),
        code,
        stderr: Vec::new(),
        stdout: Vec::new(),
        either: Vec::new(),
        located: None,
        then: None,
    }
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| (*w).to_owned()).collect()
}

impl Case {
    /// stderr holds each of `list` (any case).
    fn err(mut self, list: &[&str]) -> Case {
        self.stderr.extend(words(list));
        self
    }

    /// stdout holds each of `list` (any case).
    fn out(mut self, list: &[&str]) -> Case {
        self.stdout.extend(words(list));
        self
    }

    /// stdout or stderr holds each of `list` (any case).
    fn says(mut self, list: &[&str]) -> Case {
        self.either.extend(words(list));
        self
    }

    /// stdout has a `FILE:LINE:COL: error:` line for `file` (at `line` if given).
    fn located(mut self, file: &str, line: Option<usize>) -> Case {
        self.located = Some((file.to_owned(), line));
        self
    }

    fn then(mut self, check: impl Fn(&Scene, &Run) -> Result<(), String> + 'static) -> Case {
        self.then = Some(Box::new(check));
        self
    }
}

fn limber(scene: &Scene, args: &[OsString]) -> Run {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(CAPPED)
        .arg(assert_cmd::cargo::cargo_bin("limber"))
        .args(args)
        .current_dir(&scene.work)
        .env("LIMBER_HOME", &scene.home)
        .env_remove("LIMBER_NOW")
        .env("TERM", "xterm-256color")
        .write_stdin("")
        .timeout(TIMEOUT);
    for (key, value) in &scene.env {
        cmd.env(key, value);
    }
    let start = Instant::now();
    let out = cmd.output().expect("limber starts");
    Run {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: out.stderr,
        elapsed: start.elapsed(),
    }
}

fn holds(haystack: &str, word: &str) -> bool {
    haystack.to_lowercase().contains(&word.to_lowercase())
}

/// Whether `line` is `FILE:LINE:COL: error: ...` for a path ending in `file`;
/// returns the line number.
fn located_line(line: &str, file: &str) -> Option<usize> {
    let (head, _) = line.split_once(": error: ")?;
    let mut parts = head.rsplitn(3, ':');
    let col = parts.next()?;
    let row = parts.next()?;
    let path = parts.next()?;
    if !path.ends_with(file) || col.parse::<usize>().is_err() {
        return None;
    }
    row.parse().ok()
}

/// Every problem of one row's run, empty when it passed.
fn problems(case: &Case, scene: &Scene, run: &Run) -> Vec<String> {
    let mut found = Vec::new();
    let (out, err) = (run.out(), run.err());
    if run.code.is_none() && run.elapsed >= TIMEOUT {
        found.push(format!("hung: killed after {} s", TIMEOUT.as_secs()));
    } else if run.code != Some(case.code) {
        found.push(format!(
            "exit {:?}, expected {} (after {:.1} s)",
            run.code,
            case.code,
            run.elapsed.as_secs_f64()
        ));
    }
    for marker in [
        "panicked at",
        "RUST_BACKTRACE",
        "stack backtrace",
        "memory allocation of",
    ] {
        if out.contains(marker) || err.contains(marker) {
            found.push(format!("a panic or abort ({marker:?})"));
        }
    }
    for (what, bytes) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        if let Some(bad) = unsafe_char(bytes) {
            found.push(format!("{what} holds {bad}"));
        }
    }
    // Every message is one of limber's: `limber: `, `warning: `, or a
    // diagnostic `PATH...: error: `. A usage error (exit 2) is judged by its first
    // line only (the usage text may follow).
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    let judged = if case.code == 2 {
        &lines[..lines.len().min(1)]
    } else {
        &lines[..]
    };
    let stray = judged.iter().find(|line| {
        !(line.starts_with("limber: ")
            || line.starts_with("warning: ")
            || line.starts_with("error: ")
            || line.contains(": error: ")
            || line.contains(": warning: "))
    });
    if let Some(line) = stray {
        found.push(format!("stderr line is not a message: {line:?}"));
    }
    // While a session runs, stderr goes to the data folder's log: a panic there
    // is a panic all the same.
    let log = std::fs::read(scene.home.join("limber.log")).unwrap_or_default();
    if String::from_utf8_lossy(&log).contains("panicked at") {
        found.push("a panic in limber.log".into());
    }
    if case.code != 0 && out.trim().is_empty() && err.trim().is_empty() {
        found.push("failed without a word".into());
    }
    for w in &case.stderr {
        if !holds(&err, w) {
            found.push(format!("stderr does not mention {w:?}"));
        }
    }
    for w in &case.stdout {
        if !holds(&out, w) {
            found.push(format!("stdout does not mention {w:?}"));
        }
    }
    for w in &case.either {
        if !holds(&out, w) && !holds(&err, w) {
            found.push(format!("neither stdout nor stderr mentions {w:?}"));
        }
    }
    if let Some((file, line)) = &case.located {
        let at: Vec<usize> = out.lines().filter_map(|l| located_line(l, file)).collect();
        match line {
            _ if at.is_empty() => found.push(format!("no `{file}:LINE:COL: error:` line")),
            Some(line) if !at.contains(line) => {
                found.push(format!("`{file}` errors point at lines {at:?}, not {line}"));
            }
            _ => {}
        }
    }
    if let Some(then) = &case.then
        && let Err(e) = then(scene, run)
    {
        found.push(e);
    }
    found
}

/// Runs every row, then fails with the list of rows that did not pass.
fn run_table(table: Vec<Case>) {
    let total = table.len();
    let mut failed = Vec::new();
    for case in table {
        let mut scene = Scene::new();
        let args = (case.setup)(&mut scene);
        let run = limber(&scene, &args);
        let found = problems(&case, &scene, &run);
        if !found.is_empty() {
            failed.push(format!(
                "{}\n    {}\n    args: {args:?}\n    stdout: {}\n    stderr: {}",
                case.name,
                found.join("\n    "),
                excerpt(&run.stdout),
                excerpt(&run.stderr),
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {total} rows failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let short: String = text.chars().take(400).collect();
    format!("{short:?}")
}

// ---------------------------------------------------------------------------
// Routine files with invisible and control characters, one field at a time.

#[derive(Clone, Copy)]
enum Field {
    Title,
    Summary,
    Author,
    Caution,
    Name,
    Tool,
    Instructions,
    Prompt,
    Note,
}

impl Field {
    /// The line of [`routine_with`]'s text the field is on.
    fn line(self) -> usize {
        match self {
            Field::Title => 2,
            Field::Summary => 3,
            Field::Author => 4,
            Field::Caution => 5,
            Field::Name => 9,
            Field::Tool => 13,
            Field::Instructions => 14,
            Field::Prompt => 15,
            Field::Note => 17,
        }
    }

    /// A word the error must hold to name the field.
    fn word(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Author => "author",
            Field::Caution => "caution",
            Field::Name => "name",
            Field::Tool => "tool",
            Field::Instructions => "instructions",
            Field::Prompt => "prompt",
            Field::Note => "note",
        }
    }
}

/// A valid routine using every text field, each on its own line, with `text` in
/// `field`.
fn routine_with(field: Field, text: &str) -> String {
    let pick = |f: Field, default: &str| {
        if std::mem::discriminant(&f) == std::mem::discriminant(&field) {
            text.to_owned()
        } else {
            default.to_owned()
        }
    };
    format!(
        r#"Routine(
    title: "{}",
    summary: "{}",
    author: "{}",
    caution: "{}",
    transition: 0,
    steps: [
        Step(
            name: "{}",
            kind: Stretch,
            target: Calves,
            seconds: 20,
            tool: "{}",
            instructions: ["{}"],
            prompts: [(at: 10, text: "{}")],
        ),
        Rest(seconds: 5, note: "{}"),
    ],
)
"#,
        pick(Field::Title, "Calf hold"),
        pick(Field::Summary, "Hold a calf stretch."),
        pick(Field::Author, "A. Coach"),
        pick(Field::Caution, "Stop if it hurts."),
        pick(Field::Name, "Wall calf stretch"),
        pick(Field::Tool, "a wall"),
        pick(Field::Instructions, "Lean into the wall."),
        pick(Field::Prompt, "Breathe out."),
        pick(Field::Note, "Walk around."),
    )
}

/// Every kind of character SPEC 1 forbids in a text field, each in a field.
const INVISIBLE: &[(char, Field, &str)] = &[
    ('\u{200B}', Field::Title, "zero-width space"),
    ('\u{200C}', Field::Name, "zero-width non-joiner"),
    (
        '\u{200D}',
        Field::Prompt,
        "zero-width joiner outside an emoji",
    ),
    ('\u{200E}', Field::Instructions, "left-to-right mark"),
    ('\u{200F}', Field::Note, "right-to-left mark"),
    ('\u{202A}', Field::Summary, "left-to-right embedding"),
    ('\u{202B}', Field::Author, "right-to-left embedding"),
    ('\u{202C}', Field::Caution, "pop directional formatting"),
    ('\u{202D}', Field::Tool, "left-to-right override"),
    ('\u{202E}', Field::Title, "right-to-left override"),
    ('\u{2066}', Field::Name, "left-to-right isolate"),
    ('\u{2067}', Field::Prompt, "right-to-left isolate"),
    ('\u{2068}', Field::Instructions, "first strong isolate"),
    ('\u{2069}', Field::Note, "pop directional isolate"),
    ('\u{FEFF}', Field::Title, "byte-order mark inside a string"),
    ('\u{00AD}', Field::Name, "soft hyphen"),
    ('\u{2028}', Field::Instructions, "line separator"),
    ('\u{2029}', Field::Note, "paragraph separator"),
    ('\u{2060}', Field::Prompt, "word joiner"),
    ('\u{2062}', Field::Summary, "invisible times"),
    ('\u{061C}', Field::Title, "Arabic letter mark"),
    ('\u{180E}', Field::Name, "Mongolian vowel separator"),
    ('\u{FFF9}', Field::Tool, "interlinear annotation anchor"),
    ('\u{E0041}', Field::Note, "tag character"),
    ('\u{1B}', Field::Title, "raw ESC"),
    ('\u{07}', Field::Name, "raw BEL"),
    ('\u{0D}', Field::Caution, "raw CR inside a string"),
    ('\u{7F}', Field::Prompt, "raw DEL"),
    ('\u{85}', Field::Instructions, "C1 next line"),
    ('\u{9B}', Field::Note, "C1 CSI"),
];

/// How an error shows `c`: `\u{200b}` (for CR, `\r` will do too).
fn escaped(c: char) -> Vec<String> {
    let mut forms = vec![format!("\\u{{{:x}}}", u32::from(c))];
    forms.push(c.escape_default().to_string());
    forms.dedup();
    forms
}

#[test]
fn invisible_and_control_characters_in_routine_fields_are_errors_with_a_position() {
    let mut table = Vec::new();
    for &(c, field, what) in INVISIBLE {
        let text = routine_with(field, &format!("Calf{c}hold"));
        let file = format!("u{:04x}.ron", u32::from(c));
        let name = file.clone();
        table.push(
            case(format!("check: {what} in {}", field.word()), 1, move |s| {
                vec!["check".into(), s.file(&name, &text)]
            })
            .located(&file, Some(field.line()))
            .out(&[field.word()])
            .then(move |_, run| {
                let forms = escaped(c);
                if forms.iter().any(|f| run.out().contains(f.as_str())) {
                    Ok(())
                } else {
                    Err(format!("stdout shows {c:?} as none of {forms:?}"))
                }
            }),
        );
    }
    run_table(table);
}

// ---------------------------------------------------------------------------
// Routine files: their text, their encoding, their size, what they are.

#[test]
fn hostile_text_in_routine_files() {
    let some_invisible = |field: Field, c: char| routine_with(field, &format!("Calf{c}hold"));
    let table = vec![
        case(
            "show refuses a right-to-left override in the title",
            1,
            |s| vec!["show".into(), s.fixture("trojan-title.ron")],
        )
        .err(&["trojan-title.ron"]),
        case("run refuses an isolate in the instructions", 1, |s| {
            args(&["run", "--mute", "--no-rate", "--speed", "100"])
                .into_iter()
                .chain([s.fixture("isolate-in-instructions.ron")])
                .collect()
        })
        .err(&["isolate-in-instructions.ron"]),
        case("run refuses a zero-width space in a name", 1, move |s| {
            let text = some_invisible(Field::Name, '\u{200B}');
            let mut a = vec!["run".into(), s.file("zw.ron", text)];
            a.extend(args(&["--mute", "--no-rate", "--plain", "--speed", "100"]));
            a
        })
        .err(&["zw.ron"]),
        case("check: a title only of zero-width spaces", 1, |s| {
            vec!["check".into(), s.fixture("zero-width-title.ron")]
        })
        .located("zero-width-title.ron", Some(2))
        .out(&["title", "\\u{200b}"]),
        case("check: a name of spaces and invisible joiners", 1, |s| {
            vec!["check".into(), s.fixture("invisible-blank-name.ron")]
        })
        .located("invisible-blank-name.ron", Some(6))
        .out(&["name"]),
        case("check: tag characters smuggling text in a prompt", 1, |s| {
            vec!["check".into(), s.fixture("tag-characters-in-prompt.ron")]
        })
        .located("tag-characters-in-prompt.ron", Some(11))
        .out(&["prompt", "\\u{e0072}"]),
        case(
            "check: an ESC sequence and an OSC title in the title",
            1,
            |s| vec!["check".into(), s.fixture("raw-esc-in-title.ron")],
        )
        .located("raw-esc-in-title.ron", Some(2))
        .out(&["title", "\\u{1b}"]),
        case("check: a C1 CSI in a note", 1, |s| {
            vec!["check".into(), s.fixture("c1-csi-in-note.ron")]
        })
        .located("c1-csi-in-note.ron", Some(13))
        .out(&["note", "\\u{9b}"]),
        case("check: a line separator in a note", 1, |s| {
            vec!["check".into(), s.fixture("line-separator-in-note.ron")]
        })
        .located("line-separator-in-note.ron", Some(13))
        .out(&["note", "\\u{2028}"]),
        case("check: a byte-order mark inside the title", 1, |s| {
            vec!["check".into(), s.fixture("bom-inside-title.ron")]
        })
        .located("bom-inside-title.ron", Some(2))
        .out(&["title", "\\u{feff}"]),
        case("check: a NUL byte in the title", 1, |s| {
            vec!["check".into(), s.fixture("nul-in-title.ron")]
        })
        .located("nul-in-title.ron", Some(2))
        .out(&["\\u{0}"]),
    ];
    run_table(table);
}

#[test]
fn routine_file_encodings() {
    let table = vec![
        case("check: a byte-order mark at the start is valid", 0, |s| {
            vec!["check".into(), s.fixture("bom-start.ron")]
        })
        .out(&["1 files checked, 0 invalid"]),
        case("show: a byte-order mark at the start is ignored", 0, |s| {
            vec!["show".into(), s.fixture("bom-start.ron")]
        })
        .out(&["Calf hold"]),
        case("run: a byte-order mark at the start is ignored", 0, |s| {
            args(&["run", "--mute", "--no-rate", "--plain", "--speed", "100"])
                .into_iter()
                .chain([s.fixture("bom-start.ron")])
                .collect()
        })
        .out(&["Calf hold"]),
        case("check: two byte-order marks: the second is text", 1, |s| {
            vec!["check".into(), s.fixture("bom-twice.ron")]
        })
        .located("bom-twice.ron", Some(1)),
        case("check: CRLF line ends are valid", 0, |s| {
            vec!["check".into(), s.fixture("crlf.ron")]
        }),
        case("check: CRLF and a byte-order mark are valid", 0, |s| {
            vec!["check".into(), s.fixture("crlf-bom.ron")]
        }),
        case("show: CRLF line ends", 0, |s| {
            vec!["show".into(), s.fixture("crlf.ron")]
        })
        .out(&["Calf hold"]),
        case("check: zero-width joiners inside emoji are valid", 0, |s| {
            vec!["check".into(), s.fixture("emoji-zwj.ron")]
        }),
        case("show: emoji sequences are shown as they are", 0, |s| {
            vec!["show".into(), s.fixture("emoji-zwj.ron")]
        })
        .out(&["Calf hold \u{1F9D8}\u{200D}\u{2640}"]),
        case("check: a file of NUL bytes", 1, |s| {
            vec!["check".into(), s.fixture("nul-bytes.ron")]
        })
        .located("nul-bytes.ron", Some(1)),
        case("check: invalid UTF-8 at the start", 1, |s| {
            vec!["check".into(), s.fixture("invalid-utf8.ron")]
        })
        .located("invalid-utf8.ron", Some(1))
        .out(&["UTF-8"]),
        case("check: invalid UTF-8 inside a string", 1, |s| {
            vec!["check".into(), s.fixture("invalid-utf8-in-string.ron")]
        })
        .located("invalid-utf8-in-string.ron", Some(2))
        .out(&["UTF-8"]),
        case("check: an overlong encoding of ESC", 1, |s| {
            vec!["check".into(), s.fixture("overlong-utf8-esc.ron")]
        })
        .located("overlong-utf8-esc.ron", Some(2))
        .out(&["UTF-8"]),
    ];
    run_table(table);
}

#[test]
fn routine_files_too_large_or_too_deep() {
    let mut huge = routine_with(Field::Title, "Calf hold");
    huge.push_str("// ");
    huge.push_str(&"x".repeat(300 * 1024));
    huge.push('\n');
    let table = vec![
        case("check: a file over 256 KiB", 1, move |s| {
            vec!["check".into(), s.file("huge.ron", &huge)]
        })
        .out(&["huge.ron", "error: ", "KiB"]),
        case("run: a file over 256 KiB", 1, |s| {
            let text = format!("{}// {}\n", TINY, "y".repeat(257 * 1024));
            vec!["run".into(), s.file("huge.ron", text), "--mute".into()]
        })
        .err(&["huge.ron", "KiB"]),
        case("check: a 10 MB single line", 1, |s| {
            vec!["check".into(), s.file("line.ron", "(".repeat(10 << 20))]
        })
        .out(&["line.ron", "error: "]),
        case("check: 20,000 nested brackets", 1, |s| {
            let text = format!(
                "Routine(title: \"Deep\", steps: {}{})",
                "[".repeat(20_000),
                "]".repeat(20_000)
            );
            vec!["check".into(), s.file("deep.ron", text)]
        })
        .located("deep.ron", None),
        case("show: 100,000 nested parentheses", 1, |s| {
            let text = format!("{}{}", "Routine(".repeat(100_000), ")".repeat(100_000));
            vec!["show".into(), s.file("deeper.ron", text)]
        })
        .err(&["deeper.ron"]),
    ];
    run_table(table);
}

#[test]
fn routine_paths_that_are_not_files() {
    let table = vec![
        case("run: a FIFO does not hang", 1, |s| {
            fifo(&s.work.join("pipe.ron"));
            args(&["run", "pipe.ron", "--mute", "--no-rate"])
        })
        .err(&["pipe.ron", "FIFO"]),
        case("show: a FIFO does not hang", 1, |s| {
            fifo(&s.work.join("pipe.ron"));
            args(&["show", "pipe.ron"])
        })
        .err(&["pipe.ron", "FIFO"]),
        case("check: a FIFO does not hang", 1, |s| {
            fifo(&s.work.join("pipe.ron"));
            args(&["check", "pipe.ron"])
        })
        .out(&["pipe.ron", "FIFO"]),
        // Not a routine file: skipped or reported, but never waited on.
        case(
            "check: a FIFO inside a checked folder is reported, without hanging",
            1,
            |s| {
                fifo(&s.work.join("dir/pipe.ron"));
                s.file("dir/ok.ron", TINY);
                args(&["check", "dir"])
            },
        )
        .out(&["pipe.ron", "FIFO", "2 files checked, 1 invalid"]),
        case("check: a link to /dev/zero", 1, |s| {
            symlink("/dev/zero", &s.work.join("zero.ron"));
            args(&["check", "zero.ron"])
        })
        .out(&["zero.ron", "device"]),
        case("run: a link to /dev/zero", 1, |s| {
            symlink("/dev/zero", &s.work.join("zero.ron"));
            args(&["run", "zero.ron", "--mute", "--no-rate"])
        })
        .err(&["zero.ron", "device"]),
        case("show: /dev/zero itself", 1, |_| {
            args(&["show", "/dev/zero"])
        })
        .err(&["/dev/zero"]),
        case("show: a symlink loop", 1, |s| {
            link_loop(&s.work.join("loop.ron"), &s.work.join("pool.ron"));
            args(&["show", "loop.ron"])
        })
        .err(&["loop.ron", "link"]),
        case("check: a symlink loop", 1, |s| {
            link_loop(&s.work.join("loop.ron"), &s.work.join("pool.ron"));
            args(&["check", "loop.ron"])
        })
        .out(&["loop.ron", "link"]),
        case("show: a folder named x.ron", 1, |s| {
            std::fs::create_dir(s.work.join("x.ron")).expect("folder");
            args(&["show", "x.ron"])
        })
        .err(&["x.ron", "folder"]),
        case("run: a folder named x.ron", 1, |s| {
            std::fs::create_dir(s.work.join("x.ron")).expect("folder");
            args(&["run", "x.ron", "--mute", "--no-rate"])
        })
        .err(&["x.ron", "folder"]),
    ];
    run_table(table);
}

#[test]
fn odd_files_and_names_in_the_user_folder() {
    let table = vec![
        case(
            "list: a FIFO and a /dev/zero link among the user's routines",
            0,
            |s| {
                fifo(&s.in_home("routines/pipe.ron"));
                symlink("/dev/zero", &s.in_home("routines/zero.ron"));
                args(&["list"])
            },
        )
        .out(&["pipe", "zero", "calf-release"]),
        case(
            "list: a routine with a right-to-left override in its title",
            0,
            |s| {
                write(
                    &s.in_home("routines/trojan.ron"),
                    std::fs::read(fixture("trojan-title.ron")).expect("fixture"),
                );
                args(&["list"])
            },
        )
        .out(&["trojan"]),
        case(
            "list: a file name with ESC in it is not echoed raw",
            0,
            |s| {
                write(&s.in_home("routines/a\x1b[31mred.ron"), TINY);
                args(&["list"])
            },
        )
        .out(&["\\u{1b}[31mred"]),
        case("list: a file name with a newline in it", 0, |s| {
            write(&s.in_home("routines/two\nlines.ron"), TINY);
            args(&["list"])
        })
        .then(|_, run| {
            // `lines` must not start a line of its own.
            match run.out().lines().find(|l| l.starts_with("lines")) {
                Some(l) => Err(format!("the name's second half has a line: {l:?}")),
                None => Ok(()),
            }
        }),
        case("list --json: odd file names", 0, |s| {
            write(&s.in_home("routines/a\x1b[31mred.ron"), TINY);
            write(&s.in_home("routines/b\u{202e}txt.ron"), TINY);
            args(&["list", "--json"])
        })
        .then(|_, run| {
            serde_json::from_slice::<serde_json::Value>(&run.stdout)
                .map(drop)
                .map_err(|e| format!("stdout is not JSON: {e}"))
        }),
        case("list: a file name that is not UTF-8", 0, |s| {
            write(
                &s.in_home(OsStr::from_bytes(b"routines/c\xff\x9b.ron")),
                TINY,
            );
            args(&["list"])
        })
        .out(&["UTF-8"]),
        case(
            "check: a folder with a non-UTF-8 and an ESC file name",
            1,
            |s| {
                s.file(OsStr::from_bytes(b"dir/c\xff\x9b.ron"), "Routine(");
                s.file("dir/e\x1b]0;x\x07.ron", "Routine(");
                args(&["check", "dir"])
            },
        )
        .out(&["2 files checked, 2 invalid"]),
        case("check: a path argument with an ESC in it", 1, |s| {
            vec!["check".into(), s.file("e\x1b[2J.ron", "Routine(")]
        })
        .out(&["[2J.ron"]),
    ];
    run_table(table);
}

// ---------------------------------------------------------------------------
// `check DIR | head -1`: a reader that closes early.

#[test]
fn check_into_a_reader_that_closes_early_still_exits_1() {
    let scene = Scene::new();
    // Enough output to fill the pipe, so limber is still writing when it closes.
    for i in 0..3000 {
        write(
            &scene.work.join(format!("dir/r{i:04}.ron")),
            "Routine(title: \"\", steps: [])\n",
        );
    }
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(CAPPED)
        .arg(assert_cmd::cargo::cargo_bin("limber"))
        .args(["check", "dir"])
        .current_dir(&scene.work)
        .env("LIMBER_HOME", &scene.home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("limber starts");
    let mut first = String::new();
    {
        let stdout = child.stdout.take().expect("piped stdout");
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("one line");
        // The reader goes away here, as `head -1` would.
    }
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().expect("kill");
            child.wait().expect("reap");
            panic!("limber check did not end after its reader closed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut stderr = Vec::new();
    std::io::Read::read_to_end(&mut child.stderr.take().expect("piped stderr"), &mut stderr)
        .expect("read stderr");
    assert!(first.contains("r0000.ron"), "{first:?}");
    assert_clean("the first line", first.as_bytes());
    assert_clean("stderr", &stderr);
    let err = String::from_utf8_lossy(&stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        status.code(),
        Some(1),
        "invalid files were found, whoever stopped reading: {status:?} {err}"
    );
}

// ---------------------------------------------------------------------------
// Arguments and the environment.

#[test]
fn hostile_arguments_and_environment() {
    let table = vec![
        case("run: an id with a clear-screen sequence", 1, |_| {
            args(&["run", "\x1b[2Jx", "--mute"])
        })
        .err(&["[2Jx"]),
        case("show: an id with a zero-width space", 1, |_| {
            args(&["show", "a\u{200b}b"])
        })
        .err(&["\\u{200b}"]),
        case("show: an id with a right-to-left override", 1, |_| {
            args(&["show", "\u{202e}lave"])
        })
        .err(&["lave"]),
        case(
            "check: a missing path with an OSC title sequence",
            1,
            |_| args(&["check", "\x1b]0;pwned\x07.ron"]),
        )
        .says(&["pwned"]),
        case("run: --speed with a BEL", 2, |s| {
            let mut a = args(&["run", "--speed", "\x07"]);
            a.push(s.file("tiny.ron", TINY));
            a
        })
        .err(&["speed"]),
        case("run: --volume with a C1 CSI", 2, |s| {
            let mut a = args(&["run", "--volume", "\u{9b}31m"]);
            a.push(s.file("tiny.ron", TINY));
            a
        })
        .err(&["volume", "31m"]),
        case("run: an unknown flag with an ESC", 2, |s| {
            let mut a = args(&["run", "--fo\x1b[5mo"]);
            a.push(s.file("tiny.ron", TINY));
            a
        })
        .err(&["[5mo"]),
        case("an unknown subcommand with an ESC", 2, |_| {
            args(&["\x1b[2Jrun"])
        })
        .err(&["[2Jrun"]),
        case("history --since with an ESC", 2, |_| {
            args(&["history", "--since", "\x1b[31m2025"])
        })
        .err(&["since"]),
        case("run: a non-UTF-8 argument", 2, |_| {
            vec!["run".into(), OsStr::from_bytes(b"\xff\x9b2J").into()]
        }),
        case(
            "LIMBER_HOME with an ESC, and an invalid settings file",
            0,
            |s| {
                s.home = s.root.join("home\x1b[31m");
                write(&s.home.join("settings.ron"), "(volumme: 3)");
                s.session(false)
            },
        )
        .err(&["settings.ron"]),
        case(
            "LIMBER_HOME with an ESC, and a sound that will not play",
            0,
            |s| {
                s.home = s.root.join("home\x1b[31m");
                write(&s.home.join("sounds/halfway.wav"), "RIFF");
                s.session(true)
            },
        )
        .says(&["halfway.wav"]),
        case("LIMBER_HOME with an ESC naming a file", 1, |s| {
            s.home = s.root.join("file\x1b[2J");
            write(&s.home, "");
            s.session(false)
        })
        .err(&["[2J"]),
        case(
            "history with LIMBER_HOME naming a file with an ESC",
            1,
            |s| {
                s.home = s.root.join("file\x1b[2J");
                write(&s.home, "");
                args(&["history"])
            },
        )
        .err(&["[2J"]),
        case("LIMBER_NOW with control characters", 2, |s| {
            s.env.push(("LIMBER_NOW", "\x1b[2J\x07".into()));
            args(&["history"])
        })
        .err(&["LIMBER_NOW"]),
    ];
    run_table(table);
}

/// Removes the styling limber (and clap) may use on a terminal: SGR sequences
/// (`ESC [ digits ; ... m`), and the pty's `\r\n`. Anything else that drives a
/// terminal is left for [`unsafe_char`] to find.
fn without_styling(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\x1b[") {
            let params = bytes[i + 2..]
                .iter()
                .take_while(|b| b.is_ascii_digit() || **b == b';')
                .count();
            if bytes.get(i + 2 + params) == Some(&b'm') {
                i += 3 + params;
                continue;
            }
        }
        if bytes[i..].starts_with(b"\r\n") {
            i += 1;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// On a terminal, error messages are written with colour, and a library that
/// strips escape sequences from a pipe passes them on to a terminal: the echoed
/// argument must be escaped there too. `script` (util-linux) gives limber a
/// terminal; stdout and stderr both go to it.
#[test]
fn on_a_terminal_echoed_arguments_hold_no_control_characters() {
    let rows: &[(&str, &[&str], i32)] = &[
        (
            "--speed with a clear screen and a BEL",
            &["run", "--speed", "\x1b[2J\x07x", "calf-release"],
            2,
        ),
        (
            "an unknown flag erasing the line",
            &["run", "--fo\x1b[2Ko", "calf-release"],
            2,
        ),
        (
            "an unknown subcommand with an OSC title",
            &["\x1b]0;pwned\x07"],
            2,
        ),
        (
            "--volume with a C1 CSI",
            &["run", "--volume", "\u{9b}2J", "calf-release"],
            2,
        ),
        (
            "a routine id with an OSC title",
            &["show", "\x1b]0;pwned\x07"],
            1,
        ),
        (
            "a routine id with a zero-width space",
            &["show", "a\u{200b}b"],
            1,
        ),
    ];
    let mut failed = Vec::new();
    for &(name, argv, code) in rows {
        let home = tempfile::tempdir().expect("temp dir");
        // The arguments go through the environment: no quoting to get wrong.
        let mut script = String::from(r#"exec "$LIMBER_BIN""#);
        let mut cmd = Command::new("script");
        for (i, arg) in argv.iter().enumerate() {
            write!(script, r#" "$ARG{i}""#).expect("a String takes it");
            cmd.env(format!("ARG{i}"), arg);
        }
        cmd.args(["--quiet", "--return", "--command", &script, "/dev/null"])
            .env("LIMBER_BIN", assert_cmd::cargo::cargo_bin("limber"))
            .env("LIMBER_HOME", home.path())
            .env("SHELL", "/bin/sh")
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .write_stdin("")
            .timeout(TIMEOUT);
        let out = cmd
            .output()
            .expect("`script` (util-linux) runs: install it to run this test");
        let shown = without_styling(&out.stdout);
        let text = String::from_utf8_lossy(&shown);
        let mut problems = Vec::new();
        if out.status.code() != Some(code) {
            problems.push(format!("exit {:?}, expected {code}", out.status.code()));
        }
        if let Some(bad) = unsafe_char(&shown) {
            problems.push(format!("the terminal got {bad}"));
        }
        if text.contains("panicked at") {
            problems.push("a panic".into());
        }
        if !problems.is_empty() {
            failed.push(format!("{name}: {}\n    {text:?}", problems.join("; ")));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} rows failed:\n{}",
        failed.len(),
        rows.len(),
        failed.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Sounds in `$LIMBER_HOME/sounds/`: a session with the sound on (there is no
// sound card here; the sounds are still loaded) finishes, and says which file
// will not play.

/// A PCM WAV header and `frames` silent frames, as the fields say.
fn wav(rate: u32, channels: u16, bits: u16, frames: u32) -> Vec<u8> {
    let block = channels * (bits / 8);
    let data_len = frames * u32::from(block);
    let mut out = Vec::new();
    out.extend(b"RIFF");
    out.extend((36 + data_len).to_le_bytes());
    out.extend(b"WAVEfmt ");
    out.extend(16u32.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(channels.to_le_bytes());
    out.extend(rate.to_le_bytes());
    out.extend(rate.wrapping_mul(u32::from(block)).to_le_bytes());
    out.extend(block.to_le_bytes());
    out.extend(bits.to_le_bytes());
    out.extend(b"data");
    out.extend(data_len.to_le_bytes());
    out.resize(out.len() + data_len as usize, 0);
    out
}

#[test]
fn hostile_sounds_never_stop_a_session() {
    // A sound that may still decode (a few samples, an odd rate): the session must
    // only finish cleanly; a warning is up to the loader.
    let odd = |name: &'static str, what: &str, make: fn(&Path)| {
        case(format!("sounds/{name}: {what}"), 0, move |s: &mut Scene| {
            make(&s.in_home(format!("sounds/{name}")));
            s.session(true)
        })
        .out(&["Done"])
    };
    // A sound that cannot play: the session finishes and a warning names the file.
    let sound =
        |name: &'static str, what: &str, make: fn(&Path)| odd(name, what, make).says(&[name]);
    let table = vec![
        sound("done.wav", "sample rate 0", |p| {
            write(p, wav(0, 1, 16, 100));
        }),
        sound("end.wav", "no channels", |p| {
            write(p, wav(44_100, 0, 16, 100));
        }),
        sound("tick.wav", "0 bits a sample", |p| {
            write(p, wav(44_100, 1, 0, 100));
        }),
        odd("switch.wav", "a rate of 4 GHz", |p| {
            write(p, wav(u32::MAX, 2, 16, 10));
        }),
        sound("halfway.wav", "a truncated header", |p| {
            write(p, &wav(44_100, 1, 16, 100)[..20]);
        }),
        odd("prompt.wav", "4 GB of samples promised", |p| {
            // The header claims 4 GB of samples; the file has 8 bytes.
            let mut bytes = wav(44_100, 1, 16, 0);
            let at = bytes.len() - 4;
            bytes[at..].copy_from_slice(&u32::MAX.to_le_bytes());
            bytes.extend([0; 8]);
            write(p, bytes);
        }),
        sound("start.wav", "a link to /dev/zero", |p| {
            symlink("/dev/zero", p);
        }),
        sound("rest.wav", "a FIFO", fifo),
        sound("tick.wav", "a FIFO", fifo),
        sound("end.wav", "a folder", |p| {
            std::fs::create_dir_all(p).expect("folder");
        }),
        sound("done.wav", "a symlink loop", |p| {
            link_loop(p, &p.with_extension("loop"));
        }),
        sound("start.ogg", "a broken Ogg page", |p| {
            write(p, b"OggS\0\x02garbage garbage garbage");
        }),
        sound("rest.flac", "a broken FLAC header", |p| {
            write(p, b"fLaC\0\0\0\x22 not a stream info");
        }),
        sound("halfway.wav", "text", |p| write(p, "not a sound at all\n")),
    ];
    run_table(table);
}

// ---------------------------------------------------------------------------
// The history log.

fn history_case(name: &str, code: i32, make: impl Fn(&Path) + 'static) -> Case {
    case(format!("history: {name}"), code, move |s| {
        make(&s.in_home("history.jsonl"));
        args(&["history"])
    })
}

fn with_fixture(name: &'static str) -> impl Fn(&Path) {
    move |p| write(p, std::fs::read(fixture(name)).expect("fixture"))
}

fn sessions(n: usize) -> impl Fn(&Scene, &Run) -> Result<(), String> {
    move |_, run| {
        let want = if n == 1 {
            "1 session,".to_owned()
        } else {
            format!("{n} sessions,")
        };
        if run.out().contains(&want) {
            Ok(())
        } else {
            Err(format!("the summary does not count {want:?}"))
        }
    }
}

#[test]
fn history_logs_that_are_not_files() {
    run_table(vec![
        history_case("a link to /dev/zero", 1, |p| symlink("/dev/zero", p)).err(&["history.jsonl"]),
        history_case("a FIFO", 1, fifo).err(&["history.jsonl", "FIFO"]),
        history_case("a folder", 1, |p| {
            std::fs::create_dir_all(p).expect("folder");
        })
        .err(&["history.jsonl"]),
        history_case("a symlink loop", 1, |p| {
            link_loop(p, &p.with_extension("loop"));
        })
        .err(&["history.jsonl", "link"]),
    ]);
}

#[test]
fn hostile_history_logs() {
    let v1 = || std::fs::read_to_string(fixture("history-v1-no-id.jsonl")).expect("fixture");
    let table = vec![
        history_case("a 2 MB unfinished line, then valid records", 0, move |p| {
            let mut text = format!("{{\"title\":\"{}", "a".repeat(2 << 20));
            text.push('\n');
            text.push_str(&v1());
            text.push_str(&v1().replace("2025-02-20", "2025-02-22"));
            write(p, text);
        })
        .err(&["line 1"])
        .then(sessions(2)),
        history_case(
            "2 MB without a line break before the records",
            0,
            move |p| {
                let mut bytes = vec![b'x'; 2 << 20];
                bytes.push(b'\n');
                bytes.extend(v1().bytes());
                write(p, bytes);
            },
        )
        .err(&["line 1"])
        .then(sessions(1)),
        history_case(
            "binary garbage between valid lines",
            0,
            with_fixture("history-garbage.jsonl"),
        )
        .err(&["warning"])
        .then(sessions(2)),
        history_case(
            "a v1 line without an id",
            0,
            with_fixture("history-v1-no-id.jsonl"),
        )
        .then(sessions(1)),
        history_case(
            "control characters escaped inside JSON strings",
            0,
            with_fixture("history-escaped-controls.jsonl"),
        )
        .out(&["\\u{1b}[2J"])
        .then(sessions(1)),
        history_case(
            "raw invisible characters in the title",
            0,
            with_fixture("history-raw-invisible.jsonl"),
        )
        .out(&["\\u{202e}"])
        .then(sessions(1)),
        history_case("NUL bytes only", 0, |p| write(p, vec![0u8; 4096])).err(&["line 1"]),
        history_case("100,000 nested arrays", 0, |p| {
            write(p, "[".repeat(100_000));
        })
        .err(&["line 1"]),
        case(
            "a session appends after a torn, garbage-filled log",
            0,
            |s| {
                with_fixture("history-garbage.jsonl")(&s.in_home("history.jsonl"));
                s.session(false)
            },
        )
        .then(|s, _| {
            let run = limber(s, &args(&["history", "--json"]));
            let doc: serde_json::Value = serde_json::from_slice(&run.stdout)
                .map_err(|e| format!("history --json after the session: {e}"))?;
            match doc.as_array().map(Vec::len) {
                Some(3) => Ok(()),
                other => Err(format!("{other:?} records after the session, not 3")),
            }
        }),
    ];
    run_table(table);
}

/// `--json` and `--csv` hand the log's text on: escaped, still valid.
#[test]
fn history_exports_of_hostile_text() {
    run_table(vec![
        case("history --json: raw invisible characters", 0, |s| {
            with_fixture("history-raw-invisible.jsonl")(&s.in_home("history.jsonl"));
            args(&["history", "--json"])
        })
        .then(|_, run| {
            let doc: serde_json::Value = serde_json::from_slice(&run.stdout)
                .map_err(|e| format!("stdout is not JSON: {e}"))?;
            let title = doc[0]["title"].as_str().unwrap_or_default();
            if title.contains('\u{202e}') {
                Ok(())
            } else {
                Err(format!("the title lost its characters: {title:?}"))
            }
        }),
        case("history --csv: escaped and raw controls", 0, |s| {
            let mut text =
                std::fs::read_to_string(fixture("history-raw-invisible.jsonl")).expect("fixture");
            text.push_str(
                &std::fs::read_to_string(fixture("history-escaped-controls.jsonl"))
                    .expect("fixture"),
            );
            write(&s.in_home("history.jsonl"), text);
            args(&["history", "--csv"])
        }),
        case("history --json: escaped controls stay escaped", 0, |s| {
            with_fixture("history-escaped-controls.jsonl")(&s.in_home("history.jsonl"));
            args(&["history", "--json"])
        }),
    ]);
}

// ---------------------------------------------------------------------------
// `settings.ron`: whatever it is, a session runs and a warning names it.

fn settings_case(name: &str, make: impl Fn(&Path) + 'static) -> Case {
    case(format!("settings.ron: {name}"), 0, move |s| {
        make(&s.in_home("settings.ron"));
        s.session(false)
    })
    .err(&["settings.ron"])
    .out(&["Done"])
}

#[test]
fn hostile_settings_never_stop_a_session() {
    let table = vec![
        settings_case("a folder", |p| std::fs::create_dir_all(p).expect("folder")),
        settings_case("a FIFO", fifo),
        settings_case("a link to /dev/zero", |p| symlink("/dev/zero", p)),
        settings_case("a symlink loop", |p| {
            link_loop(p, &p.with_extension("loop"));
        }),
        settings_case("invalid", with_fixture("settings-invalid.ron")),
        settings_case(
            "a volume of 300",
            with_fixture("settings-volume-too-loud.ron"),
        ),
        settings_case("an ESC in an unknown field's value", |p| {
            write(p, "(voice: \"\x1b[2J\x07\")");
        }),
        settings_case("10 MB", |p| write(p, format!("({})", " ".repeat(10 << 20)))),
        settings_case("not UTF-8", |p| write(p, b"(voice: \xff\xfe)")),
    ];
    run_table(table);
}

// ---------------------------------------------------------------------------
// An unwritable data folder: the session runs, says it cannot save, prints its
// record on stdout and exits 1.

fn unsaved_record(_: &Scene, run: &Run) -> Result<(), String> {
    let out = run.out();
    let line = out
        .lines()
        .find(|l| l.starts_with('{'))
        .ok_or("no record on stdout")?;
    let record: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("the record is not JSON: {e}"))?;
    if record["routine"] == "tiny" && record["outcome"] == "completed" {
        Ok(())
    } else {
        Err(format!("not the session's record: {record}"))
    }
}

#[test]
fn an_unwritable_data_folder_still_runs_the_session() {
    let table = vec![
        case("LIMBER_HOME is a regular file", 1, |s| {
            s.home = s.root.join("plain-file");
            write(&s.home, "");
            s.session(false)
        })
        .err(&["save"])
        .then(unsaved_record),
        case("LIMBER_HOME is /dev/null", 1, |s| {
            s.home = PathBuf::from("/dev/null");
            s.session(false)
        })
        .err(&["save"])
        .then(unsaved_record),
        case("history.jsonl is a folder", 1, |s| {
            std::fs::create_dir_all(s.in_home("history.jsonl")).expect("folder");
            s.session(false)
        })
        .err(&["save", "history.jsonl"])
        .then(unsaved_record),
        case("LIMBER_HOME is below a regular file", 1, |s| {
            let file = s.root.join("plain-file");
            write(&file, "");
            s.home = file.join("home");
            s.session(false)
        })
        .err(&["save"])
        .then(unsaved_record),
    ];
    run_table(table);
}
