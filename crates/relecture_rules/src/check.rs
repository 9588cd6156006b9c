//! Running compiled rules over an article's blocks, links, front matter or raw body.

use std::sync::Arc;

use relecture_core::frontmatter::Value;
use relecture_core::language::declared_language;
use relecture_core::markdown::BlockKind;
use relecture_core::{Article, ArticleCheck, CheckContext, Diagnostic, Edit, Fix, RuleMeta, TextRange};

use crate::{Action, CompiledRule, RulePack, Scope};

/// Runs every rule of the loaded packs on each article.
#[derive(Debug, Clone, Default)]
pub struct PackCheck {
    packs: Vec<Arc<RulePack>>,
}

impl PackCheck {
    /// A check for these packs.
    pub fn new(packs: Vec<RulePack>) -> Self {
        Self { packs: packs.into_iter().map(Arc::new).collect() }
    }
}

impl ArticleCheck for PackCheck {
    fn rules(&self) -> Vec<RuleMeta> {
        self.packs.iter().flat_map(|p| p.rules()).collect()
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let mut language: Option<Option<String>> = None;
        for pack in &self.packs {
            if !pack.languages.is_empty() {
                let declared = language.get_or_insert_with(|| declared_language(article, context.config));
                if !declared.as_ref().is_some_and(|l| pack.languages.contains(l)) {
                    continue;
                }
            }
            for rule in &pack.rules {
                if context.is_enabled(&rule.meta.name) {
                    run_rule(rule, article, out);
                }
            }
        }
    }
}

/// Every text the rule's scopes cover, with a way back to source offsets.
fn scoped_texts<'a>(
    rule: &CompiledRule,
    article: &'a Article,
    mut visit: impl FnMut(&'a str, &dyn Fn(std::ops::Range<usize>) -> TextRange),
) {
    for scope in &rule.scopes {
        match scope {
            Scope::Raw => {
                let body = article.text(article.body);
                let start = article.body.start;
                visit(body, &|r| TextRange::new(start + r.start, start + r.end));
            }
            Scope::LinkText => {
                for link in article.links.iter().filter(|l| !l.is_image) {
                    let exact = article.text(link.text_range) == link.text;
                    let whole = link.text_range;
                    visit(&link.text, &move |r| {
                        if exact { TextRange::new(whole.start + r.start, whole.start + r.end) } else { whole }
                    });
                }
            }
            Scope::FrontMatter(key) => {
                let Some(field) = article.front_matter.as_ref().and_then(|f| f.get(key)) else {
                    continue;
                };
                let nodes: Vec<_> = match &field.value.value {
                    Value::List(items) => items.iter().collect(),
                    _ => vec![&field.value],
                };
                for node in nodes {
                    if let Value::String(text) = &node.value {
                        let source = article.text(node.range);
                        let base = node.range.start + source.find(text.as_str()).unwrap_or(0);
                        let exact = source.contains(text.as_str());
                        let whole = node.range;
                        visit(text, &move |r| {
                            if exact { TextRange::new(base + r.start, base + r.end) } else { whole }
                        });
                    }
                }
            }
            _ => {
                for block in &article.blocks {
                    let in_scope = match (&block.kind, scope) {
                        (BlockKind::Heading { .. }, Scope::Heading) | (BlockKind::Table, Scope::Table) => true,
                        (BlockKind::Paragraph, Scope::Paragraph) | (BlockKind::ListItem, Scope::List) => {
                            block.quote_depth == 0
                        }
                        (BlockKind::Paragraph | BlockKind::ListItem, Scope::Blockquote) => block.quote_depth > 0,
                        _ => false,
                    };
                    if in_scope {
                        visit(&block.prose.text, &|r| block.prose.source_range(r));
                    }
                }
            }
        }
    }
}

pub(crate) fn run_rule(rule: &CompiledRule, article: &Article, out: &mut Vec<Diagnostic>) {
    scoped_texts(rule, article, |text, to_source| {
        for captures in rule.matcher.captures_iter(text) {
            let whole = captures.get(0).expect("group 0 always exists");
            if rule.exceptions.iter().any(|e| e.is_match(whole.as_str())) {
                continue;
            }
            let range = to_source(whole.range());
            let mut message = rule.message.replace("{match}", whole.as_str());
            let mut diagnostic = Diagnostic::new(rule.meta.name.clone(), range, String::new());
            if let Action::Replace { alternatives, applicability } = &rule.action {
                let index = (0..alternatives.len()).find(|i| captures.name(&format!("s{i}")).is_some()).unwrap_or(0);
                let (own, template) = &alternatives[index];
                let mut replacement = String::new();
                match own.captures(whole.as_str()) {
                    Some(groups) => groups.expand(template, &mut replacement),
                    None => replacement.push_str(template),
                }
                let replacement = &replacement;
                message = message.replace("{replacement}", replacement);
                // A fix is offered only where the matched text is exactly what the source holds.
                if range.len() == whole.len() {
                    diagnostic = diagnostic.with_fix(Fix {
                        applicability: *applicability,
                        edits: vec![Edit { range, replacement: replacement.clone() }],
                    });
                }
            }
            diagnostic.message = message;
            out.push(diagnostic);
        }
    });
}

/// Runs a rule's embedded examples: each `fail` must give a finding, each `pass` none.
pub(crate) fn run_examples(rule: &CompiledRule, fail: &[String], pass: &[String]) -> Result<(), String> {
    let count = |example: &str| {
        let article = Article::parse("example.md", None, example.to_string());
        let mut out = Vec::new();
        run_rule(rule, &article, &mut out);
        out.len()
    };
    if let Some(example) = fail.iter().find(|e| count(e) == 0) {
        return Err(format!("the example {example:?} should be reported and is not"));
    }
    if let Some(example) = pass.iter().find(|e| count(e) > 0) {
        return Err(format!("the example {example:?} should pass and is reported"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use relecture_core::engine::run;
    use relecture_core::{Checks, Config, FileContent, RuleSelection, SourceFile};

    const PACK: &str = r#"
[pack]
name = "house-style"
description = "Plain-language rules"
lang = ["fr"]

[[rule]]
name = "cliquez-ici"
kind = "existence"
message = "« {match} » ne dit pas où mène le lien : décrivez la destination"
scope = ["link-text"]
tokens = ["cliquez ici", "ici"]
examples.fail = ["Pour lire le rapport, [cliquez ici](rapport.md)."]
examples.pass = ["Lire le [rapport annuel](rapport.md).", "Venez ici, [le rapport](r.md)."]

[[rule]]
name = "points-de-suspension"
kind = "substitution"
message = "« {match} » s’écrit « {replacement} »"
swap = { '\.\.\.' = "…" }
examples.fail = ["Et puis..."]
examples.pass = ["Et puis…", "`a...b`"]

[[rule]]
name = "jargon"
kind = "substitution"
message = "« {match} » : préférez « {replacement} »"
fix = "unsafe"
swap = { "impacter" = "toucher", "digital" = "numérique" }
scope = ["paragraph", "heading", "frontmatter.title"]
examples.fail = ["Cela va impacter le service.", "Le DIGITAL avance."]
examples.pass = ["Le monde digitalisé."]
"#;

    fn lint(source: &str, path: &str) -> Vec<String> {
        let pack = RulePack::load("lint-rules/house.toml", PACK).expect("the pack loads");
        let checks = Checks { article: vec![Arc::new(PackCheck::new(vec![pack]))], corpus: Vec::new() };
        let config = Config::default();
        let selection = RuleSelection::new(&checks.rules(), &config, None, &[]).unwrap();
        let file = SourceFile { path: path.into(), blob: None, content: FileContent::Bytes(source.into()) };
        run(vec![file], &config, &checks, &selection)
            .findings
            .iter()
            .map(|f| {
                let fix = f
                    .fix
                    .as_ref()
                    .map(|x| format!(" fix={:?}:{}", x.applicability, x.edits[0].replacement))
                    .unwrap_or_default();
                format!("{}:{} {} {}{fix}", f.range.start.line, f.range.start.column, f.rule, f.message)
            })
            .collect()
    }

    #[test]
    fn rules_run_in_their_scopes_with_messages_and_fixes() {
        let source = "---\ntitle: Impacter le digital\n---\n# Le digital\n\nPour lire, [cliquez ici](a.md)... Cela va impacter.\n\n```\nimpacter...\n```\n";
        insta::assert_snapshot!(lint(source, "fr/a.md").join("\n"), @r"
        2:8 house-style/jargon « Impacter » : préférez « toucher » fix=Unsafe:toucher
        2:20 house-style/jargon « digital » : préférez « numérique » fix=Unsafe:numérique
        4:6 house-style/jargon « digital » : préférez « numérique » fix=Unsafe:numérique
        6:13 house-style/cliquez-ici « cliquez ici » ne dit pas où mène le lien : décrivez la destination
        6:31 house-style/points-de-suspension « ... » s’écrit « … » fix=Safe:…
        6:43 house-style/jargon « impacter » : préférez « toucher » fix=Unsafe:toucher
        ");
    }

    #[test]
    fn a_pack_applies_only_to_its_languages() {
        assert!(lint("Cela va impacter.\n", "en/a.md").is_empty());
        assert_eq!(lint("Cela va impacter.\n", "fr/a.md").len(), 1);
    }

    #[test]
    fn refusals_name_the_file_line_and_rule() {
        let failing = PACK.replace(r#"examples.fail = ["Et puis..."]"#, r#"examples.fail = ["Et puis."]"#);
        let err = RulePack::load("lint-rules/house.toml", &failing).unwrap_err().to_string();
        assert_eq!(
            err,
            "lint-rules/house.toml:16: rule `points-de-suspension`: the example \"Et puis.\" should be reported and is not"
        );

        let unknown = PACK.replace("tokens = [", "tokenz = [");
        let err = RulePack::load("lint-rules/house.toml", &unknown).unwrap_err().to_string();
        assert!(err.starts_with("lint-rules/house.toml:12: unknown field `tokenz`"), "{err}");

        let bad_regex = PACK.replace(r"'\.\.\.'", "'(unclosed'");
        let err = RulePack::load("lint-rules/house.toml", &bad_regex).unwrap_err().to_string();
        assert!(err.starts_with("lint-rules/house.toml:16: rule `points-de-suspension`: invalid regex"), "{err}");

        let duplicate = PACK.replace("name = \"jargon\"", "name = \"cliquez-ici\"");
        let err = RulePack::load("lint-rules/house.toml", &duplicate).unwrap_err().to_string();
        assert!(err.contains(":24: rule `cliquez-ici`: this rule name is already used"), "{err}");

        let kind = PACK.replace("kind = \"existence\"", "kind = \"occurrence\"");
        assert!(
            RulePack::load("x.toml", &kind).unwrap_err().to_string().contains("kind `occurrence` is not supported")
        );
    }
}
