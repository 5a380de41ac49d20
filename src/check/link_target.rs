//! Link targets as the checks compare them across locales: another site's URL may carry the
//! translation's own locale segment or English's (`/de-de/`, `/en-us/`), so both are the same
//! target. Shared by `translation` (message links) and `pages` (rendered pages).

/// A link target with the locale segment of another site's URL written `{locale}`: a
/// translation into `locale` may link to that site's page in its own language
/// (`https://learn.microsoft.com/de-de/graph/overview`) or keep the English one, which may be
/// the only one (`/en-us/`, `/en-US/`). Both sides of a comparison are read with the same pair
/// of locales, so a link kept word for word is always the same target. A relative target is
/// returned as it is.
pub fn localized_target(href: &str, locale: &str, source: &str) -> String {
    if !is_external(href) {
        return href.to_string();
    }
    let seg = |s| if is_locale_segment(s, &[locale, source]) { "{locale}" } else { s };
    href.split('/').map(seg).collect::<Vec<_>>().join("/")
}

/// True when path segment `s` names one of `locales`, as polydoc writes it (`de`) or as
/// Microsoft Learn does (`de-de`), in any case (`en-US`).
pub fn is_locale_segment(s: &str, locales: &[&str]) -> bool {
    let learn = |l: &str| crate::localize::markdown::learn_locale(l);
    locales.iter().any(|l| s.eq_ignore_ascii_case(l) || s.eq_ignore_ascii_case(&learn(l)))
}

/// True for an absolute URL (`https://...`, `//host/...`): a page of another site.
pub fn is_external(href: &str) -> bool {
    href.starts_with("//") || href.split_once("://").is_some_and(is_scheme)
}

/// True when what comes before `://` is a URL scheme (`https`, `svn+ssh`).
fn is_scheme((scheme, _): (&str, &str)) -> bool {
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_sites_locale_segment_is_the_translations_or_englishs() {
        // English and the German translation are both read with the pair (de, en).
        let t = |href: &str| localized_target(href, "de", "en");
        let en = t("https://learn.microsoft.com/en-us/graph/overview");
        assert_eq!(t("https://learn.microsoft.com/de-de/graph/overview"), en);
        assert_eq!(t("https://learn.microsoft.com/en-US/graph/overview"), en);
        assert_eq!(t("https://docs.example.org/de/guide"), t("https://docs.example.org/en/guide"));
        assert_ne!(t("https://learn.microsoft.com/es-es/graph/overview"), en);
        assert_ne!(t("https://learn.microsoft.com/en-us/graph/other"), en);
        // A relative target is ours: its locale segment is compared by the page check.
        assert_eq!(t("../../de/x/"), "../../de/x/");
        assert!(is_external("//cdn.example.org/x") && !is_external("/x") && !is_external("1a://x"));
    }
}
