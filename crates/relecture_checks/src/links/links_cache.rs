//! The links cache of `--online`: when each URL was last found alive, kept in one file that
//! relecture recognises as its own.
//!
//! The file is read and written through [`Folder`]: never through a symbolic link, never a FIFO
//! or other non-regular file, written 0600 through an exclusive temporary renamed over it. A file
//! that is not a links cache relecture wrote (no `format` header of ours, nor the shape of an
//! older version's) is neither used nor overwritten. A time after now (a far-future entry) counts
//! as expired.

use std::collections::BTreeMap;
use std::path::Path;

use super::LinksConfig;
use relecture_core::confined::{Folder, Found};

/// The format of the file, its first key: `relecture_engine::store::LINKS_CACHE_HEADER` is how
/// its serialisation starts.
const FORMAT: &str = "relecture-links-cache-2";

/// The largest cache file read; a larger one is not ours.
const MAX_SIZE: u64 = 64 << 20;

#[derive(serde::Serialize)]
struct Written<'a> {
    format: &'static str,
    alive: &'a BTreeMap<String, u64>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Current {
    format: String,
    alive: BTreeMap<String, u64>,
}

/// The file of versions before the format header.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Unversioned {
    alive: BTreeMap<String, u64>,
}

/// The links cache of a run.
pub(super) struct LinksCache {
    /// The folder and the path inside it; `None`: no cache.
    file: Option<(Folder, String)>,
    /// Whether the file is ours to write: missing, or a cache relecture wrote.
    writable: bool,
    /// URL → when it was last found alive (seconds since the epoch).
    pub(super) alive: BTreeMap<String, u64>,
}

impl LinksCache {
    /// The cache `settings` name, as of `now`: empty and never written when there is none, when
    /// it cannot be read as ours, or when it is a link or not a regular file.
    pub(super) fn open(settings: &LinksConfig, now: u64) -> Self {
        let mut cache = Self { file: place(settings), writable: false, alive: BTreeMap::new() };
        let Some((folder, relative)) = &cache.file else { return cache };
        match folder.read(relative, MAX_SIZE) {
            Ok(Found::Missing) => cache.writable = true,
            Ok(Found::Opened(Ok(bytes))) => {
                if let Some(alive) = parse(&bytes) {
                    cache.writable = true;
                    cache.alive = alive.into_iter().filter(|&(_, checked)| checked <= now).collect();
                }
            }
            _ => {}
        }
        cache
    }

    /// When `url` was found alive and that is less than `ttl` seconds before `now`.
    pub(super) fn fresh(&self, url: &str, now: u64, ttl: u64) -> bool {
        self.alive.get(url).is_some_and(|&checked| checked <= now && now - checked < ttl)
    }

    /// Writes the cache, without the entries older than `ttl`; a cache that cannot be written
    /// only costs requests next time.
    pub(super) fn save(mut self, now: u64, ttl: u64) {
        let Some((folder, relative)) = self.file.take().filter(|_| self.writable) else { return };
        self.alive.retain(|_, checked| now.saturating_sub(*checked) < ttl);
        let Ok(text) = serde_json::to_string_pretty(&Written { format: FORMAT, alive: &self.alive }) else {
            return;
        };
        let _ = folder.write_private(&relative, |w| std::io::Write::write_all(w, (text + "\n").as_bytes()));
    }
}

/// What a cache file holds, `None` when it is not a links cache relecture wrote.
fn parse(bytes: &[u8]) -> Option<BTreeMap<String, u64>> {
    if let Ok(current) = serde_json::from_slice::<Current>(bytes) {
        return (current.format == FORMAT).then_some(current.alive);
    }
    serde_json::from_slice::<Unversioned>(bytes).ok().map(|old| old.alive)
}

/// The folder the cache is in and its path there: `cache` inside `cache_folder` (confined to it
/// component by component), or an absolute `cache` in its parent folder (opened as the user named
/// it; the file itself never through a link).
fn place(settings: &LinksConfig) -> Option<(Folder, String)> {
    if settings.cache.is_empty() {
        return None;
    }
    if let Some(folder) = &settings.cache_folder {
        relecture_core::confined::components(&settings.cache)?;
        return Some((Folder::open(folder).ok()?, settings.cache.clone()));
    }
    let path = Path::new(&settings.cache);
    if !path.is_absolute() {
        return None;
    }
    let name = path.file_name()?.to_str()?.to_string();
    Some((Folder::open(path.parent()?).ok()?, name))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn settings(folder: &Path, cache: &str) -> LinksConfig {
        LinksConfig { cache: cache.into(), cache_folder: Some(folder.to_path_buf()), ..LinksConfig::default() }
    }

    #[test]
    fn the_file_starts_as_the_store_recognises_it() {
        let dir = tempfile::tempdir().unwrap();
        let settings = settings(dir.path(), "links-cache.json");
        let mut cache = LinksCache::open(&settings, 100);
        cache.alive.insert("https://example.org/".into(), 100);
        cache.save(100, 86_400);
        let bytes = std::fs::read(dir.path().join("links-cache.json")).unwrap();
        assert!(bytes.starts_with(relecture_engine::store::LINKS_CACHE_HEADER));
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(dir.path().join("links-cache.json")).unwrap().permissions(),
        );
        assert_eq!(mode & 0o777, 0o600);
        let again = LinksCache::open(&settings, 200);
        assert!(again.fresh("https://example.org/", 200, 86_400));
        assert!(!again.fresh("https://example.org/", 200, 50));
    }

    /// The cache goes through the writer of kept results: a new file renamed over the old one
    /// (a reader never sees half a cache), no temporary file left beside it.
    #[test]
    fn the_file_is_replaced_whole_never_written_in_place() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let settings = settings(dir.path(), "links-cache.json");
        let path = dir.path().join("links-cache.json");
        let mut cache = LinksCache::open(&settings, 100);
        cache.alive.insert("https://a.org/".into(), 100);
        cache.save(100, 86_400);
        let first = std::fs::metadata(&path).unwrap().ino();
        // A reader holding the old file keeps reading the old text.
        let old = std::fs::File::open(&path).unwrap();
        let mut cache = LinksCache::open(&settings, 200);
        cache.alive.insert("https://b.org/".into(), 200);
        cache.save(200, 86_400);
        assert_ne!(std::fs::metadata(&path).unwrap().ino(), first);
        assert!(!std::io::read_to_string(old).unwrap().contains("https://b.org/"));
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["links-cache.json"]);
        assert!(std::fs::read_to_string(&path).unwrap().contains("https://b.org/"));
    }

    #[test]
    fn a_time_after_now_is_expired() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("links-cache.json"),
            format!(
                "{{\"format\": \"{FORMAT}\", \"alive\": {{\"https://a.org/\": 99999999999, \"https://b.org/\": 90}}}}"
            ),
        )
        .unwrap();
        let cache = LinksCache::open(&settings(dir.path(), "links-cache.json"), 100);
        assert!(!cache.fresh("https://a.org/", 100, u64::MAX));
        assert!(cache.fresh("https://b.org/", 100, 86_400));
        assert!(!cache.alive.contains_key("https://a.org/"));
    }

    #[test]
    fn a_file_not_ours_is_never_overwritten_nor_a_link_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hook"), "#!/bin/sh\necho mine\n").unwrap();
        std::fs::write(dir.path().join("other.json"), "{\"alive\": {}, \"mine\": 1}").unwrap();
        std::fs::write(outside.path().join("target"), "untouched").unwrap();
        std::os::unix::fs::symlink(outside.path().join("target"), dir.path().join("link.json")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).unwrap();
        for name in ["hook", "other.json", "link.json", "linked/target", "linked/new.json", "../escape.json"] {
            let mut cache = LinksCache::open(&settings(dir.path(), name), 100);
            cache.alive.insert("https://example.org/".into(), 100);
            cache.save(100, 86_400);
        }
        assert_eq!(std::fs::read_to_string(dir.path().join("hook")).unwrap(), "#!/bin/sh\necho mine\n");
        assert_eq!(std::fs::read_to_string(dir.path().join("other.json")).unwrap(), "{\"alive\": {}, \"mine\": 1}");
        assert_eq!(std::fs::read_to_string(outside.path().join("target")).unwrap(), "untouched");
        assert!(!outside.path().join("new.json").exists());
        // An older version's file is ours: used and written in the new format.
        std::fs::write(dir.path().join("old.json"), "{\"alive\": {\"https://a.org/\": 90}}").unwrap();
        let cache = LinksCache::open(&settings(dir.path(), "old.json"), 100);
        assert!(cache.fresh("https://a.org/", 100, 86_400));
        cache.save(100, 86_400);
        assert!(
            std::fs::read(dir.path().join("old.json"))
                .unwrap()
                .starts_with(relecture_engine::store::LINKS_CACHE_HEADER)
        );
    }

    #[test]
    fn an_absolute_cache_is_written_in_its_folder_never_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("target"), "untouched").unwrap();
        std::os::unix::fs::symlink(outside.path().join("target"), dir.path().join("cache.json")).unwrap();
        let absolute =
            |name: &str| LinksConfig { cache: dir.path().join(name).display().to_string(), ..LinksConfig::default() };
        for name in ["cache.json", "fresh.json"] {
            let mut cache = LinksCache::open(&absolute(name), 100);
            cache.alive.insert("https://example.org/".into(), 100);
            cache.save(100, 86_400);
        }
        assert_eq!(std::fs::read_to_string(outside.path().join("target")).unwrap(), "untouched");
        assert!(
            std::fs::read(dir.path().join("fresh.json"))
                .unwrap()
                .starts_with(relecture_engine::store::LINKS_CACHE_HEADER)
        );
        // A relative path without a folder to be confined to: no cache.
        assert!(place(&LinksConfig { cache: "cache.json".into(), ..LinksConfig::default() }).is_none());
    }
}
