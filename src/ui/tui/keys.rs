//! Keys are data: one table per mode maps keys to actions, and the same table
//! draws the footer and the help overlay, so what a key does and what the
//! screen says it does cannot drift apart. A test checks that no key means two
//! things in one mode.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    // Lists (picker, history).
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Start,
    Filter,
    Target,
    History,
    ClearFilter,
    // A session.
    PauseResume,
    Skip,
    Back,
    Mute,
    VolumeUp,
    VolumeDown,
    Help,
    /// The next page of the instructions, when they do not fit at once.
    More,
    /// `q`: leave this screen (a session asks first).
    Quit,
    // Questions.
    Yes,
    No,
    /// A tightness rating, 0-10.
    Rate(u8),
    /// Go on past the caution.
    Begin,
    /// Leave the finish screen.
    Leave,
    // The today screen.
    /// All the routines: the picker.
    Routines,
    /// Back to today's plan, from the picker.
    Today,
    /// Today's check-in answer, 0-10.
    CheckIn(u8),
}

/// Which table is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Picker,
    /// The picker's text filter is being typed: letters are text.
    PickerFilter,
    Caution,
    Session,
    /// A session while "how tight is it?" shows: digits answer it.
    SessionRating,
    ConfirmQuit,
    /// The help overlay: any key closes it, and only closes it.
    Help,
    /// The finish screen asking "how tight is it now?".
    FinishRating,
    Finish,
    History,
    /// What the active plans ask of today.
    Today,
    /// The today screen while its check-in question is open: digits answer it.
    TodayCheckin,
}

/// One row of a table: the keys, what the footer and help call them, and
/// whether the footer shows it (the help shows every row).
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the keys are written: `n →`.
    pub label: &'static str,
    pub action: Action,
    /// A word or two for the footer.
    pub short: &'static str,
    /// A line for the help overlay.
    pub long: &'static str,
    pub footer: bool,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: Action,
    short: &'static str,
    long: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        short,
        long,
        footer,
    }
}

use Action as A;
use KeyCode as K;

const LIST_MOVES: [Binding; 6] = [
    bind(&[K::Up, K::Char('k')], "↑ k", A::Up, "", "up", false),
    bind(&[K::Down, K::Char('j')], "↓ j", A::Down, "", "down", false),
    bind(
        &[K::Home, K::Char('g')],
        "g",
        A::First,
        "",
        "to the top",
        false,
    ),
    bind(
        &[K::End, K::Char('G')],
        "G",
        A::Last,
        "",
        "to the bottom",
        false,
    ),
    bind(&[K::PageUp], "PgUp", A::PageUp, "", "a page up", false),
    bind(
        &[K::PageDown],
        "PgDn",
        A::PageDown,
        "",
        "a page down",
        false,
    ),
];

const PICKER: &[Binding] = &[
    LIST_MOVES[0],
    LIST_MOVES[1],
    LIST_MOVES[2],
    LIST_MOVES[3],
    LIST_MOVES[4],
    LIST_MOVES[5],
    bind(
        &[K::Enter],
        "Enter",
        A::Start,
        "start",
        "start the routine",
        true,
    ),
    bind(
        &[K::Char('/')],
        "/",
        A::Filter,
        "filter",
        "filter by words",
        true,
    ),
    bind(
        &[K::Char('t')],
        "t",
        A::Target,
        "target",
        "filter by body area",
        true,
    ),
    bind(
        &[K::Char('h')],
        "h",
        A::History,
        "history",
        "your history",
        true,
    ),
    bind(
        &[K::Esc],
        "Esc",
        A::ClearFilter,
        "",
        "clear the filters",
        false,
    ),
    bind(
        &[K::Tab],
        "Tab",
        A::Today,
        "today",
        "today's plan, when one is active",
        false,
    ),
    bind(&[K::Char('q')], "q", A::Quit, "quit", "quit", true),
    bind(&[K::Char('?')], "?", A::Help, "help", "all the keys", true),
];

const PICKER_FILTER: &[Binding] = &[
    bind(
        &[K::Enter, K::Down],
        "Enter",
        A::Start,
        "done",
        "keep the filter",
        true,
    ),
    bind(
        &[K::Esc],
        "Esc",
        A::ClearFilter,
        "clear",
        "clear the filter",
        true,
    ),
];

const CAUTION: &[Binding] = &[
    bind(
        &[K::Enter, K::Char(' ')],
        "Enter",
        A::Begin,
        "I understand, begin",
        "begin the session",
        true,
    ),
    bind(
        &[K::Esc, K::Char('q')],
        "Esc",
        A::Leave,
        "go back",
        "go back",
        true,
    ),
];

const SESSION_KEYS: [Binding; 9] = [
    bind(
        &[K::Char(' ')],
        "Space",
        A::PauseResume,
        "pause",
        "pause / resume",
        true,
    ),
    bind(
        &[K::Char('n'), K::Right],
        "n",
        A::Skip,
        "skip",
        "skip to the next block",
        true,
    ),
    bind(
        &[K::Char('p'), K::Left],
        "p",
        A::Back,
        "back",
        "back to the block's start; twice: the one before",
        true,
    ),
    bind(&[K::Char('m')], "m", A::Mute, "mute", "mute / unmute", true),
    bind(
        &[K::Char('+'), K::Char('=')],
        "+",
        A::VolumeUp,
        "",
        "volume up",
        false,
    ),
    bind(
        &[K::Char('-')],
        "-",
        A::VolumeDown,
        "",
        "volume down",
        false,
    ),
    bind(
        &[K::Char('i'), K::Down],
        "i",
        A::More,
        "more",
        "more of the instructions",
        true,
    ),
    bind(&[K::Char('?')], "?", A::Help, "help", "this help", true),
    bind(
        &[K::Char('q'), K::Esc],
        "q",
        A::Quit,
        "quit",
        "stop the session (asks first)",
        true,
    ),
];

const SESSION: &[Binding] = &SESSION_KEYS;

/// The digits, and `t` for ten: never `+`, which is the volume.
const RATINGS: [Binding; 2] = [
    bind(
        &[
            K::Char('0'),
            K::Char('1'),
            K::Char('2'),
            K::Char('3'),
            K::Char('4'),
            K::Char('5'),
            K::Char('6'),
            K::Char('7'),
            K::Char('8'),
            K::Char('9'),
        ],
        "0-9",
        A::Rate(0),
        "rate",
        "how tight it is, 0 loose to 9",
        true,
    ),
    bind(
        &[K::Char('t')],
        "t",
        A::Rate(10),
        "10",
        "10: as tight as it gets",
        true,
    ),
];

const SESSION_RATING: &[Binding] = &[
    RATINGS[0],
    RATINGS[1],
    SESSION_KEYS[0],
    SESSION_KEYS[1],
    SESSION_KEYS[2],
    SESSION_KEYS[3],
    SESSION_KEYS[4],
    SESSION_KEYS[5],
    SESSION_KEYS[6],
    SESSION_KEYS[7],
    SESSION_KEYS[8],
];

const CONFIRM_QUIT: &[Binding] = &[
    bind(
        &[K::Char('y'), K::Char('Y')],
        "y",
        A::Yes,
        "stop",
        "stop the session",
        true,
    ),
    bind(
        &[K::Char('n'), K::Char('N'), K::Esc],
        "n",
        A::No,
        "keep going",
        "keep going",
        true,
    ),
];

const FINISH_RATING: &[Binding] = &[
    RATINGS[0],
    RATINGS[1],
    bind(
        &[K::Enter, K::Esc, K::Char('q')],
        "Enter",
        A::Leave,
        "skip and leave",
        "leave",
        true,
    ),
];

const FINISH: &[Binding] = &[bind(
    &[K::Enter, K::Esc, K::Char('q'), K::Char(' ')],
    "Enter",
    A::Leave,
    "leave",
    "leave",
    true,
)];

const HISTORY: &[Binding] = &[
    LIST_MOVES[0],
    LIST_MOVES[1],
    LIST_MOVES[2],
    LIST_MOVES[3],
    LIST_MOVES[4],
    LIST_MOVES[5],
    bind(
        &[K::Char('q'), K::Char('h'), K::Esc],
        "q",
        A::Leave,
        "back",
        "back to the routines",
        true,
    ),
];

const TODAY_KEYS: [Binding; 7] = [
    LIST_MOVES[0],
    LIST_MOVES[1],
    bind(
        &[K::Enter],
        "Enter",
        A::Start,
        "start",
        "start the selected routine",
        true,
    ),
    bind(
        &[K::Char('r'), K::Tab],
        "r",
        A::Routines,
        "routines",
        "all the routines",
        true,
    ),
    bind(
        &[K::Char('h')],
        "h",
        A::History,
        "history",
        "your history",
        true,
    ),
    bind(&[K::Char('q'), K::Esc], "q", A::Quit, "quit", "quit", true),
    bind(&[K::Char('?')], "?", A::Help, "help", "all the keys", true),
];

const TODAY: &[Binding] = &TODAY_KEYS;

/// The check-in's answer: the digits, and `t` for ten, as the ratings.
const TODAY_CHECKIN: &[Binding] = &[
    bind(
        RATINGS[0].keys,
        "0-9",
        A::CheckIn(0),
        "check in",
        "answer the check-in, 0 to 9",
        true,
    ),
    bind(
        RATINGS[1].keys,
        "t",
        A::CheckIn(10),
        "10",
        "answer the check-in: 10",
        true,
    ),
    TODAY_KEYS[0],
    TODAY_KEYS[1],
    TODAY_KEYS[2],
    TODAY_KEYS[3],
    TODAY_KEYS[4],
    TODAY_KEYS[5],
    TODAY_KEYS[6],
];

/// The table of `mode`.
pub fn table(mode: Mode) -> &'static [Binding] {
    match mode {
        Mode::Picker => PICKER,
        Mode::PickerFilter => PICKER_FILTER,
        Mode::Caution => CAUTION,
        Mode::Session => SESSION,
        Mode::SessionRating => SESSION_RATING,
        Mode::ConfirmQuit => CONFIRM_QUIT,
        Mode::Help => &[],
        Mode::FinishRating => FINISH_RATING,
        Mode::Finish => FINISH,
        Mode::History => HISTORY,
        Mode::Today => TODAY,
        Mode::TodayCheckin => TODAY_CHECKIN,
    }
}

/// What `key` asks for in `mode`, if anything.
pub fn action(mode: Mode, key: &KeyEvent) -> Option<Action> {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    table(mode).iter().find_map(|b| {
        let at = b.keys.iter().position(|k| *k == key.code)?;
        Some(match b.action {
            // The digits' rows: the digit's own value.
            A::Rate(0) => A::Rate(u8::try_from(at).unwrap_or(0)),
            A::CheckIn(0) => A::CheckIn(u8::try_from(at).unwrap_or(0)),
            other => other,
        })
    })
}

/// Every key of a binding, for the help: `n →`, `q Esc`.
pub fn all_keys(binding: &Binding) -> String {
    if binding.keys.len() > 3 {
        // The digits: their label says it best.
        return binding.label.to_string();
    }
    binding
        .keys
        .iter()
        .map(|k| match k {
            K::Char(' ') => "Space".to_string(),
            K::Char(c) => c.to_string(),
            K::Enter => "Enter".into(),
            K::Tab => "Tab".into(),
            K::Esc => "Esc".into(),
            K::Left => "←".into(),
            K::Right => "→".into(),
            K::Up => "↑".into(),
            K::Down => "↓".into(),
            K::Home => "Home".into(),
            K::End => "End".into(),
            K::PageUp => "PgUp".into(),
            K::PageDown => "PgDn".into(),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The footer's `(key, word)` pairs of `mode`.
pub fn footer(mode: Mode) -> Vec<(&'static str, &'static str)> {
    table(mode)
        .iter()
        .filter(|b| b.footer)
        .map(|b| (b.label, b.short))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODES: [Mode; 12] = [
        Mode::Picker,
        Mode::PickerFilter,
        Mode::Caution,
        Mode::Session,
        Mode::SessionRating,
        Mode::ConfirmQuit,
        Mode::Help,
        Mode::FinishRating,
        Mode::Finish,
        Mode::History,
        Mode::Today,
        Mode::TodayCheckin,
    ];

    #[test]
    fn no_key_means_two_things_in_one_mode() {
        for mode in MODES {
            let mut seen: Vec<KeyCode> = Vec::new();
            for b in table(mode) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} is bound twice in {mode:?}");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn plus_is_the_volume_and_never_a_rating() {
        let plus = KeyEvent::from(KeyCode::Char('+'));
        for mode in MODES {
            assert!(
                !matches!(action(mode, &plus), Some(Action::Rate(_))),
                "+ rates in {mode:?}"
            );
        }
        assert_eq!(action(Mode::SessionRating, &plus), Some(Action::VolumeUp));
        let t = KeyEvent::from(KeyCode::Char('t'));
        assert_eq!(action(Mode::SessionRating, &t), Some(Action::Rate(10)));
        let seven = KeyEvent::from(KeyCode::Char('7'));
        assert_eq!(action(Mode::FinishRating, &seven), Some(Action::Rate(7)));
        assert_eq!(action(Mode::Session, &seven), None);
    }

    #[test]
    fn the_today_check_in_takes_one_key_only_while_it_is_asked() {
        let seven = KeyEvent::from(KeyCode::Char('7'));
        let t = KeyEvent::from(KeyCode::Char('t'));
        assert_eq!(action(Mode::TodayCheckin, &seven), Some(Action::CheckIn(7)));
        assert_eq!(action(Mode::TodayCheckin, &t), Some(Action::CheckIn(10)));
        assert_eq!(action(Mode::Today, &seven), None);
        assert_eq!(action(Mode::Today, &t), None);
        // The rest of the screen's keys stay while the question is open.
        for code in [
            KeyCode::Enter,
            KeyCode::Char('j'),
            KeyCode::Char('r'),
            KeyCode::Tab,
        ] {
            let key = KeyEvent::from(code);
            assert_eq!(action(Mode::Today, &key), action(Mode::TodayCheckin, &key));
        }
        let tab = KeyEvent::from(KeyCode::Tab);
        assert_eq!(action(Mode::Today, &tab), Some(Action::Routines));
        assert_eq!(action(Mode::Picker, &tab), Some(Action::Today));
        let esc = KeyEvent::from(KeyCode::Esc);
        assert_eq!(action(Mode::Today, &esc), Some(Action::Quit));
    }

    #[test]
    fn every_footer_word_names_a_bound_key() {
        for mode in MODES {
            for b in table(mode) {
                assert!(!b.keys.is_empty(), "{mode:?}: {} has no key", b.label);
                assert!(!b.long.is_empty(), "{mode:?}: {} has no help text", b.label);
                assert!(!b.footer || !b.short.is_empty(), "{mode:?}: {}", b.label);
            }
        }
    }
}
