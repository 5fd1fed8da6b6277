//! The today screen (SPEC sections 3 and 9): what the active plans ask of
//! today, what is done, the check-in once a day, the warnings and the plan's
//! week. Built by the shell from the plans' worked-out states (see
//! [`crate::core::plan::state`]); this module only holds them, moves the
//! selection and says what a key asks for. Drawing is in [`render`].

mod render;

use super::keys::{Action, Mode};
use crate::core::plan::model::Plan;
use crate::core::plan::state::{Due, PlanState, Progress};
use chrono::NaiveDate;

/// One active plan as of today.
#[derive(Debug, Clone)]
pub struct PlanToday {
    pub id: String,
    pub title: String,
    /// The plan's daily question, when it asks one.
    pub question: Option<String>,
    /// The name of each phase, in order.
    pub phases: Vec<String>,
    pub state: PlanState,
    /// Day 1.
    pub on: NaiveDate,
}

impl PlanToday {
    pub fn new(id: &str, plan: &Plan, state: PlanState, on: NaiveDate) -> PlanToday {
        PlanToday {
            id: id.to_string(),
            title: plan.title.clone(),
            question: plan.checkin.clone(),
            phases: plan.phases.iter().map(|p| p.name.clone()).collect(),
            state,
            on,
        }
    }

    /// Today's question is open: the plan is going on, asks one, and today
    /// has no answer yet.
    pub fn asks_checkin(&self) -> bool {
        self.question.is_some()
            && self.state.progress == Progress::Active
            && self.state.checkin.is_none()
    }

    /// Today's prescriptions as shown: those with something left first (in
    /// the plan's order, today's before this week's), the done ones last.
    pub fn rows(&self) -> Vec<&Due> {
        let mut rows: Vec<&Due> = self.state.today.iter().collect();
        rows.sort_by_key(|d| d.left() == 0);
        rows
    }
}

/// What a key on the today screen comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TodayAction {
    None,
    Quit,
    History,
    Routines,
    /// Start the routine with this id.
    Start(String),
    CheckIn(u8),
}

pub struct TodayScreen {
    /// The local date the states were worked out for.
    pub date: NaiveDate,
    pub plans: Vec<PlanToday>,
    /// Active plans that cannot be had (their file gone or invalid), in words.
    pub problems: Vec<String>,
    /// A one-line message (a check-in recorded, a routine that cannot start).
    pub notice: Option<String>,
    /// Index into [`TodayScreen::choices`].
    selected: usize,
}

impl TodayScreen {
    pub fn new(date: NaiveDate, plans: Vec<PlanToday>, problems: Vec<String>) -> TodayScreen {
        TodayScreen {
            date,
            plans,
            problems,
            notice: None,
            selected: 0,
        }
    }

    /// The routines that can be started, in the order shown: (plan index,
    /// routine id). The first is the next one due.
    pub fn choices(&self) -> Vec<(usize, &str)> {
        self.plans
            .iter()
            .enumerate()
            .filter(|(_, p)| p.state.progress == Progress::Active)
            .flat_map(|(i, p)| {
                p.rows()
                    .into_iter()
                    .filter(|d| d.left() > 0)
                    .map(move |d| (i, d.routine.as_str()))
            })
            .collect()
    }

    /// The selected routine's id.
    pub fn selected(&self) -> Option<&str> {
        let choices = self.choices();
        choices
            .get(self.selected.min(choices.len().saturating_sub(1)))
            .map(|(_, id)| *id)
    }

    /// Keeps the selection on the same routine when the states are read
    /// again (after a session or a check-in), else on the next one due.
    pub fn keep_selection(&mut self, old: &TodayScreen) {
        let Some(id) = old.selected() else { return };
        if let Some(at) = self.choices().iter().position(|(_, c)| *c == id) {
            self.selected = at;
        }
    }

    /// Some plan's check-in question is open.
    pub fn asks_checkin(&self) -> bool {
        self.plans.iter().any(PlanToday::asks_checkin)
    }

    /// The key table in force.
    pub fn mode(&self) -> Mode {
        if self.asks_checkin() {
            Mode::TodayCheckin
        } else {
            Mode::Today
        }
    }

    pub fn on_action(&mut self, action: Action) -> TodayAction {
        let last = self.choices().len().saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.min(last).saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Start => {
                return self
                    .selected()
                    .map_or(TodayAction::None, |id| TodayAction::Start(id.to_string()));
            }
            Action::CheckIn(value) if self.asks_checkin() => return TodayAction::CheckIn(value),
            Action::Routines => return TodayAction::Routines,
            Action::History => return TodayAction::History,
            Action::Quit => return TodayAction::Quit,
            _ => {}
        }
        TodayAction::None
    }

    /// What the finish screen says of a session of `routine` that counted:
    /// `plantar-stretch: 2 of 3 today`, one line per prescription it is part of.
    pub fn progress_of(&self, routine: &str) -> Vec<String> {
        let mut lines: Vec<String> = self
            .plans
            .iter()
            .filter(|p| p.state.progress == Progress::Active)
            .flat_map(|p| p.state.today.iter())
            .filter(|d| d.routine == routine)
            .map(crate::core::plan::words::filled)
            .collect();
        lines.dedup();
        lines
    }
}
