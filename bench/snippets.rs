//! Benchmark: every snippet language (HTTP, C#, Java, JavaScript, Python) for 1,000 example
//! requests.
//!
//! Run with `cargo bench --bench snippets`. Plain std::time, no harness: the requests are chat
//! creations with 1 to 12 members, varied topics, roles, tenant ids and special characters,
//! parsed once up front; the timed part is generation only (schema walk + rendering), repeated
//! for several rounds, reporting the best and the median round.

use polydoc::snippet::{builtin_schema, languages, parse_request};
use polydoc::spec::HttpRequest;
use std::hint::black_box;
use std::time::{Duration, Instant};

const REQUESTS: usize = 1_000;
const ROUNDS: usize = 7;

/// The `i`th example request, as raw HTTP text.
fn request_text(i: usize) -> String {
    let members: Vec<String> = (0..=(i % 12))
        .map(|m| {
            let tenant = if m % 4 == 3 { format!(",\n      \"tenantId\": \"{m:08}-8ac6-4f0d-904a-7ebcd364bea1\"") } else { String::new() };
            let roles = if m == 0 { "[\"owner\"]" } else if m % 3 == 0 { "[\"owner\", \"guest\"]" } else { "[]" };
            format!(
                "    {{\n      \"@odata.type\": \"#microsoft.graph.aadUserConversationMember\",\n      \"roles\": {roles},\n      \"user@odata.bind\": \"https://graph.microsoft.com/v1.0/users('user{i}-{m}@contoso.com')\"{tenant}\n    }}"
            )
        })
        .collect();
    let chat_type = if i.is_multiple_of(12) { "oneOnOne" } else { "group" };
    format!(
        "POST https://graph.microsoft.com/v1.0/chats\nContent-Type: application/json\n\n{{\n  \"chatType\": \"{chat_type}\",\n  \"topic\": \"Café ☕ \\\"chat\\\" {i}\\n\\ttabbed\",\n  \"members\": [\n{}\n  ]\n}}\n",
        members.join(",\n")
    )
}

fn main() {
    let schema = builtin_schema().expect("built-in schema");
    let requests: Vec<HttpRequest> = (0..REQUESTS)
        .map(|i| parse_request(&request_text(i)).expect("bench request parses"))
        .collect();
    let mut rounds: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut bytes = 0usize;
    for _ in 0..ROUNDS {
        bytes = 0;
        let start = Instant::now();
        for req in &requests {
            for lang in languages() {
                let snippet = lang.generate(black_box(req), &schema, "chat").expect("snippet");
                bytes += black_box(snippet).len();
            }
        }
        rounds.push(start.elapsed());
    }
    rounds.sort();
    let best = rounds[0];
    let median = rounds[ROUNDS / 2];
    let per = |d: Duration| d.as_secs_f64() * 1e6 / REQUESTS as f64;
    println!(
        "snippets: {REQUESTS} requests x {} languages, {bytes} bytes of snippets per round",
        languages().len()
    );
    println!("snippets: best {:.2} ms ({:.1} us/request), median {:.2} ms ({:.1} us/request) over {ROUNDS} rounds",
        best.as_secs_f64() * 1e3, per(best), median.as_secs_f64() * 1e3, per(median));
}
