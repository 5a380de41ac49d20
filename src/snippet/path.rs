//! The request-builder chain: a URL path (`/teams/{team-id}/channels`) split into navigation
//! segments and keys, rendered the way each SDK spells it (`graphClient.Teams["{team-id}"].Channels`,
//! `graphClient.teams().byTeamId("{team-id}").channels()`,
//! `graph_client.teams.by_team_id('team-id').channels`). A key is a `{placeholder}`, an OData
//! `name('key')` segment, or a literal segment right after a navigation segment that holds more
//! than letters (an id such as `8b081ef6-...` or `jacob@contoso.com`). Kiota's naming rules
//! give the other steps their members: a cast `microsoft.graph.user` is `graphUser`, `$ref`,
//! `$count` and `$value` are `ref`, `count` and `content`, a bound operation loses its namespace
//! and `()`, a function with parameters `f(a='x')` is `fWithA("x")`. The chain also names the
//! request-builder class (`MembersRequestBuilder`, `GroupItemRequestBuilder`) and the namespace
//! words (`groups`, `item`, `members`) the SDKs file their builders and action bodies under.

use super::names::{camel, pascal, singular, snake, GRAPH_NAMESPACE};
use super::{csharp, java, python};

/// One step of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A navigation property, collection or parameterless bound operation (`chats`, `me`,
    /// `delta()`, `getMemberGroups`).
    Navigation(String),
    /// A key into the collection before it.
    Key {
        /// Parameter name (`team-id`): the placeholder's, or `<singular of collection>-id`.
        param: String,
        /// The key as written in the path (`{team-id}`, `8b081ef6-...`).
        value: String,
    },
    /// An OData cast to a derived type (`microsoft.graph.user` -> `user`).
    Cast(String),
    /// A system segment without its `$` (`ref`, `count`, `value`).
    System(String),
    /// A bound function with parameters (`getOffice365ActiveUserDetail(period='D7')`).
    Function {
        /// Function name without namespace.
        name: String,
        /// Parameter names and values (quotes removed), in path order.
        params: Vec<(String, String)>,
        /// Whether each value was written unquoted (`index=3`, `valuesOnly=true`): a number or
        /// Boolean the SDK method takes typed.
        typed: Vec<bool>,
    },
}

impl Segment {
    /// The Kiota member name in camelCase words: navigation and functions as named (a function
    /// with parameters gains `With<Param>` per parameter), casts `graph<Type>`, `$ref` `ref`,
    /// `$count` `count`, `$value` `content`; keys have none.
    pub fn member(&self) -> Option<String> {
        match self {
            Segment::Navigation(name) => Some(member_name(name)),
            Segment::Key { .. } => None,
            Segment::Cast(type_name) => Some(format!("graph{}", pascal(type_name))),
            Segment::System(name) if name == "value" => Some("content".into()),
            Segment::System(name) => Some(name.clone()),
            Segment::Function { name, params, .. } => Some(
                std::iter::once(name.clone())
                    .chain(params.iter().map(|(p, _)| format!("With{}", pascal(p))))
                    .collect(),
            ),
        }
    }

    /// The word Kiota gives this step in namespaces and modules: the member, or `item` for a key.
    pub fn namespace_word(&self) -> String {
        self.member().unwrap_or_else(|| "item".into())
    }

    /// The stem of the request-builder class this step returns (`Members`, `GroupItem`).
    pub fn builder_stem(&self) -> String {
        match self {
            Segment::Key { param, .. } => {
                format!("{}Item", pascal(param.strip_suffix("-id").unwrap_or(param)))
            }
            other => pascal(&other.namespace_word()),
        }
    }
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

    /// The chain of a request: a POST to a namespace-qualified last segment is a bound action
    /// (`.../microsoft.graph.getMemberGroups`), never a cast (no one posts to a cast).
    pub fn of(req: &crate::spec::HttpRequest) -> RequestChain {
        let mut chain = RequestChain::parse(req.api_path());
        if req.method.eq_ignore_ascii_case("POST") {
            if let Some(Segment::Cast(name)) = chain.segments.last().cloned() {
                *chain.segments.last_mut().unwrap() = Segment::Navigation(name);
            }
        }
        chain
    }

    /// The last navigation segment (`channels` for `/teams/{team-id}/channels`).
    pub fn last_navigation(&self) -> Option<&str> {
        self.segments.iter().rev().find_map(|s| match s {
            Segment::Navigation(name) => Some(name.as_str()),
            _ => None,
        })
    }

    /// True when the path ends with a key (`/chats/{chat-id}`): it names one item.
    pub fn ends_with_key(&self) -> bool {
        matches!(self.segments.last(), Some(Segment::Key { .. }))
    }

    /// Namespace words of every step (`users`, `item`, `getMemberGroups`).
    pub fn namespace_words(&self) -> Vec<String> {
        self.segments.iter().map(Segment::namespace_word).collect()
    }

    /// The request-builder class of the whole chain (`MembersRequestBuilder`).
    pub fn builder_class(&self) -> String {
        let stem = self.segments.last().map(Segment::builder_stem).unwrap_or_default();
        format!("{stem}RequestBuilder")
    }

    /// `graphClient.Teams["{team-id}"].Channels`
    pub fn csharp(&self) -> String {
        let mut out = String::from("graphClient");
        for segment in &self.segments {
            match segment {
                Segment::Key { value, .. } => {
                    out.push_str(&format!("[{}]", csharp::string_literal(value)))
                }
                Segment::Function { params, typed, .. } => {
                    let date = |v: &str| match is_date(v) {
                        true => format!("new Date(DateTime.Parse({}))", csharp::string_literal(v)),
                        false => format!("DateTimeOffset.Parse({})", csharp::string_literal(v)),
                    };
                    let args = args(params, typed, csharp::string_literal, "true", date);
                    out.push_str(&format!(".{}({args})", pascal(&segment.namespace_word())));
                }
                _ => out.push_str(&format!(".{}", pascal(&segment.namespace_word()))),
            }
        }
        out
    }

    /// `graphClient.teams().byTeamId("{team-id}").channels()`
    pub fn java(&self) -> String {
        let mut out = String::from("graphClient");
        for segment in &self.segments {
            match segment {
                Segment::Key { param, value } => {
                    out.push_str(&format!(".by{}({})", pascal(param), java::string_literal(value)))
                }
                Segment::Function { params, typed, .. } => {
                    let date = |v: &str| match is_date(v) {
                        true => format!("LocalDate.parse({})", java::string_literal(v)),
                        false => format!("OffsetDateTime.parse({})", java::string_literal(v)),
                    };
                    let args = args(params, typed, java::string_literal, "true", date);
                    out.push_str(&format!(".{}({args})", java::member(&segment.namespace_word())));
                }
                _ => out.push_str(&format!(".{}()", java::member(&segment.namespace_word()))),
            }
        }
        out
    }

    /// `graph_client.teams.by_team_id('team-id').channels`
    pub fn python(&self) -> String {
        let mut out = String::from("graph_client");
        for segment in &self.segments {
            match segment {
                Segment::Key { param, value } => {
                    let shown = strip_braces(value).unwrap_or(value);
                    out.push_str(&format!(
                        ".by_{}({})",
                        snake(param),
                        python::single_quoted(shown)
                    ));
                }
                Segment::Function { params, typed, .. } => {
                    let literal = |v: &str| python::string_literal(strip_braces(v).unwrap_or(v));
                    let args = args(params, typed, literal, "True", literal);
                    out.push_str(&format!(".{}({args})", snake(&segment.namespace_word())));
                }
                _ => {
                    out.push('.');
                    out.push_str(&python::identifier(&snake(&segment.namespace_word())));
                }
            }
        }
        out
    }
}

/// Namespace words as the Java and Python SDKs lay out their packages: they serve `/me` from the
/// `users/{user-id}` request builders, so a leading `me` is `users`, `item` there (the .NET SDK
/// keeps a `Me` namespace).
pub fn me_as_user_item(words: &[String]) -> Vec<String> {
    match words.split_first() {
        Some((first, rest)) if first == "me" => ["users".to_string(), "item".to_string()]
            .into_iter()
            .chain(rest.iter().cloned())
            .collect(),
        _ => words.to_vec(),
    }
}

/// Function arguments, comma-separated, in the order of the SDK method's parameters: sorted by
/// name (Kiota orders them so; the method's name keeps the path order:
/// `getActivitiesByIntervalWithStartDateTimeWithEndDateTimeWithInterval(endDateTime, interval,
/// startDateTime)`). A quoted value is a string as `literal` spells it; an unquoted number is
/// written as it is, an unquoted `true`/`false` as the language's Boolean (`true_word` for
/// `true`), and an unquoted date-time (`2024-01-01T00:00:00Z`) or date (`2024-01-01`) as
/// `date_time` spells it.
fn args(
    params: &[(String, String)],
    typed: &[bool],
    literal: impl Fn(&str) -> String,
    true_word: &str,
    date_time: impl Fn(&str) -> String,
) -> String {
    let mut order: Vec<usize> = (0..params.len()).collect();
    order.sort_by(|&a, &b| params[a].0.cmp(&params[b].0));
    let false_word = if true_word == "True" { "False" } else { "false" };
    order
        .into_iter()
        .map(|i| {
            let value = params[i].1.as_str();
            match (typed.get(i).copied().unwrap_or(false), value) {
                (true, "true") => true_word.to_string(),
                (true, "false") => false_word.to_string(),
                (true, v) if v.parse::<f64>().is_ok() => v.to_string(),
                (true, v) if is_date_time(v) || is_date(v) => date_time(v),
                _ => literal(value),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `2024-01-01`: an OData Date literal (Java `LocalDate`, C# Kiota `Date`).
fn is_date(v: &str) -> bool {
    let bytes = v.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && v.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// `2024-01-01T00:00:00Z`: an OData DateTimeOffset literal (digits, `-`, `T`, `:`, `.`, a zone).
fn is_date_time(v: &str) -> bool {
    let bytes = v.as_bytes();
    bytes.len() >= 20
        && bytes[4] == b'-'
        && bytes[10] == b'T'
        && v.chars().all(|c| c.is_ascii_digit() || "-T:.Z+".contains(c))
}

/// Appends the segment(s) one raw path segment makes.
fn push_segment(segments: &mut Vec<Segment>, raw: &str) {
    let previous = match segments.last() {
        Some(Segment::Navigation(name)) => Some(name.clone()),
        _ => None,
    };
    if let Some(system) = raw.strip_prefix('$') {
        segments.push(Segment::System(system.to_string()));
    } else if let Some(inner) = strip_braces(raw) {
        let param = match (&previous, inner) {
            (Some(collection), "id") => format!("{}-id", singular(&member_name(collection))),
            _ => inner.to_string(),
        };
        segments.push(Segment::Key { param, value: raw.to_string() });
    } else if let Some(function) = function_call(raw) {
        segments.push(function);
    } else if let Some((name, key)) = odata_key(raw) {
        segments.push(Segment::Navigation(name.to_string()));
        let param = format!("{}-id", singular(name));
        segments.push(Segment::Key { param, value: key.to_string() });
    } else if let Some(cast) = cast(raw) {
        segments.push(Segment::Cast(cast.to_string()));
    } else if let (Some(collection), true) = (&previous, looks_like_key(raw)) {
        let param = format!("{}-id", singular(&member_name(collection)));
        segments.push(Segment::Key { param, value: raw.to_string() });
    } else {
        segments.push(Segment::Navigation(raw.to_string()));
    }
}

/// `microsoft.graph.user` -> `user` (a namespace-qualified segment without parentheses).
fn cast(raw: &str) -> Option<&str> {
    let name = raw.strip_prefix("microsoft.graph.")?;
    (!name.is_empty() && !name.contains(['(', ')', '.'])).then_some(name)
}

/// `name(a='x',b=2)` -> a function with named parameters (quotes removed from values).
fn function_call(raw: &str) -> Option<Segment> {
    let (name, rest) = raw.split_once('(')?;
    let inner = rest.strip_suffix(')')?;
    if !inner.contains('=') {
        return None;
    }
    let pairs = inner
        .split(',')
        .map(|pair| {
            let (p, v) = pair.split_once('=')?;
            let v = v.trim();
            let unquoted = v.strip_prefix('\'').and_then(|x| x.strip_suffix('\''));
            Some(((p.trim().to_string(), unquoted.unwrap_or(v).to_string()), unquoted.is_none()))
        })
        .collect::<Option<Vec<_>>>()?;
    let (params, typed): (Vec<(String, String)>, Vec<bool>) = pairs.into_iter().unzip();
    let name = name.strip_prefix("microsoft.graph.").unwrap_or(name).to_string();
    if params.iter().all(|(_, v)| v.starts_with('@')) {
        return Some(Segment::Navigation(alias_function_name(&name, inner)));
    }
    Some(Segment::Function { name, params, typed })
}

/// A function whose every argument is a parameter alias (`f(userId='@userId')`, the values
/// given in the query string) takes no arguments in the SDKs: Kiota names its step after the
/// whole segment, dropping the parenthesis and upper-casing the letter after every other
/// character it drops: `doesUserHaveAccess(userId='@userId',tenantId='@tenantId')` ->
/// `doesUserHaveAccessuserIdUserIdTenantIdTenantId` (msgraph-sdk's
/// `does_user_have_accessuser_id_user_id_tenant_id_tenant_id_..._request_builder.py`).
fn alias_function_name(name: &str, arguments: &str) -> String {
    let mut out = name.to_string();
    let mut upper = false;
    for c in arguments.chars() {
        if c.is_alphanumeric() {
            out.extend(if upper { c.to_uppercase().collect::<Vec<_>>() } else { vec![c] });
            upper = false;
        } else {
            upper = true;
        }
    }
    out
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

/// A literal segment that is a key rather than a navigation property: it is not an identifier
/// (navigation properties such as `b2xUserFlows`, `fido2Methods` or `alerts_v2` are: letters,
/// digits and `_`, starting with a letter) and is neither a bound operation nor a `$` system
/// segment; an id such as `8b081ef6-...`, `jacob@contoso.com` or `42` is a key.
fn looks_like_key(raw: &str) -> bool {
    let identifier = raw.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    !raw.starts_with('$') && !raw.starts_with(GRAPH_NAMESPACE) && !raw.ends_with(')') && !identifier
}

/// The SDK member name of a segment: bound operations lose the Graph namespace and parentheses
/// (`microsoft.graph.delta()` -> `delta`); one in a sub-namespace keeps its whole qualified name
/// in camelCase, as Kiota names it (`microsoft.graph.security.close` ->
/// `microsoftGraphSecurityClose`).
fn member_name(segment: &str) -> String {
    let name = segment.strip_suffix("()").unwrap_or(segment);
    match name.strip_prefix(GRAPH_NAMESPACE) {
        Some(local) if local.contains('.') => camel(name),
        Some(local) => local.to_string(),
        None => name.to_string(),
    }
}

/// The name of a bound operation without any namespace (`microsoft.graph.security.close` ->
/// `close`): what Kiota names its request-body class after (`ClosePostRequestBody`).
pub fn operation_name(segment: &str) -> &str {
    let name = segment.strip_suffix("()").unwrap_or(segment);
    name.rsplit('.').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(path: &str) -> [String; 3] {
        let chain = RequestChain::parse(path);
        [chain.csharp(), chain.java(), chain.python()]
    }

    #[test]
    fn functions_of_parameter_aliases_take_no_arguments() {
        let path = "/teams/{team-id}/channels/{channel-id}/microsoft.graph.doesUserHaveAccess(userId='@userId',tenantId='@tenantId')";
        let [cs, java, py] = all(path);
        assert!(cs.ends_with(".DoesUserHaveAccessuserIdUserIdTenantIdTenantId"), "{cs}");
        assert!(java.ends_with(".doesUserHaveAccessuserIdUserIdTenantIdTenantId()"), "{java}");
        assert!(py.ends_with(".does_user_have_accessuser_id_user_id_tenant_id_tenant_id"), "{py}");
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
    fn casts_system_segments_and_functions() {
        assert_eq!(
            all("/groups/{group-id}/members/microsoft.graph.user/$count"),
            [
                r#"graphClient.Groups["{group-id}"].Members.GraphUser.Count"#,
                r#"graphClient.groups().byGroupId("{group-id}").members().graphUser().count()"#,
                "graph_client.groups.by_group_id('group-id').members.graph_user.count",
            ]
        );
        assert_eq!(
            all("/groups/{id}/members/{directoryObject-id}/$ref")[2],
            "graph_client.groups.by_group_id('id').members.by_directory_object_id('directoryObject-id').ref"
        );
        assert_eq!(all("/users/delta()")[1], "graphClient.users().delta()");
        assert_eq!(all("/me/photo/$value")[0], "graphClient.Me.Photo.Content");
        assert_eq!(
            all("/reports/getOffice365ActiveUserDetail(period='D7')"),
            [
                r#"graphClient.Reports.GetOffice365ActiveUserDetailWithPeriod("D7")"#,
                r#"graphClient.reports().getOffice365ActiveUserDetailWithPeriod("D7")"#,
                r#"graph_client.reports.get_office365_active_user_detail_with_period("D7")"#,
            ]
        );
        let chain = RequestChain::parse("/groups/{group-id}/members");
        assert_eq!(chain.builder_class(), "MembersRequestBuilder");
        assert_eq!(chain.namespace_words(), ["groups", "item", "members"]);
        let chain = RequestChain::parse("/groups/{group-id}");
        assert_eq!(chain.builder_class(), "GroupItemRequestBuilder");
    }

    #[test]
    fn kiota_naming_found_by_the_graph_sample() {
        // An identifier with digits or `_` is a navigation step, not a key.
        assert_eq!(
            all("/identity/b2xUserFlows/{id}")[1],
            r#"graphClient.identity().b2xUserFlows().byB2xUserFlowId("{id}")"#
        );
        assert_eq!(all("/security/alerts_v2")[2], "graph_client.security.alerts_v2");
        // Reserved words, escaped as each SDK's generator does.
        assert_eq!(
            all("/drives/{drive-id}/list")[2],
            "graph_client.drives.by_drive_id('drive-id').list_"
        );
        assert_eq!(
            all("/education/me/assignments/{a-id}/submissions/{s-id}/return")[1],
            r#"graphClient.education().me().assignments().byAId("{a-id}").submissions().bySId("{s-id}").returnEscaped()"#
        );
        // An operation in a sub-namespace keeps its qualified name.
        assert_eq!(
            all("/security/cases/ediscoveryCases/{id}/microsoft.graph.security.close")[2],
            "graph_client.security.cases.ediscovery_cases.by_ediscovery_case_id('id').microsoft_graph_security_close"
        );
        // Function arguments in the SDK method's order (by name), typed when unquoted.
        assert_eq!(
            all("/drives/{d}/items/{i}/getActivitiesByInterval(startDateTime='a',endDateTime='b',interval='c')")[1],
            r#"graphClient.drives().byD("{d}").items().byI("{i}").getActivitiesByIntervalWithStartDateTimeWithEndDateTimeWithInterval("b", "c", "a")"#
        );
        assert_eq!(
            all("/workbook/tables/itemAt(index=1)")[2],
            "graph_client.workbook.tables.item_at_with_index(1)"
        );
        assert_eq!(
            all("/reports/f(d=2024-01-01T00:00:00Z,on=true)")[1],
            r#"graphClient.reports().fWithDWithOn(OffsetDateTime.parse("2024-01-01T00:00:00Z"), true)"#
        );
    }

    #[test]
    fn ends_and_last() {
        let chain = RequestChain::parse("/teams/{team-id}/channels/{channel-id}");
        assert!(chain.ends_with_key());
        assert_eq!(chain.last_navigation(), Some("channels"));
    }
}
