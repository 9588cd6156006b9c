//! Untrusted repositories, online link checking: address guard, proxies, deadlines: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use std::time::{Duration, Instant};

use support::contract::{Finding, Report};
use support::http::{Answer, Server};
use support::{Output, Repo, run_relecture_with};

/// A `CONNECT` proxy on 127.0.0.1 that records every request line and reaches nothing.
fn fake_proxy() -> Server {
    Server::start("127.0.0.1", Answer::Proxy).unwrap()
}

/// A repository with one article linking to every URL, one per line.
fn repo_linking_to(urls: &[String]) -> Repo {
    let repo = Repo::new();
    let body: Vec<String> = urls.iter().enumerate().map(|(i, url)| format!("Voir [la page {i}]({url}).\n")).collect();
    repo.write("a.md", &body.join("\n"));
    repo
}

/// A configuration file of the user, outside the repository, given with `--config` (a trusted
/// source: the repository's own `relecture.toml` cannot allow private addresses).
fn user_config(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("relecture.toml"), text).unwrap();
    dir
}

fn check_online(repo: &Repo, config: Option<&tempfile::TempDir>, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let path = config.map(|dir| dir.path().join("relecture.toml").display().to_string());
    // No links cache: every run fetches every link again.
    let mut args = vec!["check", "--online", "--no-cache", "--select", "dead-link", "--format", "json"];
    if let Some(path) = &path {
        args.extend(["--config", path.as_str()]);
    }
    args.extend_from_slice(extra);
    run_relecture_with(repo.path(), &args, env, Duration::from_secs(100), None)
}

fn findings(out: &Output) -> Vec<Finding> {
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    let report: Report =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", out.stderr, out.stdout));
    report.findings
}

#[test]
fn proxy_variables_of_the_environment_are_never_used() {
    let server = Server::start("127.0.0.1", Answer::Plain).unwrap();
    let mut urls = vec![server.url("/page")];
    let server6 = Server::start("::1", Answer::Plain);
    if let Some(server6) = &server6 {
        urls.push(server6.url("/page"));
    }
    let repo = repo_linking_to(&urls);
    let config = user_config("[links]\nallow_private = true\ntimeout_s = 2\n");
    let proxy = fake_proxy();
    for variable in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY"] {
        let out = check_online(&repo, Some(&config), &[], &[(variable, &proxy.url(""))]);
        assert_eq!(findings(&out), [], "{variable}: {}", out.stdout);
        assert_eq!(out.code, 0, "{variable}: {}", out.stderr);
        assert_eq!(proxy.requests(), Vec::<String>::new(), "{variable} sent requests to the proxy");
    }
    // The links were fetched directly instead.
    assert_eq!(server.requests().len(), 5);
    if let Some(server6) = &server6 {
        assert_eq!(server6.requests().len(), 5);
    }
}

#[test]
fn proxy_variables_never_carry_requests_to_internal_addresses() {
    let server = Server::start("127.0.0.1", Answer::Plain).unwrap();
    let urls = [
        "http://169.254.169.254/latest/meta-data/".to_string(),
        server.url("/internal-admin"),
        "http://[::1]/".to_string(),
        "http://[::ffff:127.0.0.1]/".to_string(),
    ];
    let repo = repo_linking_to(&urls);
    let proxy = fake_proxy();
    let env = [("HTTP_PROXY", proxy.url("")), ("http_proxy", proxy.url("")), ("ALL_PROXY", proxy.url(""))];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let out = check_online(&repo, None, &[], &env);
    let found = findings(&out);
    assert_eq!(found.len(), 4, "{}", out.stdout);
    assert!(found.iter().all(|f| f.severity == "warning" && f.message.contains("internal address")), "{}", out.stdout);
    assert_eq!(proxy.requests(), Vec::<String>::new());
    assert_eq!(server.requests(), Vec::<String>::new());
}

#[test]
fn a_named_proxy_is_used_but_never_for_internal_addresses() {
    let server = Server::start("127.0.0.1", Answer::Plain).unwrap();
    let proxy = fake_proxy();
    let public = "http://93.184.216.34/rapport".to_string();
    let urls = [
        "http://169.254.169.254/latest/meta-data/".to_string(),
        server.url("/internal-admin"),
        format!("http://localhost:{}/internal-admin", server.address.port()),
        "http://[::1]/".to_string(),
        "http://192.0.2.10/".to_string(),
        "http://198.18.0.1/".to_string(),
        "http://[64:ff9b::a9fe:a9fe]/".to_string(),
        public.clone(),
    ];
    let repo = repo_linking_to(&urls);
    let out = check_online(&repo, None, &["--proxy", &proxy.url("")], &[]);
    let found = findings(&out);
    // The public address went through the proxy, as a CONNECT to the address relecture vetted;
    // nothing else did, and nothing reached the internal server.
    assert_eq!(
        proxy.requests(),
        ["CONNECT 93.184.216.34:80 HTTP/1.1", "tunnelled: HEAD /rapport HTTP/1.1"],
        "{}",
        out.stdout
    );
    assert_eq!(server.requests(), Vec::<String>::new());
    let refused = found.iter().filter(|f| f.severity == "warning" && f.message.contains("internal address")).count();
    assert_eq!(refused, urls.len() - 1, "{}", out.stdout);
    assert!(found.iter().any(|f| f.message == format!("`{public}` is dead: 404 Not Found")), "{}", out.stdout);
    assert_eq!(out.code, 1);
}

#[test]
fn a_proxy_that_is_not_an_http_url_stops_the_run() {
    let repo = repo_linking_to(&["http://93.184.216.34/".to_string()]);
    let out = check_online(&repo, None, &["--proxy", "socks5://127.0.0.1:1080"], &[]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("a proxy is an http:// URL"), "{}", out.stderr);
    let config = user_config("[links]\nproxy = \"ftp://127.0.0.1\"\n");
    let out = check_online(&repo, Some(&config), &[], &[]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("relecture.toml:2") && out.stderr.contains("proxy"), "{}", out.stderr);
}

#[test]
fn the_deadline_ends_the_online_check_and_reports_the_rest_unverified() {
    let server = Server::start("127.0.0.1", Answer::Hang).unwrap();
    let urls: Vec<String> = (0..30).map(|i| server.url(&format!("/page-{i}"))).collect();
    let repo = repo_linking_to(&urls);
    for deadline in ["3", "\"3s\""] {
        let config = user_config(&format!("[links]\nallow_private = true\ntimeout_s = 1\ndeadline = {deadline}\n"));
        let started = Instant::now();
        let out = check_online(&repo, Some(&config), &[], &[]);
        let elapsed = started.elapsed();
        assert!(elapsed < Duration::from_secs(10), "the run took {elapsed:?}");
        let found = findings(&out);
        assert_eq!(found.len(), 30, "{}", out.stdout);
        assert!(
            found.iter().all(|f| f.severity == "warning" && f.message.contains("could not be verified")),
            "{}",
            out.stdout
        );
        let at_deadline = found.iter().filter(|f| f.message.contains("reached its deadline (3 s")).count();
        assert!(at_deadline >= 27, "{}", out.stdout);
        assert_eq!(out.code, 1);
    }
}

#[test]
fn a_bad_deadline_names_the_file_and_line() {
    let repo = repo_linking_to(&["http://93.184.216.34/".to_string()]);
    repo.write("relecture.toml", "[links]\ndeadline = \"soon\"\n");
    let out = run_relecture_with(repo.path(), &["check"], &[], Duration::from_secs(60), None);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("relecture.toml:2") && out.stderr.contains("\"soon\""), "{}", out.stderr);
}

#[test]
fn a_long_retry_after_does_not_hold_the_run() {
    let server = Server::start("127.0.0.1", Answer::TooManyRequests).unwrap();
    let repo = repo_linking_to(&[server.url("/a"), server.url("/b")]);
    let config = user_config("[links]\nallow_private = true\n");
    let started = Instant::now();
    let out = check_online(&repo, Some(&config), &[], &[]);
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(10), "the run took {elapsed:?}");
    let found = findings(&out);
    assert_eq!(found.len(), 2, "{}", out.stdout);
    assert!(found.iter().all(|f| f.severity == "warning" && f.message.contains("429")), "{}", out.stdout);
    // Asked to come back in 30 s, relecture does not ask again.
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn any_timeout_s_is_clamped_without_panicking() {
    let server = Server::start("127.0.0.1", Answer::Plain).unwrap();
    let repo = repo_linking_to(&[server.url("/missing"), server.url("/page")]);
    for timeout in ["9223372036854775807", "0"] {
        let config = user_config(&format!("[links]\nallow_private = true\ntimeout_s = {timeout}\n"));
        let out = check_online(&repo, Some(&config), &[], &[]);
        let found = findings(&out);
        assert_eq!(found.len(), 1, "{timeout}: {}\n{}", out.stdout, out.stderr);
        assert!(found[0].message.contains("is dead: 404 Not Found"), "{}", out.stdout);
        assert_eq!(out.code, 1);
    }
}

#[test]
fn a_repository_cannot_lengthen_the_bounds_of_the_online_check() {
    let server = Server::start("127.0.0.1", Answer::Hang).unwrap();
    let urls: Vec<String> = (0..30).map(|i| server.url(&format!("/page-{i}"))).collect();
    let repo = repo_linking_to(&urls);
    repo.write("relecture.toml", "[links]\ntimeout_s = 300\ndeadline = \"100000m\"\n");
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("relecture")).unwrap();
    std::fs::write(
        home.path().join("relecture/config.toml"),
        "[links]\nallow_private = true\ntimeout_s = 1\ndeadline = 3\n",
    )
    .unwrap();
    let started = Instant::now();
    let out = run_relecture_with(
        repo.path(),
        &["check", "--online", "--no-cache", "--select", "dead-link", "--format", "json"],
        &[("XDG_CONFIG_HOME", home.path().to_str().unwrap())],
        Duration::from_secs(100),
        None,
    );
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(10), "the run took {elapsed:?}");
    assert!(out.stdout.contains("reached its deadline (3 s"), "{}", out.stdout);
}
