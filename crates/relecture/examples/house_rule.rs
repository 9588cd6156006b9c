//! A tool that links relecture and adds its own check: articles must not mention an internal
//! project code name. Run it on any repository or folder of Markdown articles:
//!
//! ```sh
//! cargo run -p relecture --example house_rule -- path/to/articles
//! ```

use relecture::{Article, ArticleCheck, CheckContext, Diagnostic, EmitOptions, Format, Linter, RuleMeta, Severity};

/// Reports the internal code name « Projet Hermès » in published text.
struct NoCodeName;

impl ArticleCheck for NoCodeName {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![RuleMeta {
            name: "no-code-name".into(),
            family: "house".into(),
            default_severity: Severity::Error,
            summary: "an internal code name in published text".into(),
            doc: "## What it checks\nThe internal code name « Projet Hermès».\n\n## Why\nReaders do not know it.\n\n## Example\n`Le Projet Hermès arrive.`\n\n## How to fix\nName the service as the public knows it.\n".into(),
        }]
    }

    fn check(&self, article: &Article, _context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        for block in &article.blocks {
            for (at, found) in block.prose.text.match_indices("Projet Hermès") {
                // Prose offsets map back to the exact bytes of the file.
                let range = block.prose.source_range(at..at + found.len());
                out.push(Diagnostic::new("no-code-name", range, "« Projet Hermès » is an internal code name"));
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
