//! `spec-markup`: free-text fields of an operation spec (namespace, method, path, status,
//! header names and values, permission names) that look like markup. Pages show them escaped,
//! so they can do no harm there, but such text in a spec is a mistake or an attack and a
//! reviewer should see it.

use super::finding::{Finding, Place, Rule};
use crate::spec::Operation;

/// Why `text` looks like markup, if it does: an HTML tag or comment, template syntax or a
/// `javascript:`/`data:`/`vbscript:` URL.
pub fn markup_like(text: &str) -> Option<&'static str> {
    let b = text.as_bytes();
    let tag = b.windows(2).any(|w| {
        w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!' || w[1] == b'?')
    });
    if tag {
        return Some("an HTML tag");
    }
    if text.contains("{{") || text.contains("{%") || text.contains("{#") {
        return Some("template syntax");
    }
    // Anywhere in the value, not only at its start (`[x](javascript:y)`, `see JAVA SCRIPT:y`),
    // with whitespace and control characters removed and case folded, as browsers read schemes.
    let lower: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let anywhere = ["javascript:", "vbscript:"].iter().any(|s| lower.contains(s));
    if anywhere || lower.starts_with("data:") {
        return Some("a script URL");
    }
    None
}

/// Reports every markup-like free-text field of `op`.
pub fn check_operation(op: &Operation, out: &mut Vec<Finding>) {
    let spec = &op.spec;
    let mut fields: Vec<(String, &str)> =
        vec![("namespace".into(), &spec.namespace), ("path".into(), &spec.path)];
    for (i, r) in spec.responses().into_iter().enumerate() {
        fields.push((format!("responses[{i}].status"), &r.status.value));
        for h in &r.headers {
            fields.push((format!("responses[{i}].headers"), h));
        }
    }
    for (i, h) in spec.request_headers.iter().enumerate() {
        fields.push((format!("request_headers[{i}].name"), &h.name));
        fields.push((format!("request_headers[{i}].value"), &h.value));
    }
    let lists = [
        ("delegated_work", spec.permissions.delegated_work.all()),
        ("delegated_personal", spec.permissions.delegated_personal.all()),
        ("application", spec.permissions.application.all()),
    ];
    for (kind, list) in &lists {
        for (i, p) in list.iter().enumerate() {
            fields.push((format!("permissions.{kind}[{i}]"), p));
        }
    }
    for (field, value) in fields {
        let Some(what) = markup_like(value) else { continue };
        let place = locate(op, value);
        out.push(Finding::new(
            Rule::SpecMarkup,
            place,
            format!("spec field `{field}` contains {what}"),
            value,
            "spec fields are shown as text; remove the markup (pages never render it)",
        ));
    }
}

/// The place of `value` in the spec's source: the first line holding its start (YAML may
/// quote or escape it, so the first 12 characters are looked for); line 1 when not found.
fn locate<'a>(op: &'a Operation, value: &str) -> Place<'a> {
    let probe: String = value.chars().take(12).collect();
    let offset = op.source.find(&probe).or_else(|| op.source.find(probe.trim())).unwrap_or(0);
    Place::at_offset(&op.file, &op.source, offset)
}

#[cfg(test)]
mod tests {
    use super::markup_like;

    #[test]
    fn markup_is_recognised_and_plain_spec_text_is_not() {
        for plain in [
            "microsoft.graph",
            "/teams/{team-id}/channels",
            "Bearer {token}",
            "Chat.ReadWrite",
            "201 Created",
            "a < b",
            "x<3",
        ] {
            assert_eq!(markup_like(plain), None, "{plain}");
        }
        for bad in [
            "<img src=x>",
            "</script>",
            "<!-- x -->",
            "{{ 7 }}",
            "{% if %}",
            " JavaScript:alert(1)",
            "java\tscript:x",
            "data:text/html,x",
            "[x](javascript:alert(1))",
            "Chat.Create [y](JAVA SCRIPT:1)",
            "Bearer <vbscript:x",
        ] {
            assert!(markup_like(bad).is_some(), "{bad}");
        }
    }
}
