//! Random articles for property tests, as `proptest` strategies: French and English paragraphs
//! (some copied, some near copies, some with a repeated word), headings with anchors, links to
//! each other's anchors and to images. A failing case shrinks to fewer articles, fewer sections
//! and the first paragraphs, anchors and links.

use std::fmt::Write as _;

use proptest::prelude::*;

pub const PARAGRAPHS: &[&str] = &[
    "Les réseaux sociaux prennent de plus en plus d’importance dans la vie quotidienne des citoyens et des élus locaux.",
    "La présence des collectivités sur ces plateformes est devenue essentielle pour informer rapidement les habitants.",
    "Public services publish more of their information online, and citizens expect it to be accurate and current.",
    "Le service communication relit chaque article avant sa publication, mais des erreurs passent encore parfois.",
    "Cet article a été rédigé par les étudiants de la licence professionnelle, promotion deux mille vingt et un.",
    "Une charte graphique claire aide les agents à produire des documents cohérents avec l’identité de la ville.",
];

/// Article paths: enough that a change affects only some of them.
pub const ARTICLES: usize = 30;

/// Articles from this index on are English translations of the first ones
/// (`content/N/index.en.md` beside `content/N/index.md`).
pub const TRANSLATED_FROM: usize = ARTICLES - 5;

/// Where the article of index `article` is.
pub fn article_path(article: usize) -> String {
    if article >= TRANSLATED_FROM {
        format!("content/{}/index.en.md", article - TRANSLATED_FROM)
    } else {
        format!("content/{article}/index.md")
    }
}

/// English paragraphs that open a translation, so that it is in English with French passages
/// left as in its source.
const ENGLISH: &str = "The city council publishes its decisions on the website every week, so that people can read them before the next meeting.\n\n\
    Each department writes its own pages, and the communication team checks them before they are published on the site.\n\n\
    A clear style guide helps the teams write documents that are consistent with the identity of the city and easy to read.\n\n";

/// The text of the article of index `article` made of `text`: a translation is declared English
/// and opens with English paragraphs.
pub fn text_at(article: usize, text: String) -> String {
    if article < TRANSLATED_FROM {
        return text;
    }
    let text = text.replacen("lang: fr", "lang: en", 1);
    match text.split_once("---\n\n") {
        Some((front, body)) => format!("{front}---\n\n{ENGLISH}{body}"),
        None => text,
    }
}

/// Images articles link to; some of them exist.
pub const IMAGES: usize = 4;

pub const ANCHORS: &[&str] = &["contexte", "enjeux", "methode", "bilan"];

/// What a section's paragraph is made of its model.
#[derive(Debug, Clone, Copy)]
enum Variant {
    Same,
    /// One word replaced.
    NearCopy,
    /// A repeated word.
    RepeatedWord,
}

/// What follows a section's paragraph.
#[derive(Debug, Clone, Copy)]
enum Link {
    None,
    /// To a heading of another article.
    Anchor {
        article: usize,
        anchor: usize,
    },
    Image(usize),
    /// A site-absolute link to another article's page.
    Page(usize),
}

fn section() -> impl Strategy<Value = String> {
    let variant = prop_oneof![2 => Just(Variant::Same), 1 => Just(Variant::NearCopy), 1 => Just(Variant::RepeatedWord)];
    let link = prop_oneof![
        Just(Link::None),
        (0..ARTICLES, 0..ANCHORS.len()).prop_map(|(article, anchor)| Link::Anchor { article, anchor }),
        (0..IMAGES).prop_map(Link::Image),
        (0..ARTICLES).prop_map(Link::Page),
    ];
    (0..ANCHORS.len(), 0..PARAGRAPHS.len(), variant, link).prop_map(|(anchor, paragraph, variant, link)| {
        let mut text = format!("## {}\n\n", ANCHORS[anchor]);
        let paragraph = PARAGRAPHS[paragraph];
        text.push_str(&match variant {
            Variant::Same => paragraph.to_string(),
            Variant::NearCopy => paragraph.replacen("de", "du", 1),
            Variant::RepeatedWord => paragraph.replacen("la", "la la", 1),
        });
        text.push_str("\n\n");
        match link {
            Link::None => {}
            Link::Anchor { article, anchor } => {
                write!(text, "Voir [la suite](../{article}/index.md#{}).\n\n", ANCHORS[anchor]).unwrap();
            }
            Link::Image(image) => write!(text, "![Logo](../../images/{image}.png)\n\n").unwrap(),
            Link::Page(article) => write!(text, "Voir [la page](/{article}/)\n\n").unwrap(),
        }
        text
    })
}

/// An article: front matter, then one to four sections.
pub fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(section(), 1..=4).prop_map(|sections| {
        let mut text = String::from("---\ntitle: Article\nlang: fr\n---\n\n");
        text.extend(sections);
        text
    })
}

/// A set of articles: each of the [`ARTICLES`] paths holds one or, one time in five, none, so
/// that some links lead nowhere.
pub fn corpus() -> impl Strategy<Value = Vec<Option<String>>> {
    prop::collection::vec(prop::option::weighted(0.8, article()), ARTICLES).prop_map(|corpus| {
        corpus.into_iter().enumerate().map(|(index, text)| text.map(|text| text_at(index, text))).collect()
    })
}

/// A change to a set of articles and images.
#[derive(Debug, Clone)]
pub enum FileChange {
    /// `images/N.png` appears, or disappears when it was there.
    ToggleImage(usize),
    /// `content/N/index.md` disappears (nothing happens when it is not there).
    Delete(usize),
    /// `content/N/index.md` holds this text, new or edited.
    Write(usize, String),
}

impl FileChange {
    /// The path it changes.
    pub fn path(&self) -> String {
        match self {
            Self::ToggleImage(image) => format!("images/{image}.png"),
            Self::Delete(article) | Self::Write(article, _) => article_path(*article),
        }
    }
}

pub fn change() -> impl Strategy<Value = FileChange> {
    prop_oneof![
        1 => (0..IMAGES).prop_map(FileChange::ToggleImage),
        1 => (0..ARTICLES).prop_map(FileChange::Delete),
        3 => (0..ARTICLES, article()).prop_map(|(path, text)| FileChange::Write(path, text_at(path, text))),
    ]
}

/// A sequence of at most `steps` steps of one to four changes each.
pub fn steps(steps: usize) -> impl Strategy<Value = Vec<Vec<FileChange>>> {
    prop::collection::vec(prop::collection::vec(change(), 1..=4), 1..=steps)
}

/// The configuration of the tests: `cases` cases, unless `PROPTEST_CASES` says otherwise, and
/// regressions kept beside the test file that runs them.
pub fn config(cases: u32, source_file: &'static str) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, source_file: Some(source_file), ..ProptestConfig::default() }
}
