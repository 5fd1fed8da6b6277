//! What the runner hears: the engine's events turned into cues, speech and the
//! terminal bell, the same way for the full-screen UI and `--plain`.

use crate::cue::CuePlayer;
use crate::narrate::block_speech;
use crate::session::Event;
use crate::text::clean;
use crate::timeline::Timeline;
use std::io::Write;

#[derive(Debug, Clone, Copy, Default)]
pub struct Guide {
    pub muted: bool,
    /// Spoken guidance.
    pub voice: bool,
    /// Ring the terminal bell at block changes (when there is no sound).
    pub bell: bool,
}

impl Guide {
    /// Plays what `events` call for, and gets the next utterance ready.
    pub fn deliver(
        &self,
        timeline: &Timeline,
        events: &[Event],
        player: &mut dyn CuePlayer,
        terminal: &mut dyn Write,
    ) {
        for event in events {
            match event {
                Event::Cue { cue, .. } if !self.muted => player.play(*cue),
                Event::BlockStarted { index } => {
                    if self.bell {
                        let _ = terminal.write_all(b"\x07");
                        let _ = terminal.flush();
                    }
                    if self.voice && !self.muted {
                        if let Some(text) = block_speech(timeline, *index) {
                            player.speak(&text);
                        }
                        Self::prepare(timeline, *index, player);
                    }
                }
                Event::Prompt { block, prompt } if self.voice && !self.muted => {
                    if let Some(p) = timeline
                        .blocks
                        .get(*block)
                        .and_then(|b| b.step.as_ref())
                        .and_then(|s| s.prompts.get(*prompt))
                    {
                        player.speak(&clean(&p.text));
                    }
                }
                Event::Finished if self.voice && !self.muted => player.speak("Done. Well done."),
                _ => {}
            }
        }
    }

    /// Renders ahead what will be said next: the next block, and this block's prompts.
    fn prepare(timeline: &Timeline, index: usize, player: &mut dyn CuePlayer) {
        if let Some(text) = block_speech(timeline, index + 1) {
            player.prepare_speech(&text);
        }
        if let Some(step) = timeline.blocks.get(index).and_then(|b| b.step.as_ref()) {
            for p in &step.prompts {
                player.prepare_speech(&clean(&p.text));
            }
        }
    }
}
