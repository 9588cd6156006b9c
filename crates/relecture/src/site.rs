//! The site model of the linted source (`relecture site`), and the commented configuration
//! `relecture init` writes from it.

use std::path::PathBuf;

use relecture_core::site::{Site, SiteConfig};

use crate::{CONFIG_FILE, Error, Linter};

impl Linter {
    /// How the linted source is published, as a run detects it: the generator, the folders of
    /// pages and files and their URLs, languages, anchors, and where each setting came from
    /// (`[site]` of the configuration overrides what the generator's files say).
    pub fn site(&self) -> Result<Site, Error> {
        let workspace = self.workspace()?;
        let snapshot = workspace.snapshot(&self.source)?;
        let layered = self.load_config(&workspace, &snapshot)?;
        let config = &layered.config;
        let listing = snapshot.list(&config.file_filter(), config.max_file_size)?;
        Ok(relecture_engine::source::detect_site(&listing.paths, &snapshot, &config.section::<SiteConfig>()))
    }

    /// Writes `relecture.toml` at the root of the working tree with what [`Linter::site`]
    /// detects, commented out; returns its path. An existing file is kept unless `force`.
    pub fn init(&self, force: bool) -> Result<PathBuf, Error> {
        let workspace = self.workspace()?;
        if workspace.is_bare() {
            return Err(Error::InitBare { path: workspace.root().to_path_buf() });
        }
        let path = workspace.content_root().join(CONFIG_FILE);
        if !force && std::fs::symlink_metadata(&path).is_ok() {
            return Err(Error::InitExists { path });
        }
        let text = relecture_report::site::init_toml(&self.site()?);
        crate::write_output(&path, Some(&workspace.content_root()), text.as_bytes())?;
        Ok(path)
    }
}
