//! Labels written by hand for sampled findings (`xtask/labels/<repository>.toml`), and the skeleton a person fills.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::sample::{Finding, Identity};

/// What a person decided about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// A maintainer of the repository would fix it.
    True,
    /// relecture is wrong: the link works on the published site.
    False,
    /// True, but nobody would bother to fix it.
    Noise,
    /// Not decided yet: a skeleton's entry still to fill.
    #[default]
    #[serde(rename = "")]
    Pending,
}

/// One `[[label]]` of a label file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub rule: String,
    pub path: String,
    /// The source at the finding's range, exactly as written.
    pub text: String,
    #[serde(default)]
    pub verdict: Verdict,
    /// One short sentence: why the verdict (how the site builds this link, say).
    #[serde(default)]
    pub why: String,
}

impl Label {
    fn identity(&self) -> Identity {
        Identity { rule: self.rule.clone(), path: self.path.clone(), text: self.text.clone() }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelFile {
    #[serde(default)]
    label: Vec<Label>,
}

/// The labels of one repository, by the identity of the finding they name.
#[derive(Debug, Default)]
pub struct Labels {
    by_identity: HashMap<Identity, Label>,
}

impl Labels {
    /// Reads a label file; a missing file is no label at all.
    pub fn load(path: &Path) -> Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text).with_context(|| format!("in {}", path.display())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        let file: LabelFile = toml::from_str(text)?;
        let mut by_identity: HashMap<Identity, Label> = HashMap::new();
        for label in file.label {
            match by_identity.get(&label.identity()) {
                // A pending duplicate (a skeleton appended twice) adds nothing.
                Some(_) if label.verdict == Verdict::Pending => continue,
                Some(earlier) if earlier.verdict != Verdict::Pending && earlier.verdict != label.verdict => bail!(
                    "two labels of `{}` in {} ({}) disagree: {:?} and {:?}",
                    label.text,
                    label.path,
                    label.rule,
                    earlier.verdict,
                    label.verdict
                ),
                _ => {}
            }
            by_identity.insert(label.identity(), label);
        }
        Ok(Self { by_identity })
    }

    /// The verdict on a finding; `None` when it has no label or its label is still pending.
    pub fn verdict(&self, identity: &Identity) -> Option<Verdict> {
        self.by_identity.get(identity).map(|label| label.verdict).filter(|verdict| *verdict != Verdict::Pending)
    }

    /// Whether the file has an entry for the finding, pending or not.
    pub fn names(&self, identity: &Identity) -> bool {
        self.by_identity.contains_key(identity)
    }

    /// The decided labels of `rule` whose finding is not reported any more, sorted by path and text.
    pub fn gone<'a>(&'a self, rule: &str, reported: &dyn Fn(&Identity) -> bool) -> Vec<&'a Label> {
        let mut gone: Vec<&Label> = self
            .by_identity
            .iter()
            .filter(|(identity, label)| {
                identity.rule == rule && label.verdict != Verdict::Pending && !reported(identity)
            })
            .map(|(_, label)| label)
            .collect();
        gone.sort_by(|a, b| (&a.path, &a.text).cmp(&(&b.path, &b.text)));
        gone
    }

    /// The rules the decided labels name.
    pub fn rules(&self) -> impl Iterator<Item = &str> {
        self.by_identity.values().filter(|label| label.verdict != Verdict::Pending).map(|label| label.rule.as_str())
    }
}

/// The comment that opens a label file.
pub fn header(repository: &str) -> String {
    format!(
        "# Labels of findings of relecture on {repository}, drawn by `cargo xtask precision` (see xtask/README.md).\n\
         # verdict = \"true\" (a maintainer would fix it), \"false\" (relecture is wrong) or \"noise\"\n\
         # (true, but nobody would bother); why = one short sentence.\n\n"
    )
}

/// `[[label]]` entries with an empty verdict for `findings`, each after a comment giving its
/// line, for a person to fill in the repository's label file. The entries quote only the text at
/// each finding's range: neither the rest of the source nor the message, which may list a whole
/// page's anchors, ends up in the project.
pub fn skeleton(findings: &[&Finding]) -> Result<String> {
    let mut out = String::new();
    for finding in findings {
        let entry = LabelFile {
            label: vec![Label {
                rule: finding.identity.rule.clone(),
                path: finding.identity.path.clone(),
                text: finding.identity.text.clone(),
                verdict: Verdict::Pending,
                why: String::new(),
            }],
        };
        let _ = writeln!(out, "# {}:{}", finding.identity.path, finding.line);
        out.push_str(&toml::to_string(&entry).context("a label is plain strings")?);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::sample::finding;
    use super::*;

    const LABELS: &str = r#"
[[label]]
rule = "broken-link"
path = "content/en/docs/a.md"
text = "[API](../api/#context-api)"
verdict = "false"
why = "Hugo resolves it from the page URL /docs/a/, where ../api/ exists"

[[label]]
rule = "missing-anchor"
path = "content/en/docs/a.md"
text = "[setup](#setup)"
verdict = "true"
why = "the heading is Installation; #setup was renamed"

[[label]]
rule = "broken-link"
path = "content/en/docs/b.md"
text = "[old](old.md)"
verdict = ""
"#;

    fn identity(rule: &str, path: &str, text: &str) -> Identity {
        Identity { rule: rule.into(), path: path.into(), text: text.into() }
    }

    #[test]
    fn a_label_matches_the_finding_of_its_rule_path_and_text() {
        let labels = Labels::parse(LABELS).unwrap();
        let api = identity("broken-link", "content/en/docs/a.md", "[API](../api/#context-api)");
        assert_eq!(labels.verdict(&api), Some(Verdict::False));
        assert_eq!(
            labels.verdict(&identity("missing-anchor", "content/en/docs/a.md", "[setup](#setup)")),
            Some(Verdict::True)
        );
        assert_eq!(
            labels.verdict(&identity("missing-anchor", "content/en/docs/a.md", "[API](../api/#context-api)")),
            None,
            "another rule on the same text is another finding"
        );
        assert_eq!(
            labels.verdict(&identity("broken-link", "content/en/docs/c.md", "[API](../api/#context-api)")),
            None
        );
        assert_eq!(labels.verdict(&identity("broken-link", "content/en/docs/a.md", "[API](../api/)")), None);
    }

    #[test]
    fn an_empty_verdict_is_a_label_still_to_write() {
        let labels = Labels::parse(LABELS).unwrap();
        let old = identity("broken-link", "content/en/docs/b.md", "[old](old.md)");
        assert_eq!(labels.verdict(&old), None);
        assert!(labels.names(&old));
    }

    #[test]
    fn labels_of_findings_no_longer_reported_are_listed_as_gone() {
        let labels = Labels::parse(LABELS).unwrap();
        let gone = labels.gone("broken-link", &|_| false);
        assert_eq!(gone.len(), 1, "the pending label is not counted: {gone:?}");
        assert_eq!(gone[0].text, "[API](../api/#context-api)");
        assert!(labels.gone("broken-link", &|_| true).is_empty());
    }

    #[test]
    fn a_misspelt_verdict_or_key_is_an_error_that_names_it() {
        let bad_verdict = "[[label]]\nrule = \"broken-link\"\npath = \"a.md\"\ntext = \"[a](b)\"\nverdict = \"yes\"\n";
        let error = format!("{:#}", Labels::parse(bad_verdict).unwrap_err());
        assert!(error.contains("yes") && error.contains("line 5"), "{error}");
        let bad_key = "[[label]]\nrule = \"broken-link\"\npath = \"a.md\"\ntext = \"[a](b)\"\nverdit = \"true\"\n";
        let error = format!("{:#}", Labels::parse(bad_key).unwrap_err());
        assert!(error.contains("verdit"), "{error}");
    }

    #[test]
    fn two_labels_that_disagree_on_one_finding_are_an_error() {
        let twice = format!(
            "{LABELS}\n[[label]]\nrule = \"broken-link\"\npath = \"content/en/docs/a.md\"\ntext = \"[API](../api/#context-api)\"\nverdict = \"true\"\n"
        );
        let error = format!("{:#}", Labels::parse(&twice).unwrap_err());
        assert!(error.contains("disagree") && error.contains("content/en/docs/a.md"), "{error}");
    }

    #[test]
    fn the_label_files_of_the_project_parse_and_say_why() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("labels");
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            assert!(path.extension().is_some_and(|e| e == "toml"), "{} is not a label file", path.display());
            let labels = Labels::load(&path).unwrap_or_else(|error| panic!("{error:#}"));
            for label in labels.by_identity.values().filter(|label| label.verdict != Verdict::Pending) {
                assert!(
                    !label.why.trim().is_empty(),
                    "{}: the label of `{}` in {} says no why",
                    path.display(),
                    label.text,
                    label.path
                );
            }
        }
    }

    #[test]
    fn a_filled_skeleton_reads_back_as_the_labels_of_its_findings() {
        let tricky = [
            finding("broken-link", "content/fr/a.md", "[« guillemets » \"et\" \\ barre](x.md)", 0),
            finding("missing-anchor", "docs/b.md", "[deux\nlignes](#titre)\t", 80),
            finding("bare-url", "docs/c.md", "https://example.org/'quote'", 160),
        ];
        let drawn: Vec<&Finding> = tricky.iter().collect();
        let text = skeleton(&drawn).unwrap();
        assert!(text.starts_with("# content/fr/a.md:1\n[[label]]\nrule = \"broken-link\"\n"), "{text}");
        assert!(text.contains("# docs/b.md:3\n[[label]]\n"), "{text}");
        assert!(!text.contains("leads nowhere"), "messages stay out of label files: {text}");
        let pending = Labels::parse(&text).unwrap();
        for finding in &tricky {
            assert!(pending.names(&finding.identity), "{:?} in\n{text}", finding.identity);
            assert_eq!(pending.verdict(&finding.identity), None);
        }
        let filled = text.replace("verdict = \"\"", "verdict = \"noise\"");
        let labels = Labels::parse(&filled).unwrap();
        assert!(tricky.iter().all(|f| labels.verdict(&f.identity) == Some(Verdict::Noise)));
    }
}
