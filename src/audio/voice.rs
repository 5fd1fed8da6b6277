//! Spoken guidance: text rendered to WAV by the system's speech program
//! (`espeak-ng` on Linux, `say` on macOS) and played through the same mixer as
//! the cues, so it obeys mute and volume.
//!
//! The text comes from routine files, so it is data, never options: it goes to
//! the program on stdin, never on its command line (`-f/etc/hostname` as an
//! argument would make espeak-ng read that file aloud). The program runs with
//! its stderr discarded and a time limit, and its output is read with a size
//! limit, so a stuck or chatty program cannot hold up limber.

use super::decode::{MAX_FILE, decode};
use super::program::{limit, run};
use rodio::buffer::SamplesBuffer;
use std::ffi::OsString;
use std::path::Path;
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

/// Renders `text` to audio.
pub fn render(program: &str, text: &str) -> Result<SamplesBuffer, String> {
    if program == "say" {
        // `say` writes a file, not stdout: into a private folder of its own,
        // where no one else on a shared machine can plant a symlink.
        let dir = tempfile::Builder::new()
            .prefix("limber-say-")
            .tempdir()
            .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        let out = dir.path().join("utterance.wav");
        let call = command_for(program, text, Some(&out));
        let (status, _) = run(program, &call.args, Some(&call.stdin), false, TIMEOUT)?;
        if !status.success() {
            return Err(format!("say failed ({status})"));
        }
        let bytes = crate::store::file::read_limited(&out, MAX_FILE).map_err(|e| e.to_string())?;
        decode(bytes)
    } else {
        let call = command_for(program, text, None);
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

/// The call that speaks `text` with `program`; `out` is the file `say`
/// writes (espeak-ng writes to stdout).
fn command_for(program: &str, text: &str, out: Option<&Path>) -> Call {
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
        ["--stdout", "-s", "165", "--stdin"]
            .into_iter()
            .map(OsString::from)
            .collect()
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
    use rodio::Source;
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
            let plain = command_for(program, "hello", Some(out));
            for text in HOSTILE {
                let call = command_for(program, text, Some(out));
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
        decode(output.stdout).expect("espeak-ng speaks").collect()
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
        let spoken: Vec<f32> = render(program, &text).expect("renders").collect();
        assert!(
            spoken == espeak(&["--", &text]),
            "the characters of {text:?} are spoken"
        );
        assert!(
            spoken != espeak(&["-f", &secret.display().to_string()]),
            "not the file"
        );
        let help = render(program, "--help").expect("--help renders");
        let length = help.total_duration().unwrap_or_default();
        assert!(
            length > Duration::from_millis(300),
            "speech too short: {length:?}"
        );
        assert!(help.collect::<Vec<_>>() == espeak(&["--", "--help"]));
    }

    #[cfg(not(target_os = "macos"))]
    #[test]
    fn renders_speech_to_audio() {
        let program = espeak_ng();
        let sound = render(
            program,
            "Right side.\nWall calf stretch.\u{1b}[2J 30 seconds.",
        )
        .expect("speech renders");
        let length = sound.total_duration().unwrap_or_default();
        assert!(length.as_secs_f64() > 1.0, "speech too short: {length:?}");
        assert!(sound.clone().any(|s| s.abs() > 0.05), "speech is silent");
        assert!(render("no-such-speech-program", "x").is_err());
    }
}
