//! Helpers for end-to-end tests: temporary git repositories and running the binary.

pub mod contract;
pub mod http;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The name of a test repository's folder in its temporary folder.
const WORK: &str = "work";
/// The name of a test repository's cache folder (`RELECTURE_CACHE_DIR`), beside it.
const CACHE: &str = "relecture-cache";

/// A temporary git repository driven with the git command line, with its own cache folder for
/// the runs in it: a test's kept results are never another test's, nor those of an earlier
/// `cargo test`.
pub struct Repo {
    /// Holds the repository (`work`) and its cache folder.
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl Repo {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join(WORK);
        std::fs::create_dir(&path).expect("the repository folder");
        std::fs::create_dir(dir.path().join(CACHE)).expect("the cache folder");
        let repo = Self { dir, path };
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The cache folder of the runs in this repository.
    pub fn cache(&self) -> PathBuf {
        self.dir.path().join(CACHE)
    }

    pub fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.path().join(path)).unwrap()
    }

    pub fn commit(&self, message: &str) {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "-m", message]);
    }

    /// Runs git in the repository and returns its standard output; panics when git fails.
    pub fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.path())
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_relecture"))
}

/// Where the binary keeps its results between runs in a folder during the tests, never the
/// user's cache.
pub enum CacheDir {
    /// The cache folder of the test repository the folder is in.
    Repo(PathBuf),
    /// A folder of its own, removed when dropped: a run outside a test repository keeps nothing
    /// for another.
    Own(tempfile::TempDir),
}

impl CacheDir {
    pub fn path(&self) -> &Path {
        match self {
            Self::Repo(path) => path,
            Self::Own(dir) => dir.path(),
        }
    }
}

/// The cache folder of runs in `dir`: that of the [`Repo`] it is in, else a new empty one.
pub fn cache_dir_for(dir: &Path) -> CacheDir {
    for folder in dir.ancestors() {
        if folder.file_name().is_some_and(|name| name == WORK)
            && let Some(cache) = folder.parent().map(|parent| parent.join(CACHE)).filter(|c| c.is_dir())
        {
            return CacheDir::Repo(cache);
        }
    }
    CacheDir::Own(tempfile::tempdir().expect("a temporary directory"))
}

/// Runs `relecture ARGS` in `dir`.
pub fn run_relecture(dir: &Path, args: &[&str]) -> Output {
    run_relecture_timeout(dir, args, Duration::from_secs(120))
}

/// Runs `relecture ARGS` in `dir`, killing it and failing the test if it runs longer than `limit`.
pub fn run_relecture_timeout(dir: &Path, args: &[&str], limit: Duration) -> Output {
    run_relecture_limited(dir, args, limit, None)
}

/// Runs the binary with a time limit and, when `memory_mib` is given, a limit on its address
/// space (`ulimit -v`): going over it makes allocation fail, which aborts the run.
pub fn run_relecture_limited(dir: &Path, args: &[&str], limit: Duration, memory_mib: Option<u64>) -> Output {
    run_relecture_with(dir, args, &[], limit, memory_mib)
}

/// The user's own configuration folder during the tests (`XDG_CONFIG_HOME`): empty unless a test
/// names another, so that the configuration of whoever runs the tests never changes them.
pub fn config_home() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("relecture-config-home")
}

/// Runs the binary with extra environment variables (`env`), a time limit and, when
/// `memory_mib` is given, a limit on its address space. Proxy variables of the caller's
/// environment are removed: a test sets them itself when it needs them.
pub fn run_relecture_with(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    limit: Duration,
    memory_mib: Option<u64>,
) -> Output {
    let mut command = match memory_mib {
        Some(mib) => {
            let mut command = Command::new("sh");
            command.arg("-c").arg(format!("ulimit -v {}; exec \"$0\" \"$@\"", mib * 1024)).arg(binary());
            command
        }
        None => Command::new(binary()),
    };
    let cache = cache_dir_for(dir);
    let mut child = command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("RELECTURE_CACHE_DIR", cache.path())
        .env("XDG_CONFIG_HOME", config_home())
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).unwrap();
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).unwrap();
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("relecture {args:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stdout = out_reader.join().unwrap();
    let stderr = err_reader.join().unwrap();
    assert_ne!(status.code(), Some(101), "relecture panicked: {stderr}");
    Output { code: status.code().unwrap_or(-1), stdout, stderr }
}

/// `path:line rule` of every finding of the JSON report a run printed.
pub fn finding_lines(out: &Output) -> Vec<String> {
    let report: contract::Report =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", out.stderr, out.stdout));
    report.findings.iter().map(|f| format!("{}:{} {}", f.path, f.range.start.line, f.rule)).collect()
}

/// A small rule pack that reports « cliquez ici » in link text.
pub const HOUSE_PACK: &str = r#"[pack]
name = "house"
description = "House style"

[[rule]]
name = "cliquez-ici"
kind = "existence"
message = "« {match} » ne dit pas où mène le lien"
scope = ["link-text"]
tokens = ["cliquez ici"]
examples.fail = ["[Cliquez ici](a.md)."]
examples.pass = ["[Le rapport](a.md)."]
"#;
