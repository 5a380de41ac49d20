//! Where a JSON pointer's value is in a YAML document: the YAML is read as events with source
//! spans (granit-parser, serde-saphyr's own parser) while the path of each node is tracked, so
//! an import error in a YAML document names `file:line:col` as it does for JSON.

use granit_parser::{Event, Parser};

/// One open collection: a mapping (its current key, `None` while a key is expected) or a
/// sequence (the index of its next item).
enum Frame {
    Map(Option<String>),
    Seq(usize),
}

/// The line and column (both 1-based) of the value at `pointer` in the YAML `text`, or of the
/// deepest value on its way that exists.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let target: Vec<String> =
        pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
    let mut stack: Vec<Frame> = Vec::new();
    let mut best: Option<(usize, (usize, usize))> = None;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.ok()?;
        let node = matches!(
            event,
            Event::Scalar(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
                | Event::Alias(..)
        );
        if node {
            if let Some(Frame::Map(key @ None)) = stack.last_mut() {
                let text = match &event {
                    Event::Scalar(s, ..) => s.to_string(),
                    _ => String::new(),
                };
                *key = Some(text);
                if !matches!(event, Event::Scalar(..)) {
                    // A complex key: skip its contents as a value nobody points at.
                    stack.push(Frame::Seq(0));
                }
                continue;
            }
            let depth = matched_depth(&stack, &target);
            let at = (span.start.line(), span.start.col() + 1);
            if depth == Some(target.len()) {
                return Some(at);
            }
            if let Some(d) = depth.filter(|d| best.is_none_or(|(b, _)| *d > b)) {
                best = Some((d, at));
            }
            match event {
                Event::MappingStart(..) => stack.push(Frame::Map(None)),
                Event::SequenceStart(..) => stack.push(Frame::Seq(0)),
                _ => finish_value(&mut stack),
            }
        } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
            stack.pop();
            finish_value(&mut stack);
        }
    }
    best.map(|(_, at)| at)
}

/// The number of `target` tokens the path of the node about to be read matches, when the
/// whole path is a prefix of `target`.
fn matched_depth(stack: &[Frame], target: &[String]) -> Option<usize> {
    if stack.len() > target.len() {
        return None;
    }
    for (frame, token) in stack.iter().zip(target) {
        let same = match frame {
            Frame::Map(Some(key)) => key == token,
            Frame::Map(None) => false,
            Frame::Seq(i) => i.to_string() == *token,
        };
        if !same {
            return None;
        }
    }
    Some(stack.len())
}

/// After a value ends: its mapping expects the next key, its sequence the next item.
fn finish_value(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Map(key)) => *key = None,
        Some(Frame::Seq(i)) => *i += 1,
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn pointers_are_found_in_block_and_flow_yaml() {
        let text = "openapi: 3.0.3\npaths:\n  /a~b/{id}:\n    get:\n      parameters:\n        - { name: id, in: path }\n        - name: q\n          in: query\n      responses: {'200': {description: ok}}\n";
        assert_eq!(locate(text, "/openapi"), Some((1, 10)));
        assert_eq!(locate(text, "/paths/~1a~0b~1{id}/get"), Some((5, 7)));
        assert_eq!(locate(text, "/paths/~1a~0b~1{id}/get/parameters/0/in"), Some((6, 27)));
        assert_eq!(locate(text, "/paths/~1a~0b~1{id}/get/parameters/1/in"), Some((8, 15)));
        assert_eq!(
            locate(text, "/paths/~1a~0b~1{id}/get/responses/200/description"),
            Some((9, 40))
        );
        // A missing value: the deepest one on its way.
        assert_eq!(locate(text, "/paths/~1a~0b~1{id}/get/parameters/1/schema"), Some((7, 11)));
    }
}
