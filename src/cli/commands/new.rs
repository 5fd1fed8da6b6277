//! `limber new ID` (SPEC section 3): a commented starter routine in the user's
//! folder, for a coach to edit. It never replaces a file that is there.

use crate::cli::error::Error;
use crate::store::library::Library;
use crate::store::paths;
use crate::text::{capitalize, clean};
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The starter, with `ID` and `TITLE` to fill in. It passes `limber check`.
const STARTER: &str = include_str!("starter.ron");

/// Ids longer than this make unwieldy file names and `limber list` rows.
pub const MAX_ID_CHARS: usize = 64;

/// `limber new ID`.
pub fn main(id: &str) -> Result<(), Error> {
    run(id, &super::load_library(), &mut io::stdout().lock())
}

/// Writes the starter for `id` and says where, and what to do next.
pub fn run(id: &str, library: &Library, out: &mut impl Write) -> Result<(), Error> {
    check_id(id)?;
    let home = paths::home().ok_or_else(|| {
        Error::Failed(
            "no data folder for your routines: set LIMBER_HOME to a folder limber can write".into(),
        )
    })?;
    let path = create(&paths::routines_dir(&home), id)?;
    let shown = clean(&path.to_string_lossy()).into_owned();
    let mut say = || -> io::Result<()> {
        writeln!(out, "Wrote {shown}, a starter routine to edit.")?;
        writeln!(
            out,
            "Check it with `limber check {shown}`, then run it with `limber run {id}`."
        )?;
        if library
            .get(id)
            .is_some_and(|e| e.source == crate::store::library::Source::Bundled)
        {
            writeln!(
                out,
                "It replaces the bundled routine {id} while it is there; `limber export {id}` prints the bundled one."
            )?;
        }
        Ok(())
    };
    say().map_err(|e| Error::Failed(format!("cannot write output: {e}")))
}

/// A usage error unless `id` makes a file stem that is safe and can be typed
/// back: letters, digits, `-`, `_` and `.`, starting with a letter or digit (a
/// leading `-` reads as a flag, a leading `.` hides the file).
pub fn check_id(id: &str) -> Result<(), Error> {
    if let Some(stem) = id.strip_suffix(".ron")
        && check_id(stem).is_ok()
    {
        return Err(Error::Usage(format!(
            "the id is the file name without .ron: `limber new {stem}`"
        )));
    }
    let fits = id.chars().count() <= MAX_ID_CHARS
        && id.chars().next().is_some_and(char::is_alphanumeric)
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if fits {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "'{}' cannot be a routine id: use letters, digits, '-', '_' and '.', starting with a letter or digit, at most {MAX_ID_CHARS} characters (e.g. calf-care)",
            clean(id)
        )))
    }
}

/// Writes `dir/ID.ron` (making `dir`), failing when a file of that name is there.
pub fn create(dir: &Path, id: &str) -> Result<PathBuf, Error> {
    let failed = |what: &str, e: &io::Error| {
        Error::Failed(clean(&format!("cannot {what}: {e}")).into_owned())
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(&format!("create {}", dir.display()), &e))?;
    let path = dir.join(format!("{id}.ron"));
    // `create_new` fails on anything already there, a dangling symlink included,
    // and checks and creates in one step.
    let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(Error::Failed(
                clean(&format!(
                    "{} already exists and limber never overwrites it: edit it, or choose another id",
                    path.display()
                ))
                .into_owned(),
            ));
        }
        Err(e) => return Err(failed(&format!("create {}", path.display()), &e)),
    };
    file.write_all(starter(id).as_bytes())
        .map_err(|e| failed(&format!("write {}", path.display()), &e))?;
    Ok(path)
}

/// The starter routine for `id` (a valid id): its title made from the id.
pub fn starter(id: &str) -> String {
    let title = capitalize(&id.replace(['-', '_'], " "));
    fill(STARTER, &[("ID", id), ("TITLE", &title)])
}

/// `template` with each key replaced by its value, in one pass (a value that
/// holds a key stays as it is).
fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((at, key, value)) = pairs
        .iter()
        .filter_map(|&(key, value)| rest.find(key).map(|at| (at, key, value)))
        .min_by_key(|&(at, _, _)| at)
    {
        out.push_str(&rest[..at]);
        out.push_str(value);
        rest = &rest[at + key.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::routine::hints::hints;
    use crate::core::routine::load::parse_bytes;
    use crate::core::routine::model::{Dose, Item};

    #[test]
    fn the_starter_is_a_valid_routine_with_no_hints() {
        for id in ["calf-care", "x", "Wade_2.0", "étirement", "ID-TITLE"] {
            let routine = parse_bytes(starter(id).as_bytes()).expect("the starter loads");
            assert!(hints(&routine).is_empty(), "{:?}", hints(&routine));
            assert!(starter(id).starts_with(&format!("// {id}: a limber routine, to edit.")));
        }
        let routine = parse_bytes(starter("calf-care").as_bytes()).expect("loads");
        assert_eq!(routine.title, "Calf care");
        // It shows the whole format: timed and paced steps, a step's own
        // transition, a Rest, a Repeat, the language.
        let items = &routine.steps;
        assert!(items.iter().any(|i| matches!(i, Item::Rest(_))));
        assert!(items.iter().any(|i| matches!(i, Item::Repeat(_))));
        let paced = items.iter().find_map(|i| match i {
            Item::Step(s) if matches!(s.dose(), Dose::Paced { .. }) => Some(s),
            _ => None,
        });
        assert!(paced.is_some_and(|s| s.transition.is_some()));
        assert_eq!(routine.language.as_deref(), Some("en"));
    }

    #[test]
    fn ids_are_safe_file_stems() {
        for good in ["calf-care", "a", "Wade_2.0", "étirement", &"x".repeat(64)] {
            assert!(check_id(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "-v",
            ".hidden",
            "a/b",
            "../x",
            "a b",
            "a\u{1b}b",
            "a\u{200b}b",
            "x\\y",
            "a:b",
            &"x".repeat(65),
        ] {
            assert!(matches!(check_id(bad), Err(Error::Usage(_))), "{bad:?}");
        }
        let Err(Error::Usage(message)) = check_id("calf.ron") else {
            panic!("calf.ron is no id");
        };
        assert_eq!(
            message,
            "the id is the file name without .ron: `limber new calf`"
        );
    }
}
