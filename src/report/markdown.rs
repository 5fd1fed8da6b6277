//! The report as Markdown, the default: it reads as plain text in an email
//! too, so every table is padded into aligned columns rather than left for a
//! renderer to line up.

use super::data::{PlanReport, ReportData};
use super::words;
use crate::text::{clean, fit, md_escape, whole_minutes};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// How many rated sessions the Markdown lists (the newest).
const RATED_SHOWN: usize = 20;
/// Titles and step names are cut to this many columns in tables.
const NAME_WIDTH: usize = 40;

/// Text from a file or the log: cleaned, then escaped for Markdown.
fn md(s: &str) -> String {
    md_escape(&clean(s))
}

/// [`md`], cut to [`NAME_WIDTH`] columns for a table cell.
fn name(s: &str) -> String {
    md_escape(&fit(&clean(s), NAME_WIDTH))
}

/// Whether a column's cells line up on the right (numbers) or the left.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// A Markdown table whose columns are padded to their widest cell, so it also
/// reads as a table unrendered. The columns in `texts` (names, dates) are
/// left-aligned, the rest (numbers) right.
fn table<const N: usize>(out: &mut String, texts: &[usize], head: [&str; N], rows: &[[String; N]]) {
    let align = |i: usize| {
        if texts.contains(&i) {
            Align::Left
        } else {
            Align::Right
        }
    };
    let mut widths: [usize; N] = head.map(|h| h.width().max(3));
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        out.push('|');
        for (i, (cell, &w)) in cells.zip(&widths).enumerate() {
            let pad = " ".repeat(w.saturating_sub(cell.width()));
            match align(i) {
                Align::Left => {
                    let _ = write!(out, " {cell}{pad} |");
                }
                Align::Right => {
                    let _ = write!(out, " {pad}{cell} |");
                }
            }
        }
        out.push('\n');
    };
    line(out, &mut head.iter().copied());
    out.push('|');
    for (i, &w) in widths.iter().enumerate() {
        let dashes = "-".repeat(w - 1);
        let _ = match align(i) {
            Align::Left => write!(out, " :{dashes} |"),
            Align::Right => write!(out, " {dashes}: |"),
        };
    }
    out.push('\n');
    for row in rows {
        line(out, &mut row.iter().map(String::as_str));
    }
    out.push('\n');
}

fn heading(out: &mut String, level: usize, text: &str) {
    let _ = writeln!(out, "{} {text}\n", "#".repeat(level));
}

fn para(out: &mut String, text: &str) {
    let _ = writeln!(out, "{text}\n");
}

/// The whole report.
pub fn render(data: &ReportData) -> String {
    let mut out = String::new();
    heading(&mut out, 1, &words::title(&data.period));
    para(&mut out, &words::about(&data.period));
    for (fact, value) in words::facts(data) {
        let _ = writeln!(out, "- **{fact}:** {}", md_escape(&value));
    }
    out.push('\n');

    heading(&mut out, 2, words::PLANS);
    if data.plans.is_empty() {
        para(&mut out, words::NO_PLAN);
    }
    for plan in &data.plans {
        self::plan(&mut out, plan);
    }

    heading(&mut out, 2, words::WEEKS);
    if data.sessions == 0 {
        para(&mut out, words::NO_SESSIONS);
    } else {
        let rows: Vec<[String; 5]> = data.weeks.iter().map(words::week_row).collect();
        table(&mut out, &[0], words::WEEK_COLUMNS, &rows);
    }

    heading(&mut out, 2, words::TARGETS);
    if data.targets.is_empty() {
        para(&mut out, words::NO_TARGETS);
    } else {
        let rows: Vec<[String; 2]> = data
            .targets
            .iter()
            .map(|&(t, secs)| [t.label().to_owned(), whole_minutes(secs)])
            .collect();
        table(&mut out, &[0], words::TARGET_COLUMNS, &rows);
    }

    heading(&mut out, 2, &format!("{} (0-10)", words::TIGHTNESS));
    let rated = &data.tightness[data.tightness.len().saturating_sub(RATED_SHOWN)..];
    if rated.is_empty() {
        para(&mut out, words::NO_RATINGS);
    } else {
        let rows: Vec<[String; 4]> = rated
            .iter()
            .map(|r| {
                [
                    words::row_date(r.date),
                    name(&r.title),
                    r.before.to_string(),
                    r.after.to_string(),
                ]
            })
            .collect();
        table(&mut out, &[0, 1], words::TIGHTNESS_COLUMNS, &rows);
        let all = usize::try_from(data.rated).unwrap_or(usize::MAX);
        if let Some(cut) = words::cut(rated.len(), all) {
            para(&mut out, &cut);
        }
    }

    heading(&mut out, 2, words::SKIPPED);
    if data.skipped.is_empty() {
        para(&mut out, words::NO_SKIPS);
    } else {
        let rows: Vec<[String; 2]> = data
            .skipped
            .iter()
            .map(|(step, n)| [name(step), n.to_string()])
            .collect();
        table(&mut out, &[0], words::SKIPPED_COLUMNS, &rows);
    }
    // One newline at the end, not two.
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn plan(out: &mut String, plan: &PlanReport) {
    heading(out, 3, &md(&words::plan_heading(plan)));
    para(out, &md(&words::plan_summary(plan)));
    if let Some(warning) = &plan.warning {
        para(out, &format!("> **Warning:** {}", md(warning)));
    }
    if plan.checkin_question.is_some() {
        para(out, &md(&words::checkins_heading(plan)));
    }
    let rows: Vec<[String; 6]> = plan
        .weeks
        .iter()
        .map(|w| words::plan_week_row(plan, w))
        .collect();
    if !rows.is_empty() {
        table(out, &[0, 1, 5], words::PLAN_WEEK_COLUMNS, &rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_read_aligned_as_plain_text() {
        let mut out = String::new();
        table(
            &mut out,
            &[0],
            ["Step", "Times"],
            &[
                ["Toe raises".into(), "3".into()],
                ["足底".into(), "12".into()],
            ],
        );
        assert_eq!(
            out,
            "| Step       | Times |\n\
             | :--------- | ----: |\n\
             | Toe raises |     3 |\n\
             | 足底       |    12 |\n\n"
        );
    }

    #[test]
    fn a_plan_reads_as_a_table_with_its_check_ins() {
        let md = render(&crate::report::html::tests::with_a_plan());
        assert!(
            md.contains("### Heel \\<b\\>pain\\</b\\> & \"more\"\\\\u{1b}\\[2J (plantar-heel)\n"),
            "{md}"
        );
        assert!(
            md.contains("> **Warning:** Check-in 8 is above 7: \\<pause\\>\n"),
            "{md}"
        );
        assert!(
            md.contains(
                "| 2    | 17 Mar 2025 |     7 |    6 |       86% | 5 5 4 4 4 3 3         |\n"
            ),
            "{md}"
        );
        assert!(!md.contains('\u{1b}'));
    }

    #[test]
    fn names_are_cleaned_escaped_and_cut() {
        assert_eq!(name("a|b *c*\u{1b}[2J"), r"a\|b \*c\*\\u{1b}\[2J");
        assert_eq!(name(&"x".repeat(60)).width(), NAME_WIDTH);
    }
}
