//! `--format github`: GitHub Actions workflow commands, one annotation per finding.

use std::io::{self, Write};

use relecture_core::{Report, Severity};

/// Escapes the message of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub(crate) fn emit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for finding in &report.findings {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let start = finding.range.start;
        let end = finding.range.end;
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&finding.path),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("relecture {}", finding.rule)),
            escape_data(&finding.message),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::sample_report;
    use crate::{EmitOptions, Format, emit};

    #[test]
    fn github_annotations_snapshot() {
        let mut out = Vec::new();
        emit(&sample_report(), Format::Github, EmitOptions::default(), &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }

    #[test]
    fn commands_are_escaped() {
        assert_eq!(escape_data("50% de\nréussite"), "50%25 de%0Aréussite");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
