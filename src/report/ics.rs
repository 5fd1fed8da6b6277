//! A plan's prescribed sessions as an iCalendar file (RFC 5545), so that any
//! calendar app reminds the runner: one event per session at a local time,
//! each with a reminder alarm.
//!
//! Times are floating (local wall-clock time, no time zone): "07:30" stays
//! 07:30 wherever the runner's phone is, across DST changes too. UIDs are
//! stable for the same plan started on the same day, so importing a newer
//! file updates the events instead of adding copies.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike};

/// One prescribed session on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub date: NaiveDate,
    /// The routine's id (`plantar-stretch`).
    pub routine: String,
    /// Its title, for the event's summary.
    pub title: String,
    /// Its planned length, for the event's end.
    pub secs: u32,
}

/// The plan the sessions belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInfo {
    pub id: String,
    pub title: String,
    /// The day the plan started (or would start): part of every UID, so a
    /// restarted plan's calendar does not overwrite the old one's past events.
    pub started: NaiveDate,
}

/// How long before a session its reminder goes off.
pub const REMIND_BEFORE_MINUTES: i64 = 5;

/// The default local times of a day's sessions: one in the morning, two
/// morning and evening, more spread between 07:30 and 21:00.
pub fn default_times(per_day: usize) -> Vec<NaiveTime> {
    let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
    match per_day {
        0 | 1 => vec![at(7, 30)],
        2 => vec![at(7, 30), at(19, 0)],
        3 => vec![at(7, 30), at(13, 0), at(19, 0)],
        n => {
            // 07:30 to 21:00 in equal steps.
            let span = 13 * 60 + 30;
            let steps = u32::try_from(n - 1).unwrap_or(1).max(1);
            (0..=steps)
                .map(|i| {
                    let minutes = 7 * 60 + 30 + span * i / steps;
                    at(minutes / 60, minutes % 60)
                })
                .collect()
        }
    }
}

/// The calendar: `sessions` in date order, the n-th session of a day at
/// `times[n]` (the last time again when a day has more sessions than times).
/// `stamp` is the file's creation time (DTSTAMP), passed in to keep this pure.
pub fn calendar(
    plan: &PlanInfo,
    sessions: &[Session],
    times: &[NaiveTime],
    stamp: DateTime<Utc>,
) -> String {
    let mut cal = Calendar::new();
    cal.name(&plan.title);
    cal.description(&format!("limber plan {}", plan.id));
    let fallback = default_times(1);
    let times = if times.is_empty() { &fallback } else { times };
    let mut day = None;
    let mut nth = 0usize;
    for session in sessions {
        if day == Some(session.date) {
            nth += 1;
        } else {
            day = Some(session.date);
            nth = 0;
        }
        let time = times[nth.min(times.len() - 1)];
        let start = session.date.and_time(time);
        let end = start + Duration::seconds(i64::from(session.secs.max(60)));
        let uid = format!(
            "{}-{}-{}-{}@limber",
            plan.id,
            plan.started.format("%Y%m%d"),
            session.date.format("%Y%m%d"),
            nth + 1
        );
        let summary = format!("{} ({})", session.title, plan.title);
        cal.push(
            Event::new()
                .uid(&uid)
                .timestamp(stamp)
                .summary(&summary)
                .description(&format!(
                    "limber run {}\nPart of your plan: {}.",
                    session.routine, plan.title
                ))
                .starts(start)
                .ends(end)
                .alarm(
                    // The crate gives every component a UID and DTSTAMP, the
                    // alarm too; stable ones keep the file the same each time.
                    Alarm::display(
                        &format!("Time for {}", session.title),
                        -Duration::minutes(REMIND_BEFORE_MINUTES),
                    )
                    .uid(&format!("alarm-{uid}"))
                    .timestamp(stamp)
                    .done(),
                )
                .done(),
        );
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).expect("date")
    }

    fn session(d: u32, routine: &str) -> Session {
        Session {
            date: date(d),
            routine: routine.into(),
            title: format!("Title of {routine}"),
            secs: 300,
        }
    }

    fn plan() -> PlanInfo {
        PlanInfo {
            id: "plantar-heel".into(),
            title: "Plantar heel pain: 8 weeks".into(),
            started: date(2),
        }
    }

    fn stamp() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
            .expect("time")
            .to_utc()
    }

    #[test]
    fn each_session_is_an_event_at_its_time_with_an_alarm_and_a_stable_uid() {
        let sessions = [
            session(2, "plantar-stretch"),
            session(2, "plantar-stretch"),
            session(2, "heel-raise-12"),
            session(3, "plantar-stretch"),
        ];
        let text = calendar(&plan(), &sessions, &default_times(3), stamp());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        let parsed = icalendar::Calendar::from_str(&text).expect("a valid calendar");
        let events: Vec<_> = parsed
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .collect();
        assert_eq!(events.len(), 4);
        let starts: Vec<String> = events
            .iter()
            .map(|e| e.property_value("DTSTART").unwrap_or_default().to_string())
            .collect();
        assert_eq!(
            starts,
            [
                "20260302T073000",
                "20260302T130000",
                "20260302T190000",
                "20260303T073000"
            ]
        );
        assert_eq!(
            events[0].get_uid(),
            Some("plantar-heel-20260302-20260302-1@limber")
        );
        assert_eq!(
            events[3].get_uid(),
            Some("plantar-heel-20260302-20260303-1@limber")
        );
        assert!(
            text.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\n"),
            "{text}"
        );
        assert!(text.contains("TRIGGER:-PT300S\r\n"), "{text}");
        // The same plan exported again gives the same UIDs: an import updates.
        let again = calendar(&plan(), &sessions, &default_times(3), stamp());
        assert_eq!(text, again);
    }

    #[test]
    fn default_times_spread_over_the_day() {
        let hm = |t: &NaiveTime| t.format("%H:%M").to_string();
        assert_eq!(
            default_times(1).iter().map(hm).collect::<Vec<_>>(),
            ["07:30"]
        );
        assert_eq!(
            default_times(5).iter().map(hm).collect::<Vec<_>>(),
            ["07:30", "10:52", "14:15", "17:37", "21:00"]
        );
    }

    #[test]
    fn a_day_with_more_sessions_than_times_reuses_the_last_time() {
        let sessions = [session(2, "a"), session(2, "b")];
        let morning = [NaiveTime::from_hms_opt(6, 0, 0).expect("time")];
        let text = calendar(&plan(), &sessions, &morning, stamp());
        assert_eq!(text.matches("DTSTART:20260302T060000").count(), 2, "{text}");
        assert_eq!(text.matches("\r\nUID:plantar-heel").count(), 2, "{text}");
    }
}
