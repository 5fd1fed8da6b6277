//! Colours and styles by what they mean, in one place so every screen agrees;
//! and the terminal's palette, applied once to each finished frame.
//!
//! Screens paint with the full colours below. [`adapt`] then rewrites the
//! frame for the terminal at hand ([`Palette`]): as it is on a truecolor or
//! 256-colour terminal, each colour brought to the nearest of the 16 ANSI ones
//! on a plain terminal, and no colour at all under `NO_COLOR`. Doing it at
//! the end of the frame means no call site has to know.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

/// Keys, the running step, what to look at.
pub const ACCENT: Color = Color::Rgb(255, 170, 60);
/// Work, and things done.
pub const WORK: Color = Color::Rgb(120, 220, 120);
/// Getting ready; the bars of the history's targets.
pub const READY: Color = Color::Rgb(110, 180, 255);
pub const REST: Color = Color::Rgb(190, 150, 255);
/// Trouble, pauses, and tightness before a routine.
pub const WARN: Color = Color::Rgb(255, 110, 90);
/// What matters less: hints, labels, borders of the body map.
pub const DIM: Color = Color::DarkGray;
/// Muscles of the body map that are not being worked.
pub const MUSCLE: Color = Color::Rgb(90, 90, 100);
/// The selected row's background.
pub const SELECTED: Color = Color::Rgb(50, 60, 80);
/// Tightness before a routine and after it.
pub const BEFORE: Color = WARN;
pub const AFTER: Color = WORK;
/// The bars of the history's chart of targets.
pub const BAR: Color = READY;
/// The history's heat map, from a day with nothing done to the busiest.
pub const HEAT: [Color; 5] = [
    DIM,
    Color::Rgb(55, 100, 60),
    Color::Rgb(75, 150, 85),
    Color::Rgb(105, 200, 115),
    Color::Rgb(150, 245, 150),
];

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
    Style::new().bg(SELECTED).add_modifier(Modifier::BOLD)
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

/// The colours the terminal shows, chosen once at start ([`Palette::from_env`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    /// Truecolor or 256 colours: the theme as it is.
    #[default]
    Full,
    /// A plain terminal: the 16 ANSI colours.
    Ansi16,
    /// `NO_COLOR`: bold, dim and reverse only.
    None,
}

impl Palette {
    /// The palette for these environment variables (the caller reads them).
    /// `NO_COLOR` set to anything but the empty string turns colour off
    /// (<https://no-color.org>); otherwise `COLORTERM=truecolor` or `24bit`,
    /// or a `TERM` with `256color`, keep every colour; anything else gets the
    /// 16 ANSI colours, which every colour terminal has.
    pub fn from_env(
        no_color: Option<&str>,
        term: Option<&str>,
        colorterm: Option<&str>,
    ) -> Palette {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return Palette::None;
        }
        let truecolor = colorterm.is_some_and(|c| {
            c.eq_ignore_ascii_case("truecolor") || c.eq_ignore_ascii_case("24bit")
        });
        if truecolor || term.is_some_and(|t| t.contains("256color")) {
            Palette::Full
        } else {
            Palette::Ansi16
        }
    }
}

/// Rewrites every cell of a finished frame for `palette` (nothing to do for
/// [`Palette::Full`]).
///
/// Without colour, meaning that colour alone carried is kept with what is
/// left: text in the [`DIM`] role turns dim, and a coloured background (the
/// selected row, a prompt, the pause badge) turns into reverse video.
pub fn adapt(buf: &mut Buffer, palette: Palette) {
    match palette {
        Palette::Full => {}
        Palette::Ansi16 => {
            for cell in &mut buf.content {
                cell.fg = ansi16(cell.fg);
                cell.bg = ansi16(cell.bg);
                cell.underline_color = ansi16(cell.underline_color);
            }
        }
        Palette::None => {
            for cell in &mut buf.content {
                if cell.fg == DIM {
                    cell.modifier.insert(Modifier::DIM);
                }
                if cell.bg != Color::Reset {
                    cell.modifier.insert(Modifier::REVERSED);
                }
                cell.fg = Color::Reset;
                cell.bg = Color::Reset;
                cell.underline_color = Color::Reset;
            }
        }
    }
}

/// The nearest of the 16 ANSI colours (named colours and `Reset` stay).
pub fn ansi16(colour: Color) -> Color {
    match colour {
        Color::Rgb(r, g, b) => nearest16(r, g, b),
        Color::Indexed(i) => indexed16(i),
        named => named,
    }
}

/// The 256-colour palette: 0-15 the ANSI colours, then a 6x6x6 cube, then
/// 24 greys.
fn indexed16(i: u8) -> Color {
    const ANSI: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match i {
        0..=15 => ANSI[usize::from(i)],
        16..=231 => {
            let i = usize::from(i - 16);
            nearest16(LEVELS[i / 36], LEVELS[i / 6 % 6], LEVELS[i % 6])
        }
        _ => {
            let grey = 8 + 10 * (i - 232);
            nearest16(grey, grey, grey)
        }
    }
}

/// An RGB colour as the ANSI colour of its hue, light or not; greys by
/// lightness.
///
/// By hue rather than by distance in RGB: the ANSI colours are fully
/// saturated, so a pastel (the theme's greens and blues) is closer in RGB to
/// grey than to its own hue, and would lose what it means. The hue circle is
/// cut where the theme's colours stay apart: orange goes to yellow (red is for
/// trouble), and violet from 255° to magenta, so rest and ready do not look alike.
fn nearest16(r: u8, g: u8, b: u8) -> Color {
    let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let chroma = max - min;
    // Lightness and saturation (HSL), in thousandths.
    let light = (max + min) * 1000 / 510;
    let spread = 255 - (max + min - 255).abs();
    let saturation = if chroma == 0 {
        0
    } else {
        chroma * 1000 / spread.max(1)
    };
    // Greys split halfway between black, dark grey, grey and white (0, 85,
    // 170, 255 in the classic palette).
    if light < 170 {
        return Color::Black;
    }
    if saturation < 200 {
        return match light {
            ..500 => Color::DarkGray,
            500..830 => Color::Gray,
            _ => Color::White,
        };
    }
    let hue = if max == r {
        (60 * (g - b) / chroma).rem_euclid(360)
    } else if max == g {
        60 * (b - r) / chroma + 120
    } else {
        60 * (r - g) / chroma + 240
    };
    // The bright ANSI colours are the full-strength ones (255 where the
    // others have about 205) and the pastels.
    let bright = max >= 230 || light >= 600;
    let pick = |dark: Color, light: Color| if bright { light } else { dark };
    match hue {
        0..30 | 330.. => pick(Color::Red, Color::LightRed),
        30..90 => pick(Color::Yellow, Color::LightYellow),
        90..150 => pick(Color::Green, Color::LightGreen),
        150..195 => pick(Color::Cyan, Color::LightCyan),
        195..255 => pick(Color::Blue, Color::LightBlue),
        _ => pick(Color::Magenta, Color::LightMagenta),
    }
}

#[cfg(test)]
mod tests;
