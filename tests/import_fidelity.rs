//! Import schema fidelity (issue 12 §2) on `tests/fixtures/import/fidelity.yaml`: an OData
//! hierarchy whose base knows its derived types through an `@odata.type` discriminator (the
//! namespace comes from its mapping, not the title), a `oneOf` of those derived types
//! (documented as their base), a `oneOf` of unrelated object types (a union of their
//! properties), maps (`additionalProperties`), 3.0's `anyOf: [$ref, {type: object, nullable}]`
//! (a nullable reference) and a string-or-object `anyOf` (reported). The document's example
//! uses every one of them, so the imported project only checks clean when the schema kept
//! them. Broken YAML documents fail at file:line:col like JSON ones.

mod support;

use std::path::Path;
use support::{polydoc, repo_root, stderr};

fn import(root: &Path, doc: &Path) -> std::process::Output {
    polydoc(root, &["import", "openapi", doc.to_str().unwrap(), "--root", "."])
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn hierarchies_unions_and_maps_keep_their_types_and_the_example_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let done = import(dir.path(), &repo_root().join("tests/fixtures/import/fidelity.yaml"));
    assert!(done.status.success(), "{}", stderr(&done));
    let schema_file = dir.path().join("content/schema/contoso.chat.yaml");
    let schema = std::fs::read_to_string(&schema_file)
        .unwrap_or_else(|e| panic!("the namespace comes from the @odata.type mapping: {e}"));
    let parsed: serde_json::Value = serde_saphyr::from_str(&schema).unwrap();
    let types = &parsed["types"];
    let prop = |t: &str, p: &str| types[t]["properties"][p].clone();
    // oneOf of derived types: their base, which knows them (`base:` of each derived type).
    assert_eq!(prop("chat", "members")["type"], "Collection(conversationMember)", "{schema}");
    assert_eq!(types["anonymousMember"]["base"], "conversationMember");
    // oneOf of unrelated types: one type with every alternative's properties.
    let pet = prop("chat", "pet")["type"].as_str().unwrap().to_string();
    for p in ["petType", "meows", "barks"] {
        assert!(types[&pet]["properties"].get(p).is_some(), "`{pet}` lacks `{p}`: {schema}");
    }
    // Maps: the value type of keys beyond the properties.
    let labels = prop("chat", "labels")["type"].as_str().unwrap().to_string();
    assert_eq!(types[&labels]["additional_properties"], "String", "{schema}");
    assert_eq!(types["scoreMap"]["additional_properties"], "Int32", "{schema}");
    // anyOf [$ref, {type: object, nullable: true}]: a nullable reference, no extra type.
    assert_eq!(prop("chat", "owner")["type"], "aadUserMember");
    assert_eq!(prop("chat", "owner")["nullable"], true);
    // string or object: documented as the first, and the import says so.
    assert_eq!(prop("chat", "creator")["type"], "String");
    assert!(stderr(&done).contains("creator/anyOf"), "{}", stderr(&done));
    // The document's example (derived members, map keys, a dog) checks against the schema.
    let built = polydoc(dir.path(), &["build", "--strict", "--out", "public"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let checked = polydoc(dir.path(), &["check"]);
    assert!(
        stdout(&checked).contains("0 error(s), 0 warning(s)"),
        "{}{}",
        stdout(&checked),
        stderr(&checked)
    );
}

#[test]
fn a_map_checks_its_values_and_other_types_still_refuse_unknown_keys() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo_root().join("tests/fixtures/import/fidelity.yaml"))
        .unwrap()
        .replace("alice: 3", "alice: three")
        .replace("barks: true", "barks: true\n                wags: true");
    std::fs::write(dir.path().join("api.yaml"), text).unwrap();
    let done = import(dir.path(), &dir.path().join("api.yaml"));
    assert!(done.status.success(), "{}", stderr(&done));
    // The import does not copy a document example that does not fit its schema (here a map
    // value of the wrong type, found before the unknown key): it says so and generates one.
    assert!(
        stderr(&done)
            .contains("(`/scores/alice` is a string where the schema says Int32); a generated example is used"),
        "{}",
        stderr(&done)
    );
    // Planted in the project instead, `check` finds both defects.
    let fixture = repo_root().join("tests/fixtures/import/fidelity.yaml");
    assert!(import(dir.path(), &fixture).status.success());
    let spec = walkdir::WalkDir::new(dir.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("\"alice\": 3")))
        .expect("the imported example");
    let yaml = std::fs::read_to_string(&spec).unwrap();
    let planted = yaml.replacen("\"alice\": 3", "\"alice\": \"three\"", 1).replacen(
        "\"barks\": true",
        "\"barks\": true,\n              \"wags\": true",
        1,
    );
    assert_ne!(planted, yaml);
    std::fs::write(&spec, planted).unwrap();
    let checked = polydoc(dir.path(), &["check"]);
    let report = stdout(&checked);
    assert!(!checked.status.success(), "{report}");
    assert!(report.contains("/scores/alice"), "a map value of the wrong type: {report}");
    assert!(report.contains("`wags` is not a property"), "an unknown key: {report}");
}

/// Imports `yaml` and returns the error, which must name `api.yaml:line:col`.
fn broken(yaml: &str, line_col: &str, needle: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("api.yaml"), yaml).unwrap();
    let done = import(dir.path(), Path::new("api.yaml"));
    assert!(!done.status.success());
    let err = stderr(&done);
    assert!(err.contains(&format!("api.yaml:{line_col}")) && err.contains(needle), "{err}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "a failed import writes nothing");
}

#[test]
fn broken_yaml_documents_fail_at_file_line_and_column() {
    let head = "openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths:\n";
    // Syntax: an unclosed flow mapping.
    broken(
        &format!("{head}  /a:\n    get:\n      responses:\n        '200': {{ description: ok\n"),
        "7:",
        "invalid YAML",
    );
    // An unresolvable $ref, at the `$ref` value.
    broken(
        &format!("{head}  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Nope'\n"),
        "12:23",
        "unresolvable $ref",
    );
    // A duplicate operationId, at the second one; a path parameter not in the path.
    broken(
        &format!("{head}  /a:\n    get: {{ operationId: x, responses: {{ '204': {{ description: none }} }} }}\n  /b:\n    get:\n      operationId: x\n      responses: {{ '204': {{ description: none }} }}\n"),
        "8:20",
        "duplicate operationId",
    );
    broken(
        &format!("{head}  /a:\n    get:\n      parameters:\n        - name: id\n          in: path\n          required: true\n      responses: {{ '204': {{ description: none }} }}\n"),
        "7:11",
        "not in the path",
    );
}
