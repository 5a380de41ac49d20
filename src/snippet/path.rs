//! The request-builder chain: a URL path (`/teams/{team-id}/channels`) split into navigation
//! segments and keys, rendered the way each SDK spells it (`graphClient.Teams["{team-id}"].Channels`,
//! `graphClient.teams().byTeamId("{team-id}").channels()`,
//! `graph_client.teams.by_team_id('team-id').channels`). A key is a `{placeholder}`, an OData
//! `name('key')` segment, or a literal segment right after a navigation segment that holds more
//! than letters (an id such as `8b081ef6-...` or `jacob@contoso.com`).

use super::names::{camel, pascal, singular, snake};
use super::{csharp, java, python};

/// One step of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A navigation property or collection (`chats`, `me`).
    Navigation(String),
    /// A key into the collection before it.
    Key {
        /// Parameter name (`team-id`): the placeholder's, or `<singular of collection>-id`.
        param: String,
        /// The key as written in the path (`{team-id}`, `8b081ef6-...`).
        value: String,
    },
}

/// The chain of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestChain {
    /// Segments in path order.
    pub segments: Vec<Segment>,
}

impl RequestChain {
    /// Splits an API path (`/users/{user-id}/chats`) into segments.
    pub fn parse(api_path: &str) -> RequestChain {
        let mut segments = Vec::new();
        for raw in api_path.split('/').filter(|s| !s.is_empty()) {
            push_segment(&mut segments, raw);
        }
        RequestChain { segments }
    }

    /// The last navigation segment (`channels` for `/teams/{team-id}/channels`).
    pub fn last_navigation(&self) -> Option<&str> {
        self.segments.iter().rev().find_map(|s| match s {
            Segment::Navigation(name) => Some(name.as_str()),
            Segment::Key { .. } => None,
        })
    }

    /// True when the path ends with a key (`/chats/{chat-id}`): it names one item.
    pub fn ends_with_key(&self) -> bool {
        matches!(self.segments.last(), Some(Segment::Key { .. }))
    }

    /// `graphClient.Teams["{team-id}"].Channels`
    pub fn csharp(&self) -> String {
        let mut out = String::from("graphClient");
        for segment in &self.segments {
            match segment {
                Segment::Navigation(name) => {
                    out.push_str(&format!(".{}", pascal(member_name(name))))
                }
                Segment::Key { value, .. } => {
                    out.push_str(&format!("[{}]", csharp::string_literal(value)))
                }
            }
        }
        out
    }

    /// `graphClient.teams().byTeamId("{team-id}").channels()`
    pub fn java(&self) -> String {
        let mut out = String::from("graphClient");
        for segment in &self.segments {
            match segment {
                Segment::Navigation(name) => {
                    out.push_str(&format!(".{}()", camel(member_name(name))))
                }
                Segment::Key { param, value } => {
                    out.push_str(&format!(".by{}({})", pascal(param), java::string_literal(value)))
                }
            }
        }
        out
    }

    /// `graph_client.teams.by_team_id('team-id').channels`
    pub fn python(&self) -> String {
        let mut out = String::from("graph_client");
        for segment in &self.segments {
            match segment {
                Segment::Navigation(name) => {
                    out.push('.');
                    out.push_str(&python::identifier(&snake(member_name(name))));
                }
                Segment::Key { param, value } => {
                    let shown = strip_braces(value).unwrap_or(value);
                    out.push_str(&format!(
                        ".by_{}({})",
                        snake(param),
                        python::single_quoted(shown)
                    ));
                }
            }
        }
        out
    }
}

/// Appends the segment(s) one raw path segment makes.
fn push_segment(segments: &mut Vec<Segment>, raw: &str) {
    let previous = match segments.last() {
        Some(Segment::Navigation(name)) => Some(name.clone()),
        _ => None,
    };
    if let Some(inner) = strip_braces(raw) {
        let param = match (&previous, inner) {
            (Some(collection), "id") => format!("{}-id", singular(member_name(collection))),
            _ => inner.to_string(),
        };
        segments.push(Segment::Key { param, value: raw.to_string() });
    } else if let Some((name, key)) = odata_key(raw) {
        segments.push(Segment::Navigation(name.to_string()));
        let param = format!("{}-id", singular(name));
        segments.push(Segment::Key { param, value: key.to_string() });
    } else if let (Some(collection), true) = (&previous, looks_like_key(raw)) {
        let param = format!("{}-id", singular(member_name(collection)));
        segments.push(Segment::Key { param, value: raw.to_string() });
    } else {
        segments.push(Segment::Navigation(raw.to_string()));
    }
}

/// `{team-id}` -> `team-id`.
fn strip_braces(raw: &str) -> Option<&str> {
    raw.strip_prefix('{')?.strip_suffix('}')
}

/// `users('jacob@contoso.com')` -> (`users`, `jacob@contoso.com`).
fn odata_key(raw: &str) -> Option<(&str, &str)> {
    let (name, rest) = raw.split_once('(')?;
    let key = rest.strip_suffix(')')?;
    let key = key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')).unwrap_or(key);
    (!name.is_empty() && !key.is_empty() && !name.contains('.')).then_some((name, key))
}

/// A literal segment that is a key rather than a navigation property: it holds characters
/// other than letters and is neither a bound operation nor a `$` system segment.
fn looks_like_key(raw: &str) -> bool {
    !raw.starts_with('$')
        && !raw.starts_with("microsoft.graph.")
        && raw.chars().any(|c| !c.is_ascii_alphabetic())
}

/// The SDK member name of a segment: bound operations lose their namespace and parentheses
/// (`microsoft.graph.delta()` -> `delta`).
fn member_name(segment: &str) -> &str {
    let name = segment.strip_prefix("microsoft.graph.").unwrap_or(segment);
    name.strip_suffix("()").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(path: &str) -> [String; 3] {
        let chain = RequestChain::parse(path);
        [chain.csharp(), chain.java(), chain.python()]
    }

    #[test]
    fn collection() {
        assert_eq!(
            all("/chats"),
            ["graphClient.Chats", "graphClient.chats()", "graph_client.chats"]
        );
    }

    #[test]
    fn keyed_path() {
        assert_eq!(
            all("/teams/{team-id}/channels"),
            [
                r#"graphClient.Teams["{team-id}"].Channels"#,
                r#"graphClient.teams().byTeamId("{team-id}").channels()"#,
                "graph_client.teams.by_team_id('team-id').channels",
            ]
        );
    }

    #[test]
    fn two_keys() {
        assert_eq!(
            all("/users/{user-id}/chats/{chat-id}/members"),
            [
                r#"graphClient.Users["{user-id}"].Chats["{chat-id}"].Members"#,
                r#"graphClient.users().byUserId("{user-id}").chats().byChatId("{chat-id}").members()"#,
                "graph_client.users.by_user_id('user-id').chats.by_chat_id('chat-id').members",
            ]
        );
    }

    #[test]
    fn literal_and_odata_keys() {
        assert_eq!(
            all("/users/8b081ef6-4792-4def-b2c9-c363a1bf41d5/chats"),
            [
                r#"graphClient.Users["8b081ef6-4792-4def-b2c9-c363a1bf41d5"].Chats"#,
                r#"graphClient.users().byUserId("8b081ef6-4792-4def-b2c9-c363a1bf41d5").chats()"#,
                "graph_client.users.by_user_id('8b081ef6-4792-4def-b2c9-c363a1bf41d5').chats",
            ]
        );
        assert_eq!(
            all("/users('jacob@contoso.com')/onlineMeetings")[2],
            "graph_client.users.by_user_id('jacob@contoso.com').online_meetings"
        );
        assert_eq!(
            all("/teams/{id}/channels")[1],
            r#"graphClient.teams().byTeamId("{id}").channels()"#
        );
        assert_eq!(all("/me/events")[0], "graphClient.Me.Events");
    }

    #[test]
    fn ends_and_last() {
        let chain = RequestChain::parse("/teams/{team-id}/channels/{channel-id}");
        assert!(chain.ends_with_key());
        assert_eq!(chain.last_navigation(), Some("channels"));
    }
}
