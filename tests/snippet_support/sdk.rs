//! The three runnable SDKs as one batch runner each: where each is installed, running many
//! snippets in one process (one Python interpreter, one Node process, one `javac` and one JVM
//! per batch), the comparison of what was sent with the example request, and the one
//! classification of a failure as "the pinned SDK lacks this request builder" that is allowed:
//! it is detected from the SDK's own files (its generated packages and classes), never
//! guessed.

use super::{expected_query, kiota_path, normalized, run_to_end, without_sdk_odata_types};
use polydoc::snippet::query::RequestConfig;
use polydoc::spec::HttpRequest;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A runnable SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sdk {
    /// `msgraph-sdk` (PyPI) in `.venv`.
    Python,
    /// `@microsoft/microsoft-graph-client` 3.0.7 (npm) in `tests/js_sdk`.
    JavaScript,
    /// `com.microsoft.graph:microsoft-graph` 6.x (Maven Central) in `tests/java_sdk/lib`.
    Java,
}

/// Snippets per process (Python, Node) or per `javac` run (Java).
pub const BATCH: usize = 1500;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

impl Sdk {
    /// `python`, `javascript`, `java`: the snippet language id.
    pub fn lang(self) -> &'static str {
        match self {
            Sdk::Python => "python",
            Sdk::JavaScript => "javascript",
            Sdk::Java => "java",
        }
    }

    /// The SDK of a snippet language id.
    pub fn of(lang: &str) -> Option<Sdk> {
        [Sdk::Python, Sdk::JavaScript, Sdk::Java].into_iter().find(|s| s.lang() == lang)
    }

    /// Why this SDK cannot run here, if it cannot.
    pub fn missing(self) -> Option<String> {
        match self {
            Sdk::Python => python().is_none().then(|| "no Python with msgraph-sdk: set POLYDOC_PYTHON or run scripts/setup-python-sdk.sh to create .venv".to_string()),
            Sdk::JavaScript => {
                let package = root().join("tests/js_sdk/node_modules/@microsoft/microsoft-graph-client/package.json");
                let text = std::fs::read_to_string(&package).unwrap_or_default();
                if !text.contains("\"version\": \"3.0.7\"") {
                    return Some("tests/js_sdk lacks @microsoft/microsoft-graph-client 3.0.7: run scripts/setup-js-sdk.sh".into());
                }
                tool_missing("node", "--version", "scripts/setup-js-sdk.sh")
            }
            Sdk::Java => {
                if java_sdk_jar().is_none() {
                    return Some("tests/java_sdk/lib lacks microsoft-graph 6.x: run scripts/setup-java-sdk.sh".into());
                }
                tool_missing("javac", "-version", "scripts/setup-java-sdk.sh")
                    .or_else(|| tool_missing("java", "-version", "scripts/setup-java-sdk.sh"))
            }
        }
    }

    /// Runs every snippet of `codes` (in batches of [`BATCH`]); one JSON line each, in order:
    /// the captured request or `{"error": ...}` (a compile error for Java, what the SDK threw
    /// otherwise).
    pub fn run(self, codes: &[String]) -> Vec<String> {
        codes.chunks(BATCH).flat_map(|batch| self.run_batch(batch)).collect()
    }

    fn run_batch(self, codes: &[String]) -> Vec<String> {
        // POLYDOC_SNIPPET_DIR keeps the snippet files there, to rerun a runner by hand.
        let temp = tempfile::tempdir().unwrap();
        let kept = std::env::var_os("POLYDOC_SNIPPET_DIR").map(PathBuf::from);
        let dir = kept.as_deref().unwrap_or(temp.path());
        std::fs::create_dir_all(dir).unwrap();
        let timeout = Duration::from_secs(120 + codes.len() as u64);
        match self {
            Sdk::Python | Sdk::JavaScript => {
                let ext = if self == Sdk::Python { "py" } else { "js" };
                let files: Vec<PathBuf> = codes
                    .iter()
                    .enumerate()
                    .map(|(i, code)| {
                        let file = dir.join(format!("s{i}.{ext}"));
                        std::fs::write(&file, code).unwrap();
                        file
                    })
                    .collect();
                let mut cmd = if self == Sdk::Python {
                    let mut c = Command::new(python().expect("checked by missing()"));
                    c.arg(root().join("tests/snippet_support/run_python_snippet.py"));
                    c
                } else {
                    let mut c = Command::new("node");
                    c.arg(root().join("tests/js_sdk/run_js_snippet.mjs"))
                        .current_dir(root().join("tests/js_sdk"));
                    c
                };
                cmd.args(&files);
                let out = run_to_end(cmd, &format!("the {} snippet runner", self.lang()), timeout);
                out.lines().map(str::to_string).collect()
            }
            Sdk::Java => run_java(dir, codes, timeout),
        }
    }

    /// Differences between what was `sent` and the example `request`, empty when it was sent
    /// exactly. Paths compare in the SDK's spelling (Kiota URL templates for Python and Java;
    /// the JavaScript client sends the path as written), bodies without the `null` members the
    /// Kiota SDKs leave out and without a default `@odata.type` they add.
    pub fn differences(self, request: &HttpRequest, sent: &Value) -> Vec<String> {
        let mut out = Vec::new();
        if sent["method"] != request.method.as_str() {
            out.push(format!("method {} instead of {}", sent["method"], request.method));
        }
        let path = match self {
            Sdk::JavaScript => js_path(&request.url),
            Sdk::Python => kiota_path(&request.url, &request.method, false),
            Sdk::Java => kiota_path(&request.url, &request.method, true),
        };
        let sent_path = sent["path"].as_str().unwrap_or_default();
        // msgraph-sdk 1.65.0 drops the commas between a function's arguments although its URL
        // template has them (get_activities_by_interval_with_..._request_builder.py:
        // `getActivitiesByInterval(startDateTime='{startDateTime}',endDateTime=...`).
        let python_commas = self == Sdk::Python && sent_path == without_argument_commas(&path);
        if sent_path != path && !python_commas {
            out.push(format!("path {} instead of {path}", sent["path"]));
        }
        let mut query: Vec<(String, String)> =
            serde_json::from_value(sent["query"].clone()).unwrap_or_default();
        if self != Sdk::JavaScript {
            // The pinned SDK's URL template may require a query parameter the document does
            // not declare (`instances/delta()?endDateTime={endDateTime}&startDateTime=...` in
            // msgraph-sdk 1.65.0 and microsoft-graph 6.20.0); unset, it is sent empty.
            let named = expected_query(&request.url);
            query.retain(|(k, v)| !v.is_empty() || named.iter().any(|(n, _)| n == k));
        }
        query.sort();
        if query != expected_query(&request.url) {
            out.push(format!("query {query:?} instead of {:?}", expected_query(&request.url)));
        }
        for (name, value) in RequestConfig::of(request).headers {
            let got = &sent["headers"][name.to_ascii_lowercase()];
            if got != value.as_str() {
                out.push(format!("header {name}: {got} instead of {value}"));
            }
        }
        let (body, expected) = match self {
            Sdk::JavaScript => (
                numbers_as_f64(&sent["body"]),
                request.body.as_ref().map(numbers_as_f64).unwrap_or(Value::Null),
            ),
            _ => {
                let expected = request.body.as_ref().map(normalized).unwrap_or(Value::Null);
                (normalized(&without_sdk_odata_types(&sent["body"], &expected)), expected)
            }
        };
        if body != expected {
            out.push(format!("body {} instead of {expected}", sent["body"]));
        }
        out
    }
}

/// `path` without the commas inside parentheses (`f(a='x',b=1)` -> `f(a='x'b=1)`).
fn without_argument_commas(path: &str) -> String {
    let mut depth = 0;
    path.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth > 0 => return false,
                _ => {}
            }
            true
        })
        .collect()
}

fn tool_missing(tool: &str, arg: &str, script: &str) -> Option<String> {
    let ok = Command::new(tool).arg(arg).output().is_ok_and(|o| o.status.success());
    (!ok).then(|| format!("no `{tool}` on PATH: run {script}"))
}

/// The interpreter with msgraph-sdk, if there is one.
pub fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("POLYDOC_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let venv = root().join(".venv/bin/python");
    venv.exists().then_some(venv)
}

/// `tests/java_sdk/lib/microsoft-graph-6.*.jar`, if resolved.
pub fn java_sdk_jar() -> Option<PathBuf> {
    std::fs::read_dir(root().join("tests/java_sdk/lib")).ok()?.flatten().map(|e| e.path()).find(
        |p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
            name.starts_with("microsoft-graph-6.") && name.ends_with(".jar")
        },
    )
}

/// The path the JavaScript client requests: the URL's path as written, without the query.
pub fn js_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    path.split('?').next().unwrap_or(path).to_string()
}

/// A JSON value with every number as f64 (`2` and `2.0` are the same after `JSON.parse`);
/// nulls are kept: the JavaScript client sends them.
pub fn numbers_as_f64(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), numbers_as_f64(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_f64).collect()),
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        other => other.clone(),
    }
}

/// What every Java snippet class imports (what Learn's Java snippets assume).
const JAVA_IMPORTS: &str = "import com.microsoft.graph.models.*;\nimport com.microsoft.graph.serviceclient.GraphServiceClient;\nimport com.microsoft.kiota.PeriodAndDuration;\nimport com.microsoft.kiota.RequestAdapter;\nimport com.microsoft.kiota.serialization.*;\nimport java.util.ArrayList;\nimport java.util.Base64;\nimport java.util.EnumSet;\nimport java.util.HashMap;\nimport java.util.LinkedList;\nimport java.util.UUID;\nimport java.time.*;\n";

/// Compiles `codes` as classes `S0`, `S1`... with one `javac` (a file that does not compile is
/// reported with its errors and the rest compiled again without it), then runs them in one JVM.
fn run_java(dir: &Path, codes: &[String], timeout: Duration) -> Vec<String> {
    let java_dir = root().join("tests/java_sdk");
    let classpath = format!("{}/*", java_dir.join("lib").display());
    let mut errors: Vec<Option<String>> = vec![None; codes.len()];
    let files: Vec<PathBuf> = codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let text = format!("{JAVA_IMPORTS}public class S{i} {{\npublic static void run(RequestAdapter requestAdapter) throws Exception {{\n{code}}}\n}}\n");
            let file = dir.join(format!("S{i}.java"));
            std::fs::write(&file, text).unwrap();
            file
        })
        .collect();
    loop {
        let pending: Vec<usize> = (0..codes.len()).filter(|&i| errors[i].is_none()).collect();
        let mut javac = Command::new("javac");
        javac.args([
            "-nowarn",
            "-encoding",
            "UTF-8",
            "-Xmaxerrs",
            "100000",
            "-cp",
            &classpath,
            "-d",
        ]);
        javac.arg(dir).arg(java_dir.join("Runner.java"));
        javac.args(pending.iter().map(|&i| &files[i]));
        let out = javac.output().expect("javac runs");
        if out.status.success() {
            break;
        }
        let text = String::from_utf8_lossy(&out.stderr).into_owned();
        let failed = java_errors(&text, dir);
        assert!(!failed.is_empty(), "javac failed without a located error:\n{text}");
        for (i, message) in failed {
            let slot = &mut errors[i];
            slot.get_or_insert_with(String::new).push_str(&message);
        }
    }
    let runnable: Vec<usize> = (0..codes.len()).filter(|&i| errors[i].is_none()).collect();
    let mut lines = std::collections::BTreeMap::new();
    if !runnable.is_empty() {
        let mut java = Command::new("java");
        java.arg("-cp").arg(format!("{classpath}:{}", dir.display())).arg("Runner");
        java.args(runnable.iter().map(|i| format!("S{i}")));
        let out = run_to_end(java, "the Java snippet runner", timeout);
        for (i, line) in runnable.iter().zip(out.lines()) {
            lines.insert(*i, line.to_string());
        }
    }
    (0..codes.len())
        .map(|i| match &errors[i] {
            Some(e) => serde_json::json!({ "error": format!("javac: {e}") }).to_string(),
            None => lines.remove(&i).unwrap_or_else(|| "{\"error\": \"no output\"}".into()),
        })
        .collect()
}

/// The snippet index and message of each `S<i>.java:<line>: error: ...` block of javac's output.
fn java_errors(text: &str, dir: &Path) -> Vec<(usize, String)> {
    let prefix = format!("{}/S", dir.display());
    let mut out: Vec<(usize, String)> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(&prefix) {
            if let Some((num, msg)) = rest.split_once(".java:") {
                if let Ok(i) = num.parse::<usize>() {
                    out.push((i, format!("{msg}\n")));
                    continue;
                }
            }
        }
        if let Some(last) = out.last_mut() {
            if line.trim_start().starts_with("symbol:")
                || line.trim_start().starts_with("location:")
            {
                last.1.push_str(line.trim());
                last.1.push('\n');
            }
        }
    }
    out
}

/// Why `error` (what a runner reported) means the pinned SDK lacks the request builder, if it
/// does: the SDK has no request builder for the step, checked against its own files.
pub fn sdk_lacks(
    sdk: Sdk,
    request: &HttpRequest,
    error: &str,
    catalog: &SdkCatalog,
) -> Option<String> {
    match sdk {
        Sdk::Python => {
            if let Some(module) =
                error.strip_prefix("ModuleNotFoundError: No module named 'msgraph.generated.")
            {
                return catalog.lacks_module(module.trim_end_matches('\''));
            }
            // AttributeError: 'XRequestBuilder' object has no attribute 'y' [in a.b.x_request_builder]
            let rest = error.strip_prefix("AttributeError: '")?;
            let (class, rest) = rest.split_once("' object has no attribute '")?;
            let (attr, module) = rest.split_once("' [in ")?;
            if let Some(package) = module.strip_prefix("msgraph.generated.") {
                let package = package.trim_end_matches(']');
                if HTTP_METHODS.contains(&attr) {
                    return catalog.lacks_method(package, attr);
                }
                let package = package.rsplit_once('.').map_or("", |(p, _)| p);
                let member = if attr.starts_with("by_") { "item" } else { attr };
                return catalog.lacks_module(format!("{package}.{member}").trim_start_matches('.'));
            }
            (class.ends_with("RequestBuilder") || class == "GraphServiceClient").then_some(())?;
            catalog.lacks(class, attr)
        }
        Sdk::Java => {
            // error: package com.microsoft.graph.a.b does not exist (an action body's package)
            if let Some(package) = error
                .lines()
                .find_map(|l| l.split("error: package ").nth(1)?.strip_suffix(" does not exist"))
            {
                // The deepest package that exists and its missing child.
                let mut path = package.replace('.', "/");
                while let Some((parent, child)) = path.rsplit_once('/') {
                    if catalog.packages.contains_key(parent) {
                        return catalog.lacks_in_package(parent, child);
                    }
                    path = parent.to_string();
                }
                return None;
            }
            // javac: ...error: cannot find symbol / symbol: method y() / location: class X
            let symbol = error.lines().find_map(|l| l.strip_prefix("symbol:"))?.trim();
            let method = symbol.strip_prefix("method ")?.split('(').next()?;
            let location = error.lines().find_map(|l| l.strip_prefix("location:"))?.trim();
            // `location: class a.b.XRequestBuilder` or `variable graphClient of type GraphServiceClient`
            let class = location.rsplit([' ', '.']).next()?;
            let builder = class.ends_with("RequestBuilder") || class == "GraphServiceClient";
            (error.matches("error:").count() == 1 && builder).then_some(())?;
            if HTTP_METHODS.contains(&method) {
                // The compiler's word: the builder exists but offers no such request.
                return Some(format!("{class} has no {method}() in the pinned SDK"));
            }
            match java_builder_package(request, method) {
                Some(package) => catalog.lacks_in_package(&package, method),
                None => catalog.lacks(class, method),
            }
        }
        Sdk::JavaScript => None,
    }
}

/// Why the pinned SDK has the operation, but not in the shape the document gives it, read off
/// the SDK's own complaint (it was generated from newer Graph metadata than the document):
/// - a stream upload whose SDK method requires a content type argument (msgraph-sdk's
///   `BannerLogoRequestBuilder.put(body, content_type, ...)`; Java `put(InputStream, String)`),
///   where the document gives the body one media type, `application/octet-stream`, as it gives
///   every stream the SDK uploads without one (`/me/photo/$value`);
/// - an enum the SDK types as flags (Java `EnumSet<PurgeAreas>`, CSDL `IsFlags="true"`) that
///   the document does not mark as flags (no `x-ms-enum-flags`), so one member is all a
///   schema-valid example can hold.
pub fn sdk_shape_differs(sdk: Sdk, request: &HttpRequest, error: &str) -> Option<String> {
    let stream = request.body.is_none() && !request.method.eq_ignore_ascii_case("GET");
    let content_type = match sdk {
        Sdk::Python => error.contains("missing 1 required positional argument: 'content_type'"),
        Sdk::Java => error.contains("no suitable method found for put(ByteArrayInputStream)"),
        Sdk::JavaScript => false,
    };
    if stream && content_type {
        return Some(
            "the pinned SDK's upload takes a content type argument the document's \
             application/octet-stream stream does not call for"
                .into(),
        );
    }
    let differs = match sdk {
        Sdk::Python => python_shape_differs(request, error),
        Sdk::Java => java_shape_differs(request, error),
        Sdk::JavaScript => None,
    };
    if differs.is_some() {
        return differs;
    }
    let flags = error.lines().find_map(|l| {
        let (_, rest) = l.split_once("incompatible types: ")?;
        let (single, set) = rest.split_once(" cannot be converted to EnumSet<")?;
        (set.trim_end_matches('>') == single).then_some(single)
    });
    flags.filter(|_| sdk == Sdk::Java).map(|e| {
        format!(
            "the pinned SDK types enum {e} as flags (EnumSet); the document does not mark it \
             as flags (no x-ms-enum-flags)"
        )
    })
}

/// Python's word for the shape differences of [`sdk_shape_differs`]: a model without a property
/// the document gives its type (`CloudCommunications.__init__() got an unexpected keyword
/// argument 'id'`: the SDK's type no longer derives from `entity`), and an action whose SDK
/// method requires a body the document's action has no parameters for
/// (`UpgradeRequestBuilder.post() missing 1 required positional argument: 'body'`).
fn python_shape_differs(request: &HttpRequest, error: &str) -> Option<String> {
    if let Some((class, rest)) = error
        .strip_prefix("TypeError: ")
        .and_then(|e| e.split_once(".__init__() got an unexpected keyword argument '"))
    {
        let property = rest.trim_end_matches('\'');
        return Some(format!("the pinned SDK's model {class} has no property {property}"));
    }
    // `cannot import name 'IdentityGovernance' from 'msgraph.generated.models.identity_governance'
    // (unknown location)`: the SDK's metadata has a namespace of that name (newer than the
    // document, which has no type in it), so the model moved into the namespace's package.
    if let Some(rest) = error.strip_prefix("ImportError: cannot import name '") {
        let (class, module) = rest.split_once("' from '")?;
        let module = module.strip_suffix("' (unknown location)")?;
        return module.starts_with("msgraph.generated.models.").then(|| {
            format!("the pinned SDK's {module} is a namespace package; its model {class} lives inside it")
        });
    }
    let missing_body = error.starts_with("TypeError: ")
        && error.ends_with(".post() missing 1 required positional argument: 'body'");
    (missing_body && request.body.is_none()).then(|| {
        "the pinned SDK's action requires parameters the document's action does not have".into()
    })
}

/// A collection with both `$count` and a bound function `count()` (the workbook's tables,
/// rows, columns, charts): Kiota gives the one `count` step to the function, so the SDK sends
/// `count()` and has no way to `$count` there.
fn count_function_shadows(diffs: &[String]) -> Option<String> {
    let [diff] = diffs else { return None };
    let (sent, expected) = diff.strip_prefix("path \"")?.split_once("\" instead of ")?;
    let shadowed = sent.strip_suffix("/count()")? == expected.strip_suffix("/$count")?;
    shadowed.then(|| {
        "the pinned SDK's `count` step here is the function count(); it has no $count builder"
            .into()
    })
}

/// Java's word for the shape differences of [`sdk_shape_differs`]: a model without a setter for
/// a property the document gives its type (`cannot find symbol: method setId(String)`,
/// `location: variable ... of type CloudCommunications`), a model or request builder typed
/// otherwise than the document types it (`incompatible types: OfficeGraphInsights cannot be
/// converted to ItemInsights`, both models), and an action whose SDK method requires the body
/// (parameters) the document's action does not have (`post(null)` throws
/// `NullPointerException`).
fn java_shape_differs(request: &HttpRequest, error: &str) -> Option<String> {
    let single_error = error.matches("error:").count() == 1;
    if let Some(setter) = error.lines().find_map(|l| l.trim().strip_prefix("symbol:")) {
        let setter = setter.trim().strip_prefix("method set")?.split('(').next()?;
        let location = error.lines().find_map(|l| l.trim().strip_prefix("location:"))?;
        let model = location.rsplit_once(" of type ")?.1.trim();
        return single_error.then(|| {
            format!("the pinned SDK's model {model} has no property {}", decapitalize(setter))
        });
    }
    if let Some(rest) = error.lines().find_map(|l| l.split("incompatible types: ").nth(1)) {
        let (from, to) = rest.split_once(" cannot be converted to ")?;
        let models = [from, to].iter().all(|t| is_model_type(t));
        return (single_error && models)
            .then(|| format!("the pinned SDK takes {to} where the document gives {from}"));
    }
    let npe = error.trim() == "java.lang.NullPointerException";
    let bodiless_post = request.method.eq_ignore_ascii_case("POST") && request.body.is_none();
    (npe && bodiless_post).then(|| {
        "the pinned SDK's action requires parameters the document's action does not have".into()
    })
}

/// A model class (or a collection of one) of the Java SDK, not a Java or Kiota value type.
fn is_model_type(t: &str) -> bool {
    let inner = t.split_once('<').map_or(t, |(_, rest)| rest.trim_end_matches('>'));
    let class = inner.rsplit('.').next().unwrap_or(inner);
    let values = [
        "String",
        "Integer",
        "Long",
        "Double",
        "Float",
        "Boolean",
        "OffsetDateTime",
        "LocalDate",
        "LocalTime",
        "UUID",
        "byte[]",
        "PeriodAndDuration",
        "Object",
        "UntypedNode",
        "EnumSet",
    ];
    class.starts_with(char::is_uppercase) && !values.contains(&class) && !t.starts_with("EnumSet")
}

/// `Id` -> `id`.
fn decapitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or(String::new(), |c| c.to_lowercase().chain(chars).collect())
}

/// HTTP methods as the SDKs' request builders name them.
const HTTP_METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The Java package (`com/microsoft/graph/users/item/calendarview`) of the request builder on
/// which the snippet for `request` calls `method`: the packages of the chain's steps before it.
fn java_builder_package(request: &HttpRequest, method: &str) -> Option<String> {
    use polydoc::snippet::path::{me_as_user_item, RequestChain};
    let chain = RequestChain::of(request);
    let call = format!(".{method}(");
    let end = (1..=chain.segments.len()).find(|&i| {
        let prefix = RequestChain { segments: chain.segments[..i].to_vec() };
        prefix.java().rfind(&call).is_some_and(|at| !prefix.java()[at + 1..].contains('.'))
    })?;
    let words = RequestChain { segments: chain.segments[..end - 1].to_vec() }.namespace_words();
    let words: Vec<String> =
        me_as_user_item(&words).iter().map(|w| polydoc::snippet::java::package_word(w)).collect();
    Some(
        std::iter::once("com/microsoft/graph".to_string())
            .chain(words)
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// The request-builder classes of an SDK and the steps each offers (from its files).
pub struct SdkCatalog {
    /// Java: (package path, normalized sub-package names).
    packages: std::collections::BTreeMap<String, BTreeSet<String>>,
    /// (builder class, normalized child step names).
    builders: std::collections::BTreeMap<String, BTreeSet<String>>,
    /// `msgraph/generated` of the Python SDK.
    python_root: Option<PathBuf>,
}

/// A step name without case and separators (`by_user_id`, `byUserId` -> `byuserid`).
fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

impl SdkCatalog {
    /// Why `class` lacks the step `member`: no child of the builder has its name or starts with
    /// it (a function `fWithA` is the child `f_with_a`), and for a key (`by...Id`) there is no
    /// `item` child. `None` when the builder has a matching child (then the snippet is wrong).
    fn lacks(&self, class: &str, member: &str) -> Option<String> {
        let children = self.builders.get(class)?;
        let wanted = norm(member);
        let stem = wanted.split("with").next().unwrap_or(&wanted).to_string();
        let similar = children.iter().any(|c| {
            c == &wanted || c.starts_with(&stem) || (wanted.starts_with("by") && c == "item")
        });
        (!similar).then(|| format!("{class} has no request builder `{member}` in the pinned SDK"))
    }

    /// Why the Java package `package` (`com/microsoft/graph/users/item/calendarview`) has no
    /// request-builder method `member`: no sub-package like it (`item` for a `by...` key).
    fn lacks_in_package(&self, package: &str, member: &str) -> Option<String> {
        let children = self.packages.get(package)?;
        let wanted = if member.starts_with("by") { "item".to_string() } else { norm(member) };
        let stem = wanted.split("with").next().unwrap_or(&wanted).to_string();
        let similar = children.iter().any(|c| c == &wanted || c.starts_with(&stem));
        (!similar).then(|| {
            format!(
                "{} has no request builder `{member}` in the pinned SDK",
                package.replace('/', ".")
            )
        })
    }

    /// Why the request-builder module `a.b.c` (under `msgraph.generated`, not a model) is
    /// missing: its deepest existing package has no child folder like the next part.
    fn lacks_module(&self, module: &str) -> Option<String> {
        let root = self.python_root.as_ref()?;
        let parts: Vec<&str> = module.split('.').collect();
        if parts.first() == Some(&"models") {
            // A model the SDK does not have: neither a module nor a package of that name.
            let path = root.join(parts.join("/"));
            let missing = !path.with_extension("py").exists() && !path.is_dir();
            return missing
                .then(|| format!("the pinned SDK has no model msgraph.generated.{module}"));
        }
        let mut dir = root.clone();
        for part in &parts {
            if !dir.join(part).is_dir() {
                let wanted = norm(part);
                let stem = wanted.split("with").next().unwrap_or(&wanted).to_string();
                let similar = std::fs::read_dir(&dir).ok()?.flatten().any(|e| {
                    let child = norm(&e.file_name().to_string_lossy());
                    e.path().is_dir() && (child == wanted || child.starts_with(&stem))
                });
                return (!similar).then(|| {
                    format!("msgraph.generated.{module}: the pinned SDK has no `{part}` request builder there")
                });
            }
            dir = dir.join(part);
        }
        None
    }

    /// Why the request-builder module `module` (`a.b.x_request_builder`) has no `method`: its
    /// file defines no `async def method(`.
    fn lacks_method(&self, module: &str, method: &str) -> Option<String> {
        let file = self.python_root.as_ref()?.join(module.replace('.', "/")).with_extension("py");
        let text = std::fs::read_to_string(&file).ok()?;
        (!text.contains(&format!("async def {method}(")))
            .then(|| format!("msgraph.generated.{module} has no {method} in the pinned SDK"))
    }

    /// The Python SDK's builders: each `*_request_builder.py` under `msgraph/generated`, whose
    /// children are the sibling folders of its module.
    pub fn python() -> SdkCatalog {
        let out = Command::new(python().expect("python"))
            .args(["-c", "import msgraph, os; print(os.path.dirname(msgraph.__file__))"])
            .output()
            .expect("python runs");
        let base = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("generated");
        let mut builders = std::collections::BTreeMap::new();
        for entry in walkdir::WalkDir::new(&base).into_iter().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix("_request_builder.py") else { continue };
            let class = format!("{}RequestBuilder", pascal_of_snake(stem));
            let dir = entry.path().parent().unwrap();
            let children: BTreeSet<String> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| norm(&e.file_name().to_string_lossy()))
                .collect();
            builders.entry(class).or_insert_with(BTreeSet::new).extend(children);
        }
        let top = std::fs::read_dir(&base).into_iter().flatten().flatten();
        let top: BTreeSet<String> = top
            .filter(|e| e.path().is_dir())
            .map(|e| norm(&e.file_name().to_string_lossy()))
            .collect();
        builders.insert("GraphServiceClient".to_string(), top);
        SdkCatalog { builders, python_root: Some(base), packages: Default::default() }
    }

    /// The Java SDK's builders: each `*RequestBuilder.class` of the jar, whose children are
    /// the sub-packages of its package.
    pub fn java() -> SdkCatalog {
        let jar = java_sdk_jar().expect("java sdk");
        let out = Command::new("jar").arg("tf").arg(&jar).output().expect("jar runs");
        let listing = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut packages: std::collections::BTreeMap<&str, BTreeSet<String>> = Default::default();
        for entry in listing.lines().filter(|e| e.ends_with('/')) {
            let dir = entry.trim_end_matches('/');
            // Every package is known, a leaf (no sub-package) too: a step missing below a leaf
            // is as lacking as one missing beside siblings.
            packages.entry(dir).or_default();
            if let Some((parent, child)) = dir.rsplit_once('/') {
                packages.entry(parent).or_default().insert(norm(child));
            }
        }
        let mut builders = std::collections::BTreeMap::new();
        for entry in listing.lines() {
            let Some(class_file) = entry.strip_suffix("RequestBuilder.class") else { continue };
            let (package, class) = class_file.rsplit_once('/').unwrap_or(("", class_file));
            let children = packages.get(package).cloned().unwrap_or_default();
            builders
                .entry(format!("{class}RequestBuilder"))
                .or_insert_with(BTreeSet::new)
                .extend(children);
        }
        let top = packages.get("com/microsoft/graph").cloned().unwrap_or_default();
        builders.insert("GraphServiceClient".to_string(), top);
        let packages = packages.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        SdkCatalog { builders, python_root: None, packages }
    }
}

fn pascal_of_snake(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| f.to_ascii_uppercase().to_string() + c.as_str())
        })
        .collect()
}

/// What running a set of snippets proved.
#[derive(Default)]
pub struct Verdicts {
    /// Requests sent exactly.
    pub exact: usize,
    /// `id: reason` of each operation the pinned SDK lacks (detected from its files).
    pub lacks: Vec<String>,
    /// `id: differences` and the snippet of each other failure.
    pub failed: Vec<String>,
}

/// Judges what `sdk` sent for each `(id, request, snippet)` of `runs` (one runner line each).
pub fn judge(sdk: Sdk, runs: &[(&str, &HttpRequest, &str)], lines: &[String]) -> Verdicts {
    assert_eq!(lines.len(), runs.len(), "one runner line per snippet");
    let catalog = match sdk {
        Sdk::Python => Some(SdkCatalog::python()),
        Sdk::Java => Some(SdkCatalog::java()),
        Sdk::JavaScript => None,
    };
    let mut v = Verdicts::default();
    for ((id, request, code), line) in runs.iter().zip(lines) {
        let sent: Value = serde_json::from_str(line).unwrap_or_default();
        let diffs = match sent.get("error").and_then(Value::as_str) {
            Some(error) => {
                if let Some(reason) = catalog
                    .as_ref()
                    .and_then(|c| sdk_lacks(sdk, request, error, c))
                    .or_else(|| sdk_shape_differs(sdk, request, error))
                {
                    v.lacks.push(format!("{id}: {reason} ({} {})", request.method, request.url));
                    continue;
                }
                vec![format!("error: {error}")]
            }
            None => {
                let diffs = sdk.differences(request, &sent);
                if let Some(reason) = count_function_shadows(&diffs) {
                    v.lacks.push(format!("{id}: {reason} ({} {})", request.method, request.url));
                    continue;
                }
                diffs
            }
        };
        if diffs.is_empty() {
            v.exact += 1;
        } else {
            let code: String = code.lines().map(|l| format!("\n    | {l}")).collect();
            v.failed.push(format!(
                "{id}: {}\n  {} {}{code}",
                diffs.join("; "),
                request.method,
                request.url
            ));
        }
    }
    v
}
