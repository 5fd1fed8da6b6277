//! The help overlay: every row of the current key table.

use super::fitted;
use crate::ui::tui::keys::{self, Mode};
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block as Frame_, Clear, Paragraph, Wrap};

/// The keys of `mode`, every row of its table.
pub fn help(frame: &mut Frame, area: Rect, mode: Mode) {
    let mut lines = vec![Line::from("")];
    for b in keys::table(mode) {
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<8}", keys::all_keys(b)), theme::key()),
            Span::raw(b.long),
        ]));
    }
    lines.push(Line::from(""));
    if mode == Mode::Session {
        lines
            .push(Line::from("  Sounds: start, 3-2-1, switch, halfway, done.").style(theme::dim()));
    }
    lines.push(Line::from("  Any key closes this help.").style(theme::dim()));
    let popup = fitted(area, 64, &lines);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Frame_::bordered()
                .title(" Keys ")
                .border_style(theme::key()),
        ),
        popup,
    );
}
