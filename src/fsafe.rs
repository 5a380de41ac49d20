//! File safety for every loader: reading project files without following symbolic links
//! (the file itself or a folder between the project root and it), refusing FIFOs, sockets and
//! device files before they are opened, bounding file sizes, and checking each listed entry's
//! name for portability ([`crate::names`]). Depends only on `diag`, `limits` and `names`, so
//! `spec`, `localize`, `render`, `check`, `cache` and `write` all read files through it.

use crate::diag::SourceError;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Checks one entry of a source folder (`content/`, `locales/`, `templates/`), `shown`
/// relative to the project root: a FIFO, socket or device file is refused (never opened), and
/// so is a name reserved on Windows or ending in a dot or a space, or the twin of a name seen before in the same folder (see
/// [`crate::names::FolderNames`]).
pub fn check_source_entry(
    shown: &Path,
    kind: &std::fs::FileType,
    names: &mut crate::names::FolderNames,
) -> Result<()> {
    let name = shown.file_name().unwrap_or_default().to_string_lossy();
    if special_kind(kind).is_some() {
        return Err(special_file_error(shown, kind));
    }
    names.check(shown.parent().unwrap_or(Path::new("")), &name)
}

/// Reads a UTF-8 text file, naming it in the error; refuses it when it or a folder between the
/// project root and it is a symbolic link (see [`refuse_symlinks`]).
pub fn read_text(path: &Path, shown: &Path) -> Result<String> {
    refuse_symlinks(path, shown)?;
    read_listed(path, shown)
}

/// Reads a UTF-8 text file found by a walk that does not follow symbolic links, below a folder
/// already checked with [`refuse_symlinks`]: only the file itself can still be a link, and
/// opening it with `O_NOFOLLOW` refuses that without another `stat` per folder (thousands of
/// files are read on every build). A FIFO, socket or device is refused, never read.
pub fn read_listed(path: &Path, shown: &Path) -> Result<String> {
    let cannot = || format!("cannot read {}", shown.display());
    let (mut file, size) =
        open_regular(path, shown, std::fs::OpenOptions::new().read(true)).map_err(|e| {
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                anyhow::anyhow!("{}: it is a symbolic link; polydoc reads only real files and folders inside the project", shown.display())
            } else {
                e
            }
        })?;
    if size > MAX_FILE_BYTES {
        let why =
            format!("file is {size} bytes; polydoc reads files of at most {MAX_FILE_BYTES} bytes");
        return Err(crate::diag::FileError::new(shown, why).into());
    }
    let bytes = read_sized(&mut file, size).with_context(cannot)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
            Err(SourceError::at_offset(shown, &valid, offset, "file is not valid UTF-8").into())
        }
    }
}

/// Reads all of `file`, whose size `fstat` gave as `size`, into a buffer of that size: what
/// `read_to_end` does, without the `statx` and `lseek` it spends finding the size again
/// (two system calls per source file, tens of thousands per build). A file that grew since is
/// read to its end all the same.
fn read_sized(file: &mut std::fs::File, size: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = vec![0u8; usize::try_from(size).unwrap_or(usize::MAX).saturating_add(1)];
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    if filled == size as usize + 1 {
        // It grew: the rest as read_to_end reads it.
        file.read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// Opens `path` with `options` when it is a regular file, and returns it with its size. The
/// open never blocks and never follows a final symbolic link (`O_NONBLOCK | O_NOFOLLOW`), and
/// the opened file is checked with `fstat`: a FIFO, socket or device file is refused with an
/// error naming it as `shown`, so a planted named pipe cannot hang polydoc.
pub fn open_regular(
    path: &Path,
    shown: &Path,
    options: &std::fs::OpenOptions,
) -> Result<(std::fs::File, u64)> {
    let file =
        open_no_follow(path, options).map_err(|e| match std::fs::symlink_metadata(path) {
            Ok(m) if special_kind(&m.file_type()).is_some() => {
                special_file_error(shown, &m.file_type())
            }
            _ => anyhow::Error::new(e).context(format!("cannot open {}", shown.display())),
        })?;
    let meta = file.metadata().with_context(|| format!("cannot read {}", shown.display()))?;
    if !meta.is_file() {
        if meta.is_dir() {
            anyhow::bail!("{}: is a folder, where polydoc expects a file", shown.display());
        }
        return Err(special_file_error(shown, &meta.file_type()));
    }
    Ok((file, meta.len()))
}

/// What kind of special file `kind` is (`a FIFO (named pipe)`, `a socket`, `a device file`),
/// or `None` for regular files, folders and symbolic links.
pub fn special_kind(kind: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device file");
        }
    }
    (!(kind.is_file() || kind.is_dir() || kind.is_symlink())).then_some("a special file")
}

/// The error for special file `shown`: polydoc never opens one (a FIFO would block it).
pub fn special_file_error(shown: &Path, kind: &std::fs::FileType) -> anyhow::Error {
    let kind = special_kind(kind).unwrap_or("not a regular file");
    let why =
        format!("it is {kind}, not a regular file; polydoc never opens special files (remove it)");
    crate::diag::FileError::new(shown, why).into()
}

/// Opens `path` with `options`, failing (`ELOOP`) when `path` itself is a symbolic link, even
/// a dangling one, so nothing is read or created through it. The open never blocks
/// (`O_NONBLOCK`: a FIFO without a writer fails or returns at once instead of hanging).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn open_no_follow(
    path: &Path,
    options: &std::fs::OpenOptions,
) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
    options.clone().custom_flags(flags.bits() as i32).open(path)
}

/// Opens `path` with `options`, failing when `path` itself is a symbolic link (checked just
/// before opening where the platform has no `O_NOFOLLOW` here).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn open_no_follow(
    path: &Path,
    options: &std::fs::OpenOptions,
) -> std::io::Result<std::fs::File> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other("symbolic link"));
    }
    options.open(path)
}

/// Project files are read only when neither they nor a folder between the project root and
/// them is a symbolic link, so a contribution cannot make polydoc read (and publish) a file
/// outside the project. `shown` is the path relative to the project root; when `path` is not
/// `root/shown` (a file named on the command line) nothing is checked.
pub fn refuse_symlinks(path: &Path, shown: &Path) -> Result<()> {
    if shown.is_absolute() || path == shown {
        return Ok(());
    }
    let rel: Vec<_> = shown.components().collect();
    let all: Vec<_> = path.components().collect();
    if rel.len() >= all.len() || all[all.len() - rel.len()..] != rel[..] {
        return Ok(());
    }
    let mut at: PathBuf = all[..all.len() - rel.len()].iter().collect();
    let mut so_far = PathBuf::new();
    for c in rel {
        at.push(c);
        so_far.push(c);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            anyhow::bail!(
                "{}: {} is a symbolic link; polydoc reads only real files and folders inside the project",
                shown.display(),
                so_far.display()
            );
        }
    }
    Ok(())
}

/// Largest source file polydoc reads; larger ones are refused with a clear error.
pub const MAX_FILE_BYTES: u64 = crate::limits::MAX_FILE_BYTES;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_sized_reads_the_whole_file_whatever_size_fstat_gave() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        for text in ["", "a", "ünïcödé\n", &"x".repeat(70_000)] {
            std::fs::write(&path, text).unwrap();
            let mut file = std::fs::File::open(&path).unwrap();
            let size = file.metadata().unwrap().len();
            assert_eq!(read_sized(&mut file, size).unwrap(), text.as_bytes());
            // A file that grew (or shrank) after its size was taken is read to its end.
            for stale in [0, size / 2, size + 3] {
                let mut file = std::fs::File::open(&path).unwrap();
                assert_eq!(read_sized(&mut file, stale).unwrap(), text.as_bytes(), "{stale}");
            }
        }
    }
}
