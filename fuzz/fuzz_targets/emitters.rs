//! Any text in a finding (message, path, rule, related message, fix replacement, the article's
//! source): every emitter's output parses (JSON, SARIF, XML) and stays inert (no raw control
//! character, no workflow command but ours, no markup from the finding in Markdown). The checks
//! are those of the property test of `relecture_report`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/relecture_report/tests/emitter_checks/mod.rs"]
mod emitter_checks;

use emitter_checks::{HostileText, check_every_emitter};

fuzz_target!(|input: (String, String, String, String, String, String, u16, u16)| {
    let (message, path, rule, related, replacement, source, start, end) = input;
    check_every_emitter(&HostileText {
        message,
        path,
        rule,
        related,
        replacement,
        source,
        at: (start.into(), end.into()),
    });
});
