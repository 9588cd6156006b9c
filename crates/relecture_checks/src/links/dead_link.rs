//! `dead-link`: an external URL that fails, checked over the network with `--online`.
#![cfg(feature = "online")]

use relecture_core::Message;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use regex::Regex;
use relecture_core::{
    Article, CheckContext, CorpusCheck, CorpusDiagnostic, Diagnostic, RuleMeta, Severity, declare_rule,
};

use super::LinksConfig;
use super::clock::{Clock, SystemClock};
use super::guard::{GuardedResolver, HostResolver, REFUSED, SystemResolver};
use super::links_cache::LinksCache;
use super::proxy::{Proxy, Tunnel};

declare_rule! {
    /// ## What it checks
    /// External `http` and `https` links, fetched over the network, only with `--online` (or
    /// `[links] online = true` in the user's own configuration): a HEAD request, then GET when HEAD is refused, following at most
    /// 10 redirects, with the timeout `[links] timeout_s` (at most 300 s), a few requests at a
    /// time and one at a time per host, and retries with backoff that honour a `Retry-After` of
    /// at most 5 s. The whole check stops at `[links] deadline` (60 s by default): links not
    /// checked by then are reported as unverified. 404, 410, a host that does not exist and a
    /// refused connection are errors; 429, 401, 403 (bot walls), server errors, timeouts and the
    /// deadline are warnings, since the link could not be verified. URLs matching
    /// `[links] exclude` are skipped. Successes are cached for `[links] cache_ttl` in
    /// relecture's own cache folder (or the file the user's `[links] cache` names), never in the
    /// repository; failures are never cached.
    ///
    /// Pull requests are untrusted input: unless the user allows it (`--allow-private`, or
    /// `[links] allow_private = true` in the user's own configuration), no connection is
    /// made to loopback, private, link-local, unique-local or any other special-purpose address,
    /// checked on the addresses a name resolves to and again at every redirect. The proxy
    /// variables of the environment are never used; through the proxy the user names
    /// (`--proxy` or `[links] proxy`), relecture still resolves and vets every target itself.
    ///
    /// ## Why
    /// Sites move and pages disappear; readers who follow a dead link stop trusting the rest.
    ///
    /// ## Example
    /// `[le rapport](https://www.example.org/rapport-2019.pdf)` now answering 404.
    ///
    /// ## How to fix
    /// Link to the page's new address, to an archived copy, or remove the link.
    pub DEAD_LINK = ("dead-link", "links", Error, "an external link that fails (with --online)");
}

const MAX_REDIRECTS: usize = 10;
const RETRIES: usize = 2;
const WORKERS: usize = 8;
/// The longest `Retry-After` honoured; longer waits make the link unverified.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(5);
/// The longest wait for one request, whatever `timeout_s` says.
const MAX_TIMEOUT: Duration = Duration::from_secs(300);

/// What fetching a URL found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The page answers.
    Alive,
    /// The page is gone.
    Dead(Message),
    /// The page could not be verified.
    Unverified(Message),
}

/// Checks external links over the network.
#[derive(Clone)]
pub struct ExternalLinks {
    resolver: Arc<dyn HostResolver>,
    internal: fn(std::net::IpAddr) -> bool,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for ExternalLinks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalLinks").finish_non_exhaustive()
    }
}

impl Default for ExternalLinks {
    fn default() -> Self {
        Self::with_resolver(Arc::new(SystemResolver))
    }
}

impl ExternalLinks {
    /// A check that resolves host names with `resolver` (tests use one they control).
    pub fn with_resolver(resolver: Arc<dyn HostResolver>) -> Self {
        Self { resolver, internal: super::guard::is_internal, clock: Arc::new(SystemClock::default()) }
    }

    /// The same check reading `clock`: its deadline, timeouts and waits, and the dates of the
    /// links cache (tests use one that moves without waiting).
    #[must_use]
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Self {
        Self { clock, ..self }
    }
}

fn is_web_url(dest: &str) -> bool {
    let lower = dest.get(..8).unwrap_or(dest).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The URL without its fragment: what is fetched and cached.
fn fetched_url(dest: &str) -> &str {
    dest.split('#').next().unwrap_or(dest).trim()
}

impl CorpusCheck for ExternalLinks {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![DEAD_LINK]
    }

    /// A link's status does not depend on other articles.
    fn dependencies(&self, _: &Article, _: &CheckContext<'_>) -> Option<relecture_core::Dependencies> {
        Some(relecture_core::Dependencies::default())
    }

    fn check(&self, articles: &[&Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>) {
        let settings = context.config.section::<LinksConfig>();
        let settings = settings.as_ref();
        if !settings.online || !context.is_enabled(&DEAD_LINK) {
            return;
        }
        let excludes: Vec<Regex> = settings.exclude.iter().filter_map(|p| Regex::new(p).ok()).collect();
        let mut occurrences: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for (article_index, article) in articles.iter().enumerate() {
            for (link_index, link) in article.links.iter().enumerate() {
                if is_web_url(&link.dest) && !excludes.iter().any(|r| r.is_match(&link.dest)) {
                    occurrences
                        .entry(fetched_url(&link.dest).to_string())
                        .or_default()
                        .push((article_index, link_index));
                }
            }
        }
        let ttl = settings.cache_ttl_seconds().unwrap_or(86_400);
        let started = self.clock.epoch_seconds();
        let mut cache = LinksCache::open(settings, started);
        let to_fetch: Vec<String> = occurrences.keys().filter(|url| !cache.fresh(url, started, ttl)).cloned().collect();
        let outcomes = self.fetch_all(&to_fetch, settings);
        for (url, outcome) in &outcomes {
            if *outcome == Outcome::Alive {
                cache.alive.insert(url.clone(), started);
            } else {
                cache.alive.remove(url);
            }
        }
        cache.save(started, ttl);
        for (url, places) in &occurrences {
            let Some(outcome) = outcomes.get(url) else { continue };
            let (message, unverified) = match outcome {
                Outcome::Alive => continue,
                Outcome::Dead(reason) => {
                    (Message::new("dead-link").with("url", url).with("reason", reason.clone()), false)
                }
                Outcome::Unverified(reason) => {
                    (Message::new("dead-link-unverified").with("url", url).with("reason", reason.clone()), true)
                }
            };
            for &(article, link) in places {
                let mut diagnostic = Diagnostic::new(&DEAD_LINK, articles[article].links[link].range, message.clone())
                    .with_fingerprint_text(url.clone());
                if unverified {
                    diagnostic = diagnostic.with_max_severity(Severity::Warning);
                }
                out.push(CorpusDiagnostic { article, diagnostic });
            }
        }
    }
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase()
}

impl ExternalLinks {
    /// Fetches every URL: hosts in parallel (at most eight at a time), one request at a time per
    /// host, until the deadline.
    fn fetch_all(&self, urls: &[String], settings: &LinksConfig) -> HashMap<String, Outcome> {
        let mut by_host: BTreeMap<String, Vec<&String>> = BTreeMap::new();
        for url in urls {
            by_host.entry(host_of(url)).or_default().push(url);
        }
        let hosts: Vec<Vec<&String>> = by_host.into_values().collect();
        let fetcher = match self.fetcher(settings) {
            Ok(fetcher) => fetcher,
            Err(reason) => {
                return urls
                    .iter()
                    .map(|url| (url.clone(), Outcome::Unverified(Message::text(reason.clone()))))
                    .collect();
            }
        };
        let results = Mutex::new(HashMap::new());
        let next = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..WORKERS.min(hosts.len()) {
                scope.spawn(|| {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(host_urls) = hosts.get(index) else { break };
                        for url in host_urls {
                            let outcome = fetcher.check_url(url);
                            results
                                .lock()
                                .expect("no worker panics while holding the lock")
                                .insert((*url).clone(), outcome);
                        }
                    }
                });
            }
        });
        results.into_inner().expect("every worker has finished")
    }

    /// The agent and limits of one run; an unusable proxy is the reason no link can be checked.
    fn fetcher<'a>(&'a self, settings: &'a LinksConfig) -> Result<Fetcher<'a>, String> {
        use ureq::unversioned::transport::{Connector, RustlsConnector, TcpConnector};

        let proxy = match settings.proxy.as_deref() {
            Some(url) => {
                Some(Proxy::new(url).map_err(|e| format!("not fetched: the proxy `{url}` is unusable ({e})"))?)
            }
            None => None,
        };
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            // Never ureq's proxy, which reads the environment's proxy variables: the proxy the
            // user named is a tunnel to the addresses the guard let through.
            .proxy(None)
            .user_agent(concat!("relecture/", env!("CARGO_PKG_VERSION"), " (link checker)"))
            .build();
        let resolver = GuardedResolver {
            inner: self.resolver.clone(),
            allow_private: settings.allow_private,
            internal: self.internal,
        };
        let connector = ().chain(Tunnel(proxy)).chain(TcpConnector::default()).chain(RustlsConnector::default());
        let agent = ureq::Agent::with_parts(config, connector, resolver);
        let deadline = Duration::from_secs(settings.deadline.0);
        Ok(Fetcher {
            agent,
            clock: &*self.clock,
            accept: &settings.accept,
            timeout: Duration::from_secs(settings.timeout_s).clamp(Duration::from_secs(1), MAX_TIMEOUT),
            // A deadline too far to represent is no deadline.
            deadline: self.clock.elapsed().checked_add(deadline),
            deadline_seconds: settings.deadline.0,
        })
    }
}

/// How the links of one run are fetched.
struct Fetcher<'a> {
    agent: ureq::Agent,
    /// The deadline, timeouts and waits are read on it.
    clock: &'a dyn Clock,
    /// Statuses that count as working besides 2xx.
    accept: &'a [u16],
    /// The longest wait for one request.
    timeout: Duration,
    /// When fetching stops, on [`Fetcher::clock`]; `None` when it is too far to represent.
    deadline: Option<Duration>,
    deadline_seconds: u64,
}

/// One request's answer: status, redirect target, `Retry-After` in seconds.
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<u64>,
}

impl Fetcher<'_> {
    /// The time left before the deadline, `None` once it has passed.
    fn time_left(&self) -> Option<Duration> {
        match self.deadline {
            Some(deadline) => deadline.checked_sub(self.clock.elapsed()).filter(|left| !left.is_zero()),
            None => Some(Duration::MAX),
        }
    }

    fn deadline_reached(&self) -> Outcome {
        Outcome::Unverified(Message::new("http-deadline").with("seconds", self.deadline_seconds))
    }

    /// Follows redirects (at most ten) and classifies the final answer.
    fn check_url(&self, url: &str) -> Outcome {
        let mut current = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let answer = match self.attempt(&current) {
                Ok(answer) => answer,
                Err(error) => return self.classify_error(&error),
            };
            match answer.status {
                status if self.accept.contains(&status) => return Outcome::Alive,
                200..=299 => return Outcome::Alive,
                300..=399 => match answer.location {
                    Some(location) => match join(&current, &location) {
                        Some(next) => current = next,
                        None => {
                            return Outcome::Unverified(
                                Message::new("http-redirect-not-url")
                                    .with("status", answer.status)
                                    .with("location", location),
                            );
                        }
                    },
                    None => {
                        return Outcome::Dead(Message::new("http-redirect-no-location").with("status", answer.status));
                    }
                },
                404 => return Outcome::Dead(Message::new("http-not-found")),
                410 => return Outcome::Dead(Message::new("http-gone")),
                401 | 403 => {
                    return Outcome::Unverified(Message::new("http-refused").with("status", answer.status));
                }
                429 => return Outcome::Unverified(Message::new("http-too-many-requests")),
                status @ 500..=599 => {
                    return Outcome::Unverified(Message::new("http-server-error").with("status", status));
                }
                status => return Outcome::Dead(Message::new("http-status").with("status", status)),
            }
        }
        Outcome::Dead(Message::new("http-too-many-redirects").with("count", MAX_REDIRECTS))
    }

    /// HEAD, then GET when HEAD is refused; retried on 429 and server errors, never past the
    /// deadline.
    fn attempt(&self, url: &str) -> Result<Answer, AttemptError> {
        let mut answer = Err(AttemptError::Deadline);
        for retry in 0..=RETRIES {
            answer = self.request(url, true);
            if let Ok(a) = &answer
                && matches!(a.status, 405 | 501 | 403 | 400)
            {
                answer = self.request(url, false);
            }
            let Ok(a) = &answer else { break };
            if a.status != 429 && a.status < 500 || retry == RETRIES {
                break;
            }
            let wait = a.retry_after.map_or(Duration::from_millis(250 << retry), Duration::from_secs);
            if wait > MAX_RETRY_AFTER || self.time_left().is_none_or(|left| wait >= left) {
                break;
            }
            self.clock.sleep(wait);
        }
        answer
    }

    /// One request, with the per-request timeout cut to the time left before the deadline.
    fn request(&self, url: &str, head: bool) -> Result<Answer, AttemptError> {
        let left = self.time_left().ok_or(AttemptError::Deadline)?;
        let timeout = left.min(self.timeout);
        let sent = self.clock.elapsed();
        let response = if head {
            self.agent.head(url).config().timeout_global(Some(timeout)).build().call()
        } else {
            self.agent.get(url).config().timeout_global(Some(timeout)).build().call()
        }
        .map_err(|error| {
            let timed_out = matches!(error, ureq::Error::Timeout(_))
                || matches!(&error, ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut);
            // Cut short by the deadline rather than by `timeout_s`.
            if timed_out && left < self.timeout { AttemptError::Deadline } else { AttemptError::Request(error) }
        })?;
        // An answer later than the timeout is a timeout, whichever clock is read: on the
        // system's, the request has already timed out.
        if self.clock.elapsed().saturating_sub(sent) > timeout {
            return Err(if left < self.timeout { AttemptError::Deadline } else { AttemptError::TimedOut });
        }
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        Ok(Answer {
            status: response.status().as_u16(),
            location: header("location"),
            retry_after: header("retry-after").and_then(|v| v.trim().parse().ok()),
        })
    }

    fn classify_error(&self, error: &AttemptError) -> Outcome {
        match error {
            AttemptError::Deadline => self.deadline_reached(),
            AttemptError::TimedOut => Outcome::Unverified(Message::new("http-timeout")),
            AttemptError::Request(error) => classify_error(error),
        }
    }
}

/// Why a request got no answer.
enum AttemptError {
    /// The deadline passed before it was sent or while it waited.
    Deadline,
    /// The answer came after the timeout.
    TimedOut,
    /// The request failed.
    Request(ureq::Error),
}

/// The absolute URL a `Location` header points to, joined as browsers do (`../`, a query
/// alone, a scheme-relative `//host`); `None` when it is not a URL.
fn join(base: &str, location: &str) -> Option<String> {
    url::Url::parse(base).and_then(|base| base.join(location.trim())).ok().map(String::from)
}

fn classify_error(error: &ureq::Error) -> Outcome {
    match error {
        ureq::Error::HostNotFound => Outcome::Dead(Message::new("http-no-host")),
        ureq::Error::Timeout(_) => Outcome::Unverified(Message::new("http-timeout")),
        ureq::Error::BadUri(reason) => Outcome::Dead(Message::new("http-bad-url").with("reason", reason)),
        ureq::Error::Io(io) if io.to_string().starts_with(REFUSED) => {
            let what = io.to_string();
            let what = what.strip_prefix(REFUSED).unwrap_or_default();
            Outcome::Unverified(Message::new("http-internal-address").with("address", what))
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            Outcome::Dead(Message::new("http-connection-refused"))
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            Outcome::Unverified(Message::new("http-timeout"))
        }
        ureq::Error::ConnectionFailed => Outcome::Dead(Message::new("http-connection-refused")),
        ureq::Error::ConnectProxyFailed(reason) => Outcome::Unverified(Message::text(reason.clone())),
        other => Outcome::Unverified(Message::text(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::{IpAddr, SocketAddr, TcpListener};

    use crate::links::clock::ManualClock;
    use relecture_core::{Checks, Config, FileContent, RuleSelection, SourceFile};
    use relecture_engine::run::run;

    /// A clock the checker and the servers of a test share: no test waits.
    fn manual_clock() -> Arc<ManualClock> {
        Arc::new(ManualClock::new(1_700_000_000))
    }

    /// The check as the run makes it, on `clock`.
    fn checker(clock: &Arc<ManualClock>) -> ExternalLinks {
        ExternalLinks::default().with_clock(clock.clone())
    }

    /// A small HTTP/1.1 server on a loopback address, counting the requests per path. Slow
    /// answers move `clock` forward instead of taking time.
    struct Server {
        address: SocketAddr,
        hits: Arc<Mutex<HashMap<String, usize>>>,
    }

    impl Server {
        fn start(ip: &str, redirect_to: Option<String>, clock: &Arc<ManualClock>) -> Self {
            let listener = TcpListener::bind((ip, 0)).expect("a loopback port");
            let address = listener.local_addr().unwrap();
            let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
            let counter = hits.clone();
            let clock = clock.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let hits = counter.clone();
                    let redirect_to = redirect_to.clone();
                    let clock = clock.clone();
                    std::thread::spawn(move || {
                        let mut reader = BufReader::new(stream.try_clone().unwrap());
                        let mut line = String::new();
                        if reader.read_line(&mut line).is_err() {
                            return;
                        }
                        let mut parts = line.split_whitespace();
                        let (method, path) =
                            (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
                        loop {
                            let mut header = String::new();
                            if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                                break;
                            }
                        }
                        let count = {
                            let mut hits = hits.lock().unwrap();
                            let entry = hits.entry(path.clone()).or_default();
                            *entry += 1;
                            *entry
                        };
                        let ok = ("200 OK", String::new());
                        let (status, extra) = match path.as_str() {
                            "/moved" => ("301 Moved Permanently", "Location: /ok\r\n".into()),
                            "/moved-to-missing" => ("301 Moved Permanently", "Location: /missing\r\n".into()),
                            "/gone" => ("410 Gone", String::new()),
                            "/busy" => ("429 Too Many Requests", "Retry-After: 1\r\n".into()),
                            busy if busy.starts_with("/busy-long") => {
                                ("429 Too Many Requests", "Retry-After: 30\r\n".into())
                            }
                            "/busy-short" => ("429 Too Many Requests", "Retry-After: 3\r\n".into()),
                            "/no-head" if method == "HEAD" => ("405 Method Not Allowed", String::new()),
                            "/flaky" if count == 1 => ("500 Internal Server Error", String::new()),
                            "/ok" | "/no-head" | "/flaky" => ok,
                            "/slow" => {
                                clock.advance(Duration::from_secs(4));
                                ok
                            }
                            hanging if hanging.starts_with("/hang") => {
                                clock.advance(Duration::from_secs(60));
                                ok
                            }
                            "/elsewhere" => {
                                ("302 Found", format!("Location: {}\r\n", redirect_to.clone().unwrap_or_default()))
                            }
                            _ => ("404 Not Found", String::new()),
                        };
                        let mut stream = stream;
                        let _ = write!(
                            stream,
                            "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n{extra}\r\n"
                        );
                    });
                }
            });
            Self { address, hits }
        }

        fn url(&self, path: &str) -> String {
            format!("http://{}{path}", self.address)
        }

        fn hits(&self, path: &str) -> usize {
            self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
        }
    }

    /// Names the test controls: `public.test` is 127.0.0.2, `evil.test` resolves to the internal server.
    struct TestResolver {
        internal: SocketAddr,
    }

    impl HostResolver for TestResolver {
        fn resolve(&self, host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>> {
            match host {
                "public.test" => Ok(vec![SocketAddr::new("127.0.0.2".parse().unwrap(), port)]),
                "evil.test" | "localhost" => Ok(vec![self.internal]),
                _ => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "no such host")),
            }
        }
    }

    /// 127.0.0.2 stands for a public host; every other internal address stays internal.
    fn internal_but_127_0_0_2(ip: IpAddr) -> bool {
        ip != "127.0.0.2".parse::<IpAddr>().unwrap() && crate::links::guard::is_internal(ip)
    }

    fn lint(urls: &[String], config: &Config, check: ExternalLinks) -> Vec<String> {
        let body = urls.iter().enumerate().map(|(i, u)| format!("[lien {i}]({u})")).collect::<Vec<_>>().join("\n\n");
        let checks = Checks { article: Vec::new(), corpus: vec![Arc::new(check)] };
        let selection = RuleSelection::new(&relecture_engine::rules(&checks), config, None, &[]).unwrap();
        let files =
            vec![SourceFile { path: "a.md".into(), blob: None, content: FileContent::Bytes(body.into_bytes()) }];
        run(files, config, &checks, &selection)
            .findings
            .iter()
            .map(|f| format!("{} {} {}", f.range.start.line, f.severity, f.message))
            .collect()
    }

    fn online_config(cache: &std::path::Path, allow_private: bool) -> Config {
        let mut config = Config::default();
        config.update_section(|links: &mut LinksConfig| {
            links.online = true;
            links.allow_private = allow_private;
            links.timeout_s = 1;
            links.cache = cache.join("links-cache.json").display().to_string();
        });
        config
    }

    #[test]
    fn statuses_redirects_retries_and_the_cache() {
        let clock = manual_clock();
        let server = Server::start("127.0.0.1", None, &clock);
        let dir = tempfile::tempdir().unwrap();
        let config = online_config(dir.path(), true);
        let paths = ["/ok", "/moved", "/moved-to-missing", "/missing", "/gone", "/busy", "/slow", "/no-head", "/flaky"];
        let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
        let started = std::time::Instant::now();
        let first = lint(&urls, &config, checker(&clock));
        // Retry-After (twice 1 s), the backoff after a 500 (250 ms) and the slow answer (4 s)
        // passed on the clock, not in the test's time.
        assert!(clock.elapsed() >= Duration::from_millis(6250), "{:?}", clock.elapsed());
        assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
        let address = server.address;
        insta::assert_snapshot!(first.join("\n").replace(&address.to_string(), "[server]"), @r"
        5 error `http://[server]/moved-to-missing` is dead: 404 Not Found
        7 error `http://[server]/missing` is dead: 404 Not Found
        9 error `http://[server]/gone` is dead: 410 Gone
        11 warning `http://[server]/busy` could not be verified: 429 Too Many Requests
        13 warning `http://[server]/slow` could not be verified: timed out
        ");
        // 429 was retried, honouring Retry-After; 500 was retried into a 200; HEAD was refused, then GET.
        assert!(server.hits("/busy") > RETRIES, "429 was retried {} times", server.hits("/busy"));
        assert_eq!(server.hits("/flaky"), 2);
        assert_eq!(server.hits("/no-head"), 2);
        // Successes are cached and not fetched again; failures are fetched again.
        let before_ok = server.hits("/ok");
        let before_missing = server.hits("/missing");
        let second = lint(&urls, &config, checker(&clock));
        assert_eq!(second, first);
        assert_eq!(server.hits("/ok"), before_ok);
        assert_eq!(server.hits("/no-head"), 2);
        // Fetched again directly and through the redirect of /moved-to-missing.
        assert_eq!(server.hits("/missing"), before_missing + 2);
        let cache = std::fs::read_to_string(dir.path().join("links-cache.json")).unwrap();
        assert!(cache.contains("/ok") && cache.contains("/flaky") && !cache.contains("/missing"));
    }

    #[test]
    fn the_guard_refuses_internal_addresses_without_connecting() {
        let clock = manual_clock();
        let internal = Server::start("127.0.0.1", None, &clock);
        let public = Server::start("127.0.0.2", Some(internal.url("/ok")), &clock);
        let dir = tempfile::tempdir().unwrap();
        let config = online_config(dir.path(), false);
        let check = ExternalLinks {
            resolver: Arc::new(TestResolver { internal: internal.address }),
            internal: internal_but_127_0_0_2,
            clock: clock.clone(),
        };
        let urls = [
            internal.url("/ok"),
            format!("http://localhost:{}/ok", internal.address.port()),
            format!("http://evil.test:{}/ok", internal.address.port()),
            format!("http://public.test:{}/elsewhere", public.address.port()),
            format!("http://public.test:{}/ok", public.address.port()),
            "http://does-not-exist.test/".to_string(),
        ];
        let found = lint(&urls, &config, check);
        let refused = found.iter().filter(|f| f.contains("internal address")).count();
        assert_eq!(refused, 4, "{found:#?}");
        assert!(found.iter().any(|f| f.starts_with("11 error") && f.contains("the host does not exist")), "{found:#?}");
        // The public host was reached, and redirected; nothing ever reached the internal server.
        assert_eq!(public.hits("/elsewhere"), 1);
        assert_eq!(public.hits("/ok"), 1);
        assert_eq!(internal.hits("/ok"), 0);
    }

    #[test]
    fn accepted_statuses_count_as_working() {
        let clock = manual_clock();
        let server = Server::start("127.0.0.1", None, &clock);
        let dir = tempfile::tempdir().unwrap();
        let mut config = online_config(dir.path(), true);
        assert_eq!(lint(&[server.url("/gone")], &config, checker(&clock)).len(), 1);
        config.update_section(|links: &mut LinksConfig| links.accept = vec![410]);
        assert!(lint(&[server.url("/gone")], &config, checker(&clock)).is_empty());
    }

    #[test]
    fn offline_runs_make_no_request() {
        let clock = manual_clock();
        let server = Server::start("127.0.0.1", None, &clock);
        let dir = tempfile::tempdir().unwrap();
        let mut config = online_config(dir.path(), true);
        config.update_section(|links: &mut LinksConfig| links.online = false);
        assert!(lint(&[server.url("/missing")], &config, checker(&clock)).is_empty());
        assert_eq!(server.hits("/missing"), 0);
    }

    #[test]
    fn redirect_locations_are_joined() {
        let joined = |base: &str, location: &str| join(base, location).unwrap_or_default();
        assert_eq!(joined("https://a.org/x/y?q", "/z"), "https://a.org/z");
        assert_eq!(joined("https://a.org/x/y", "z"), "https://a.org/x/z");
        assert_eq!(joined("http://a.org/x", "https://b.org/"), "https://b.org/");
        assert_eq!(joined("https://a.org/x", "//c.org/p"), "https://c.org/p");
        assert_eq!(joined("https://a.org/docs/guide/page", "../api/"), "https://a.org/docs/api/");
        assert_eq!(joined("https://a.org/x/y?old", "?page=2"), "https://a.org/x/y?page=2");
        assert_eq!(joined("https://a.org/x", "./a%20b"), "https://a.org/a%20b");
        assert_eq!(join("https://a.org/x", "http://[::1"), None);
        assert_eq!(host_of("https://Example.org:8080/a?b"), "example.org:8080");
    }

    /// A CONNECT proxy on 127.0.0.1 that records each `CONNECT` line and tunnels to its target.
    struct FakeProxy {
        address: SocketAddr,
        connects: Arc<Mutex<Vec<String>>>,
    }

    impl FakeProxy {
        fn start() -> Self {
            let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
            let address = listener.local_addr().unwrap();
            let connects: Arc<Mutex<Vec<String>>> = Arc::default();
            let record = connects.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let record = record.clone();
                    std::thread::spawn(move || {
                        let mut reader = BufReader::new(stream.try_clone().unwrap());
                        let mut line = String::new();
                        let _ = reader.read_line(&mut line);
                        loop {
                            let mut header = String::new();
                            if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                                break;
                            }
                        }
                        record.lock().unwrap().push(line.trim().to_string());
                        let target = line.split_whitespace().nth(1).unwrap_or("").to_string();
                        let mut client = stream;
                        let Ok(upstream) = std::net::TcpStream::connect(&target) else {
                            let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
                            return;
                        };
                        let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                        let (mut client_in, mut upstream_out) =
                            (client.try_clone().unwrap(), upstream.try_clone().unwrap());
                        std::thread::spawn(move || std::io::copy(&mut client_in, &mut upstream_out));
                        let mut upstream_in = upstream;
                        let _ = std::io::copy(&mut upstream_in, &mut client);
                        let _ = client.shutdown(std::net::Shutdown::Both);
                    });
                }
            });
            Self { address, connects }
        }

        fn connects(&self) -> Vec<String> {
            self.connects.lock().unwrap().clone()
        }
    }

    #[test]
    fn through_a_named_proxy_the_guard_still_vets_every_target() {
        let clock = manual_clock();
        let internal = Server::start("127.0.0.1", None, &clock);
        let public = Server::start("127.0.0.2", Some(internal.url("/ok")), &clock);
        let proxy = FakeProxy::start();
        let dir = tempfile::tempdir().unwrap();
        let mut config = online_config(dir.path(), false);
        config.update_section(|links: &mut LinksConfig| links.proxy = Some(format!("http://{}", proxy.address)));
        let check = ExternalLinks {
            resolver: Arc::new(TestResolver { internal: internal.address }),
            internal: internal_but_127_0_0_2,
            clock: clock.clone(),
        };
        let port = public.address.port();
        let urls = [
            internal.url("/ok"),
            format!("http://evil.test:{}/ok", internal.address.port()),
            "http://169.254.169.254/latest/meta-data/".to_string(),
            "http://[::1]/".to_string(),
            format!("http://public.test:{port}/elsewhere"),
            format!("http://public.test:{port}/missing"),
            format!("http://public.test:{port}/ok"),
        ];
        let found = lint(&urls, &config, check);
        // The public host was reached through the proxy, at the address relecture vetted; its
        // redirect to the internal server was refused like the internal links.
        let expected = format!("CONNECT 127.0.0.2:{port} HTTP/1.1");
        assert_eq!(proxy.connects(), [expected.as_str(), expected.as_str(), expected.as_str()]);
        assert_eq!(public.hits("/elsewhere") + public.hits("/missing") + public.hits("/ok"), 3);
        assert_eq!(internal.hits("/ok"), 0);
        assert_eq!(found.iter().filter(|f| f.contains("internal address")).count(), 5, "{found:#?}");
        assert!(found.iter().any(|f| f.contains("/missing` is dead: 404")), "{found:#?}");
    }

    #[test]
    fn the_deadline_stops_the_check_and_reports_what_is_left_unverified() {
        let clock = manual_clock();
        let server = Server::start("127.0.0.1", None, &clock);
        let dir = tempfile::tempdir().unwrap();
        let mut config = online_config(dir.path(), true);
        config.update_section(|links: &mut LinksConfig| links.deadline = crate::links::Seconds(2));
        let urls: Vec<String> = (0..30).map(|i| server.url(&format!("/hang-{i}"))).collect();
        let started = std::time::Instant::now();
        let found = lint(&urls, &config, checker(&clock));
        let elapsed = started.elapsed();
        assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
        assert_eq!(found.len(), 30, "{found:#?}");
        assert!(found.iter().all(|f| f.contains(" warning ") && f.contains("could not be verified")), "{found:#?}");
        let deadline = found.iter().filter(|f| f.contains("reached its deadline (2 s")).count();
        assert!(deadline >= 28, "{found:#?}");
    }

    #[test]
    fn a_long_retry_after_is_not_waited_for() {
        let clock = manual_clock();
        let server = Server::start("127.0.0.1", None, &clock);
        let dir = tempfile::tempdir().unwrap();
        let mut config = online_config(dir.path(), true);
        let urls = [server.url("/busy-long"), server.url("/busy-long?again")];
        let started = std::time::Instant::now();
        let found = lint(&urls, &config, checker(&clock));
        assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|f| f.contains("warning") && f.contains("429")), "{found:#?}");
        // A Retry-After within the cap is not waited for past the deadline either.
        config.update_section(|links: &mut LinksConfig| links.deadline = crate::links::Seconds(1));
        let started = std::time::Instant::now();
        let found = lint(&[server.url("/busy-short")], &config, checker(&clock));
        assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
        assert!(found[0].contains("429"), "{found:#?}");
    }

    #[test]
    fn any_timeout_and_deadline_is_clamped_without_panicking() {
        let clock = manual_clock();
        let server = Server::start("127.0.0.1", None, &clock);
        let dir = tempfile::tempdir().unwrap();
        let mut config = online_config(dir.path(), true);
        config.update_section(|links: &mut LinksConfig| links.cache.clear());
        for (timeout_s, deadline) in [(u64::MAX, u64::MAX), (i64::MAX.unsigned_abs(), 60), (0, 60)] {
            config.update_section(|links: &mut LinksConfig| links.timeout_s = timeout_s);
            config.update_section(|links: &mut LinksConfig| links.deadline = crate::links::Seconds(deadline));
            let found = lint(&[server.url("/ok"), server.url("/missing")], &config, checker(&clock));
            assert_eq!(found.len(), 1, "{timeout_s}: {found:#?}");
            assert!(found[0].contains("/missing` is dead: 404"), "{found:#?}");
        }
    }
}
