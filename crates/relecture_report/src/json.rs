//! `--format json`: the report of the contract, pretty-printed, keys in a fixed order.

use std::io::{self, Write};

use relecture_core::Report;

pub(crate) fn emit(report: &Report, _: crate::EmitOptions, out: &mut dyn Write) -> io::Result<()> {
    crate::escape::write_json_pretty(report, out)
}

#[cfg(test)]
mod tests {
    use crate::test_support::sample_report;
    use crate::{EmitOptions, Format, emit};

    #[test]
    fn json_report_snapshot() {
        let mut out = Vec::new();
        emit(&sample_report(), Format::Json, EmitOptions::default(), &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
