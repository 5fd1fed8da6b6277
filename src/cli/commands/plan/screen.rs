//! The today screen's plans, read from disk through the same code as
//! `limber today` and `limber checkin` (SPEC sections 3 and 9).

use super::Context;
use super::today::{active, record_checkin};
use crate::core::plan::events;
use crate::text::capitalize;
use crate::ui::tui::Plans;
use crate::ui::tui::today::{PlanToday, TodayScreen};

/// The plans in `$LIMBER_HOME`, read afresh each time the screen asks.
pub struct DiskPlans;

impl Plans for DiskPlans {
    fn today(&self) -> Option<TodayScreen> {
        let ctx = Context::load().ok()?;
        if events::active(&ctx.events).is_empty() {
            return None;
        }
        let mut plans = Vec::new();
        let mut problems = Vec::new();
        match active(&ctx, true) {
            Ok(found) => {
                for a in found {
                    match a.plan {
                        Ok((plan, state)) => {
                            plans.push(PlanToday::new(&a.run.plan, &plan, state, a.run.on));
                        }
                        Err(why) => problems.push(why),
                    }
                }
            }
            Err(e) => problems.push(capitalize(&e.to_string())),
        }
        Some(TodayScreen::new(ctx.today(), plans, problems))
    }

    fn check_in(&self, value: u8) -> Result<String, String> {
        let ctx = Context::load().map_err(|e| capitalize(&e.to_string()))?;
        record_checkin(&ctx, value, None)
            .map(|lines| lines.join(" "))
            .map_err(|e| capitalize(&e.to_string()))
    }
}
