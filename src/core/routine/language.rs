//! The shape of a BCP 47 language tag (RFC 5646 section 2.1), checked by hand:
//! `language` only picks a voice, so the tag's shape is what matters, not
//! whether the registry lists it (a voice that is missing is said at run time).

/// Whether `tag` has the shape of a language tag: `en`, `de`, `pt-BR`,
/// `zh-Hant-TW`, `sl-rozaj-biske`, `en-US-x-coach`, `x-private`.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-').peekable();
    let Some(first) = parts.next() else {
        return false;
    };
    if !parts.clone().chain([first]).all(is_subtag) {
        return false;
    }
    if first.eq_ignore_ascii_case("x") {
        return private_use(parts);
    }
    // language: 2-3 letters (ISO 639; the 4-8 letter forms are reserved and
    // unused, and accepting them would let `english` pass), then up to 3
    // extlangs of 3 letters.
    if !all_alpha(first) || !(2..=3).contains(&first.len()) {
        return false;
    }
    for _ in 0..3 {
        if parts.next_if(|p| p.len() == 3 && all_alpha(p)).is_none() {
            break;
        }
    }
    // script: 4 letters; region: 2 letters or 3 digits.
    parts.next_if(|p| p.len() == 4 && all_alpha(p));
    parts.next_if(|p| (p.len() == 2 && all_alpha(p)) || (p.len() == 3 && all_digit(p)));
    // variants: 5-8 characters, or 4 starting with a digit.
    while parts
        .next_if(|p| {
            (5..=8).contains(&p.len()) || (p.len() == 4 && p.as_bytes()[0].is_ascii_digit())
        })
        .is_some()
    {}
    // extensions: a singleton (not x) then subtags of 2-8.
    while parts
        .next_if(|p| p.len() == 1 && !p.eq_ignore_ascii_case("x"))
        .is_some()
    {
        let mut count = 0;
        while parts.next_if(|p| p.len() >= 2).is_some() {
            count += 1;
        }
        if count == 0 {
            return false;
        }
    }
    match parts.next() {
        None => true,
        Some(x) if x.eq_ignore_ascii_case("x") => private_use(parts),
        Some(_) => false,
    }
}

fn is_subtag(part: &str) -> bool {
    (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn all_alpha(part: &str) -> bool {
    part.bytes().all(|b| b.is_ascii_alphabetic())
}

fn all_digit(part: &str) -> bool {
    part.bytes().all(|b| b.is_ascii_digit())
}

/// After `x`: at least one subtag of 1-8 characters (checked by the caller).
fn private_use<'a>(mut rest: impl Iterator<Item = &'a str>) -> bool {
    rest.next().is_some()
}

#[cfg(test)]
mod tests {
    use super::is_language_tag;

    #[test]
    fn common_tags_pass() {
        for tag in [
            "en",
            "de",
            "pt-BR",
            "en-GB",
            "es-419",
            "zh-Hant-TW",
            "sr-Latn",
            "sl-rozaj-biske",
            "de-CH-1996",
            "en-US-x-coach",
            "x-private",
            "yue",
            "zh-yue-HK",
            "en-a-bbb-x-a-ccc",
            "EN",
        ] {
            assert!(is_language_tag(tag), "{tag}");
        }
    }

    #[test]
    fn malformed_tags_fail() {
        for tag in [
            "",
            "e",
            "english-language",
            "en_US",
            "en-",
            "-en",
            "pt-BR-",
            "en--US",
            "e1",
            "en-a",
            "en-x",
            "x",
            "en-US-a",
            "de-CH-1996-toolongvariant",
            "fr-ü",
            "en US",
            "123",
        ] {
            assert!(!is_language_tag(tag), "{tag}");
        }
    }
}
