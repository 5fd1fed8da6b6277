//! Pictures of the body area being worked, drawn as text art. Each picture has
//! an outline and a mask: a letter in the mask names the muscle under that cell,
//! and the column says which side. The worked area is filled bright, the others dim.

use super::theme;
use crate::core::routine::Target;
use crate::core::timeline::Side;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

/// One view of the body: lines of equal width. Lower-case letters are muscle
/// cells (see [`region`]), everything else is outline.
struct Art {
    lines: [&'static str; 11],
    /// Whether the person's left is on the viewer's left (seen from behind).
    left_on_left: bool,
}

const BACK: Art = Art {
    left_on_left: true,
    lines: [
        r"   .-----------.   ",
        r"  /bbbbbbbbbbbbb\  ",
        r" |ggggggg|ggggggg| ",
        r" |ihhhhdd|ddhhhhi| ",
        r"  |ihhhdd|ddhhhi|  ",
        r"   |hhhd| |dhhh|   ",
        r"   (  --) (--  )   ",
        r"   |ccccc| |ccccc| ",
        r"    \ccc/   \ccc/  ",
        r"     |a|     |a|   ",
        r"    _|a|_   _|a|_  ",
    ],
};

const FRONT: Art = Art {
    left_on_left: false,
    lines: [
        r"   .-----------.   ",
        r"  /ppppp   ppppp\  ",
        r" |iqqqqqd|dqqqqqi| ",
        r" |iqqqqdd|ddqqqqi| ",
        r"  |iqqqdd|ddqqqi|  ",
        r"   |qqqd| |dqqq|   ",
        r"   ( () ) ( () )   ",
        r"   |ss  | |  ss|   ",
        r"    \ss /   \ ss/  ",
        r"     |s|     |s|   ",
        r"   __|_|     |_|__ ",
    ],
};

const SOLES: Art = Art {
    left_on_left: true,
    lines: [
        r"   .--.     .--.   ",
        r"  (oooo)   (oooo)  ",
        r"  |ffff|   |ffff|  ",
        r"  |fffff| |fffff|  ",
        r"   |ffff| |ffff|   ",
        r"   |fff|   |fff|   ",
        r"   |fff|   |fff|   ",
        r"   |fff|   |fff|   ",
        r"   (fff)   (fff)   ",
        r"    \__/   \__/    ",
        r"                   ",
    ],
};

/// The mask letter of each target.
fn region(target: Target) -> char {
    match target {
        Target::Calves => 'c',
        Target::Hamstrings => 'h',
        Target::PlantarFascia => 'f',
        Target::Achilles => 'a',
        Target::Shins => 's',
        Target::Quads => 'q',
        Target::Glutes => 'g',
        Target::HipFlexors => 'p',
        Target::ItBand => 'i',
        Target::Adductors => 'd',
        Target::LowerBack => 'b',
    }
}

fn art_for(target: Target) -> &'static Art {
    match target {
        Target::PlantarFascia => &SOLES,
        Target::Shins | Target::Quads | Target::HipFlexors => &FRONT,
        _ => &BACK,
    }
}

/// The widget: the picture of `target` with `side` lit up, and its caption.
pub struct BodyMap {
    pub target: Target,
    pub side: Side,
}

impl BodyMap {
    pub const WIDTH: u16 = 19;
    pub const HEIGHT: u16 = 12;

    /// `left · calves`: short enough for the picture's width.
    pub fn caption(&self) -> String {
        format!("{} · {}", self.side.label(), self.target.label())
    }
}

impl Widget for BodyMap {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let art = art_for(self.target);
        let wanted = region(self.target);
        let lit = Style::new().fg(theme::ACCENT).add_modifier(Modifier::BOLD);
        let muscle = Style::new().fg(theme::MUSCLE);
        let outline = Style::new().fg(theme::DIM);
        let width = art.lines[0].chars().count();
        let x0 = area.x + area.width.saturating_sub(Self::WIDTH) / 2;
        for (row, line) in art.lines.iter().enumerate() {
            let Ok(dy) = u16::try_from(row) else { break };
            if dy >= area.height {
                break;
            }
            for (col, ch) in line.chars().enumerate() {
                let Ok(dx) = u16::try_from(col) else { break };
                if dx >= area.width {
                    break;
                }
                let viewer_left = col < width / 2;
                let on_left = viewer_left == art.left_on_left;
                let side_lit = match self.side {
                    Side::Both => true,
                    Side::Left => on_left,
                    Side::Right => !on_left,
                };
                let mut tmp = [0u8; 4];
                let (symbol, style) = if ch.is_ascii_lowercase() && ch != 'o' {
                    if ch == wanted && side_lit {
                        ("█", lit)
                    } else {
                        ("░", muscle)
                    }
                } else {
                    // Toes ('o') and the outline are drawn as they are.
                    (&*ch.encode_utf8(&mut tmp), outline)
                };
                if let Some(cell) = buf.cell_mut((x0 + dx, area.y + dy)) {
                    cell.set_symbol(symbol).set_style(style);
                }
            }
        }
        let caption = super::fit(&self.caption(), usize::from(area.width));
        if area.height > 11 {
            let line = ratatui::text::Line::styled(caption, theme::dim()).centered();
            line.render(Rect::new(area.x, area.y + 11, area.width, 1), buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_is_drawn_and_art_lines_are_even() {
        for art in [&BACK, &FRONT, &SOLES] {
            let width = art.lines[0].chars().count();
            assert_eq!(width, usize::from(BodyMap::WIDTH));
            for line in art.lines {
                assert_eq!(line.chars().count(), width, "{line:?}");
            }
        }
        for target in Target::ALL {
            let art = art_for(target);
            let letter = region(target);
            assert!(
                art.lines.iter().any(|l| l.contains(letter)),
                "{target:?} is not drawn"
            );
        }
    }
}
