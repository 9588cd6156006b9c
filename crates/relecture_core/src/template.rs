//! Template and component syntax in a Markdown body: Hugo shortcodes, Liquid and Zola tags, MDX
//! components and comments. Generators replace them before or while the page is rendered, so
//! the reader never sees them as written: the prose view treats them as markup, and the content
//! of the code-like ones (highlighted code, console output, comments) as code.

use std::sync::LazyLock;

use regex::Regex;

use crate::range::TextRange;

/// What template syntax a body holds, every range an offset into the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Template {
    /// Spans the reader does not see as written, sorted and disjoint: each tag, and each code-like
    /// element whole (from its opening tag to its closing tag).
    pub markup: Vec<TextRange>,
    /// The content of code-like elements (between their tags), with the element's name: blocks
    /// inside are code, not prose.
    pub code: Vec<(TextRange, String)>,
}

/// One tag of template syntax.
#[derive(Debug)]
struct Tag {
    range: TextRange,
    name: String,
    role: Role,
}

#[derive(Debug, PartialEq, Eq)]
enum Role {
    /// Opens an element a later tag may close (`{{< name >}}`, `{% name %}`, `<Name>`).
    Open,
    /// Closes the element of its name (`{{< /name >}}`, `{% endname %}`, `</Name>`), or the last
    /// open one for Zola's `{% end %}`.
    Close,
    /// Stands alone (`{{ value }}`, `{/* comment */}`, `<Name />`, an escaped example).
    Single,
}

/// Hugo shortcodes (`{{< >}}`, `{{% %}}`, escaped `{{</* */>}}`), Liquid, Jinja and Zola tags
/// (`{% %}`, `{{ }}`), MDX comments (`{/* */}`) and MDX expressions that name a value
/// (`{props.name}`, `{count}`, `{format(date)}`), which also write placeholders of a template
/// (`{signal}`), and attribute lists on a line of their own (`{#id}`, `{.class #id key=value}`,
/// kramdown's `{: .class}`), which Goldmark and kramdown put on the block above. A tag never
/// spans a blank line: a stray `{{` in prose does not swallow the page.
static TEMPLATE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?m:^[ \t]*\{:?[ \t]*(?:[#.][\w-]+|[\w-]+=(?:"[^"\n]*"|[^\s}"]+))(?:[ \t]+(?:[#.][\w-]+|[\w-]+=(?:"[^"\n]*"|[^\s}"]+)))*[ \t]*\}[ \t]*$)|"#,
        r"\{\{[<%](?:[^\n]|\n[^\n])*?[>%]\}\}|\{%(?:[^\n]|\n[^\n])*?%\}|\{\{(?:[^\n]|\n[^\n])*?\}\}|\{/\*(?:[^\n]|\n[^\n])*?\*/\}|\{[A-Za-z_$][\w$.]*(?:\([^{}()\n]*\))?\}",
    ))
    .expect("the template tag pattern is valid")
});
/// An MDX component's opening, closing or self-closing tag: a capitalised name.
static COMPONENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<(/?)([A-Z][A-Za-z0-9_.]*)(?:\s[^<>]*?)?(/?)>").expect("the component tag pattern is valid")
});
/// The name a template tag starts with, after its delimiter, an escape and a closing slash.
static TAG_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\{[{%][<%]?-?\s*(/\*)?\s*(/)?\s*([A-Za-z_][\w./-]*)").expect("the tag name pattern is valid")
});

/// Whether an element of this name holds code or text that is not shown as prose: highlighted
/// code, console and terminal output, live code samples, comments, Liquid's `raw`.
fn is_code_like(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let name = name.rsplit(['/', '.']).next().unwrap_or(&name);
    ["highlight", "code", "console", "terminal", "output", "snippet", "sandpack", "comment", "raw", "shell"]
        .iter()
        .any(|word| name.contains(word))
        && !name.contains("codestep")
}

/// Scans `source[body_start..]` for template syntax. Cheap when there is none.
pub fn scan(source: &str, body_start: usize) -> Template {
    let body = &source[body_start..];
    let has_template = body.contains('{');
    let has_component = body.as_bytes().windows(2).any(|w| w[0] == b'<' && w[1].is_ascii_uppercase());
    if !has_template && !has_component {
        return Template::default();
    }
    let mut tags: Vec<Tag> = Vec::new();
    if has_template {
        for m in TEMPLATE_TAG.find_iter(body) {
            let range = TextRange::new(body_start + m.start(), body_start + m.end());
            tags.push(template_tag(m.as_str(), range));
        }
    }
    if has_component {
        for captures in COMPONENT.captures_iter(body) {
            let whole = captures.get(0).expect("group 0 always exists");
            let range = TextRange::new(body_start + whole.start(), body_start + whole.end());
            if tags.iter().any(|t| t.range.start <= range.start && range.end <= t.range.end) {
                continue;
            }
            let name = captures.get(2).map_or("", |m| m.as_str()).to_string();
            let role = if captures.get(1).is_some_and(|m| !m.is_empty()) {
                Role::Close
            } else if captures.get(3).is_some_and(|m| !m.is_empty()) {
                Role::Single
            } else {
                Role::Open
            };
            // Components are HTML to the Markdown parser, already out of the prose: only the
            // code-like ones matter, for what they hold.
            if is_code_like(&name) {
                tags.push(Tag { range, name, role });
            }
        }
        tags.sort_by_key(|t| t.range.start);
    }

    let mut template = Template::default();
    let mut open: Vec<&Tag> = Vec::new();
    let mut spans: Vec<TextRange> = Vec::new();
    for tag in &tags {
        spans.push(tag.range);
        match tag.role {
            Role::Open => open.push(tag),
            Role::Single => {}
            Role::Close => {
                let at = if tag.name == "end" {
                    open.len().checked_sub(1)
                } else {
                    open.iter().rposition(|o| o.name == tag.name)
                };
                let Some(at) = at else { continue };
                let opening = open[at];
                open.truncate(at);
                if is_code_like(&opening.name) {
                    template.code.push((TextRange::new(opening.range.end, tag.range.start), opening.name.clone()));
                    spans.push(TextRange::new(opening.range.start, tag.range.end));
                }
            }
        }
    }
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    for span in spans {
        match template.markup.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => template.markup.push(span),
        }
    }
    // Code inside code (a comment holding a highlight) is the outer one's.
    template.code.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
    let mut kept: Vec<(TextRange, String)> = Vec::new();
    for (range, name) in template.code {
        if kept.last().is_none_or(|(last, _)| range.end > last.end) {
            kept.push((range, name));
        }
    }
    template.code = kept;
    template
}

/// Reads one template tag: its name and whether it opens, closes or stands alone.
fn template_tag(text: &str, range: TextRange) -> Tag {
    let captures = TAG_NAME.captures(text);
    let escaped = captures.as_ref().is_some_and(|c| c.get(1).is_some());
    let slash = captures.as_ref().is_some_and(|c| c.get(2).is_some());
    let name = captures.as_ref().and_then(|c| c.get(3)).map_or("", |m| m.as_str()).to_string();
    let expression = text.starts_with("{{") && !text.starts_with("{{<") && !text.starts_with("{{%");
    let self_closing = text.trim_end_matches(['}', '>', '%']).trim_end().ends_with('/');
    let value = !text.starts_with("{{") && !text.starts_with("{%");
    let role = if escaped || expression || value || self_closing || text.starts_with("{/*") || name.is_empty() {
        Role::Single
    } else if slash {
        Role::Close
    } else if text.starts_with("{%") && name.len() > 3 && name.starts_with("end") && name != "endpoint" {
        return Tag { range, name: name[3..].to_string(), role: Role::Close };
    } else if text.starts_with("{%") && name == "end" {
        Role::Close
    } else {
        Role::Open
    };
    Tag { range, name, role }
}

impl Template {
    /// Whether the template has nothing.
    pub fn is_empty(&self) -> bool {
        self.markup.is_empty()
    }

    /// The name of the code-like element whose content holds `range` whole.
    pub fn code_around(&self, range: TextRange) -> Option<&str> {
        let index = self.code.partition_point(|(code, _)| code.start <= range.start);
        self.code[..index]
            .iter()
            .rev()
            .find(|(code, _)| code.start <= range.start && range.end <= code.end)
            .map(|(_, name)| name.as_str())
    }

    /// The markup spans that intersect `range`, with their indices.
    pub fn markup_in(&self, range: TextRange) -> impl Iterator<Item = (usize, TextRange)> + '_ {
        let first = self.markup.partition_point(|m| m.end <= range.start);
        self.markup[first..]
            .iter()
            .enumerate()
            .take_while(move |(_, m)| m.start < range.end || (range.is_empty() && m.start == range.start))
            .map(move |(i, m)| (first + i, *m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(source: &'a str, ranges: &[TextRange]) -> Vec<&'a str> {
        ranges.iter().map(|r| &source[r.start..r.end]).collect()
    }

    #[test]
    fn hugo_shortcodes_are_markup_and_highlight_is_code() {
        let source = "Version {{< param \"version\" >}} is out.\n\n{{< highlight go >}}\nfmt.Println(\"hi\")\n{{< /highlight >}}\n\nSee {{</* figure src=\"x\" */>}}.\n";
        let template = scan(source, 0);
        assert_eq!(
            texts(source, &template.markup),
            [
                "{{< param \"version\" >}}",
                "{{< highlight go >}}\nfmt.Println(\"hi\")\n{{< /highlight >}}",
                "{{</* figure src=\"x\" */>}}"
            ]
        );
        assert_eq!(template.code.len(), 1);
        assert_eq!(&source[template.code[0].0.start..template.code[0].0.end], "\nfmt.Println(\"hi\")\n");
        assert_eq!(template.code[0].1, "highlight");
    }

    #[test]
    fn markdown_shortcodes_keep_their_content_as_prose() {
        let source = "{{% alert title=\"Note\" %}}\nThe collector is **stable**.\n{{% /alert %}}\n";
        let template = scan(source, 0);
        assert_eq!(texts(source, &template.markup), ["{{% alert title=\"Note\" %}}", "{{% /alert %}}"]);
        assert!(template.code.is_empty());
    }

    #[test]
    fn liquid_zola_and_mdx() {
        let source = "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n{{ page.title }} and {% include note.html %}\n\n{% note(kind=\"info\") %}\nText\n{% end %}\n\n<ConsoleBlock level=\"error\">\n\nWarning: each child needs a key.\n\n</ConsoleBlock>\n\n## Title {/*title*/}\n";
        let template = scan(source, 0);
        let code: Vec<&str> = template.code.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(code, ["highlight", "ConsoleBlock"]);
        let console = template.code[1].0;
        assert!(source[console.start..console.end].contains("each child needs a key"));
        assert!(texts(source, &template.markup).contains(&"{{ page.title }}"));
        assert!(texts(source, &template.markup).contains(&"{% end %}"));
        assert!(texts(source, &template.markup).contains(&"{/*title*/}"));
        let expressions =
            scan("Bonjour {user.name}, vous avez {count} messages ({format(date)}); {#id} et { x } restent.", 0);
        assert_eq!(
            texts(
                "Bonjour {user.name}, vous avez {count} messages ({format(date)}); {#id} et { x } restent.",
                &expressions.markup
            ),
            ["{user.name}", "{count}", "{format(date)}"]
        );
        assert!(template.code_around(TextRange::new(console.start + 2, console.start + 10)).is_some());
        let attributes = "## Configuring the agent\n\n{#configuring-the-agent}\n\n![badge](b.png)\n{.badge--otca .card key=\"a b\"}\n\nText {: .note}\n";
        assert_eq!(
            texts(attributes, &scan(attributes, 0).markup),
            ["{#configuring-the-agent}", "{.badge--otca .card key=\"a b\"}"]
        );
    }

    #[test]
    fn a_stray_brace_does_not_swallow_the_page() {
        let source = "Use {{ to open.\n\nA paragraph.\n\nAnd }} closes.\n";
        assert!(scan(source, 0).is_empty());
        assert!(scan("Plain text, <b>bold</b>, no template.", 0).is_empty());
    }
}
