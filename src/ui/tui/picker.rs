//! The routine picker: a filterable list with a preview pane.

use super::keys::{self, Action, Mode};
use super::theme;
use crate::core::routine::Target;
use crate::core::timeline::planned_secs;
use crate::session::runner::Prepared;
use crate::store::library::{Entry, Library, Source};
use crate::text::{clean, clock, duration};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};
use std::rc::Rc;

pub struct PickerItem {
    pub id: String,
    pub source: Source,
    pub overrides_bundled: bool,
    pub title: String,
    pub targets: Vec<Target>,
    /// The routine, or why it cannot be run.
    pub routine: Result<Lazy, String>,
    /// What `/` matches, made once.
    search: String,
}

/// A routine whose timeline is worked out the first time it is previewed or
/// started: with a thousand routines, the first frame previews one.
pub struct Lazy {
    id: String,
    routine: crate::core::routine::Routine,
    prepared: std::cell::OnceCell<Rc<Prepared>>,
}

impl Lazy {
    pub fn new(id: String, routine: crate::core::routine::Routine) -> Lazy {
        Lazy {
            id,
            routine,
            prepared: std::cell::OnceCell::new(),
        }
    }

    pub fn prepared(&self) -> &Rc<Prepared> {
        self.prepared
            .get_or_init(|| Prepared::new(self.id.clone(), self.routine.clone()))
    }
}

impl PickerItem {
    fn of(e: Entry) -> PickerItem {
        let reason = e.reason();
        let item = match e.routine {
            Ok(r) => PickerItem {
                source: e.source,
                overrides_bundled: e.overrides_bundled,
                title: r.title.clone(),
                targets: r.targets(),
                routine: Ok(Lazy::new(e.id.clone(), r)),
                id: e.id,
                search: String::new(),
            },
            Err(_) => PickerItem {
                title: format!("{} (invalid)", e.id),
                source: e.source,
                overrides_bundled: e.overrides_bundled,
                targets: Vec::new(),
                routine: Err(reason.unwrap_or_default()),
                id: e.id,
                search: String::new(),
            },
        };
        item.with_search_text()
    }

    /// What `/` matches: id, title, targets, step names and tools, lower case.
    fn with_search_text(mut self) -> PickerItem {
        let mut text = format!("{} {}", self.id, self.title);
        for t in &self.targets {
            text.push(' ');
            text.push_str(t.label());
        }
        if let Ok(lazy) = &self.routine {
            for step in lazy.routine.work_steps() {
                text.push(' ');
                text.push_str(&step.name);
                if let Some(tool) = &step.tool {
                    text.push(' ');
                    text.push_str(tool);
                }
            }
        }
        self.search = text.to_lowercase();
        self
    }
}

pub enum PickerAction {
    None,
    Quit,
    History,
    Start(Rc<Prepared>),
    Invalid(String),
}

pub struct Picker {
    items: Vec<PickerItem>,
    /// Text filter; typing into it while `editing`.
    filter: String,
    editing: bool,
    /// Target filter, cycled with `t`.
    target: Option<Target>,
    /// Index into the visible items.
    selected: usize,
    /// First visible row, moved by keys only as far as keeps the selection in
    /// view, so the list scrolls smoothly; drawing never writes it.
    offset: usize,
    /// The terminal's size as last told, for the list's page height.
    size: Option<(u16, u16)>,
    /// How many routines are still being read (see [`Picker::add`]): the
    /// header says so until they are added.
    pub reading: usize,
}

impl Picker {
    pub fn new(library: &Library) -> Picker {
        Picker::of(library.entries.clone())
    }

    /// The picker of these routines, which it keeps (no copy of each).
    pub fn of(entries: Vec<Entry>) -> Picker {
        let mut picker = Picker {
            items: Vec::new(),
            filter: String::new(),
            editing: false,
            target: None,
            selected: 0,
            offset: 0,
            size: None,
            reading: 0,
        };
        picker.add(entries);
        picker
    }

    /// More routines (the user's, read while the first frame was drawn): the
    /// list is as if the picker had been made with them all. The selection
    /// keeps its row, not its routine: the shell adds them before it hands
    /// the picker any key (see [`super::Shell::after_first_frame`]).
    pub fn add(&mut self, entries: Vec<Entry>) {
        self.reading = 0;
        if entries.is_empty() {
            return;
        }
        self.items.extend(entries.into_iter().map(PickerItem::of));
        // Runners pick by title; ids are for files.
        self.items
            .sort_by_cached_key(|i| (i.title.to_lowercase(), i.id.clone()));
        self.follow();
    }

    /// Indices of the items that pass the text and target filters.
    pub fn visible(&self) -> Vec<usize> {
        let needle = self.filter.to_lowercase();
        self.items
            .iter()
            .enumerate()
            .filter(|(_, item)| self.target.is_none_or(|t| item.targets.contains(&t)))
            .filter(|(_, item)| needle.is_empty() || item.search.contains(&needle))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn selected_item(&self) -> Option<&PickerItem> {
        self.visible().get(self.selected).map(|&i| &self.items[i])
    }

    /// Selects the routine with this id (for tests and `limber --select`).
    pub fn select_id(&mut self, id: &str) {
        if let Some(pos) = self.visible().iter().position(|&i| self.items[i].id == id) {
            self.selected = pos;
        }
    }

    /// The routine with this id, or why it cannot be run (the today screen
    /// starts routines by id).
    pub fn routine(&self, id: &str) -> Option<Result<&Rc<Prepared>, &String>> {
        self.items
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.routine.as_ref().map(Lazy::prepared))
    }

    /// Whether any routine is the user's own (the list's legend explains `●`).
    fn has_own(&self) -> bool {
        self.items.iter().any(|i| i.source == Source::User)
    }

    /// The text filter is being typed.
    pub fn is_editing(&self) -> bool {
        self.editing
    }

    /// A key typed into the text filter (the table's keys aside).
    pub fn type_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Backspace => {
                self.filter.pop();
            }
            KeyCode::Char(c) if !c.is_control() && self.filter.chars().count() < 40 => {
                self.filter.push(c);
            }
            _ => return,
        }
        self.selected = 0;
    }

    /// The terminal's size: the list's page height follows from it.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Some((width, height));
        self.follow();
    }

    /// An action from the key table ([`super::keys`]).
    pub fn on_action(&mut self, action: Action) -> PickerAction {
        let done = self.act(action);
        self.follow();
        done
    }

    /// Moves the offset just enough to keep the selection in view.
    fn follow(&mut self) {
        if let Some((width, height)) = self.size {
            let (list, _) = self.split(Self::body(Rect::new(0, 0, width, height)));
            self.offset = scroll(self.offset, self.selected, list.height);
        }
    }

    fn act(&mut self, action: Action) -> PickerAction {
        if self.editing {
            match action {
                Action::Start => self.editing = false,
                Action::ClearFilter => {
                    self.editing = false;
                    self.filter.clear();
                }
                _ => {}
            }
            self.selected = 0;
            return PickerAction::None;
        }
        let count = self.visible().len();
        let last = count.saturating_sub(1);
        match action {
            Action::Quit => return PickerAction::Quit,
            Action::ClearFilter if self.filter.is_empty() && self.target.is_none() => {
                return PickerAction::Quit;
            }
            Action::ClearFilter => {
                self.filter.clear();
                self.target = None;
                self.selected = 0;
            }
            Action::History => return PickerAction::History,
            Action::Filter => self.editing = true,
            Action::Target => self.cycle_target(),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::First => self.selected = 0,
            Action::Last => self.selected = last,
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.selected = (self.selected + 10).min(last),
            Action::Start => {
                return match self.selected_item().map(|i| &i.routine) {
                    Some(Ok(lazy)) => PickerAction::Start(Rc::clone(lazy.prepared())),
                    Some(Err(reason)) => PickerAction::Invalid(format!("Cannot start: {reason}")),
                    None => PickerAction::None,
                };
            }
            _ => {}
        }
        PickerAction::None
    }

    /// All targets, then each target some routine has, in the usual order.
    fn cycle_target(&mut self) {
        let present: Vec<Target> = Target::ALL
            .into_iter()
            .filter(|t| self.items.iter().any(|i| i.targets.contains(t)))
            .collect();
        self.target = match self.target {
            None => present.first().copied(),
            Some(t) => present
                .iter()
                .position(|&p| p == t)
                .and_then(|i| present.get(i + 1).copied()),
        };
        self.selected = 0;
    }

    /// The header, the body (list and preview) and the footer of `area`.
    fn regions(area: Rect) -> [Rect; 3] {
        Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area)
    }

    fn body(area: Rect) -> Rect {
        Self::regions(area)[1]
    }

    /// The list and the preview: side by side when wide; stacked, the list
    /// takes no more rows than it has routines and at most half the height
    /// (the preview needs room for the caution), but three routines at least.
    fn split(&self, body: Rect) -> (Rect, Rect) {
        let rows = u16::try_from(self.visible().len() + 2).unwrap_or(u16::MAX);
        let [list, preview] = if body.width >= 90 {
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body)
        } else {
            let list = rows.min((body.height / 2).max(5)).max(5);
            Layout::vertical([Constraint::Length(list), Constraint::Fill(1)]).areas(body)
        };
        (list, preview)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, notice: Option<&str>) {
        let [header, body, footer] = Self::regions(area);
        self.render_header(frame, header);
        let (list_area, preview_area) = self.split(body);
        self.render_list(frame, list_area);
        self.render_preview(frame, preview_area);
        let footer_line = if let Some(n) = notice {
            Line::from(clean(n).into_owned()).fg(theme::ACCENT)
        } else {
            let mode = if self.editing {
                Mode::PickerFilter
            } else {
                Mode::Picker
            };
            let mut keys = vec![("↑↓", "move")];
            keys.extend(keys::footer(mode));
            keys_line(&keys)
        };
        frame.render_widget(Paragraph::new(footer_line), footer);
    }

    fn render_header(&self, frame: &mut Frame, area: Rect) {
        let mut spans = vec![
            Span::styled(" limber ", theme::key().reversed()),
            Span::raw("  pick a routine"),
        ];
        let shown = self.visible().len();
        spans.push(Span::styled(
            format!("  {shown} of {}", self.items.len()),
            theme::dim(),
        ));
        if self.reading > 0 {
            spans.push(Span::styled(
                format!("  (reading {} more…)", self.reading),
                theme::dim(),
            ));
        }
        let mut filter = vec![Span::raw(" ")];
        if self.editing || !self.filter.is_empty() {
            filter.push(Span::styled("/", theme::key()));
            filter.push(Span::raw(clean(&self.filter).into_owned()));
            if self.editing {
                filter.push(Span::styled("█", theme::key()));
            }
            filter.push(Span::raw("  "));
        }
        if let Some(t) = self.target {
            filter.push(Span::styled("target: ", theme::dim()));
            filter.push(Span::styled(t.label(), theme::key()));
        }
        frame.render_widget(
            Paragraph::new(Text::from(vec![Line::from(spans), Line::from(filter)])),
            area,
        );
    }

    fn render_list(&self, frame: &mut Frame, area: Rect) {
        let visible = self.visible();
        let inner_width = usize::from(area.width.saturating_sub(2));
        // The offset the keys left, kept consistent with this frame's height
        // (the terminal may have changed since) without writing it back.
        let offset = scroll(self.offset, self.selected, area.height);
        // Only the rows that fit are made (each once worked out its
        // routine's timeline, for a thousand routines longer than the rest of
        // the first frame took).
        let page = usize::from(area.height.saturating_sub(2)).max(1);
        let rows: Vec<ListItem> = visible
            .iter()
            .skip(offset)
            .take(page)
            .map(|&i| {
                let item = &self.items[i];
                // The formula `limber list` shows, without the timeline: only
                // the routine previewed or started needs one.
                let time = match &item.routine {
                    Ok(lazy) => clock(u64::from(planned_secs(&lazy.routine))),
                    Err(_) => "invalid".into(),
                };
                let tag = match (item.source, item.overrides_bundled) {
                    (Source::User, _) => " ●",
                    _ => "  ",
                };
                // The selection mark and a space, the title, two spaces, the
                // time right-aligned in 5 columns ("13:15", or "invalid"),
                // then the 2-column tag: a long title ends in "…" before it.
                let time_width = time.len().max(5);
                let title_width = inner_width.saturating_sub(1 + 1 + 2 + time_width + 2);
                let title = crate::text::fit_pad(&clean(&item.title), title_width);
                let mut line = Line::from(vec![
                    Span::raw(format!(" {title}  ")),
                    Span::styled(format!("{time:>5}"), theme::dim()),
                    Span::styled(tag, theme::key()),
                ]);
                if item.routine.is_err() {
                    line = line.fg(theme::WARN);
                }
                ListItem::new(line)
            })
            .collect();
        let empty = rows.is_empty();
        let list = List::new(rows)
            .block(
                Block::bordered().title(" Routines ").title_bottom(
                    // The legend only when there is something it explains.
                    Line::from(if self.has_own() { " ● your own " } else { "" })
                        .right_aligned()
                        .style(theme::dim()),
                ),
            )
            .highlight_style(theme::selected())
            .highlight_symbol("▶");
        let mut state = ListState::default().with_selected(Some(self.selected - offset));
        frame.render_stateful_widget(list, area, &mut state);
        if empty {
            let inner = area.inner(ratatui::layout::Margin::new(2, 1));
            frame.render_widget(
                Paragraph::new("No routine matches. Esc clears the filter.").style(theme::dim()),
                inner,
            );
        }
    }

    fn render_preview(&self, frame: &mut Frame, area: Rect) {
        let block = Block::bordered().title(" Preview ");
        let Some(item) = self.selected_item() else {
            frame.render_widget(block, area);
            return;
        };
        let mut lines: Vec<Line> = Vec::new();
        match &item.routine {
            Err(reason) => {
                lines.push(Line::from(clean(&item.id).into_owned()).bold());
                lines.push(Line::from("This routine file has problems:").fg(theme::WARN));
                lines.push(Line::from(clean(reason).into_owned()));
                lines.push(Line::from(""));
                lines.push(
                    Line::from("Run `limber check` on it to see them all.").style(theme::dim()),
                );
            }
            Ok(lazy) => {
                let p = lazy.prepared();
                let r = &p.routine;
                lines.push(Line::from(clean(&r.title).into_owned()).style(theme::title()));
                let mut meta = vec![Span::styled(
                    duration(u64::from(p.timeline.planned_secs)),
                    theme::key(),
                )];
                let targets: Vec<&str> = r.targets().iter().map(|t| t.label()).collect();
                meta.push(Span::raw(format!(" · {}", targets.join(", "))));
                let source = match (item.source, item.overrides_bundled) {
                    (Source::User, true) => "your own (replaces the bundled one)",
                    (Source::User, false) => "your own",
                    _ => "bundled",
                };
                meta.push(Span::styled(format!(" · {source}"), theme::dim()));
                lines.push(Line::from(meta));
                // The caution before the rest: it must show on a small screen.
                if let Some(caution) = &r.caution {
                    lines.push(Line::from(vec![
                        Span::styled("Caution: ", theme::dim().fg(theme::WARN)),
                        Span::raw(clean(caution).into_owned()),
                    ]));
                }
                if let Some(summary) = &r.summary {
                    lines.push(Line::from(clean(summary).into_owned()));
                }
                let tools = r.tools();
                if !tools.is_empty() {
                    lines.push(Line::from(vec![
                        Span::styled("Tools: ", theme::dim()),
                        Span::raw(clean(&tools.join(", ")).into_owned()),
                    ]));
                }
                lines.push(Line::from(""));
                for (index, item) in r.steps.iter().enumerate() {
                    lines.push(step_line(index, item, &p.timeline));
                }
                let work = p.timeline.work_secs();
                lines.push(Line::from(vec![
                    Span::styled("Total ", theme::dim()),
                    Span::styled(clock(u64::from(p.timeline.planned_secs)), theme::key()),
                    Span::styled(
                        format!("  ({} of work)", duration(u64::from(work))),
                        theme::dim(),
                    ),
                ]));
            }
        }
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            area,
        );
    }
}

/// One routine item with the time it takes in the timeline (transitions and
/// rests between sets included).
fn step_line(
    index: usize,
    item: &crate::core::routine::Item,
    timeline: &crate::core::timeline::Timeline,
) -> Line<'static> {
    use crate::core::routine::{Dose, Item, SideSpec};
    let total: u32 = timeline
        .blocks
        .iter()
        .filter(|b| b.item == index)
        .map(|b| b.secs)
        .sum();
    match item {
        Item::Rest(rest) => Line::from(vec![
            Span::styled(
                format!("{:>6} ", clock(u64::from(rest.seconds))),
                theme::dim(),
            ),
            Span::styled("rest", theme::dim()),
        ]),
        Item::Repeat(repeat) => Line::from(vec![
            Span::styled(format!("{:>6} ", clock(u64::from(total))), theme::dim()),
            Span::raw(format!("{} rounds", repeat.times)),
        ]),
        Item::Step(step) => {
            let mut detail = match step.dose() {
                Dose::Timed { secs } => format!("{secs} s"),
                Dose::Paced { reps, .. } => format!("{reps} reps"),
            };
            if step.side == SideSpec::Each {
                detail.push_str(" each side");
            }
            if step.sets > 1 {
                detail = format!("{} × {detail}", step.sets);
            }
            Line::from(vec![
                Span::styled(format!("{:>6} ", clock(u64::from(total))), theme::dim()),
                Span::raw(clean(&step.name).into_owned()),
                Span::styled(format!("  {detail}"), theme::dim()),
            ])
        }
    }
}

/// The first row to show so that `selected` is in a bordered list of
/// `height` rows, moving `offset` as little as possible.
fn scroll(offset: usize, selected: usize, height: u16) -> usize {
    let page = usize::from(height.saturating_sub(2)).max(1);
    if selected < offset {
        selected
    } else if selected >= offset + page {
        selected + 1 - page
    } else {
        offset
    }
}

/// `Space pause  n skip ...` with the keys highlighted.
pub fn keys_line(keys: &[(&str, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, what) in keys {
        spans.push(Span::styled(format!(" {key}"), theme::key()));
        if !what.is_empty() {
            spans.push(Span::raw(format!(" {what} ")));
        }
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::timeline::expand;

    #[test]
    fn the_list_scrolls_only_as_far_as_the_selection_needs() {
        assert_eq!(scroll(0, 2, 7), 0, "within the page: stays");
        assert_eq!(
            scroll(0, 5, 7),
            1,
            "below the page: the selection is the last row"
        );
        assert_eq!(scroll(3, 4, 7), 3, "moving up inside the page: stays");
        assert_eq!(
            scroll(3, 1, 7),
            1,
            "above the page: the selection is the first row"
        );
        assert_eq!(scroll(0, 3, 0), 3, "no room at all: the selection alone");
    }

    #[test]
    fn keys_move_the_offset_only_as_far_as_needed() {
        let mut picker = Picker::new(&Library::load(None));
        // 80x14: the stacked list has 3 rows inside its borders.
        picker.resize(80, 14);
        for _ in 0..5 {
            picker.on_action(Action::Down);
        }
        assert_eq!((picker.selected, picker.offset), (5, 3));
        picker.on_action(Action::Up);
        assert_eq!(
            (picker.selected, picker.offset),
            (4, 3),
            "up inside the page"
        );
    }

    #[test]
    fn routines_are_listed_by_title_and_the_legend_needs_an_own_one() {
        let picker = Picker::new(&Library::load(None));
        let titles: Vec<String> = picker
            .items
            .iter()
            .map(|i| i.title.to_lowercase())
            .collect();
        let mut sorted = titles.clone();
        sorted.sort();
        assert_eq!(titles, sorted);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
        terminal
            .draw(|frame| picker.render(frame, frame.area(), None))
            .expect("draw");
        let screen = format!("{:?}", terminal.backend().buffer());
        assert!(!screen.contains("your own"), "a legend for nothing");
        assert!(screen.contains("Calf release after a long run"), "{screen}");
    }

    fn screen(picker: &Picker) -> String {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
        terminal
            .draw(|frame| picker.render(frame, frame.area(), None))
            .expect("draw");
        terminal.backend().to_string()
    }

    /// A folder of `n` valid user routines, titled so they sort among the
    /// bundled ones, one of them replacing a bundled routine, and one invalid.
    fn user_folder(n: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..n {
            let id = if i == 0 {
                "calf-release".to_string()
            } else {
                format!("mine-{i:03}")
            };
            let text = format!(
                r#"Routine(title: "{} {i}", steps: [Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: {})])"#,
                ["Calf", "Hamstring", "Zen", "Arch"][i % 4],
                10 + i
            );
            std::fs::write(dir.path().join(format!("{id}.ron")), text).expect("write");
        }
        std::fs::write(dir.path().join("broken.ron"), "Routine(title: 5)").expect("write");
        dir
    }

    #[test]
    fn a_picker_whose_user_routines_come_later_ends_as_one_made_with_them_all() {
        let dir = user_folder(80);
        let mut loading = crate::store::library::Loading::start(Some(dir.path()));
        let mut picker = Picker::of(std::mem::take(&mut loading.ready.entries));
        picker.reading = loading.reading;
        picker.resize(100, 30);
        let first = screen(&picker);
        assert!(first.contains("(reading 81 more…)"), "{first}");
        picker.add(loading.rest());
        let mut whole = Picker::new(&Library::load(Some(dir.path())));
        whole.resize(100, 30);
        let ids = |p: &Picker| p.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&picker), ids(&whole));
        assert_eq!(screen(&picker), screen(&whole));
        // And after the same keys.
        for p in [&mut picker, &mut whole] {
            p.on_action(Action::PageDown);
            p.on_action(Action::PageDown);
        }
        assert_eq!(screen(&picker), screen(&whole));
    }

    #[test]
    fn rows_are_made_for_what_shows_and_only_the_preview_works_out_a_timeline() {
        let dir = user_folder(300);
        let mut picker = Picker::new(&Library::load(Some(dir.path())));
        picker.resize(100, 30);
        let worked_out = |p: &Picker| {
            p.items
                .iter()
                .filter(|i| i.routine.as_ref().is_ok_and(|l| l.prepared.get().is_some()))
                .map(|i| i.id.clone())
                .collect::<Vec<_>>()
        };
        let selected = |p: &Picker| p.selected_item().expect("selected").id.clone();
        assert!(worked_out(&picker).is_empty());
        screen(&picker);
        assert_eq!(worked_out(&picker), [selected(&picker)]);
        for _ in 0..10 {
            picker.on_action(Action::PageDown);
        }
        let scrolled = screen(&picker);
        assert_eq!(worked_out(&picker).len(), 2, "the first and this one");
        assert!(worked_out(&picker).contains(&selected(&picker)));
        // 30 rows: a 2-row header and a footer, the list's borders: 25 show,
        // from the offset the keys left, each with its time.
        let offset = picker.offset;
        assert!(offset > 25, "{offset}");
        for (row, item) in picker.items.iter().enumerate() {
            // A long title ends in "…" in a row this wide.
            let shown = if item.title.chars().count() <= 25 {
                format!(" {}  ", item.title)
            } else {
                format!(" {}", item.title.chars().take(20).collect::<String>())
            };
            let line = scrolled.lines().find(|l| l.contains(&shown));
            if !(offset..offset + 25).contains(&row) {
                assert!(line.is_none(), "{row} is not in view:\n{scrolled}");
                continue;
            }
            let line = line.expect("in view");
            let time = match &item.routine {
                Ok(lazy) => clock(u64::from(expand(&lazy.routine).planned_secs)),
                Err(_) => "invalid".into(),
            };
            assert!(line.contains(&format!("{time:>5}")), "{line}");
        }
    }
}
