//! Where every value of a RON file stands, kept through deserialisation, so
//! that a rule broken by a value (`rest: 700`) is reported at its line.
//!
//! # API
//! ```ignore
//! let (routine, spans) = spans::from_str::<Routine>(src, &options)?; // Err: ron's SpannedError
//! spans.get("steps[2].rest")      // Some(Position) of `700` in `rest: 700`
//! spans.nearest("steps[2].seconds") // a missing field: the position of `steps[2]` (its `Step`)
//! spans.offset("title")           // the byte offset, to search the value's text from
//! ```
//! Works for any `T: DeserializeOwned` (routines, plans, settings).
//!
//! **Paths**: struct fields joined by `.`, list elements `[i]`: `steps[2]`,
//! `steps[2].prompts[0].at`, `phases[1].sessions[0].routine`. The top value is
//! `""`. An enum's variant adds nothing: the `Step(...)` at `steps[2]` is
//! `steps[2]`, its field `name` is `steps[2].name`; a tuple or struct variant's
//! fields likewise (`days: PerWeek(3)` is all at `...days`).
//!
//! **Positions** (1-based line and column in characters, as ron and editors
//! count; `src` must be what ron parsed, without a byte-order mark):
//! - a struct field: the first character of its value (`700` of `rest: 700`);
//! - a list element or the top value: the first name or text that ron reads in
//!   it (the `Step` of `Step(...)`, the first field name of `(at: 5, ...)`, the
//!   opening quote of a string). A number, or a text with escapes, in a list
//!   records nothing of its own: [`Spans::nearest`] gives its list.
//!
//! # How
//! ron hands every name (field, variant) and every text without escapes to
//! the visitor as a slice of the source (`visit_borrowed_str`); the slice's
//! address within the source is its offset. A thin [`serde::Deserializer`]
//! wrapper around ron's own deserializer (seeds, visitors and accesses passed
//! through, the same pattern as `serde_path_to_error`) keeps the path and
//! records those offsets. Nothing is parsed twice: the only reading done here
//! is skipping the blanks and `:` between a field name and its value.

use crate::core::routine::Position;
use crate::core::routine::source::skip_blank;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

/// The position of every value ron read, by path (see the module's docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans {
    /// Path -> byte offset; lines and columns are counted only when asked
    /// (for a problem), not for every value of every valid file.
    places: HashMap<String, usize>,
    src: String,
}

impl Spans {
    /// Where the value at `path` starts, if ron read one there.
    pub fn get(&self, path: &str) -> Option<Position> {
        self.offset(path).map(|o| self.position_at(o))
    }

    /// The byte offset in the source where the value at `path` starts.
    pub fn offset(&self, path: &str) -> Option<usize> {
        self.places.get(path).copied()
    }

    /// Where `path` starts, else its nearest recorded parent (a missing field
    /// is reported at its struct, a number in a list at the list), else the
    /// top value; line 1, column 1 for an empty source.
    pub fn nearest(&self, path: &str) -> Position {
        self.nearest_place(path).2
    }

    /// The 1-based line and column (in characters) of a byte offset.
    fn position_at(&self, offset: usize) -> Position {
        let before = self.src.get(..offset).unwrap_or(&self.src);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: 1 + memchr::memchr_iter(b'\n', before.as_bytes()).count(),
            col: 1 + before[line_start..].chars().count(),
        }
    }

    /// [`Spans::nearest`] with the byte offset and the path found.
    pub fn nearest_place<'p>(&self, mut path: &'p str) -> (&'p str, usize, Position) {
        loop {
            if let Some(&offset) = self.places.get(path) {
                return (path, offset, self.position_at(offset));
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None if !path.is_empty() => path = "",
                None => return ("", 0, Position { line: 1, col: 1 }),
            }
        }
    }
}

/// Why [`from_str`] failed: ron's error (positions and all), the path of the
/// value ron was reading, and the positions read until then. A missing field
/// is best shown at `spans.nearest(&path)`: its struct's start, where ron's own
/// position is the struct's end.
#[derive(Debug)]
pub struct Failure {
    pub error: ron::error::SpannedError,
    pub path: String,
    pub spans: Spans,
}

/// Deserialises a `T` from RON text with ron's `options`, recording where
/// every value starts.
pub fn from_str<T: DeserializeOwned>(
    src: &str,
    options: &ron::Options,
) -> Result<(T, Spans), Box<Failure>> {
    let recorder = RefCell::new(Recorder::new(src));
    let read = options.from_str_seed(
        src,
        Seed {
            inner: std::marker::PhantomData::<T>,
            rec: &recorder,
        },
    );
    let recorder = recorder.into_inner();
    match read {
        Ok(value) => Ok((value, recorder.finish())),
        Err(error) => {
            let path = recorder.path.clone();
            Err(Box::new(Failure {
                error,
                path,
                spans: recorder.finish(),
            }))
        }
    }
}

/// What the wrappers share while ron reads.
struct Recorder<'a> {
    src: &'a str,
    /// The path of the value being read.
    path: String,
    /// For each open level of `path`: whether its position is recorded.
    placed: Vec<bool>,
    /// Set while ron reads a field name: the next name read is the key.
    reading_key: bool,
    /// The field name just read and the offset where it ends.
    key: Option<(String, usize)>,
    /// (path, offset), in the order read.
    found: Vec<(String, usize)>,
}

impl<'a> Recorder<'a> {
    fn new(src: &'a str) -> Self {
        let mut rec = Recorder {
            src,
            path: String::new(),
            placed: vec![true],
            reading_key: false,
            key: None,
            found: Vec::new(),
        };
        rec.found.push((String::new(), skip_blank(src, 0)));
        rec
    }

    /// The offset of `slice` in the source, when it is a slice of it.
    fn offset_of(&self, slice: &str) -> Option<usize> {
        let start = self.src.as_ptr().addr();
        let offset = slice.as_ptr().addr().checked_sub(start)?;
        (offset + slice.len() <= self.src.len()).then_some(offset)
    }

    /// ron read `text`, a name or a text without escapes.
    fn saw(&mut self, text: &str) {
        let Some(offset) = self.offset_of(text) else {
            return;
        };
        if self.reading_key {
            self.reading_key = false;
            self.key = Some((text.to_string(), offset + text.len()));
        }
        if self.placed.last() == Some(&false) {
            // A string's position is its opening quote (`r#"` of a raw one).
            let before = &self.src[..offset];
            let start = before.strip_suffix('"').map_or(offset, |open| {
                let hashes = open.trim_end_matches('#');
                hashes.strip_suffix('r').unwrap_or(open).len()
            });
            self.place(start);
        }
    }

    fn place(&mut self, offset: usize) {
        if let Some(placed) = self.placed.last_mut() {
            *placed = true;
        }
        self.found.push((self.path.clone(), offset));
    }

    /// Enters a field: its value starts after the name, the blanks and the `:`.
    fn enter_field(&mut self) -> usize {
        let len = self.path.len();
        let Some((name, end)) = self.key.take() else {
            self.placed.push(true);
            return len;
        };
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(&name);
        let after = skip_blank(self.src, end);
        let value = if self.src[after..].starts_with(':') {
            skip_blank(self.src, after + 1)
        } else {
            end - name.len()
        };
        self.placed.push(false);
        self.place(value);
        len
    }

    fn enter_element(&mut self, index: usize) -> usize {
        let len = self.path.len();
        self.path.push('[');
        self.path.push_str(&index.to_string());
        self.path.push(']');
        self.placed.push(false);
        len
    }

    fn leave(&mut self, len: usize) {
        self.path.truncate(len);
        self.placed.pop();
    }

    fn finish(self) -> Spans {
        let mut places = HashMap::with_capacity(self.found.len());
        for (path, offset) in self.found {
            places.entry(path).or_insert(offset);
        }
        Spans {
            places,
            src: self.src.to_string(),
        }
    }
}

type Rec<'r, 'a> = &'r RefCell<Recorder<'a>>;

struct Seed<'r, 'a, S> {
    inner: S,
    rec: Rec<'r, 'a>,
}

struct Wrap<'r, 'a, X> {
    inner: X,
    rec: Rec<'r, 'a>,
}

fn wrap<'r, 'a, X>(inner: X, rec: Rec<'r, 'a>) -> Wrap<'r, 'a, X> {
    Wrap { inner, rec }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, '_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(wrap(d, self.rec))
    }
}

/// Every `deserialize_*` of the wrapper: ron's, with the visitor wrapped.
macro_rules! forward {
    ($($method:ident ( $($arg:ident : $ty:ty),* );)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                self.inner.$method($($arg,)* wrap(visitor, self.rec))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Wrap<'_, '_, D> {
    type Error = D::Error;

    forward! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// Every plain `visit_*` of the wrapper: passed on as it is.
macro_rules! pass {
    ($($method:ident ( $ty:ty );)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.inner.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, '_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    pass! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.rec.borrow_mut().saw(v);
        self.inner.visit_borrowed_str(v)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        self.inner.visit_borrowed_bytes(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(wrap(d, self.rec))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(wrap(d, self.rec))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(Elements {
            inner: seq,
            rec: self.rec,
            index: 0,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(wrap(map, self.rec))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(wrap(data, self.rec))
    }
}

struct Elements<'r, 'a, A> {
    inner: A,
    rec: Rec<'r, 'a>,
    index: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Elements<'_, '_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let len = self.rec.borrow_mut().enter_element(self.index);
        let got = self.inner.next_element_seed(Seed {
            inner: seed,
            rec: self.rec,
        })?;
        // Left only on success: after an error, the path says where ron was.
        self.rec.borrow_mut().leave(len);
        self.index += 1;
        Ok(got)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Wrap<'_, '_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.rec.borrow_mut().reading_key = true;
        let got = self.inner.next_key_seed(Seed {
            inner: seed,
            rec: self.rec,
        });
        self.rec.borrow_mut().reading_key = false;
        got
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let len = self.rec.borrow_mut().enter_field();
        let got = self.inner.next_value_seed(Seed {
            inner: seed,
            rec: self.rec,
        })?;
        self.rec.borrow_mut().leave(len);
        Ok(got)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'r, 'a, 'de, A: EnumAccess<'de>> EnumAccess<'de> for Wrap<'r, 'a, A> {
    type Error = A::Error;
    type Variant = Wrap<'r, 'a, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let rec = self.rec;
        let (value, variant) = self.inner.variant_seed(Seed { inner: seed, rec })?;
        Ok((value, wrap(variant, rec)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Wrap<'_, '_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.inner.newtype_variant_seed(Seed {
            inner: seed,
            rec: self.rec,
        })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.inner.tuple_variant(len, wrap(visitor, self.rec))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.inner.struct_variant(fields, wrap(visitor, self.rec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        items: Vec<Entry>,
        #[serde(default)]
        note: Option<String>,
        numbers: Vec<u32>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Entry {
        Thing(Thing),
        Pair(u32, u32),
        Empty,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Thing {
        name: String,
        count: u32,
        inner: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        a: u32,
    }

    const SRC: &str = r##"// a comment
Doc(
    title: "Calf",
    items: [
        Thing(name: "one", count: 3, inner: (a: 5)),
        Thing(
            name: "two\n",   // escaped: no slice
            count /* odd */ : 700,
        ),
        Pair(1, 2),
        Empty,
    ],
    note: r#"raw"#,
    numbers: [1, 2],
)
"##;

    fn at(line: usize, col: usize) -> Position {
        Position { line, col }
    }

    fn options() -> ron::Options {
        ron::Options::default().with_default_extension(
            ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES
                | ron::extensions::Extensions::IMPLICIT_SOME,
        )
    }

    fn parse() -> Spans {
        let options = options();
        let (_, spans): (Doc, Spans) = from_str(SRC, &options).expect("valid");
        spans
    }

    #[test]
    fn fields_are_at_their_values_and_elements_at_their_first_name() {
        let spans = parse();
        assert_eq!(spans.get(""), Some(at(2, 1)));
        assert_eq!(spans.get("title"), Some(at(3, 12)));
        assert_eq!(spans.get("items"), Some(at(4, 12)));
        assert_eq!(spans.get("items[0]"), Some(at(5, 9)));
        assert_eq!(spans.get("items[0].count"), Some(at(5, 35)));
        assert_eq!(spans.get("items[0].inner"), Some(at(5, 45)));
        assert_eq!(spans.get("items[0].inner.a"), Some(at(5, 49)));
        assert_eq!(spans.get("items[1]"), Some(at(6, 9)));
        assert_eq!(spans.get("items[1].name"), Some(at(7, 19)));
        assert_eq!(spans.get("items[1].count"), Some(at(8, 31)));
        assert_eq!(spans.get("items[2]"), Some(at(10, 9)));
        assert_eq!(spans.get("items[3]"), Some(at(11, 9)));
        assert_eq!(spans.get("note"), Some(at(13, 11)));
        assert_eq!(spans.get("numbers"), Some(at(14, 14)));
        assert_eq!(spans.get("numbers[1]"), None);
        assert_eq!(spans.nearest("numbers[1]"), at(14, 14));
        assert_eq!(spans.nearest("items[1].missing"), at(6, 9));
        assert_eq!(spans.nearest("nothing.at[3].all"), at(2, 1));
        assert_eq!(spans.offset("title"), SRC.find("\"Calf\""));
    }

    #[test]
    fn errors_are_rons_own() {
        let options = options();
        let err = from_str::<Doc>("Doc(title: 5)", &options).expect_err("invalid");
        assert_eq!(err.error.span.start.line, 1);
        assert!(matches!(err.error.code, ron::Error::ExpectedString));
        assert_eq!(err.path, "title");
        let err = from_str::<Doc>(
            "Doc(\n  title: \"x\",\n  items: [\n    Thing(name: \"y\"),\n  ],\n)",
            &options,
        )
        .expect_err("count is missing");
        assert!(matches!(
            err.error.code,
            ron::Error::MissingStructField { .. }
        ));
        assert_eq!(err.spans.nearest(&err.path), at(4, 5));
    }
}
