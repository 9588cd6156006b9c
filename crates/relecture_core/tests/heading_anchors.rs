//! Heading anchors of whole articles as each renderer makes them: github-slugger's and lychee's
//! fixtures, and hand-checked pages for every renderer.

use relecture_core::article::Article;
use relecture_core::markdown::BlockKind;
use relecture_core::slug::{PageAnchors, Slugger};

/// The anchors `slugger` gives the headings of `markdown`.
fn anchors(slugger: Slugger, markdown: &str) -> Vec<String> {
    Article::parse("page.md", None, markdown.to_string()).heading_anchors(slugger)
}

/// `text` written as the text of an ATX heading: ASCII punctuation escaped, spaces at either
/// end as character references (they would be trimmed).
fn heading_line(text: &str) -> String {
    let mut line = String::from("# ");
    let last = text.chars().count().saturating_sub(1);
    for (i, c) in text.chars().enumerate() {
        if c == ' ' && (i == 0 || i == last) {
            line.push_str("&#x20;");
        } else if c.is_ascii_punctuation() {
            line.push('\\');
            line.push(c);
        } else {
            line.push(c);
        }
    }
    line
}

#[derive(serde::Deserialize)]
struct Case {
    about: String,
    text: String,
    anchor: String,
}

#[derive(serde::Deserialize)]
struct Cases {
    heading: Vec<Case>,
}

fn github_slugger_cases() -> Vec<Case> {
    let data = include_str!("data/github_slugger_headings.toml");
    toml::from_str::<Cases>(data).expect("the github-slugger cases parse").heading
}

#[test]
fn github_slugger_headings_get_githubs_anchors_in_order() {
    let cases = github_slugger_cases();
    assert_eq!(cases.len(), 78);
    for slugger in [Slugger::Github, Slugger::Docusaurus] {
        let mut page = PageAnchors::new(slugger);
        for case in &cases {
            assert_eq!(page.generated(&case.text), case.anchor, "{slugger:?}: {}", case.about);
        }
    }
}

#[test]
fn github_slugger_headings_written_as_one_document_get_githubs_anchors() {
    let cases = github_slugger_cases();
    let document: String = cases.iter().map(|case| heading_line(&case.text) + "\n\n").collect();
    let article = Article::parse("page.md", None, document);
    let texts: Vec<&str> = article
        .blocks
        .iter()
        .filter_map(|block| match &block.kind {
            BlockKind::Heading { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, cases.iter().map(|case| case.text.as_str()).collect::<Vec<_>>());
    for slugger in [Slugger::Github, Slugger::Docusaurus] {
        let found = article.heading_anchors(slugger);
        for (case, anchor) in cases.iter().zip(&found) {
            assert_eq!(anchor, &case.anchor, "{slugger:?}: {}", case.about);
        }
    }
}

/// lychee's fragment fixtures: the headings of its pages and the fragments it accepts
/// (GitHub's anchors) or refuses.
#[test]
fn lychee_fragment_pages_have_the_anchors_lychee_accepts() {
    let first = "# Fragment Test File 1\n\n## Fragment 1\n\n## Fragment 2\n\n## Fragment 3\n\n\
                 ### `Code` ``Heading\n\n## HTML Fragments\n\n## Custom Fragments\n\n\
                 # Kebab Case Fragment\n\n# Kebab Case Fragment\n\n# Ignore casing\n\n\
                 # Fünf süße Äpfel\n\n# To top fragments\n\n##### Lets wear a hat: être\n";
    let found = anchors(Slugger::Github, first);
    for accepted in [
        "fragment-2",
        "code-heading",
        "kebab-case-fragment",
        "kebab-case-fragment-1",
        "fünf-süße-äpfel",
        "lets-wear-a-hat-être",
    ] {
        assert!(found.iter().any(|a| a == accepted), "{accepted} in {found:?}");
    }
    assert!(!found.iter().any(|a| a == "missing-fragment"));

    let second = "# Fragment Test File 2\n\n### Some other heading with custom id {#custom-id}\n\n#### Fragment 1\n";
    assert_eq!(anchors(Slugger::Github, second), ["fragment-test-file-2", "custom-id", "fragment-1"]);

    // The page of special cases, with the ids GitHub rendered for it: emoji presentation
    // selectors and the keycap mark are marks, kept; a squared letter is alphabetic; an
    // entity is its character; a final capital sigma lowercases to ς.
    let special = "# #\u{fe0f}\u{20e3} b\n\n# ☔\u{fe0f} c\n\n# 🅰\u{fe0f} d\n\n# foo 1\n\n# foo\n\n# foo\n\n# foo\n\n\
                   # foo 1\n\n# a *b* c\n\n# a `b` c\n\n# a `#` c\n\n\
                   # À, Á, Â, Ã, Ä, Å or à, á, â, ã, ä, å\n\n# an &mdash; emdash\n\n# 🏛\u{fe0f} MIT 许可证\n\n\
                   # Σκοπός κάθε sigma initial position\n\n# ΝΑΤΟΥ, ΓΙΑΝΝΗΣ sigma final position\n";
    assert_eq!(
        anchors(Slugger::Github, special),
        [
            "\u{fe0f}\u{20e3}-b",
            "\u{fe0f}-c",
            "🅰\u{fe0f}-d",
            "foo-1",
            "foo",
            "foo-2",
            "foo-3",
            "foo-1-1",
            "a-b-c",
            "a-b-c-1",
            "a--c",
            "à-á-â-ã-ä-å-or-à-á-â-ã-ä-å",
            "an--emdash",
            "\u{fe0f}-mit-许可证",
            "σκοπός-κάθε-sigma-initial-position",
            "νατου-γιαννης-sigma-final-position",
        ]
    );
}

#[test]
fn each_renderer_makes_its_own_anchors() {
    // Each renderer's anchors for PAGE's headings, separated by spaces (no anchor holds one).
    let expected = [
        // github-slugger: marks and letters kept, punctuation and emoji dropped, a no-break
        // space dropped, each ASCII space a dash; repeats -1.
        (
            Slugger::Github,
            "émoji--fête c-et-qa pourquoi the-foo-function version-20 version-20-1 ça-marche 2024 voir-la-doc",
        ),
        // GitLab: as GitHub, but runs of dashes are one dash and a number alone gets `anchor-`.
        (
            Slugger::Gitlab,
            "émoji-fête c-et-qa pourquoi the-foo-function version-20 version-20-1 ça-marche anchor-2024 voir-la-doc",
        ),
        // Hugo (Goldmark, `github`): letters, decimal digits and `_` kept, marks, symbols
        // and emoji dropped, on the plain text of the heading (no link destination).
        (
            Slugger::HugoGithub,
            "émoji--fête c-et-qa pourquoi the-foo-function version-20 version-20-1 ça-marche 2024 voir-la-doc",
        ),
        // github-ascii: accents taken off, what is left of non-ASCII dropped.
        (
            Slugger::HugoGithubAscii,
            "emoji--fete c-et-qa pourquoi the-foo-function version-20 version-20-1 ca-marche 2024 voir-la-doc",
        ),
        // Blackfriday: words joined by one dash, nothing at either end.
        (
            Slugger::HugoBlackfriday,
            "émoji-fête c-et-q-a pourquoi the-foo-function version-2-0 version-2-0-1 ça-marche 2024 voir-la-doc",
        ),
        // kramdown: from the first ASCII letter, ASCII only, on the source line (the link
        // destination's letters count); `section` when nothing is left.
        (
            Slugger::Kramdown,
            "moji--fte c-et-qa pourquoi the-foo-function version-20 version-20-1 a-marche section voir-la-docdoc",
        ),
        // kramdown's GFM parser (Jekyll): word characters, `-`, spaces, on the rendered text.
        (
            Slugger::KramdownGfm,
            "émoji--fête c-et-qa pourquoi the-foo-function version-20 version-20-1 ça-marche 2024 voir-la-doc",
        ),
        // Zola: transliterated to ASCII, runs of anything else one dash; the emoji is a word.
        (
            Slugger::Zola,
            "emoji-tada-fete c-et-q-a pourquoi the-foo-function version-2-0 version-2-0-1 ca-marche 2024 voir-la-doc",
        ),
        // mdBook: white space (the no-break space too) a dash, only ASCII letters lowercased.
        (
            Slugger::MdBook,
            "Émoji--fête c-et-qa pourquoi- the-foo-function version-20 version-20-1 Ça-marche 2024 voir-la-doc",
        ),
        // Python-Markdown: accents off, ASCII only, runs of dashes and spaces one dash; repeats _1.
        (
            Slugger::PythonMarkdown,
            "emoji-fete c-et-qa pourquoi the-foo-function version-20 version-20_1 ca-marche 2024 voir-la-doc",
        ),
    ];
    for (slugger, anchors_of_page) in expected {
        assert_eq!(anchors(slugger, PAGE), anchors_of_page.split(' ').collect::<Vec<_>>(), "{slugger:?}");
    }
    // Docusaurus slugs with github-slugger.
    assert_eq!(anchors(Slugger::Docusaurus, PAGE), anchors(Slugger::Github, PAGE));
}

/// One page of headings every renderer is asked about, hand-checked against each renderer's
/// documented rule; the anchors below are what each one produces for them.
const PAGE: &str = "# Émoji 🎉 fête\n\n## C++ et Q&A\n\n## Pourquoi\u{a0}?\n\n## The `foo()` function\n\n\
                    ## Version 2.0\n\n## Version 2.0\n\n## Ça marche\n\n## 2024\n\n## Voir [la doc](/doc/)\n";

#[test]
fn repeats_are_numbered_each_renderers_way() {
    let page = "## a\n\n## a\n\n## a-1\n\n## a\n";
    // github-slugger and Goldmark look for a free number; GitLab, kramdown and mdBook count
    // per slug and may give the same anchor twice; Python-Markdown counts with `_`.
    assert_eq!(anchors(Slugger::Github, page), ["a", "a-1", "a-1-1", "a-2"]);
    assert_eq!(anchors(Slugger::HugoGithub, page), ["a", "a-1", "a-1-1", "a-2"]);
    assert_eq!(anchors(Slugger::Zola, page), ["a", "a-1", "a-1-1", "a-2"]);
    assert_eq!(anchors(Slugger::Gitlab, page), ["a", "a-1", "a-1", "a-2"]);
    assert_eq!(anchors(Slugger::Kramdown, page), ["a", "a-1", "a-1", "a-2"]);
    assert_eq!(anchors(Slugger::MdBook, page), ["a", "a-1", "a-1", "a-2"]);
    assert_eq!(anchors(Slugger::PythonMarkdown, page), ["a", "a_1", "a-1", "a_2"]);
    let underscores = "## a_1\n\n## a\n\n## a\n\n## ?\n\n## !\n";
    assert_eq!(anchors(Slugger::PythonMarkdown, underscores), ["a_1", "a", "a_2", "_1", "_2"]);
    // Goldmark names an empty heading `heading`; kramdown `section`.
    assert_eq!(anchors(Slugger::HugoGithub, "## ?\n\n## !\n"), ["heading", "heading-1"]);
    assert_eq!(anchors(Slugger::Kramdown, "## ?\n\n## !\n"), ["section", "section-1"]);
}

#[test]
fn explicit_ids_are_kept_and_taken_by_the_renderers_that_count_them() {
    let page = "## Setup {#install}\n\n## Install\n\n## Étapes {/*steps*/}\n";
    assert_eq!(anchors(Slugger::Github, page), ["install", "install", "steps"]);
    assert_eq!(anchors(Slugger::HugoGithub, page), ["install", "install-1", "steps"]);
    assert_eq!(anchors(Slugger::PythonMarkdown, page), ["install", "install_1", "steps"]);
    // Zola and Python-Markdown gather the explicit ids of the page first.
    let later = "## Install\n\n## Setup {#install}\n";
    assert_eq!(anchors(Slugger::Zola, later), ["install-1", "install"]);
    assert_eq!(anchors(Slugger::HugoGithub, later), ["install", "install"]);
}

#[test]
fn kramdown_reads_the_source_hugo_the_last_line_and_zola_the_lines_joined() {
    assert_eq!(anchors(Slugger::Kramdown, "## Q&amp;A\n"), ["qampa"]);
    assert_eq!(anchors(Slugger::HugoGithub, "## Q&amp;A\n\nDeux\nlignes\n---\n"), ["qa", "lignes"]);
    assert_eq!(anchors(Slugger::Github, "Deux\nlignes\n---\n"), ["deuxlignes"]);
    assert_eq!(anchors(Slugger::Zola, "Deux\nlignes\n---\n"), ["deuxlignes"]);
    assert_eq!(anchors(Slugger::PythonMarkdown, "Deux\nlignes\n---\n"), ["deux-lignes"]);
}

#[test]
fn numbering_ends_on_any_heading() {
    let huge = "## x_18446744073709551615\n\n## x_18446744073709551615\n\n## x_99999999999999999999999\n\n\
                ## x_99999999999999999999999\n";
    assert_eq!(
        anchors(Slugger::PythonMarkdown, huge),
        [
            "x_18446744073709551615",
            "x_18446744073709551615_1",
            "x_99999999999999999999999",
            "x_99999999999999999999999_1"
        ]
    );
    for slugger in Slugger::ALL {
        assert_eq!(anchors(slugger, "#\n\n##\n\n## #\n").len(), 3, "{slugger:?}");
    }
}

#[test]
fn image_alt_text_counts_where_the_renderer_counts_it() {
    let page = "## Logo ![Rust](rust.png) et suite\n";
    assert_eq!(anchors(Slugger::Github, page), ["logo--et-suite"]);
    assert_eq!(anchors(Slugger::MdBook, page), ["logo--et-suite"]);
    assert_eq!(anchors(Slugger::Docusaurus, page), ["logo-rust-et-suite"]);
    assert_eq!(anchors(Slugger::HugoGithub, page), ["logo-rust-et-suite"]);
    assert_eq!(anchors(Slugger::Zola, page), ["logo-rust-et-suite"]);
}
