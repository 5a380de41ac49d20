//! Link targets as the checks compare them across locales: another site's URL may carry the
//! translation's own locale segment or English's (`/de-de/`, `/en-us/`), so both are the same
//! target. Shared by `translation` (message links) and `pages` (rendered pages).

/// A link target with the locale segment of another site's URL written `{locale}`: a
/// translation into `own` may link to that site's page in its own language
/// (`https://learn.microsoft.com/de-de/graph/overview`) or keep the English one, which may be
/// the only one (`/en-us/`). A relative target is returned as it is.
pub fn localized_target(href: &str, own: &str, source: &str) -> String {
    if !is_external(href) {
        return href.to_string();
    }
    let learn = |l: &str| crate::localize::markdown::learn_locale(l);
    let locale = |s: &str| s == own || s == learn(own) || s == source || s == learn(source);
    let seg = |s| if locale(s) { "{locale}" } else { s };
    href.split('/').map(seg).collect::<Vec<_>>().join("/")
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
        let t = |href: &str, own: &str| localized_target(href, own, "en");
        let en = t("https://learn.microsoft.com/en-us/graph/overview", "en");
        assert_eq!(t("https://learn.microsoft.com/de-de/graph/overview", "de"), en);
        assert_eq!(t("https://learn.microsoft.com/en-us/graph/overview", "de"), en);
        assert_eq!(
            t("https://docs.example.org/de/guide", "de"),
            t("https://docs.example.org/en/guide", "en")
        );
        assert_ne!(t("https://learn.microsoft.com/es-es/graph/overview", "de"), en);
        assert_ne!(t("https://learn.microsoft.com/en-us/graph/other", "de"), en);
        // A relative target is ours: its locale segment is compared by the page check.
        assert_eq!(t("../../de/x/", "de"), "../../de/x/");
        assert!(is_external("//cdn.example.org/x") && !is_external("/x") && !is_external("1a://x"));
    }
}
