//! Running compiled rules over an article's blocks, links, front matter or raw body.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use regex::Regex;
use relecture_core::frontmatter::Value;
use relecture_core::language::declared_language;
use relecture_core::markdown::BlockKind;
use relecture_core::text::{sentences, words};
use relecture_core::{Article, ArticleCheck, CheckContext, Diagnostic, Edit, Fix, Related, RuleMeta, TextRange};

use crate::expand::{clip, fill};
use crate::{Action, CompiledRule, Engine, RulePack, Scope};

/// Runs every rule of the loaded packs on each article.
#[derive(Debug, Clone, Default)]
pub struct PackCheck {
    packs: Vec<Arc<RulePack>>,
    /// Trigger word → (pack, rule) indices of the rules it may set off.
    by_trigger: HashMap<String, Vec<(usize, usize)>>,
    /// Rules that run on every article.
    always: Vec<(usize, usize)>,
}

impl PackCheck {
    /// A check for these packs.
    pub fn new(packs: Vec<RulePack>) -> Self {
        let mut by_trigger: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut always = Vec::new();
        for (p, pack) in packs.iter().enumerate() {
            for (r, rule) in pack.rules.iter().enumerate() {
                match &rule.triggers {
                    Some(words) => {
                        for word in words {
                            by_trigger.entry(word.clone()).or_default().push((p, r));
                        }
                    }
                    None => always.push((p, r)),
                }
            }
        }
        Self { packs: packs.into_iter().map(Arc::new).collect(), by_trigger, always }
    }

    /// The rules worth running on `article`: those without triggers, and those one of whose
    /// trigger words the article's prose contains. One pass over the words instead of one
    /// regex scan per rule: thousands of rules cost little more than a few.
    fn candidates(&self, article: &Article) -> Vec<(usize, usize)> {
        let mut candidates = self.always.clone();
        if !self.by_trigger.is_empty() {
            let mut seen: HashSet<String> = HashSet::new();
            // One buffer for every word: lowercasing each into a new string cost more than the lookup.
            let mut lower = String::new();
            for block in &article.blocks {
                for (_, word) in block.prose.words() {
                    lower.clear();
                    if word.is_ascii() {
                        lower.push_str(word);
                        lower.make_ascii_lowercase();
                    } else {
                        lower.extend(word.chars().flat_map(char::to_lowercase));
                    }
                    if let Some(rules) = self.by_trigger.get(lower.as_str())
                        && !seen.contains(lower.as_str())
                    {
                        seen.insert(lower.clone());
                        candidates.extend_from_slice(rules);
                    }
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }
}

impl ArticleCheck for PackCheck {
    fn rules(&self) -> Vec<RuleMeta> {
        self.packs.iter().flat_map(|p| p.rules()).collect()
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let mut language: Option<Option<String>> = None;
        for (p, r) in self.candidates(article) {
            let pack = &self.packs[p];
            if !pack.languages.is_empty() {
                let declared = language.get_or_insert_with(|| declared_language(article, context.config));
                if !declared.as_ref().is_some_and(|l| pack.languages.contains(l)) {
                    continue;
                }
            }
            let rule = &pack.rules[r];
            if context.is_enabled(&rule.meta) {
                run_rule(rule, article, out);
            }
        }
    }
}

/// Every text the rule's scopes cover, with a way back to source offsets and the ranges of the
/// text in emphasis (none outside blocks).
fn scoped_texts<'a>(
    rule: &CompiledRule,
    article: &'a Article,
    mut visit: impl FnMut(&'a str, &dyn Fn(std::ops::Range<usize>) -> TextRange, &'a [std::ops::Range<usize>]),
) {
    for scope in &rule.scopes {
        match scope {
            Scope::Raw => {
                let body = article.text(article.body);
                let start = article.body.start;
                visit(body, &|r| TextRange::new(start + r.start, start + r.end), &[]);
            }
            Scope::LinkText => {
                for link in article.links.iter().filter(|l| !l.is_image) {
                    let exact = article.text(link.text_range) == link.text;
                    let whole = link.text_range;
                    visit(
                        &link.text,
                        &move |r| {
                            if exact { TextRange::new(whole.start + r.start, whole.start + r.end) } else { whole }
                        },
                        &[],
                    );
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
                        visit(
                            text,
                            &move |r| {
                                if exact { TextRange::new(base + r.start, base + r.end) } else { whole }
                            },
                            &[],
                        );
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
                        visit(&block.prose.text, &|r| block.prose.source_range(r), &block.prose.emphasis);
                    }
                }
            }
        }
    }
}

pub(crate) fn run_rule(rule: &CompiledRule, article: &Article, out: &mut Vec<Diagnostic>) {
    match &rule.action {
        Action::Report | Action::Replace { .. } => report_matches(rule, article, out),
        Action::Count { max, per_sentence, words } => count_matches(rule, article, *max, *per_sentence, *words, out),
        Action::Repeat => repeated_matches(rule, article, out),
        Action::Consistency { variants } => inconsistent_spellings(rule, article, variants, out),
        Action::Capitalization { title } => capitalization(rule, article, *title, out),
    }
}

/// Whether the match `range` of `text` lies in a span the rule skips. A space the match ends
/// with (the pattern's look at what follows) may stand outside the span.
fn is_skipped(
    rule: &CompiledRule,
    article: &Article,
    text: &str,
    range: &std::ops::Range<usize>,
    emphasis: &[std::ops::Range<usize>],
    to_source: &dyn Fn(std::ops::Range<usize>) -> TextRange,
) -> bool {
    let end = range.start + text[range.clone()].trim_end().len();
    if end == range.start {
        return false;
    }
    let inside = |span: &std::ops::Range<usize>| span.start <= range.start && end <= span.end;
    if rule.skip.emphasis && emphasis.iter().any(inside) {
        return true;
    }
    if rule.skip.link_text {
        let source = to_source(range.start..end);
        return article
            .links
            .iter()
            .any(|link| !link.is_image && link.text_range.start <= source.start && source.end <= link.text_range.end);
    }
    false
}

fn report_matches(rule: &CompiledRule, article: &Article, out: &mut Vec<Diagnostic>) {
    scoped_texts(rule, article, |text, to_source, emphasis| {
        for found in rule.find(text) {
            if is_skipped(rule, article, text, &found.range, emphasis, to_source) {
                continue;
            }
            let matched = &text[found.range.clone()];
            let range = to_source(found.range.clone());
            let mut diagnostic = Diagnostic::new(&rule.meta, range, String::new());
            let mut replacement = None;
            if let Action::Replace { alternatives, applicability } = &rule.action {
                let (own, template) = &alternatives[found.alternative.unwrap_or(0)];
                let mut text = String::new();
                match own.as_ref().and_then(|own| own.captures(matched)) {
                    Some(groups) => groups.expand(template, &mut text),
                    None => text.push_str(template),
                }
                // A fix is offered only where the matched text is what the source holds, byte for
                // byte or but for line breaks read as spaces. Where the rule matches the source
                // text whole, the replacement is made from it and keeps the line break.
                let source = article.text(range);
                let from_source = || {
                    own.as_ref()
                        .and_then(|own| own.captures(source))
                        .filter(|groups| groups.get(0).is_some_and(|whole| whole.range() == (0..source.len())))
                        .map(|groups| {
                            let mut replacement = String::new();
                            groups.expand(template, &mut replacement);
                            replacement
                        })
                };
                let fixed = if source == matched {
                    Some(text.clone())
                } else {
                    from_source().or_else(|| (range.len() == matched.len()).then(|| text.clone()))
                };
                if let Some(replacement) = fixed {
                    diagnostic = diagnostic
                        .with_fix(Fix { applicability: *applicability, edits: vec![Edit { range, replacement }] });
                }
                replacement = Some(text);
            }
            // `{1}`, `{2}`… in the message are the capture groups of a regex rule.
            let mut groups = None;
            let message = fill(&rule.message, |name| match name {
                "match" => Some(clip(matched)),
                "replacement" => replacement.as_deref().map(clip),
                _ => {
                    let index: usize = name.parse().ok().filter(|&i| i > 0)?;
                    let Engine::Regex(regex) = &rule.matcher else { return None };
                    let captures = groups.get_or_insert_with(|| regex.captures_at(text, found.range.start)).as_ref()?;
                    (index < captures.len()).then(|| clip(captures.get(index).map_or("", |g| g.as_str())))
                }
            });
            diagnostic.message = message.into();
            out.push(diagnostic);
        }
    });
}

fn count_matches(
    rule: &CompiledRule,
    article: &Article,
    max: usize,
    per_sentence: bool,
    count_words: bool,
    out: &mut Vec<Diagnostic>,
) {
    scoped_texts(rule, article, |text, to_source, _| {
        let whole = std::iter::once(0..text.len());
        let units: Vec<std::ops::Range<usize>> = if per_sentence { sentences(text) } else { whole.collect() };
        for unit in units {
            let unit_text = &text[unit.clone()];
            let count = if count_words { words(unit_text).count() } else { rule.count(unit_text) };
            if count > max {
                let message = fill(&rule.message, |name| match name {
                    "count" => Some(count.to_string().into()),
                    "max" => Some(max.to_string().into()),
                    _ => None,
                });
                out.push(
                    Diagnostic::new(&rule.meta, to_source(unit.clone()), message)
                        .with_fingerprint_text(text[unit].to_string()),
                );
            }
        }
    });
}

fn repeated_matches(rule: &CompiledRule, article: &Article, out: &mut Vec<Diagnostic>) {
    scoped_texts(rule, article, |text, to_source, _| {
        let mut previous: Option<(std::ops::Range<usize>, String)> = None;
        for found in rule.find(text) {
            let matched = &text[found.range.clone()];
            let key = matched.to_lowercase();
            if let Some((before, before_key)) = &previous {
                let between = &text[before.end..found.range.start];
                if *before_key == key && !between.is_empty() && between.chars().all(char::is_whitespace) {
                    out.push(
                        Diagnostic::new(
                            &rule.meta,
                            to_source(found.range.clone()),
                            fill(&rule.message, |name| (name == "match").then(|| clip(matched))),
                        )
                        .with_related(Related {
                            path: article.path.clone(),
                            range: to_source(before.clone()),
                            message: relecture_core::Message::new("related-first-occurrence"),
                        }),
                    );
                }
            }
            previous = Some((found.range, key));
        }
    });
}

fn inconsistent_spellings(rule: &CompiledRule, article: &Article, variants: &[Regex], out: &mut Vec<Diagnostic>) {
    let mut found: Vec<(usize, TextRange, String)> = Vec::new();
    scoped_texts(rule, article, |text, to_source, _| {
        for m in rule.find(text) {
            let matched = &text[m.range.clone()];
            // The word engine knows which spelling matched; the regex engine asks each spelling.
            let variant = m
                .alternative
                .or_else(|| variants.iter().position(|v| v.find(matched).is_some_and(|x| x.len() == matched.len())));
            if let Some(variant) = variant {
                found.push((variant, to_source(m.range.clone()), matched.to_string()));
            }
        }
    });
    let mut counts = vec![0usize; variants.len()];
    for (variant, ..) in &found {
        counts[*variant] += 1;
    }
    if counts.iter().filter(|&&c| c > 0).count() < 2 {
        return;
    }
    // The most frequent spelling wins; on a tie, the one listed first.
    let expected = (0..counts.len()).max_by(|&a, &b| counts[a].cmp(&counts[b]).then(b.cmp(&a))).unwrap_or(0);
    let expected_text = found.iter().find(|(v, ..)| *v == expected).map(|(_, _, t)| t.clone()).unwrap_or_default();
    for (variant, range, text) in found {
        if variant != expected {
            let message = fill(&rule.message, |name| match name {
                "match" => Some(clip(&text)),
                "expected" => Some(clip(&expected_text)),
                "count" => Some(counts[expected].to_string().into()),
                _ => None,
            });
            out.push(Diagnostic::new(&rule.meta, range, message));
        }
    }
}

/// Short words that title case leaves in lowercase.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as", "le", "la",
    "les", "de", "des", "du", "un", "une", "et", "ou", "en", "à", "au", "aux", "sur", "par", "pour", "l", "d",
];

fn capitalization(rule: &CompiledRule, article: &Article, title: bool, out: &mut Vec<Diagnostic>) {
    scoped_texts(rule, article, |text, to_source, _| {
        let words: Vec<&str> = rule.find(text).into_iter().map(|f| &text[f.range]).collect();
        let wrong = words.iter().enumerate().skip(1).find(|(_, word)| {
            let w = **word;
            let first_upper = w.chars().next().is_some_and(char::is_uppercase);
            let acronym = w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && w.chars().count() > 1;
            if acronym {
                return false;
            }
            if title { !first_upper && !SMALL_WORDS.contains(&w.to_lowercase().as_str()) } else { first_upper }
        });
        if let Some((_, word)) = wrong {
            let message = fill(&rule.message, |name| (name == "match").then(|| clip(word)));
            out.push(
                Diagnostic::new(&rule.meta, to_source(0..text.len()), message).with_fingerprint_text(text.to_string()),
            );
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
    use relecture_core::{Checks, Config, FileContent, RuleSelection, SourceFile};
    use relecture_engine::run::run;

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

    /// The findings of `pack` alone on `source`, written at `path`.
    fn findings(pack: RulePack, path: &str, source: &str) -> Vec<relecture_core::Finding> {
        let checks = Checks { article: vec![Arc::new(PackCheck::new(vec![pack]))], corpus: Vec::new() };
        let config = Config::default();
        let selection = RuleSelection::new(&relecture_engine::rules(&checks), &config, None, &[]).unwrap();
        let file = SourceFile { path: path.into(), blob: None, content: FileContent::Bytes(source.into()) };
        run(vec![file], &config, &checks, &selection).findings
    }

    fn lint(source: &str, path: &str) -> Vec<String> {
        let pack = RulePack::load("lint-rules/house.toml", PACK).expect("the pack loads");
        findings(pack, path, source)
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
    fn a_fix_across_a_line_break_keeps_the_line_break() {
        let pack = RulePack::load(
            "lint-rules/espaces.toml",
            r#"[pack]
name = "espaces"

[[rule]]
name = "avant-point-d-exclamation"
kind = "substitution"
message = "espace insécable avant « ! »"
swap = { '(\p{L}) ?(!)(\s|$)' = "$1\u202F$2$3" }
examples.fail = ["Oui !"]
examples.pass = ["Oui\u202F!"]

[[rule]]
name = "mot-coupe"
kind = "substitution"
message = "« {match} » en un mot"
swap = { 'porte monnaie' = "porte-monnaie" }
examples.fail = ["Un porte monnaie."]
examples.pass = ["Un porte-monnaie."]
"#,
        )
        .expect("the pack loads");
        let source = "Oui !\nEt un porte\nmonnaie.\n";
        let findings = findings(pack, "a.md", source);
        let fixes: Vec<_> = findings
            .iter()
            .map(|f| {
                f.fix.as_ref().map(|fix| {
                    (
                        &source[fix.edits[0].range.start.offset..fix.edits[0].range.end.offset],
                        fix.edits[0].replacement.as_str(),
                    )
                })
            })
            .collect();
        // The prose reads the line break as a space; the fix is made from the source, keeping it.
        assert_eq!(fixes[0], Some(("i !\n", "i\u{202f}!\n")));
        // A rule that does not match the source's line break replaces it as it says.
        assert_eq!(fixes[1], Some(("porte\nmonnaie", "porte-monnaie")));
        assert_eq!(findings.len(), 2);
    }

    const KINDS: &str = r##"
[pack]
name = "kinds"

[[rule]]
name = "phrase-longue"
kind = "occurrence"
message = "phrase de {count} mots (au plus {max})"
max = 8
examples.fail = ["Une phrase bien trop longue pour ce petit exemple de règle."]
examples.pass = ["Une phrase courte. Une autre phrase courte."]

[[rule]]
name = "doublon"
kind = "repetition"
message = "« {match} » répété"
tokens = ["très", "the"]
examples.fail = ["C’est très très bien.", "The the end."]
examples.pass = ["C’est très bien, très."]

[[rule]]
name = "apostrophes"
kind = "consistency"
message = "« {match} » : l’article écrit surtout « {expected} » ({count} fois)"
tokens = ["’", "'"]
examples.fail = ["L’été, l’hiver et l'automne."]
examples.pass = ["L’été, l’hiver et l’automne."]

[[rule]]
name = "nombre"
kind = "existence"
message = "« {match} » : écrivez « {1} % »"
pattern = '(\d+)\s?pour cent'
examples.fail = ["Une hausse de 30 pour cent."]
examples.pass = ["Une hausse de 30 %."]

[[rule]]
name = "titres"
kind = "capitalization"
style = "sentence"
message = "titre en casse de phrase : « {match} » ne prend pas de majuscule"
exceptions = ['^(?:Paris|Nancy)$']
examples.fail = ["# Les Réseaux Sociaux"]
examples.pass = ["# Les réseaux sociaux à Nancy et à Paris", "# Le rôle de la CNIL"]
"##;

    #[test]
    fn occurrence_repetition_consistency_and_capitalization() {
        let pack = RulePack::load("kinds.toml", KINDS).expect("the pack loads");
        let source = "# La Communication Publique\n\nUne phrase vraiment beaucoup trop longue pour la règle de longueur. Courte.\n\nC’est très\ntrès bien : l’été, l’hiver et l'automne.\n\nHausse de 30 pour cent.\n";
        let found: Vec<String> = findings(pack, "a.md", source)
            .iter()
            .map(|f| format!("{}:{} {} {}", f.range.start.line, f.range.start.column, f.rule, f.message))
            .collect();
        insta::assert_snapshot!(found.join("\n"), @r"
        1:3 kinds/titres titre en casse de phrase : « Communication » ne prend pas de majuscule
        3:1 kinds/phrase-longue phrase de 11 mots (au plus 8)
        5:1 kinds/phrase-longue phrase de 12 mots (au plus 8)
        6:1 kinds/doublon « très » répété
        6:32 kinds/apostrophes « ' » : l’article écrit surtout « ’ » (3 fois)
        8:11 kinds/nombre « 30 pour cent » : écrivez « 30 % »
        ");
    }

    #[test]
    fn skipped_link_text_and_emphasis_keep_their_own_typography() {
        let pack = RulePack::load(
            "lint-rules/ponctuation.toml",
            r#"[pack]
name = "ponctuation"

[[rule]]
name = "deux-points"
kind = "substitution"
message = "espace avant « : »"
skip = ["link-text", "emphasis"]
swap = { '([\p{L}\p{N}]) ?(:)(\s|$)' = "$1\u202F$2$3" }
examples.fail = ["Étape 1: installer"]
examples.pass = ["Voir [React Unpacked: A Roadmap](v.md)."]
"#,
        )
        .expect("the pack loads");
        let source = "Voir [React Unpacked: A Roadmap](v.md) et *Hooks: Not Magic*.\n\n- **react-dom**: retrait.\n- Étape 1: installer.\n";
        let found: Vec<String> = findings(pack, "a.md", source)
            .iter()
            .map(|f| format!("{}:{}", f.range.start.line, f.range.start.column))
            .collect();
        // The title in a link and the one in emphasis are left alone; a colon after a word in
        // bold is the writer's own.
        assert_eq!(found, ["3:13", "4:9"]);

        let err = RulePack::load(
            "x.toml",
            "[pack]\nname = \"x\"\n[[rule]]\nname = \"r\"\nkind = \"occurrence\"\nmessage = \"m\"\nmax = 3\nskip = [\"emphasis\"]\nexamples.fail = [\"a b c d\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("`skip` applies to existence and substitution rules only"), "{err}");
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

        let kind = PACK.replace("kind = \"existence\"", "kind = \"occurence\"");
        assert!(RulePack::load("x.toml", &kind).unwrap_err().to_string().contains("unknown kind `occurence`"));
    }
}
