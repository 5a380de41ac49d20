//! Which variables formatting a message can read: those its pattern names, plus those of every
//! message it references (which Fluent resolves with the caller's arguments), followed through
//! the bundle. Terms are not followed: Fluent gives a term only the arguments its call passes,
//! which are expressions of the calling pattern and so walked here. Formatting a message with
//! just these variables gives the same text (and the same unknown-variable error) as with every
//! spec term of the operation, without building thousands of arguments per message.

use super::Bundle;
use fluent_syntax::ast::{CallArguments, Expression, InlineExpression, Pattern, PatternElement};

/// Variable names read by formatting `pattern` in `bundle`, sorted and each once.
pub fn variables_of<'b>(bundle: &'b Bundle, pattern: &'b Pattern<&'b str>) -> Vec<&'b str> {
    let mut walk = Walk { bundle, vars: Vec::new(), seen: Vec::new() };
    walk.pattern(pattern);
    walk.vars.sort_unstable();
    walk.vars.dedup();
    walk.vars
}

struct Walk<'b> {
    bundle: &'b Bundle,
    vars: Vec<&'b str>,
    /// Messages already walked (references may form cycles; Fluent reports those itself).
    seen: Vec<&'b str>,
}

impl<'b> Walk<'b> {
    fn pattern(&mut self, pattern: &'b Pattern<&'b str>) {
        for element in &pattern.elements {
            if let PatternElement::Placeable { expression } = element {
                self.expression(expression);
            }
        }
    }

    fn expression(&mut self, expression: &'b Expression<&'b str>) {
        match expression {
            Expression::Inline(inline) => self.inline(inline),
            Expression::Select { selector, variants } => {
                self.inline(selector);
                for variant in variants {
                    self.pattern(&variant.value);
                }
            }
        }
    }

    fn inline(&mut self, inline: &'b InlineExpression<&'b str>) {
        match inline {
            InlineExpression::VariableReference { id } => self.vars.push(id.name),
            InlineExpression::MessageReference { id, .. } => self.message(id.name),
            InlineExpression::FunctionReference { arguments, .. } => self.arguments(arguments),
            InlineExpression::TermReference { arguments: Some(arguments), .. } => {
                self.arguments(arguments)
            }
            InlineExpression::Placeable { expression } => self.expression(expression),
            InlineExpression::TermReference { arguments: None, .. }
            | InlineExpression::StringLiteral { .. }
            | InlineExpression::NumberLiteral { .. } => {}
        }
    }

    fn arguments(&mut self, arguments: &'b CallArguments<&'b str>) {
        for positional in &arguments.positional {
            self.inline(positional);
        }
        for named in &arguments.named {
            self.inline(&named.value);
        }
    }

    /// A referenced message: its value and every attribute (a reference may name either).
    fn message(&mut self, id: &'b str) {
        if self.seen.contains(&id) {
            return;
        }
        self.seen.push(id);
        let Some(message) = self.bundle.get_message(id) else { return };
        if let Some(value) = message.value() {
            self.pattern(value);
        }
        for attribute in message.attributes() {
            self.pattern(attribute.value());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::FluentResource;
    use std::sync::Arc;

    fn vars_of(ftl: &str, id: &str) -> Vec<String> {
        let mut bundle = fluent_bundle::concurrent::FluentBundle::new_concurrent(vec![]);
        bundle.add_resource(Arc::new(FluentResource::try_new(ftl.to_string()).unwrap())).unwrap();
        let message = bundle.get_message(id).unwrap();
        variables_of(&bundle, message.value().unwrap()).into_iter().map(String::from).collect()
    }

    #[test]
    fn follows_message_references_selectors_and_call_arguments_but_not_term_bodies() {
        let ftl = "\
-term = { $hidden } term
other = { $b } and { other.attr }
    .attr = { $c }
loop = { main }
main = { $a } { other } { -term($d) } { NUMBER($e) } { $f ->
    [one] { $g }
   *[other] { loop }
}
";
        assert_eq!(vars_of(ftl, "main"), ["a", "b", "c", "d", "e", "f", "g"]);
    }
}
