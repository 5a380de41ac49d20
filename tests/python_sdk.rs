//! Proof that the Python snippets run: every fixture request's Python snippet is executed with
//! the real `msgraph-sdk` (installed into `<repo>/.venv` by `scripts/setup-python-sdk.sh`, or the
//! interpreter named by `POLYDOC_PYTHON`) against a loopback server in
//! `tests/snippet_support/run_python_snippet.py`, and the request the SDK sends must match the HTTP
//! example: same method, same path, same JSON body. Key order is not compared, and neither are
//! `null` members: the SDK leaves out typed properties set to `None`. The query must carry the
//! same decoded name/value pairs (in any order) and every request header the example sets
//! (other than those the SDK writes itself) must be sent with its value. Paths compare after the
//! SDK's own spelling of casts (`graph.user`), bound operations and OData keys (see
//! `expected_path`). Numbers compare by value
//! (`0` and `0.0` are the same Double). Some SDK models (`Event`, `Attendee`) fill in their own
//! `@odata.type` (`#microsoft.graph.event`) by default: such a key that the example lacks is
//! dropped from what was sent before comparing.
//!
//! Without an interpreter the test fails under `CI=true` and otherwise prints a loud notice and
//! passes, so `cargo test` works on a machine that has not run the setup script.

mod snippet_support;
use snippet_support as support;

use support::sdk::Sdk;
use support::{expected_query, normalized, without_sdk_odata_types};

#[test]
fn python_snippets_send_the_example_requests_through_the_real_sdk() {
    if !support::sdk_present("python_sdk", Sdk::Python.missing()) {
        return;
    }
    let runs = support::runs("python");
    assert!(
        runs.len() >= 12 + 5,
        "expected the 5 seed requests, the extra cases and the shipped examples"
    );
    let codes: Vec<String> = runs.iter().map(|(_, _, code)| code.clone()).collect();
    let lines = Sdk::Python.run(&codes);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    support::assert_sent_exactly("python_sdk", "SDK", &runs, &lines, |r, s| {
        Sdk::Python.differences(r, s)
    });
}

#[test]
fn comparison_helpers() {
    let expected_path = |url: &str| support::kiota_path(url, "GET", false);
    assert_eq!(
        expected_path("https://graph.microsoft.com/v1.0/teams/{team-id}/channels?x=1"),
        "/v1.0/teams/team-id/channels"
    );
    assert_eq!(
        expected_path("/v1.0/groups/{id}/members/microsoft.graph.user/$count"),
        "/v1.0/groups/id/members/graph.user/$count"
    );
    assert_eq!(
        expected_path("/v1.0/users('a@b.c')/microsoft.graph.delta()"),
        "/v1.0/users/a@b.c/delta()"
    );
    assert_eq!(
        expected_path("/v1.0/reports/getOffice365ActiveUserDetail(period='D7')"),
        "/v1.0/reports/getOffice365ActiveUserDetail(period='D7')"
    );
    assert_eq!(
        support::kiota_path("/v1.0/groups/{id}/microsoft.graph.restore", "POST", false),
        "/v1.0/groups/id/restore"
    );
    assert_eq!(
        support::kiota_path(
            "/v1.0/security/cases/ediscoveryCases/{id}/microsoft.graph.security.close",
            "POST",
            false
        ),
        "/v1.0/security/cases/ediscoveryCases/id/microsoft.graph.security.close"
    );
    assert_eq!(
        expected_query("/x?$select=id,displayName&$search=%22a%20b%22"),
        vec![
            ("$search".to_string(), "\"a b\"".to_string()),
            ("$select".into(), "id,displayName".into())
        ]
    );
    let a = serde_json::json!({"a": 0, "b": null, "c": [{"d": null, "e": 1.5}]});
    let b = serde_json::json!({"c": [{"e": 1.5}], "a": 0.0});
    assert_eq!(normalized(&a), normalized(&b));
    assert_ne!(normalized(&a), normalized(&serde_json::json!({"a": 1})));
    let sent = serde_json::json!({"@odata.type": "#microsoft.graph.event", "x": [{"@odata.type": "#microsoft.graph.attendee"}]});
    let example = serde_json::json!({"x": [{}]});
    assert_eq!(without_sdk_odata_types(&sent, &example), example);
    let example = serde_json::json!({"@odata.type": "#microsoft.graph.other", "x": [{}]});
    assert_ne!(without_sdk_odata_types(&sent, &example), example);
}

/// The pinned msgraph-sdk's own files, walked: every request-builder, model and enum class
/// lives in the module polydoc's Python spelling gives it (Kiota snake case), every model
/// property's attribute is polydoc's spelling of its JSON key, and every enum member polydoc's
/// spelling of its value. A differential test of `names::snake`, `names::upper_first` and
/// `python::enum_member` against what the SDK's generator wrote.
#[test]
fn python_names_are_spelled_as_the_pinned_sdk_spells_them() {
    if !support::sdk_present("python_sdk names", Sdk::Python.missing()) {
        return;
    }
    let python = support::sdk::python().expect("python");
    let out = std::process::Command::new(python)
        .args(["-c", "import msgraph, os; print(os.path.dirname(msgraph.__file__))"])
        .output()
        .expect("python runs");
    let root = std::path::PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let mut counts = [0usize; 3];
    let mut wrong = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("generated")).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "py") || path.ends_with("__init__.py") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        check_python_file(&stem, &text, &mut counts, &mut wrong);
    }
    eprintln!(
        "python names: {} classes, {} properties, {} enum members checked",
        counts[0], counts[1], counts[2]
    );
    assert!(counts.iter().all(|&c| c > 1000), "the SDK was walked: {counts:?}");
    assert!(wrong.is_empty(), "{} misspelled:\n{}", wrong.len(), wrong.join("\n"));
}

/// Checks one module of the SDK (see the test above).
fn check_python_file(stem: &str, text: &str, counts: &mut [usize; 3], wrong: &mut Vec<String>) {
    use polydoc::snippet::names::snake;
    use polydoc::snippet::python::{enum_member, identifier};
    let mut in_enum = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("class ") {
            let (class, bases) = rest.split_once('(').unwrap_or((rest, ""));
            in_enum = bases.starts_with("str, Enum");
            let kiota =
                ["BaseRequestBuilder", "Parsable", "Enum"].iter().any(|b| bases.contains(b));
            if kiota {
                counts[0] += 1;
                // A reserved name keeps its `_` in the module (`List_` in `list_`).
                let module = match class.strip_suffix('_') {
                    Some(unescaped) => format!("{}_", snake(unescaped)),
                    None => snake(class),
                };
                if module != stem {
                    wrong
                        .push(format!("class {class} in module {stem}, polydoc: {}", snake(class)));
                }
            }
        } else if let Some((key, attr)) = property_mapping(line) {
            counts[1] += 1;
            // Kiota renames a property that would collide with `additional_data`.
            if identifier(&snake(key)) != attr && attr != format!("{}_property", snake(key)) {
                wrong.push(format!("property {key} is `{attr}`, polydoc: {}", snake(key)));
            }
        } else if let Some((member, value)) = in_enum.then(|| enum_line(line)).flatten() {
            counts[2] += 1;
            if enum_member(value) != member {
                wrong.push(format!(
                    "enum value {value} is `{member}`, polydoc: {}",
                    enum_member(value)
                ));
            }
        }
    }
}

/// `"jsonKey": lambda n : setattr(self, 'attr', ...)` -> (`jsonKey`, `attr`).
fn property_mapping(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = line.trim().strip_prefix('"')?.split_once("\": lambda n")?;
    let attr = rest.split_once("setattr(self, '")?.1.split('\'').next()?;
    Some((key, attr))
}

/// `    Member = "value",` (inside an enum class) -> (`Member`, `value`).
fn enum_line(line: &str) -> Option<(&str, &str)> {
    let (member, value) = line.strip_prefix("    ")?.split_once(" = \"")?;
    let value = value.trim_end_matches(',').strip_suffix('"')?;
    (!member.contains(' ')).then_some((member, value))
}
