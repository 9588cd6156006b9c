//! What `rules test` found: each rule file, and in it each rule and the outcome of its examples.

/// The rule files tested, in the order they were given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleTests {
    /// Each file.
    pub files: Vec<TestedRuleFile>,
}

/// One rule file under test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestedRuleFile {
    /// Where it was read, as given or as configured.
    pub path: String,
    /// Its pack and rules, or why the file as a whole was refused.
    pub outcome: Result<TestedPack, String>,
}

/// The pack of a rule file that could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestedPack {
    /// The pack's name.
    pub name: String,
    /// Each rule, in file order.
    pub rules: Vec<TestedRule>,
}

/// One rule and its examples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestedRule {
    /// The rule's name within its pack.
    pub name: String,
    /// 1-based line of its `[[rule]]` table.
    pub line: usize,
    /// How many `fail` and `pass` examples it carries.
    pub examples: (usize, usize),
    /// What is wrong with it (it does not compile, an example gives the wrong result), if anything.
    pub error: Option<String>,
}

impl RuleTests {
    /// The rules that passed their examples, and the rules and files that failed.
    pub fn counts(&self) -> (usize, usize) {
        let mut counts = (0, 0);
        for file in &self.files {
            match &file.outcome {
                Ok(pack) => {
                    for rule in &pack.rules {
                        if rule.error.is_none() {
                            counts.0 += 1;
                        } else {
                            counts.1 += 1;
                        }
                    }
                }
                Err(_) => counts.1 += 1,
            }
        }
        counts
    }
}
