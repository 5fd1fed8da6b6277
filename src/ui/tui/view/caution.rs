//! The routine's caution, shown before it starts: one key to go on.

use super::fitted;
use crate::text::clean;
use crate::ui::tui::app::Prepared;
use crate::ui::tui::keys::{self, Mode};
use crate::ui::tui::picker::keys_line;
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block as Frame_, Clear, Paragraph, Wrap};

pub(super) fn caution(frame: &mut Frame, area: Rect, prepared: &Prepared) {
    let r = &prepared.routine;
    let text = vec![
        Line::from(clean(&r.title).into_owned()).style(theme::title()),
        Line::from(""),
        Line::from(clean(r.caution.as_deref().unwrap_or_default()).into_owned()),
        Line::from(""),
        Line::from("Stop if you feel sharp pain, numbness or tingling.").style(theme::dim()),
        Line::from(""),
        keys_line(&keys::footer(Mode::Caution)),
    ];
    let popup = fitted(area, 64, &text);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }).block(
            Frame_::bordered()
                .title(" Before you start ")
                .border_style(Style::new().fg(theme::WARN)),
        ),
        popup,
    );
}
