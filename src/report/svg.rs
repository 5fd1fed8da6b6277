//! Small charts as inline SVG for the HTML report: horizontal bars, columns
//! (one or more series side by side, such as asked and done) and dots over
//! time on the 0-10 scale of tightness and check-ins.
//!
//! Sizes are in viewBox units (the width is always [`WIDTH`]), so a chart
//! scales to the page and to paper. No `xmlns`, no links, no scripts: inline
//! SVG in an HTML page needs none, and the report must work offline. Every
//! label goes through [`text`] (cleaned, then escaped for XML). Series differ
//! in shape and line style as well as colour, so a black-and-white print
//! still tells them apart.

use crate::text::clean;
use chrono::{Datelike, NaiveDate, Weekday};
use std::fmt::Write as _;

/// The width of every chart, in viewBox units.
pub const WIDTH: f64 = 640.0;
const FONT: f64 = 13.0;
const INK: &str = "#222";
const GRID: &str = "#ccc";

/// Text safe inside XML and HTML: `&`, `<`, `>`, `"` and `'` as entities.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text from a file or the log, ready for XML or HTML: cleaned, then escaped.
pub fn text(s: &str) -> String {
    escape(&clean(s))
}

/// How a series looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub name: &'static str,
    pub color: &'static str,
    /// Drawn with a dashed line and open marks (else solid and filled).
    pub open: bool,
}

/// One horizontal bar: a label, its length, and what is written after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub shown: String,
}

/// One group of columns: its label under the axis, a value per series.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: String,
    pub values: Vec<f64>,
}

/// One series of dots over time, values 0-10.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub style: Style,
    pub points: Vec<(NaiveDate, u8)>,
}

fn open_svg(out: &mut String, height: f64, title: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height:.0}" role="img" font-family="sans-serif" font-size="{FONT}"><title>{}</title>"#,
        text(title)
    );
}

fn label(out: &mut String, x: f64, y: f64, anchor: &str, s: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" fill="{INK}">{}</text>"#,
        text(s)
    );
}

fn hline(out: &mut String, x1: f64, x2: f64, y: f64, color: &str) {
    let _ = write!(
        out,
        r#"<line x1="{x1:.1}" y1="{y:.1}" x2="{x2:.1}" y2="{y:.1}" stroke="{color}" stroke-width="1"/>"#
    );
}

fn rect(out: &mut String, x: f64, y: f64, w: f64, h: f64, style: Style) {
    let fill = if style.open { "#fff" } else { style.color };
    let _ = write!(
        out,
        r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}" stroke="{}" stroke-width="1.5"/>"#,
        style.color
    );
}

/// A legend of `styles` along the top right, at `y`.
fn legend(out: &mut String, styles: &[Style], y: f64) {
    let mut x = WIDTH - 10.0;
    for style in styles.iter().rev() {
        let width = text_len(style.name) * 7.0 + 28.0;
        x -= width;
        rect(out, x, y - 9.0, 12.0, 10.0, *style);
        label(out, x + 16.0, y, "start", style.name);
    }
}

/// Roughly how many characters `s` shows (for laying out legends).
#[allow(clippy::cast_precision_loss)] // a label's length is small
fn text_len(s: &str) -> f64 {
    s.chars().count() as f64
}

/// A round step for an axis up to `max` with at most 5 steps: 1, 2 or 5 times
/// a power of ten.
pub fn step(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let raw = max / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power)
        .max(1.0)
}

/// Horizontal bars, longest first as given: a label column on the left.
pub fn bars(title: &str, bars: &[Bar]) -> String {
    const ROW: f64 = 21.0;
    const LEFT: f64 = 130.0;
    const RIGHT: f64 = 80.0;
    let height = ROW * usize_f64(bars.len()).max(1.0) + 10.0;
    let most = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1e-9);
    let mut out = String::new();
    open_svg(&mut out, height, title);
    let style = Style {
        name: "",
        color: "#2a6f97",
        open: false,
    };
    for (i, bar) in bars.iter().enumerate() {
        let y = 5.0 + ROW * usize_f64(i);
        label(&mut out, LEFT - 8.0, y + 15.0, "end", &bar.label);
        let w = ((WIDTH - LEFT - RIGHT) * bar.value.max(0.0) / most).max(1.0);
        rect(&mut out, LEFT, y + 4.0, w, ROW - 8.0, style);
        label(&mut out, LEFT + w + 6.0, y + 15.0, "start", &bar.shown);
    }
    out.push_str("</svg>");
    out
}

/// Columns: a group per label along the bottom, one column per series in
/// each, on an axis from 0 with round steps (to `max` at least, when given).
pub fn columns(title: &str, groups: &[Group], styles: &[Style], max: Option<f64>) -> String {
    const HEIGHT: f64 = 190.0;
    const LEFT: f64 = 40.0;
    const TOP: f64 = 24.0;
    const BOTTOM: f64 = 30.0;
    let plot = HEIGHT - TOP - BOTTOM;
    let highest = groups
        .iter()
        .flat_map(|g| g.values.iter().copied())
        .fold(max.unwrap_or(0.0), f64::max);
    let step = step(highest);
    let top = (highest / step).ceil().max(1.0) * step;
    let mut out = String::new();
    open_svg(&mut out, HEIGHT, title);
    if styles.len() > 1 {
        legend(&mut out, styles, 14.0);
    }
    let y_of = |v: f64| TOP + plot - plot * v.max(0.0) / top;
    let mut tick = 0.0;
    while tick <= top + 1e-9 {
        let y = y_of(tick);
        hline(&mut out, LEFT, WIDTH - 10.0, y, GRID);
        label(&mut out, LEFT - 6.0, y + 4.0, "end", &format!("{tick}"));
        tick += step;
    }
    let slot = (WIDTH - LEFT - 10.0) / usize_f64(groups.len()).max(1.0);
    let column = (slot * 0.8 / usize_f64(styles.len()).max(1.0)).min(40.0);
    // Labels are thinned out so they never overlap: about 7 units a character.
    let widest = groups
        .iter()
        .map(|g| text_len(&g.label))
        .fold(0.0, f64::max);
    let every = ((widest * 7.0 + 6.0) / slot).ceil().max(1.0);
    for (i, group) in groups.iter().enumerate() {
        let x = LEFT + slot * usize_f64(i);
        let start = x + (slot - column * usize_f64(styles.len())) / 2.0;
        for (j, (&value, &style)) in group.values.iter().zip(styles).enumerate() {
            if value > 0.0 {
                let y = y_of(value);
                let cx = start + column * usize_f64(j);
                rect(&mut out, cx, y, column * 0.9, TOP + plot - y, style);
            }
        }
        if usize_f64(i) % every == 0.0 {
            label(
                &mut out,
                x + slot / 2.0,
                HEIGHT - BOTTOM + 16.0,
                "middle",
                &group.label,
            );
        }
    }
    hline(&mut out, LEFT, WIDTH - 10.0, TOP + plot, INK);
    out.push_str("</svg>");
    out
}

/// Dots over time on a 0-10 scale, joined by a line per series, from `from`
/// to `to` (both days shown; a single day is drawn in the middle).
pub fn over_time(title: &str, from: NaiveDate, to: NaiveDate, lines: &[Line]) -> String {
    const HEIGHT: f64 = 180.0;
    const LEFT: f64 = 40.0;
    const RIGHT: f64 = 24.0;
    const TOP: f64 = 24.0;
    const BOTTOM: f64 = 30.0;
    let plot = HEIGHT - TOP - BOTTOM;
    let days = i64_f64((to - from).num_days()).max(0.0);
    let x_of = |d: NaiveDate| {
        if days == 0.0 {
            LEFT + (WIDTH - LEFT - RIGHT) / 2.0
        } else {
            LEFT + (WIDTH - LEFT - RIGHT) * i64_f64((d - from).num_days()) / days
        }
    };
    let y_of = |v: u8| TOP + plot - plot * f64::from(v.min(10)) / 10.0;
    let mut out = String::new();
    open_svg(&mut out, HEIGHT, title);
    let styles: Vec<Style> = lines.iter().map(|l| l.style).collect();
    if styles.len() > 1 {
        legend(&mut out, &styles, 14.0);
    }
    for tick in [0u8, 5, 10] {
        let y = y_of(tick);
        hline(&mut out, LEFT, WIDTH - RIGHT, y, GRID);
        label(&mut out, LEFT - 6.0, y + 4.0, "end", &tick.to_string());
    }
    // A tick on each Monday, thinned out so the dates never overlap (about
    // 7 units a character); a single day gets its date alone.
    let mondays: Vec<NaiveDate> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| d.weekday() == Weekday::Mon)
        .collect();
    let per_week = (WIDTH - LEFT - RIGHT) * 7.0 / days.max(7.0);
    let mut every = 1usize;
    while per_week * usize_f64(every) < 60.0 && every < 1000 {
        every += 1;
    }
    let ticks: Vec<NaiveDate> = if mondays.is_empty() {
        vec![from]
    } else {
        mondays.into_iter().step_by(every).collect()
    };
    for day in ticks {
        let x = x_of(day);
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{TOP:.1}" x2="{x:.1}" y2="{:.1}" stroke="{GRID}" stroke-width="0.5"/>"#,
            TOP + plot
        );
        label(&mut out, x, HEIGHT - 10.0, "middle", &short_date(day));
    }
    for line in lines {
        let style = line.style;
        let points: Vec<(f64, f64)> = line
            .points
            .iter()
            .filter(|(d, _)| *d >= from && *d <= to)
            .map(|&(d, v)| (x_of(d), y_of(v)))
            .collect();
        if points.len() > 1 {
            let path: Vec<String> = points
                .iter()
                .map(|(x, y)| format!("{x:.1},{y:.1}"))
                .collect();
            let dash = if style.open {
                r#" stroke-dasharray="5 3""#
            } else {
                ""
            };
            let _ = write!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"{dash}/>"#,
                path.join(" "),
                style.color
            );
        }
        let fill = if style.open { "#fff" } else { style.color };
        for (x, y) in points {
            let _ = write!(
                out,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="3.5" fill="{fill}" stroke="{}" stroke-width="1.5"/>"#,
                style.color
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// `3 Mar`.
pub fn short_date(d: NaiveDate) -> String {
    d.format("%-d %b").to_string()
}

#[allow(clippy::cast_precision_loss)] // counts of bars and days are small
fn usize_f64(n: usize) -> f64 {
    n as f64
}

#[allow(clippy::cast_precision_loss)] // counts of days are small
fn i64_f64(n: i64) -> f64 {
    n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const DONE: Style = Style {
        name: "done",
        color: "#2a6f97",
        open: false,
    };
    const ASKED: Style = Style {
        name: "asked",
        color: "#2a6f97",
        open: true,
    };

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("valid date")
    }

    #[test]
    fn text_is_cleaned_then_escaped() {
        assert_eq!(
            text("<b>\"Hips\" & 'knees'\u{1b}[31m"),
            "&lt;b&gt;&quot;Hips&quot; &amp; &#39;knees&#39;\\u{1b}[31m"
        );
    }

    #[test]
    fn steps_are_round() {
        assert!((step(0.0) - 1.0).abs() < 1e-9);
        assert!((step(4.0) - 1.0).abs() < 1e-9);
        assert!((step(10.0) - 2.0).abs() < 1e-9);
        assert!((step(37.0) - 10.0).abs() < 1e-9);
        assert!((step(240.0) - 50.0).abs() < 1e-9);
    }

    #[test]
    fn charts_are_one_svg_each_with_escaped_labels() {
        let b = bars(
            "Minutes <per> target",
            &[Bar {
                label: "a & b".into(),
                value: 3.0,
                shown: "3 min".into(),
            }],
        );
        let c = columns(
            "Asked & done",
            &[Group {
                label: "W1".into(),
                values: vec![3.0, 2.0],
            }],
            &[ASKED, DONE],
            None,
        );
        let t = over_time(
            "Tightness",
            date("2025-03-01"),
            date("2025-03-31"),
            &[Line {
                style: DONE,
                points: vec![(date("2025-03-02"), 7), (date("2025-03-30"), 3)],
            }],
        );
        for svg in [&b, &c, &t] {
            assert!(
                svg.starts_with("<svg class=\"chart\" viewBox=\"0 0 640 "),
                "{svg}"
            );
            assert_eq!(svg.matches("<svg").count(), 1);
            assert!(svg.ends_with("</svg>"));
            assert!(!svg.contains("http"));
        }
        assert!(b.contains("<title>Minutes &lt;per&gt; target</title>"));
        assert!(b.contains(">a &amp; b</text>"));
        assert_eq!(
            c.matches("<rect").count(),
            2 + 2,
            "two columns and a legend"
        );
        assert!(t.contains("<polyline"));
        assert_eq!(t.matches("<circle").count(), 2);
    }

    #[test]
    fn nothing_to_draw_draws_an_empty_frame_not_a_panic() {
        assert!(bars("x", &[]).ends_with("</svg>"));
        assert!(columns("x", &[], &[DONE], None).ends_with("</svg>"));
        let day = date("2025-03-01");
        assert!(over_time("x", day, day, &[]).ends_with("</svg>"));
        let nan = columns(
            "x",
            &[Group {
                label: "a".into(),
                values: vec![f64::NAN],
            }],
            &[DONE],
            None,
        );
        assert!(nan.ends_with("</svg>"));
    }
}
