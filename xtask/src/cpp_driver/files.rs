//! File-system steps of the provisioning: listing, linking, removing.

use std::fs;
use std::path::Path;

/// The names of the entries of `dir`, sorted.
pub(crate) fn list_dir(dir: &Path) -> Result<Vec<String>, String> {
    let entries =
        fs::read_dir(dir).map_err(|err| format!("cannot list {}: {err}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| format!("cannot list {}: {err}", dir.display()))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

/// Creates the symbolic link `link` pointing at `target`.
pub(crate) fn symlink(target: &Path, link: &Path) -> Result<(), String> {
    #[cfg(unix)]
    let result = std::os::unix::fs::symlink(target, link);
    #[cfg(not(unix))]
    let result: std::io::Result<()> = Err(std::io::ErrorKind::Unsupported.into());
    result.map_err(|err| {
        format!(
            "cannot link {} to {}: {err}",
            link.display(),
            target.display()
        )
    })
}

/// Removes a file, link or directory tree if it exists.
pub(crate) fn remove(path: &Path) -> Result<(), String> {
    let result = match fs::symlink_metadata(path) {
        Err(_) => return Ok(()),
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
    };
    result.map_err(|err| format!("cannot remove {}: {err}", path.display()))
}
