//! Which rules run and at what severity: `select`, `ignore` and `[severity]` from configuration and flags.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::error::Error;
use crate::rule::{RuleMeta, Severity};

/// The rules that run, each with its effective severity.
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    enabled: HashMap<String, (Severity, String)>,
    /// Every rule the checks declare, enabled or not.
    declared: HashSet<String>,
}

/// Whether a selector (rule name, family, pack name or `all`) designates `rule`.
pub fn selector_matches(selector: &str, rule: &RuleMeta) -> bool {
    selector == "all"
        || selector == rule.name
        || selector == rule.family
        || rule.name.strip_prefix(selector).is_some_and(|rest| rest.starts_with('/'))
}

/// The rule, family or pack name closest to `selector`, when it is close enough to be a typo
/// (`duplicate` for `duplicates`, `bare-urls` for `bare-url`).
fn closest_name(selector: &str, rules: &[RuleMeta]) -> Option<String> {
    // A pack's rule named without its pack.
    if let Some(rule) = rules.iter().find(|rule| rule.name.rsplit_once('/').is_some_and(|(_, name)| name == selector)) {
        return Some(rule.name.to_string());
    }
    crate::text::closest(selector, rules.iter().flat_map(|rule| [rule.name.as_ref(), rule.family.as_ref()]))
        .map(str::to_string)
}

impl RuleSelection {
    /// Resolves the selection. `select` from the command line replaces the configuration's;
    /// `ignore` from the command line adds to it.
    pub fn new(
        rules: &[RuleMeta],
        config: &Config,
        cli_select: Option<&[String]>,
        cli_ignore: &[String],
    ) -> Result<Self, Error> {
        let check = |selectors: &[String], origin: &str| -> Result<(), Error> {
            for selector in selectors {
                if !rules.iter().any(|rule| selector_matches(selector, rule)) {
                    let suggestion = closest_name(selector, rules);
                    return Err(Error::UnknownRule { name: selector.clone(), origin: origin.to_string(), suggestion });
                }
            }
            Ok(())
        };
        if let Some(select) = cli_select {
            check(select, "--select")?;
        }
        check(cli_ignore, "--ignore")?;
        if let Some(select) = &config.select {
            check(select, "relecture.toml `select`")?;
        }
        check(&config.ignore, "relecture.toml `ignore`")?;
        let severity_keys: Vec<String> = config.severity.keys().cloned().collect();
        check(&severity_keys, "relecture.toml `[severity]`")?;

        let select = cli_select.map(<[String]>::to_vec).or_else(|| config.select.clone());
        let mut enabled = HashMap::new();
        for rule in rules {
            let selected = select.as_ref().is_none_or(|list| list.iter().any(|s| selector_matches(s, rule)));
            let ignored = config.ignore.iter().chain(cli_ignore).any(|s| selector_matches(s, rule));
            // The most specific `[severity]` entry wins: the rule, then its pack or family.
            let named_setting =
                config.severity.get(rule.name.as_ref()).or_else(|| config.severity.get(rule.family.as_ref()));
            // A rule off by default runs when a selector or a severity names it or its family:
            // `all` is not enough.
            let asked = rule.enabled_by_default
                || named_setting.is_some()
                || select.as_ref().is_some_and(|list| list.iter().any(|s| s != "all" && selector_matches(s, rule)));
            if !selected || ignored || !asked {
                continue;
            }
            let setting = named_setting.or_else(|| config.severity.get("all"));
            let severity = match setting {
                Some(setting) => match setting.severity() {
                    Some(severity) => severity,
                    None => continue,
                },
                None => rule.default_severity,
            };
            enabled.insert(rule.name.to_string(), (severity, rule.family.to_string()));
        }
        Ok(Self { enabled, declared: rules.iter().map(|rule| rule.name.to_string()).collect() })
    }

    /// Every rule enabled at its default severity.
    pub fn all(rules: &[RuleMeta]) -> Self {
        Self {
            declared: rules.iter().map(|rule| rule.name.to_string()).collect(),
            enabled: rules
                .iter()
                .map(|rule| (rule.name.to_string(), (rule.default_severity, rule.family.to_string())))
                .collect(),
        }
    }

    /// Whether some check declares `rule` (whether it runs or not).
    pub fn is_declared(&self, rule: &str) -> bool {
        self.declared.contains(rule)
    }

    /// Whether `rule` runs.
    pub fn is_enabled(&self, rule: &str) -> bool {
        self.enabled.contains_key(rule)
    }

    /// The effective severity of `rule`, `None` when it does not run.
    pub fn severity(&self, rule: &str) -> Option<Severity> {
        self.enabled.get(rule).map(|(severity, _)| *severity)
    }

    /// Whether some enabled rule belongs to the family or pack `name`.
    pub fn family_enabled(&self, name: &str) -> bool {
        self.enabled.values().any(|(_, family)| family == name)
    }

    /// The family of an enabled rule.
    pub fn family(&self, rule: &str) -> Option<&str> {
        self.enabled.get(rule).map(|(_, family)| family.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SeveritySetting;
    use std::borrow::Cow;

    fn rule(name: &'static str, family: &'static str) -> RuleMeta {
        RuleMeta {
            name: Cow::Borrowed(name),
            family: Cow::Borrowed(family),
            default_severity: Severity::Warning,
            summary: Cow::Borrowed(""),
            doc: Cow::Borrowed(""),
            enabled_by_default: true,
        }
    }

    #[test]
    fn families_packs_and_severity_settings_apply() {
        let rules = [
            rule("bare-url", "links"),
            rule("broken-link", "links"),
            rule("house/cliquez-ici", "house"),
            rule("repeated-word", "duplicates"),
        ];
        let mut config = Config::default();
        config.select = Some(vec!["links".into(), "house".into()]);
        config.severity.insert("broken-link".into(), SeveritySetting::Error);
        config.severity.insert("bare-url".into(), SeveritySetting::Off);
        let selection = RuleSelection::new(&rules, &config, None, &[]).unwrap();
        assert!(!selection.is_enabled("bare-url"));
        assert_eq!(selection.severity("broken-link"), Some(Severity::Error));
        assert!(selection.is_enabled("house/cliquez-ici"));
        assert!(!selection.is_enabled("repeated-word"));

        let cli = RuleSelection::new(&rules, &config, Some(&["duplicates".to_string()]), &[]).unwrap();
        assert!(cli.is_enabled("repeated-word") && !cli.is_enabled("broken-link"));
    }

    #[test]
    fn a_rule_off_by_default_runs_only_when_its_name_or_family_is_given() {
        let mut missing = rule("translation-missing", "translations");
        missing.enabled_by_default = false;
        let rules = [rule("translation-outdated", "translations"), missing, rule("bare-url", "links")];
        let enabled = |config: &Config, cli: Option<&[String]>| {
            let selection = RuleSelection::new(&rules, config, cli, &[]).unwrap();
            ["translation-outdated", "translation-missing", "bare-url"].map(|name| selection.is_enabled(name))
        };
        assert_eq!(enabled(&Config::default(), None), [true, false, true]);
        assert_eq!(enabled(&Config::default(), Some(&["all".to_string()])), [true, false, true]);
        assert_eq!(enabled(&Config::default(), Some(&["translations".to_string()])), [true, true, false]);
        assert_eq!(enabled(&Config::default(), Some(&["translation-missing".to_string()])), [false, true, false]);
        let mut config = Config::default();
        config.severity.insert("translation-missing".into(), SeveritySetting::Warning);
        assert_eq!(enabled(&config, None), [true, true, true]);
        let selection = RuleSelection::new(&rules, &config, None, &[]).unwrap();
        assert_eq!(selection.severity("translation-missing"), Some(Severity::Warning));
        config.severity.insert("translation-missing".into(), SeveritySetting::Off);
        assert_eq!(enabled(&config, Some(&["translations".to_string()])), [true, false, false]);
    }

    #[test]
    fn unknown_names_are_errors() {
        let rules = [rule("bare-url", "links")];
        let err = RuleSelection::new(&rules, &Config::default(), None, &["bare-urls".to_string()]).unwrap_err();
        assert_eq!(err.to_string(), "unknown rule, family or pack `bare-urls` in --ignore; did you mean `bare-url`?");
    }
}
