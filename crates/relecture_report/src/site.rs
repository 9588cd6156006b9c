//! The site model as `relecture site` prints it, and the commented `relecture.toml` that
//! `relecture init` writes from it.

use std::fmt::Write as _;

use relecture_core::site::{Generator, Mount, Part, Site, mounts_text};

use crate::escape::printable_line;

/// Where a site part lives, for a heading.
fn place(part: &Part) -> String {
    if part.root.is_empty() {
        "at the repository's root".to_string()
    } else {
        format!("in {}/", printable_line(&part.root))
    }
}

/// `relecture site`: each site of the repository, its settings, and where each came from.
pub fn site_text(site: &Site) -> String {
    let mut out = String::new();
    for (index, part) in site.parts.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{} site {}", part.generator, place(part));
        let mut rows: Vec<(String, String, String)> =
            part.settings.iter().map(|s| (s.name.clone(), printable_line(&s.value), printable_line(&s.from))).collect();
        // What the model holds that no setting line told yet.
        for (name, value) in [
            ("base path", part.base_path.clone()),
            (
                "page URLs",
                match part.generator {
                    Generator::Github | Generator::Gitlab => "the file's own path".into(),
                    _ if part.ugly_urls => "/page.html".into(),
                    Generator::Docusaurus | Generator::Mdx => "/page".into(),
                    _ => "/page/".into(),
                },
            ),
            (
                "relative links",
                if part.page_relative { "from the page's URL, then the file".into() } else { "from the file".into() },
            ),
            ("anchors", part.anchors.name().to_string()),
            ("bare addresses become links", part.linkify.to_string()),
        ] {
            if !rows.iter().any(|(n, _, _)| n == name) {
                rows.push((name.to_string(), value, "default".into()));
            }
        }
        let width = rows.iter().map(|(name, _, _)| name.chars().count()).max().unwrap_or(0);
        for (name, value, from) in rows {
            let _ = writeln!(out, "  {name:<width$}  {value}  ({from})");
        }
    }
    out
}

/// `relecture site --format json`.
///
/// # Errors
/// Never in practice: the model serialises to JSON.
pub fn site_json(site: &Site) -> serde_json::Result<String> {
    serde_json::to_string_pretty(site).map(|mut text| {
        text.push('\n');
        text
    })
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn mount_entries(mounts: &[Mount]) -> String {
    let entries: Vec<String> = mounts
        .iter()
        .map(|m| {
            let folder = if m.folder.is_empty() { "." } else { &m.folder };
            toml_string(&format!("{folder} = {}", m.url))
        })
        .collect();
    format!("[{}]", entries.join(", "))
}

/// `relecture init`: a `relecture.toml` whose `[site]` keys say, commented out, what was
/// detected and where from, so that a user sees it and can correct one by uncommenting it.
pub fn init_toml(site: &Site) -> String {
    let part = site.parts.iter().find(|p| p.root.is_empty()).unwrap_or(&site.parts[0]);
    let mut out = String::from(
        "# relecture.toml: how relecture checks this repository.\n\
         #\n\
         # `relecture init` wrote the [site] keys below from what the repository shows. They are\n\
         # commented out: relecture detects the same without them. Uncomment a key to correct it;\n\
         # `relecture site` prints what is detected and where each setting comes from.\n\n\
         # Articles: the Markdown files relecture reads.\n\
         # include = [\"**/*.md\"]\n\n\
         [site]\n",
    );
    let from = |name: &str| {
        part.settings.iter().find(|s| s.name == name).map_or_else(|| "default".to_string(), |s| printable_line(&s.from))
    };
    let mut line = |key: &str, value: String, origin: String| {
        let _ = writeln!(out, "# {key} = {value}\n#   (detected: {origin})");
    };
    line("generator", toml_string(part.generator.name()), from("generator"));
    if !part.root.is_empty() {
        line("root", toml_string(&part.root), "the folder of the generator's files".into());
    }
    line("content", mount_entries(&part.content), from("content"));
    line("static", mount_entries(&part.static_dirs), from("static"));
    if part.base_path != "/" {
        line("base_path", toml_string(&part.base_path), from("base path"));
    }
    if let Some(language) = &part.default_language {
        line("default_language", toml_string(language), from("default language"));
    }
    line("anchors", toml_string(part.anchors.name()), from("anchors"));
    line("linkify", part.linkify.to_string(), from("bare addresses become links"));
    line("ugly_urls", part.ugly_urls.to_string(), from("ugly URLs"));
    line("lowercase_urls", part.lowercase_urls.to_string(), from("lowercase URLs"));
    out.push_str(
        "# URL prefixes served by what the repository does not hold (links there are counted as\n\
         # unverifiable, never reported as broken):\n",
    );
    let unverifiable: Vec<String> = part.unverifiable.iter().map(|u| toml_string(u)).collect();
    let _ = writeln!(out, "# unverifiable = [{}]", unverifiable.join(", "));
    for other in site.parts.iter().filter(|p| !std::ptr::eq(*p, part)) {
        let _ = writeln!(
            out,
            "\n# Also detected: a {} site {} (content: {}).",
            other.generator,
            place(other),
            printable_line(&mounts_text(&other.content))
        );
    }
    if part.languages.len() > 1 {
        let codes: Vec<String> = part.languages.iter().map(|code| toml_string(code)).collect();
        let _ = writeln!(
            out,
            "\n[language]\n# The languages the site publishes (detected: {}).\n# allowed = [{}]",
            from("languages"),
            codes.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use relecture_core::TreeIndex;
    use relecture_core::site::SiteConfig;

    use super::*;

    fn hugo() -> Site {
        let files = [
            (
                "config.toml",
                "baseURL = \"https://example.org/\"\n[languages.en]\ncontentDir = \"content/en\"\n[languages.fr]\ncontentDir = \"content/fr\"\n",
            ),
            ("content/en/a.md", ""),
            ("content/fr/a.md", ""),
        ];
        let tree = TreeIndex::new(files.iter().map(|(p, _)| p.to_string()));
        Site::detect(
            &tree,
            &|path| files.iter().find(|(p, _)| *p == path).map(|(_, t)| t.to_string()),
            &SiteConfig::default(),
        )
    }

    #[test]
    fn the_site_is_printed_with_where_each_setting_came_from() {
        insta::assert_snapshot!(site_text(&hugo()));
    }

    #[test]
    fn init_writes_a_configuration_that_reads_back_and_changes_nothing() {
        let text = init_toml(&hugo());
        insta::assert_snapshot!(text);
        // Every key is commented out: the file parses, and its [site] section is the default.
        let parsed: toml::Table = toml::from_str(&text).expect("init writes valid TOML");
        assert!(parsed.get("site").is_some_and(|site| site.as_table().is_some_and(toml::Table::is_empty)));
        // Uncommented, each key is one `[site]` accepts.
        let uncommented = text
            .lines()
            .filter_map(|line| line.strip_prefix("# "))
            .filter(|line| line.contains(" = ") && !line.starts_with(' ') && !line.starts_with("include"))
            .fold(String::new(), |mut all, line| {
                all.push_str(line);
                all.push('\n');
                all
            });
        let site: Result<SiteConfig, _> = toml::from_str(&uncommented.replace("allowed = ", "# allowed = "));
        assert!(site.is_ok(), "{uncommented}\n{site:?}");
    }
}
