//! The links relecture reads from the CommonMark specification's examples are the links their HTML shows.
//!
//! `data/commonmark_links.json` holds every example of the specification (0.31.2, the version
//! pulldown-cmark follows) with the destinations its expected HTML shows: the `href` of each
//! `<a>` and the `src` of each `<img>`, in order, entities decoded. It was written from the
//! examples' Markdown and expected HTML, the destinations read from that HTML by an HTML parser;
//! a later version of the specification is taken in the same way. `data/html_links.json` holds
//! cases of HTML in Markdown the specification does not show, written by hand, with the links a
//! browser reads in them.
//!
//! relecture keeps a destination as the source writes it once Markdown is read: backslash escapes
//! and entities decoded, percent-encoding left as written. The HTML percent-encodes what a URL
//! cannot hold (`</my uri>` is `/my%20uri`, `/f&ouml;` is `/f%C3%B6`) and leaves raw HTML as it is
//! (`<a href="/bar\/)">`). So both sides are compared after the same normalisation, the one the
//! specification's HTML renderer applies to a Markdown destination: every character but ASCII
//! letters, digits, `%` and `;/?:@&=+$,-_.!~*'()#` percent-encoded as UTF-8. The HTML of an
//! e-mail autolink adds `mailto:`, which relecture's link keeps as its kind (`LinkKind::Email`).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use relecture_core::Article;
use relecture_core::markdown::LinkKind;
use serde::Deserialize;

/// What a URL keeps unencoded in the specification's HTML.
const URL_KEEPS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'%')
    .remove(b';')
    .remove(b'/')
    .remove(b'?')
    .remove(b':')
    .remove(b'@')
    .remove(b'&')
    .remove(b'=')
    .remove(b'+')
    .remove(b'$')
    .remove(b',')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'#');

/// Examples where relecture is right to read other links than the specification's HTML shows,
/// each with the reason.
const KNOWN_DIFFERENCES: &[(u32, &str)] = &[];

#[derive(Deserialize)]
struct Spec {
    examples: Vec<Example>,
}

#[derive(Deserialize)]
struct Example {
    #[serde(rename = "example")]
    number: u32,
    section: String,
    markdown: String,
    links: Vec<String>,
}

fn normalised(destination: &str) -> String {
    utf8_percent_encode(destination, URL_KEEPS).to_string()
}

fn spec() -> Spec {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/commonmark_links.json");
    let text = std::fs::read_to_string(path).expect("the CommonMark examples are readable");
    serde_json::from_str(&text).expect("the CommonMark examples are valid JSON")
}

fn links_read(markdown: &str) -> Vec<String> {
    let article = Article::parse("example.md", None, markdown.to_string());
    article
        .links
        .iter()
        .map(|link| match link.kind {
            LinkKind::Email => normalised(&format!("mailto:{}", link.dest)),
            _ => normalised(&link.dest),
        })
        .collect()
}

#[test]
fn every_commonmark_example_gives_the_links_its_html_shows() {
    let spec = spec();
    assert_eq!(spec.examples.len(), 652, "CommonMark 0.31.2 has 652 examples");
    let mut mismatches = Vec::new();
    let mut known_seen = Vec::new();
    for example in &spec.examples {
        let expected: Vec<String> = example.links.iter().map(|d| normalised(d)).collect();
        let read = links_read(&example.markdown);
        let known = KNOWN_DIFFERENCES.iter().any(|(n, _)| *n == example.number);
        if known {
            known_seen.push(example.number);
            assert_ne!(read, expected, "example {} is listed as a known difference but now matches", example.number);
        } else if read != expected {
            mismatches.push(format!(
                "example {} ({}): {:?}\n    HTML shows {expected:?}\n    relecture reads {read:?}",
                example.number, example.section, example.markdown
            ));
        }
    }
    assert_eq!(known_seen.len(), KNOWN_DIFFERENCES.len(), "every known difference names an example");
    assert!(mismatches.is_empty(), "{} examples differ:\n{}", mismatches.len(), mismatches.join("\n"));
}

/// Cases of HTML in Markdown the specification does not show, each with the links a browser reads.
#[derive(Deserialize)]
struct HtmlCases {
    cases: Vec<HtmlCase>,
}

#[derive(Deserialize)]
struct HtmlCase {
    name: String,
    markdown: String,
    links: Vec<String>,
}

#[test]
fn html_links_are_the_links_a_browser_reads() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/html_links.json");
    let text = std::fs::read_to_string(path).expect("the HTML link cases are readable");
    let cases: HtmlCases = serde_json::from_str(&text).expect("the HTML link cases are valid JSON");
    let mismatches: Vec<String> = cases
        .cases
        .iter()
        .filter_map(|case| {
            let expected: Vec<String> = case.links.iter().map(|d| normalised(d)).collect();
            let read = links_read(&case.markdown);
            (read != expected).then(|| {
                format!(
                    "{}: {:?}\n    a browser reads {expected:?}\n    relecture reads {read:?}",
                    case.name, case.markdown
                )
            })
        })
        .collect();
    assert!(mismatches.is_empty(), "{} cases differ:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn the_link_sections_of_the_specification_are_all_there() {
    let spec = spec();
    for (section, expected) in [
        ("Links", 90),
        ("Images", 22),
        ("Autolinks", 19),
        ("Link reference definitions", 27),
        ("Raw HTML", 20),
        ("HTML blocks", 44),
    ] {
        let count = spec.examples.iter().filter(|e| e.section == section).count();
        assert_eq!(count, expected, "examples of {section}");
    }
}

#[test]
fn an_html_link_is_found_where_its_value_is_written() {
    let source = "Voir <a title=\"x > y\" href=Q&amp;R.md>ici</a>.\n\n> <div>\n> <img alt=\"\"\n> src=\"quote.png\">\n> </div>\n\n> Puis <a\n> href='inline.md'>là</a>.\n";
    let article = Article::parse("a.md", None, source.to_string());
    let found: Vec<(&str, &str, &str)> = article
        .links
        .iter()
        .map(|link| (link.dest.as_str(), article.text(link.range), &source[link.text_range.start..]))
        .collect();
    assert_eq!(found.len(), 3);
    assert_eq!((found[0].0, found[0].1), ("Q&R.md", "Q&amp;R.md"));
    assert!(found[0].2.starts_with("<a title"));
    assert_eq!((found[1].0, found[1].1), ("quote.png", "quote.png"));
    assert!(found[1].2.starts_with("<img alt"));
    assert_eq!((found[2].0, found[2].1), ("inline.md", "inline.md"));
    assert!(found[2].2.starts_with("<a\n> href"));
}
