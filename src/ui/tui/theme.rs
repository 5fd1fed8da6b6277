//! Colours and styles, in one place so every screen agrees.

use ratatui::style::{Color, Modifier, Style};

pub const ACCENT: Color = Color::Rgb(255, 170, 60);
pub const WORK: Color = Color::Rgb(120, 220, 120);
pub const READY: Color = Color::Rgb(110, 180, 255);
pub const REST: Color = Color::Rgb(190, 150, 255);
pub const WARN: Color = Color::Rgb(255, 110, 90);
pub const DIM: Color = Color::DarkGray;
pub const MUSCLE: Color = Color::Rgb(90, 90, 100);

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::new().fg(DIM)
}

pub fn key() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new()
        .bg(Color::Rgb(50, 60, 80))
        .add_modifier(Modifier::BOLD)
}

pub fn prompt() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(ACCENT)
        .add_modifier(Modifier::BOLD)
}

pub fn paused() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(WARN)
        .add_modifier(Modifier::BOLD)
}
