//! Large text for the countdown, the side word and a paced block's phase and
//! repetition, drawn with the three block characters every terminal font has
//! (`█ ▀ ▄`), so it never shows as tofu.
//!
//! The fonts hold only what the session screen shows large: digits, `:` and
//! `/`, the letters of LEFT, RIGHT and BOTH and of UP, HOLD, DOWN and PAUSE,
//! and space. The wide font's glyphs are those
//! of the public-domain 8x8 font (dhepper/font8x8) that the screen used before,
//! so the countdown looks the same at the same sizes.
//!
//! The size is an integer scale `n`. From 1 up, a font pixel is `n` half-rows
//! tall and `max(1, n / 2)` columns wide, so a glyph is `4n` rows tall: scale 1
//! is the half-height form (8x4 cells a glyph), scale 2 the familiar tall digits
//! (8x8), and each step beyond adds four rows, so the text can grow with the
//! window in small steps. Scale 0 is the compact form, a narrow font of 4x4
//! cells a glyph, for when even scale 1 is too wide (`12:34` beside the side
//! word and the body at 80 columns). [`fit`] picks the largest scale for an
//! area.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// Pixel rows of a glyph in either font, the blank one below included.
const ROWS: u16 = 8;

/// Glyphs, one string a pixel row, `#` for ink, the spacing included. A
/// character missing from a font is drawn as a blank of the same width: the
/// caller's text is fixed, and a gap is better than a panic.
struct Font {
    /// Pixels across a glyph.
    width: u16,
    glyphs: &'static [(char, [&'static str; 8])],
}

impl Font {
    /// Whether pixel (`x`, `y`) of `c` is inked; blank outside the glyph.
    fn ink(&self, c: char, x: u16, y: u32) -> bool {
        self.glyphs
            .iter()
            .find(|(glyph, _)| *glyph == c)
            .and_then(|(_, rows)| rows.get(usize::try_from(y).ok()?))
            .and_then(|row| row.as_bytes().get(usize::from(x)))
            == Some(&b'#')
    }
}

/// The font of scales 1 and up.
const WIDE: Font = Font {
    width: 8,
    glyphs: &WIDE_GLYPHS,
};

/// The font of scale 0: three pixels of ink across, in the manner of a
/// seven-segment display, which stays readable at four columns a glyph.
const NARROW: Font = Font {
    width: 4,
    glyphs: &NARROW_GLYPHS,
};

mod glyphs;
use glyphs::{NARROW_GLYPHS, WIDE_GLYPHS};

/// How `scale` draws: the font, and the columns and half-rows of one pixel.
fn form(scale: u16) -> (&'static Font, u16, u16) {
    if scale == 0 {
        (&NARROW, 1, 1)
    } else {
        (&WIDE, (scale / 2).max(1), scale)
    }
}

/// The cells `text` takes at `scale`: (width, height), saturating rather than
/// overflowing for absurd inputs.
pub fn size(text: &str, scale: u16) -> (u16, u16) {
    let (font, pixel_width, pixel_height) = form(scale);
    let chars = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
    let width = chars
        .saturating_mul(u32::from(font.width))
        .saturating_mul(u32::from(pixel_width));
    let height = u32::from(pixel_height) * u32::from(ROWS) / 2;
    (
        u16::try_from(width).unwrap_or(u16::MAX),
        u16::try_from(height).unwrap_or(u16::MAX),
    )
}

/// The largest scale at which `text` fits in `area`; `None` when not even the
/// compact form (scale 0) does, and plain text must do.
pub fn fit(text: &str, area: Rect) -> Option<u16> {
    let fits = |scale| {
        let (width, height) = size(text, scale);
        width <= area.width && height <= area.height
    };
    let by_height = area.height / (ROWS / 2);
    let glyphs = u32::try_from(text.chars().count())
        .unwrap_or(u32::MAX)
        .saturating_mul(u32::from(WIDE.width));
    // A pixel `p` columns wide allows scales up to `2p + 1`.
    let by_width = match u32::from(area.width).checked_div(glyphs) {
        None => u32::from(u16::MAX),
        Some(columns) => columns * 2 + 1,
    };
    let scale = u16::try_from(u32::from(by_height).min(by_width)).unwrap_or(u16::MAX);
    if scale > 0 && fits(scale) {
        Some(scale)
    } else {
        Some(0).filter(|&compact| fits(compact))
    }
}

/// One line of large text. Draws from the top of its area, aligned across it,
/// and clips to it: no area is too small to draw into.
#[derive(Debug, Clone)]
pub struct BigText<'a> {
    text: &'a str,
    scale: u16,
    style: Style,
    alignment: Alignment,
}

impl<'a> BigText<'a> {
    /// `text` at scale 1, left aligned, in the default style.
    pub fn new(text: &'a str) -> Self {
        BigText {
            text,
            scale: 1,
            style: Style::new(),
            alignment: Alignment::Left,
        }
    }

    /// The scale (see the module's doc): 0 for the compact form, 1 and up
    /// for the wide font, larger each step.
    #[must_use]
    pub fn scale(mut self, scale: u16) -> Self {
        self.scale = scale;
        self
    }

    #[must_use]
    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }

    #[must_use]
    pub fn alignment(mut self, alignment: Alignment) -> Self {
        self.alignment = alignment;
        self
    }

    /// Whether the cell at (`x`, `y`) of the text's own box has ink in its
    /// upper and lower half.
    fn halves(&self, x: u16, y: u16) -> (bool, bool) {
        let (font, pixel_width, pixel_height) = form(self.scale);
        let column = x / pixel_width;
        let Some(c) = self.text.chars().nth(usize::from(column / font.width)) else {
            return (false, false);
        };
        let px = column % font.width;
        let half = |h: u32| font.ink(c, px, h / u32::from(pixel_height));
        let y = u32::from(y);
        (half(y * 2), half(y * 2 + 1))
    }
}

impl Widget for BigText<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        let (width, height) = size(self.text, self.scale);
        let left = match self.alignment {
            Alignment::Left => 0,
            Alignment::Center => area.width.saturating_sub(width) / 2,
            Alignment::Right => area.width.saturating_sub(width),
        };
        buf.set_style(area, self.style);
        for y in 0..height.min(area.height) {
            for x in 0..width.min(area.width - left) {
                let symbol = match self.halves(x, y) {
                    (true, true) => "█",
                    (true, false) => "▀",
                    (false, true) => "▄",
                    (false, false) => continue,
                };
                if let Some(cell) = buf.cell_mut((area.x + left + x, area.y + y)) {
                    cell.set_symbol(symbol);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(text: &str, scale: u16, width: u16, height: u16) -> Buffer {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        BigText::new(text).scale(scale).render(area, &mut buf);
        buf
    }

    fn rows(buf: &Buffer) -> Vec<String> {
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn every_glyph_has_its_fonts_width() {
        for font in [&WIDE, &NARROW] {
            for (c, glyph) in font.glyphs {
                for row in glyph {
                    assert_eq!(row.len(), usize::from(font.width), "{c:?}");
                    assert!(row.bytes().all(|b| b == b'#' || b == b'.'), "{c:?}");
                }
            }
        }
    }

    #[test]
    fn the_fonts_have_what_the_screen_shows_large() {
        for font in [&WIDE, &NARROW] {
            for c in "0123456789:/ LEFTRIGHTBOTHUPHOLDDOWNPAUSE".chars() {
                assert!(font.glyphs.iter().any(|(g, _)| *g == c), "{c:?} missing");
            }
        }
    }

    #[test]
    fn a_digit_renders_tall_at_scale_two() {
        let buf = draw("1", 2, 8, 8);
        assert_eq!(
            rows(&buf),
            [
                "  ██    ",
                " ███    ",
                "  ██    ",
                "  ██    ",
                "  ██    ",
                "  ██    ",
                "██████  ",
                "        ",
            ]
        );
    }

    #[test]
    fn scale_one_is_half_height() {
        let buf = draw("0", 1, 8, 4);
        assert_eq!(rows(&buf), ["▄█▀▀▀█▄ ", "██ ▄███ ", "███▀ ██ ", " ▀▀▀▀▀  "]);
    }

    #[test]
    fn scale_zero_is_the_narrow_font() {
        let buf = draw("12:34", 0, 20, 4);
        assert_eq!(
            rows(&buf),
            [
                "▄█  ▀▀█  ▄  ▀▀█ █ █ ",
                " █  ▄▄█     ▄▄█ █▄█ ",
                " █  █    ▄    █   █ ",
                "▀▀▀ ▀▀▀     ▀▀▀   ▀ ",
            ]
        );
    }

    #[test]
    fn scaling_multiplies_the_size() {
        assert_eq!(size("12:34", 0), (20, 4));
        assert_eq!(size("12:34", 1), (40, 4));
        assert_eq!(size("12:34", 2), (40, 8));
        assert_eq!(size("12:34", 4), (80, 16));
        assert_eq!(size("12:34", 6), (120, 24));
    }

    #[test]
    fn a_doubled_scale_doubles_every_pixel() {
        let small = draw("2:7", 2, 24, 8);
        let large = draw("2:7", 4, 48, 16);
        for y in 0..16 {
            for x in 0..48 {
                assert_eq!(large[(x, y)].symbol(), small[(x / 2, y / 2)].symbol());
            }
        }
    }

    #[test]
    fn fit_takes_the_largest_scale_that_fits_and_never_more() {
        for text in ["", "1", "0:10", "12:34", "RIGHT"] {
            for width in 0..130 {
                for height in 0..40 {
                    let area = Rect::new(0, 0, width, height);
                    let fitted = fit(text, area);
                    if let Some(scale) = fitted {
                        let (w, h) = size(text, scale);
                        assert!(w <= width && h <= height, "{text} {width}x{height}");
                    }
                    // The next size up (or the smallest, when none fits) does not.
                    let (w, h) = size(text, fitted.map_or(0, |scale| scale + 1));
                    assert!(w > width || h > height, "{text} {width}x{height}");
                }
            }
        }
    }

    #[test]
    fn fit_on_todays_screens() {
        assert_eq!(fit("0:10", Rect::new(0, 0, 46, 12)), Some(3));
        assert_eq!(fit("0:10", Rect::new(0, 0, 46, 7)), Some(1));
        assert_eq!(fit("0:10", Rect::new(0, 0, 31, 12)), Some(0));
        // Ten minutes or more beside the side word and the body at 80x24.
        assert_eq!(fit("12:34", Rect::new(0, 0, 34, 12)), Some(0));
        assert_eq!(fit("12:34", Rect::new(0, 0, 19, 12)), None);
        assert_eq!(fit("12:34", Rect::new(0, 0, 40, 3)), None);
        assert_eq!(fit("12:34", Rect::new(0, 0, 200, 60)), Some(11));
    }

    #[test]
    fn tiny_and_clipped_areas_do_not_panic() {
        for scale in [0, 1, 2, 3, 7, u16::MAX] {
            for (w, h) in [(0, 0), (1, 1), (3, 2), (9, 5)] {
                draw("12:34 RIGHT", scale, w, h);
            }
            // An area reaching past the buffer is clipped to it.
            let mut buf = Buffer::empty(Rect::new(0, 0, 10, 4));
            BigText::new("88")
                .scale(scale)
                .alignment(Alignment::Center)
                .render(Rect::new(5, 2, 40, 40), &mut buf);
        }
        assert_eq!(size("x", u16::MAX).1, u16::MAX);
    }

    #[test]
    fn centered_text_sits_in_the_middle() {
        let area = Rect::new(0, 0, 12, 4);
        let mut buf = Buffer::empty(area);
        BigText::new("1")
            .alignment(Alignment::Center)
            .render(area, &mut buf);
        assert_eq!(rows(&buf)[3], "  ▀▀▀▀▀▀    ");
    }

    #[test]
    fn unknown_characters_are_blank() {
        assert!(
            rows(&draw("?", 2, 8, 8))
                .iter()
                .all(|r| r.trim().is_empty())
        );
    }
}
