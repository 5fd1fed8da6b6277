//! `limber sounds`: plays the cues one by one, so a runner can check the
//! speakers and a coach can hear replaced sounds.

use crate::audio::stderr::StderrToLog;
use crate::audio::{AudioPlayer, AudioStatus, Options, SoundBank};
use crate::cli::error::{Error, Result};
use crate::core::cue::{Cue, CuePlayer};
use crate::core::routine::suggest::did_you_mean;
use crate::store::paths;
use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;

/// How long to wait for the device to answer before calling it unavailable.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

pub fn run(names: &[String], volume: u8, say: Option<&str>, out: &mut impl Write) -> Result<()> {
    let cues = parse(names)?;
    let home = paths::home();
    let (bank, warnings) = SoundBank::load(home.as_deref().map(paths::sounds_dir).as_deref());
    for w in warnings {
        eprintln!("warning: {w}");
    }
    // alsa-lib explains a missing device at length on stderr: keep that in the log.
    let quiet = StderrToLog::start(home.as_deref().map(paths::stderr_log).as_deref());
    let (tx, rx) = mpsc::channel();
    let mut player = AudioPlayer::start(
        bank.clone(),
        &Options {
            volume,
            voice: say.is_some(),
            probe: true,
        },
        move |status| {
            let _ = tx.send(status);
        },
    )
    .map_err(|e| Error::Failed(format!("cannot start the audio thread: {e}")))?;
    let probe = rx.recv_timeout(PROBE_TIMEOUT);
    drop(quiet);
    match probe {
        Ok(AudioStatus::Ready) => {}
        Ok(status) => return Err(Error::Failed(status.label())),
        Err(_) => return Err(Error::Failed("the sound device did not answer".into())),
    }
    for cue in cues {
        let length = bank
            .get(cue)
            .map(crate::audio::sound::Sound::duration)
            .unwrap_or_default();
        // Said just before the cue is handed to the player: a test that reads
        // the lines as they come can time the sound from here.
        let _ = writeln!(out, "{:<8} {:>5} ms", cue.name(), length.as_millis());
        let _ = out.flush();
        player.play(cue);
        std::thread::sleep(length + Duration::from_millis(400));
    }
    if let Some(text) = say {
        if let Ok(AudioStatus::NoVoice) = rx.try_recv() {
            return Err(Error::Failed(AudioStatus::NoVoice.label()));
        }
        player.speak(text);
        std::thread::sleep(Duration::from_secs(4));
    }
    Ok(())
}

fn parse(names: &[String]) -> Result<Vec<Cue>> {
    if names.is_empty() {
        return Ok(Cue::ALL.to_vec());
    }
    let known: Vec<&str> = Cue::ALL.iter().map(|c| c.name()).collect();
    names
        .iter()
        .map(|name| {
            Cue::ALL
                .into_iter()
                .find(|c| c.name() == name)
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "no cue '{}'{}",
                        crate::text::clean(name),
                        did_you_mean(name, &known)
                    ))
                })
        })
        .collect()
}
