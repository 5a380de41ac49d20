//! Positions inside JSON text: a small scanner that records, for every JSON pointer of a
//! document, the byte offset of its key (object members) or value (array elements), so
//! findings about example bodies point at the exact line and column of the YAML file.

use std::collections::HashMap;

/// Byte offsets by JSON pointer (`""` is the root, `/members/0/roles`).
#[derive(Debug, Default, Clone)]
pub struct Positions {
    offsets: HashMap<String, usize>,
}

impl Positions {
    /// Scans `text`; on malformed JSON it keeps what it found so far.
    pub fn scan(text: &str) -> Positions {
        let mut p = Positions::default();
        let mut s = Scanner { b: text.as_bytes(), i: 0 };
        s.ws();
        p.offsets.insert(String::new(), s.i);
        s.value(String::new(), &mut p.offsets);
        p
    }

    /// The offset of `pointer`, or of its closest recorded ancestor.
    pub fn offset(&self, pointer: &str) -> usize {
        let mut p = pointer;
        loop {
            if let Some(o) = self.offsets.get(p) {
                return *o;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return 0,
            }
        }
    }
}

/// Escapes a key for use in a JSON pointer (`~` -> `~0`, `/` -> `~1`).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn string(&mut self) -> String {
        let start = self.i + 1;
        self.i += 1;
        while self.i < self.b.len() && self.b[self.i] != b'"' {
            self.i += if self.b[self.i] == b'\\' { 2 } else { 1 };
        }
        let end = self.i.min(self.b.len());
        self.i += 1;
        let raw = String::from_utf8_lossy(&self.b[start.min(end)..end]).into_owned();
        if !raw.contains('\\') {
            return raw;
        }
        serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or(raw)
    }

    fn value(&mut self, ptr: String, out: &mut HashMap<String, usize>) {
        self.ws();
        match self.b.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                loop {
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b'"') => {
                            let at = self.i;
                            let key = self.string();
                            let child = format!("{ptr}/{}", escape(&key));
                            out.insert(child.clone(), at);
                            self.ws();
                            if self.b.get(self.i) == Some(&b':') {
                                self.i += 1;
                            }
                            self.value(child, out);
                        }
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b']') => {
                            self.i += 1;
                            return;
                        }
                        Some(b',') => self.i += 1,
                        Some(_) => {
                            let child = format!("{ptr}/{n}");
                            out.insert(child.clone(), self.i);
                            let before = self.i;
                            self.value(child, out);
                            if self.i == before {
                                return;
                            }
                            n += 1;
                        }
                        None => return,
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while self.i < self.b.len()
                    && !matches!(self.b[self.i], b',' | b'}' | b']')
                    && !self.b[self.i].is_ascii_whitespace()
                {
                    self.i += 1;
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_elements() {
        let text = "{\n  \"a\": [1, {\"b/c\": \"x\"}],\n  \"d\": null\n}";
        let p = Positions::scan(text);
        assert_eq!(&text[p.offset("/a")..p.offset("/a") + 3], "\"a\"");
        assert_eq!(&text[p.offset("/a/1")..p.offset("/a/1") + 1], "{");
        assert_eq!(&text[p.offset("/a/1/b~1c")..p.offset("/a/1/b~1c") + 5], "\"b/c\"");
        assert_eq!(&text[p.offset("/d")..p.offset("/d") + 3], "\"d\"");
        assert_eq!(p.offset("/d/zz"), p.offset("/d"));
    }
}
