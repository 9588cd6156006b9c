//! `--format sarif`: SARIF 2.1.0, with rule descriptions, regions, partial fingerprints and fixes.

use std::io::{self, Write};

use relecture_core::finding::EditReport;
use relecture_core::{Report, Severity, Span};
use serde_json::{Value, json};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(span: &Span) -> Value {
    json!({
        "startLine": span.start.line,
        "startColumn": span.start.column,
        "endLine": span.end.line,
        "endColumn": span.end.column,
    })
}

fn location(path: &str, span: &Span) -> Value {
    json!({ "physicalLocation": { "artifactLocation": { "uri": path, "uriBaseId": "SRCROOT" }, "region": region(span) } })
}

pub(crate) fn emit(report: &Report, _: crate::EmitOptions, out: &mut dyn Write) -> io::Result<()> {
    // Rules that have findings, described from their documentation.
    let mut used: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    let rules: Vec<Value> = used
        .iter()
        .map(|name| {
            let meta = report.rules.iter().find(|r| r.name == *name);
            let summary = meta.map_or_else(|| (*name).to_string(), |m| m.summary.to_string());
            let help = meta.map(relecture_core::RuleMeta::documentation).unwrap_or_default();
            let severity = meta.map_or(Severity::Warning, |m| m.default_severity);
            json!({
                "id": name,
                "name": name,
                "shortDescription": { "text": summary },
                "help": { "text": help, "markdown": help },
                "defaultConfiguration": { "level": level(severity) },
                "properties": { "family": meta.map(|m| m.family.to_string()) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let mut result = json!({
                "ruleId": finding.rule,
                "ruleIndex": used.iter().position(|r| *r == finding.rule),
                "level": level(finding.severity),
                "message": { "text": finding.message },
                "locations": [location(&finding.path, &finding.range)],
                "partialFingerprints": { "relecture/v1": finding.fingerprint },
            });
            if !finding.related.is_empty() {
                result["relatedLocations"] = finding
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, related)| {
                        let mut location = location(&related.path, &related.range);
                        location["id"] = json!(id);
                        location["message"] = json!({ "text": related.message });
                        location
                    })
                    .collect();
            }
            if let Some(fix) = &finding.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|EditReport { range, replacement, .. }| {
                        json!({ "deletedRegion": region(range), "insertedContent": { "text": replacement } })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": { "text": format!("{} fix", if fix.applicability == relecture_core::Applicability::Safe { "safe" } else { "unsafe" }) },
                    "artifactChanges": [{ "artifactLocation": { "uri": finding.path, "uriBaseId": "SRCROOT" }, "replacements": replacements }],
                }]);
            }
            // A status SARIF has no baseline state for is left out rather than misnamed.
            let baseline = finding.status.and_then(|status| match status {
                relecture_core::Status::New => Some("new"),
                relecture_core::Status::Existing => Some("unchanged"),
                _ => None,
            });
            if let Some(baseline) = baseline {
                result["baselineState"] = json!(baseline);
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "relecture",
                "version": report.tool.version,
                "rules": rules,
            }},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    });
    crate::escape::write_json_pretty(&sarif, out)
}

#[cfg(test)]
mod tests {
    use crate::test_support::sample_report;
    use crate::{EmitOptions, Format, emit};

    fn sarif() -> serde_json::Value {
        let mut out = Vec::new();
        emit(&sample_report(), Format::Sarif, EmitOptions::default(), &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn sarif_validates_against_the_2_1_0_schema() {
        let schema_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
        // The published schema's `language` patterns have a stray `]`, which a strict validator
        // refuses as a regex; the intended pattern is an ISO language tag.
        let text = std::fs::read_to_string(schema_path)
            .unwrap()
            .replace(r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
        let mut schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        // This copy keeps the log's own schema under `definitions/Root`: validate against it.
        schema["$ref"] = serde_json::json!("#/definitions/Root");
        let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
        let document = sarif();
        let errors: Vec<String> =
            validator.iter_errors(&document).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        // A document that breaks the schema is refused, so the check above can fail.
        let mut broken = document.clone();
        broken["version"] = serde_json::json!("9.9");
        assert!(!validator.is_valid(&broken), "a wrong version passes");
        let mut broken = document.clone();
        broken["runs"][0]["results"][0]["level"] = serde_json::json!("catastrophic");
        assert!(!validator.is_valid(&broken), "a wrong level passes");
    }

    #[test]
    fn sarif_snapshot() {
        insta::assert_snapshot!(serde_json::to_string_pretty(&sarif()).unwrap());
    }
}
