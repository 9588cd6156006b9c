//! Untrusted repositories, relecture's own cache folder: kept results and the links cache: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use support::http::Server;
use support::{Output, Repo, run_relecture_with};

const SECRET_HEADER: &[u8] = b"relecture-secret-1\n";
const MONTH: Duration = Duration::from_secs(31 * 24 * 3600);

/// Runs `relecture ARGS` in `repo` with its cache folder at `cache`.
fn run(repo: &Repo, cache: &Path, args: &[&str]) -> Output {
    let cache = cache.display().to_string();
    run_relecture_with(repo.path(), args, &[("RELECTURE_CACHE_DIR", &cache)], Duration::from_secs(60), None)
}

/// The names of the states in `cache`.
fn states(cache: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == "state"))
        .collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

fn age(path: &Path, by: Duration) {
    std::fs::File::options().write(true).open(path).unwrap().set_modified(SystemTime::now() - by).unwrap();
}

/// An article with a finding that has a safe fix (a bare address, wrapped as a link, on a site
/// whose renderer leaves bare addresses as text).
fn repo_with_a_fixable_finding() -> Repo {
    let repo = Repo::new();
    repo.write("relecture.toml", "[site]\nlinkify = false\n");
    repo.write("a.md", "# Titre\n\nVoir www.exemple.org pour la suite.\n");
    repo.commit("a");
    repo
}

#[test]
fn damaged_kept_results_fall_back_to_a_whole_run_that_says_why() {
    let repo = Repo::new();
    repo.write("a.md", "# Titre\n\nVoir www.exemple.org pour la suite.\n");
    repo.write("b.md", "# Autre\n\nLe le texte.\n");
    repo.commit("a");
    let cache = tempfile::tempdir().unwrap();
    let whole = run(&repo, cache.path(), &["check", "--format", "json"]);
    assert_eq!(whole.code, 1, "{}", whole.stderr);
    // The second run starts from the kept results, which is nothing to say.
    let kept = run(&repo, cache.path(), &["check", "--format", "json"]);
    assert!(!kept.stderr.contains("kept results"), "{}", kept.stderr);
    assert!(!kept.stdout.contains("\"fallback\""), "{}", kept.stdout);
    assert_eq!(support::finding_lines(&kept), support::finding_lines(&whole));

    // One byte of the state changed: every article is checked, and the run says why, once.
    let state = cache.path().join(states(cache.path()).pop().expect("a state was kept"));
    let mut bytes = std::fs::read(&state).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&state, bytes).unwrap();
    let damaged = run(&repo, cache.path(), &["check", "--format", "json"]);
    assert_eq!(damaged.code, 1, "{}", damaged.stderr);
    let reason = "the state file is damaged or was not written by this user's runs";
    let note = format!("relecture: note: kept results not used: {reason}; checked every article");
    assert_eq!(damaged.stderr.lines().filter(|line| line.contains("kept results")).collect::<Vec<_>>(), [note]);
    let report: serde_json::Value = serde_json::from_str(&damaged.stdout).unwrap();
    assert_eq!(report["fallback"]["reason"], reason);
    assert_eq!(support::finding_lines(&damaged), support::finding_lines(&whole));

    // That run kept fresh results: the next one starts from them again, without a word.
    let again = run(&repo, cache.path(), &["check", "--format", "json"]);
    assert!(!again.stderr.contains("kept results"), "{}", again.stderr);
    assert!(!again.stdout.contains("\"fallback\""), "{}", again.stdout);
}

#[test]
fn a_state_written_by_someone_else_is_ignored_and_its_fix_never_applied() {
    let repo = repo_with_a_fixable_finding();
    let theirs = tempfile::tempdir().unwrap();
    let mine = tempfile::tempdir().unwrap();
    let mine = mine.path().join("relecture");
    let first = run(&repo, theirs.path(), &["check", "--format", "json"]);
    assert_eq!(first.code, 1, "{}", first.stderr);
    assert!(first.stdout.contains("bare-url"), "{}", first.stdout);
    assert_eq!(run(&repo, &mine, &["check", "--format", "json"]).code, 1);
    let name = states(theirs.path()).pop().expect("a state was kept");
    assert_eq!(states(&mine), std::slice::from_ref(&name));

    // Their state, its findings and fix edited (same lengths), authenticated again with their own
    // secret: what anyone can do with a state made on their own machine.
    let secret = std::fs::read(theirs.path().join("state-secret.key")).unwrap();
    let key: [u8; 32] = secret.strip_prefix(SECRET_HEADER).unwrap().try_into().unwrap();
    let bytes = std::fs::read(theirs.path().join(&name)).unwrap();
    let mut body = bytes[..bytes.len() - 32].to_vec();
    let (from, to) = (b"www.exemple.org", b"www.attacker.io");
    let mut edits = 0;
    for at in 0..body.len() - from.len() {
        if &body[at..at + from.len()] == from {
            body[at..at + from.len()].copy_from_slice(to);
            edits += 1;
        }
    }
    assert!(edits >= 2, "the message and the fix name the address");
    let mut forged = body.clone();
    forged.extend_from_slice(blake3::keyed_hash(&key, &body).as_bytes());

    // The forgery is a valid state where it was made: the edit shows there.
    std::fs::write(theirs.path().join(&name), &forged).unwrap();
    let fooled = run(&repo, theirs.path(), &["check", "--format", "json"]);
    assert!(fooled.stdout.contains("www.attacker.io"), "the forged state is well made: {}", fooled.stdout);

    // Planted in the user's folder, it is not used: the findings are those of the article.
    std::fs::write(mine.join(&name), &forged).unwrap();
    let checked = run(&repo, &mine, &["check", "--format", "json"]);
    assert!(!checked.stdout.contains("attacker"), "{}", checked.stdout);
    assert_eq!(support::finding_lines(&checked), support::finding_lines(&first));
    assert!(checked.stdout.contains("www.exemple.org"), "{}", checked.stdout);

    // And --fix, even from the folder where the forgery is valid, applies only fixes it computed.
    std::fs::write(theirs.path().join(&name), &forged).unwrap();
    for cache in [&mine, &theirs.path().to_path_buf()] {
        std::fs::write(mine.join(&name), &forged).unwrap();
        repo.write("a.md", "# Titre\n\nVoir www.exemple.org pour la suite.\n");
        let fixed = run(&repo, cache, &["check", "--fix"]);
        assert!(fixed.stderr.contains("applied 1 fix"), "{}", fixed.stderr);
        assert_eq!(repo.read("a.md"), "# Titre\n\nVoir <https://www.exemple.org> pour la suite.\n");
    }
}

/// Runs `relecture check` in `repo` with its cache at `cache`, calling `plant` with the pid of
/// the run before it starts: names that hold the pid (temporaries) can be planted.
fn run_after_planting(repo: &Repo, cache: &Path, plant: impl FnOnce(u32)) -> std::process::Output {
    // The shell's pid becomes relecture's with `exec`, after the planting had time.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("read _ready; exec \"$0\" check")
        .arg(env!("CARGO_BIN_EXE_relecture"))
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .env("RELECTURE_CACHE_DIR", cache)
        .env("XDG_CONFIG_HOME", support::config_home())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    plant(child.id());
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"go\n").unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_link_planted_at_a_state_or_its_temporary_is_not_written_through() {
    let repo = repo_with_a_fixable_finding();
    let cache = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "the victim's bytes").unwrap();
    assert_eq!(run(&repo, cache.path(), &["check"]).code, 1);
    let name = states(cache.path()).pop().unwrap();

    // A link at the state itself.
    std::fs::remove_file(cache.path().join(&name)).unwrap();
    symlink(&victim, cache.path().join(&name)).unwrap();
    let out = run(&repo, cache.path(), &["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "the victim's bytes");
    assert!(std::fs::symlink_metadata(cache.path().join(&name)).unwrap().file_type().is_symlink());

    // Links at every temporary name the run may use, planted before it starts.
    std::fs::remove_file(cache.path().join(&name)).unwrap();
    repo.write("a.md", "# Titre\n\nVoir www.exemple.org pour la suite, encore.\n");
    let out = run_after_planting(&repo, cache.path(), |pid| {
        for call in 0..4 {
            for suffix in ["relecture.tmp", "tmp"] {
                symlink(&victim, cache.path().join(format!(".{name}.{pid}.{call}.{suffix}"))).unwrap();
            }
        }
    });
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "the victim's bytes");
}

#[test]
fn a_fifo_at_the_state_or_the_secret_does_not_stop_the_run() {
    let repo = repo_with_a_fixable_finding();
    let cache = tempfile::tempdir().unwrap();
    assert_eq!(run(&repo, cache.path(), &["check"]).code, 1);
    let name = states(cache.path()).pop().unwrap();
    std::fs::remove_file(cache.path().join(&name)).unwrap();
    assert!(Command::new("mkfifo").arg(cache.path().join(&name)).status().unwrap().success());
    let out = run(&repo, cache.path(), &["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("bare-url"), "{}", out.stdout);

    let other = tempfile::tempdir().unwrap();
    assert!(Command::new("mkfifo").arg(other.path().join("state-secret.key")).status().unwrap().success());
    let out = run(&repo, other.path(), &["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("bare-url"), "{}", out.stdout);
}

#[test]
fn the_cache_folder_and_its_files_are_the_users_only() {
    let repo = repo_with_a_fixable_finding();
    let home = tempfile::tempdir().unwrap();
    let cache = home.path().join("relecture");
    assert_eq!(run(&repo, &cache, &["check"]).code, 1);
    assert_eq!(mode(&cache), 0o700);
    let name = states(&cache).pop().unwrap();
    assert_eq!(mode(&cache.join(&name)), 0o600);
    assert_eq!(mode(&cache.join("state-secret.key")), 0o600);
    // A folder and a state left readable by others (older versions) are made the user's only.
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(cache.join(&name), std::fs::Permissions::from_mode(0o644)).unwrap();
    repo.write("a.md", "# Titre\n\nVoir www.exemple.org pour la suite, encore.\n");
    assert_eq!(run(&repo, &cache, &["check"]).code, 1);
    assert_eq!(mode(&cache), 0o700);
    assert_eq!(mode(&cache.join(&name)), 0o600);
}

#[test]
fn pruning_spares_the_users_files_and_removes_relectures_stale_ones() {
    let repo = repo_with_a_fixable_finding();
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    // The pid of a run that was killed.
    let mut killed = Command::new("sleep").arg("60").spawn().unwrap();
    let pid = killed.id();
    killed.kill().unwrap();
    killed.wait().unwrap();
    let user_files: &[(&str, &[u8])] = &[
        ("notes.state", b"my notes"),
        ("backup.tmp", b"my backup"),
        ("0123456789abcdef-worktree.state", b"my own file with a state's name"),
        (".draft.md.123.0.tmp", b"my editor's file"),
    ];
    for (name, bytes) in user_files {
        std::fs::write(dir.join(name), bytes).unwrap();
        age(&dir.join(name), MONTH);
    }
    // relecture's: a state not written for a month, and the 8 MB temporary of the killed run.
    let old_state = "fedcba9876543210-objects.state";
    std::fs::write(dir.join(old_state), b"relecture-state-4\nold").unwrap();
    age(&dir.join(old_state), MONTH);
    let temporary = format!(".fedcba9876543210-worktree.state.{pid}.0.relecture.tmp");
    let mut big = b"relecture-state-4\n".to_vec();
    big.resize(8 << 20, 0);
    std::fs::write(dir.join(&temporary), &big).unwrap();

    assert_eq!(run(&repo, dir, &["check"]).code, 1);
    for (name, bytes) in user_files {
        assert_eq!(std::fs::read(dir.join(name)).unwrap(), *bytes, "{name} was kept");
    }
    assert!(!dir.join(old_state).exists());
    assert!(!dir.join(&temporary).exists());
    assert_eq!(states(dir).len(), 3, "{:?}", states(dir));
}

/// A configuration file of the user's, outside the repository (trusted): `text`, which lets
/// `--online` reach the test's server on 127.0.0.1.
fn trusted_config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("[links]\nallow_private = true\n{text}")).unwrap();
    path
}

#[test]
fn the_links_cache_is_never_written_into_the_repository_nor_through_a_link() {
    let server = Server::not_found();
    let address = server.address;
    let outside = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "the victim's bytes").unwrap();
    let article =
        format!("Voir [le rapport](http://{address}/$(touch$IFS/tmp/PWNED)) et [ceci](http://{address}/x).\n");

    // The repository names the cache: a git hook, or a file outside it.
    let repo = Repo::new();
    repo.write("a.md", &article);
    for cache_key in [".git/hooks/pre-commit".to_string(), victim.display().to_string()] {
        repo.write("relecture.toml", &format!("[links]\nonline = true\nallow_private = true\ncache = {cache_key:?}\n"));
        let out = run(&repo, cache.path(), &["check", "--online", "--format", "json"]);
        assert_ne!(out.code, 2, "{}", out.stderr);
        assert!(!repo.path().join(".git/hooks/pre-commit").exists());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "the victim's bytes");
    }

    // A committed link at the cache, or at its folder, with the user's own configuration.
    let repo = Repo::new();
    repo.write("a.md", &article);
    std::fs::create_dir(repo.path().join(".relecture")).unwrap();
    symlink(&victim, repo.path().join(".relecture/links-cache.json")).unwrap();
    symlink(outside.path(), repo.path().join("linked")).unwrap();
    repo.commit("links");
    let config_dir = tempfile::tempdir().unwrap();
    // An absolute path inside the checkout is one of the repository's files all the same.
    let absolute = format!("cache = {:?}\n", repo.path().join("linked/links-cache.json").display().to_string());
    for cache_key in
        ["", "cache = \".relecture/links-cache.json\"\n", "cache = \"linked/links-cache.json\"\n", &absolute]
    {
        let config = trusted_config(config_dir.path(), cache_key);
        let config = config.display().to_string();
        let out = run(&repo, cache.path(), &["check", "--online", "--config", &config, "--format", "json"]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stdout.contains("is dead: 404 Not Found"), "{}", out.stdout);
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "the victim's bytes");
        assert!(!outside.path().join("links-cache.json").exists());
    }
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    // By default the cache is in relecture's own folder.
    assert!(cache.path().join("links-cache.json").exists());
    assert_eq!(mode(&cache.path().join("links-cache.json")), 0o600);
}

#[test]
fn a_far_future_links_cache_entry_does_not_hide_a_404() {
    let server = Server::not_found();
    let address = server.address;
    let url = format!("http://{address}/gone");
    let far_future = 99_999_999_999_u64;
    let repo = Repo::new();
    repo.write("a.md", &format!("Voir [le rapport]({url}).\n"));
    // A committed cache, in the layout of older versions, and the same in the user's own folder.
    repo.write(".relecture/links-cache.json", &format!("{{\"alive\": {{\"{url}\": {far_future}}}}}\n"));
    repo.commit("a");
    let cache = tempfile::tempdir().unwrap();
    std::fs::write(
        cache.path().join("links-cache.json"),
        format!("{{\"format\": \"relecture-links-cache-2\", \"alive\": {{\"{url}\": {far_future}}}}}\n"),
    )
    .unwrap();
    let config_dir = tempfile::tempdir().unwrap();
    for cache_key in ["", "cache = \".relecture/links-cache.json\"\n"] {
        let config = trusted_config(config_dir.path(), cache_key);
        let config = config.display().to_string();
        let before = server.requests().len();
        let out = run(&repo, cache.path(), &["check", "--online", "--config", &config, "--format", "json"]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stdout.contains("is dead: 404 Not Found"), "{}", out.stdout);
        assert!(server.requests().len() > before);
    }
}

#[test]
fn a_fifo_at_the_links_cache_does_not_stop_an_online_run() {
    let server = Server::not_found();
    let address = server.address;
    let repo = Repo::new();
    repo.write("a.md", &format!("Voir [le rapport](http://{address}/gone).\n"));
    repo.commit("a");
    let cache = tempfile::tempdir().unwrap();
    std::fs::set_permissions(cache.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    assert!(Command::new("mkfifo").arg(cache.path().join("links-cache.json")).status().unwrap().success());
    std::fs::create_dir(repo.path().join(".relecture")).unwrap();
    assert!(Command::new("mkfifo").arg(repo.path().join(".relecture/links-cache.json")).status().unwrap().success());
    let config_dir = tempfile::tempdir().unwrap();
    for cache_key in ["", "cache = \".relecture/links-cache.json\"\n"] {
        let config = trusted_config(config_dir.path(), cache_key);
        let config = config.display().to_string();
        let out = run(&repo, cache.path(), &["check", "--online", "--config", &config, "--format", "json"]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stdout.contains("is dead: 404 Not Found"), "{}", out.stdout);
    }
}
