//! What frames the panels: the title bar with the streak, this week and the
//! totals; the warning line; the keys; and the friendly empty state.

use super::model::Model;
use crate::ui::tui::keys::{self, Mode};
use crate::ui::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

const EMPTY: [&str; 3] = [
    "No sessions yet.",
    "Pick a routine and press Enter: it will show up here.",
    "Your streak, minutes per area and tightness ratings will build up here.",
];

/// " limber   history   4-day streak  ·  5 min this week      9 sessions, ...":
/// the news first, the screen's name and the totals when they fit.
pub fn render_title(frame: &mut Frame, area: Rect, model: &Model) {
    let streak_style = if model.streak_alive {
        theme::key()
    } else {
        theme::title()
    };
    let room = usize::from(area.width);
    let news = [
        Span::styled(model.streak.as_str(), streak_style),
        Span::styled("  ·  ", theme::dim()),
        Span::raw(model.week.as_str()),
    ];
    let news_w: usize = news.iter().map(Span::width).sum();
    // The name of the screen goes first when the news would not fit.
    let mut spans = if news_w + 21 <= room {
        vec![
            Span::styled(" limber ", theme::key().reversed()),
            Span::raw("  history   "),
        ]
    } else {
        vec![Span::raw(" ")]
    };
    spans.extend(news);
    let used: usize = spans.iter().map(Span::width).sum();
    if !model.empty && used + model.totals.width() + 3 <= room {
        let pad = room - used - model.totals.width() - 1;
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(model.totals.as_str(), theme::dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn render_warning(frame: &mut Frame, area: Rect, model: &Model) {
    if let Some(w) = &model.warning {
        frame.render_widget(Paragraph::new(format!(" {w}")).style(theme::dim()), area);
    }
}

pub fn render_keys(frame: &mut Frame, area: Rect, model: &Model) {
    // The moves in short, then the table's own footer keys.
    let mut keys: Vec<(&str, &str)> = if model.empty {
        Vec::new()
    } else {
        vec![("↑↓", "scroll"), ("PgUp PgDn", "page")]
    };
    keys.extend(keys::footer(Mode::History));
    let mut spans = Vec::new();
    for (key, what) in keys {
        spans.push(Span::styled(format!(" {key}"), theme::key()));
        spans.push(Span::raw(format!(" {what} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// No record yet: what this screen is for and how to fill it, in the middle.
pub fn render_empty(frame: &mut Frame, area: Rect) {
    let text = Text::from(vec![
        Line::from(EMPTY[0]).style(theme::title()),
        Line::from(""),
        Line::from(EMPTY[1]),
        Line::from(""),
        Line::from(EMPTY[2]).style(theme::dim()),
    ]);
    let height = u16::try_from(text.height())
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(area.height);
    let [middle] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        middle,
    );
}

/// Under 20x3 only a word of what to do.
pub fn render_too_small(frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Paragraph::new("limber history: make the terminal larger").wrap(Wrap { trim: true }),
        area,
    );
}
