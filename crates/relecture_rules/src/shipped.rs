//! The rule packs shipped inside the binary, enabled by name with `packs = [...]` in
//! `relecture.toml`: the same files as this repository's `lint-rules/`.

/// The path shipped packs are named by in messages and reports.
pub const SHIPPED_PREFIX: &str = "shipped:";

/// (name, rule file text) of every shipped pack, by name.
pub const SHIPPED_PACKS: &[(&str, &str)] = &[
    (
        "donnees-personnelles",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../lint-rules/donnees-personnelles.toml")),
    ),
    ("fr-typographie", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../lint-rules/fr-typographie.toml"))),
    ("langage-clair", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../lint-rules/langage-clair.toml"))),
];

/// The shipped pack named `name`, as (the path it is named by, its text).
pub fn shipped_pack(name: &str) -> Option<(String, &'static str)> {
    SHIPPED_PACKS.iter().find(|(pack, _)| *pack == name).map(|(pack, text)| (format!("{SHIPPED_PREFIX}{pack}"), *text))
}

/// The languages a shipped pack applies to (empty: every language), read from its `[pack] lang`.
pub fn shipped_languages(name: &str) -> Vec<String> {
    let Some((path, text)) = shipped_pack(name) else { return Vec::new() };
    crate::RulePack::load(&path, text).map(|pack| pack.languages).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_pack_loads_under_its_own_name() {
        for (name, text) in SHIPPED_PACKS {
            let pack = crate::RulePack::load(&format!("{SHIPPED_PREFIX}{name}"), text).expect("a shipped pack loads");
            assert_eq!(pack.name, *name);
        }
        assert_eq!(shipped_languages("fr-typographie"), ["fr"]);
        assert!(shipped_pack("nope").is_none());
    }
}
