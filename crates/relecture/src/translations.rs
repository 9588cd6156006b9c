//! `relecture translations`: where each translation of the linted source stands against its
//! source, from the history of the commit it is made from.

use relecture_core::report::{SourceInfo, TranslationStatus};

use crate::{Error, Linter};

impl Linter {
    /// Per language, the translations up to date, outdated, orphaned and the source pages still
    /// to translate (pages and words); per translated page, its state and how far it is behind
    /// its source. Outdated translations are read from the first-parent history of the linted
    /// revision (`HEAD` for the working tree and the index, where a translation being edited is
    /// being brought up to date). Outside git, or before the first commit, no page is outdated:
    /// their state is `unknown`. The text, Markdown and HTML reports speak the language of
    /// [`Linter::lang`], else `lang` of the configuration, else the site's (French or English).
    pub fn translations(&self) -> Result<TranslationStatus, Error> {
        let workspace = self.workspace()?;
        let snapshot = workspace.snapshot(&self.source)?;
        let layered = self.load_config(&workspace, &snapshot)?;
        let config = crate::run::with_site(layered.config, &snapshot)?;
        let source = SourceInfo::new(snapshot.kind(), workspace.root().display().to_string(), snapshot.revision());
        let pool = self.pool()?;
        let mut status = relecture_engine::translations::status(&workspace, &snapshot, &config, source, &pool)?;
        // The language of `check`'s reports: `lang` of the configuration, else the site's.
        let site_language = relecture_core::translation::source_language(&config, "");
        status.locale = self.locale(&config, site_language.as_deref());
        Ok(status)
    }
}
