//! Resource limits: every bound polydoc puts on the size of its input, on the work a template
//! may do and on the size of a page, in one place. README ("Hostile input", Resources) lists
//! each value; `build` and `check` enforce the same ones, so an input that one refuses the
//! other reports as an error. Everything past a limit is refused with a located error (file,
//! line, column and the offending text) before the time or memory it would cost is spent.
//!
//! The values are far above real reference pages (a Microsoft Graph example body is a few KB,
//! a message a few hundred bytes) and low enough that a build of a small hostile input stays
//! within seconds and a 2 GB address space.

use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement};
use std::collections::HashMap;
use std::time::Duration;

/// Largest source file (spec, schema, message file, template) polydoc reads.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest JSON body of one example (request or response). A body is shown in every SDK
/// language, highlighted: a page grows about 20 times the size of its bodies.
pub const MAX_EXAMPLE_BODY_BYTES: usize = 256 * 1024;
/// Largest sum of the example bodies of one operation (its page shows them all).
pub const MAX_OPERATION_BODIES_BYTES: usize = 1024 * 1024;
/// Most examples of one operation: each becomes a section with a snippet in every SDK language
/// and a message per locale, and `check` compares every pair of them.
pub const MAX_EXAMPLES: usize = 1_000;
/// Most entries (messages and terms) in one `.ftl` file.
pub const MAX_FTL_ENTRIES: usize = 100_000;
/// Largest message or term (its id, value and attributes) in an `.ftl` file.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// Most placeables Fluent resolves when formatting one message (value or attribute), those of
/// referenced messages and terms included: Fluent's own limit, past which it refuses to format.
pub const MAX_PLACEABLES: usize = 100;
/// Largest page (or other file) a template may render.
pub const MAX_PAGE_BYTES: usize = 32 * 1024 * 1024;
/// Most numbers `range()` may produce while one page renders (all calls together), which
/// bounds nested loops over ranges.
pub const MAX_RANGE_ITEMS_PER_PAGE: u64 = 1_000_000;
/// Longest time one page may take to render.
pub const MAX_RENDER_TIME: Duration = Duration::from_secs(5);
/// Most memory a thread may allocate (net) while it renders one page (the page itself
/// included), which bounds text captured or concatenated by a template.
pub const MAX_RENDER_MEMORY: usize = 256 * 1024 * 1024;

/// A size in the unit its limit is written in (`256 KiB`, `32 MiB`, `100000 bytes`).
pub fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// Where an `.ftl` file passes a limit: byte offset, message and the offending text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtlExcess {
    /// Byte offset of the entry that passes the limit.
    pub offset: usize,
    /// What is wrong, naming the limit.
    pub message: String,
    /// The entry's id.
    pub text: String,
}

/// The first entry of an `.ftl` file past [`MAX_FTL_ENTRIES`] or larger than
/// [`MAX_MESSAGE_BYTES`], found by a line scan before the file is parsed (parsing a million
/// entries alone costs a gigabyte). An entry starts at a line beginning with a letter (message)
/// or `-` (term); it runs to the next such line or comment (`#` in column 1). Variants and
/// attributes may start in column 1 too, so other lines never end an entry.
pub fn ftl_excess(text: &str) -> Option<FtlExcess> {
    let mut entries = 0usize;
    let mut current: Option<(usize, &str)> = None;
    let mut content_end = 0usize;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let starts_entry =
            line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-') && line.len() > 1;
        let ends_entry = starts_entry || line.starts_with('#');
        if starts_entry || ends_entry {
            if let Some(found) = too_big(current.take(), content_end) {
                return Some(found);
            }
        }
        if starts_entry {
            entries += 1;
            let id = line.split(|c: char| c == '=' || c.is_whitespace()).next().unwrap_or("");
            if entries > MAX_FTL_ENTRIES {
                return Some(FtlExcess {
                    offset,
                    message: format!(
                        "more than {MAX_FTL_ENTRIES} messages and terms in one file (polydoc's limit)"
                    ),
                    text: id.to_string(),
                });
            }
            current = Some((offset, id));
        }
        if !line.trim().is_empty() {
            content_end = offset + line.trim_end().len();
        }
        offset += line.len();
    }
    too_big(current, content_end)
}

/// The excess of the entry starting at `start` and ending at `end`, if it is too large.
fn too_big(entry: Option<(usize, &str)>, end: usize) -> Option<FtlExcess> {
    let (start, id) = entry?;
    let bytes = end.saturating_sub(start);
    (bytes > MAX_MESSAGE_BYTES).then(|| FtlExcess {
        offset: start,
        message: format!(
            "message `{id}` is {bytes} bytes; polydoc accepts messages of at most {}",
            size(MAX_MESSAGE_BYTES)
        ),
        text: id.to_string(),
    })
}

/// A message value or attribute that resolves more than [`MAX_PLACEABLES`] placeables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooManyPlaceables<'s> {
    /// `id` or `id.attribute`.
    pub key: String,
    /// The id (or attribute name) as borrowed from the file's text, for its position.
    pub at: &'s str,
    /// Placeables counted (at least `MAX_PLACEABLES + 1`; counting stops there).
    pub count: usize,
}

impl TooManyPlaceables<'_> {
    /// The error message.
    pub fn message(&self) -> String {
        format!(
            "message `{}` resolves more than {MAX_PLACEABLES} placeables (its own and those of the messages and terms it references): Fluent refuses to format it",
            self.key
        )
    }
}

/// Every message value and attribute of `resource` that Fluent would refuse to format for
/// resolving more than [`MAX_PLACEABLES`] placeables. Counts follow Fluent's resolver: each
/// placeable of a pattern counts one, a referenced message or term adds its own, and of a
/// select only the variant with the most counts (only one is resolved). References to
/// entries of other files count nothing.
pub fn too_many_placeables<'s>(resource: &ast::Resource<&'s str>) -> Vec<TooManyPlaceables<'s>> {
    let mut counter = Counter { entries: HashMap::new(), memo: HashMap::new(), busy: Vec::new() };
    for entry in &resource.body {
        match entry {
            Entry::Message(m) => {
                counter
                    .entries
                    .entry(m.id.name.to_string())
                    .or_insert((m.value.as_ref(), &m.attributes));
            }
            Entry::Term(t) => {
                counter
                    .entries
                    .entry(format!("-{}", t.id.name))
                    .or_insert((Some(&t.value), &t.attributes));
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for entry in &resource.body {
        let (prefix, id, value, attributes) = match entry {
            Entry::Message(m) => ("", m.id.name, m.value.as_ref(), &m.attributes),
            Entry::Term(t) => ("-", t.id.name, Some(&t.value), &t.attributes),
            _ => continue,
        };
        let key = format!("{prefix}{id}");
        if let Some(v) = value {
            let count = counter.pattern(v);
            if count > MAX_PLACEABLES {
                found.push(TooManyPlaceables { key: key.clone(), at: id, count });
            }
        }
        for a in attributes {
            let count = counter.pattern(&a.value);
            if count > MAX_PLACEABLES {
                found.push(TooManyPlaceables {
                    key: format!("{key}.{}", a.id.name),
                    at: a.id.name,
                    count,
                });
            }
        }
    }
    found
}

type Definition<'r, 's> = (Option<&'r ast::Pattern<&'s str>>, &'r Vec<ast::Attribute<&'s str>>);

/// Counts placeables with memoized references; counts are capped just past the limit, so
/// chains of references stop after [`MAX_PLACEABLES`] levels.
struct Counter<'r, 's> {
    entries: HashMap<String, Definition<'r, 's>>,
    memo: HashMap<String, usize>,
    busy: Vec<String>,
}

const CAP: usize = MAX_PLACEABLES + 1;

impl<'r, 's> Counter<'r, 's> {
    fn pattern(&mut self, p: &ast::Pattern<&'s str>) -> usize {
        let mut n = 0usize;
        for e in &p.elements {
            if let PatternElement::Placeable { expression } = e {
                n = n.saturating_add(1);
                if n >= CAP {
                    return CAP;
                }
                n = n.saturating_add(self.expression(expression)).min(CAP);
            }
        }
        n
    }

    fn expression(&mut self, e: &Expression<&'s str>) -> usize {
        match e {
            Expression::Inline(i) => self.inline(i),
            Expression::Select { selector, variants } => {
                let worst = variants.iter().map(|v| self.pattern(&v.value)).max().unwrap_or(0);
                self.inline(selector).saturating_add(worst).min(CAP)
            }
        }
    }

    fn inline(&mut self, i: &InlineExpression<&'s str>) -> usize {
        match i {
            InlineExpression::MessageReference { id, attribute } => {
                self.reference(id.name.to_string(), attribute.as_ref().map(|a| a.name))
            }
            InlineExpression::TermReference { id, attribute, .. } => {
                self.reference(format!("-{}", id.name), attribute.as_ref().map(|a| a.name))
            }
            InlineExpression::FunctionReference { arguments, .. } => {
                let mut n = 0usize;
                for a in arguments.positional.iter().chain(arguments.named.iter().map(|n| &n.value))
                {
                    n = n.saturating_add(self.inline(a)).min(CAP);
                }
                n
            }
            InlineExpression::Placeable { expression } => self.expression(expression),
            _ => 0,
        }
    }

    /// Placeables of a referenced message or term (0 when it is not in this file, or on a
    /// reference cycle, which Fluent reports by itself).
    fn reference(&mut self, id: String, attribute: Option<&str>) -> usize {
        let key = match attribute {
            Some(a) => format!("{id}.{a}"),
            None => id.clone(),
        };
        if let Some(n) = self.memo.get(&key) {
            return *n;
        }
        if self.busy.contains(&key) {
            return 0;
        }
        let Some((value, attributes)) = self.entries.get(&id).copied() else { return 0 };
        let pattern = match attribute {
            Some(a) => attributes.iter().find(|x| x.id.name == a).map(|x| &x.value),
            None => value,
        };
        let Some(pattern) = pattern else { return 0 };
        self.busy.push(key.clone());
        let n = self.pattern(pattern);
        self.busy.pop();
        self.memo.insert(key, n);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeables(ftl: &str) -> Vec<(String, usize)> {
        let resource = fluent_syntax::parser::parse(ftl).unwrap();
        too_many_placeables(&resource).into_iter().map(|t| (t.key, t.count)).collect()
    }

    #[test]
    fn placeables_are_counted_through_references_and_the_worst_variant() {
        let hundred = " { $a }".repeat(100);
        assert!(placeables(&format!("m ={hundred}\n")).is_empty());
        assert_eq!(placeables(&format!("m ={hundred} {{ $b }}\n")), vec![("m".into(), CAP)]);
        // 60 + a reference (1) + the 50 of the referenced message.
        let sixty = " { $a }".repeat(60);
        let fifty = " { $a }".repeat(50);
        let ftl = format!("a ={fifty}\nb ={sixty} {{ a }}\n.t ={sixty}\n");
        assert_eq!(placeables(&ftl), vec![("b".into(), CAP)]);
        // A select resolves one variant: 1 + 1 + 60 fits; 1 + 1 + 100 does not.
        let ftl = format!("s = {{ $n ->\n  [one]{sixty}\n *[other]{sixty}\n}}\n");
        assert!(placeables(&ftl).is_empty());
        let ftl = format!("s = {{ $n ->\n  [one]{sixty}\n *[other]{hundred}\n}}\n");
        assert_eq!(placeables(&ftl), vec![("s".into(), CAP)]);
        // Attributes and terms are units of their own; cycles end.
        let ftl = format!("-t ={hundred} {{ -t }}\nm = x\n .title ={hundred}{{ m.title }}\n");
        assert_eq!(placeables(&ftl), vec![("-t".into(), CAP), ("m.title".into(), CAP)]);
    }

    #[test]
    fn ftl_entries_and_message_sizes_are_bounded() {
        assert_eq!(ftl_excess("a = b\n\n# c\n-t = x\n  y\n"), None);
        let many: String = (0..=MAX_FTL_ENTRIES).map(|i| format!("m{i} = x\n")).collect();
        let e = ftl_excess(&many).unwrap();
        assert_eq!(e.text, format!("m{MAX_FTL_ENTRIES}"));
        assert_eq!(&many[e.offset..e.offset + 3], "m10");
        let long = format!("a = b\nbig =\n  {}\n  more\n\nc = d\n", "w".repeat(MAX_MESSAGE_BYTES));
        let e = ftl_excess(&long).unwrap();
        assert_eq!((e.offset, e.text.as_str()), (6, "big"));
        // Exactly at the limit: accepted.
        let fits = format!("m = {}\n", "w".repeat(MAX_MESSAGE_BYTES - 4));
        assert_eq!(ftl_excess(&fits), None);
        assert!(ftl_excess(&format!("m = {}\n", "w".repeat(MAX_MESSAGE_BYTES - 3))).is_some());
    }
}
