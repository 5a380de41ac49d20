//! The syntax of typed values in examples: GUIDs and ISO 8601 date-times, as `check` reports
//! them and the import's generated examples must meet.

/// True for `8-4-4-4-12` hex digits.
pub fn is_guid(s: &str) -> bool {
    guid_shaped(s) && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

/// True for `8-4-4-4-12` ASCII letters and digits.
fn guid_shaped(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// GUID-shaped runs of a string (split at anything but letters, digits and `-`).
pub fn guid_shaped_runs(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).filter(|r| guid_shaped(r))
}

/// True for an ISO 8601 date-time `YYYY-MM-DDThh:mm[:ss[.f+]](Z|±hh:mm)` that exists on the
/// calendar: the shape and the offset's range are checked here, the date and time by `jiff`
/// (so February 31 and hour 25 fail; leap years and a leap second `:60` are handled by it).
pub fn is_iso8601(s: &str) -> bool {
    iso8601_problem(s).is_none()
}

/// What is wrong with date-time `s`, or `None` when it is a real ISO 8601 date-time.
pub fn iso8601_problem(s: &str) -> Option<String> {
    if !has_iso8601_shape(s) {
        return Some(format!("`{s}` is not an ISO 8601 date-time"));
    }
    // The local date and time are checked on the civil calendar, which runs to 9999-12-31
    // (`jiff::Timestamp` ends a day earlier, yet .NET's `DateTimeOffset.MaxValue`,
    // `9999-12-31T23:59:59.9999999Z`, is in real examples). The offset's range is checked by
    // the shape.
    let local = &s[..s[16..].find(['Z', 'z', '+', '-']).map_or(s.len(), |i| i + 16)];
    let e = local.parse::<jiff::civil::DateTime>().err()?;
    Some(format!("`{s}` is not a real date-time ({e})"))
}

/// The shape of a date-time with an offset: digits and separators in place, `T` between date
/// and time, optional seconds and fraction, `Z` or `±hh:mm` (values are not checked here).
fn has_iso8601_shape(s: &str) -> bool {
    let digits =
        |r: std::ops::Range<usize>| s.get(r).is_some_and(|x| x.bytes().all(|c| c.is_ascii_digit()));
    let b = s.as_bytes();
    let date_time = b.len() >= 17
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16);
    if !date_time {
        return false;
    }
    let mut rest = &s[16..];
    if let Some(r) = rest.strip_prefix(':') {
        if !r.get(..2).is_some_and(|x| x.bytes().all(|c| c.is_ascii_digit())) {
            return false;
        }
        rest = &r[2..];
        if let Some(f) = rest.strip_prefix('.') {
            let n = f.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return false;
            }
            rest = &f[n..];
        }
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        // RFC 3339's offset range (jiff alone would take up to ±25:59).
        [b'+' | b'-', _, _, b':', _, _] => {
            rest[1..3].parse::<u8>().is_ok_and(|h| h <= 23)
                && rest[4..6].parse::<u8>().is_ok_and(|m| m <= 59)
        }
        _ => false,
    }
}

/// What is wrong with a date-time-shaped string whose type is not known to be
/// `DateTimeOffset` (those are checked with their type and need an offset): a local date-time
/// without offset, as Graph's `dateTimeTimeZone.dateTime` holds (`2017-04-15T12:00:00`), is
/// fine when it exists on the calendar; anything else must be a full ISO 8601 date-time.
pub fn untyped_datetime_problem(s: &str) -> Option<String> {
    let local = s.len() >= 19 && !s.ends_with(['Z', 'z']) && !s[19..].contains(['+', '-']);
    if local && s.parse::<jiff::civil::DateTime>().is_ok() {
        return None;
    }
    iso8601_problem(s)
}

/// Looks like the start of a date-time: `dddd-dd-ddT`.
pub fn looks_like_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't')
}

/// What `check`'s `value-syntax` reports in a string of an example, whatever its type: a
/// GUID-shaped run with non-hex characters, a GUID a digit off, a date-time written inside the
/// string that is not ISO 8601, or a date-time-shaped value that is none. The import refuses
/// document examples with any of them, so what it writes passes `check`.
pub fn string_syntax_problem(s: &str) -> Option<String> {
    if let Some(run) = guid_shaped_runs(s).find(|r| !is_guid(r)) {
        return Some(format!("`{run}` is shaped like a GUID but is none"));
    }
    if let Some(run) = near_guids(s).next() {
        return Some(format!("`{run}` is a GUID with a digit too few or too many"));
    }
    if let Some((_, problem)) = embedded_datetimes(s).into_iter().next() {
        return Some(problem);
    }
    looks_like_datetime(s).then(|| untyped_datetime_problem(s)).flatten()
}

/// GUID-like runs a digit short or long: five hex groups whose lengths differ from
/// 8-4-4-4-12 by one in exactly one group.
pub fn near_guids(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).filter(|r| {
        let parts: Vec<&str> = r.split('-').collect();
        parts.len() == 5
            && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_hexdigit()))
            && {
                let off: Vec<usize> = parts
                    .iter()
                    .zip([8usize, 4, 4, 4, 12])
                    .map(|(p, n)| p.len().abs_diff(n))
                    .collect();
                off.iter().sum::<usize>() == 1
            }
    })
}

/// Date-times written inside a string or URL (`$filter=start ge 2020-12-4T10:00:00Z`, a
/// space for the `T`), which the whole-value check does not see: each must be ISO 8601.
pub fn embedded_datetimes(s: &str) -> Vec<(&str, String)> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"\b\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?",
        )
        .expect("valid pattern")
    });
    if looks_like_datetime(s) {
        return Vec::new(); // the whole value is checked as a date-time
    }
    re.find_iter(s)
        .filter_map(|m| untyped_datetime_problem(m.as_str()).map(|p| (m.as_str(), p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of value `check` reports (`value-syntax`) is a problem for the import too.
    #[test]
    fn string_problems_are_what_check_reports() {
        for (value, said) in [
            ("id 8b081ef6-4792-4def-b2c9-c363a1bf41zz", "shaped like a GUID"),
            ("users('8b081ef6-4792-4def-b2c9-c363a1bf41d')", "a digit too few or too many"),
            ("2022-10-01 21:15", "not an ISO 8601 date-time"),
            ("start ge 2020-12-4T10:00:00Z", "not an ISO 8601 date-time"),
            ("2019-07-05T11:05:00+0000", "not an ISO 8601 date-time"),
        ] {
            let problem = string_syntax_problem(value);
            assert!(problem.as_deref().is_some_and(|p| p.contains(said)), "{value}: {problem:?}");
        }
        for fine in ["8b081ef6-4792-4def-b2c9-c363a1bf41d5", "2017-04-15T12:00:00", "v1.2-3"] {
            assert_eq!(string_syntax_problem(fine), None, "{fine}");
        }
    }
}
