//! Spoken guidance: text rendered to WAV by the system's speech program
//! (`espeak-ng` on Linux, `say` on macOS) and played through the same mixer as
//! the cues, so it obeys mute and volume.

use super::decode::decode;
use rodio::buffer::SamplesBuffer;
use std::process::{Command, Stdio};

/// The speech programs tried, in order.
#[cfg(target_os = "macos")]
const PROGRAMS: [&str; 1] = ["say"];
#[cfg(not(target_os = "macos"))]
const PROGRAMS: [&str; 2] = ["espeak-ng", "espeak"];

/// Which speech program is installed, if any.
pub fn find_program() -> Option<&'static str> {
    PROGRAMS.into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    })
}

/// Renders `text` to audio.
pub fn render(program: &str, text: &str) -> Result<SamplesBuffer, String> {
    let bytes = if program == "say" {
        let dir = std::env::temp_dir().join(format!("limber-say-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let out = dir.join("utterance.wav");
        let status = Command::new("say")
            .args(["--data-format=LEI16@22050", "-o"])
            .arg(&out)
            .arg(text)
            .stderr(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("say failed ({status})"));
        }
        std::fs::read(&out).map_err(|e| e.to_string())?
    } else {
        let output = Command::new(program)
            .args(["--stdout", "-s", "165"])
            .arg(text)
            .stderr(Stdio::null())
            .output()
            .map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(format!("{program} failed ({})", output.status));
        }
        output.stdout
    };
    decode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rodio::Source;

    /// CI installs espeak-ng; on a machine without any speech program this
    /// checks that the lack is reported, which is what limber then does.
    #[test]
    fn renders_speech_to_audio_when_a_program_exists() {
        match find_program() {
            Some(program) => {
                let sound = render(program, "Right side. Wall calf stretch. 30 seconds.")
                    .expect("speech renders");
                let length = sound.total_duration().unwrap_or_default();
                assert!(length.as_secs_f64() > 1.0, "speech too short: {length:?}");
                assert!(sound.clone().any(|s| s.abs() > 0.05), "speech is silent");
            }
            None => assert!(render("no-such-speech-program", "x").is_err()),
        }
    }
}
