//! Keeps the registry in step with the rule files: `src/registry.rs` and the block of rule modules
//! in each family's `mod.rs` are generated from the files of the family folders. A stale file is
//! rewritten and the test fails, so that the next run passes and the change shows in the diff.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use regex::Regex;

const MODULES_BEGIN: &str =
    "// Rule modules, one per file that declares a rule: kept by the registry test, do not edit.\n";
const MODULES_END: &str = "// End of rule modules.\n";

/// Whether a check runs on each article or on the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Article,
    Corpus,
}

/// One line of the registry: a check and the family folder it lives in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    family: String,
    /// `#[cfg(…)]` when the file is compiled only with a feature.
    cfg: Option<String>,
    /// The expression that builds the check.
    constructor: String,
}

/// What the family folders hold: per family, its rule modules; and every check.
struct Scan {
    modules: BTreeMap<String, Vec<(String, Option<String>)>>,
    entries: Vec<Entry>,
    misnamed: Vec<String>,
    /// Every rule a rule file declares, with the `#[cfg(…)]` of its file.
    declared: Vec<(String, Option<String>)>,
}

fn source_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn sorted_entries(folder: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(folder).expect("the folder is readable").map(|e| e.expect("an entry").path()).collect();
    paths.sort();
    paths
}

fn scan() -> Scan {
    let article = Regex::new(r"impl ArticleRule for (\w+)").expect("a valid pattern");
    let corpus = Regex::new(r"impl (?:relecture_core::)?CorpusCheck for (\w+)").expect("a valid pattern");
    let rule_name = Regex::new(r#"(?m)^\s*(?:pub(?:\([a-z]+\))? )?[A-Z_]+ = \("([^"]+)","#).expect("a valid pattern");
    let mut scan = Scan { modules: BTreeMap::new(), entries: Vec::new(), misnamed: Vec::new(), declared: Vec::new() };
    for folder in sorted_entries(&source_folder()) {
        if !folder.join("mod.rs").is_file() {
            continue;
        }
        let family = folder.file_name().expect("a folder name").to_string_lossy().into_owned();
        for file in sorted_entries(&folder) {
            if file.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let stem = file.file_stem().expect("a file name").to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&file).expect("the file is readable");
            let cfg = text
                .lines()
                .find_map(|line| line.strip_prefix("#![cfg(").map(|rest| format!("#[cfg({}", rest.trim_end())));
            let path = if stem == "mod" { format!("crate::{family}") } else { format!("crate::{family}::{stem}") };
            if stem != "mod" && text.contains("declare_rule! {") {
                scan.modules.entry(family.clone()).or_default().push((stem.clone(), cfg.clone()));
                for name in rule_name.captures_iter(&text).map(|c| c[1].to_string()) {
                    if name.replace('-', "_") != stem {
                        scan.misnamed.push(format!("`{name}` is declared in {family}/{stem}.rs"));
                    }
                    scan.declared.push((name, cfg.clone()));
                }
            }
            for check in article.captures_iter(&text) {
                scan.entries.push(Entry {
                    kind: Kind::Article,
                    family: family.clone(),
                    cfg: cfg.clone(),
                    constructor: format!("Arc::new(RuleCheck({path}::{}))", &check[1]),
                });
            }
            for check in corpus.captures_iter(&text) {
                let name = &check[1];
                let unit = text.contains(&format!("pub struct {name};"));
                let build = if unit { format!("{path}::{name}") } else { format!("{path}::{name}::default()") };
                scan.entries.push(Entry {
                    kind: Kind::Corpus,
                    family: family.clone(),
                    cfg: cfg.clone(),
                    constructor: format!("Arc::new({build})"),
                });
            }
        }
    }
    scan
}

/// The entries of the registry as it is written, in its order.
fn current_entries(registry: &str) -> Vec<Entry> {
    let family = Regex::new(r"crate::(\w+)").expect("a valid pattern");
    let mut entries = Vec::new();
    let mut kind = Kind::Article;
    let mut cfg = None;
    for line in registry.lines().map(str::trim) {
        if line.contains("fn corpus_checks") {
            kind = Kind::Corpus;
        } else if line.starts_with("#[cfg(") {
            cfg = Some(line.to_string());
        } else if let Some(constructor) = line.strip_prefix("Arc::new(").map(|_| line.trim_end_matches(',')) {
            let family = family.captures(constructor).map_or_else(String::new, |c| c[1].to_string());
            entries.push(Entry { kind, family, cfg: cfg.take(), constructor: constructor.to_string() });
        }
    }
    entries
}

/// The registry's entries: those already there keep their place (and so the order of `rules
/// list`), a new check goes after the last one of its family.
fn ordered(current: Vec<Entry>, found: Vec<Entry>) -> Vec<Entry> {
    let mut order: Vec<Entry> = current.into_iter().filter(|entry| found.contains(entry)).collect();
    for entry in found {
        if order.contains(&entry) {
            continue;
        }
        let same_kind = |e: &Entry| e.kind == entry.kind;
        let at = order
            .iter()
            .rposition(|e| same_kind(e) && e.family == entry.family)
            .or_else(|| order.iter().rposition(same_kind))
            .map_or(if entry.kind == Kind::Article { 0 } else { order.len() }, |i| i + 1);
        order.insert(at, entry);
    }
    order
}

fn render_registry(entries: &[Entry]) -> String {
    let list = |kind: Kind| -> String {
        let mut list = String::new();
        for entry in entries.iter().filter(|e| e.kind == kind) {
            if let Some(cfg) = &entry.cfg {
                let _ = writeln!(list, "        {cfg}");
            }
            let _ = writeln!(list, "        {},", entry.constructor);
        }
        list
    };
    format!(
        "//! The built-in checks, generated from the files of each family by the test \
         `codegen::registry_is_up_to_date`:\n\
         //! do not edit, add a rule file and run `cargo test -p relecture_checks` (a new check goes last in its\n\
         //! family).\n\
         \n\
         use std::sync::Arc;\n\
         \n\
         use relecture_core::{{ArticleCheck, CorpusCheck}};\n\
         \n\
         use crate::RuleCheck;\n\
         \n\
         /// Every per-article check, in registry order.\n\
         pub(crate) fn article_checks() -> Vec<Arc<dyn ArticleCheck>> {{\n    vec![\n{}    ]\n}}\n\
         \n\
         /// Every corpus check, in registry order.\n\
         pub(crate) fn corpus_checks() -> Vec<Arc<dyn CorpusCheck>> {{\n    vec![\n{}    ]\n}}\n",
        list(Kind::Article),
        list(Kind::Corpus)
    )
}

fn render_modules(mod_rs: &str, modules: &[(String, Option<String>)]) -> Option<String> {
    let begin = mod_rs.find(MODULES_BEGIN)?;
    let end = mod_rs[begin..].find(MODULES_END)? + begin + MODULES_END.len();
    let mut block = MODULES_BEGIN.to_string();
    for (module, cfg) in modules {
        if let Some(cfg) = cfg {
            block.push_str(cfg);
            block.push('\n');
        }
        let _ = writeln!(block, "pub mod {module};");
    }
    block.push_str(MODULES_END);
    Some(format!("{}{block}{}", &mod_rs[..begin], &mod_rs[end..]))
}

#[test]
fn registry_is_up_to_date() {
    let scan = scan();
    assert!(scan.misnamed.is_empty(), "a rule file is named after its rule: {:?}", scan.misnamed);
    let src = source_folder();
    let mut generated = Vec::new();
    let registry_path = src.join("registry.rs");
    let registry = std::fs::read_to_string(&registry_path).unwrap_or_default();
    generated.push((
        registry_path,
        registry.clone(),
        render_registry(&ordered(current_entries(&registry), scan.entries)),
    ));
    for (family, modules) in &scan.modules {
        let path = src.join(family).join("mod.rs");
        let mod_rs = std::fs::read_to_string(&path).expect("the family has a mod.rs");
        let fresh = render_modules(&mod_rs, modules)
            .unwrap_or_else(|| panic!("{} has no block of rule modules ({MODULES_BEGIN:?})", path.display()));
        generated.push((path, mod_rs, fresh));
    }
    let mut stale = Vec::new();
    for (path, current, fresh) in generated {
        if current != fresh {
            std::fs::write(&path, fresh).expect("the generated file is writable");
            stale.push(path.display().to_string());
        }
    }
    assert!(stale.is_empty(), "the registry was stale and has been regenerated, run the tests again: {stale:?}");
}

#[test]
fn every_declared_rule_is_reported_by_a_registered_check() {
    let registered: Vec<String> = crate::builtin_rules().iter().map(|rule| rule.name.to_string()).collect();
    let unregistered: Vec<String> = scan()
        .declared
        .into_iter()
        // A rule of a file behind a feature is registered only when the feature is on.
        .filter(|(name, cfg)| cfg.is_none() && !registered.contains(name))
        .map(|(name, _)| name)
        .collect();
    assert!(unregistered.is_empty(), "rules no check lists in `rules()`: {unregistered:?}");
}
