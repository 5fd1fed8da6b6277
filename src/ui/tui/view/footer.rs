//! A session's footer: the keys (from the key table) and the sound status.

use crate::audio::AudioStatus;
use crate::ui::tui::app::{App, Running};
use crate::ui::tui::keys::{self, Mode};
use crate::ui::tui::picker::keys_line;
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The keys on the left, the speed and sound on the right; on a narrow
/// terminal the keys lose their words before the status is dropped.
/// `paged`: the instructions page, so the key that turns them shows.
pub(super) fn render_footer(app: &App, run: &Running, frame: &mut Frame, area: Rect, paged: bool) {
    if run.confirm_quit {
        frame.render_widget(
            Paragraph::new(keys_line(&keys::footer(Mode::ConfirmQuit))),
            area,
        );
        return;
    }
    let engine = run.runner.engine();
    // The table's words, with the two that say what the key will do now.
    // The key that pages the instructions only while they page.
    let keys: Vec<(&str, &str)> = keys::footer(Mode::Session)
        .into_iter()
        .filter(|(_, word)| paged || *word != "more")
        .map(|(key, word)| match word {
            "pause" if engine.is_paused() => (key, "resume"),
            "mute" if app.muted => (key, "unmute"),
            _ => (key, word),
        })
        .collect();
    let mut status = Vec::new();
    if engine.speed() > 1 {
        status.push(Span::styled(
            format!("×{} preview ", engine.speed()),
            theme::key(),
        ));
    }
    let sound = match &app.sound {
        _ if app.muted => "muted".to_string(),
        Some(AudioStatus::Ready) => format!("♪ {}%", app.volume),
        Some(other) => other.label(),
        None => String::new(),
    };
    if let Some(sound) = &app.sound_trouble {
        status.push(Span::styled(
            format!("{} · ", crate::text::fit(sound, 36)),
            Style::new().fg(theme::WARN),
        ));
    }
    if let Some(trouble) = &app.not_saving {
        status.push(Span::styled(
            format!("{} · ", trouble.short()),
            Style::new().fg(theme::WARN),
        ));
    }
    if let Some(missing) = &app.voice_language {
        status.push(Span::styled(
            format!("{} · ", missing.short()),
            Style::new().fg(theme::WARN),
        ));
    }
    if app.voice_missing {
        status.push(Span::styled(
            format!("{} · ", AudioStatus::NoVoice.label()),
            Style::new().fg(theme::WARN),
        ));
    }
    status.push(Span::styled(format!("{sound} "), theme::dim()));
    let status = Line::from(status);
    let width = usize::from(area.width);
    let full = keys_line(&keys);
    let bare: Vec<(&str, &str)> = keys.iter().map(|(key, _)| (*key, "")).collect();
    let bare = keys_line(&bare);
    let keys = if full.width() + status.width() < width {
        full
    } else {
        bare
    };
    let show_status = keys.width() + status.width() < width;
    frame.render_widget(Paragraph::new(keys), area);
    if show_status {
        frame.render_widget(Paragraph::new(status).alignment(Alignment::Right), area);
    }
}
