//! What an editor integration does: lint the unsaved text of a buffer, without writing it to
//! disk, and show the findings. The text comes on standard input, the path it will be saved
//! under as argument; a second argument names the repository whose `relecture.toml` and rule
//! files apply (the defaults without):
//!
//! ```sh
//! printf '# Titre\n\nLe le chat.\n' | cargo run -p relecture --example editor_buffer -- posts/chat.md
//! ```

use std::io::Read;

use relecture::{EmitOptions, Format, Linter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "buffer.md".into());
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let mut linter = Linter::new();
    if let Some(repo) = args.next() {
        linter = linter.repo(repo);
    }
    let run = linter.lint_text(path, text)?;
    relecture::emit(&run.report, Format::Text, EmitOptions { color: false }, &mut std::io::stdout())?;
    std::process::exit(i32::from(run.report.fails(run.config.fail_on)));
}
