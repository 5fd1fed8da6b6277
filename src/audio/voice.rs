//! Spoken guidance: text rendered to WAV by the system's speech program
//! (`espeak-ng` on Linux, `say` on macOS) and played through the same mixer as
//! the cues, so it obeys mute and volume.

use super::sounds::decode;
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
