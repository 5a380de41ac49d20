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
/// GUID-shaped run with non-hex characters, or a date-time-shaped value that is none.
pub fn string_syntax_problem(s: &str) -> Option<String> {
    if let Some(run) = guid_shaped_runs(s).find(|r| !is_guid(r)) {
        return Some(format!("`{run}` is shaped like a GUID but is none"));
    }
    looks_like_datetime(s).then(|| untyped_datetime_problem(s)).flatten()
}
