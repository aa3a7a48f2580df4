//! The process's threads, from `/proc/self/task`: id and name.

use std::collections::BTreeMap;

/// Thread id → thread name (`comm`).
pub type Threads = BTreeMap<u32, String>;

/// The threads alive now (empty where `/proc` is not available).
pub fn snapshot() -> Threads {
    let mut out = Threads::new();
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return out;
    };
    for e in dir.flatten() {
        let Some(tid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let name = std::fs::read_to_string(e.path().join("comm")).unwrap_or_default();
        out.insert(tid, name.trim().to_string());
    }
    out
}

/// Threads in `now` that were not in `before`, except those whose name starts
/// with one of `ignore` (the runner's own runtime threads).
pub fn new_since(before: &Threads, now: &Threads, ignore: &[&str]) -> Vec<String> {
    now.iter()
        .filter(|(tid, _)| !before.contains_key(tid))
        .filter(|(_, name)| !ignore.iter().any(|p| name.starts_with(p)))
        .map(|(tid, name)| format!("{name}#{tid}"))
        .collect()
}

/// True when `/proc/self/task` can be read here.
pub fn available() -> bool {
    std::path::Path::new("/proc/self/task").is_dir()
}
