//! Loading `relecture.toml` with the sections of the built-in checks: every key of the contract,
//! errors that name the file, line and key, and what a repository's file may not set.

use relecture_checks::frontmatter::{FieldType, FrontMatterConfig};
use relecture_checks::language::LanguageFamilyConfig;
use relecture_checks::links::{LinksConfig, Seconds};
use relecture_checks::sections;
use relecture_core::config::SeveritySetting;
use relecture_core::language::LanguageConfig;
use relecture_core::trust::{ConfigText, Trust, load};
use relecture_core::{Config, Error};

#[test]
fn every_contract_key_is_accepted() {
    let text = r#"
include = ["content/**/*.md"]
exclude = ["**/README.md"]
rules = ["lint-rules"]
select = ["language", "duplicates"]
ignore = ["bare-url"]
fail_on = "warning"
[severity]
near-duplicate = "info"
bare-url = "off"
[frontmatter]
required = ["title", "date"]
[frontmatter.types]
date = "date"
tags = "string-list"
[language]
allowed = ["fr", "en"]
default = "fr"
[language.paths]
"content/en/**" = "en"
"content/**" = "fr"
[duplicates]
min_words = 12
near_threshold = 0.8
[links]
site_root = "content"
exclude = ["^https://www\\.linkedin\\.com/"]
timeout_s = 10
allow_private = false
cache = ".relecture/links-cache.json"
cache_ttl = "1d"
"#;
    let config = Config::from_toml(text, "relecture.toml", &sections()).expect("valid");
    assert_eq!(config.section::<LanguageConfig>().paths.0[0], ("content/en/**".to_string(), "en".to_string()));
    assert_eq!(config.severity["bare-url"], SeveritySetting::Off);
    assert_eq!(config.section::<FrontMatterConfig>().types["tags"], FieldType::StringList);
    assert!(config.file_filter().matches("content/fr/a.md"));
    assert!(!config.file_filter().matches("content/README.md"));
}

#[test]
fn unknown_key_names_the_key_and_its_line() {
    let err =
        Config::from_toml("include = []\n\n[frontmatter]\nrequierd = [\"title\"]\n", "relecture.toml", &sections())
            .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("relecture.toml:4"), "{text}");
    assert!(text.contains("requierd"), "{text}");
}

#[test]
fn errors_name_the_line_of_the_value_not_of_its_first_mention() {
    let line = |text: &str| match Config::from_toml(text, "g2.toml", &sections()).unwrap_err() {
        Error::Config { line, .. } => line,
        other @ Error::UnknownRule { .. } => panic!("{other}"),
    };
    assert_eq!(
        line("# exclude = [\"content/[\"] was tried\ninclude = [\"ok/**\"]\nexclude = [\"a\", \"content/[\"]\n"),
        3
    );
    assert_eq!(line("# languages: xx\n[language]\nallowed = [\"fr\",\n  \"xx\"]\n"), 4);
    assert_eq!(line("# cache_ttl is how long\n[links]\ntimeout_s = 3\ncache_ttl = \"soon\"\n"), 4);
    assert_eq!(line("[language.paths]\n\"a/**\" = \"fr\"\n\"b/**\" = \"zz\"\n"), 3);
    assert_eq!(line("[duplicates]\n# near_threshold: 0.8\n\nnear_threshold = 2.0\n"), 4);
}

#[test]
fn bad_glob_is_refused() {
    let err = Config::from_toml("include = [\"content/[\"]\n", "relecture.toml", &sections()).unwrap_err();
    assert!(err.to_string().contains("invalid glob"), "{err}");
}

#[test]
fn the_online_deadline_takes_seconds_or_a_duration() {
    let deadline =
        |text: &str| Config::from_toml(&format!("[links]\ndeadline = {text}\n"), "relecture.toml", &sections());
    assert_eq!(Config::with_sections(&sections()).section::<LinksConfig>().deadline, Seconds(60));
    assert_eq!(deadline("90").unwrap().section::<LinksConfig>().deadline, Seconds(90));
    assert_eq!(deadline("\"90s\"").unwrap().section::<LinksConfig>().deadline, Seconds(90));
    assert_eq!(deadline("\"2m\"").unwrap().section::<LinksConfig>().deadline, Seconds(120));
    assert_eq!(
        deadline("9223372036854775807").unwrap().section::<LinksConfig>().deadline,
        Seconds(i64::MAX.unsigned_abs())
    );
    for bad in ["-1", "\"soon\"", "\"99999999999999999w\"", "1.5"] {
        let err = deadline(bad).unwrap_err().to_string();
        assert!(err.starts_with("relecture.toml:2"), "{bad}: {err}");
    }
}

#[test]
fn a_proxy_must_be_an_http_url() {
    let proxy = |url: &str| Config::from_toml(&format!("[links]\nproxy = \"{url}\"\n"), "relecture.toml", &sections());
    assert_eq!(
        proxy("http://proxy.example.org:3128").unwrap().section::<LinksConfig>().proxy.clone().as_deref(),
        Some("http://proxy.example.org:3128")
    );
    assert!(proxy("http://user:secret@10.0.0.1").is_ok());
    for bad in [
        "socks5://127.0.0.1:1080",
        "https://proxy.example.org",
        "proxy.example.org:3128",
        "http://",
        "http://:3128",
        "http://user@/",
    ] {
        let err = proxy(bad).unwrap_err().to_string();
        assert!(err.contains("relecture.toml:2") && err.contains("proxy"), "{bad}: {err}");
    }
}

#[test]
fn a_huge_cache_ttl_is_refused_not_wrapped() {
    assert!(Config::from_toml("[links]\ncache_ttl = \"99999999999999999w\"\n", "relecture.toml", &sections()).is_err());
}

fn repository(text: &str) -> ConfigText<'_> {
    ConfigText { text, path: "relecture.toml", trust: Trust::Repository }
}

fn user(text: &str) -> ConfigText<'_> {
    ConfigText { text, path: "/home/u/.config/relecture/config.toml", trust: Trust::User }
}

const ALLOWING: &str = "rules = [\"lint-rules\", \"/abs/x.toml\", \"../x.toml\", \"a/../../b\", \".git/config\"]\n\
                            [links]\nonline = true\nallow_private = true\ncache = \".git/hooks/pre-commit\"\nproxy = \"http://127.0.0.1:9\"\ntimeout_s = 3\n";

#[test]
fn a_repository_file_cannot_allow_anything() {
    let layered = load(&sections(), None, Some(repository(ALLOWING))).unwrap();
    let links = layered.config.section::<LinksConfig>();
    assert!(!links.online && !links.allow_private);
    assert_eq!(links.cache, "", "relecture's own cache folder");
    assert_eq!(links.timeout_s, 3, "the other keys of the file are read");
    assert_eq!(layered.config.rules.as_deref(), Some(&["lint-rules".to_string()][..]));
    let ignored = layered.ignored.unwrap();
    assert_eq!(ignored.links, ["allow_private", "cache", "online", "proxy"]);
    assert_eq!(ignored.outside_rules, ["/abs/x.toml", "../x.toml", "a/../../b", ".git/config"]);
    assert_eq!(
        ignored.to_string(),
        "relecture.toml sets [links] allow_private, cache, online, proxy and rule files outside the repository \
             (\"/abs/x.toml\", \"../x.toml\", \"a/../../b\", \".git/config\"); only the command line, the environment \
             or ~/.config/relecture/config.toml can, so they are ignored"
    );
}

#[test]
fn a_repository_file_may_shorten_the_online_bounds_never_lengthen_them() {
    let longer = "[links]\ntimeout_s = 300\ndeadline = \"100000m\"\ncache_ttl = \"9999w\"\n";
    let links = load(&sections(), None, Some(repository(longer))).unwrap().config.section::<LinksConfig>();
    assert_eq!((links.timeout_s, links.deadline.0, links.cache_ttl.as_str()), (10, 60, "1d"));
    let user_bounds = user("[links]\ntimeout_s = 2\ndeadline = 5\ncache_ttl = \"1h\"\n");
    let links = load(&sections(), Some(user_bounds), Some(repository(longer))).unwrap().config.section::<LinksConfig>();
    assert_eq!((links.timeout_s, links.deadline.0, links.cache_ttl.as_str()), (2, 5, "1h"));
    let shorter = "[links]\ntimeout_s = 1\ndeadline = 3\ncache_ttl = \"5m\"\n";
    let links =
        load(&sections(), Some(user_bounds), Some(repository(shorter))).unwrap().config.section::<LinksConfig>();
    assert_eq!((links.timeout_s, links.deadline.0, links.cache_ttl.as_str()), (1, 3, "5m"));
    // The user's own file, or a --config file outside the repository, sets what it likes.
    let links = load(&sections(), None, Some(user(longer))).unwrap().config.section::<LinksConfig>();
    assert_eq!(links.timeout_s, 300);
}

#[test]
fn only_the_users_proxy_is_used() {
    let layered = load(
        &sections(),
        Some(user("[links]\nproxy = \"http://127.0.0.1:3128\"\n")),
        Some(repository("[links]\nproxy = \"http://10.0.0.1:1\"\n")),
    )
    .unwrap();
    assert_eq!(layered.config.section::<LinksConfig>().proxy.as_deref(), Some("http://127.0.0.1:3128"));
    assert_eq!(layered.ignored.unwrap().links, ["proxy"]);
}

#[test]
fn dotted_and_inline_tables_are_the_same_keys() {
    for text in ["links.online = true\n", "links = { online = true, timeout_s = 2 }\n"] {
        let layered = load(&sections(), None, Some(repository(text))).unwrap();
        assert!(!layered.config.section::<LinksConfig>().online, "{text}");
        assert_eq!(layered.ignored.unwrap().to_string().matches("online").count(), 1);
    }
}

#[test]
fn a_user_file_allows() {
    let text = "rules = [\"/abs/x.toml\"]\n[links]\nonline = true\nallow_private = true\ncache = \"/tmp/c.json\"\n";
    let layered = load(&sections(), Some(user(text)), None).unwrap();
    assert!(layered.config.section::<LinksConfig>().online && layered.config.section::<LinksConfig>().allow_private);
    assert_eq!(layered.config.section::<LinksConfig>().cache, "/tmp/c.json");
    assert_eq!(layered.user_rules, ["/abs/x.toml"]);
    assert_eq!(layered.config.rules, None, "the user's rules are added to the project's, not in place of them");
    assert!(layered.ignored.is_none());
}

#[test]
fn the_project_wins_key_by_key_but_cannot_take_back_what_the_user_allowed() {
    let user_text =
        "exclude = [\"drafts/**\"]\n[links]\nonline = true\ntimeout_s = 4\n[severity]\nbare-url = \"off\"\n";
    let project_text = "[links]\nonline = false\ntimeout_s = 3\n[severity]\nrepeated-word = \"info\"\n";
    let layered = load(&sections(), Some(user(user_text)), Some(repository(project_text))).unwrap();
    let config = &layered.config;
    assert!(config.section::<LinksConfig>().online, "a repository may not set `online`, neither on nor off");
    assert_eq!(config.section::<LinksConfig>().timeout_s, 3);
    assert_eq!(config.exclude, ["drafts/**"]);
    assert_eq!(config.severity.len(), 2, "tables are merged");
    assert_eq!(layered.ignored.unwrap().links, ["online"]);
}

#[test]
fn a_trusted_project_file_may_allow() {
    let text = "rules = [\"/abs/x.toml\", \"lint-rules\"]\n[links]\nonline = true\nallow_private = true\n";
    let file = ConfigText { text, path: "/ci/relecture.toml", trust: Trust::User };
    let layered = load(&sections(), None, Some(file)).unwrap();
    assert!(layered.config.section::<LinksConfig>().online && layered.config.section::<LinksConfig>().allow_private);
    assert_eq!(layered.config.rules.unwrap().len(), 2);
    assert!(layered.ignored.is_none());
}

#[test]
fn errors_name_the_file_and_line_at_fault() {
    let err = load(&sections(), Some(user("[links]\nonline = tru\n")), Some(repository(""))).unwrap_err().to_string();
    assert!(err.starts_with("/home/u/.config/relecture/config.toml:2:"), "{err}");
    let err =
        load(&sections(), Some(user("")), Some(repository("\n[links]\ntimeout_s = \"x\"\n"))).unwrap_err().to_string();
    assert!(err.starts_with("relecture.toml:3:"), "{err}");
    let err = load(&sections(), None, Some(repository("include = []\n\n[frontmatter]\nrequierd = []\n")))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("relecture.toml:4:") && err.contains("requierd"), "{err}");
    let err = load(&sections(), None, Some(repository("[links]\ncache_ttl = \"1y\"\n"))).unwrap_err().to_string();
    assert!(err.starts_with("relecture.toml:2:"), "{err}");
}

#[test]
fn an_unknown_table_lists_the_general_keys_then_the_sections_of_the_families() {
    let err = Config::from_toml("include = []\n[foo]\n", "relecture.toml", &sections()).unwrap_err().to_string();
    assert_eq!(
        err,
        "relecture.toml:2: unknown field `foo`, expected one of `include`, `exclude`, `rules`, `packs`, `select`, `ignore`, \
         `fail_on`, `severity`, `max_file_size`, `lang`, `frontmatter`, `language`, `duplicates`, `links`, `site`, \
         `translations`"
    );
}

#[test]
fn the_language_table_is_read_by_the_model_and_the_family_and_refuses_what_neither_reads() {
    let config =
        Config::from_toml("[language]\ndefault = \"fr\"\nmin_words = 5\n", "relecture.toml", &sections()).unwrap();
    assert_eq!(config.section::<LanguageConfig>().default.as_deref(), Some("fr"));
    assert_eq!(config.section::<LanguageFamilyConfig>().min_words, 5);
    let error = |text: &str| Config::from_toml(text, "relecture.toml", &sections()).unwrap_err().to_string();
    assert_eq!(
        error("[language]\ndefault = \"fr\"\nbogus = 1\n"),
        "relecture.toml:3: unknown field `bogus`, expected one of `allowed`, `default`, `paths`, `min_words`"
    );
    assert_eq!(
        error("[language]\nmin_words = \"x\"\n"),
        "relecture.toml:2: invalid type: string \"x\", expected usize"
    );
    assert_eq!(error("language = 3\n"), "relecture.toml:1: invalid type: integer `3`, expected struct LanguageConfig");
}
