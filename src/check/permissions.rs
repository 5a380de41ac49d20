//! `permission-name`: the permission names of every spec against a catalog. A project may
//! declare its catalog in `content/permissions.yaml` (`permissions: [Chat.Create, ...]`);
//! every name a spec lists must then be in it. Without a catalog the names used across all
//! specs are their own catalog: a name used less often than a near-identical one (the same
//! apart from case, or an edit or two away: `Chat.ReadWrite.Al` beside `Chat.ReadWrite.All`)
//! is reported as a probable misspelling.

use super::finding::{Finding, Place, Rule};
use crate::spec::Operation;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// The catalog file, relative to the project root.
pub const CATALOG_FILE: &str = "content/permissions.yaml";

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    permissions: Vec<String>,
}

/// The declared catalog, when the project has one (a link is not followed: `None`).
pub fn load_catalog(root: &Path) -> Result<Option<Vec<String>>> {
    let path = root.join(CATALOG_FILE);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => {}
        _ => return Ok(None),
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {CATALOG_FILE}"))?;
    let file: CatalogFile = serde_saphyr::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{CATALOG_FILE}: not a permission catalog (`permissions: [Name, ...]`): {e}"
        )
    })?;
    Ok(Some(file.permissions))
}

/// Every permission name of `op` with its place in the spec file.
fn names(op: &Operation) -> Vec<(String, usize)> {
    let p = &op.spec.permissions;
    let all = [&p.delegated_work, &p.delegated_personal, &p.application].map(|l| l.all());
    let section = op.source.find("\npermissions:").map_or(0, |i| i + 1);
    let mut out = Vec::new();
    for name in all.into_iter().flatten() {
        let at = find_word(&op.source[section..], &name).map_or(section, |i| section + i);
        out.push((name, at));
    }
    out
}

/// Offset of `word` in `text` as a whole name (not part of a longer one).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let part = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '_';
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        !text[..i].chars().next_back().is_some_and(part)
            && !text[i + word.len()..].chars().next().is_some_and(part)
    })
}

/// `permission-name` for every spec of the site.
pub fn check(ops: &[Operation], catalog: Option<&[String]>, out: &mut Vec<Finding>) {
    let used: Vec<(&Operation, String, usize)> =
        ops.iter().flat_map(|op| names(op).into_iter().map(move |(n, at)| (op, n, at))).collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, n, _) in &used {
        *counts.entry(n.as_str()).or_default() += 1;
    }
    for (op, name, at) in &used {
        let place = Place::at_offset(&op.file, &op.source, *at);
        match catalog {
            Some(known) if !known.contains(name) => {
                let close = closest(name, known.iter().map(String::as_str));
                out.push(finding(
                    place,
                    name,
                    close,
                    &format!("is not in the catalog {CATALOG_FILE}"),
                ));
            }
            Some(_) => {}
            None => {
                let mine = counts[name.as_str()];
                let better = counts
                    .iter()
                    .filter(|(n, c)| **c > mine && **n != name && near(name, n))
                    .max_by_key(|(_, c)| **c)
                    .map(|(n, _)| *n);
                if let Some(other) = better {
                    out.push(finding(place, name, Some(other), "is probably misspelt"));
                }
            }
        }
    }
}

fn finding(place: Place, name: &str, close: Option<&str>, what: &str) -> Finding {
    let hint = match close {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("use a permission of the service (declare new ones in {CATALOG_FILE})"),
    };
    let near = close.map(|c| format!(" (`{c}` is)")).unwrap_or_default();
    Finding::new(
        Rule::PermissionName,
        place,
        format!("permission `{name}` {what}{near}"),
        name,
        hint,
    )
}

/// The catalog name closest to `name` (edit distance at most 3, ignoring case).
fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    known
        .map(|k| (strsim::levenshtein(&lower, &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, k)| k)
}

/// Near-identical names: equal ignoring case, or the same dot-separated parts but one, which
/// is one edit away (`Chat.ReadWirte`) or a prefix two letters short at most
/// (`Chat.ReadWrite.Al`); `Mail.Read` and `Mail.Send` are two permissions, not a typo.
fn near(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    if pa.len() != pb.len() {
        return false;
    }
    let differing: Vec<(&str, &str)> = pa.into_iter().zip(pb).filter(|(x, y)| x != y).collect();
    match differing.as_slice() {
        [(x, y)] => {
            let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
            strsim::osa_distance(x, y) == 1
                || (long.starts_with(short) && long.len() - short.len() <= 2 && !short.is_empty())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_share_their_resource_and_shape() {
        assert!(near("Chat.ReadWrite.Al", "Chat.ReadWrite.All"));
        assert!(near("chat.readwrite", "Chat.ReadWrite"));
        assert!(!near("Mail.Read", "Mail.Send"));
        assert!(!near("Chat.Read", "Chat.Read.All"));
        assert!(!near("Team.Read", "User.Read"));
        assert_eq!(
            closest("Chat.ReadWrte", ["Chat.ReadWrite", "Chat.Create"].into_iter()),
            Some("Chat.ReadWrite")
        );
    }
}
