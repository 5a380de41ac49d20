//! A stable-toolchain fuzzer for polydoc's parsers (no nightly, no cargo-fuzz): it mutates the
//! kept corpus of `fuzz/corpus/<target>/` with a deterministic mutator and runs each input
//! through the target under `catch_unwind`, on a thread with the 2 MiB stack polydoc's rayon
//! workers have (so a recursion that would overflow in a real build overflows here too).
//! Inputs that reach a new outcome (error class) join the pool, as a cheap feedback signal.
//!
//! ```text
//! cargo run --release --example fuzz -- TARGET SECONDS [SEED]
//! ```
//!
//! Crashes (panics) are saved to `fuzz/artifacts/<target>/crash-<hash>`; the input being run is
//! kept in `fuzz/artifacts/<target>/current` so an abort (stack overflow, out of memory) can
//! be replayed with `fuzz TARGET --replay FILE`. Prints `execs`, `crashes`, `slow` and exits 1
//! when anything crashed.

use std::collections::{BTreeSet, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use polydoc::check::translation::{check_locale, check_source, Allow, LocaleFiles};
use polydoc::check::{ftl::FtlDoc, terms::Vocabularies};
use polydoc::spec::load::SourceFile;
use polydoc::spec::Schema;

const TARGETS: &[&str] = &["spec", "schema", "ftl", "request"];
/// An input slower than this is saved as `slow-<hash>`.
const SLOW: Duration = Duration::from_secs(2);
/// Largest input the mutator makes.
const MAX_LEN: usize = 64 * 1024;

/// What a target needs besides the input, built once.
struct Fixture {
    schema: Schema,
    english: LocaleFiles,
    vocab: Vocabularies,
}

impl Fixture {
    fn new() -> Fixture {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = polydoc::spec::load::load_site(root).expect("shipped content loads");
        let mut findings = Vec::new();
        let english = polydoc::check::translation::load_locale(root, "en", &mut findings)
            .expect("shipped English loads");
        Fixture { schema: site.schema.clone(), english, vocab: Vocabularies::new(&site) }
    }
}

/// Runs one input through `target`; returns a short outcome class (for feedback).
fn run_target(target: &str, fx: &Fixture, text: &str) -> String {
    match target {
        "spec" => {
            let file = SourceFile {
                rel: PathBuf::from("content/fuzz/op.yaml"),
                text: text.to_string(),
                section: "fuzz".into(),
            };
            match polydoc::spec::load::parse_operation(&file) {
                Err(e) => class(&e.to_string()),
                Ok(op) => {
                    if let Err(e) = polydoc::validate::validate_operation(&fx.schema, &op) {
                        return class(&e.to_string());
                    }
                    let regexes = polydoc::check::rules::compile_all(std::slice::from_ref(&op));
                    let mut out = Vec::new();
                    polydoc::check::check_operation(
                        &op,
                        &fx.schema,
                        &regexes,
                        &polydoc::check::BuiltinSnippets,
                        &mut out,
                    );
                    let rules: BTreeSet<&str> = out.iter().map(|f| f.rule.id()).collect();
                    format!("ok {rules:?}")
                }
            }
        }
        "schema" => {
            let parsed = polydoc::spec::load::parse_yaml::<polydoc::spec::schema::SchemaFile>(
                Path::new("content/schema/fuzz.yaml"),
                text,
            );
            match parsed
                .map_err(|e| e.to_string())
                .and_then(|f| Schema::merge(vec![f]))
                .and_then(|s| s.validate().map(|_| s))
            {
                Err(e) => class(&e),
                Ok(s) => {
                    // The snippet generators walk any schema they are given.
                    let body = "POST https://graph.microsoft.com/v1.0/chats\nContent-Type: application/json\n\n{\"chatType\":\"group\",\"topic\":\"x\",\"members\":[{\"@odata.type\":\"#microsoft.graph.aadUserConversationMember\",\"roles\":[\"owner\"]}]}";
                    let results: Vec<bool> = ["csharp", "java", "python"]
                        .iter()
                        .map(|l| {
                            polydoc::snippet::run_snippet_command(l, &s, Some("chat"), body, "fuzz")
                                .is_ok()
                        })
                        .collect();
                    format!("ok {results:?}")
                }
            }
        }
        "ftl" => {
            let mut out = Vec::new();
            let doc =
                FtlDoc::parse(Path::new("locales/de/create-chat.ftl"), text.to_string(), &mut out);
            let mut files = std::collections::BTreeMap::new();
            files.insert("create-chat".to_string(), doc);
            let tr = LocaleFiles { code: "de".into(), files, allow: Allow::default() };
            check_source(&tr, &fx.vocab, &mut out);
            check_locale(&fx.english, &tr, &fx.vocab, &mut out);
            // The build's parser and the Markdown renderer of message text.
            let built = fluent_bundle::FluentResource::try_new(text.to_string()).is_ok();
            for unit in tr.files["create-chat"].units.iter() {
                for v in &unit.variants {
                    let _ = polydoc::localize::markdown::inline_html(&v.markdown);
                }
            }
            let rules: BTreeSet<&str> = out.iter().map(|f| f.rule.id()).collect();
            format!("{built} {rules:?}")
        }
        "request" => {
            let parsed = polydoc::snippet::parse_request(text).map(|_| ()).map_err(|e| e.message);
            let mut outcome = format!("{:?}", parsed.map_err(|e| class(&e)));
            for lang in ["http", "csharp", "java", "python"] {
                let r = polydoc::snippet::run_snippet_command(lang, &fx.schema, None, text, "fuzz");
                outcome.push_str(if r.is_ok() { " ok" } else { " err" });
            }
            outcome
        }
        _ => unreachable!(),
    }
}

/// An error message without numbers and quoted text: its class.
fn class(message: &str) -> String {
    let first = message.lines().next().unwrap_or("");
    let mut out = String::new();
    let mut quoted = false;
    for c in first.chars() {
        match c {
            '`' | '"' => quoted = !quoted,
            _ if quoted || c.is_ascii_digit() => {}
            _ => out.push(c),
        }
    }
    out.chars().take(80).collect()
}

/// xorshift64*: deterministic and fast.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Tokens worth inserting, per target (syntax that tends to reach deep code).
fn dictionary(target: &str) -> Vec<&'static [u8]> {
    let common: &[&[u8]] = &[
        b"\n",
        b"\r\n",
        b"\t",
        b" ",
        b"\"",
        b"'",
        b"\\",
        b"\xef\xbb\xbf",
        b"\xff",
        b"\0",
        b"{",
        b"}",
        b"[",
        b"]",
        b"<script>",
        b"\xc3\xa9",
        b"\xf0\x9f\x98\x80",
        b"-1",
        b"99999999999999999999",
        b"1e400",
    ];
    let specific: &[&[u8]] = match target {
        "spec" | "schema" => &[
            b": ",
            b"- ",
            b"&a ",
            b"*a",
            b"!!str ",
            b"? ",
            b"|\n",
            b">-\n",
            b"---\n",
            b"...\n",
            b"{ ",
            b" }",
            b"#",
            b"%YAML 1.2\n",
            b"<<: *a\n",
            b"Collection(",
            b"@odata.type",
            b"\"#microsoft.graph.",
            b"when:",
            b"count:",
            b"regex:",
            b"/members",
            b"~1",
            b"~0",
        ],
        "ftl" => &[
            b"{ $",
            b"{ -",
            b" ->\n",
            b"*[",
            b"[other]",
            b" }",
            b"{ \"",
            b"\\u",
            b"\\U",
            b"NUMBER(",
            b"=",
            b".attr = ",
            b"-term = ",
            b"# ",
            b"### ",
            b"`",
            b"**",
            b"[x](",
            b"<b>",
            b"\n    ",
        ],
        "request" => &[
            b"POST ",
            b"GET ",
            b"PATCH ",
            b" HTTP/1.1\n",
            b"https://graph.microsoft.com/v1.0/",
            b"/chats",
            b"/teams/{team-id}/channels",
            b"Content-Type: application/json\n",
            b"\n\n",
            b"{\"",
            b"\":",
            b"\"@odata.type\":\"#microsoft.graph.",
            b"null",
            b"true",
            b"[]",
            b"{}",
            b"%2e%2e/",
            b"?$select=",
            b"('x')",
        ],
        _ => &[],
    };
    common.iter().chain(specific.iter()).copied().collect()
}

fn mutate(rng: &mut Rng, input: &[u8], pool: &[Vec<u8>], dict: &[&[u8]]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next() as u8;
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                data.drain(i..i + n);
            }
            3 | 4 => {
                let i = rng.below(len + 1);
                let tok = dict[rng.below(dict.len())];
                data.splice(i..i, tok.iter().copied());
            }
            5 if len > 0 => {
                // Duplicate a chunk (nesting, repetition).
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(256));
                let chunk: Vec<u8> = data[i..i + n].to_vec();
                let most = if rng.below(8) == 0 { 200 } else { 4 };
                let times = 1 + rng.below(most);
                let at = rng.below(len + 1);
                let repeated: Vec<u8> =
                    chunk.iter().copied().cycle().take(chunk.len() * times).collect();
                data.splice(at..at, repeated);
            }
            6 if !pool.is_empty() => {
                // Splice a piece of another input in.
                let other = &pool[rng.below(pool.len())];
                if !other.is_empty() {
                    let i = rng.below(other.len());
                    let n = 1 + rng.below((other.len() - i).min(512));
                    let at = rng.below(len + 1);
                    data.splice(at..at, other[i..i + n].iter().copied());
                }
            }
            7 if len > 0 => {
                // Truncate.
                data.truncate(rng.below(len));
            }
            8 if len > 1 => {
                // Swap two lines.
                let lines: Vec<&[u8]> = data.split(|b| *b == b'\n').collect();
                if lines.len() > 1 {
                    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                    let mut ls: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
                    ls.swap(a, b);
                    data = ls.join(&b'\n');
                }
            }
            _ => {
                let i = rng.below(len + 1);
                let digits = ["0", "-0", "4294967296", "18446744073709551616", "1.5", "NaN"];
                data.splice(i..i, digits[rng.below(digits.len())].bytes());
            }
        }
    }
    data.truncate(MAX_LEN);
    data
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn text_of(bytes: &[u8]) -> String {
    // Targets take text (polydoc refuses non-UTF-8 files before parsing); invalid bytes
    // become U+FFFD so the mutations still reach the parser.
    String::from_utf8_lossy(bytes).into_owned()
}

fn load_corpus(dir: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn fuzz(target: &str, seconds: u64, seed: u64) -> (u64, usize, usize, usize) {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let corpus = load_corpus(&base.join("corpus").join(target));
    assert!(!corpus.is_empty(), "fuzz/corpus/{target}/ is empty");
    let artifacts = base.join("artifacts").join(target);
    std::fs::create_dir_all(&artifacts).expect("artifacts folder");
    let fx = Fixture::new();
    let dict = dictionary(target);
    let mut rng = Rng(seed | 1);
    let mut pool = corpus.clone();
    let mut outcomes = HashSet::new();
    let mut crashes = HashSet::new();
    let mut slow = 0;
    let mut execs = 0u64;
    let current = artifacts.join("current");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    // Seeds first, unmutated.
    let mut queue: Vec<Vec<u8>> = corpus.clone();
    while Instant::now() < deadline {
        let input = queue.pop().unwrap_or_else(|| {
            let parent = &pool[rng.below(pool.len())];
            mutate(&mut rng, parent, &pool, &dict)
        });
        let _ = std::fs::write(&current, &input);
        let text = text_of(&input);
        let started = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_target(target, &fx, &text)
        }));
        let took = started.elapsed();
        execs += 1;
        match result {
            Ok(outcome) => {
                if outcomes.insert(outcome) && pool.len() < 20_000 {
                    pool.push(input.clone());
                }
            }
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                let h = hash(&input);
                if crashes.insert(class(&msg)) {
                    let path = artifacts.join(format!("crash-{h:016x}"));
                    std::fs::write(&path, &input).expect("save crash");
                    eprintln!("{target}: CRASH {msg:?} -> {}", path.display());
                }
            }
        }
        if took > SLOW {
            slow += 1;
            let path = artifacts.join(format!("slow-{:016x}", hash(&input)));
            let _ = std::fs::write(&path, &input);
            eprintln!("{target}: SLOW {took:?} -> {}", path.display());
        }
    }
    let _ = std::fs::remove_file(&current);
    (execs, crashes.len(), slow, pool.len())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: fuzz TARGET SECONDS [SEED] | fuzz TARGET --replay FILE (targets: spec, schema, ftl, request)";
    let target =
        args.first().map(String::as_str).filter(|t| TARGETS.contains(t)).unwrap_or_else(|| {
            eprintln!("{usage}");
            std::process::exit(2)
        });
    // Panics are caught and reported per input; keep the default hook quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let target = target.to_string();
    let args2 = args.clone();
    // polydoc parses specs on rayon worker threads (2 MiB stacks): fuzz with the same stack.
    let worker = std::thread::Builder::new().stack_size(2 * 1024 * 1024).spawn(move || {
        if args2.get(1).map(String::as_str) == Some("--replay") {
            let bytes = std::fs::read(args2.get(2).expect("--replay FILE")).expect("read the input");
            let fx = Fixture::new();
            let _ = std::panic::take_hook();
            let outcome = run_target(&target, &fx, &text_of(&bytes));
            println!("{target}: {outcome}");
            return 0;
        }
        let seconds: u64 = args2.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
        let seed: u64 = args2.get(2).and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
        let started = Instant::now();
        let (execs, crashes, slow, pool) = fuzz(&target, seconds, seed);
        let secs = started.elapsed().as_secs_f64();
        println!("{target}: execs={execs} ({:.0}/s) crashes={crashes} slow={slow} pool={pool} time={secs:.1}s", execs as f64 / secs);
        i32::from(crashes > 0)
    });
    let code = worker.expect("spawn").join().unwrap_or(1);
    std::process::exit(code);
}
