//! Finding where a value sits in JSON text: a JSON pointer (`/members/2/roles`) to the 1-based
//! line and column (in characters) of the value's first character, so errors about a value can
//! point at it in the file the user wrote. Works on text that already parsed as JSON.

/// 1-based line and column of the value `pointer` names in `json_text`, or `None` when the
/// pointer does not lead to a value.
pub fn locate_pointer(json_text: &str, pointer: &str) -> Option<(usize, usize)> {
    let offset = pointer_offset(json_text, pointer)?;
    Some(line_col(json_text, offset))
}

/// Byte offset of the value `pointer` names.
pub fn pointer_offset(json_text: &str, pointer: &str) -> Option<usize> {
    let mut scan = Scanner { text: json_text.as_bytes(), pos: 0 };
    scan.skip_ws();
    if pointer.is_empty() {
        return Some(scan.pos);
    }
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        match scan.peek()? {
            b'{' => scan.enter_member(&token)?,
            b'[' => scan.enter_element(token.parse().ok()?)?,
            _ => return None,
        }
    }
    Some(scan.pos)
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// A cursor over JSON bytes.
struct Scanner<'a> {
    text: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// Expects `byte` after optional whitespace.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// From `{`, moves to the value of member `key`.
    fn enter_member(&mut self, key: &str) -> Option<()> {
        self.expect(b'{')?;
        loop {
            self.skip_ws();
            let name = self.read_string()?;
            self.expect(b':')?;
            self.skip_ws();
            if name == key {
                return Some(());
            }
            self.skip_value()?;
            self.expect(b',')?;
        }
    }

    /// From `[`, moves to element `index`.
    fn enter_element(&mut self, index: usize) -> Option<()> {
        self.expect(b'[')?;
        for _ in 0..index {
            self.skip_ws();
            self.skip_value()?;
            self.expect(b',')?;
        }
        self.skip_ws();
        (self.peek()? != b']').then_some(())
    }

    /// Reads a JSON string at the cursor and decodes it.
    fn read_string(&mut self) -> Option<String> {
        let start = self.pos;
        self.skip_string()?;
        let raw = std::str::from_utf8(&self.text[start..self.pos]).ok()?;
        serde_json::from_str(raw).ok()
    }

    /// Moves past the string at the cursor.
    fn skip_string(&mut self) -> Option<()> {
        (self.peek()? == b'"').then_some(())?;
        self.pos += 1;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Moves past the value at the cursor.
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => self.skip_container(),
            _ => {
                while self.peek().is_some_and(|b| !b",]} \t\r\n".contains(&b)) {
                    self.pos += 1;
                }
                Some(())
            }
        }
    }

    /// Moves past an object or array, minding strings.
    fn skip_container(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => {
                    self.skip_string()?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return Some(());
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"a\": [1, {\"b/c\": \"x\"}],\n  \"é\": {\"d\": [\"}\", \"q\"]}\n}";

    #[test]
    fn finds_values() {
        assert_eq!(locate_pointer(TEXT, ""), Some((1, 1)));
        assert_eq!(locate_pointer(TEXT, "/a"), Some((2, 8)));
        assert_eq!(locate_pointer(TEXT, "/a/1/b~1c"), Some((2, 20)));
        assert_eq!(locate_pointer(TEXT, "/é/d/1"), Some((3, 20)));
        assert_eq!(locate_pointer(TEXT, "/a/2"), None);
        assert_eq!(locate_pointer(TEXT, "/zz"), None);
    }
}
