//! Tidy: the modules of the core form no cycle, so that each can be read from the ones below it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module of `src/` and the sibling modules its code names (`crate::module`), comments aside.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&source).expect("src/ is readable") {
        let path = entry.expect("src/ is readable").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_stem().expect("a file name").to_string_lossy().into_owned();
            files.insert(name, std::fs::read_to_string(&path).expect("a source file is readable"));
        }
    }
    let modules: BTreeSet<String> = files.keys().filter(|m| *m != "lib").cloned().collect();
    files
        .iter()
        .filter(|(module, _)| modules.contains(*module))
        .map(|(module, text)| {
            let code = text.lines().filter(|line| !line.trim_start().starts_with("//"));
            let named = code
                .flat_map(|line| line.split("crate::").skip(1))
                .map(|rest| rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or(""))
                .filter(|name| modules.contains(*name) && name != module)
                .map(str::to_string)
                .collect();
            (module.clone(), named)
        })
        .collect()
}

/// A cycle through `module`, as the modules on it, if there is one.
fn cycle_from(
    graph: &BTreeMap<String, BTreeSet<String>>,
    module: &str,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(start) = path.iter().position(|m| m == module) {
        let mut cycle = path[start..].to_vec();
        cycle.push(module.to_string());
        return Some(cycle);
    }
    if done.contains(module) {
        return None;
    }
    path.push(module.to_string());
    for next in graph.get(module).into_iter().flatten() {
        if let Some(cycle) = cycle_from(graph, next, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(module.to_string());
    None
}

#[test]
fn core_modules_form_no_cycle() {
    let graph = module_graph();
    assert!(graph.get("article").is_some_and(|uses| uses.contains("markdown")), "the graph is read: {graph:?}");
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, module, &mut Vec::new(), &mut done) {
            panic!("core modules form a cycle: {}", cycle.join(" -> "));
        }
    }
}
