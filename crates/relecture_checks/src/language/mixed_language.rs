//! `mixed-language`: a paragraph, list item or heading in another language than its article.

use crate::ArticleRule;
use relecture_core::Message;
use relecture_core::language::declaration;
use relecture_core::report::ArticleSummary;
use relecture_core::{CheckContext, RuleMeta};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use relecture_core::markdown::{Block, BlockKind};
use relecture_core::text::words;
use relecture_core::{Article, Config, Diagnostic, Severity, declare_rule};

use super::LanguageFamilyConfig;
use super::detect::{Detector, article_languages, candidates, close_languages, prose_has_fewer_words, unspaced_words};

declare_rule! {
    /// ## What it checks
    /// A paragraph, list item or heading of at least `[language] min_words` words (default 12)
    /// written in another language than its article. Short quotations in guillemets or quotes,
    /// short passages in emphasis (titles of works), lines of names, code and URLs are left out
    /// before judging, and loanwords do not count: « le community manager publie des stories »
    /// is French. Titles cited as their link text and changelog entries citing their pull
    /// request are kept as written. Block quotes are judged but reported as info, since quoting
    /// another language is often intended. An article whose language nothing declares is
    /// compared with the language of most of its words, and only when that language has 80% of
    /// them.
    ///
    /// ## Why
    /// An English paragraph pasted into a French page, or a sentence left untranslated, is the
    /// most common translation defect, and no spell checker sees it.
    ///
    /// ## Example
    /// ```markdown
    /// La communication publique désigne les activités des institutions.
    ///
    /// Public communication refers to all the activities that public institutions carry out to inform citizens.
    /// ```
    ///
    /// ## How to fix
    /// Translate the paragraph, or put a quotation in a block quote (`>`).
    pub MIXED_LANGUAGE = ("mixed-language", "language", Warning, "a paragraph in another language than its article");
}

/// Reports paragraphs in another language than their article.
#[derive(Debug, Clone, Copy, Default)]
pub struct MixedLanguage;

impl ArticleRule for MixedLanguage {
    const RULE: &'static RuleMeta = &MIXED_LANGUAGE;

    fn describe(&self, article: &Article, context: &CheckContext<'_>, summary: &mut ArticleSummary) {
        super::describe(article, context, summary);
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let declared = declaration(article, context.config);
        // Paragraphs are compared with what the article is written in; an article entirely in
        // another language than declared gets one `language-mismatch`, not one finding per paragraph.
        // Without a declaration, the article's language is what most of it is written in, and
        // only a clear majority makes the rest "another language" (a page of French prose around
        // English event listings is not judged).
        let reference = match (article_languages(article, context.config).overall.as_ref(), &declared) {
            (Some(d), Some(_)) if d.reliable => Some(d.language.clone()),
            (Some(d), None) if d.reliable && d.confidence >= UNDECLARED_MAJORITY => Some(d.language.clone()),
            (_, Some(declared)) => Some(declared.language.clone()),
            _ => None,
        };
        if let Some(reference) = reference {
            check(article, context.config, declared.as_ref().map(|d| d.language.as_str()), &reference, out);
        }
    }
}

/// The share of an undeclared article's words its language needs for the rest to be reported.
const UNDECLARED_MAJORITY: f64 = 0.8;

/// Share of a block's words in link text from which it is a title cited as written.
const LINK_TEXT_SHARE: f64 = 0.6;

/// Lowercase words outside its link a cited title's block may have ("by", "and"): the rest is
/// a byline of names and dates.
const BYLINE_LOWERCASE_WORDS: usize = 2;

/// Whether the block at `index` is kept as written by convention, whatever the page's language:
/// a title cited as its link text (most of its words, or all but a byline: a talk, an article),
/// or a changelog entry
/// citing the pull request or issue it comes from (translations leave release notes as they are).
pub(super) fn kept_as_written(article: &Article, index: usize) -> bool {
    let block = &article.blocks[index];
    let links = || article.links.iter().filter(|link| link.block == index);
    // Words of a sentence: not capitalised, not numbers (a script without case counts them all,
    // Chinese and Japanese about one per two characters).
    let lowercase = |text: &str| {
        words(text).filter(|(_, w)| w.chars().next().is_some_and(|c| c.is_alphabetic() && !c.is_uppercase())).count()
            + unspaced_words(text)
    };
    let count = |text: &str| words(text).count() + unspaced_words(text);
    // A block without a link cites no title: its words are not counted.
    let title = links().any(|link| !link.is_image) && {
        let total = block.prose.words().count() + unspaced_words(&block.prose.text);
        let linked: usize = links().filter(|link| !link.is_image).map(|link| count(&link.text)).sum();
        // Outside the link, a sentence has words in lowercase; a byline has names and dates.
        let lowercase_outside = lowercase(&block.prose.text)
            .saturating_sub(links().filter(|link| !link.is_image).map(|link| lowercase(&link.text)).sum());
        #[allow(clippy::cast_precision_loss, reason = "word counts are far below 2^52")]
        let share = linked as f64 >= total as f64 * LINK_TEXT_SHARE;
        linked > 0 && (share || lowercase_outside <= BYLINE_LOWERCASE_WORDS)
    };
    title || (block.kind == BlockKind::ListItem && links().any(|link| cites_a_change(&link.dest)))
}

/// Whether a link leads to a pull request, merge request, issue or commit of a code forge.
fn cites_a_change(dest: &str) -> bool {
    static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^https?://[^/\s]+/[^/\s]+/[^/\s]+/(?:-/)?(?:pull|pulls|merge_requests|issues|commit)/[0-9a-f]+")
            .expect("the change link pattern is valid")
    });
    CHANGE.is_match(dest)
}

static QUOTATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"«[^»]*»|“[^”]*”|"[^"\n]*""#).expect("the quotation pattern is valid"));

/// The text of the block with short quotations and short emphasised passages blanked out
/// (borrowed when there is nothing to leave out).
fn judged_text(block: &Block, min_words: usize) -> Cow<'_, str> {
    let text = &block.prose.text;
    let mut left_out: Vec<Range<usize>> = QUOTATION.find_iter(text).map(|m| m.range()).collect();
    left_out.extend(block.prose.emphasis.iter().cloned());
    left_out.retain(|range| words(&text[range.clone()]).count() < min_words);
    if left_out.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut judged = text.clone();
    for range in left_out {
        // Same length, so that nothing else moves; spaces are not words.
        judged.replace_range(range.clone(), &" ".repeat(range.len()));
    }
    Cow::Owned(judged)
}

fn check(article: &Article, config: &Config, declared: Option<&str>, reference: &str, out: &mut Vec<Diagnostic>) {
    let min_words = config.section::<LanguageFamilyConfig>().min_words.max(1);
    let detector = Detector::for_article(&candidates(config, declared, &article.path), declared);
    let languages = article_languages(article, config);
    let known = &languages.blocks;
    for (index, block) in article.blocks.iter().enumerate() {
        let what = match block.kind {
            _ if block.quote_depth > 0 => "quotation",
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "item",
            BlockKind::Heading { .. } => "heading",
            _ => continue,
        };
        // Cheap early exit before any copy: too short to judge.
        if prose_has_fewer_words(&block.prose, min_words) {
            continue;
        }
        if kept_as_written(article, index) {
            continue;
        }
        let judged = judged_text(block, min_words);
        // The article-level pass already detected most blocks: reuse that unless quotations or
        // emphasis were left out of this one.
        let detection = match (&judged, known.get(index)) {
            (Cow::Borrowed(_), Some(Some(detection))) => Cow::Borrowed(detection),
            _ => match detector.detect(&judged) {
                Some(detection) => Cow::Owned(detection),
                None => continue,
            },
        };
        if detection.words < min_words || detection.is_mostly_proper_nouns() {
            continue;
        }
        // A passage in the declared language of an article judged to be in another one is right
        // where it is: the article gets one `language-mismatch`, not this passage a finding.
        if !detection.reliable || detection.language == reference || Some(detection.language.as_str()) == declared {
            continue;
        }
        // Spanish taken for Portuguese by the statistical model alone: too close to tell.
        if !detection.decisive && close_languages(&detection.language, reference) {
            continue;
        }
        let message = Message::new("mixed-language")
            .with("what", what)
            .with_language("detected", &detection.language)
            .with("detected-code", &detection.language)
            .with(
                "confidence",
                relecture_core::message::Arg::Hundredths((detection.confidence * 100.0).round_ties_even() as i64),
            )
            .with_language("reference", reference)
            .with("reference-code", reference);
        let mut diagnostic = Diagnostic::new(&MIXED_LANGUAGE, block.range, message)
            .with_fingerprint_text(format!("{}>{}\0{}", reference, detection.language, block.prose.text));
        if block.quote_depth > 0 {
            diagnostic = diagnostic.with_max_severity(Severity::Info);
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use relecture_core::Article;

    /// Whether each block of `source` is kept as written.
    fn kept(source: &str) -> Vec<bool> {
        let article = Article::parse("content/ja/talks.md", None, source.to_string());
        (0..article.blocks.len()).map(|index| super::kept_as_written(&article, index)).collect()
    }

    #[test]
    fn cited_titles_with_their_byline_and_changelog_entries_are_kept_as_written() {
        let source = "- **[We Deleted Our Observability Stack and Rebuilt It With OTel: 12 Engineers to 4 at 20K+ Clusters](https://example.com/talk)**<br>by\n  Yash Sharma, DigitalOcean; Kunju Perath, DigitalOcean<br> Tuesday March 24,\n  2026 11:15 - 11:45CET\n\
            - [AI agents: what they are, and how they will change the way we work](https://example.com/ai)\n\
            - Add a timeout to the exporter ([#1234](https://github.com/open-telemetry/opentelemetry-go/pull/1234))\n\
            - See [the configuration page](https://example.com/configuration) for the options each exporter takes and their defaults\n\
            - [OpenTelemetry](https://opentelemetry.io) হলো একটি প্রজেক্ট, যা টেলিমেট্রি ডেটা সংগ্রহ এবং রপ্তানি করতে সাহায্য করে\n\
            - 詳しくは、[Collectorの設定](https://example.com/c)のページで各コンポーネントのオプションとデフォルト値を確認してください。\n";
        assert_eq!(kept(source), [true, true, true, false, false, false]);
    }
}
