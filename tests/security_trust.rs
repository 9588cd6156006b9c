//! Untrusted repositories, what a repository's own configuration, rule files and symbolic links may and may not do: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use std::path::Path;
use std::time::Duration;

use support::http::Server;
use support::{HOUSE_PACK, Output, Repo, run_relecture, run_relecture_with};

/// What the attack of a pull request sets: the network on, private addresses allowed, and the
/// links cache written over the repository's pre-commit hook.
const ALLOWING: &str = "[links]\nonline = true\nallow_private = true\ncache = \".git/hooks/pre-commit\"\n";

const IGNORED_LINE: &str = "relecture: warning: relecture.toml sets [links] allow_private, cache, online; only the command \
                            line, the environment or ~/.config/relecture/config.toml can, so they are ignored";

/// A repository whose article links to the server's `/internal-admin`, committed and staged.
fn repository_linking_to(server: &Server, config: &str) -> Repo {
    let repo = Repo::new();
    repo.write("relecture.toml", config);
    repo.write("a.md", &format!("Voir <http://{}/internal-admin>.\n", server.address));
    repo.commit("article");
    repo
}

/// Runs the binary with `XDG_CONFIG_HOME` set to `config_home`.
fn run_as_user(dir: &Path, args: &[&str], config_home: &Path) -> Output {
    run_relecture_with(dir, args, &[("XDG_CONFIG_HOME", config_home.to_str().unwrap())], Duration::from_secs(120), None)
}

/// A user configuration folder holding `relecture/config.toml` with `text`.
fn user_config_home(text: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("relecture")).unwrap();
    std::fs::write(home.path().join("relecture/config.toml"), text).unwrap();
    home
}

#[test]
fn the_repository_config_alone_neither_fetches_nor_writes_the_cache_it_names() {
    let server = Server::not_found();
    let repo = repository_linking_to(&server, ALLOWING);
    for source in [&[][..], &["--staged"][..], &["--rev", "HEAD"][..], &["--diff", "HEAD"][..]] {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(source);
        let out = run_relecture(repo.path(), &args);
        assert_ne!(out.code, 2, "{}", out.stderr);
        assert!(!out.stdout.contains("dead-link"), "{}", out.stdout);
        assert_eq!(out.stderr.matches(IGNORED_LINE).count(), 1, "said once, for {source:?}: {}", out.stderr);
    }
    // Even with --online from the user: the repository can neither allow private addresses nor
    // place the cache.
    let online = run_relecture(repo.path(), &["check", "--online", "--format", "json"]);
    assert_ne!(online.code, 2, "{}", online.stderr);
    assert!(online.stderr.contains(IGNORED_LINE), "{}", online.stderr);
    assert_eq!(server.requests(), Vec::<String>::new(), "no request reached 127.0.0.1");
    assert!(!repo.path().join(".git/hooks/pre-commit").exists(), "nothing written where the repository said");
    // `history` and `rules` read the same configuration and say the same.
    for args in [&["history"][..], &["rules", "list"][..]] {
        let out = run_relecture(repo.path(), args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.matches(IGNORED_LINE).count(), 1, "{args:?}: {}", out.stderr);
    }
}

#[test]
fn the_same_settings_from_the_user_configuration_take_effect() {
    let server = Server::not_found();
    let repo = repository_linking_to(&server, "");
    let cache = tempfile::tempdir().unwrap();
    let cache_file = cache.path().join("links.json");
    let home = user_config_home(&format!(
        "[links]\nonline = true\nallow_private = true\ncache = \"{}\"\n",
        cache_file.display()
    ));
    let out = run_as_user(repo.path(), &["check", "--format", "json", "--select", "links"], home.path());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("dead-link"), "{}", out.stdout);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    assert_eq!(server.requests(), ["HEAD /internal-admin HTTP/1.1"]);
    assert!(cache_file.exists(), "the cache is where the user put it");
}

#[test]
fn the_command_line_allows_what_the_repository_cannot() {
    let server = Server::not_found();
    let repo = repository_linking_to(&server, "");
    let out = run_relecture(repo.path(), &["check", "--online", "--allow-private", "--select", "links"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("dead-link"), "{}", out.stdout);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_config_file_inside_the_repository_is_the_repository_s_and_one_outside_is_the_user_s() {
    let server = Server::not_found();
    let repo = repository_linking_to(&server, "");
    repo.write("ci/relecture.toml", "[links]\nonline = true\nallow_private = true\n");
    let inside = run_relecture(repo.path(), &["check", "--config", "ci/relecture.toml", "--select", "links"]);
    assert_eq!(inside.code, 0, "{}", inside.stderr);
    assert!(
        inside.stderr.contains("relecture: warning: ci/relecture.toml sets [links] allow_private, online;"),
        "{}",
        inside.stderr
    );
    // Named through `..` from outside, or through a symbolic link outside: still the repository's.
    let outer = tempfile::tempdir().unwrap();
    let link = outer.path().join("link.toml");
    std::os::unix::fs::symlink(repo.path().join("ci/relecture.toml"), &link).unwrap();
    let through_link =
        run_relecture(outer.path(), &["check", "--repo", repo.path().to_str().unwrap(), "--config", "link.toml"]);
    assert!(through_link.stderr.contains("sets [links] allow_private, online;"), "{}", through_link.stderr);
    assert_eq!(server.requests(), Vec::<String>::new());

    let mine = outer.path().join("relecture.toml");
    std::fs::write(&mine, "[links]\nonline = true\nallow_private = true\n").unwrap();
    let outside = run_relecture(repo.path(), &["check", "--config", mine.to_str().unwrap(), "--select", "links"]);
    assert_eq!(outside.code, 1, "{}", outside.stderr);
    assert!(!outside.stderr.contains("warning"), "{}", outside.stderr);
    assert_eq!(server.requests().len(), 1);
}

/// A file outside the repository whose key names must never be shown.
const SECRET: &str = "admin_password = \"hunter2\"\n[database]\nroot_user = \"root\"\n";

/// The name of `path` relative to `repo`, through `..` (temporary folders share a parent; the
/// repository is a folder of its own).
fn relative_to(repo: &Repo, path: &Path) -> String {
    assert_eq!(repo.path().parent().and_then(Path::parent), path.parent().and_then(Path::parent));
    format!(
        "../../{}/{}",
        path.parent().unwrap().file_name().unwrap().to_str().unwrap(),
        path.file_name().unwrap().to_str().unwrap()
    )
}

#[test]
fn rule_files_outside_the_repository_are_never_opened_for_the_repository() {
    let outer = tempfile::tempdir().unwrap();
    let secret = outer.path().join("secret.toml");
    let repo = Repo::new();
    repo.write(
        "relecture.toml",
        &format!("rules = [{:?}, {:?}]\n", secret.display().to_string(), relative_to(&repo, &secret)),
    );
    repo.write("a.md", "Un article.\n");
    repo.commit("config");
    let runs = |label: &str| -> Vec<(i32, String)> {
        [
            &["check"][..],
            &["check", "--staged"][..],
            &["check", "--rev", "HEAD"][..],
            &["rules", "list"][..],
            &["rules", "test"][..],
        ]
        .iter()
        .map(|args| {
            let out = run_relecture(repo.path(), args);
            for text in [&out.stdout, &out.stderr] {
                assert!(!text.contains("admin_password") && !text.contains("database"), "{label} {args:?}: {text}");
            }
            assert!(
                out.stderr.contains("relecture.toml sets rule files outside the repository ("),
                "{label} {args:?}: {}",
                out.stderr
            );
            (out.code, out.stderr)
        })
        .collect()
    };
    let absent = runs("absent");
    std::fs::write(&secret, SECRET).unwrap();
    let present = runs("present");
    assert_eq!(absent, present, "nothing tells whether the outside file exists");
    // `rules test` finds no rule file: the outside entries were the only ones.
    assert_eq!(present[4].0, 2);
    assert!(present[..4].iter().all(|(code, _)| *code == 0), "{present:?}");
}

#[test]
fn rule_files_outside_the_repository_are_read_for_the_user() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outer.path().join("packs")).unwrap();
    std::fs::write(outer.path().join("packs/house.toml"), HOUSE_PACK).unwrap();
    std::fs::write(outer.path().join("other.toml"), HOUSE_PACK.replace("\"house\"", "\"other\"")).unwrap();
    let repo = Repo::new();
    repo.write("a.md", "Pour lire le rapport, [cliquez ici](a.md).\n");
    repo.commit("article");
    let home = user_config_home(&format!(
        "rules = [{:?}, {:?}]\n",
        outer.path().join("packs").display().to_string(),
        relative_to(&repo, &outer.path().join("other.toml"))
    ));
    let out = run_as_user(repo.path(), &["check", "--ignore", "language,links", "--format", "json"], home.path());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("house/cliquez-ici") && out.stdout.contains("other/cliquez-ici"), "{}", out.stdout);
    let list = run_as_user(repo.path(), &["rules", "list"], home.path());
    assert!(list.stdout.contains("house/cliquez-ici"), "{}", list.stdout);
    let tested = run_as_user(repo.path(), &["rules", "test"], home.path());
    assert_eq!(tested.code, 0, "{}{}", tested.stdout, tested.stderr);
    assert!(tested.stdout.contains("2 rules passed"), "{}", tested.stdout);

    // A `--config` file outside the repository is the user's too.
    let mine = outer.path().join("relecture.toml");
    std::fs::write(&mine, format!("rules = [{:?}]\n", outer.path().join("other.toml").display().to_string())).unwrap();
    let out = run_relecture(repo.path(), &["check", "--config", mine.to_str().unwrap(), "--ignore", "language,links"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("other/cliquez-ici"), "{}", out.stdout);

    // The user's file applies to every repository: an entry inside one that lacks it is skipped,
    // and a file named twice is read once.
    let home = user_config_home(&format!(
        "rules = [\"lint-rules\", {:?}, {:?}]\n",
        outer.path().join("packs").display().to_string(),
        outer.path().join("packs/house.toml").display().to_string()
    ));
    let out = run_as_user(repo.path(), &["check", "--ignore", "language,links", "--format", "json"], home.path());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout.matches("\"house/cliquez-ici\"").count(), 1, "{}", out.stdout);

    // A missing file the user names is an error that names it.
    let home = user_config_home("rules = [\"/nonexistent/relecture-pack.toml\"]\n");
    let out = run_as_user(repo.path(), &["check"], home.path());
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("/nonexistent/relecture-pack.toml"), "{}", out.stderr);
}

#[test]
fn a_user_configuration_that_does_not_parse_stops_the_run_naming_it_and_its_line() {
    let repo = Repo::new();
    repo.write("a.md", "Un article.\n");
    let home = user_config_home("[links]\ntimeout_s = 5\nonline = tru\n");
    let out = run_as_user(repo.path(), &["check"], home.path());
    assert_eq!(out.code, 2);
    let file = home.path().join("relecture/config.toml");
    assert!(out.stderr.contains(&format!("{}:3:", file.display())), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

#[test]
fn the_user_configuration_sets_defaults_the_repository_overrides() {
    let repo = Repo::new();
    repo.write("relecture.toml", "[severity]\nrepeated-word = \"error\"\n");
    repo.write("a.md", "Le le texte. Voir www.exemple.org.\n");
    let home = user_config_home("[severity]\nrepeated-word = \"off\"\nbare-url = \"off\"\n");
    let out = run_as_user(repo.path(), &["check", "--ignore", "language", "--format", "json"], home.path());
    assert!(out.stdout.contains("repeated-word") && !out.stdout.contains("bare-url"), "{}", out.stdout);
    assert_eq!(out.code, 1);
}

#[test]
fn a_config_file_linked_outside_the_repository_is_not_read() {
    let outer = tempfile::tempdir().unwrap();
    let secret = outer.path().join("secret.toml");
    let repo = Repo::new();
    repo.write("a.md", "Un article.\n");
    std::os::unix::fs::symlink(&secret, repo.path().join("relecture.toml")).unwrap();
    let absent = run_relecture(repo.path(), &["check"]);
    std::fs::write(&secret, SECRET).unwrap();
    let present = run_relecture(repo.path(), &["check"]);
    assert_eq!(present.code, 2);
    assert_eq!((absent.code, &absent.stderr), (present.code, &present.stderr), "nothing tells whether it exists");
    assert_eq!(present.stderr, "relecture: error: cannot read relecture.toml: symbolic link (not followed)\n");
    // A link is never followed, even to a file of the repository.
    std::fs::remove_file(repo.path().join("relecture.toml")).unwrap();
    repo.write("config/relecture.toml", "exclude = [\"a.md\"]\n");
    std::os::unix::fs::symlink("config/relecture.toml", repo.path().join("relecture.toml")).unwrap();
    let inside = run_relecture(repo.path(), &["check", "--format", "json"]);
    assert_eq!((inside.code, inside.stderr.as_str()), (2, present.stderr.as_str()));
}

#[test]
fn the_repository_config_cannot_name_a_proxy() {
    let target = Server::not_found();
    let proxy = Server::not_found();
    let repo = repository_linking_to(&target, &format!("[links]\nproxy = \"http://{}\"\n", proxy.address));
    let out = run_relecture(repo.path(), &["check", "--online", "--allow-private", "--select", "links"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("relecture: warning: relecture.toml sets [links] proxy; only the command line,"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("so it is ignored"), "{}", out.stderr);
    assert_eq!(proxy.requests(), Vec::<String>::new(), "nothing went through the repository's proxy");
    assert_eq!(target.requests(), ["HEAD /internal-admin HTTP/1.1"]);
}

#[test]
fn a_config_file_elsewhere_in_the_checkout_is_the_repository_s_when_a_subfolder_is_linted() {
    let server = Server::not_found();
    let repo = Repo::new();
    repo.write("docs/a.md", &format!("Voir <http://{}/internal-admin>.\n", server.address));
    repo.write("evil.toml", ALLOWING);
    repo.commit("a configuration beside the linted folder");
    let out = run_relecture(repo.path(), &["check", "--repo", "docs", "--config", "evil.toml"]);
    assert!(out.stderr.contains("evil.toml sets [links] allow_private, cache, online"), "{}", out.stderr);
    assert_eq!(server.requests(), Vec::<String>::new(), "the repository's file turned the network on");
    assert!(!repo.path().join(".git/hooks/pre-commit").exists());
}
