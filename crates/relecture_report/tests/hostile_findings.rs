//! Every emitter on findings whose text is hostile: the cases of the untrusted-repository issue,
//! then many strings made of the pieces that break formats, from a fixed seed.

mod emitter_checks;

use emitter_checks::{HostileText, check_every_emitter};

/// Pieces that mean something to a terminal, a CI log, Markdown, GitHub, XML or JSON.
const PIECES: &[&str] = &[
    "a",
    "é",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "::",
    "::error::INJECTED",
    "::stop-commands::x",
    "##[error]",
    "##",
    "[",
    "]",
    "%",
    "%0A",
    ",",
    ":",
    "=",
    "`",
    "``",
    "```",
    "<",
    ">",
    "<img src=x>",
    "<!--",
    "]]>",
    "&",
    "&amp;",
    "\"",
    "'",
    "|",
    "\\",
    "*",
    "_",
    "~",
    "$",
    "!",
    "![x](http://127.0.0.1/p.png)",
    "[a](b)",
    "@octocat",
    "#1",
    "GH-1",
    "https://example.org",
    "www.example.org",
    ":smile:",
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\u{1b}]0;title\u{7}",
    "\u{7f}",
    "\u{85}",
    "\u{9b}",
    "\u{2028}",
    "\u{2029}",
    "\u{202e}",
    "\u{2066}",
    "\u{a0}",
    "\u{202f}",
    "\u{200b}",
    "\u{feff}",
    "\u{fffe}",
    "\u{ffff}",
    "\u{1f600}",
    "\u{10ffff}",
];

/// A small deterministic generator (xorshift64*): the same strings on every run.
struct Strings(u64);

impl Strings {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("below a usize")
    }

    fn string(&mut self, max_pieces: usize) -> String {
        let count = self.below(max_pieces + 1);
        (0..count).map(|_| PIECES[self.below(PIECES.len())]).collect()
    }

    fn hostile(&mut self) -> HostileText {
        let source = self.string(24);
        let at = (self.below(source.len() + 1), self.below(source.len() + 1));
        HostileText {
            message: self.string(8),
            path: format!("{}.md", self.string(4)),
            rule: self.string(3),
            related: self.string(6),
            replacement: self.string(4),
            source,
            at,
        }
    }
}

#[test]
fn the_issue_s_cases_are_inert_in_every_format() {
    let front_matter = "---\ntitle: T\ndate: \"2023-02-30\\n::error::INJECTED\"\n---\n";
    let cases = [
        HostileText {
            message: "`date` \"2023-02-30\n::error::INJECTED\" is not a real date".into(),
            path: "content/a.md".into(),
            rule: "frontmatter-invalid-value".into(),
            source: front_matter.into(),
            at: (17, 50),
            ..HostileText::default()
        },
        HostileText {
            message: "« \u{1b}[2J\u{1b}]0;owned\u{7} » is repeated".into(),
            path: "content/\u{1b}[31mred.md".into(),
            rule: "repeated-word".into(),
            source: "un \u{1b}[2J \u{1b}[2J mot\n".into(),
            at: (3, 7),
            ..HostileText::default()
        },
        HostileText {
            message: "`x`<img src=https://127.0.0.1/t.png>`@octocat #1 ![i](http://127.0.0.1/i.png)` leads nowhere"
                .into(),
            path: "a`<img src=x>`) ![i](y) @octocat.md".into(),
            rule: "broken-link".into(),
            related: "</code><img src=x>".into(),
            source: "[l](x`<img src=x>`@octocat.md)\n".into(),
            at: (0, 30),
            ..HostileText::default()
        },
        HostileText {
            message: "bad \u{ffff}\u{fffe}\u{0}\u{1}\u{b} text ]]> <![CDATA[".into(),
            path: "content/\u{ffff}.md".into(),
            rule: "house-\u{ffff}".into(),
            replacement: "\u{ffff}".into(),
            source: "a \u{ffff} b\n".into(),
            at: (2, 5),
            ..HostileText::default()
        },
    ];
    for case in &cases {
        check_every_emitter(case);
    }
}

#[test]
fn any_finding_text_is_inert_in_every_format() {
    let mut strings = Strings(0x9e37_79b9_7f4a_7c15);
    for _ in 0..1500 {
        let text = strings.hostile();
        let shown = format!("{text:?}");
        if let Err(panic) = std::panic::catch_unwind(|| check_every_emitter(&text)) {
            let reason = panic.downcast_ref::<String>().cloned().unwrap_or_default();
            panic!("{reason}\nwith {shown}");
        }
    }
}
