//! Spoken guidance: text rendered to WAV by the system's speech program
//! (`espeak-ng` on Linux, `say` on macOS) and played through the same mixer as
//! the cues, so it obeys mute and volume.
//!
//! The text comes from routine files, so it is data, never options: it goes to
//! the program on stdin, never on its command line (`-f/etc/hostname` as an
//! argument would make espeak-ng read that file aloud). The program runs with
//! its stderr discarded and a time limit, and its output is read with a size
//! limit, so a stuck or chatty program cannot hold up limber.
//!
//! The voice speaks the routine's `language` (espeak-ng's `-v`), chosen as a
//! session starts ([`use_language`]): a tag of BCP 47's shape only, passed as
//! an argument of its own, and only once the program has shown it has a voice
//! for it; otherwise the default voice speaks and the user is told once.

use super::decode::{MAX_FILE, decode};
use super::program::{limit, run};
use super::sound::Sound;
use crate::core::routine::language::is_language_tag;
use std::ffi::OsString;
use std::path::Path;
use std::sync::RwLock;
use std::time::Duration;

/// The speech programs tried, in order.
#[cfg(target_os = "macos")]
const PROGRAMS: [&str; 1] = ["say"];
#[cfg(not(target_os = "macos"))]
const PROGRAMS: [&str; 2] = ["espeak-ng", "espeak"];

/// The longest text spoken, in bytes: far more than the 4 s a sound may last,
/// and less than a pipe holds, so writing it never waits on the program.
const MAX_TEXT: usize = 2048;
/// How long a speech program may take (espeak-ng renders a sentence in ms).
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long the question whether a voice is installed may take: it holds up
/// the session's start (espeak-ng answers in a few ms).
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The language speech is rendered in, as [`use_language`] last chose; `None`
/// for the program's default voice. The audio thread reads it ([`language`])
/// when speech is asked for, and renders and keeps each text in it.
static LANGUAGE: RwLock<Option<String>> = RwLock::new(None);

/// A routine's language for which the speech program has no voice: said once,
/// and the default voice speaks instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingVoice {
    pub program: &'static str,
    pub language: String,
}

impl MissingVoice {
    /// `Voice: no espeak-ng voice for "pt-BR"; using the default`.
    pub fn message(&self) -> String {
        format!(
            "Voice: no {} voice for \"{}\"; using the default",
            self.program,
            crate::text::clean(&self.language)
        )
    }

    /// For a status bar: `no "pt-BR" voice`.
    pub fn short(&self) -> String {
        format!("no \"{}\" voice", crate::text::clean(&self.language))
    }
}

/// Picks the language speech is rendered in (a port, so sessions can be
/// tested without a speech program).
pub trait VoicePicker {
    /// Speak in `language` (a routine's BCP 47 tag) from now on when there is
    /// a voice for it; else the default voice, and what to tell the user.
    fn use_language(&mut self, language: Option<&str>) -> Option<MissingVoice>;
}

/// The system's speech program ([`find_program`]).
pub struct SystemVoice;

impl VoicePicker for SystemVoice {
    fn use_language(&mut self, language: Option<&str>) -> Option<MissingVoice> {
        use_language(language)
    }
}

/// Always the default voice, nothing asked (sessions under test).
pub struct DefaultVoice;

impl VoicePicker for DefaultVoice {
    fn use_language(&mut self, _language: Option<&str>) -> Option<MissingVoice> {
        None
    }
}

/// Speak in `language` from now on, if the speech program has a voice for
/// it (asked once, here); else the default voice, and what to tell the user.
/// Nothing to say without a speech program: the player says that itself.
pub fn use_language(language: Option<&str>) -> Option<MissingVoice> {
    let chosen = match find_program() {
        Some(program) => choose(program, language, |args| {
            run(program, args, Some(""), false, PROBE_TIMEOUT)
                .is_ok_and(|(status, _)| status.success())
        }),
        None => Ok(None),
    };
    let (language, missing) = match chosen {
        Ok(language) => (language, None),
        Err(missing) => (None, Some(missing)),
    };
    if let Ok(mut current) = LANGUAGE.write() {
        *current = language;
    }
    missing
}

/// The language `program` speaks `language` in: `Ok(None)` for the default
/// voice (no language, or `say`, whose `-v` takes voice names, not
/// languages), `Ok(Some)` when `has_voice` (run with the arguments of a
/// silent utterance in it) says the voice is there, else what to tell the user.
fn choose(
    program: &'static str,
    language: Option<&str>,
    has_voice: impl FnOnce(&[OsString]) -> bool,
) -> Result<Option<String>, MissingVoice> {
    let Some(language) = language.filter(|_| program != "say") else {
        return Ok(None);
    };
    let args = voice_args(program, Some(language));
    let missing = || MissingVoice {
        program,
        language: language.to_string(),
    };
    if args.is_empty() {
        return Err(missing());
    }
    // `-q`: say nothing; the empty stdin is the utterance. espeak-ng exits 1
    // ("The specified espeak-ng voice does not exist") when there is none.
    let mut probe: Vec<OsString> = vec!["-q".into()];
    probe.extend(args);
    probe.push("--stdin".into());
    if has_voice(&probe) {
        Ok(Some(language.to_string()))
    } else {
        Err(missing())
    }
}

/// The arguments that choose `language`'s voice: `-v` and the tag, two
/// arguments, never one (`-vTAG`), and only for a tag of BCP 47's shape, which
/// starts with a letter, so it is never read as an option. Nothing for `say`,
/// whose `-v` takes voice names.
fn voice_args(program: &str, language: Option<&str>) -> Vec<OsString> {
    match language {
        Some(tag) if program != "say" && is_language_tag(tag) => {
            vec!["-v".into(), tag.into()]
        }
        _ => Vec::new(),
    }
}

/// Which speech program is installed, if any. Nothing is spoken: espeak-ng is
/// asked its version, `say` its voices.
pub fn find_program() -> Option<&'static str> {
    PROGRAMS.into_iter().find(|p| {
        let probe: &[&str] = if *p == "say" {
            &["-v", "?"]
        } else {
            &["--version"]
        };
        let args = probe.iter().map(OsString::from).collect::<Vec<_>>();
        run(p, &args, None, false, TIMEOUT).is_ok_and(|(status, _)| status.success())
    })
}

/// The language [`use_language`] chose last.
pub fn language() -> Option<String> {
    LANGUAGE.read().ok().and_then(|l| l.clone())
}

/// Renders `text` to audio in `language` (`None`: the default voice).
pub fn render_in(program: &str, text: &str, language: Option<&str>) -> Result<Sound, String> {
    if program == "say" {
        // `say` writes a file, not stdout: into a private folder of its own,
        // where no one else on a shared machine can plant a symlink.
        let dir = tempfile::Builder::new()
            .prefix("limber-say-")
            .tempdir()
            .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        let out = dir.path().join("utterance.wav");
        let call = command_for(program, text, Some(&out), None);
        let (status, _) = run(program, &call.args, Some(&call.stdin), false, TIMEOUT)?;
        if !status.success() {
            return Err(format!("say failed ({status})"));
        }
        let bytes = crate::store::file::read_limited(&out, MAX_FILE).map_err(|e| e.to_string())?;
        decode(bytes)
    } else {
        let call = command_for(program, text, None, language);
        let (status, bytes) = run(program, &call.args, Some(&call.stdin), true, TIMEOUT)?;
        // Killed for writing too much is fine: only the start plays.
        if !status.success() && bytes.len() < limit() {
            return Err(format!("{program} failed ({status})"));
        }
        decode(bytes)
    }
}

/// How a speech program is called: options only on its command line, the text
/// on its stdin.
#[derive(Debug, PartialEq, Eq)]
struct Call {
    args: Vec<OsString>,
    stdin: String,
}

/// The call that speaks `text` with `program` in `language` (see
/// [`voice_args`]); `out` is the file `say` writes (espeak-ng writes to stdout).
fn command_for(program: &str, text: &str, out: Option<&Path>, language: Option<&str>) -> Call {
    let args = if program == "say" {
        let out = out.map_or_else(OsString::new, |p| p.as_os_str().to_owned());
        vec![
            "--data-format=LEI16@22050".into(),
            "-o".into(),
            out,
            "-f".into(),
            "-".into(),
        ]
    } else {
        let mut args: Vec<OsString> = vec!["--stdout".into(), "-s".into(), "165".into()];
        args.extend(voice_args(program, language));
        args.push("--stdin".into());
        args
    };
    Call {
        args,
        stdin: speakable(text),
    }
}

/// The text as spoken: control characters (a newline, an escape sequence)
/// become spaces, and it is cut to [`MAX_TEXT`] bytes.
fn speakable(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| if crate::text::is_unsafe(c) { ' ' } else { c })
        .collect();
    if out.len() > MAX_TEXT {
        let cut = (0..=MAX_TEXT)
            .rev()
            .find(|&i| out.is_char_boundary(i))
            .unwrap_or(0);
        out.truncate(cut);
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Command, Stdio};

    const HOSTILE: [&str; 7] = [
        "-f/etc/hostname",
        "--help",
        "-w /tmp/x.wav",
        "--compile=en",
        "-",
        "--",
        "Right side.\nWall calf stretch.",
    ];

    #[test]
    fn the_text_is_never_an_argument_only_stdin() {
        let out = Path::new("/private/limber-say-x/utterance.wav");
        for program in ["espeak-ng", "espeak", "say"] {
            let plain = command_for(program, "hello", Some(out), None);
            for text in HOSTILE {
                let call = command_for(program, text, Some(out), None);
                assert_eq!(
                    call.args, plain.args,
                    "{program}: the arguments do not depend on {text:?}"
                );
                assert_eq!(call.stdin, speakable(text));
            }
            assert!(
                !plain
                    .args
                    .iter()
                    .any(|a| a.to_string_lossy().contains("hello"))
            );
            let stdin_flag = if program == "say" { "-" } else { "--stdin" };
            assert_eq!(
                plain.args.last().map(OsString::as_os_str),
                Some(stdin_flag.as_ref())
            );
        }
    }

    #[test]
    fn the_language_is_a_tag_after_v_in_an_argument_of_its_own() {
        let args = |program, language| {
            command_for(program, "Rep seven", None, language)
                .args
                .into_iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            args("espeak-ng", Some("pt-BR")),
            ["--stdout", "-s", "165", "-v", "pt-BR", "--stdin"]
        );
        assert_eq!(
            args("espeak-ng", None),
            ["--stdout", "-s", "165", "--stdin"]
        );
        // Anything not shaped like a language tag is never passed at all.
        for hostile in [
            "-f/etc/hostname",
            "--stdin",
            "-",
            "",
            "de de",
            "de\n",
            "english",
            "de_DE",
            "x",
        ] {
            assert_eq!(
                args("espeak-ng", Some(hostile)),
                args("espeak-ng", None),
                "{hostile:?}"
            );
        }
        // `say -v` takes voice names, not languages: the default voice.
        let say = command_for("say", "x", Some(Path::new("/o.wav")), Some("de"));
        assert_eq!(
            say,
            command_for("say", "x", Some(Path::new("/o.wav")), None)
        );
    }

    #[test]
    fn a_language_without_a_voice_falls_back_to_the_default_and_says_so() {
        let mut asked: Vec<Vec<String>> = Vec::new();
        let mut ask = |language, answer| {
            choose("espeak-ng", language, |args: &[OsString]| {
                asked.push(args.iter().map(|a| a.to_string_lossy().into()).collect());
                answer
            })
        };
        assert_eq!(ask(Some("de"), true), Ok(Some("de".into())));
        let missing = ask(Some("pt-BR"), false).expect_err("no pt-BR voice");
        assert_eq!(
            missing.message(),
            "Voice: no espeak-ng voice for \"pt-BR\"; using the default"
        );
        assert_eq!(missing.short(), "no \"pt-BR\" voice");
        assert_eq!(ask(None, false), Ok(None));
        // Not a tag: refused without asking the program.
        assert!(ask(Some("-f/etc/passwd"), true).is_err());
        assert_eq!(
            asked,
            [
                ["-q", "-v", "de", "--stdin"],
                ["-q", "-v", "pt-BR", "--stdin"]
            ]
        );
        // `say`: the default voice, nothing asked, nothing to say.
        assert_eq!(choose("say", Some("de"), |_| unreachable!()), Ok(None));
    }

    #[cfg(not(target_os = "macos"))]
    #[test]
    fn espeak_ng_says_which_voices_it_has() {
        let program = espeak_ng();
        let has = |tag: &str| {
            choose(program, Some(tag), |args| {
                run(program, args, Some(""), false, PROBE_TIMEOUT)
                    .is_ok_and(|(status, _)| status.success())
            })
        };
        assert_eq!(has("de"), Ok(Some("de".into())));
        // And speaks it with that voice: German, not English read aloud.
        let german: Vec<f32> = render_in(program, "Sieben", Some("de"))
            .expect("renders")
            .samples()
            .collect();
        assert!(german == espeak(&["-v", "de", "--", "Sieben"]));
        assert!(german != espeak(&["--", "Sieben"]));
        assert_eq!(has("pt-BR"), Ok(Some("pt-BR".into())));
        // A well-formed tag no voice speaks (Klingon).
        assert!(has("tlh").is_err());
    }

    #[test]
    fn control_characters_never_reach_the_speech_program() {
        assert_eq!(
            speakable("Right\u{1b}[31m side\u{7}\r\n"),
            "Right [31m side"
        );
        assert_eq!(speakable("a\u{202e}b\u{85}c"), "a b c");
        let long = "é".repeat(MAX_TEXT);
        let cut = speakable(&long);
        assert!(cut.len() <= MAX_TEXT && cut.chars().all(|c| c == 'é'));
    }

    /// What espeak-ng makes of `args`, as samples, run by hand.
    fn espeak(args: &[&str]) -> Vec<f32> {
        let output = Command::new("espeak-ng")
            .args(["--stdout", "-s", "165"])
            .args(args)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .expect("espeak-ng runs");
        decode(output.stdout)
            .expect("espeak-ng speaks")
            .samples()
            .collect()
    }

    fn espeak_ng() -> &'static str {
        let program = find_program().expect("espeak-ng must be installed (CI installs it)");
        assert_eq!(program, "espeak-ng");
        program
    }

    #[cfg(not(target_os = "macos"))]
    #[test]
    fn option_like_text_is_spoken_as_words() {
        let program = espeak_ng();
        let dir = tempfile::tempdir().expect("temp dir");
        let secret = dir.path().join("secret");
        std::fs::write(&secret, "banana").expect("write");
        let text = format!("-f{}", secret.display());
        let spoken: Vec<f32> = render_in(program, &text, None)
            .expect("renders")
            .samples()
            .collect();
        assert!(
            spoken == espeak(&["--", &text]),
            "the characters of {text:?} are spoken"
        );
        assert!(
            spoken != espeak(&["-f", &secret.display().to_string()]),
            "not the file"
        );
        let help = render_in(program, "--help", None).expect("--help renders");
        let length = help.duration();
        assert!(
            length > Duration::from_millis(300),
            "speech too short: {length:?}"
        );
        assert!(help.samples().collect::<Vec<_>>() == espeak(&["--", "--help"]));
    }

    #[cfg(not(target_os = "macos"))]
    #[test]
    fn renders_speech_to_audio() {
        let program = espeak_ng();
        let sound = render_in(
            program,
            "Right side.\nWall calf stretch.\u{1b}[2J 30 seconds.",
            None,
        )
        .expect("speech renders");
        let length = sound.duration();
        assert!(length.as_secs_f64() > 1.0, "speech too short: {length:?}");
        assert!(sound.samples().any(|s| s.abs() > 0.05), "speech is silent");
        assert!(render_in("no-such-speech-program", "x", None).is_err());
    }
}
