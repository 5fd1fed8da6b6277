//! What the runner hears: the engine's events turned into cues, speech and the
//! terminal bell, the same way for the full-screen UI and `--plain`. Pure: it
//! answers with [`Do`]s for the shell to carry out.

use crate::core::engine::Event;
use crate::core::timeline::Timeline;
use crate::session::effects::Do;
use crate::session::narrate::block_speech;
use crate::text::clean;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Guide {
    pub muted: bool,
    /// Spoken guidance.
    pub voice: bool,
    /// Ring the terminal bell at block changes (when there is no sound).
    pub bell: bool,
}

impl Guide {
    /// What `events` call for: cues, speech, the bell, and the next
    /// utterances to get ready.
    pub fn hear(
        &self,
        timeline: &Timeline,
        events: &[crate::core::engine::Event],
        out: &mut Vec<Do>,
    ) {
        let speak = self.voice && !self.muted;
        for event in events {
            match event {
                Event::Cue { cue, .. } if !self.muted => out.push(Do::Cue(*cue)),
                Event::BlockStarted { index } => {
                    if self.bell {
                        out.push(Do::Bell);
                    }
                    if speak {
                        if let Some(text) = block_speech(timeline, *index) {
                            out.push(Do::Speak(text));
                        }
                        Self::prepare(timeline, *index, out);
                    }
                }
                Event::Prompt { block, prompt } if speak => {
                    if let Some(p) = timeline
                        .blocks
                        .get(*block)
                        .and_then(|b| b.step.as_ref())
                        .and_then(|s| s.prompts.get(*prompt))
                    {
                        out.push(Do::Speak(clean(&p.text).into_owned()));
                    }
                }
                Event::Finished if speak => out.push(Do::Speak("Done. Well done.".into())),
                _ => {}
            }
        }
    }

    /// Renders ahead what will be said next: the next block, and this block's prompts.
    fn prepare(timeline: &Timeline, index: usize, out: &mut Vec<Do>) {
        if let Some(text) = block_speech(timeline, index + 1) {
            out.push(Do::PrepareSpeech(text));
        }
        if let Some(step) = timeline.blocks.get(index).and_then(|b| b.step.as_ref()) {
            for p in &step.prompts {
                out.push(Do::PrepareSpeech(clean(&p.text).into_owned()));
            }
        }
    }
}
