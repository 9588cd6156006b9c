//! Any link destination from any article path resolves to a target or to nothing, without
//! panicking, and never to a path outside the repository.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relecture_checks::links::resolve::{Target, resolve};
use relecture_core::TreeIndex;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (dest, article) = text.split_once('\n').unwrap_or((text, "content/fr/article.md"));
    let tree = TreeIndex::new(
        ["content/fr/article.md", "content/fr/page/index.md", "content/en/guide.md", "content/images/a.png", "README.md"]
            .map(String::from),
    );
    let roots = ["content".to_string(), "content/en".to_string()];
    if let Some(Target::File { path, .. }) = resolve(dest, article, &roots, &tree) {
        assert!(tree.has_file(&path), "resolved to a file that is not in the tree: {path}");
        assert!(!path.starts_with('/') && !path.split('/').any(|s| s == ".."), "escaped: {path}");
    }
});
