//! The report as one self-contained HTML page: the style and the charts
//! (inline SVG, see [`super::svg`]) are in the file, nothing is fetched and no
//! script runs, so it opens offline, attaches to an email and prints on A4
//! (`@page`, and `@media print` keeps a chart and its table together).

use super::data::{PlanReport, ReportData};
use super::svg::{self, Bar, Group, Line, Style, short_date, text};
use super::words;
use crate::text::whole_minutes;
use std::fmt::Write as _;

const BLUE: &str = "#2a6f97";
const RED: &str = "#b5452f";
const PURPLE: &str = "#6a4c93";

const ASKED: Style = Style {
    name: words::ASKED,
    color: BLUE,
    open: true,
};
const DONE: Style = Style {
    name: words::DONE,
    color: BLUE,
    open: false,
};
const MINUTES: Style = Style {
    name: "minutes",
    color: BLUE,
    open: false,
};
const BEFORE: Style = Style {
    name: words::BEFORE,
    color: RED,
    open: true,
};
const AFTER: Style = Style {
    name: words::AFTER,
    color: BLUE,
    open: false,
};
const CHECKIN: Style = Style {
    name: "check-in",
    color: PURPLE,
    open: false,
};

const STYLE: &str = "\
@page { size: A4; margin: 14mm 15mm; }
* { box-sizing: border-box; }
body { font: 15px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
  color: #222; background: #fff; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.45rem; margin: 0 0 .3rem; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; padding-bottom: .15rem; border-bottom: 1px solid #bbb; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
p { margin: .3rem 0 .5rem; }
.about { color: #555; font-size: .9rem; }
ul.facts { list-style: none; padding: 0; margin: .6rem 0; }
ul.facts li { margin: .1rem 0; }
table { border-collapse: collapse; margin: .4rem 0 .6rem; font-size: .88rem; }
th, td { padding: .12rem .7rem; border-bottom: 1px solid #ddd; text-align: right; font-variant-numeric: tabular-nums; }
th { border-bottom: 1px solid #888; font-weight: 600; }
th:first-child, td:first-child { padding-left: 0; }
th.text, td.text { text-align: left; }
figure { margin: .4rem 0; }
svg.chart { display: block; width: 100%; height: auto; }
.warning { border-left: 4px solid #b5452f; background: #fbeeeb; padding: .3rem .6rem; }
.note { color: #555; font-size: .85rem; }
@media print {
  body { font-size: 10pt; max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; }
  figure, table, .plan { break-inside: avoid; }
}
";

/// The whole page.
pub fn render(data: &ReportData) -> String {
    let mut out = String::new();
    let title = words::title(&data.period);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n\
         <p class=\"about\">{}</p>\n<ul class=\"facts\">\n",
        text(&title),
        text(&title),
        text(&words::about(&data.period))
    );
    for (fact, value) in words::facts(data) {
        let _ = writeln!(out, "<li><b>{}:</b> {}</li>", text(fact), text(&value));
    }
    out.push_str("</ul>\n");

    section(&mut out, words::PLANS);
    if data.plans.is_empty() {
        para(&mut out, words::NO_PLAN);
    }
    for plan in &data.plans {
        self::plan(&mut out, plan, data);
    }

    weeks(&mut out, data);
    targets(&mut out, data);
    tightness(&mut out, data);
    skipped(&mut out, data);
    out.push_str("</body>\n</html>\n");
    out
}

fn weeks(out: &mut String, data: &ReportData) {
    section(out, words::WEEKS);
    if data.sessions == 0 {
        para(out, words::NO_SESSIONS);
    } else {
        let groups: Vec<Group> = data
            .weeks
            .iter()
            .map(|w| Group {
                label: short_date(w.start),
                values: vec![secs_to_minutes(w.work_secs)],
            })
            .collect();
        figure(
            out,
            &svg::columns("Minutes per week", &groups, &[MINUTES], None),
        );
        let rows: Vec<[String; 5]> = data.weeks.iter().map(words::week_row).collect();
        table(out, &[0], &words::WEEK_COLUMNS, &rows);
    }
}

fn targets(out: &mut String, data: &ReportData) {
    section(out, words::TARGETS);
    if data.targets.is_empty() {
        para(out, words::NO_TARGETS);
    } else {
        let bars: Vec<Bar> = data
            .targets
            .iter()
            .map(|&(t, secs)| Bar {
                label: t.label().to_owned(),
                value: secs_to_minutes(secs),
                shown: format!("{} min", whole_minutes(secs)),
            })
            .collect();
        figure(out, &svg::bars(words::TARGETS, &bars));
    }
}

fn tightness(out: &mut String, data: &ReportData) {
    section(out, &format!("{} (0-10)", words::TIGHTNESS));
    if data.tightness.is_empty() {
        para(out, words::NO_RATINGS);
    } else {
        let points = |pick: fn(&super::data::Rated) -> u8| {
            data.tightness.iter().map(|r| (r.date, pick(r))).collect()
        };
        let lines = [
            Line {
                style: BEFORE,
                points: points(|r| r.before),
            },
            Line {
                style: AFTER,
                points: points(|r| r.after),
            },
        ];
        let from = data.tightness.first().map_or(data.period.from, |r| r.date);
        figure(
            out,
            &svg::over_time(
                words::TIGHTNESS,
                from.min(data.period.from),
                data.period.to,
                &lines,
            ),
        );
        let all = usize::try_from(data.rated).unwrap_or(usize::MAX);
        if let Some(cut) = words::cut(data.tightness.len(), all) {
            note(out, &cut);
        }
    }
}

fn skipped(out: &mut String, data: &ReportData) {
    section(out, words::SKIPPED);
    if data.skipped.is_empty() {
        para(out, words::NO_SKIPS);
    } else {
        let rows: Vec<[String; 2]> = data
            .skipped
            .iter()
            .map(|(step, n)| [step.clone(), n.to_string()])
            .collect();
        table(out, &[0], &words::SKIPPED_COLUMNS, &rows);
    }
}

fn plan(out: &mut String, plan: &PlanReport, data: &ReportData) {
    out.push_str("<div class=\"plan\">\n");
    let _ = writeln!(out, "<h3>{}</h3>", text(&words::plan_heading(plan)));
    para(out, &words::plan_summary(plan));
    if let Some(warning) = &plan.warning {
        let _ = writeln!(
            out,
            "<p class=\"warning\"><b>Warning:</b> {}</p>",
            text(warning)
        );
    }
    if !plan.weeks.is_empty() {
        let groups: Vec<Group> = plan
            .weeks
            .iter()
            .map(|w| Group {
                label: format!("week {}", w.number),
                values: vec![f64::from(w.asked), f64::from(w.done)],
            })
            .collect();
        let title = format!("{}: asked and done per week", plan.title);
        figure(out, &svg::columns(&title, &groups, &[ASKED, DONE], None));
        let rows: Vec<[String; 6]> = plan
            .weeks
            .iter()
            .map(|w| words::plan_week_row(plan, w))
            .collect();
        table(out, &[0, 1, 5], &words::PLAN_WEEK_COLUMNS, &rows);
    }
    if plan.checkin_question.is_some() || !plan.checkins.is_empty() {
        let heading = words::checkins_heading(plan);
        let _ = writeln!(out, "<p><b>{}</b></p>", text(&heading));
        if let (Some(first), Some(last)) = (plan.checkins.first(), plan.checkins.last()) {
            let line = Line {
                style: CHECKIN,
                points: plan.checkins.clone(),
            };
            let to = last.0.max(data.period.to);
            figure(out, &svg::over_time(&heading, first.0, to, &[line]));
        } else {
            para(out, words::NO_CHECKINS);
        }
    }
    out.push_str("</div>\n");
}

fn section(out: &mut String, heading: &str) {
    let _ = writeln!(out, "<h2>{}</h2>", text(heading));
}

fn para(out: &mut String, s: &str) {
    let _ = writeln!(out, "<p>{}</p>", text(s));
}

fn note(out: &mut String, s: &str) {
    let _ = writeln!(out, "<p class=\"note\">{}</p>", text(s));
}

fn figure(out: &mut String, svg: &str) {
    let _ = writeln!(out, "<figure>{svg}</figure>");
}

/// A table: the columns in `texts` left-aligned (names, dates), the rest
/// right-aligned (numbers).
fn table<const N: usize>(
    out: &mut String,
    texts: &[usize],
    head: &[&str; N],
    rows: &[[String; N]],
) {
    let class = |i: usize| {
        if texts.contains(&i) {
            " class=\"text\""
        } else {
            ""
        }
    };
    out.push_str("<table>\n<thead><tr>");
    for (i, h) in head.iter().enumerate() {
        let _ = write!(out, "<th{}>{}</th>", class(i), text(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", class(i), text(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

#[allow(clippy::cast_precision_loss)] // seconds of work stay far below 2^52
fn secs_to_minutes(secs: u64) -> f64 {
    secs as f64 / 60.0
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::data::{PlanWeek, ReportData};
    use chrono::{Days, NaiveDate};

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("valid date")
    }

    /// No sessions, one plan of 3 weeks with a check-in a day and a warning,
    /// its texts hostile.
    pub fn with_a_plan() -> ReportData {
        let start = date("2025-03-10");
        let weeks = (0..3)
            .map(|i| PlanWeek {
                number: i + 1,
                start: start + Days::new(u64::from(i) * 7),
                asked: 7,
                done: 7 - i,
            })
            .collect();
        let checkins = (0..21u8)
            .map(|i| (start + Days::new(u64::from(i)), 7 - i / 3))
            .collect();
        ReportData::from_history(&[], &chrono::Utc, date("2025-03-31"), Some(start)).with_plans(
            vec![PlanReport {
                id: "plantar-heel".into(),
                title: "Heel <b>pain</b> & \"more\"\u{1b}[2J".into(),
                started: start,
                weeks,
                adherence: Some(0.857),
                checkin_question: Some("Pain on first steps?".into()),
                checkins,
                warning: Some("Check-in 8 is above 7: <pause>".into()),
            }],
        )
    }

    #[test]
    fn a_plan_has_its_charts_and_its_text_escaped() {
        let html = render(&with_a_plan());
        // Asked and done per week, check-ins over time; no session charts.
        assert_eq!(html.matches("<svg").count(), 2);
        assert!(html.contains(
            "<h3>Heel &lt;b&gt;pain&lt;/b&gt; &amp; &quot;more&quot;\\u{1b}[2J (plantar-heel)</h3>"
        ));
        assert!(html.contains("<b>Warning:</b> Check-in 8 is above 7: &lt;pause&gt;</p>"));
        assert!(html.contains("<td class=\"text\">7 7 7 6 6 6 5</td>"));
        assert!(html.contains("<td>86%</td>"));
        assert!(!html.contains('\u{1b}'));
        assert!(!html.contains("<b>pain"));
    }

    #[test]
    fn nothing_to_report_still_makes_a_page() {
        let empty = ReportData::from_history(&[], &chrono::Utc, date("2025-03-31"), None);
        let html = render(&empty);
        assert!(html.contains(words::NO_SESSIONS));
        assert!(html.contains(words::NO_PLAN));
        assert!(!html.contains("<svg"));
    }
}
