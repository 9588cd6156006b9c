//! `near-duplicate`: nearly the same paragraph in two articles.

use relecture_core::declare_rule;

declare_rule! {
    /// ## What it checks
    /// A paragraph or list item of at least `[duplicates] min_words` words that is nearly the same
    /// as one in another article: a word-level, order-aware similarity (1 − word edit distance ÷
    /// length of the longer) at or above `[duplicates] near_threshold` (default 0.8). A paragraph
    /// of 50 words in which 8 were replaced scores 0.84. Candidates are found with MinHash over
    /// content words and banded locality-sensitive hashing, so the cost grows near-linearly with
    /// the corpus; each paragraph is reported once, against its closest match in an earlier
    /// article (path order). The similarity is computed on words with inline code and numbers
    /// abstracted, and two paragraphs that differ only by their code, numbers or the names they
    /// document are parallel entries of a reference, not near copies. Pages related as for
    /// `cross-duplicate` (translations, parallel pages, a series, one template, an adapted page)
    /// are left alone. Exact copies are `cross-duplicate`. Info by default, as `cross-duplicate`.
    ///
    /// ## Why
    /// A paragraph copied and lightly edited is the hardest duplicate to see in review, and the
    /// one most likely to drift into contradiction with its original.
    ///
    /// ## Example
    /// « Les réseaux sociaux prennent de plus en plus d’importance dans la vie des citoyens » in
    /// one article and « Les réseaux sociaux prennent toujours plus d’importance dans la vie des
    /// habitants » in another, the rest of the paragraph identical.
    ///
    /// ## How to fix
    /// Merge the two passages into one article and link to it, or rewrite one for its context.
    pub NEAR_DUPLICATE = ("near-duplicate", "duplicates", Info, "nearly the same paragraph appears in two articles");
}
