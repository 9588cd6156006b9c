//! Any text as a rule file: loading either succeeds or returns an error with a line, and a
//! loaded pack runs on an article without panicking.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use relecture_core::{Checks, Config, FileContent, RuleSelection, SourceFile};
use relecture_rules::{PackCheck, RulePack};

const ARTICLE: &str = "---\ntitle: Exemple\nlang: fr\n---\n# Titre\n\nLe texte , avec des espaces ... et des mots répétés répétés.\n\n> Une citation : « oui ».\n\n- Une liste ; deux éléments\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(pack) = RulePack::load("lint-rules/fuzz.toml", text) else { return };
    let checks = Checks { article: vec![Arc::new(PackCheck::new(vec![pack]))], corpus: Vec::new() };
    let config = Config::default();
    let Ok(selection) = RuleSelection::new(&checks.rules(), &config, None, &[]) else { return };
    let files = vec![SourceFile {
        path: "a.md".into(),
        blob: None,
        content: FileContent::Bytes(ARTICLE.as_bytes().to_vec()),
    }];
    let output = relecture_core::engine::run(files, &config, &checks, &selection);
    assert!(output.findings.iter().all(|f| f.rule != "internal-error"), "a rule failed");
});
