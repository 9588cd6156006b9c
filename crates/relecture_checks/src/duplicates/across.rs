//! Duplicates across articles: exact copies by normalised key, near copies by MinHash over
//! content words with banded locality-sensitive hashing, verified by word-level edit similarity.

use relecture_core::Message;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use relecture_core::language::page_family;
use relecture_core::{Article, CheckContext, CorpusDiagnostic, Dependencies, Diagnostic, Related, RuleMeta, Severity};

use super::DuplicatesConfig;
use super::cross_duplicate::CROSS_DUPLICATE;
use super::near_duplicate::NEAR_DUPLICATE;
use super::paragraphs::{abstract_words, block_key, block_keys, is_comparable, similarity, word_hashes};

/// Bands × rows of the MinHash signature: with 20 bands of 5 rows, two paragraphs whose content
/// words overlap at 0.74 (15% of words replaced) share a band with probability 0.99, and two
/// unrelated ones (overlap 0.05) with probability 6 × 10⁻⁶.
const BANDS: usize = 20;
const ROWS: usize = 5;
/// Buckets holding more paragraphs than this are formulaic text, not copies: skipped.
const MAX_BUCKET: usize = 64;
/// Words of at most this many characters are mostly function words: they do not enter MinHash.
const SHORT_WORD_CHARS: usize = 3;

/// A paragraph of an article that is compared across articles, with what the comparison needs.
struct Compared {
    block: usize,
    key: String,
    /// The hash of its words with inline code, numbers and names abstracted: two paragraphs of
    /// the same shape that differ only by what they name are parallel entries (of a reference, a
    /// list of options), not copies.
    shape: u64,
    /// Its words with inline code and numbers abstracted, which near copies are compared on.
    words: Vec<u64>,
    bands: [u64; BANDS],
}

/// The compared paragraphs of one article, kept with it (see [`Article::memo`]).
struct ComparedParagraphs {
    min_words: usize,
    list: Vec<Compared>,
}

/// The paragraphs of `article` compared across articles: not quotes, at least `min_words` words.
fn compared(article: &Article, min_words: usize) -> Arc<ComparedParagraphs> {
    let keys = block_keys(article);
    let compute = || ComparedParagraphs {
        min_words,
        list: article
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(block_index, block)| {
                // Quoting the same source in two articles is legitimate: block quotes are not compared.
                if !is_comparable(block)
                    || block.quote_depth > 0
                    || block.prose.words().nth(min_words.max(1) - 1).is_none()
                {
                    return None;
                }
                let key = keys.0[block_index].clone()?;
                let (words, shape_words) = abstract_words(&block.prose);
                let mut features: Vec<u64> = key
                    .split(' ')
                    .filter(|w| w.chars().count() > SHORT_WORD_CHARS)
                    .map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes()))
                    .collect();
                if features.len() < 5 {
                    features = word_hashes(&key);
                }
                features.sort_unstable();
                features.dedup();
                let mut shape_bytes = Vec::with_capacity(shape_words.len() * 8);
                for word in shape_words {
                    shape_bytes.extend_from_slice(&word.to_le_bytes());
                }
                let shape = xxhash_rust::xxh3::xxh3_64(&shape_bytes);
                Some(Compared { block: block_index, bands: minhash_bands(&features), key, shape, words })
            })
            .collect(),
    };
    let memo = article.memo(compute);
    // Another minimum (a library caller changing the configuration) is computed afresh.
    if memo.min_words == min_words { memo } else { Arc::new(compute()) }
}

/// Computes the compared paragraphs of `article` ahead, in the parallel parse.
pub(super) fn prepare(article: &Article, context: &CheckContext<'_>) {
    compared(article, context.config.section::<DuplicatesConfig>().min_words);
}

/// A compared paragraph and the index of its article in the checked slice.
struct Paragraph<'a> {
    article: usize,
    compared: &'a Compared,
}

impl std::ops::Deref for Paragraph<'_> {
    type Target = Compared;

    fn deref(&self) -> &Compared {
        self.compared
    }
}

/// Each compared paragraph offers and needs its exact key (copies) and, when near copies are
/// looked for, its MinHash bands, versioned by its text (the similarity depends on it).
pub(super) fn dependencies(article: &Article, context: &CheckContext<'_>) -> Dependencies {
    let near = context.is_enabled(&NEAR_DUPLICATE);
    if !near && !context.is_enabled(&CROSS_DUPLICATE) {
        return Dependencies::default();
    }
    let min_words = context.config.section::<DuplicatesConfig>().min_words;
    let compute = || {
        let mut deps = Dependencies::default();
        // Whether a copy is reported depends on how its page stands to the other's: their
        // languages and headings (one template) are part of what each key offers.
        let language = relecture_core::language::declared_language(article, context.config).unwrap_or_default();
        let mut signature = xxhash_rust::xxh3::xxh3_64(language.as_bytes());
        for heading in headings(article) {
            signature = xxhash_rust::xxh3::xxh3_64_with_seed(&heading.to_le_bytes(), signature);
        }
        for paragraph in &compared(article, min_words).list {
            let exact = xxhash_rust::xxh3::xxh3_64_with_seed(paragraph.key.as_bytes(), 0xC0B1);
            deps.provides.push((exact, signature));
            deps.needs.push(exact);
            if near {
                for (band, hash) in paragraph.bands.iter().enumerate() {
                    let key = hash ^ (band as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                    deps.provides.push((key, exact ^ signature));
                    deps.needs.push(key);
                }
            }
        }
        deps.provides.sort_unstable();
        deps.provides.dedup();
        deps.needs.sort_unstable();
        deps.needs.dedup();
        DeclaredDependencies { near, min_words, deps }
    };
    // Declared once per article: an article a change affects is asked again.
    let memo = article.memo(compute);
    if memo.near == near && memo.min_words == min_words { memo.deps.clone() } else { compute().deps }
}

/// The dependencies of an article, kept with it.
struct DeclaredDependencies {
    near: bool,
    min_words: usize,
    deps: Dependencies,
}

/// How a copy's article stands to the first copy's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// Translations of one page, or pages in two languages: a language matter, not a duplicate.
    Language,
    /// Pages made alike by design: in one folder, at the same place of parallel trees
    /// (`go/instrumentation.md` and `ruby/instrumentation.md`), in a dated series
    /// (`2024/community-awards.md` and `2025/community-awards.md`), or sharing several paragraphs
    /// (a page adapted from another).
    Design,
    /// Nothing relates them.
    Unrelated,
}

/// Copies shared by two articles from which their pages are taken as adapted one from the other.
const ADAPTED_PAGE_PARAGRAPHS: usize = 3;
/// Letters a page's name keeps without its numbers for pages named alike to be a series.
const SERIES_NAME_LETTERS: usize = 4;
/// Headings shared by two pages of one folder from which they are taken as made from one template.
const TEMPLATE_HEADINGS: usize = 2;

/// What the articles are, for the relation between two of them.
struct Pages {
    /// Each article's path with its language segments and suffix left out, in segments.
    family: Vec<Vec<String>>,
    /// Each article's declared language.
    language: Vec<Option<String>>,
    /// Each article's headings, as sorted hashes of their text.
    headings: Vec<Vec<u64>>,
    /// How many compared paragraphs two articles (first, second in path order) share.
    shared: HashMap<(usize, usize), usize>,
}

impl Pages {
    fn new(articles: &[&Article], context: &CheckContext<'_>) -> Self {
        Self {
            family: articles.iter().map(|article| page_family(&article.path)).collect(),
            language: articles
                .iter()
                .map(|article| relecture_core::language::declared_language(article, context.config))
                .collect(),
            headings: articles.iter().map(|article| headings(article)).collect(),
            shared: HashMap::new(),
        }
    }

    /// How many heading texts two articles have in common.
    fn common_headings(&self, a: usize, b: usize) -> usize {
        self.headings[a].iter().filter(|h| self.headings[b].binary_search(h).is_ok()).count()
    }

    fn relation(&self, a: usize, b: usize) -> Relation {
        if self.family[a] == self.family[b] || self.language[a] != self.language[b] {
            return Relation::Language;
        }
        let adapted = self.shared.get(&(a.min(b), a.max(b))).copied().unwrap_or(0) >= ADAPTED_PAGE_PARAGRAPHS;
        let templated = || self.common_headings(a, b) >= TEMPLATE_HEADINGS;
        if adapted || alike_by_design(&self.family[a], &self.family[b], templated) {
            Relation::Design
        } else {
            Relation::Unrelated
        }
    }
}

/// An article's headings, as sorted hashes of their text.
fn headings(article: &Article) -> Vec<u64> {
    let mut headings: Vec<u64> = article
        .blocks
        .iter()
        .filter(|block| matches!(block.kind, relecture_core::markdown::BlockKind::Heading { .. }))
        .map(|block| xxhash_rust::xxh3::xxh3_64(block_key(&block.prose).as_bytes()))
        .collect();
    headings.sort_unstable();
    headings.dedup();
    headings
}

/// Whether two pages are alike by design: at the same place of parallel trees, in a dated
/// series, or in one folder and `templated` (sharing their headings): a flat folder of posts is
/// not a design.
fn alike_by_design(a: &[String], b: &[String], templated: impl Fn() -> bool) -> bool {
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    let last = a.len() - 1;
    let different = a.iter().zip(b).filter(|(x, y)| x != y).count();
    let undated = |segments: &[String]| -> Vec<String> {
        segments
            .iter()
            .map(|s| s.split(|c: char| c.is_ascii_digit()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("#"))
            .collect()
    };
    // A series is named: `community-awards` each year, not `a00012` and `a00345`.
    let named = a[last].chars().filter(|c| c.is_alphabetic()).count() >= SERIES_NAME_LETTERS;
    let series = named && undated(a) == undated(b);
    if different == 1 && a[last] != b[last] {
        // Two pages of one folder.
        return series || templated();
    }
    different <= 1 || series
}

pub(super) fn check(articles: &[&Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>) {
    let settings = context.config.section::<DuplicatesConfig>();
    let exact_enabled = context.is_enabled(&CROSS_DUPLICATE);
    let near_enabled = context.is_enabled(&NEAR_DUPLICATE);
    let memos: Vec<Arc<ComparedParagraphs>> =
        articles.par_iter().map(|article| compared(article, settings.min_words)).collect();
    let paragraphs: Vec<Paragraph<'_>> = memos
        .iter()
        .enumerate()
        .flat_map(|(article, memo)| memo.list.iter().map(move |compared| Paragraph { article, compared }))
        .collect();
    let mut pages = Pages::new(articles, context);

    // Exact copies, grouped by key, in path order.
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        groups.entry(paragraph.key.as_str()).or_default().push(index);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort_unstable();
    // Each group as the copies that count: one per article, in the first copy's language, one per
    // page of which translations hold it too.
    let groups: Vec<Vec<usize>> = groups
        .into_iter()
        .map(|group| {
            let mut kept: Vec<usize> = Vec::with_capacity(group.len());
            let mut families: HashSet<&[String]> = HashSet::new();
            for index in group {
                let article = paragraphs[index].article;
                let same_language = kept
                    .first()
                    .is_none_or(|&first| pages.language[paragraphs[first].article] == pages.language[article]);
                if same_language && families.insert(&pages.family[article]) {
                    kept.push(index);
                }
            }
            kept
        })
        .collect();
    let boilerplate_articles = settings.boilerplate_articles.max(2);
    let mut representatives: Vec<usize> = Vec::new();
    for group in &groups {
        if group.len() < boilerplate_articles {
            representatives.push(group[0]);
            let first = paragraphs[group[0]].article;
            for &copy in &group[1..] {
                *pages.shared.entry((first, paragraphs[copy].article)).or_default() += 1;
            }
        }
    }
    let near =
        if near_enabled { near_duplicates(&paragraphs, &representatives, settings.near_threshold) } else { Vec::new() };
    for &(x, y, _) in &near {
        let (a, b) = (paragraphs[x as usize].article, paragraphs[y as usize].article);
        *pages.shared.entry((a.min(b), a.max(b))).or_default() += 1;
    }

    for group in &groups {
        if !exact_enabled || group.len() < 2 {
            continue;
        }
        let first = &paragraphs[group[0]];
        let first_article = &articles[first.article];
        let first_range = first_article.blocks[first.block].range;
        if group.len() >= boilerplate_articles {
            if settings.report_boilerplate {
                let mut diagnostic = Diagnostic::new(
                    &CROSS_DUPLICATE,
                    first_range,
                    Message::new("cross-duplicate-boilerplate").with("count", group.len()),
                )
                .with_max_severity(Severity::Info)
                .with_fingerprint_text(format!("boilerplate\0{}", first.key));
                for &other in group.iter().skip(1).take(3) {
                    let p = &paragraphs[other];
                    diagnostic = diagnostic.with_related(Related {
                        path: articles[p.article].path.clone(),
                        range: articles[p.article].blocks[p.block].range,
                        message: Message::new("related-also-here"),
                    });
                }
                out.push(CorpusDiagnostic { article: first.article, diagnostic });
            }
            continue;
        }
        // Copies between pages alike by design are the design: not reported.
        for &index in &group[1..] {
            if pages.relation(first.article, paragraphs[index].article) == Relation::Unrelated {
                out.push(copy_of(articles, first, &paragraphs[index], &CROSS_DUPLICATE, None));
            }
        }
    }
    for (x, y, score) in near {
        let (original, copy) = (&paragraphs[x as usize], &paragraphs[y as usize]);
        if pages.relation(original.article, copy.article) == Relation::Unrelated {
            out.push(copy_of(articles, original, copy, &NEAR_DUPLICATE, Some(score)));
        }
    }
}

/// The finding on `copy` that names `original`: an exact copy, or a near one of `similarity`.
fn copy_of(
    articles: &[&Article],
    original: &Paragraph<'_>,
    copy: &Paragraph<'_>,
    rule: &RuleMeta,
    similarity: Option<f64>,
) -> CorpusDiagnostic {
    let original_article = &articles[original.article];
    let original_range = original_article.blocks[original.block].range;
    let line = original_article.position(original_range.start).line;
    let (message, related) = match similarity {
        None => (Message::new("cross-duplicate"), "related-first-copy"),
        Some(score) => (
            Message::new("near-duplicate").with("percent", (score * 100.0).round_ties_even() as i64),
            "related-similar-paragraph",
        ),
    };
    let message = message.with("path", &original_article.path).with("line", line);
    let related = Message::new(related);
    CorpusDiagnostic {
        article: copy.article,
        diagnostic: Diagnostic::new(rule, articles[copy.article].blocks[copy.block].range, message)
            .with_related(Related { path: original_article.path.clone(), range: original_range, message: related })
            .with_fingerprint_text(copy.key.clone()),
    }
}

fn minhash_bands(features: &[u64]) -> [u64; BANDS] {
    const MIX: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut signature = [u64::MAX; BANDS * ROWS];
    for &feature in features {
        for (i, slot) in signature.iter_mut().enumerate() {
            let mut h = (feature ^ (i as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93)).wrapping_mul(MIX);
            h ^= h >> 29;
            *slot = (*slot).min(h);
        }
    }
    let mut bands = [0u64; BANDS];
    for (band, rows) in signature.chunks(ROWS).enumerate() {
        let mut bytes = [0u8; ROWS * 8];
        for (chunk, value) in bytes.chunks_mut(8).zip(rows) {
            chunk.copy_from_slice(&value.to_le_bytes());
        }
        bands[band] = xxhash_rust::xxh3::xxh3_64_with_seed(&bytes, band as u64);
    }
    bands
}

/// The near copies among the representative paragraphs: (original, copy, similarity), each copy
/// once, against its closest match in an earlier article.
fn near_duplicates(paragraphs: &[Paragraph], representatives: &[usize], threshold: f64) -> Vec<(u32, u32, f64)> {
    // (band hash, band index, paragraph): sorting brings the paragraphs of each bucket together.
    let mut entries: Vec<(u64, u8, u32)> = representatives
        .par_iter()
        .flat_map_iter(|&index| {
            paragraphs[index].bands.into_iter().enumerate().map(move |(band, hash)| (hash, band as u8, index as u32))
        })
        .collect();
    entries.par_sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for bucket in entries.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        if bucket.len() < 2 || bucket.len() > MAX_BUCKET {
            continue;
        }
        for (i, a) in bucket.iter().enumerate() {
            for b in &bucket[i + 1..] {
                let (x, y) = (a.2.min(b.2), a.2.max(b.2));
                if paragraphs[x as usize].article != paragraphs[y as usize].article {
                    pairs.push((x, y));
                }
            }
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    // Verified pairs, reported on the paragraph of the later article, keeping its best match.
    let mut verified: Vec<(u32, u32, f64)> = pairs
        .par_iter()
        .filter_map(|&(x, y)| {
            let (a, b) = (&paragraphs[x as usize], &paragraphs[y as usize]);
            // Parallel entries: alike but for what they name.
            if a.shape == b.shape {
                return None;
            }
            let (short, long) = (a.words.len().min(b.words.len()), a.words.len().max(b.words.len()));
            #[allow(clippy::cast_precision_loss, reason = "paragraph lengths are far below 2^52")]
            let length_bound = short as f64 / long as f64;
            if length_bound < threshold {
                return None;
            }
            let score = similarity(&a.words, &b.words);
            (score >= threshold).then_some((x, y, score))
        })
        .collect();
    // Earlier article first: x precedes y in path order since paragraphs are in article order.
    verified.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
    verified.dedup_by_key(|v| v.1);
    verified
}
