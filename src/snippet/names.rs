//! Identifier spelling shared by the generators: splitting JSON keys and schema names into words
//! and joining them as PascalCase (C# members, SDK classes), camelCase (Java variables and
//! request builders) or snake_case (Python arguments and modules), plus singular forms of path
//! segments for key parameter names.

/// Splits a name into words: at non-alphanumeric characters, at a lower-case letter or digit
/// followed by an upper-case one, and before the last capital of a capital run that starts a new
/// word (`HTMLBody` -> `HTML`, `Body`). Word text keeps its original case.
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            push_word(&mut out, &mut current);
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let hump = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if hump {
            push_word(&mut out, &mut current);
        }
        current.push(c);
    }
    push_word(&mut out, &mut current);
    out
}

/// Moves a finished word into `out`.
fn push_word(out: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        out.push(std::mem::take(current));
    }
}

/// Upper-cases the first character.
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lower-cases the first character.
pub fn decapitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `chatType` -> `ChatType`, `@odata.type` -> `OdataType`.
pub fn pascal(name: &str) -> String {
    words(name).iter().map(|w| capitalize(w)).collect()
}

/// `ChatType` -> `chatType`, `user@odata.bind` -> `userOdataBind`.
pub fn camel(name: &str) -> String {
    decapitalize(&pascal(name))
}

/// Kiota's snake_case (Python modules, properties and arguments): the name's parts (split at
/// characters that are neither letters nor digits) joined with `_`, each capital starting a
/// word of its own, so capital runs split letter by letter as msgraph-sdk spells them:
/// `chatType` -> `chat_type`, `iCalUId` -> `i_cal_u_id`, `F_Dist_RT` -> `f_dist_r_t`,
/// `allowedAAGUIDs` -> `allowed_a_a_g_u_i_ds`.
pub fn snake(name: &str) -> String {
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('_');
        }
        for (i, c) in part.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Kiota's class and enum-member spelling in Python and C#: the name without characters other
/// than letters, digits and `_`, first letter upper-cased, underscores kept (`z_Test` ->
/// `Z_Test`, `tls1_0` -> `Tls1_0`), where [`pascal`] drops them (Java's `ZTest`).
pub fn upper_first(name: &str) -> String {
    let kept: String = name.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect();
    capitalize(&kept)
}

/// The singular of a plural path segment (`teams` -> `team`, `policies` -> `policy`).
pub fn singular(segment: &str) -> String {
    if let Some(stem) = segment.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes"] {
        if segment.ends_with(suffix) {
            return segment[..segment.len() - 2].to_string();
        }
    }
    match segment.strip_suffix('s') {
        Some(stem) if !segment.ends_with("ss") => stem.to_string(),
        _ => segment.to_string(),
    }
}

/// The Graph namespace the SDKs generate their models under (`models`): a schema type named
/// `microsoft.graph.user` is the model `User`, one in a sub-namespace
/// (`microsoft.graph.security.ediscoveryCase`) is `EdiscoveryCase` in the `security` models
/// package, and a type named without namespace (`chat`, the shipped schema's) is `Chat`.
pub const GRAPH_NAMESPACE: &str = "microsoft.graph.";

/// A model class as Kiota lays it out: the sub-namespace words under `models` (empty for the
/// Graph namespace itself) and the PascalCase class name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// Sub-namespace below the models package, as written (`security`, `externalConnectors`).
    pub namespace: Vec<String>,
    /// Class name (`EdiscoveryCase`).
    pub class: String,
}

/// The model class of a schema type name (see [`GRAPH_NAMESPACE`]).
pub fn model(type_name: &str) -> Model {
    let local = type_name.strip_prefix(GRAPH_NAMESPACE).unwrap_or(type_name);
    let mut parts: Vec<String> = local.split('.').map(str::to_string).collect();
    let class = pascal(&parts.pop().unwrap_or_default());
    if !type_name.starts_with(GRAPH_NAMESPACE) {
        // An unqualified or foreign name: only its last dotted part names the class.
        parts.clear();
    }
    Model { namespace: parts, class }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_joins() {
        assert_eq!(words("aadUserConversationMember"), ["aad", "User", "Conversation", "Member"]);
        assert_eq!(words("HTMLBody"), ["HTML", "Body"]);
        assert_eq!(pascal("@odata.type"), "OdataType");
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(snake("iCalUId"), "i_cal_u_id");
        assert_eq!(camel("user@odata.bind"), "userOdataBind");
        assert_eq!(pascal("oneOnOne"), "OneOnOne");
        assert_eq!(snake("team-id"), "team_id");
        assert_eq!(snake("F_Dist_RT"), "f_dist_r_t");
        assert_eq!(snake("allowedAAGUIDs"), "allowed_a_a_g_u_i_ds");
        assert_eq!(snake("Bin2Dec"), "bin2_dec");
        assert_eq!(upper_first("z_Test"), "Z_Test");
        assert_eq!(upper_first("tls1_0"), "Tls1_0");
        assert_eq!(pascal("team-id"), "TeamId");
    }

    #[test]
    fn models() {
        assert_eq!(model("chat"), Model { namespace: vec![], class: "Chat".into() });
        assert_eq!(model("microsoft.graph.user").class, "User");
        let m = model("microsoft.graph.externalConnectors.externalItem");
        assert_eq!(
            (m.namespace, m.class.as_str()),
            (vec!["externalConnectors".to_string()], "ExternalItem")
        );
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("teams"), "team");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("me"), "me");
        assert_eq!(singular("access"), "access");
    }
}
