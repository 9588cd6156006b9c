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
        let site = self.site()?;
        let mut text = relecture_report::site::init_toml(&site);
        // The shipped packs go before the first table, where general keys belong.
        let at = text.find("\n[site]\n").map_or(text.len(), |at| at + 1);
        text.insert_str(at, &packs_proposal(&site));
        crate::write_output(&path, Some(&workspace.content_root()), text.as_bytes())?;
        Ok(path)
    }
}

/// The `packs` lines `init` writes: the shipped packs made for the languages the site publishes
/// (or its default language), enabled; the others named in a comment.
fn packs_proposal(site: &relecture_core::site::Site) -> String {
    use std::fmt::Write as _;
    let mut languages: Vec<String> = site
        .parts
        .iter()
        .flat_map(|part| part.languages.iter().chain(part.default_language.iter().filter(|_| part.language_stated)))
        .filter_map(|code| relecture_core::language::normalize_language(code))
        .collect();
    languages.sort();
    languages.dedup();
    let (proposed, others): (Vec<&str>, Vec<&str>) = relecture_rules::SHIPPED_PACKS
        .iter()
        .map(|(name, _)| *name)
        .partition(|name| relecture_rules::shipped_languages(name).iter().any(|l| languages.contains(l)));
    let quoted = |names: &[&str]| names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let mut out = String::from(
        "# Rule packs shipped with relecture, enabled by name (`relecture rules list` shows their rules;\n# a pack of your own goes in lint-rules/).\n",
    );
    if proposed.is_empty() {
        let _ = writeln!(out, "# packs = [{}]", quoted(&others));
    } else {
        let _ =
            writeln!(out, "# For the site's languages ({}):\npacks = [{}]", languages.join(", "), quoted(&proposed));
        if !others.is_empty() {
            let _ = writeln!(out, "# Also shipped: {}", others.join(", "));
        }
    }
    out.push('\n');
    out
}
