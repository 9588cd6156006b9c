//! Translations tracked through git: which pages are translations of which (by the site's
//! layout, following the source's moves), how far each is behind its source from one walk of the
//! first-parent history (the source commits it missed since it was last brought up to date, when
//! the first of them was made, which paragraphs of the source they changed), the source pages
//! still to translate, and the findings of the `translations` family.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use relecture_core::article::Article;
use relecture_core::declare_rule;
use relecture_core::finding::{Diagnostic, Finding, IntroducedBy, IntroducingCommit, RelatedLocation, SourceBehind};
use relecture_core::frontmatter::Value;
use relecture_core::language::{declared_language, page_family};
use relecture_core::range::TextRange;
use relecture_core::report::{
    ChangedParagraph, LanguageStatus, MissingTranslation, PageBehind, SourceInfo, SourceKind, Summary, Tally,
    TranslatedPage, TranslationStatus,
};
use relecture_core::rule::RuleMeta;
use relecture_core::selection::RuleSelection;
use relecture_core::translation::{Pairing, ParagraphChange, TranslationsConfig, changed_paragraphs, pairing};
use relecture_core::{Config, Message, Report};
use relecture_git::{PathHistory, Snapshot, Source, Workspace};

use crate::Error;

declare_rule! {
    /// ## What it checks
    /// A translated page whose source changed after the translation was last brought up to
    /// date. "Up to date" is the commit the translation's front matter names when the site
    /// records one (`default_lang_commit`, `source_commit`, or `[translations] commit_key`),
    /// else the translation's last commit. A translation being edited now (uncommitted, or
    /// staged) is being brought up to date. When the named commit is not in the history (a
    /// shallow clone, a rewritten history), the translation's last commit stands for it and the
    /// finding says so.
    ///
    /// The finding says how many commits of the source and how many of its paragraphs the
    /// translation is behind, and when the first missed change was made; its related places are
    /// the paragraphs of the source that were added, reworded or removed. A reworded paragraph
    /// is one change; moves, case and punctuation are none.
    ///
    /// ## Why
    /// Readers of a translation trust it to say what the source says. A translation left
    /// behind states what the source no longer does, and nobody sees it: the page still builds.
    ///
    /// ## Example
    /// `content/en/install.md` had a paragraph reworded after `content/fr/install.md` was last
    /// committed: `content/en/install.md changed in 1 commit since this translation was brought
    /// up to date (1 paragraph, the first change on 2024-05-06)`.
    ///
    /// ## How to fix
    /// Translate the paragraphs the finding lists, then commit the translation (and, when the
    /// site records it, set its front matter key to the source's last commit).
    pub TRANSLATION_OUTDATED = ("translation-outdated", "translations", Warning, "a translation whose source changed since it was brought up to date");
}

declare_rule! {
    /// ## What it checks
    /// A page in the source language that has no translation in a language the site publishes
    /// other pages in. Off by default: select it (`select = ["translations"]`) or give it a
    /// severity to see the pages still to translate.
    ///
    /// ## Why
    /// A reader who switches language lands on nothing, or on the source language.
    ///
    /// ## Example
    /// `content/en/usage.md` with no `content/fr/usage.md`, where other pages have one.
    ///
    /// ## How to fix
    /// Translate the page, or leave the rule off: `relecture translations` lists them all.
    pub TRANSLATION_MISSING = ("translation-missing", "translations", Info, "a source page with no translation in a language the site publishes", off);
}

declare_rule! {
    /// ## What it checks
    /// A translated page with no source: no page of the source language has its place, and
    /// none had it and moved since. Off by default.
    ///
    /// ## Why
    /// The source was deleted, or renamed without its translations: the translation is no
    /// longer read beside it, and may describe what the site no longer has.
    ///
    /// ## Example
    /// `content/fr/old.md` when `content/en/old.md` was deleted.
    ///
    /// ## How to fix
    /// Delete the translation, or move it to the place of its source.
    pub TRANSLATION_ORPHAN = ("translation-orphan", "translations", Info, "a translation whose source no longer exists", off);
}

declare_rule! {
    /// ## What it checks
    /// With `--diff BASE` only: a source page the change edits whose translations are behind it
    /// now. The finding lists them, with how many paragraphs each is behind, so that a pull
    /// request that changes a page says which translations it leaves to update.
    ///
    /// ## Why
    /// The author of a change to a source page rarely knows which translations exist; the
    /// translators learn of it late, if ever.
    ///
    /// ## Example
    /// A pull request that rewords `content/en/install.md`: `this change leaves 2 translations
    /// to update (with the paragraphs each is behind): content/fr/install.md (1),
    /// content/ja/install.md (1)`.
    ///
    /// ## How to fix
    /// Nothing to fix in the change: tell the translators, or update the translations in the
    /// same pull request.
    pub TRANSLATION_TO_UPDATE = ("translation-to-update", "translations", Info, "a changed source page whose translations are behind it");
}

declare_rule! {
    /// ## What it checks
    /// With `--diff BASE` only: a translation the change edits that was behind its source at the
    /// base and is up to date now.
    ///
    /// ## Why
    /// A reviewer sees at once that the change brings the translation up to date, and with
    /// which source.
    ///
    /// ## Example
    /// `this change brings this translation up to date with content/en/install.md, which it was
    /// 2 commits behind`.
    ///
    /// ## How to fix
    /// Nothing to fix: it is good news. Leave the rule off (`ignore = ["translation-updated"]`)
    /// to hear only of problems.
    pub TRANSLATION_UPDATED = ("translation-updated", "translations", Info, "a changed translation brought up to date with its source");
}

/// The rules of the `translations` family.
pub fn rules() -> Vec<RuleMeta> {
    vec![TRANSLATION_OUTDATED, TRANSLATION_MISSING, TRANSLATION_ORPHAN, TRANSLATION_TO_UPDATE, TRANSLATION_UPDATED]
}

/// With `--diff`: adds to `report` (a lint of `pass.snapshot`, translations findings included,
/// before it is narrowed to the changed articles) `translation-to-update` on each source page
/// that differs from `base` (the lint of the base) and has translations behind it now, and
/// `translation-updated` on each translation that differs from `base`, was behind at the base
/// and is not now. The findings of `translation-outdated` tell both.
///
/// # Errors
/// When a page cannot be read.
pub fn diff(pass: &Pass<'_>, report: &mut Report, base: &Report) -> Result<(), Error> {
    let to_update = pass.selection.is_enabled(&TRANSLATION_TO_UPDATE.name);
    let updated = pass.selection.is_enabled(&TRANSLATION_UPDATED.name);
    if !to_update && !updated {
        return Ok(());
    }
    let blobs = |report: &Report| -> HashMap<String, Option<String>> {
        report.articles.iter().map(|article| (article.path.clone(), article.blob.clone())).collect()
    };
    let (now_blobs, base_blobs) = (blobs(report), blobs(base));
    let changed =
        |path: &str| now_blobs.get(path).is_some_and(|blob| blob.is_none() || base_blobs.get(path) != Some(blob));
    // Where each translation stands, from the statuses (not the findings, which suppressions
    // may hide).
    let (now, then) = (report.translations.clone(), &base.translations);
    let mut findings = Vec::new();
    if to_update {
        let mut by_source: BTreeMap<&str, Vec<(&str, &SourceBehind)>> = BTreeMap::new();
        for (translation, behind) in now.iter().filter_map(|(path, behind)| Some((path, behind.as_ref()?))) {
            // Left behind by this change: up to date at the base, or further behind now.
            let further = match then.get(translation) {
                Some(Some(was)) => behind.changed_paragraphs > was.changed_paragraphs,
                _ => true,
            };
            if changed(&behind.source_path) && further {
                by_source.entry(behind.source_path.as_str()).or_default().push((translation, behind));
            }
        }
        for (source, translations) in by_source {
            let list: Vec<String> =
                translations.iter().map(|(path, behind)| format!("{path} ({})", behind.changed_paragraphs)).collect();
            let message = Message::new("translation-to-update")
                .with("count", translations.len())
                .with("translations", list.join(", "));
            let related = translations
                .iter()
                .map(|(path, _)| {
                    let start = relecture_core::range::Position { line: 1, column: 1, offset: 0 };
                    let place = relecture_core::range::Span { start, end: start };
                    RelatedLocation::new(*path, place, Message::new("related-translation-behind"))
                })
                .collect();
            let diagnostic = Diagnostic::new(&TRANSLATION_TO_UPDATE, TextRange::empty(0), message)
                .with_fingerprint_text("to-update".to_string());
            let Some(article) = parsed(pass, source) else { continue };
            findings.extend(finish(pass, report, &article, Found { diagnostic, related, behind: None }));
        }
    }
    if updated {
        for (translation, was) in then.iter().filter_map(|(path, was)| Some((path, was.as_ref()?))) {
            if changed(translation) && matches!(now.get(translation), Some(None)) {
                let message = Message::new("translation-updated")
                    .with("source", was.source_path.clone())
                    .with("commits", was.behind_commits);
                let diagnostic = Diagnostic::new(&TRANSLATION_UPDATED, TextRange::empty(0), message)
                    .with_fingerprint_text("updated".to_string());
                let Some(article) = parsed(pass, translation) else { continue };
                let found = Found { diagnostic, related: Vec::new(), behind: None };
                findings.extend(finish(pass, report, &article, found));
            }
        }
    }
    report.findings.extend(findings);
    crate::sort_findings(&mut report.findings);
    Ok(())
}

/// A translated page and how it stands against its source.
#[derive(Debug, Clone, PartialEq)]
pub struct PageStatus {
    /// The translation's path.
    pub path: String,
    /// Its declared language.
    pub language: String,
    /// Its source's path, when it has one.
    pub source_path: Option<String>,
    /// Up to date, behind, or without a source.
    pub state: State,
}

/// Where a translation stands.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// No source commit since the translation was brought up to date.
    UpToDate,
    /// The source changed since.
    Outdated(Behind),
    /// No page of the source language has the same place: the source was deleted, or the
    /// translation never had one.
    Orphan,
    /// No history to tell (a folder outside git, a repository without commits).
    Unknown,
}

/// How far a translation is behind its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Behind {
    /// The commit the translation is up to date with.
    pub source_commit_from: String,
    /// The source's last commit.
    pub source_commit_to: String,
    /// Source commits since `source_commit_from`.
    pub behind_commits: usize,
    /// The first of them, an index in the history's commits.
    pub oldest_missed: usize,
    /// The commit the front matter names when it is not in the history (a shallow clone, a
    /// rewritten history): the translation's last commit stood for it.
    pub unknown_commit: Option<String>,
    /// The source's paragraphs that changed since `source_commit_from` (blocks of the source
    /// now for added and edited ones, of the source then for removed ones).
    pub changes: Vec<ParagraphChange>,
    /// The first words of each changed paragraph (as it is now, or as it was for a removed
    /// one), in the order of `changes`.
    pub excerpts: Vec<String>,
    /// Where each changed paragraph is in the source now (for a removed one, the empty place
    /// where it stood), in the order of `changes`.
    pub places: Vec<relecture_core::range::Span>,
    /// Whether each changed passage is a code block, in the order of `changes`.
    pub code: Vec<bool>,
}

impl Behind {
    /// How far behind `source` this is, as findings and reports say it.
    pub fn source_behind(&self, source: &str) -> SourceBehind {
        SourceBehind::new(
            source,
            (self.source_commit_from.clone(), self.source_commit_to.clone()),
            self.behind_commits,
            self.changes.len(),
        )
    }
}

/// The translations of a site and the pages still to translate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Translations {
    /// Every translated page, sorted by path.
    pub pages: Vec<PageStatus>,
    /// Source pages without a translation in a language other pages are translated into, as
    /// (source path, language), sorted.
    pub missing: Vec<(String, String)>,
    /// Every language translations are made into, sorted.
    pub languages: Vec<String>,
}

/// What the statuses are computed from.
#[allow(missing_debug_implementations)] // a reader function
pub struct Site<'a> {
    /// Every page of the linted state: its path and declared language, sorted by path.
    pub pages: &'a [(String, Option<String>)],
    /// The pages whose content in the linted state is not the one of the last commit (edited in
    /// the working tree or the index): they are being brought up to date now.
    pub changed_now: &'a HashSet<String>,
    /// The text of a page in the linted state.
    pub read: &'a dyn Fn(&str) -> Option<String>,
    /// How the pages pair, in the order of `pages` ([`pairing`]).
    pub pairing: &'a Pairing,
    /// The commit translations name in their front matter, when already read, by path.
    pub named: &'a HashMap<String, Option<String>>,
}

/// The translations among the pages of `site` and how far each is behind its source, from
/// `history` (see [`Workspace::path_history`]; `None` without one, when every paired
/// translation is [`State::Unknown`]). A translation is up to date with the commit its front
/// matter names ([`TranslationsConfig::commit_keys`]), else with its own last commit; a
/// translation no commit holds yet, or one edited now, is up to date. A translation whose page
/// has no source now is paired with the page its source became when the source moved.
pub fn translations(
    workspace: &Workspace,
    history: Option<&PathHistory>,
    site: &Site<'_>,
    config: &Config,
) -> Translations {
    let settings = config.section::<TranslationsConfig>();
    let keys = settings.commit_keys();
    let pages = site.pages;
    let mut pairs = site.pairing.sources.clone();
    let index: HashMap<&str, usize> = pages.iter().enumerate().map(|(at, (path, _))| (path.as_str(), at)).collect();
    // Each page's language, and the language its translations are made from.
    let languages: Vec<(Option<String>, Option<String>)> =
        site.pairing.languages.iter().cloned().zip(site.pairing.source_languages.iter().cloned()).collect();
    let is_translation = |at: usize| site.pairing.translated[at];
    if let Some(history) = history {
        follow_moves(history, pages, &languages, &index, &mut pairs, config, &is_translation);
    }
    let mut report = Translations::default();
    // Per source page, the languages it is translated into.
    let mut translated: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut all_languages: BTreeSet<String> = BTreeSet::new();
    for (at, (path, _)) in pages.iter().enumerate() {
        if !is_translation(at) {
            continue;
        }
        let Some(language) = languages[at].0.as_deref().map(|language| variant(path, language)) else { continue };
        all_languages.insert(language.clone());
        let state = match (pairs[at], history) {
            (None, _) => State::Orphan,
            (Some(source), None) => {
                translated.entry(source).or_default().insert(language.clone());
                State::Unknown
            }
            (Some(source), Some(history)) => {
                translated.entry(source).or_default().insert(language.clone());
                let page = Pair { translation: path, source: &pages[source].0 };
                behind(workspace, history, site, page, &keys).map_or(State::UpToDate, State::Outdated)
            }
        };
        report.pages.push(PageStatus {
            path: path.clone(),
            language,
            source_path: pairs[at].map(|source| pages[source].0.clone()),
            state,
        });
    }
    // A page in the source language is a source: every language others are translated into
    // is one it may miss.
    // The languages pages are translated into (a stray page without source is not one).
    let published: BTreeSet<&String> = translated.values().flatten().collect();
    for (at, (path, _)) in pages.iter().enumerate() {
        let (Some(own), Some(source)) = &languages[at] else { continue };
        if own != source {
            continue;
        }
        let has = translated.get(&at);
        for &language in &published {
            if language != own && !has.is_some_and(|has| has.contains(language)) {
                report.missing.push((path.clone(), language.clone()));
            }
        }
    }
    report.pages.sort_by(|a, b| a.path.cmp(&b.path));
    report.missing.sort();
    report.languages = all_languages.into_iter().collect();
    report
}

/// The language of the translation at `path` as its place names it, when that is a regional
/// variant of `language` (`zh-tw`, `pt-br`: `content/zh-tw/a.md`, `a.pt_BR.md`): variants are
/// translated and counted apart. `language` otherwise.
pub fn variant(path: &str, language: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let suffix = file.rsplit('.').nth(1).filter(|_| file.matches('.').count() >= 2);
    path.split('/')
        .take(path.matches('/').count())
        .chain(suffix)
        .find(|segment| {
            segment.contains(['-', '_']) && relecture_core::language::segment_language(segment) == Some(language)
        })
        .map_or_else(|| language.to_string(), |segment| segment.to_ascii_lowercase().replace('_', "-"))
}

/// Pairs each translation without a source now with the page its source became: a page of the
/// history with the translation's place, in the source language, moved since to a page that
/// has no translation in that language yet.
fn follow_moves(
    history: &PathHistory,
    pages: &[(String, Option<String>)],
    languages: &[(Option<String>, Option<String>)],
    index: &HashMap<&str, usize>,
    pairs: &mut [Option<usize>],
    config: &Config,
    is_translation: &dyn Fn(usize) -> bool,
) {
    let orphans: Vec<usize> = (0..pages.len()).filter(|&at| pairs[at].is_none() && is_translation(at)).collect();
    if orphans.is_empty() || history.renames.is_empty() {
        return;
    }
    // Paths that moved, by their place.
    let mut moved: HashMap<Vec<String>, Vec<&str>> = HashMap::new();
    for (_, old, _) in &history.renames {
        if !index.contains_key(old.as_str()) {
            moved.entry(page_family(old)).or_default().push(old);
        }
    }
    for at in orphans {
        let (Some(language), Some(source)) = &languages[at] else { continue };
        let Some(candidates) = moved.get(&page_family(&pages[at].0)) else { continue };
        let found = candidates.iter().find_map(|old| {
            // The old page's language as its path tells it.
            let was = declared_language(&Article::front_matter_only(*old, String::new()), config)
                .or_else(|| config.section::<TranslationsConfig>().source.clone());
            if was.as_deref() != Some(source.as_str()) {
                return None;
            }
            let now = *index.get(history.path_now(old).as_str())?;
            let taken = (0..pages.len())
                .any(|other| pairs[other] == Some(now) && languages[other].0.as_deref() == Some(language.as_str()));
            (languages[now].0.as_deref() == Some(source.as_str()) && !taken).then_some(now)
        });
        if found.is_some() {
            pairs[at] = found;
        }
    }
}

/// Whether `change` only changed the links of a passage of the source `now` (that was `then`)
/// in a way `translation` follows already: it links to every new destination (a language folder
/// of its own allowed: `/bn/microservices/` for `/microservices/`) and to none of those removed
/// (a link dropped where the page still links to its destination elsewhere is no removal).
fn links_followed(then: &Article, now: &Article, translation: &Article, change: ParagraphChange) -> bool {
    let ParagraphChange::Edited { block, before } = change else { return false };
    let (Some(was), Some(is)) = (then.blocks.get(before), now.blocks.get(block)) else { return false };
    // Words that changed, or code (which has no words): not a change of links.
    let words = relecture_core::paragraph::block_key(&is.prose);
    if words.is_empty() || relecture_core::paragraph::block_key(&was.prose) != words {
        return false;
    }
    let normal = |dest: &str| dest.trim_end_matches('/').to_string();
    let old: HashSet<String> = then.links.iter().filter(|l| l.block == before).map(|l| normal(&l.dest)).collect();
    let now_dests: HashSet<String> = now.links.iter().filter(|l| l.block == block).map(|l| normal(&l.dest)).collect();
    let new: Vec<&String> = now_dests.iter().filter(|dest| !old.contains(*dest)).collect();
    // A link dropped where the page still links to its destination elsewhere was a repeat.
    let elsewhere: HashSet<String> = now.links.iter().map(|l| normal(&l.dest)).collect();
    let gone: Vec<&String> = old.iter().filter(|dest| !elsewhere.contains(*dest)).collect();
    let has: HashSet<String> = translation
        .links
        .iter()
        .flat_map(|link| {
            let dest = normal(&link.dest);
            // Without a leading language folder too.
            let bare = dest.strip_prefix('/').and_then(|rest| rest.split_once('/')).and_then(|(first, rest)| {
                relecture_core::language::segment_language(first).map(|_| format!("/{rest}"))
            });
            std::iter::once(dest).chain(bare)
        })
        .collect();
    new.iter().all(|dest| has.contains(*dest)) && !gone.iter().any(|dest| has.contains(*dest))
}

/// The first commit of `history` that holds the commit `id` names when that commit is not one
/// of its first parents (a commit of a branch merged since): the translation is up to date with
/// the state it was merged into. `None` when no commit walked holds it.
fn landing(workspace: &Workspace, history: &PathHistory, id: &str) -> Option<usize> {
    let full = workspace.commit_id(id).filter(|_| is_commit_id(id))?;
    let holds = |index: usize| workspace.descends_from(&history.commits[index].id, &full);
    // Once a first parent holds it, every later one does: the first is found by halving.
    let (mut low, mut high) = (0, history.commits.len());
    if high == 0 || !holds(high - 1) {
        return None;
    }
    while low < high {
        let middle = low + (high - low) / 2;
        if holds(middle) {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    Some(low)
}

/// The front matter fields readers see, as their pages show them.
const SHOWN_FIELDS: [&str; 5] = ["title", "linkTitle", "description", "summary", "sidebar_label"];

/// Whether the front matter fields readers see are the same in `a` and `b`.
fn same_titles(a: &Article, b: &Article) -> bool {
    let shown = |article: &Article, key: &str| {
        let front = article.front_matter.as_ref()?;
        Some(article.text(front.get(key)?.value.range).trim().to_string())
    };
    SHOWN_FIELDS.iter().all(|key| shown(a, key) == shown(b, key))
}

/// A translation and its source, by path.
#[derive(Clone, Copy)]
struct Pair<'a> {
    translation: &'a str,
    source: &'a str,
}

/// The commit a translation names in its front matter as the one it is up to date with.
fn named_commit(translation: &Article, keys: &[&str]) -> Option<(String, TextRange)> {
    let front = translation.front_matter.as_ref()?;
    keys.iter().find_map(|key| {
        let field = front.get(key)?;
        let id = match &field.value.value {
            Value::String(id) => id.trim().to_string(),
            // An id written without quotes that YAML reads as a number (`8438841`, `12e4567`):
            // its text as written.
            Value::Integer(_) | Value::Float(_) => {
                translation.text(field.value.range).trim().trim_matches(['"', '\'']).to_string()
            }
            _ => return None,
        };
        (!id.is_empty()).then_some((id, field.value.range))
    })
}

/// The commit the translation at `path`, of text `text`, names in its front matter under one of
/// `keys`. Most pages name none: their front matter is parsed only when the text holds a key.
fn named_in(path: &str, text: &str, keys: &[&str]) -> Option<String> {
    if !keys.iter().any(|key| text.contains(key)) {
        return None;
    }
    named_commit(&Article::front_matter_only(path, text.to_string()), keys).map(|(id, _)| id)
}

/// Whether `id` can name a commit: 7 to 40 hexadecimal digits. Anything else (`HEAD`, a branch,
/// `:/text`) is never resolved as a revision.
fn is_commit_id(id: &str) -> bool {
    (7..=40).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// How far the translation of `pair` is behind its source, or `None` when it is up to date.
fn behind(
    workspace: &Workspace,
    history: &PathHistory,
    site: &Site<'_>,
    pair: Pair<'_>,
    keys: &[&str],
) -> Option<Behind> {
    let lineage = history.content_lineage(pair.source);
    // A source no commit changed since the first one walked: nothing to be behind.
    if lineage.iter().all(|&commit| commit == 0) {
        return None;
    }
    let named = site
        .named
        .get(pair.translation)
        .cloned()
        .unwrap_or_else(|| named_in(pair.translation, &(site.read)(pair.translation).unwrap_or_default(), keys));
    // Edited now: its last commit is the one being made.
    let last = || {
        if site.changed_now.contains(pair.translation) { None } else { history.last_content_change(pair.translation) }
    };
    let (from, unknown_commit) =
        match named.as_deref().map(|id| (id, history.index_of(id).or_else(|| landing(workspace, history, id)))) {
            Some((_, Some(index))) => (Some(index), None),
            Some((id, None)) => (last(), Some(id.to_string())),
            None => (last(), None),
        };
    // A translation no commit holds yet is being written now: up to date.
    let from = from?;
    let missed: Vec<usize> = lineage.into_iter().filter(|&commit| commit > from).collect();
    let (Some(&first), Some(&last)) = (missed.first(), missed.last()) else { return None };
    let then_path = history.path_at(pair.source, from);
    let then_id = &history.commits[from].id;
    // A source that cannot be read there (a symbolic link then, a damaged object) is compared
    // with an empty page, as one that did not exist yet.
    let then =
        workspace.snapshot(&Source::Revision(then_id.clone())).ok().and_then(|at| at.read(&then_path).ok().flatten());
    // A source that did not exist yet is all new: compared with an empty page.
    let then_text = then.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default();
    let then = Article::parse(then_path, None, then_text);
    let now = Article::parse(pair.source, None, (site.read)(pair.source).unwrap_or_default());
    let mut changes = changed_paragraphs(&then, &now);
    // A heading the source dropped leaves nothing untold in a translation that keeps it.
    changes.retain(|change| match *change {
        ParagraphChange::Removed { before, .. } => !then
            .blocks
            .get(before)
            .is_some_and(|block| matches!(block.kind, relecture_core::markdown::BlockKind::Heading { .. })),
        _ => true,
    });
    // A passage whose words stayed and whose links now lead where the translation's already do
    // (the translation was ahead of its source) is nothing to translate.
    if changes.iter().any(|change| matches!(change, ParagraphChange::Edited { .. })) {
        let translation = Article::parse(pair.translation, None, (site.read)(pair.translation).unwrap_or_default());
        changes.retain(|change| !links_followed(&then, &now, &translation, *change));
    }
    // Nothing a reader sees changed: front matter a translation does not mirror (an order,
    // aliases, tags), lines reflowed, comments.
    if changes.is_empty() && same_titles(&then, &now) {
        return None;
    }
    let blocks: Vec<Option<(&Article, &relecture_core::markdown::Block)>> = changes
        .iter()
        .map(|change| match *change {
            ParagraphChange::Added { block } | ParagraphChange::Edited { block, .. } => {
                now.blocks.get(block).map(|found| (&now, found))
            }
            ParagraphChange::Removed { before, .. } => then.blocks.get(before).map(|found| (&then, found)),
        })
        .collect();
    let code: Vec<bool> = blocks
        .iter()
        .map(|block| {
            block.is_some_and(|(_, block)| matches!(block.kind, relecture_core::markdown::BlockKind::CodeBlock { .. }))
        })
        .collect();
    // A code block is named by its first line of code.
    let excerpts = blocks
        .iter()
        .zip(&code)
        .map(|(block, &code)| match block {
            Some((article, block)) if code => {
                let text = article.text(block.range);
                let fence = |line: &&str| line.is_empty() || line.starts_with("```") || line.starts_with("~~~");
                excerpt(text.lines().map(str::trim).find(|line| !fence(line)).unwrap_or(""))
            }
            Some((_, block)) => excerpt(&block.prose.text_with_code()),
            None => String::new(),
        })
        .collect();
    let places = changes
        .iter()
        .map(|change| {
            let range = match *change {
                ParagraphChange::Added { block } | ParagraphChange::Edited { block, .. } => {
                    now.blocks.get(block).map(|block| block.range)
                }
                ParagraphChange::Removed { at, .. } => {
                    now.blocks.get(at).map(|block| TextRange::empty(block.range.start))
                }
            };
            now.span(range.unwrap_or(TextRange::empty(now.source.len())))
        })
        .collect();
    Some(Behind {
        source_commit_from: then_id.clone(),
        source_commit_to: history.commits[last].id.clone(),
        behind_commits: missed.len(),
        oldest_missed: first,
        unknown_commit,
        changes,
        excerpts,
        places,
        code,
    })
}

/// Where each translation of the pages of `snapshot` of `workspace` stands, as `relecture
/// translations` reports it, with the words of each page. `config` holds the site model.
/// Words are counted on the threads of `pool`.
///
/// # Errors
/// When the state or its history cannot be read.
pub fn status(
    workspace: &Workspace,
    snapshot: &Snapshot<'_>,
    config: &Config,
    source: SourceInfo,
    pool: &rayon::ThreadPool,
) -> Result<TranslationStatus, Error> {
    use rayon::prelude::*;
    // Every page is read once, here, for its language and its words.
    let mut gathered = Gathered::pages(snapshot, config, &HashMap::new())?;
    let (scope, orphans) = gathered.translations();
    gathered.walk(workspace, snapshot, config, &scope, &orphans)?;
    let texts = &gathered.texts;
    let read = |path: &str| texts.get(path).cloned();
    let site = Site {
        pages: &gathered.pages,
        changed_now: &gathered.changed_now,
        read: &read,
        pairing: &gathered.pairing,
        named: &gathered.named,
    };
    let found = translations(workspace, gathered.history.as_ref(), &site, config);
    let words: HashMap<&str, usize> = pool.install(|| {
        texts
            .par_iter()
            .map(|(path, text)| {
                let article = Article::parse(path.as_str(), None, text.clone());
                (path.as_str(), article.blocks.iter().map(|block| block.prose.words().count()).sum())
            })
            .collect()
    });
    let words_of = |path: &str| words.get(path).copied().unwrap_or(0);
    let mut languages: BTreeMap<String, LanguageStatus> =
        found.languages.iter().map(|language| (language.clone(), LanguageStatus::new(language.clone()))).collect();
    let mut pages = Vec::new();
    for page in found.pages {
        let words = words_of(&page.path);
        let tally =
            languages.entry(page.language.clone()).or_insert_with(|| LanguageStatus::new(page.language.clone()));
        let (state, behind) = match page.state {
            State::UpToDate => (tally_of(&mut tally.up_to_date, words, "up-to-date"), None),
            State::Orphan => (tally_of(&mut tally.orphan, words, "orphan"), None),
            State::Unknown => (tally_of(&mut tally.unknown, words, "unknown"), None),
            State::Outdated(behind) => {
                let history = gathered.history.as_ref().expect("only a history tells a page is outdated");
                (tally_of(&mut tally.outdated, words, "outdated"), Some(page_behind(history, behind)))
            }
        };
        pages.push(TranslatedPage::new(page.path, page.language, state, words, page.source_path, behind));
    }
    let missing = found
        .missing
        .into_iter()
        .map(|(path, language)| {
            let words = words_of(&path);
            if let Some(status) = languages.get_mut(&language) {
                status.missing.add(words);
            }
            MissingTranslation::new(path, language, words)
        })
        .collect();
    let source_language = relecture_core::translation::source_language(config, "");
    let mut status = TranslationStatus::new(
        source,
        source_language,
        gathered.history.is_some(),
        (languages.into_values().collect(), pages, missing),
    );
    let tip = gathered.history.as_ref().and_then(|history| history.commits.last());
    status.browse = tip.and_then(|commit| workspace.browse_url(&commit.id));
    Ok(status)
}

/// Counts a page of `words` words in `tally`; its state's name.
fn tally_of(tally: &mut Tally, words: usize, state: &'static str) -> String {
    tally.add(words);
    state.to_string()
}

/// `behind` as the status report shows it.
fn page_behind(history: &PathHistory, behind: Behind) -> PageBehind {
    let oldest = &history.commits[behind.oldest_missed];
    let changed = behind
        .changes
        .iter()
        .zip(behind.excerpts)
        .zip(&behind.places)
        .zip(&behind.code)
        .map(|(((change, excerpt), place), &code)| {
            let (change, _) = passage_change(*change, code);
            ChangedParagraph::new(change, place.start.line, excerpt)
        })
        .collect();
    PageBehind::new(
        (behind.source_commit_from, behind.source_commit_to),
        behind.behind_commits,
        crate::blame::iso_date(oldest.time, oldest.offset_minutes),
        behind.unknown_commit,
        changed,
    )
}

/// What the rules of the `translations` family need of a run.
#[derive(Debug, Clone, Copy)]
pub struct Pass<'a> {
    /// The repository.
    pub workspace: &'a Workspace,
    /// The linted state.
    pub snapshot: &'a Snapshot<'a>,
    /// The run's configuration, with the site model in it.
    pub config: &'a Config,
    /// Which rules run.
    pub selection: &'a RuleSelection,
    /// Whether the report carries the text of the articles with findings.
    pub sources: bool,
    /// Whether findings say the commit that introduced them (`--blame`): for
    /// `translation-outdated`, the first source commit the translation missed.
    pub blame: bool,
}

/// The pages of a state, their languages, and the history of the commit the state is made
/// from: what the statuses are computed from.
#[derive(Debug, Default)]
pub struct Gathered {
    /// Every page, path and declared language, sorted by path.
    pub pages: Vec<(String, Option<String>)>,
    /// Each page's blob id when it is known without reading it (`None`: read, or outside git).
    ids: BTreeMap<String, Option<String>>,
    /// Pages edited now, in the working tree or the index.
    pub changed_now: HashSet<String>,
    /// The text of the pages read so far, by path.
    pub texts: HashMap<String, String>,
    /// How the pages pair, in the order of `pages`.
    pub pairing: Pairing,
    /// The commit each translation the walk read names in its front matter, by path.
    pub named: HashMap<String, Option<String>>,
    /// The first-parent history of the state's commit; `None` outside git, before the first
    /// commit, or until [`Gathered::walk`].
    pub history: Option<PathHistory>,
}

impl Gathered {
    /// The pages of `snapshot`. `known` gives the declared language of pages a lint already
    /// read (the others are read for their front matter).
    ///
    /// # Errors
    /// When the state cannot be listed.
    pub fn pages(
        snapshot: &Snapshot<'_>,
        config: &Config,
        known: &HashMap<&str, Option<String>>,
    ) -> Result<Self, Error> {
        let filter = config.file_filter();
        let max = config.max_file_size;
        let listing = match snapshot.list_ids(&filter, max)? {
            Some(listing) => listing,
            None => snapshot.list(&filter, max)?,
        };
        let mut ids: BTreeMap<String, Option<String>> =
            listing.unread.into_iter().map(|(path, id)| (path, Some(id))).collect();
        for file in listing.files {
            ids.entry(file.path).or_insert(None);
        }
        let mut texts = HashMap::new();
        let pages: Vec<(String, Option<String>)> = ids
            .keys()
            .map(|path| {
                let language = known.get(path.as_str()).cloned().unwrap_or_else(|| {
                    let text = read_text(snapshot, path).unwrap_or_default();
                    let language = declared_language(&Article::front_matter_only(path.as_str(), text.clone()), config);
                    texts.insert(path.clone(), text);
                    language
                });
                (path.clone(), language)
            })
            .collect();
        let listed: Vec<(&str, Option<String>)> = pages.iter().map(|(p, l)| (p.as_str(), l.clone())).collect();
        let pairing = pairing(&listed, config);
        Ok(Self { pages, ids, changed_now: HashSet::new(), texts, pairing, named: HashMap::new(), history: None })
    }

    /// The text of the page at `path` of `snapshot`, read once.
    fn text(&mut self, snapshot: &Snapshot<'_>, path: &str) -> Option<&String> {
        if !self.texts.contains_key(path) {
            self.texts.insert(path.to_string(), read_text(snapshot, path)?);
        }
        self.texts.get(path)
    }

    /// Walks the first-parent history of the commit `snapshot` is made from (`HEAD` for the
    /// working tree and the index, where pages whose content is not the one of `HEAD` are being
    /// edited now), back as far as the translations among `scope` need: to the commit each is up
    /// to date with (the one its front matter names, else its last change). Nothing outside git
    /// or before the first commit.
    ///
    /// # Errors
    /// When the history cannot be read.
    pub fn walk(
        &mut self,
        workspace: &Workspace,
        snapshot: &Snapshot<'_>,
        config: &Config,
        scope: &[String],
        orphans: &[String],
    ) -> Result<(), Error> {
        let tip = match snapshot.kind() {
            SourceKind::Revision => snapshot.commit(),
            SourceKind::WorkTree | SourceKind::Staged => Some("HEAD".to_string()),
            _ => None,
        };
        let Some(tip) = tip.filter(|_| workspace.is_git()) else { return Ok(()) };
        let filter = config.file_filter();
        if matches!(snapshot.kind(), SourceKind::WorkTree | SourceKind::Staged)
            && let Ok(head) = workspace.snapshot(&Source::Revision("HEAD".to_string()))
        {
            let committed: HashMap<String, String> = head
                .list_ids(&filter, config.max_file_size)?
                .map(|head| head.unread.into_iter().collect())
                .unwrap_or_default();
            self.changed_now = self
                .ids
                .iter()
                .filter(|(path, id)| id.is_none() || committed.get(*path) != id.as_ref())
                .map(|(path, _)| path.clone())
                .collect();
        }
        // What each translation waits for: the commit its front matter names, when the
        // repository holds it; else a commit that changed it.
        let settings = config.section::<TranslationsConfig>();
        let keys = settings.commit_keys();
        let mut waiting_paths: HashSet<String> = HashSet::new();
        let mut waiting_commits: HashSet<String> = HashSet::new();
        // Many translations name the same commit.
        let mut resolved: HashMap<String, Option<String>> = HashMap::new();
        let mut oldest_named: Option<i64> = None;
        for path in scope {
            let Some(text) = self.text(snapshot, path) else { continue };
            let id = named_in(path, text, &keys);
            self.named.insert(path.clone(), id.clone());
            let named = id
                .filter(|id| is_commit_id(id))
                .and_then(|id| resolved.entry(id.clone()).or_insert_with(|| workspace.commit_id(&id)).clone());
            match named {
                Some(commit) => {
                    // A commit of a merged branch is never a first parent: the walk waits until
                    // it passes its date, the commit that merged it being then behind.
                    if let Some(time) = workspace.commit_time(&commit) {
                        oldest_named = Some(oldest_named.map_or(time, |oldest: i64| oldest.min(time)));
                    }
                    waiting_commits.insert(commit)
                }
                // Edited now: up to date, whatever its history.
                None if self.changed_now.contains(path) => false,
                None => waiting_paths.insert(path.clone()),
            };
        }
        // A translation without source waits for the commit that deleted or moved a page at its
        // place: its source, which may live on under another path.
        let mut waiting_places: HashMap<Vec<String>, HashSet<String>> = HashMap::new();
        for path in orphans {
            waiting_places.entry(page_family(path)).or_default().insert(path.clone());
        }
        // No commit yet: no history to tell.
        let Ok(walked) = workspace.path_history_until(&tip, &filter, |step| {
            waiting_commits.remove(&step.commit.id);
            if oldest_named.is_some_and(|time| step.commit.time < time) {
                waiting_commits.clear();
            }
            // A translation only moved here waits for its last change at its older path.
            let mut renamed = HashSet::new();
            for (old, new, _) in step.moved.iter().filter(|(_, _, exact)| *exact) {
                if waiting_paths.remove(new) {
                    waiting_paths.insert(old.clone());
                    renamed.insert(old);
                }
            }
            for path in step.changed.iter().filter(|path| !renamed.contains(path)) {
                waiting_paths.remove(path);
            }
            if !waiting_places.is_empty() {
                for gone in step.deleted {
                    let place = page_family(gone);
                    if waiting_places.get(&place).is_some_and(|orphans| !orphans.contains(gone)) {
                        waiting_places.remove(&place);
                    }
                }
            }
            waiting_commits.is_empty() && waiting_paths.is_empty() && waiting_places.is_empty()
        }) else {
            return Ok(());
        };
        self.history = Some(walked);
        Ok(())
    }

    /// The pages that are translations, as [`translations`] tells them, and among them those
    /// without a source at their place now.
    pub fn translations(&self) -> (Vec<String>, Vec<String>) {
        let mut all = Vec::new();
        let mut unpaired = Vec::new();
        for (at, (path, _)) in self.pages.iter().enumerate().filter(|(at, _)| self.pairing.translated[*at]) {
            all.push(path.clone());
            if self.pairing.sources[at].is_none() {
                unpaired.push(path.clone());
            }
        }
        (all, unpaired)
    }
}

/// The page at `path` of the state `pass` lints, parsed; `None` when it cannot be read.
fn parsed(pass: &Pass<'_>, path: &str) -> Option<Article> {
    read_text(pass.snapshot, path).map(|text| Article::parse(path, None, text))
}

/// The text of the page at `path` of `snapshot`, `None` when it cannot be read.
fn read_text(snapshot: &Snapshot<'_>, path: &str) -> Option<String> {
    let bytes = snapshot.read(path).ok()??;
    String::from_utf8(bytes).ok()
}

/// Adds the findings of the `translations` family to `report`, a lint of `pass.snapshot`:
/// `translation-outdated` on each outdated translation among the articles linted,
/// `translation-missing` on source pages, `translation-orphan` on translations without source.
///
/// # Errors
/// When the state or its history cannot be read.
pub fn check(pass: &Pass<'_>, report: &mut Report) -> Result<(), Error> {
    let enabled = |rule: &RuleMeta| pass.selection.is_enabled(&rule.name);
    if !rules().iter().any(enabled) {
        return Ok(());
    }
    // A file the lint could not read (not UTF-8, too large) still has the language its path
    // gives: `translations` pairs it so, and so does the check.
    let linted: HashMap<String, Option<String>> = report
        .articles
        .iter()
        .map(|article| {
            let language = article.language.declared.clone().or_else(|| {
                declared_language(&Article::front_matter_only(article.path.as_str(), String::new()), pass.config)
            });
            (article.path.clone(), language)
        })
        .collect();
    let known: HashMap<&str, Option<String>> =
        linted.iter().map(|(path, language)| (path.as_str(), language.clone())).collect();
    // Only `translation-missing` reports on a page that is not a translation: without it, a run
    // that linted none (a site in one language) has nothing to say.
    let linted_pages: Vec<(&str, Option<String>)> = known.iter().map(|(p, l)| (*p, l.clone())).collect();
    if !enabled(&TRANSLATION_MISSING) && !pairing(&linted_pages, pass.config).translated.contains(&true) {
        return Ok(());
    }
    let mut gathered = Gathered::pages(pass.snapshot, pass.config, &known)?;
    let (mut scope, mut orphans) = gathered.translations();
    // The history is walked only for a site that has translations, as far back as those linted
    // need.
    scope.retain(|path| enabled(&TRANSLATION_OUTDATED) && known.contains_key(path.as_str()));
    // Translations without source now may have a source that moved: their pairing needs the
    // history too, when a finding depends on it (all of them for the pages missing).
    orphans.retain(|path| enabled(&TRANSLATION_MISSING) || known.contains_key(path.as_str()));
    if !scope.is_empty() || !orphans.is_empty() {
        gathered.walk(pass.workspace, pass.snapshot, pass.config, &scope, &orphans)?;
    }
    let read = |path: &str| gathered.texts.get(path).cloned().or_else(|| read_text(pass.snapshot, path));
    let site = Site {
        pages: &gathered.pages,
        changed_now: &gathered.changed_now,
        read: &read,
        pairing: &gathered.pairing,
        named: &gathered.named,
    };
    let statuses = translations(pass.workspace, gathered.history.as_ref(), &site, pass.config);
    if gathered.history.is_some() {
        report.translations = statuses
            .pages
            .iter()
            .filter_map(|page| match (&page.state, &page.source_path) {
                (State::UpToDate, Some(_)) => Some((page.path.clone(), None)),
                (State::Outdated(behind), Some(source)) => {
                    Some((page.path.clone(), Some(behind.source_behind(source))))
                }
                _ => None,
            })
            .collect();
    }
    let mut findings = Vec::new();
    for page in &statuses.pages {
        if !known.contains_key(page.path.as_str()) {
            continue;
        }
        let reported = match (&page.state, &page.source_path) {
            (State::Outdated(_), Some(_)) => enabled(&TRANSLATION_OUTDATED),
            (State::Orphan, _) => enabled(&TRANSLATION_ORPHAN),
            _ => false,
        };
        // The page is read and parsed once, for its finding's place and its suppressions.
        let article = if reported { read(&page.path) } else { None };
        let Some(article) = article.map(|text| Article::parse(page.path.as_str(), None, text)) else { continue };
        let found = if let (State::Outdated(behind), Some(source)) = (&page.state, &page.source_path) {
            outdated(pass, &article, source, behind, gathered.history.as_ref())
        } else {
            let message = Message::new("translation-orphan").with_language("language", page.language.clone());
            let diagnostic = Diagnostic::new(&TRANSLATION_ORPHAN, TextRange::empty(0), message)
                .with_fingerprint_text("orphan".to_string());
            Some(Found { diagnostic, related: Vec::new(), behind: None })
        };
        if let Some(found) = found {
            findings.extend(finish(pass, report, &article, found));
        }
    }
    if enabled(&TRANSLATION_MISSING) {
        let mut by_page: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (path, language) in &statuses.missing {
            by_page.entry(path.as_str()).or_default().push(language.as_str());
        }
        for (path, languages) in by_page {
            if !known.contains_key(path) {
                continue;
            }
            let message = Message::new("translation-missing")
                .with("count", languages.len())
                .with("languages", languages.join(", "));
            let diagnostic = Diagnostic::new(&TRANSLATION_MISSING, TextRange::empty(0), message)
                .with_fingerprint_text("missing".to_string());
            let Some(article) = read(path).map(|text| Article::parse(path, None, text)) else { continue };
            findings.extend(finish(pass, report, &article, Found { diagnostic, related: Vec::new(), behind: None }));
        }
    }
    if findings.is_empty() {
        return Ok(());
    }
    report.findings.extend(findings);
    crate::sort_findings(&mut report.findings);
    let Summary { elapsed_ms, unverifiable_links, .. } = report.summary;
    let mut summary = Summary::count(report.articles.len(), &report.findings, elapsed_ms);
    summary.unverifiable_links = unverifiable_links;
    report.summary = summary;
    Ok(())
}

/// A finding of the family before suppressions: its diagnostic, its related places (resolved
/// already: they are in other articles), and for `translation-outdated` how far the translation
/// is behind and the commit that made it so.
struct Found {
    diagnostic: Diagnostic,
    related: Vec<RelatedLocation>,
    behind: Option<(SourceBehind, IntroducedBy)>,
}

/// The finding of `found` on the article at `path`, unless a suppression comment of the article
/// silences it or its rule is off.
fn finish(pass: &Pass<'_>, report: &mut Report, article: &Article, found: Found) -> Option<Finding> {
    let Found { diagnostic, related, behind } = found;
    let path = article.path.as_str();
    let mut diagnostic = diagnostic;
    // A finding on the whole page is where the page begins, after its front matter.
    if diagnostic.range == TextRange::empty(0) {
        diagnostic.range = TextRange::empty(article.body.start);
    }
    let mut diagnostics = vec![diagnostic];
    // A comment that silences nothing here is not this pass's to report: the lint judged them.
    relecture_core::suppress::apply_suppressions(article, &mut diagnostics, |_| "translations".to_string(), |_| false);
    let diagnostic = diagnostics.pop()?;
    let severity = pass.selection.severity(&diagnostic.rule)?;
    let text = &diagnostic.fingerprint_text;
    let fingerprint = crate::fingerprint(&diagnostic.rule, path, text, 0);
    let identity = crate::fingerprint(&diagnostic.rule, "", text, 0);
    if pass.sources {
        report.sources.entry(path.to_string()).or_insert_with(|| std::sync::Arc::from(article.source.as_str()));
    }
    let span = article.span(diagnostic.range);
    let mut finding =
        Finding::new(diagnostic.rule.into_owned(), "translations", severity, diagnostic.message, path, span)
            .with_related(related)
            .with_fingerprint(fingerprint, identity);
    if let Some((behind, introduced)) = behind {
        finding.behind = Some(behind);
        if pass.blame {
            finding.introduced_by = Some(introduced);
        }
    }
    Some(finding)
}

/// The diagnostic of `translation-outdated` on `translation`, behind `source` by `behind`: at
/// the front matter key naming the commit it is up to date with, else at the start of the page.
fn outdated(
    pass: &Pass<'_>,
    translation: &Article,
    source: &str,
    behind: &Behind,
    history: Option<&PathHistory>,
) -> Option<Found> {
    let history = history?;
    let settings = pass.config.section::<TranslationsConfig>();
    let range = named_commit(translation, &settings.commit_keys()).map_or(TextRange::empty(0), |(_, range)| range);
    let oldest = &history.commits[behind.oldest_missed];
    let date = crate::blame::iso_date(oldest.time, oldest.offset_minutes);
    let day = date.get(..10).unwrap_or(&date).to_string();
    let mut message = Message::new("translation-outdated")
        .with("source", source.to_string())
        .with("commits", behind.behind_commits)
        .with("paragraphs", behind.changes.len())
        .with("date", day);
    if let Some(named) = &behind.unknown_commit {
        message =
            Message::new("translation-outdated-unknown-commit").with("outdated", message).with("named", named.clone());
    }
    let related = behind
        .changes
        .iter()
        .zip(&behind.excerpts)
        .zip(&behind.places)
        .zip(&behind.code)
        .map(|(((change, excerpt), place), &code)| {
            let (_, id) = passage_change(*change, code);
            let said = match change {
                // A removed passage is no longer there to see: its first words name it.
                ParagraphChange::Removed { .. } => Message::new(id).with("excerpt", excerpt.clone()),
                _ => Message::new(id),
            };
            RelatedLocation::new(source, *place, said)
        })
        .collect();
    let diagnostic = Diagnostic::new(&TRANSLATION_OUTDATED, range, message).with_fingerprint_text(source.to_string());
    let extra = behind.source_behind(source);
    let introduced = IntroducingCommit::new(oldest.id.clone(), oldest.author.clone(), date);
    Some(Found { diagnostic, related, behind: Some((extra, IntroducedBy::Commit(introduced))) })
}

/// What happened to a changed passage (a code block when `code`): its name in the status
/// report, and the message of its related place in a finding.
fn passage_change(change: ParagraphChange, code: bool) -> (&'static str, &'static str) {
    match (change, code) {
        (ParagraphChange::Added { .. }, false) => ("added", "related-paragraph-added"),
        (ParagraphChange::Edited { .. }, false) => ("reworded", "related-paragraph-reworded"),
        (ParagraphChange::Removed { .. }, false) => ("removed", "related-paragraph-removed"),
        (ParagraphChange::Added { .. }, true) => ("code added", "related-code-added"),
        (ParagraphChange::Edited { .. }, true) => ("code changed", "related-code-changed"),
        (ParagraphChange::Removed { .. }, true) => ("code removed", "related-code-removed"),
    }
}

/// The first words of a paragraph, to name it.
fn excerpt(text: &str) -> String {
    const WORDS: usize = 8;
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = words.iter().take(WORDS).copied().collect::<Vec<_>>().join(" ");
    if words.len() > WORDS {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// A git repository built commit by commit with the git command line.
    struct Repo(tempfile::TempDir);

    impl Repo {
        fn new() -> Self {
            let repo = Self(tempfile::tempdir().unwrap());
            repo.git(&["init", "-q"]);
            repo
        }

        fn git(&self, args: &[&str]) -> String {
            let out = std::process::Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"])
                .args(args)
                .current_dir(self.0.path())
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .output()
                .unwrap();
            assert!(out.status.success(), "git {args:?}");
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        }

        fn commit(&self, files: &[(&str, &str)], message: &str) -> String {
            for (path, text) in files {
                let full = self.0.path().join(path);
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::write(full, text).unwrap();
            }
            self.git(&["add", "-A"]);
            self.git(&["commit", "-q", "-m", message]);
            self.git(&["rev-parse", "HEAD"])
        }

        /// The translations at HEAD, every article parsed from the working tree.
        fn translations(&self) -> Translations {
            let workspace = Workspace::open(self.0.path()).unwrap();
            let config = Config::from_toml(
                "[translations]\nsource = \"en\"\n",
                "relecture.toml",
                &[
                    relecture_core::config::SectionKind::of::<TranslationsConfig>(),
                    relecture_core::config::SectionKind::of::<relecture_core::language::LanguageConfig>(),
                ],
            )
            .unwrap();
            let history = workspace.path_history("HEAD", &config.file_filter()).unwrap();
            let mut paths: Vec<String> = history.changes.keys().cloned().collect();
            paths.retain(|path| self.0.path().join(path).exists());
            let read = |path: &str| std::fs::read_to_string(self.0.path().join(path)).ok();
            let pages: Vec<(String, Option<String>)> = paths
                .iter()
                .map(|path| {
                    let article = Article::parse(path.clone(), None, read(path).unwrap());
                    (path.clone(), declared_language(&article, &config))
                })
                .collect();
            let listed: Vec<(&str, Option<String>)> = pages.iter().map(|(p, l)| (p.as_str(), l.clone())).collect();
            let pairing = pairing(&listed, &config);
            let site = Site {
                pages: &pages,
                changed_now: &HashSet::new(),
                read: &read,
                pairing: &pairing,
                named: &HashMap::new(),
            };
            translations(&workspace, Some(&history), &site, &config)
        }
    }

    const SOURCE: &str = "# Install\n\nDownload the archive from the releases page of the project.\n\nRun the installer as an administrator of the machine.\n";
    const FRENCH: &str = "# Installer\n\nTéléchargez l'archive depuis la page des versions du projet.\n\nLancez l'installateur en administrateur de la machine.\n";

    fn state(translations: &Translations, path: &str) -> State {
        translations.pages.iter().find(|page| page.path == path).unwrap().state.clone()
    }

    #[test]
    fn a_source_edited_after_its_translation_leaves_it_one_commit_and_one_paragraph_behind() {
        let repo = Repo::new();
        let first = repo.commit(&[("content/en/install.md", SOURCE), ("content/fr/install.md", FRENCH)], "pages");
        let edited = SOURCE.replace("of the machine", "of this machine");
        let second = repo.commit(&[("content/en/install.md", &edited)], "reword the source");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/install.md") else { panic!() };
        assert_eq!((behind.source_commit_from, behind.source_commit_to), (first, second));
        assert_eq!(behind.behind_commits, 1);
        assert_eq!(behind.changes, [ParagraphChange::Edited { block: 2, before: 2 }]);
        assert_eq!(behind.unknown_commit, None);

        // The translation updated after: up to date.
        repo.commit(&[("content/fr/install.md", &FRENCH.replace("de la machine", "de cette machine"))], "follow");
        assert_eq!(state(&repo.translations(), "content/fr/install.md"), State::UpToDate);
        assert!(repo.translations().missing.is_empty());
    }

    #[test]
    fn front_matter_readers_do_not_see_is_not_a_change_to_translate() {
        let repo = Repo::new();
        let source = format!("---\ntitle: Install\nweight: 30\n---\n{SOURCE}");
        repo.commit(&[("content/en/install.md", &source), ("content/fr/install.md", FRENCH)], "pages");
        repo.commit(&[("content/en/install.md", &source.replace("weight: 30", "weight: 40"))], "reorder");
        assert_eq!(state(&repo.translations(), "content/fr/install.md"), State::UpToDate);
        // A new title is: no paragraph changed, but the translation is behind.
        repo.commit(&[("content/en/install.md", &source.replace("title: Install", "title: Installing"))], "retitle");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/install.md") else { panic!() };
        assert_eq!((behind.behind_commits, behind.changes.len()), (2, 0));
    }

    #[test]
    fn a_translation_whose_links_lead_where_its_source_now_does_is_up_to_date() {
        let repo = Repo::new();
        let source = "# Firewall\n\nA firewall protects [microservices](/microservices/) from the network.\n";
        let french =
            "# Pare-feu\n\nUn pare-feu protège les [microservices](/fr/microservices-architecture/) du réseau.\n";
        repo.commit(&[("content/en/firewall.md", source), ("content/fr/firewall.md", french)], "pages");
        let retargeted = source.replace("/microservices/", "/microservices-architecture/");
        repo.commit(&[("content/en/firewall.md", &retargeted)], "retarget the link");
        assert_eq!(state(&repo.translations(), "content/fr/firewall.md"), State::UpToDate);
        // Elsewhere than the translation's: one passage to update.
        repo.commit(
            &[("content/en/firewall.md", &retargeted.replace("/microservices-architecture/", "/services/"))],
            "again",
        );
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/firewall.md") else { panic!() };
        assert_eq!(behind.changes, [ParagraphChange::Edited { block: 1, before: 1 }]);
        // A command changed in a code block is a change, though it has no words nor links.
        let source = "# Firewall\n\n```sh\nnpx hugo new post.md\n```\n";
        repo.commit(
            &[
                ("content/en/firewall.md", source),
                ("content/fr/firewall.md", "# Pare-feu\n\n```sh\nnpx hugo new post.md\n```\n"),
            ],
            "code",
        );
        repo.commit(&[("content/en/firewall.md", &source.replace("npx", "npm exec --no --"))], "new command");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/firewall.md") else { panic!() };
        assert_eq!((behind.changes.len(), behind.code.as_slice()), (1, [true].as_slice()));
        assert_eq!(behind.excerpts, ["npm exec --no -- hugo new post.md"]);
    }

    #[test]
    fn a_dropped_heading_or_a_link_the_translation_never_had_leaves_it_up_to_date() {
        let repo = Repo::new();
        let source = "# Firewall\n\n## What it is\n\nA firewall filters traffic, as [debugging](/debugging/) shows.\n";
        let french = "# Pare-feu\n\n## Ce que c'est\n\nUn pare-feu filtre le trafic.\n";
        repo.commit(&[("content/en/firewall.md", source), ("content/fr/firewall.md", french)], "pages");
        let edited = source.replace("## What it is\n\n", "").replace("[debugging](/debugging/)", "debugging");
        repo.commit(&[("content/en/firewall.md", &edited)], "drop the heading and the link");
        assert_eq!(state(&repo.translations(), "content/fr/firewall.md"), State::UpToDate);
        // A removed paragraph is a change: the translation still says it.
        repo.commit(&[("content/en/firewall.md", "# Firewall\n")], "drop the definition");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/firewall.md") else { panic!() };
        assert_eq!(behind.changes, [ParagraphChange::Removed { before: 2, at: 1 }]);
    }

    #[test]
    fn a_short_id_written_without_quotes_names_its_commit_and_a_revision_name_does_not() {
        let repo = Repo::new();
        repo.commit(&[("content/en/install.md", SOURCE)], "source");
        // Reword the commit until its short id is all digits: YAML reads it as a number.
        let mut attempt = 0;
        let first = loop {
            let id = repo.git(&["rev-parse", "HEAD"]);
            if id[..7].bytes().all(|b| b.is_ascii_digit()) {
                break id;
            }
            attempt += 1;
            repo.git(&["commit", "-q", "--amend", "-m", &format!("source {attempt}")]);
        };
        let added = format!("{SOURCE}\nA new paragraph about the options of the installer.\n");
        repo.commit(&[("content/en/install.md", &added)], "add a paragraph");
        let french = format!("---\ndefault_lang_commit: {}\n---\n{FRENCH}", &first[..7]);
        repo.commit(&[("content/fr/install.md", &french)], "translate from the first version");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/install.md") else { panic!() };
        assert_eq!((behind.source_commit_from.as_str(), behind.unknown_commit), (first.as_str(), None));
        // `HEAD` is not a commit id: the translation's last commit stands for it, and says so.
        repo.commit(&[("content/fr/install.md", &french.replace(&first[..7], "HEAD"))], "name a branch");
        repo.commit(&[("content/en/install.md", &added.replace("options", "settings"))], "edit");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/install.md") else { panic!() };
        assert_eq!((behind.behind_commits, behind.unknown_commit.as_deref()), (1, Some("HEAD")));
    }

    #[test]
    fn moving_pages_without_changing_them_is_no_change() {
        let repo = Repo::new();
        repo.commit(&[("content/en/install.md", SOURCE), ("content/fr/install.md", FRENCH)], "pages");
        repo.commit(&[("content/en/install.md", &SOURCE.replace("of the machine", "of this machine"))], "edit");
        // A reorganisation moves the source and its translation as they are.
        for language in ["en", "fr"] {
            repo.git(&["mv", &format!("content/{language}/install.md"), &format!("content/{language}/setup.md")]);
        }
        repo.git(&["commit", "-q", "-m", "reorganise"]);
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/setup.md") else { panic!() };
        assert_eq!((behind.behind_commits, behind.changes.len()), (1, 1), "the move is neither an update nor a change");
    }

    #[test]
    fn regional_variants_are_languages_of_their_own() {
        assert_eq!(variant("content/zh-tw/a.md", "zh"), "zh-tw");
        assert_eq!(variant("content/zh_CN/docs/a.md", "zh"), "zh-cn");
        assert_eq!(variant("docs/a.pt_BR.md", "pt"), "pt-br");
        assert_eq!(variant("content/fr/a.md", "fr"), "fr");
        // A page whose name looks like a variant of another language is not one.
        assert_eq!(variant("content/fr/pt-br.md", "fr"), "fr");
    }

    #[test]
    fn a_commit_of_a_merged_branch_is_up_to_date_as_of_its_merge() {
        let repo = Repo::new();
        repo.commit(&[("content/en/install.md", SOURCE), ("content/fr/install.md", FRENCH)], "pages");
        repo.git(&["checkout", "-q", "-b", "edit"]);
        let edited = SOURCE.replace("of the machine", "of this machine");
        let on_branch = repo.commit(&[("content/en/install.md", &edited)], "edit on a branch");
        repo.git(&["checkout", "-q", "-"]);
        repo.git(&["merge", "-q", "--no-ff", "-m", "merge", "edit"]);
        let merge = repo.git(&["rev-parse", "HEAD"]);
        // The translation follows the branch's commit, as `git log -- source` names it.
        let french = format!("---\ndefault_lang_commit: {on_branch}\n---\n{FRENCH}");
        repo.commit(&[("content/fr/install.md", &french.replace("de la machine", "de cette machine"))], "translate");
        repo.commit(&[("content/en/install.md", &edited.replace("Download", "Fetch"))], "edit on main");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/install.md") else { panic!() };
        assert_eq!(
            (behind.source_commit_from.as_str(), behind.behind_commits, behind.unknown_commit),
            (merge.as_str(), 1, None)
        );
    }

    #[test]
    fn the_commit_the_front_matter_names_is_the_one_a_translation_is_up_to_date_with() {
        let repo = Repo::new();
        let first = repo.commit(&[("content/en/install.md", SOURCE)], "source");
        let added = format!("{SOURCE}\nA new paragraph about the options of the installer.\n");
        repo.commit(&[("content/en/install.md", &added)], "add a paragraph");
        // Translated last, but from the first version of the source, as its front matter says.
        let french = format!("---\ndefault_lang_commit: {}\n---\n{FRENCH}", &first[..10]);
        repo.commit(&[("content/fr/install.md", &french)], "translate");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/install.md") else { panic!() };
        assert_eq!(behind.source_commit_from, first);
        assert_eq!(behind.behind_commits, 1);
        assert_eq!(behind.changes, [ParagraphChange::Added { block: 3 }]);

        // A commit the history does not hold: the translation's own last commit stands for it.
        let french = format!("---\ndefault_lang_commit: 0123456789abcdef\n---\n{FRENCH}");
        repo.commit(&[("content/fr/install.md", &french)], "a commit of another history");
        let translations = repo.translations();
        assert_eq!(state(&translations, "content/fr/install.md"), State::UpToDate);
        let source_edit = added.replace("options", "settings");
        repo.commit(&[("content/en/install.md", &source_edit)], "edit");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/install.md") else { panic!() };
        assert_eq!(behind.unknown_commit.as_deref(), Some("0123456789abcdef"));
        assert_eq!(behind.behind_commits, 1);
    }

    #[test]
    fn suffixes_pair_and_orphans_and_missing_pages_are_named() {
        let repo = Repo::new();
        repo.commit(
            &[
                ("docs/install.md", SOURCE),
                ("docs/install.fr.md", FRENCH),
                ("docs/usage.md", "# Usage\n\nStart it from the menu of the desktop, then open a file.\n"),
                ("docs/old.fr.md", "# Ancien\n\nUne page dont la source a disparu depuis longtemps.\n"),
            ],
            "pages",
        );
        std::fs::remove_file(Path::new(repo.0.path()).join("docs/install.md")).unwrap();
        let moved = SOURCE.replace("of the machine", "of this machine");
        repo.commit(&[("docs/setup.md", &moved)], "move the source");
        let translations = repo.translations();
        assert_eq!(state(&translations, "docs/old.fr.md"), State::Orphan);
        // `install.fr.md` follows its source, moved (and edited) to `setup.md`.
        let page = translations.pages.iter().find(|page| page.path == "docs/install.fr.md").unwrap();
        assert_eq!(page.source_path.as_deref(), Some("docs/setup.md"));
        let State::Outdated(behind) = &page.state else { panic!("{:?}", page.state) };
        assert_eq!(behind.behind_commits, 1);
        assert_eq!(behind.changes, [ParagraphChange::Edited { block: 2, before: 2 }]);
        assert_eq!(translations.missing, [("docs/usage.md".to_string(), "fr".to_string())]);
    }
}
