//! The routine loader on arbitrary bytes: an error or a valid routine, never a
//! panic, a hang or a stack overflow; a valid routine expands and gets its hints.
#![no_main]

use libfuzzer_sys::fuzz_target;
use limber::core::routine::hints::hints;
use limber::core::routine::load::parse_bytes;
use limber::core::timeline;

fuzz_target!(|data: &[u8]| {
    if let Ok(routine) = parse_bytes(data) {
        let t = timeline::expand(&routine);
        assert_eq!(t.planned_secs, timeline::planned_secs(&routine));
        assert_eq!(
            t.blocks.iter().map(|b| u64::from(b.secs)).sum::<u64>(),
            u64::from(t.planned_secs)
        );
        let _ = hints(&routine);
    }
});
