//! `--format github`: GitHub Actions workflow commands, one annotation per finding.

use std::io::{self, Write};

use relecture_core::{Report, Severity};

use crate::escape::{github_data, github_property};

pub(crate) fn emit(report: &Report, _: crate::EmitOptions, out: &mut dyn Write) -> io::Result<()> {
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
            github_property(&finding.path),
            start.line,
            start.column,
            end.line,
            end.column,
            github_property(&format!("relecture {}", finding.rule)),
            github_data(&finding.message),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::test_support::sample_report;
    use crate::{EmitOptions, Format, emit};

    #[test]
    fn github_annotations_snapshot() {
        let mut out = Vec::new();
        emit(&sample_report(), Format::Github, EmitOptions::default(), &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
