//! The history screen (`h` in the picker): the streak and this week's minutes, a
//! heat map of the last 12 weeks, minutes per target over the last 30 days,
//! tightness before and after, and a scrollable list of recent sessions.
//!
//! The numbers are those of `limber history` ([`Stats`]), put into words once
//! when the screen opens ([`model`]); a frame only lays them out. Each panel
//! draws itself in its own module; this one holds the screen's state (the
//! scroll offset, changed only by keys) and where each panel goes.
//!
//! The layout adapts to the terminal (`Regions::of`, a pure function of the size):
//! ```text
//! wide: from 112 columns (120x40)  beside: from 54 columns (80x24) stacked: narrower, or short
//! ┌──────────────────────────────┐  ┌──────────────────────────┐  ┌────────────────┐
//! │ title: streak · week  totals │  │ title                    │  │ title          │
//! │┌ heat ─┐┌ targets ┐┌ tight. ┐│  │┌ heat ──┐┌ targets ─────┐│  │ tightness strip│
//! ││ 12 wks││ bars    ││ sparks ││  ││ 12 wks ││ bars, +N more││  │┌ heat ────────┐│
//! │└───────┘└─────────┘└────────┘│  │└────────┘└──────────────┘│  │└──────────────┘│
//! │┌ recent sessions ───────────┐│  │ tightness strip          │  │┌ targets ─────┐│
//! ││ scrolls                    ││  │┌ recent sessions ───────┐│  │└──────────────┘│
//! │└────────────────────────────┘│  │└────────────────────────┘│  │┌ sessions ────┐│
//! │ warning (if any)             │  │ warning (if any)         │  │└──────────────┘│
//! │ keys                         │  │ keys                     │  │ keys           │
//! └──────────────────────────────┘  └──────────────────────────┘  └────────────────┘
//! ```
//! Whatever does not fit is left out rather than squeezed: the stacked layout
//! drops the heat map, then the targets, before the sessions lose their rows.

mod chrome;
mod heatmap;
pub mod model;
mod sessions;
mod targets;
mod tightness;

use super::keys::Action;
use crate::store::history::{Record, Stats};
use chrono::{DateTime, TimeZone};
use model::Model;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use unicode_width::UnicodeWidthStr;

/// The history screen, ready to draw.
pub struct HistoryScreen {
    model: Model,
    /// The first session row shown: changed by keys only. A frame too short
    /// for it shows the list from further up without writing it back.
    offset: usize,
    /// The terminal's size as last told ([`HistoryScreen::resize`]), for the
    /// length of a page; unknown, a page is one row.
    size: Option<(u16, u16)>,
}

impl HistoryScreen {
    /// `records` as read from the log; `now` local time (for tests, a fixed instant).
    /// Takes the log so that it is freed once summarised.
    #[allow(clippy::needless_pass_by_value)]
    pub fn new<Tz: TimeZone>(
        records: Vec<Record>,
        warnings: Vec<String>,
        now: &DateTime<Tz>,
    ) -> HistoryScreen {
        HistoryScreen::of(&Stats::of(&records, now), &warnings)
    }

    /// The screen of `stats` (as `limber history` counts them, one record at a
    /// time), with the problems met reading the log.
    pub fn of<Tz: TimeZone>(stats: &Stats<Tz>, warnings: &[String]) -> HistoryScreen {
        HistoryScreen {
            model: Model::of(stats, warnings),
            offset: 0,
            size: None,
        }
    }

    /// The streak in words: "4-day streak", or how to start one.
    pub fn streak(&self) -> &str {
        &self.model.streak
    }

    /// The terminal is now `width` x `height` (the screen fills it): tell it
    /// when the screen opens and on every resize, so a page is what shows.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Some((width, height));
    }

    /// Scrolls the sessions list (the key table's list moves), never past
    /// its ends at the terminal's last known size.
    pub fn on_action(&mut self, action: Action) {
        let page = self.page();
        let last = self.model.sessions.len().saturating_sub(page);
        let offset = self.offset.min(last);
        let offset = match action {
            Action::Up => offset.saturating_sub(1),
            Action::Down => offset + 1,
            Action::PageUp => offset.saturating_sub(page),
            Action::PageDown => offset + page,
            Action::First => 0,
            Action::Last => last,
            _ => offset,
        };
        self.offset = offset.min(last);
    }

    /// Session rows a frame of the last known size shows (at least 1).
    fn page(&self) -> usize {
        let rows = self.size.and_then(|(width, height)| {
            match Regions::of(&self.model, Rect::new(0, 0, width, height)) {
                Regions::Screen {
                    body: Body::Panels { sessions, .. },
                    ..
                } => Some(sessions::visible(sessions)),
                _ => None,
            }
        });
        rows.unwrap_or(1).max(1)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let model = &self.model;
        match Regions::of(model, area) {
            Regions::Nothing => {}
            Regions::TooSmall(area) => chrome::render_too_small(frame, area),
            Regions::Screen {
                title,
                body,
                warning,
                keys,
            } => {
                chrome::render_title(frame, title, model);
                chrome::render_warning(frame, warning, model);
                chrome::render_keys(frame, keys, model);
                match body {
                    Body::Empty(area) => chrome::render_empty(frame, area),
                    Body::Panels {
                        heat,
                        targets,
                        tightness,
                        sessions,
                    } => {
                        if !heat.is_empty() {
                            heatmap::render(frame, heat, model);
                        }
                        if !targets.is_empty() {
                            targets::render(frame, targets, model);
                        }
                        match tightness {
                            Tightness::Panel(area) => tightness::render_panel(frame, area, model),
                            Tightness::Strip(area) => tightness::render_strip(frame, area, model),
                        }
                        sessions::render(frame, sessions, model, self.offset);
                    }
                }
            }
        }
    }
}

/// Where each part of the screen goes in an area: a pure function of the area
/// and the model, for drawing and for the length of a page alike. Parts left
/// out get an empty area.
enum Regions {
    Nothing,
    /// Under 20x3: one line of what to do.
    TooSmall(Rect),
    Screen {
        title: Rect,
        body: Body,
        warning: Rect,
        keys: Rect,
    },
}

enum Body {
    /// No record yet.
    Empty(Rect),
    Panels {
        heat: Rect,
        targets: Rect,
        tightness: Tightness,
        sessions: Rect,
    },
}

enum Tightness {
    /// A panel of its own (wide screens).
    Panel(Rect),
    /// One line (an empty area when there is no room).
    Strip(Rect),
}

impl Regions {
    fn of(model: &Model, area: Rect) -> Regions {
        if area.is_empty() {
            return Regions::Nothing;
        }
        if area.width < 20 || area.height < 3 {
            return Regions::TooSmall(area);
        }
        let warning_rows = u16::from(model.warning.is_some() && area.height >= 8);
        let keys_rows = u16::from(area.height >= 5);
        let [title, body, warning, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(warning_rows),
            Constraint::Length(keys_rows),
        ])
        .areas(area);
        let body = if model.empty {
            Body::Empty(body)
        } else {
            Body::of(model, body)
        };
        Regions::Screen {
            title,
            body,
            warning,
            keys,
        }
    }
}

impl Body {
    fn of(model: &Model, body: Rect) -> Body {
        let (w, h) = (body.width, body.height);
        let targets_rows = u16::try_from(model.targets.len()).unwrap_or(u16::MAX);
        // Room for every target (up to 11) when the screen is tall.
        let wanted_top = if h >= 30 {
            targets_rows.saturating_add(2).clamp(11, 13)
        } else {
            11
        };
        let wide = w >= heatmap::WIDTH + tightness::PANEL_WIDTH + 34 && h >= wanted_top + 5;
        if wide {
            let [top, sessions] =
                Layout::vertical([Constraint::Length(wanted_top), Constraint::Fill(1)]).areas(body);
            let [heat, targets, tight] = Layout::horizontal([
                Constraint::Length(heatmap::WIDTH),
                Constraint::Fill(1),
                Constraint::Length(tightness::PANEL_WIDTH),
            ])
            .areas(top);
            return Body::Panels {
                heat,
                targets,
                tightness: Tightness::Panel(tight),
                sessions,
            };
        }
        // The sessions list keeps at least 2 rows (4 with its borders).
        let top_h = wanted_top.min(h.saturating_sub(1 + 4));
        let beside = w >= heatmap::LABEL_COLS + 2 + 6 * heatmap::WEEK_COLS + targets::MIN_WIDTH;
        if beside && top_h >= 9 {
            let [top, strip, sessions] = Layout::vertical([
                Constraint::Length(top_h),
                Constraint::Length(1),
                Constraint::Fill(1),
            ])
            .areas(body);
            let heat_w = heatmap::WIDTH.min(w - targets::MIN_WIDTH);
            let [heat, targets] =
                Layout::horizontal([Constraint::Length(heat_w), Constraint::Fill(1)]).areas(top);
            return Body::Panels {
                heat,
                targets,
                tightness: Tightness::Strip(strip),
                sessions,
            };
        }
        // Narrow or short: one column, the most telling parts first.
        let mut left = h;
        let strip_h = u16::from(left >= 2);
        left -= strip_h;
        let heat_h = if w >= heatmap::LABEL_COLS + 2 + 4 * heatmap::WEEK_COLS && left >= 9 + 4 {
            (left - 4).min(11)
        } else {
            0
        };
        left -= heat_h;
        // The targets only when at least 3 of them (or all) fit beside 4 sessions.
        let all_targets = targets_rows.max(1).saturating_add(2);
        let targets_h = all_targets.min(left.saturating_sub(6));
        let targets_h = if targets_h >= all_targets.min(5) {
            targets_h
        } else {
            0
        };
        let [strip, heat, targets, sessions] = Layout::vertical([
            Constraint::Length(strip_h),
            Constraint::Length(heat_h),
            Constraint::Length(targets_h),
            Constraint::Fill(1),
        ])
        .areas(body);
        Body::Panels {
            heat,
            targets,
            tightness: Tightness::Strip(strip),
            sessions,
        }
    }
}

/// The first of `titles` that fits a bordered block `width` wide (the last if none).
fn first_fitting(titles: &[&str], width: u16) -> String {
    let room = usize::from(width.saturating_sub(2));
    titles
        .iter()
        .find(|t| t.width() <= room)
        .or(titles.last())
        .map_or_else(String::new, |t| (*t).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fit_pad;

    #[test]
    fn titles_fit_and_pad() {
        assert_eq!(fit_pad("Calf release", 6), "Calf …");
        assert_eq!(fit_pad("Calf", 6), "Calf  ");
        assert_eq!(fit_pad("足底筋膜", 5).width(), 5);
        assert_eq!(fit_pad("x", 0), "");
        assert_eq!(first_fitting(&[" long title ", " short "], 10), " short ");
        assert_eq!(first_fitting(&[" long title ", " short "], 4), " short ");
    }
}
