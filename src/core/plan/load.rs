//! Reading a plan file: the routine loader's machinery (size, UTF-8, RON with
//! positions, stray characters), then the plan's rules. Every failure becomes
//! a [`Diagnostic`]; nothing panics.

use super::model::Plan;
use super::validate::validate;
use crate::core::routine::diagnostic::Diagnostic;
use crate::core::routine::load::{FileKind, parse_checked, text_of};
use crate::core::routine::source::strip_bom;

pub const PLAN_FILE: FileKind = FileKind {
    name: "plan",
    shape: "Plan(title: \"...\", phases: [...])",
};

/// Parses and validates plan text; `routines` are the routine ids that exist
/// (`None`: not checked, see [`validate`]). Every rule violation is placed at
/// the value it is about (`phases[1].sessions[0].routine`), as a routine's are.
pub fn parse_str(src: &str, routines: Option<&[&str]>) -> Result<Plan, Vec<Diagnostic>> {
    parse_checked(strip_bom(src), PLAN_FILE, |plan| validate(plan, routines))
}

/// Parses plan bytes, reporting the position of the first byte that is not UTF-8.
pub fn parse_bytes(bytes: &[u8], routines: Option<&[&str]>) -> Result<Plan, Vec<Diagnostic>> {
    text_of(bytes).and_then(|src| parse_str(src, routines))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTINES: [&str; 3] = ["plantar-stretch", "calf-stretch", "heel-raise-12"];

    fn errors(src: &str) -> Vec<String> {
        parse_str(src, Some(&ROUTINES))
            .expect_err("the plan is invalid")
            .iter()
            .map(Diagnostic::short)
            .collect()
    }

    const SPEC_PLAN: &str = r#"// plans/plantar-heel.ron
Plan(
    title: "Plantar heel pain: 8 weeks",
    summary: "Stretch three times a day, then add slow heel raises.",
    author: "A. Coach",
    caution: "See a physio if the pain is worse after 2 weeks.",
    checkin: "Heel pain on your first steps this morning",
    stop_above: 7,
    phases: [
        Phase(
            name: "Settle",
            weeks: 2,
            sessions: [
                (routine: "plantar-stretch", days: Daily, times: 3),
                (routine: "calf-stretch", days: On([Mon, Wed, Fri])),
            ],
        ),
        Phase(
            name: "Load",
            weeks: 6,
            advance: WhenPain(at_most: 3, checkins: 3),
            sessions: [
                (routine: "plantar-stretch", days: Daily, times: 2),
                (routine: "heel-raise-12", days: EveryOtherDay),
                (routine: "calf-stretch", days: PerWeek(3)),
            ],
        ),
    ],
)
"#;

    #[test]
    fn the_spec_example_parses() {
        let plan = parse_str(SPEC_PLAN, Some(&ROUTINES)).expect("valid");
        assert_eq!(plan.phases.len(), 2);
        assert_eq!(plan.nominal_days(), 56);
        assert_eq!(
            plan.phases[1].sessions[2].days,
            super::super::model::Days::PerWeek(3)
        );
        assert_eq!(top_level("\u{feff}// a plan\n  Plan(title: \"x\")"), "Plan");
    }

    fn top_level(src: &str) -> &str {
        crate::core::routine::load::top_level_name(src)
    }

    #[test]
    fn parse_errors_have_positions_and_suggestions() {
        assert_eq!(
            errors("Plan(titel: \"x\", phases: [])"),
            ["1:6: unknown field 'titel' in Plan, did you mean 'title'?"]
        );
        assert_eq!(
            errors(&SPEC_PLAN.replace("days: Daily, times: 3", "days: Dayly, times: 3")),
            ["14:52: unknown days name 'Dayly', did you mean 'Daily'?"]
        );
        assert_eq!(
            errors(&SPEC_PLAN.replace("[Mon, Wed, Fri]", "[Mon, Wed, Fry]")),
            ["15:63: unknown weekday name 'Fry', did you mean 'Fri'?"]
        );
        assert_eq!(
            errors(&SPEC_PLAN.replace("WhenPain(at_most", "WhenPain(atmost")),
            ["21:31: unknown field 'atmost' in WhenPain, did you mean 'at_most'?"]
        );
        assert_eq!(
            errors(""),
            ["1:1: the file is empty; a plan file holds Plan(title: \"...\", phases: [...])"]
        );
    }

    #[test]
    fn rule_violations_name_their_item() {
        assert_eq!(
            errors(&SPEC_PLAN.replace("\"heel-raise-12\"", "\"heel-raise-21\"")),
            [
                "24:27: phases[1] \"Load\": sessions[1].routine: no routine 'heel-raise-21', did you mean 'heel-raise-12'?"
            ]
        );
        // Numbers at their value; a field left to its default at its session.
        let broken = SPEC_PLAN
            .replace("stop_above: 7", "stop_above: 11")
            .replace("weeks: 6", "weeks: 27")
            .replace("at_most: 3", "at_most: 12")
            .replace("PerWeek(3)", "PerWeek(8)")
            .replace("days: EveryOtherDay", "days: On([])");
        assert_eq!(
            errors(&broken),
            [
                "8:17: stop_above: 11 is out of range; it must be 1-10",
                "20:20: phases[1] \"Load\": weeks: 27 is out of range; it must be 1-26",
                "21:40: phases[1] \"Load\": advance.at_most: 12 is out of range; it must be 0-10",
                "24:50: phases[1] \"Load\": sessions[1].days: On([]) names no day; name at least one (On([Mon, Thu]))",
                "25:49: phases[1] \"Load\": sessions[2].days PerWeek: 8 is out of range; it must be 1-7",
            ]
        );
        // A character problem is placed where the character stands.
        assert_eq!(
            errors(&SPEC_PLAN.replace("A. Coach", "A.\u{200b}Coach")),
            [
                "5:16: author: contains the invisible character \\u{200b} (zero-width space); text may not hold invisible characters (zero-width spaces, direction marks, soft hyphens...), which hide or reorder what it says"
            ]
        );
    }
}
