//! The routine loader on arbitrary bytes: an error or a valid routine, never a
//! panic, a hang or a stack overflow; a valid routine expands and gets its hints.
//! v2: every error is at a position (SPEC 4), a paced block lasts its reps
//! times its tempo and knows its phase at every second, blocks of a Repeat
//! carry their round.
#![no_main]

use libfuzzer_sys::fuzz_target;
use limber::core::routine::hints::hints;
use limber::core::routine::load::parse_bytes;
use limber::core::timeline;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    match parse_bytes(data) {
        Ok(routine) => {
            let t = timeline::expand(&routine);
            assert_eq!(t.planned_secs, timeline::planned_secs(&routine));
            assert_eq!(
                t.blocks.iter().map(|b| u64::from(b.secs)).sum::<u64>(),
                u64::from(t.planned_secs)
            );
            for b in &t.blocks {
                if let Some(pace) = b.pace {
                    assert_eq!(b.secs, pace.reps * pace.tempo.period());
                    for s in 0..b.secs {
                        let at = pace.at(Duration::from_secs(u64::from(s))).expect("a phase");
                        assert!((1..=pace.reps).contains(&at.rep));
                        assert!(at.remaining > Duration::ZERO);
                    }
                    assert!(pace.at(Duration::from_secs(u64::from(b.secs))).is_none());
                }
                if let Some(round) = b.round {
                    assert!((1..=round.of).contains(&round.round));
                }
            }
            let _ = hints(&routine);
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for p in &problems {
                assert!(p.position.is_some(), "not placed: {p:?}");
            }
        }
    }
});
