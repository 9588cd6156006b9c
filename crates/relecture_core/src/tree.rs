//! The files of the linted source (every file, not only articles), for checks that resolve paths.

use std::collections::HashSet;

/// Every file path of the linted state (working tree, revision or index) and the folders that
/// contain them, repository-relative with `/` separators.
#[derive(Debug, Clone, Default)]
pub struct TreeIndex {
    files: HashSet<String>,
    folders: HashSet<String>,
}

impl TreeIndex {
    /// Indexes `paths` and every folder above them (the root is the empty path).
    pub fn new(paths: impl IntoIterator<Item = String>) -> Self {
        let mut index = Self::default();
        index.folders.insert(String::new());
        for path in paths {
            let mut end = path.len();
            while let Some(slash) = path[..end].rfind('/') {
                if !index.folders.insert(path[..slash].to_string()) {
                    break;
                }
                end = slash;
            }
            index.files.insert(path);
        }
        index
    }

    /// Whether a file exists at `path`.
    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    /// Whether a folder exists at `path` (`""` is the root).
    pub fn has_folder(&self, path: &str) -> bool {
        self.folders.contains(path)
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
}
