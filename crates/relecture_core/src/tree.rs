//! The files of the linted source (every file, not only articles), for checks that resolve paths.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// Looking files and folders up by repository-relative path.
pub trait FileLookup {
    /// Whether a file exists at `path`.
    fn has_file(&self, path: &str) -> bool;
    /// Whether a folder exists at `path` (`""` is the root).
    fn has_folder(&self, path: &str) -> bool;
    /// The file whose path is `path` but for case (sites that lowercase their URLs serve
    /// `ResourceType.md` at `/resourcetype/`), the first in order when several are.
    fn file_ignoring_case(&self, path: &str) -> Option<String> {
        self.has_file(path).then(|| path.to_string())
    }
    /// Whether any file's name ends with `.extension` (compared without case).
    fn holds_extension(&self, _extension: &str) -> bool {
        true
    }
}

/// The dependency key of "some file has this extension".
pub fn extension_key(extension: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(extension.to_lowercase().as_bytes(), 0xE77)
}

/// The extension of the file name at the end of `path`, lowercased (`None` without one).
fn extension_of(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').filter(|(stem, _)| !stem.is_empty()).map(|(_, extension)| extension.to_lowercase())
}

/// The dependency key of the files whose path is `path` but for case.
pub fn file_key_ignoring_case(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(path.to_lowercase().as_bytes(), 0xF1CE)
}

/// The dependency key of the existence of the file at `path` (see [`crate::check::Dependencies`]).
pub fn file_key(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(path.as_bytes(), 0xF11E)
}

/// The dependency key of the existence of the folder at `path`.
pub fn folder_key(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(path.as_bytes(), 0xF01D)
}

/// Every file path of the linted state (working tree, revision or index) and the folders that
/// contain them, repository-relative with `/` separators.
#[derive(Debug, Clone, Default)]
pub struct TreeIndex {
    files: HashSet<String>,
    /// Folder → number of files below it.
    folders: HashMap<String, usize>,
    /// Lowercased path → the files with that path but for case.
    lowercase: HashMap<String, Vec<String>>,
    /// Lowercased extension → number of files with it.
    extensions: HashMap<String, usize>,
}

/// The folders above `path`, deepest first, ending with the root `""`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    let mut end = Some(path.len());
    std::iter::from_fn(move || {
        let current = end?;
        if let Some(slash) = path[..current].rfind('/') {
            end = Some(slash);
            Some(&path[..slash])
        } else {
            end = None;
            Some("")
        }
    })
}

impl TreeIndex {
    /// Indexes `paths` and every folder above them (the root is the empty path).
    pub fn new(paths: impl IntoIterator<Item = String>) -> Self {
        let mut index = Self::default();
        index.folders.insert(String::new(), 0);
        for path in paths {
            index.insert(path);
        }
        index
    }

    /// Adds the file at `path`; returns the keys ([`file_key`], [`folder_key`]) of what appeared.
    pub fn insert(&mut self, path: String) -> Vec<u64> {
        if self.files.contains(&path) {
            return Vec::new();
        }
        let mut appeared = vec![file_key(&path), file_key_ignoring_case(&path)];
        self.lowercase.entry(path.to_lowercase()).or_default().push(path.clone());
        if let Some(extension) = extension_of(&path) {
            let count = self.extensions.entry(extension.clone()).or_insert(0);
            if *count == 0 {
                appeared.push(extension_key(&extension));
            }
            *count += 1;
        }
        for folder in ancestors(&path) {
            let count = self.folders.entry(folder.to_string()).or_insert(0);
            if *count == 0 && !folder.is_empty() {
                appeared.push(folder_key(folder));
            }
            *count += 1;
        }
        self.files.insert(path);
        appeared
    }

    /// Removes the file at `path`; returns the keys of what disappeared.
    pub fn remove(&mut self, path: &str) -> Vec<u64> {
        if !self.files.remove(path) {
            return Vec::new();
        }
        let mut gone = vec![file_key(path), file_key_ignoring_case(path)];
        if let Some(extension) = extension_of(path)
            && let Some(count) = self.extensions.get_mut(&extension)
        {
            *count -= 1;
            if *count == 0 {
                self.extensions.remove(&extension);
                gone.push(extension_key(&extension));
            }
        }
        let lower = path.to_lowercase();
        if let Some(same) = self.lowercase.get_mut(&lower) {
            same.retain(|p| p != path);
            if same.is_empty() {
                self.lowercase.remove(&lower);
            }
        }
        for folder in ancestors(path) {
            if let Some(count) = self.folders.get_mut(folder) {
                *count -= 1;
                if *count == 0 && !folder.is_empty() {
                    self.folders.remove(folder);
                    gone.push(folder_key(folder));
                }
            }
        }
        gone
    }

    /// Whether a file exists at `path`.
    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    /// Whether a folder exists at `path` (`""` is the root).
    pub fn has_folder(&self, path: &str) -> bool {
        path.is_empty() || self.folders.contains_key(path)
    }

    /// Every file path, in no particular order.
    pub fn files(&self) -> impl Iterator<Item = &String> {
        self.files.iter()
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there is no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl FileLookup for TreeIndex {
    fn has_file(&self, path: &str) -> bool {
        TreeIndex::has_file(self, path)
    }

    fn file_ignoring_case(&self, path: &str) -> Option<String> {
        if self.files.contains(path) {
            return Some(path.to_string());
        }
        self.lowercase.get(&path.to_lowercase()).and_then(|same| same.iter().min().cloned())
    }

    fn holds_extension(&self, extension: &str) -> bool {
        self.extensions.contains_key(&extension.to_lowercase())
    }

    fn has_folder(&self, path: &str) -> bool {
        TreeIndex::has_folder(self, path)
    }
}

/// A lookup that answers from a tree and records the key of every path it was asked about, so
/// that a check can declare which files its findings depend on.
#[derive(Debug)]
pub struct RecordingLookup<'a> {
    tree: &'a TreeIndex,
    keys: RefCell<Vec<u64>>,
}

impl<'a> RecordingLookup<'a> {
    /// Records the lookups made in `tree`.
    pub fn new(tree: &'a TreeIndex) -> Self {
        Self { tree, keys: RefCell::new(Vec::new()) }
    }

    /// The keys of the paths looked up so far.
    pub fn into_keys(self) -> Vec<u64> {
        self.keys.into_inner()
    }
}

impl FileLookup for RecordingLookup<'_> {
    fn has_file(&self, path: &str) -> bool {
        self.keys.borrow_mut().push(file_key(path));
        self.tree.has_file(path)
    }

    fn has_folder(&self, path: &str) -> bool {
        self.keys.borrow_mut().push(folder_key(path));
        self.tree.has_folder(path)
    }

    fn file_ignoring_case(&self, path: &str) -> Option<String> {
        self.keys.borrow_mut().push(file_key_ignoring_case(path));
        self.tree.file_ignoring_case(path)
    }

    fn holds_extension(&self, extension: &str) -> bool {
        self.keys.borrow_mut().push(extension_key(extension));
        self.tree.holds_extension(extension)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_derived_from_files() {
        let tree =
            TreeIndex::new(["content/fr/a.md".to_string(), "content/img/b.png".to_string(), "README.md".to_string()]);
        assert!(tree.has_file("content/fr/a.md") && !tree.has_file("content/fr"));
        assert!(tree.has_folder("content") && tree.has_folder("content/fr") && tree.has_folder(""));
        assert!(!tree.has_folder("content/en"));
        assert_eq!(tree.len(), 3);
    }

    #[test]
    fn insertions_and_removals_report_what_appeared_and_disappeared() {
        let mut tree = TreeIndex::new(["content/fr/a.md".to_string()]);
        let file = |path: &str| [file_key(path), file_key_ignoring_case(path)];
        assert_eq!(tree.insert("content/fr/b.md".into()), file("content/fr/b.md"));
        let c = file("content/en/c.md");
        assert_eq!(tree.insert("content/en/c.md".into()), [c[0], c[1], folder_key("content/en")]);
        assert!(tree.insert("content/en/c.md".into()).is_empty());
        assert_eq!(tree.remove("content/fr/a.md"), file("content/fr/a.md"));
        let b = file("content/fr/b.md");
        assert_eq!(tree.remove("content/fr/b.md"), [b[0], b[1], folder_key("content/fr")]);
        assert!(!tree.has_folder("content/fr") && tree.has_folder("content"));
        assert!(tree.remove("content/fr/b.md").is_empty());
        // The first file of a kind appears, the last one goes.
        assert!(tree.insert("content/img/x.avif".into()).contains(&extension_key("avif")));
        assert!(tree.holds_extension("AVIF") && !tree.holds_extension("webm"));
        assert!(tree.remove("content/img/x.avif").contains(&extension_key("avif")));
        assert!(!tree.holds_extension("avif"));
        // Sites that lowercase their URLs find a file whatever its case.
        tree.insert("content/Methods/ResourceType.md".into());
        assert_eq!(
            tree.file_ignoring_case("content/methods/resourcetype.md").as_deref(),
            Some("content/Methods/ResourceType.md")
        );
        tree.remove("content/Methods/ResourceType.md");
        assert_eq!(tree.file_ignoring_case("content/methods/resourcetype.md"), None);
        let recording = RecordingLookup::new(&tree);
        assert!(recording.has_file("content/en/c.md") && !recording.has_folder("x"));
        assert_eq!(recording.into_keys(), [file_key("content/en/c.md"), folder_key("x")]);
    }
}
