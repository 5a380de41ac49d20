//! Which variables a message may use and what to say about one it may not: spec terms of the
//! operation plus the few arguments the code passes to particular messages, where a `$name`
//! sits in an FTL file, and the known name an unknown one probably meant ("did you mean").
//! `build` and `check` both report unknown variables through this.

/// Arguments the code passes to particular messages, besides the spec terms every message
/// gets: (message id, variable names).
pub const CODE_ARGUMENTS: &[(&str, &[&str])] = &[
    ("example-heading", &["number", "title"]),
    ("type-collection", &["type"]),
    ("request-body-intro", &["kind", "body-type"]),
    ("request-body-table", &["kind", "body-type"]),
    ("request-body-media", &["media-type"]),
    ("response-default", &["kind", "body", "status", "type"]),
    ("response-collection", &["type", "value", "next-link"]),
    ("error-responses-intro", &["error", "code", "message", "innerError"]),
    ("coverage", &["percent", "total", "stale"]),
    ("more-items", &["count"]),
];

/// Code arguments that are numbers (formatted with `NUMBER`, so plural variants select on
/// them by the locale's CLDR rules).
pub const NUMBER_ARGUMENTS: &[&str] = &["number"];

/// The variables the code passes to message `id` (without `$`), besides the spec terms.
pub fn code_arguments(id: &str) -> &'static [&'static str] {
    CODE_ARGUMENTS.iter().find(|(m, _)| *m == id).map_or(&[], |(_, args)| args)
}

/// True for characters of a Fluent identifier after its first letter.
fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Byte offset of the first reference `$name` in `text[from..to]` (a whole identifier, not the
/// start of a longer one), if there is one.
pub fn variable_offset(text: &str, from: usize, to: usize, name: &str) -> Option<usize> {
    let needle = format!("${name}");
    let region = text.get(from..to.min(text.len()))?;
    region
        .match_indices(&needle)
        .find(|(i, _)| !region[i + needle.len()..].chars().next().is_some_and(is_ident_char))
        .map(|(i, _)| from + i)
}

/// The known name closest to `name` (case-insensitive edit distance at most 2, or a third of
/// the name for long names), if one is close enough.
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = name.to_lowercase();
    let limit = (name.chars().count() / 3).max(2);
    known
        .into_iter()
        .filter(|k| *k != name)
        .map(|k| (strsim::levenshtein(&wanted, &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

/// The help for unknown variable `name`: the closest known variable, or what is allowed.
pub fn hint<'a>(name: &str, known: impl IntoIterator<Item = &'a str> + Clone) -> String {
    match closest(name, known.clone()) {
        Some(k) => format!("did you mean `${k}`?"),
        None => {
            let mut names: Vec<&str> = known.into_iter().collect();
            names.sort_unstable();
            names.dedup();
            let shown: Vec<String> = names.iter().take(8).map(|n| format!("`${n}`")).collect();
            let more = if names.len() > 8 { ", …" } else { "" };
            format!(
                "use a spec term of this operation ({}{more}) or remove the variable",
                shown.join(", ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_term() {
        let known = ["group", "guest", "owner", "oneOnOne"];
        assert_eq!(closest("grop", known), Some("group"));
        assert_eq!(closest("grupo", known), Some("group"));
        assert_eq!(closest("Owner", known), Some("owner"));
        assert_eq!(closest("xyzzy", known), None);
        assert_eq!(hint("grop", known), "did you mean `$group`?");
        assert!(hint("xyzzy", known).contains("`$group`"));
    }

    #[test]
    fn finds_whole_variable_references() {
        let text = "a = { $grop-x } { $grop }";
        assert_eq!(variable_offset(text, 0, text.len(), "grop"), Some(18));
        assert_eq!(variable_offset(text, 0, 10, "grop"), None);
    }
}
