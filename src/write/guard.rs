//! Which output folders polydoc may replace: never `/`, the home folder, the project root or an
//! ancestor of it, a folder holding `content/`, `locales/` or `templates/`, a folder inside (or
//! equal to) one of those source folders, something that is not a folder, nor a non-empty folder
//! polydoc did not create. The checks run on the path as given and on the real path, so a
//! symbolic link cannot smuggle a protected folder past them. An output written in another
//! format (`.polydoc-output` records it) is only replaced with `--force`.
//!
//! An `--out` that is a symbolic link (`public -> /var/www/site`) is resolved first
//! ([`resolve_output`]): the build replaces the folder it points to, the swap happens beside that
//! folder, and the link itself stays as it is.

use super::MARKER;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Refuses output folders polydoc must never replace (see the module header).
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    check_output_path(out, &absolute(out)?, &absolute(root)?)?;
    // The same checks on the real paths, so a symbolic link (`public -> ..`, `site -> ~`) or
    // a symlinked project root cannot smuggle a protected folder past them.
    if let (Some(real_out), Ok(real_root)) = (real_path(out), std::fs::canonicalize(root)) {
        check_output_path(out, &real_out, &real_root)?;
    }
    Ok(())
}

/// The real path of `p`, also when it does not exist yet: its deepest existing ancestor
/// resolved (links followed), then the rest. So `--out x/site` with `x -> content` is seen to
/// be inside `content/` before `site` exists.
fn real_path(p: &Path) -> Option<PathBuf> {
    let abs = absolute(p).ok()?;
    let mut rest = Vec::new();
    let mut at = abs.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            return Some(rest.iter().rev().fold(real, |acc, c| acc.join(c)));
        }
        rest.push(at.file_name()?.to_os_string());
        at = at.parent()?;
    }
}

/// The folder a build of `--out out` writes: `out` itself, or the folder it points to when it is
/// a symbolic link (followed to the end, so `public -> www -> /srv/site` gives `/srv/site`). A
/// link to nothing, or to something that is not a folder, is refused: replacing the link would
/// break whatever uses it, and writing through it would create a folder polydoc cannot vouch for.
pub fn resolve_output(out: &Path) -> Result<PathBuf> {
    // `public/` and `public/.` name the link too (the folder polydoc would rename is `public`),
    // so the link is looked for on the lexically cleaned path.
    let link = absolute(out)?;
    match std::fs::symlink_metadata(&link) {
        Ok(meta) if meta.file_type().is_symlink() => {}
        _ => return Ok(out.to_path_buf()),
    }
    let target = std::fs::read_link(&link).map(|t| t.display().to_string()).unwrap_or_default();
    match std::fs::canonicalize(&link) {
        Ok(real) if real.is_dir() => Ok(real),
        Ok(real) => bail!(
            "refusing to write the site to {}: it is a symbolic link to {}, which is not a folder",
            out.display(),
            real.display()
        ),
        Err(_) => bail!(
            "refusing to write the site to {}: it is a symbolic link to {target}, which does not exist; create that folder (polydoc then builds into it and keeps the link) or pass the real folder as --out",
            out.display()
        ),
    }
}

/// Refuses to replace an output written in another format than `format` (recorded in its
/// marker file), unless `force`: a `--format markdown` build must not silently replace the
/// HTML site in `public/`, nor the reverse. Markers of older polydoc versions, which record no
/// format, are taken as any format.
pub fn check_output_format(out: &Path, format: &str, force: bool) -> Result<()> {
    match super::output_format(out) {
        Some(previous) if previous != format && !force => bail!(
            "refusing to replace {}: it holds a `{previous}` output and this build writes `{format}`; pass another --out, or --force to replace it",
            out.display()
        ),
        _ => Ok(()),
    }
}

fn check_output_path(out: &Path, abs_out: &Path, abs_root: &Path) -> Result<()> {
    if abs_out.parent().is_none() {
        bail!("refusing to write the site to {}: it is the file system root", out.display());
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if home.is_some_and(|h| {
        absolute(&h).ok().as_deref() == Some(abs_out)
            || std::fs::canonicalize(&h).ok().as_deref() == Some(abs_out)
    }) {
        bail!("refusing to write the site to {}: it is the home folder", out.display());
    }
    if abs_root.starts_with(abs_out) {
        bail!(
            "refusing to write the site to {}: it is the project root or contains it",
            out.display()
        );
    }
    for source in ["content", "locales", "templates"] {
        // The output, and so the work folder beside it, must never land in a source folder:
        // the next build would read polydoc's own files as sources (and `serve` would rebuild
        // forever on its own writes).
        if abs_out.starts_with(abs_root.join(source)) {
            bail!(
                "refusing to write the site to {}: it is the source folder {source}/ or inside it; pick a folder outside content/, locales/ and templates/",
                out.display()
            );
        }
        if abs_out.join(source).exists() {
            bail!(
                "refusing to write the site to {}: it contains a {source}/ folder",
                out.display()
            );
        }
    }
    if std::fs::symlink_metadata(abs_out).is_ok() && !abs_out.is_dir() {
        bail!("refusing to replace {}: it is not a folder", out.display());
    }
    if abs_out.is_dir()
        && !abs_out.join(MARKER).is_file()
        && std::fs::read_dir(abs_out)?.next().is_some()
    {
        bail!("refusing to replace {}: it is not empty and was not written by polydoc (no {MARKER} file)", out.display());
    }
    Ok(())
}

/// `p` made absolute against the working folder, with `.` and `..` resolved lexically (so that
/// `out/..` is recognised as the folder holding `out`).
pub fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(p).with_context(|| format!("cannot resolve {}", p.display()))?;
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    Ok(clean)
}
