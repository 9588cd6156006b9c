//! A tool that links relecture and adds its own check: articles must not mention an internal
//! project code name. Run it on any repository or folder of Markdown articles:
//!
//! ```sh
//! cargo run -p relecture --example house_rule -- path/to/articles
//! ```

use relecture::{Article, ArticleCheck, CheckContext, Diagnostic, EmitOptions, Format, Linter, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The internal code name « Projet Hermès ».
    ///
    /// ## Why
    /// Readers do not know it.
    ///
    /// ## Example
    /// `Le Projet Hermès arrive.`
    ///
    /// ## How to fix
    /// Name the service as the public knows it.
    NO_CODE_NAME = ("no-code-name", "house", Error, "an internal code name in published text");
}

/// Reports the internal code name « Projet Hermès » in published text.
struct NoCodeName;

impl ArticleCheck for NoCodeName {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![NO_CODE_NAME]
    }

    fn check(&self, article: &Article, _context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        for block in &article.blocks {
            for (at, found) in block.prose.text.match_indices("Projet Hermès") {
                // Prose offsets map back to the exact bytes of the file.
                let range = block.prose.source_range(at..at + found.len());
                out.push(Diagnostic::new(&NO_CODE_NAME, range, "« Projet Hermès » is an internal code name"));
            }
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let repo = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let run = Linter::new().repo(repo).article_check(NoCodeName).run()?;
    relecture::emit(&run.report, Format::Text, EmitOptions { color: false }, &mut std::io::stdout())?;
    std::process::exit(i32::from(run.report.fails(run.config.fail_on)));
}
