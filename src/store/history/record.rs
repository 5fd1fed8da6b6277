//! One session as the log stores it (SPEC section 6), and how a session builds it.

use crate::core::engine::Report;
use crate::core::routine::Target;
use chrono::{DateTime, FixedOffset, Local, SecondsFormat, Timelike};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The highest tightness rating ("How tight is it? 0-10").
pub const TIGHTNESS_MAX: u8 = 10;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The timeline reached its end (skips allowed).
    Completed,
    /// The user quit before the end (q, Ctrl-C, SIGTERM, SIGHUP).
    Stopped,
    /// The process died without a word; recovered from its checkpoint.
    Interrupted,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Stopped => "stopped",
            Outcome::Interrupted => "interrupted",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of `history.jsonl`. Fields a later version adds are ignored on read;
/// a target this version does not know is left out of `targets`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Unique per session, also across processes started in the same second
    /// (start time, pid and a random part): how recovery knows a session is
    /// already in the log. Lines written by v1 have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The routine's id (`calf-release`, or the file stem of a path).
    pub routine: String,
    pub title: String,
    /// RFC 3339 with the local offset, whole seconds.
    #[serde(with = "rfc3339")]
    pub started: DateTime<FixedOffset>,
    #[serde(with = "rfc3339")]
    pub ended: DateTime<FixedOffset>,
    pub outcome: Outcome,
    pub planned_secs: u32,
    /// The work blocks' share of `planned_secs`: what "half the work" is
    /// measured against. Lines written before it existed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_work_secs: Option<u32>,
    /// Work seconds actually done (timeline time).
    pub work_secs: u32,
    /// Work seconds done per target, keyed by [`Target::id`].
    #[serde(default, with = "targets")]
    pub targets: BTreeMap<Target, u32>,
    /// Names of the work blocks skipped.
    #[serde(default)]
    pub skipped: Vec<String>,
    /// Run with `--speed` above 1: left out of totals and streaks.
    #[serde(default)]
    pub preview: bool,
    #[serde(default = "one")]
    pub speed: u32,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "tightness"
    )]
    pub tightness_before: Option<u8>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "tightness"
    )]
    pub tightness_after: Option<u8>,
    /// The version of limber that wrote the record.
    #[serde(default)]
    pub limber_version: String,
}

fn one() -> u32 {
    1
}

/// The local time now, in whole seconds, as records store it.
pub fn now() -> DateTime<FixedOffset> {
    whole_seconds(Local::now().fixed_offset())
}

fn whole_seconds(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    t.with_nanosecond(0).unwrap_or(t)
}

/// A new session id: `20250316T071205-4242-9f3a1c2b7d4e5f60`, the start time,
/// the pid, and 64 random bits (the standard library's per-process random hash
/// keys, over a counter and the clock), so no two sessions share one, in one
/// process or in several started in the same second.
fn new_id(started: DateTime<FixedOffset>) -> String {
    use std::hash::{BuildHasher, Hasher, RandomState};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    format!(
        "{}-{}-{:016x}",
        started.format("%Y%m%dT%H%M%S"),
        std::process::id(),
        hasher.finish()
    )
}

impl Record {
    /// The record of a session that has just started: nothing done yet, outcome
    /// `interrupted` until [`Record::progress`] or [`Record::finish`] says more.
    /// `speed` above 1 makes it a preview.
    pub fn start(
        routine: &str,
        title: &str,
        planned_secs: u32,
        speed: u32,
        started: DateTime<FixedOffset>,
    ) -> Record {
        let started = whole_seconds(started);
        Record {
            id: Some(new_id(started)),
            routine: routine.to_owned(),
            title: title.to_owned(),
            started,
            ended: started,
            outcome: Outcome::Interrupted,
            planned_secs,
            planned_work_secs: None,
            work_secs: 0,
            targets: BTreeMap::new(),
            skipped: Vec::new(),
            preview: speed > 1,
            speed: speed.max(1),
            tightness_before: None,
            tightness_after: None,
            limber_version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    /// Less than half of the planned work was done (SPEC 8): a session skipped
    /// through fills no prescription and, like a preview, counts for no streak.
    /// A line without `planned_work_secs` is measured against the whole plan.
    pub fn skipped_through(&self) -> bool {
        let planned = self.planned_work_secs.unwrap_or(self.planned_secs);
        u64::from(self.work_secs) * 2 < u64::from(planned)
    }

    /// Whether this session counts as done: completed, not a preview and not
    /// skipped through. Streaks, daily minutes and plans all use this one rule.
    pub fn counts(&self) -> bool {
        !self.preview && self.outcome == Outcome::Completed && !self.skipped_through()
    }

    /// What was done so far, for a checkpoint at `at`: the outcome stays
    /// `interrupted` (what the record becomes if the process dies now), or
    /// `completed` once the timeline has reached its end.
    pub fn progress(&mut self, report: &Report, at: DateTime<FixedOffset>) {
        self.take(report, at);
        self.outcome = if report.completed {
            Outcome::Completed
        } else {
            Outcome::Interrupted
        };
    }

    /// The final record at `at`: `completed` if the timeline reached its end,
    /// else `stopped` (the user quit).
    pub fn finish(&mut self, report: &Report, at: DateTime<FixedOffset>) {
        self.take(report, at);
        self.outcome = if report.completed {
            Outcome::Completed
        } else {
            Outcome::Stopped
        };
    }

    fn take(&mut self, report: &Report, at: DateTime<FixedOffset>) {
        self.ended = whole_seconds(at).max(self.started);
        self.work_secs = report.work_secs;
        self.targets.clone_from(&report.targets);
        self.skipped.clone_from(&report.skipped);
    }

    /// Sets a tightness rating, clamped to 0-10.
    pub fn rate_before(&mut self, rating: u8) {
        self.tightness_before = Some(rating.min(TIGHTNESS_MAX));
    }

    pub fn rate_after(&mut self, rating: u8) {
        self.tightness_after = Some(rating.min(TIGHTNESS_MAX));
    }

    /// The record as one line of JSON, without the newline: what the log holds,
    /// and what to print when the log cannot be written so the session is not lost.
    pub fn to_json_line(&self) -> String {
        // A record has only strings, numbers and maps with string keys: it always
        // serializes.
        serde_json::to_string(self).unwrap_or_default()
    }
}

mod rfc3339 {
    use super::{DateTime, FixedOffset, SecondsFormat};
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, false))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        struct Rfc3339;
        impl Visitor<'_> for Rfc3339 {
            type Value = DateTime<FixedOffset>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date and time")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                DateTime::parse_from_rfc3339(v).map_err(E::custom)
            }
        }
        d.deserialize_str(Rfc3339)
    }
}

mod targets {
    use crate::core::routine::Target;
    use serde::de::{self, IgnoredAny, MapAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;
    use std::fmt;

    pub fn serialize<S: Serializer>(map: &BTreeMap<Target, u32>, s: S) -> Result<S::Ok, S::Error> {
        map.serialize(s)
    }

    /// A key of `targets`: a known target, or one from a later version (`None`).
    struct Key(Option<Target>);

    impl<'de> Deserialize<'de> for Key {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
            struct KeyVisitor;
            impl Visitor<'_> for KeyVisitor {
                type Value = Key;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a target name")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                    Ok(Key(Target::ALL.into_iter().find(|t| t.id() == v)))
                }
            }
            d.deserialize_str(KeyVisitor)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<Target, u32>, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = BTreeMap<Target, u32>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of target name -> work seconds")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(Key(key)) = map.next_key()? {
                    match key {
                        Some(target) => {
                            let secs: u32 = map.next_value()?;
                            *out.entry(target).or_insert(0) += secs;
                        }
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(MapVisitor)
    }
}

fn tightness<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    let value = Option::<u8>::deserialize(d)?;
    match value {
        Some(v) if v > TIGHTNESS_MAX => Err(serde::de::Error::custom(format!(
            "tightness {v} is above {TIGHTNESS_MAX}"
        ))),
        v => Ok(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("valid time")
    }

    fn report(completed: bool) -> Report {
        Report {
            completed,
            work_secs: 90,
            targets: BTreeMap::from([(Target::Calves, 60), (Target::PlantarFascia, 30)]),
            skipped: vec!["Toe curls".into()],
        }
    }

    #[test]
    fn a_session_builds_its_record() {
        let mut r = Record::start(
            "calf-release",
            "Calf release",
            300,
            1,
            at("2025-03-16T07:12:05.75+01:00"),
        );
        assert_eq!(r.started, at("2025-03-16T07:12:05+01:00"));
        assert_eq!(r.outcome, Outcome::Interrupted);
        assert!(!r.preview);
        r.progress(&report(false), at("2025-03-16T07:14:00+01:00"));
        assert_eq!(r.outcome, Outcome::Interrupted);
        assert_eq!(r.work_secs, 90);
        r.finish(&report(false), at("2025-03-16T07:15:00+01:00"));
        assert_eq!(r.outcome, Outcome::Stopped);
        r.finish(&report(true), at("2025-03-16T07:16:00+01:00"));
        assert_eq!(r.outcome, Outcome::Completed);
        assert_eq!(r.ended, at("2025-03-16T07:16:00+01:00"));
        assert!(Record::start("x", "X", 1, 10, r.started).preview);
    }

    #[test]
    fn every_session_gets_its_own_id() {
        let started = at("2025-03-16T07:12:05+01:00");
        let ids: std::collections::BTreeSet<String> = (0..1000)
            .filter_map(|_| Record::start("r", "R", 60, 1, started).id)
            .collect();
        assert_eq!(ids.len(), 1000);
        let id = ids.first().expect("an id");
        let prefix = format!("20250316T071205-{}-", std::process::id());
        assert!(id.starts_with(&prefix), "{id}");
        assert_eq!(id.len(), prefix.len() + 16, "{id}");
    }

    #[test]
    fn json_shape_is_the_spec() {
        let mut r = Record::start(
            "calf-release",
            "Calf release",
            300,
            1,
            at("2025-03-16T07:12:05+01:00"),
        );
        r.finish(&report(true), at("2025-03-16T07:17:05+01:00"));
        r.rate_before(14);
        let line = r.to_json_line();
        assert!(line.starts_with("{\"id\":\"20250316T071205-"), "{line}");
        let v: serde_json::Value = serde_json::from_str(&line).expect("json");
        assert_eq!(v["id"].as_str(), r.id.as_deref());
        assert_eq!(v["started"], "2025-03-16T07:12:05+01:00");
        assert_eq!(v["outcome"], "completed");
        assert_eq!(v["targets"]["PlantarFascia"], 30);
        assert_eq!(v["skipped"][0], "Toe curls");
        assert_eq!(v["preview"], false);
        assert_eq!(v["tightness_before"], 10);
        assert!(v.get("tightness_after").is_none());
        let back: Record = serde_json::from_value(v).expect("reads back");
        assert_eq!(back, r);
    }

    #[test]
    fn reading_is_forward_compatible_and_strict_where_it_matters() {
        let line = r#"{"routine":"r","title":"T","started":"2025-03-16T07:12:05Z","ended":"2025-03-16T07:20:00Z","outcome":"stopped","planned_secs":600,"work_secs":400,"targets":{"Calves":300,"Neck":100},"skipped":[],"preview":false,"mood":"great"}"#;
        let r: Record = serde_json::from_str(line).expect("unknown fields and targets are ignored");
        assert_eq!(r.id, None, "a v1 line has no id");
        assert!(!r.to_json_line().contains("\"id\""));
        assert_eq!(r.targets, BTreeMap::from([(Target::Calves, 300)]));
        assert_eq!(r.speed, 1);
        let bad = line.replace("\"stopped\"", "\"paused\"");
        assert!(serde_json::from_str::<Record>(&bad).is_err());
        let bad = line.replace("\"mood\"", "\"tightness_after\":11,\"x\"");
        assert!(serde_json::from_str::<Record>(&bad).is_err());
        let bad = line.replace("2025-03-16T07:12:05Z", "yesterday");
        assert!(serde_json::from_str::<Record>(&bad).is_err());
    }
}
