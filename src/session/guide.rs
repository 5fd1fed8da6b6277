//! What the runner hears: the engine's events turned into cues, speech and the
//! terminal bell, the same way for the full-screen UI and `--plain`. Pure: it
//! answers with [`Do`]s for the shell to carry out.

use crate::core::engine::Event;
use crate::core::timeline::Timeline;
use crate::session::effects::Do;
use crate::session::narrate::{block_speech, repetition_speech};
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
                Event::Repetition { rep, of, .. } if speak => {
                    out.push(Do::Speak(repetition_speech(*rep)));
                    if rep < of {
                        out.push(Do::PrepareSpeech(repetition_speech(rep + 1)));
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
        // A paced block's first number is said as it starts; the next ones
        // are got ready one repetition ahead.
        if let Some(next) = timeline.blocks.get(index + 1)
            && next.pace.is_some()
        {
            out.push(Do::PrepareSpeech(repetition_speech(1)));
        }
        if let Some(step) = timeline.blocks.get(index).and_then(|b| b.step.as_ref()) {
            for p in &step.prompts {
                out.push(Do::PrepareSpeech(clean(&p.text).into_owned()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::cue::Cue;
    use crate::core::timeline::Timeline;

    fn heard(guide: Guide, events: &[Event]) -> Vec<Do> {
        let timeline = Timeline {
            blocks: Vec::new(),
            planned_secs: 0,
        };
        let mut out = Vec::new();
        guide.hear(&timeline, events, &mut out);
        out
    }

    #[test]
    fn a_repetition_is_counted_aloud_and_its_phases_are_heard() {
        let events = [
            Event::Repetition {
                block: 0,
                rep: 7,
                of: 12,
            },
            Event::Cue {
                cue: Cue::Up,
                block: 0,
                at: std::time::Duration::ZERO,
            },
        ];
        let voice = Guide {
            voice: true,
            ..Guide::default()
        };
        assert_eq!(
            heard(voice, &events),
            [
                Do::Speak("7".into()),
                Do::PrepareSpeech("8".into()),
                Do::Cue(Cue::Up)
            ]
        );
        // The last one has no next; without a voice, only the cue; muted, nothing.
        let last = [Event::Repetition {
            block: 0,
            rep: 12,
            of: 12,
        }];
        assert_eq!(heard(voice, &last), [Do::Speak("12".into())]);
        assert_eq!(heard(Guide::default(), &events), [Do::Cue(Cue::Up)]);
        let muted = Guide {
            muted: true,
            ..voice
        };
        assert_eq!(heard(muted, &events), []);
    }
}
