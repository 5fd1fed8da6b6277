//! The plan commands as a runner meets them (SPEC sections 3, 8 and 9): `plan
//! list|show|start|stop`, `today` and `--json`, `checkin`, `status`, and
//! `check` on plan files. Every command runs with a fresh `LIMBER_HOME`, the
//! clock pinned by `LIMBER_NOW` and Berlin's time zone.

use crate::support::{self, ROOT, Run, assert_terminal_safe};
use chrono::{DateTime, Duration};
use limber::core::engine::Report;
use limber::store::history::Record;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const BERLIN: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

/// A plan of our own, so the tests do not follow the bundled ones' edits.
const HEEL: &str = r#"Plan(
    title: "Heel plan",
    checkin: "Heel pain on your first steps",
    stop_above: 7,
    phases: [
        Phase(name: "Stretch", weeks: 1, sessions: [
            (routine: "plantar-stretch", days: Daily, times: 3),
            (routine: "arch-roll", days: PerWeek(2)),
        ]),
        Phase(name: "Load", weeks: 2, advance: WhenPain(at_most: 3, checkins: 2), sessions: [
            (routine: "heel-raise", days: EveryOtherDay),
        ]),
    ],
)"#;

const HEEL_RAISE: &str = r#"Routine(title: "Heel raise", steps: [
    Step(name: "Raise", kind: Stretch, target: Calves, seconds: 60),
])"#;

fn home() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(dir.path().join("plans")).expect("plans");
    fs::create_dir_all(dir.path().join("routines")).expect("routines");
    fs::write(dir.path().join("plans/heel.ron"), HEEL).expect("plan");
    fs::write(dir.path().join("routines/heel-raise.ron"), HEEL_RAISE).expect("routine");
    dir
}

fn limber_at(home: &Path, now: &str, args: &[&str]) -> Run {
    let run = support::run(
        support::limber(home)
            .args(args)
            .env("LIMBER_NOW", now)
            .env("TZ", BERLIN)
            .current_dir(ROOT),
    );
    assert_terminal_safe(&args.join(" "), &run.stdout);
    assert_terminal_safe(&args.join(" "), &run.stderr);
    run
}

/// Appends a session of `routine` that ended at `ended` (RFC 3339) to the log.
fn session(home: &Path, routine: &str, ended: &str, work: u32, speed: u32) {
    let ended = DateTime::parse_from_rfc3339(ended).expect("time");
    let mut r = Record::start(routine, routine, 100, speed, ended - Duration::minutes(5));
    r.finish(
        &Report {
            completed: true,
            work_secs: work,
            targets: BTreeMap::new(),
            skipped: Vec::new(),
        },
        ended,
    );
    limber::store::history::append(home, &r).expect("append");
}

const DAY1: &str = "2025-03-28T07:00:00+01:00";

#[test]
fn a_week_of_a_plan_across_the_summer_time_change() {
    let home = home();
    let h = home.path();
    let run = limber_at(h, DAY1, &["plan", "start", "heel"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Started Heel plan (heel): day 1 is Fri 28 Mar 2025, 3 weeks.\n`limber today` shows what is due.\n"
    );
    // Day 1 (Friday): two stretches, one a preview, one skipped through.
    session(h, "plantar-stretch", "2025-03-28T08:00:00+01:00", 100, 1);
    session(h, "plantar-stretch", "2025-03-28T09:00:00+01:00", 100, 10);
    session(h, "plantar-stretch", "2025-03-28T10:00:00+01:00", 10, 1);
    // Saturday: one that ended after midnight counts for Sunday, the day
    // summer time starts; an arch roll for the week.
    session(h, "plantar-stretch", "2025-03-30T00:10:00+01:00", 100, 1);
    session(h, "arch-roll", "2025-03-30T11:00:00+02:00", 100, 1);
    session(h, "plantar-stretch", "2025-03-30T20:00:00+02:00", 100, 1);
    let sunday = "2025-03-30T21:00:00+02:00";
    let run = limber_at(h, sunday, &["checkin", "2"]);
    assert_eq!(run.stdout, "Checked in 2 for Heel plan.\n");
    let run = limber_at(h, sunday, &["today"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    insta::assert_snapshot!("today_sunday", run.stdout);
    let run = limber_at(h, sunday, &["today", "--json"]);
    insta::assert_snapshot!("today_sunday_json", run.stdout);
    let json: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json[0]["day"], 3);
    assert_eq!(json[0]["due"][0]["done"], 2);
    // Day 1: 1 of 3; day 2: 0 of 3; today's 2 and the week's roll so far.
    assert_eq!(json[0]["adherence"], 4.0 / 9.0);
    let run = limber_at(h, sunday, &["status"]);
    assert_eq!(run.stdout, "limber: 1 due · plantar-stretch\n");
    assert_eq!(run.code, Some(0));
}

#[test]
fn the_gate_holds_and_a_high_checkin_warns() {
    let home = home();
    let h = home.path();
    limber_at(h, DAY1, &["plan", "start", "heel", "--on", "2025-03-01"]);
    // The plan's 3 weeks end on 21 March; the gate needs 2 check-ins <= 3.
    limber_at(h, "2025-03-21T07:00:00+01:00", &["checkin", "8"]);
    let now = "2025-03-22T07:00:00+01:00";
    let run = limber_at(h, now, &["checkin", "3"]);
    assert_eq!(run.stdout, "Checked in 3 for Heel plan.\n");
    let run = limber_at(h, now, &["today"]);
    insta::assert_snapshot!("today_held", run.stdout);
    let json: Value =
        serde_json::from_str(&limber_at(h, now, &["today", "--json"]).stdout).expect("json");
    assert_eq!(
        json[0]["warning"],
        "Phase 'Load' goes on until your last 2 check-ins are 3 or less (last: 8, 3)."
    );
    let run = limber_at(
        h,
        "2025-03-23T07:00:00+01:00",
        &["checkin", "9", "--plan", "heel"],
    );
    assert_eq!(
        run.stdout,
        "Checked in 9 for Heel plan. That is above 7: pause the plan and get advice.\n"
    );
    // Two good mornings: the gate of the last phase opens, the plan is over
    // (its last day was the day before).
    limber_at(h, "2025-03-24T07:00:00+01:00", &["checkin", "1"]);
    let now = "2025-03-25T07:00:00+01:00";
    limber_at(h, now, &["checkin", "0"]);
    let run = limber_at(h, now, &["today"]);
    assert!(
        run.stdout.starts_with("Heel plan: finished (24 days)\n"),
        "{}",
        run.stdout
    );
    let run = limber_at(h, now, &["status"]);
    assert_eq!((run.code, run.stdout.as_str()), (Some(0), ""));
}

#[test]
fn several_plans_a_restart_and_stopping() {
    let home = home();
    let h = home.path();
    limber_at(h, DAY1, &["plan", "start", "heel"]);
    limber_at(h, DAY1, &["plan", "start", "runner-maintenance"]);
    session(h, "plantar-stretch", "2025-03-28T08:00:00+01:00", 100, 1);
    let later = "2025-03-29T08:00:00+01:00";
    let run = limber_at(h, later, &["plan", "start", "heel"]);
    assert!(
        run.stdout
            .starts_with("Restarted Heel plan (heel): day 1 is Sat 29 Mar 2025")
    );
    let json: Value =
        serde_json::from_str(&limber_at(h, later, &["today", "--json"]).stdout).expect("json");
    let plans: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|p| p["plan"].as_str())
        .collect();
    assert_eq!(plans, ["runner-maintenance", "heel"]);
    assert_eq!(json[1]["day"], 1);
    assert_eq!(json[1]["adherence"], Value::Null);
    let run = limber_at(h, later, &["plan", "stop"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "limber: several plans are active (runner-maintenance, heel): name the one to stop\n"
    );
    let run = limber_at(h, later, &["plan", "stop", "heel"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (Some(0), "Stopped heel.\n")
    );
    let run = limber_at(h, later, &["plan", "stop", "heel"]);
    assert_eq!(run.code, Some(1));
    limber_at(h, later, &["plan", "stop"]);
    let run = limber_at(h, later, &["today"]);
    assert_eq!(
        run.stdout,
        "No plan is active. `limber plan list` shows the plans, `limber plan start ID` starts one.\n"
    );
    assert_eq!(limber_at(h, later, &["today", "--json"]).stdout, "[]\n");
    assert_eq!(limber_at(h, later, &["status"]).stdout, "");
    let run = limber_at(h, later, &["checkin", "3"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (Some(1), "limber: no active plan asks for a check-in\n")
    );
    let log = fs::read_to_string(h.join("plans.jsonl")).expect("log");
    assert_eq!(log.lines().count(), 5);
}

#[test]
fn a_deleted_routine_is_a_warning_of_the_active_plan() {
    let home = home();
    let h = home.path();
    limber_at(h, DAY1, &["plan", "start", "heel", "--on", "2025-03-01"]);
    fs::remove_file(h.join("routines/heel-raise.ron")).expect("remove");
    // Day 10: day 3 of "Load", a heel raise day.
    let now = "2025-03-10T07:00:00+01:00";
    let run = limber_at(h, now, &["today"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("  heel-raise  0 of 1 done  (missing)\n")
            && run.stdout.contains(
                "  ! The plan names the routine 'heel-raise', which does not exist (any more).\n"
            ),
        "{}",
        run.stdout
    );
    // Starting it again is refused: the file no longer checks.
    let run = limber_at(h, now, &["plan", "start", "heel"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("sessions[0].routine: no routine 'heel-raise', did you mean 'heel-raises'?")
            || run.stderr.contains("no routine 'heel-raise'"),
        "{}",
        run.stderr
    );
}

#[test]
fn list_and_show() {
    let home = home();
    let h = home.path();
    limber_at(h, DAY1, &["plan", "start", "heel"]);
    let run = limber_at(h, DAY1, &["plan", "list"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("* heel "), "{}", run.stdout);
    assert!(
        run.stdout.contains("  runner-maintenance "),
        "{}",
        run.stdout
    );
    let json: Value = serde_json::from_str(&limber_at(h, DAY1, &["plan", "list", "--json"]).stdout)
        .expect("json");
    let heel = json
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["id"] == "heel")
        .expect("listed");
    assert_eq!(
        heel,
        &serde_json::json!({"id": "heel", "title": "Heel plan", "weeks": 3, "phases": 2, "source": "user", "active": true})
    );
    let run = limber_at(h, DAY1, &["plan", "show", "heel"]);
    insta::assert_snapshot!("show_heel", run.stdout);
    let run = limber_at(h, DAY1, &["plan", "show", "hele"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (Some(1), "limber: no plan 'hele'; did you mean 'heel'?\n")
    );
}

#[test]
fn check_knows_plan_files() {
    let home = home();
    let h = home.path();
    let bad = h.join("bad.ron");
    fs::write(
        &bad,
        HEEL.replace("\"arch-roll\"", "\"arch-rol\"")
            .replace("weeks: 2,", "weeks: 30,"),
    )
    .expect("write");
    let run = limber_at(
        h,
        DAY1,
        &[
            "check",
            h.join("plans/heel.ron").to_str().expect("utf-8"),
            bad.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(run.code, Some(1));
    let shown = run.stdout.replace(&h.display().to_string(), "HOME");
    assert_eq!(
        shown,
        "HOME/bad.ron:8:23: error: phases[0] \"Stretch\": sessions[1].routine: no routine 'arch-rol', did you mean 'arch-roll'?\n\
         HOME/bad.ron:10:36: error: phases[1] \"Load\": weeks: 30 is out of range; it must be 1-26\n\
         2 files checked, 1 invalid\n"
    );
    fs::write(&bad, "// a plan\nPlan(title: \"x\", phases: [Phase(name: \"a\", weeks: 1, sessions: [(routine: \"arch-roll\", days: Dayly)])])").expect("write");
    let run = limber_at(h, DAY1, &["check", bad.to_str().expect("utf-8")]);
    assert!(
        run.stdout
            .contains("bad.ron:2:94: error: unknown days name 'Dayly', did you mean 'Daily'?"),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_usage() {
    let home = home();
    let run = limber_at(home.path(), DAY1, &["checkin", "11"]);
    assert_eq!(run.code, Some(2));
    let run = limber_at(
        home.path(),
        DAY1,
        &["plan", "start", "heel", "--on", "March"],
    );
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("expected a date as YYYY-MM-DD"),
        "{}",
        run.stderr
    );
}

/// The events of an iCalendar file, read by a real iCalendar parser.
fn events(ics: &str) -> Vec<icalendar::Event> {
    use std::str::FromStr;
    let calendar = icalendar::Calendar::from_str(ics).expect("a calendar that parses");
    calendar
        .components
        .iter()
        .filter_map(|c| c.as_event().cloned())
        .collect()
}

/// `limber plan ics ARGS` at `now`: its lines end in CRLF, as RFC 5545 wants,
/// so it is not held to the terminal-safe rule of the other commands.
fn ics_at(home: &Path, now: &str, args: &[&str]) -> Run {
    let mut all = vec!["plan", "ics"];
    all.extend_from_slice(args);
    support::run(
        support::limber(home)
            .args(all)
            .env("LIMBER_NOW", now)
            .env("TZ", BERLIN)
            .current_dir(ROOT),
    )
}

#[test]
fn the_calendar_has_every_session_to_the_end_with_alarms_and_stable_uids() {
    use icalendar::Component;
    let home = home();
    // Not started: as if it started today, Monday 24 March 2025.
    let now = "2025-03-24T09:00:00+01:00";
    let run = ics_at(home.path(), now, &["heel", "--at", "07:00,12:30,18:00"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let all = events(&run.stdout);
    // Week 1: 3 stretches a day and 2 arch rolls; weeks 2-3: a heel raise
    // every other day (days 1, 3, ... 13 of the phase: 31 March to 12 April).
    assert_eq!(all.len(), 7 * 3 + 2 + 7, "{}", run.stdout);
    let first = &all[0];
    assert_eq!(first.property_value("DTSTART"), Some("20250324T070000"));
    assert_eq!(first.get_uid(), Some("heel-20250324-20250324-1@limber"));
    assert!(
        first.get_summary().is_some_and(|s| s.contains("Plantar")),
        "{first:?}"
    );
    assert_eq!(all[1].property_value("DTSTART"), Some("20250324T123000"));
    let alarms = run.stdout.matches("BEGIN:VALARM").count();
    assert_eq!(alarms, all.len(), "one reminder per session");
    let last = all.last().expect("events");
    assert_eq!(
        last.property_value("DTSTART").map(|s| &s[..8]),
        Some("20250412")
    );
    // Started on the 24th, exported again two days later: what is left, with
    // the same UIDs, so a calendar app updates rather than duplicates.
    let started = limber_at(home.path(), now, &["plan", "start", "heel"]);
    assert_eq!(started.code, Some(0), "{}", started.stderr);
    let later = ics_at(
        home.path(),
        "2025-03-26T09:00:00+01:00",
        &["heel", "--at", "07:00,12:30,18:00"],
    );
    let rest = events(&later.stdout);
    let uids = |events: &[icalendar::Event]| -> Vec<String> {
        events
            .iter()
            .filter_map(|e| e.get_uid().map(str::to_owned))
            .collect()
    };
    let before = uids(&all);
    let after = uids(&rest);
    assert!(!after.is_empty() && after.len() < before.len());
    assert!(after.iter().all(|u| before.contains(u)), "{after:?}");
}

#[test]
fn the_report_shows_each_plan_week_asked_and_done_and_the_checkins() {
    let home = home();
    let h = home.path();
    assert_eq!(limber_at(h, DAY1, &["plan", "start", "heel"]).code, Some(0));
    session(h, "plantar-stretch", "2025-03-28T08:00:00+01:00", 100, 1);
    session(h, "plantar-stretch", "2025-03-28T18:00:00+01:00", 100, 1);
    session(h, "arch-roll", "2025-03-29T11:00:00+01:00", 100, 1);
    assert_eq!(
        limber_at(h, "2025-03-29T07:00:00+01:00", &["checkin", "5"]).code,
        Some(0)
    );
    // Monday 7 April: week 1 is over, week 2 (28 Mar + 7) runs from 4 April.
    let now = "2025-04-07T20:00:00+02:00";
    let run = limber_at(h, now, &["report"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let md = &run.stdout;
    assert!(md.contains("### Heel plan (heel)"), "{md}");
    assert!(md.contains("Started 28 March 2025."), "{md}");
    // Week 1: 7 days x 3 stretches + 2 arch rolls asked; 2 + 1 done.
    let week1 = md
        .lines()
        .find(|l| l.starts_with("| 1 "))
        .unwrap_or_else(|| panic!("no week 1 row:\n{md}"));
    let cells: Vec<&str> = week1.split('|').map(str::trim).collect();
    assert_eq!(&cells[2..5], ["28 Mar 2025", "23", "3"], "{week1}");
    assert!(week1.contains(" 5 "), "the check-in of the 29th: {week1}");
    assert!(md.lines().any(|l| l.starts_with("| 2 ")), "{md}");
    let html = limber_at(h, now, &["report", "--format", "html", "--plan", "heel"]);
    assert_eq!(html.code, Some(0), "{}", html.stderr);
    assert!(html.stdout.contains("Heel plan"), "{}", html.stdout);
    let other = limber_at(h, now, &["report", "--plan", "marathon-recovery"]);
    assert_eq!(other.code, Some(1));
    assert!(
        other
            .stderr
            .contains("no plan 'marathon-recovery' is active"),
        "{}",
        other.stderr
    );
}
