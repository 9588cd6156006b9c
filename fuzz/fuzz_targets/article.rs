//! Any bytes as an article file: decoding, front matter, Markdown, and every built-in check
//! through the engine (selection, suppressions, fingerprints) must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relecture_core::{Config, FileContent, RuleSelection, SourceFile};

fuzz_target!(|data: &[u8]| {
    let checks = relecture_checks::builtin_checks();
    let config = Config::default();
    let selection = RuleSelection::new(&checks.rules(), &config, None, &[]).expect("the default selection");
    let files = vec![
        SourceFile { path: "content/fr/a.md".into(), blob: None, content: FileContent::Bytes(data.to_vec()) },
        // A second article, so that corpus checks compare and resolve across articles.
        SourceFile {
            path: "content/fr/b.md".into(),
            blob: None,
            content: FileContent::Bytes(data.iter().rev().copied().collect()),
        },
    ];
    let output = relecture_core::engine::run(files, &config, &checks, &selection);
    // An engine failure would show as an internal-error finding: none is allowed.
    assert!(
        output.findings.iter().all(|f| f.rule != "internal-error"),
        "a check failed: {:?}",
        output.findings.iter().find(|f| f.rule == "internal-error")
    );
});
