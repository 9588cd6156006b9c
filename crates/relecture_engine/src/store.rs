//! relecture's own cache folder: the kept results of runs, authenticated under a secret only this
//! folder holds, and pruning of nothing but the files relecture wrote there.
//!
//! The folder is the user's only (0700) and its files too (0600): states quote article text.
//! Every file is read and written through [`Folder`]: never through a symbolic link, a FIFO or
//! another non-regular file is refused without blocking, and writes go through exclusive
//! temporaries renamed over the file. The folder may be one the user also keeps other files in
//! (`RELECTURE_CACHE_DIR`): pruning removes only
//! - states (`<16 hex digits>-worktree.state`, `…-objects.state`) whose first line names a state
//!   layout, not written for [`STATE_MAX_AGE`];
//! - temporaries relecture writes (`.<one of those names>.<pid>.<n>.relecture.tmp`, and
//!   `….<pid>.<n>.tmp` of older versions) that begin as the file they stand for does, once the
//!   process named in them is gone or they have not been written for [`TEMPORARY_MAX_AGE`]: a
//!   run killed while writing leaves one behind, whatever its size.

use std::io::{self, Read};
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::stored::{STATE_HEADER, Secret, State};
use crate::{Error, NotUsed};
use relecture_core::confined::{Folder, Found, TEMPORARY_SUFFIX};

/// States of repositories not linted for this long are removed.
pub const STATE_MAX_AGE: Duration = Duration::from_secs(30 * 24 * 3600);

/// A temporary file not written for this long is left over, even when a process with its pid
/// runs (pids are reused).
pub const TEMPORARY_MAX_AGE: Duration = Duration::from_secs(3600);

/// The file holding the secret states are authenticated with.
pub const SECRET_FILE: &str = "state-secret.key";

/// The first line of the secret file.
const SECRET_HEADER: &[u8] = b"relecture-secret-1\n";

/// The file the results of `--online` are kept in, when no other is configured.
pub const LINKS_CACHE_FILE: &str = "links-cache.json";

/// What the links cache file starts with (see the `dead-link` check): a file relecture wrote.
pub const LINKS_CACHE_HEADER: &[u8] = b"{\n  \"format\": \"relecture-links-cache";

/// The largest state read back; a larger file is not used.
const STATE_MAX_SIZE: u64 = 1 << 32;

/// relecture's private cache folder, with the secret of its states.
#[derive(Debug)]
pub struct Store {
    folder: Folder,
    secret: Secret,
}

impl Store {
    /// Opens relecture's cache folder at `dir`, creating it 0700 (or making it so), and the
    /// secret in it (created at first use).
    ///
    /// # Errors
    /// When the folder cannot be made or belongs to another user, or when [`SECRET_FILE`] in it
    /// is not a secret relecture wrote (a link, a FIFO, a user's own file): it is never replaced.
    pub fn open(dir: &Path) -> Result<Self, Error> {
        Self::open_folder(dir).map_err(|source| Error::Cache { path: dir.to_path_buf(), source })
    }

    fn open_folder(dir: &Path) -> io::Result<Self> {
        let folder = Folder::private(dir)?;
        let secret = if let Some(secret) = read_secret(&folder)? {
            secret
        } else {
            let secret = Secret::random()?;
            folder.write_private(SECRET_FILE, |w| {
                io::Write::write_all(w, SECRET_HEADER)?;
                io::Write::write_all(w, secret.as_bytes())
            })?;
            // Two first runs at once: the secret on disk is the one that counts.
            read_secret(&folder)?.ok_or_else(|| not_ours(&folder))?
        };
        Ok(Self { folder, secret })
    }

    /// The folder.
    pub fn folder(&self) -> &Folder {
        &self.folder
    }

    /// The name of the state of the repository at `root` for `kind` of source (`worktree`, or
    /// `objects` for the index and revisions).
    pub fn state_name(root: &str, kind: &str) -> String {
        format!("{:016x}-{kind}.state", xxhash_rust::xxh3::xxh3_64(root.as_bytes()))
    }

    /// The state `name` when there is one, made by this user's runs, for `key`.
    pub fn read(&self, name: &str, key: &str) -> Option<State> {
        self.load(name, key).ok().flatten()
    }

    /// [`Store::read`], telling why a state that is there cannot be used: `Ok(None)` when there is
    /// none for this run (no file, another layout or key, a link or another non-regular file,
    /// which is never read).
    ///
    /// # Errors
    /// [`NotUsed::Damaged`] when the file is too large or is not a state this user's runs wrote.
    pub fn load(&self, name: &str, key: &str) -> Result<Option<State>, NotUsed> {
        match self.folder.read(name, STATE_MAX_SIZE) {
            Ok(Found::Opened(Ok(bytes))) => State::read(&bytes, key, &self.secret),
            Ok(Found::Opened(Err(_))) => Err(NotUsed::Damaged),
            _ => Ok(None),
        }
    }

    /// Writes `state` as `name`, 0600, through an exclusive temporary file; a link, a FIFO or
    /// another non-regular file at `name` is left as it is and the state not written.
    ///
    /// # Errors
    /// When the file cannot be written, or `name` is not a regular file.
    pub fn write(&self, name: &str, state: &State) -> Result<(), Error> {
        let failed = |source| Error::Cache { path: self.folder.path().join(name), source };
        match self.folder.write_private(name, |writer| state.write_to(writer, &self.secret)).map_err(failed)? {
            Found::Opened(()) => Ok(()),
            other => Err(failed(io::Error::new(io::ErrorKind::AlreadyExists, other.refusal().unwrap_or("refused")))),
        }
    }

    /// Removes the states not written for `max_age` and the temporaries left over (see the
    /// module's documentation); nothing else.
    pub fn prune(&self, max_age: Duration) {
        let Ok(entries) = self.folder.entries() else { return };
        let now = SystemTime::now();
        for (name, modified) in entries {
            let age = now.duration_since(modified).unwrap_or_default();
            let remove = if is_state_name(&name) {
                age > max_age && self.starts_with(&name, STATE_HEADER)
            } else if let Some((target, pid)) = temporary_of(&name) {
                let header = if is_state_name(target) {
                    STATE_HEADER
                } else if target == LINKS_CACHE_FILE {
                    LINKS_CACHE_HEADER
                } else if target == SECRET_FILE {
                    SECRET_HEADER
                } else {
                    continue;
                };
                (age > TEMPORARY_MAX_AGE || !process_runs(pid)) && self.starts_with(&name, header)
            } else {
                false
            };
            if remove {
                let _ = self.folder.remove(&name);
            }
        }
    }

    /// Whether the regular file `name` begins with `header`.
    fn starts_with(&self, name: &str, header: &[u8]) -> bool {
        starts_with(&self.folder, name, header)
    }
}

fn not_ours(folder: &Folder) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{} is not a secret relecture wrote", folder.path().join(SECRET_FILE).display()),
    )
}

/// The secret of `folder`; `None` when there is none yet, or a damaged one relecture wrote (its
/// header, not its length) that a new one may replace.
fn read_secret(folder: &Folder) -> io::Result<Option<Secret>> {
    let max = (SECRET_HEADER.len() + Secret::LEN) as u64;
    match folder.read(SECRET_FILE, max)? {
        Found::Missing => Ok(None),
        Found::Opened(Ok(bytes)) => match bytes.strip_prefix(SECRET_HEADER) {
            Some(key) => Ok(Secret::from_bytes(key)),
            None => Err(not_ours(folder)),
        },
        Found::Opened(Err(_)) if starts_with(folder, SECRET_FILE, SECRET_HEADER) => Ok(None),
        _ => Err(not_ours(folder)),
    }
}

/// Whether the regular file `name` of `folder` begins with `header`.
fn starts_with(folder: &Folder, name: &str, header: &[u8]) -> bool {
    let Ok(Found::Opened(file)) = folder.open_file(name) else { return false };
    let mut start = Vec::with_capacity(header.len());
    file.take(header.len() as u64).read_to_end(&mut start).is_ok() && start == header
}

/// Whether `name` is the name of a state: 16 hexadecimal digits, `-worktree.state` or
/// `-objects.state`.
fn is_state_name(name: &str) -> bool {
    let Some((hash, kind)) = name.split_once('-') else { return false };
    hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && (kind == "worktree.state" || kind == "objects.state")
}

/// The file a temporary named `name` stands for and the pid of the process that writes it:
/// `.<target>.<pid>.<n>.relecture.tmp`, or `.<target>.<pid>.<n>.tmp` (older versions).
fn temporary_of(name: &str) -> Option<(&str, u32)> {
    let rest = name.strip_prefix('.')?;
    let rest = rest.strip_suffix(TEMPORARY_SUFFIX).or_else(|| rest.strip_suffix(".tmp"))?;
    let (rest, call) = rest.rsplit_once('.')?;
    let (target, pid) = rest.rsplit_once('.')?;
    call.parse::<u64>().ok()?;
    Some((target, pid.parse().ok()?))
}

/// Whether a process with `pid` runs on this machine (another user's counts).
fn process_runs(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else { return false };
        !matches!(rustix::process::test_kill_process(pid), Err(rustix::io::Errno::SRCH))
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::{PermissionsExt, symlink};

    use super::*;

    fn age(path: &Path, by: Duration) {
        std::fs::File::options().write(true).open(path).unwrap().set_modified(SystemTime::now() - by).unwrap();
    }

    /// The state of a run on nothing.
    fn empty_state() -> State {
        let config = relecture_core::Config::default();
        let selection = relecture_core::RuleSelection::new(&[], &config, None, &[]).unwrap();
        let checks = relecture_core::Checks::default();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let settings = crate::stored::Settings {
            config: &config,
            checks: &checks,
            selection: &selection,
            pool: &pool,
            sources: false,
        };
        crate::stored::run_storing(Vec::new(), &[], Vec::new(), "key", &settings).1.unwrap()
    }

    /// The pid of a process that ran and is gone.
    fn gone_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn the_folder_and_its_files_are_the_users_only() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("relecture");
        let store = Store::open(&dir).unwrap();
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        let secret = dir.join(SECRET_FILE);
        assert_eq!(std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777, 0o600);
        let key = std::fs::read(&secret).unwrap();
        // A looser state left by an older version is made 0600 when written again.
        std::fs::write(dir.join("0123456789abcdef-worktree.state"), b"x").unwrap();
        std::fs::set_permissions(dir.join("0123456789abcdef-worktree.state"), PermissionsExt::from_mode(0o644))
            .unwrap();
        let state = empty_state();
        store.write("0123456789abcdef-worktree.state", &state).unwrap();
        let mode = std::fs::metadata(dir.join("0123456789abcdef-worktree.state")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(store.read("0123456789abcdef-worktree.state", "key").is_some());
        // The secret stays from run to run.
        drop(store);
        let again = Store::open(&dir).unwrap();
        assert_eq!(std::fs::read(&secret).unwrap(), key);
        assert!(again.read("0123456789abcdef-worktree.state", "key").is_some());
    }

    #[test]
    fn a_secret_file_relecture_did_not_write_is_never_replaced() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join(SECRET_FILE), b"my own notes").unwrap();
        assert!(Store::open(home.path()).is_err());
        assert_eq!(std::fs::read(home.path().join(SECRET_FILE)).unwrap(), b"my own notes");
        // A damaged secret of relecture's is replaced (the states made with it are lost).
        let damaged = tempfile::tempdir().unwrap();
        for bytes in [&b"relecture-secret-1\nshort"[..], &[SECRET_HEADER, &[7; 40]].concat()] {
            std::fs::write(damaged.path().join(SECRET_FILE), bytes).unwrap();
            Store::open(damaged.path()).unwrap();
            let now = std::fs::read(damaged.path().join(SECRET_FILE)).unwrap();
            assert_eq!(now.len(), SECRET_HEADER.len() + Secret::LEN);
        }
        let linked = tempfile::tempdir().unwrap();
        let outside = home.path().join("outside");
        std::fs::write(&outside, b"outside").unwrap();
        symlink(&outside, linked.path().join(SECRET_FILE)).unwrap();
        assert!(Store::open(linked.path()).is_err());
        assert_eq!(std::fs::read(&outside).unwrap(), b"outside");
    }

    #[test]
    fn a_fifo_at_a_state_is_neither_read_nor_written() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::open(home.path()).unwrap();
        let fifo = home.path().join("0123456789abcdef-objects.state");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert!(store.read("0123456789abcdef-objects.state", "key").is_none());
        assert!(store.write("0123456789abcdef-objects.state", &empty_state()).is_err());
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind));
    }

    #[test]
    fn a_state_is_written_whole_by_runs_at_once() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::open(home.path()).unwrap();
        let state = empty_state();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..20 {
                        store.write("0123456789abcdef-objects.state", &state).unwrap();
                    }
                });
            }
        });
        assert!(store.read("0123456789abcdef-objects.state", "key").is_some());
        let names: Vec<String> = store.folder().entries().unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["0123456789abcdef-objects.state", SECRET_FILE], "no temporary file left");
    }

    #[test]
    fn pruning_removes_only_what_relecture_wrote() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::open(home.path()).unwrap();
        let month = Duration::from_secs(31 * 24 * 3600);
        let gone = gone_pid();
        let me = std::process::id();
        let files: &[(&str, &[u8], Duration)] = &[
            // Removed: old states, temporaries of gone processes or long unwritten.
            ("0123456789abcdef-worktree.state", b"relecture-state-3\nold", month),
            (
                &format!(".0123456789abcdef-objects.state.{gone}.0.relecture.tmp"),
                b"relecture-state-4\nhalf",
                Duration::ZERO,
            ),
            (
                &format!(".0123456789abcdef-objects.state.{me}.1.relecture.tmp"),
                b"relecture-state-4\nhalf",
                Duration::from_secs(7200),
            ),
            (
                &format!(".{LINKS_CACHE_FILE}.{gone}.0.relecture.tmp"),
                b"{\n  \"format\": \"relecture-links-cache-2\"",
                Duration::ZERO,
            ),
            (".0123456789abcdef-worktree.state.12.0.tmp", b"relecture-state-3\nhalf", month),
            // Kept: recent states, temporaries being written, and every file of the user.
            ("fedcba9876543210-worktree.state", b"relecture-state-4\nnew", Duration::ZERO),
            (
                &format!(".0123456789abcdef-objects.state.{me}.2.relecture.tmp"),
                b"relecture-state-4\nhalf",
                Duration::ZERO,
            ),
            ("notes.state", b"relecture-state-4\nmine", month),
            ("0123456789abcdef-objects.state", b"my own file", month),
            ("draft.tmp", b"mine", month),
            (&format!(".draft.md.{gone}.0.tmp"), b"relecture-state-4\n", month),
            (&format!(".0123456789abcdef-objects.state.{gone}.3.relecture.tmp"), b"not a state", month),
        ];
        for (name, bytes, old) in files {
            std::fs::write(home.path().join(name), bytes).unwrap();
            age(&home.path().join(name), *old);
        }
        store.prune(STATE_MAX_AGE);
        let left: Vec<String> = store.folder().entries().unwrap().into_iter().map(|(n, _)| n).collect();
        let mut expected: Vec<String> = files[5..].iter().map(|(n, _, _)| (*n).to_string()).collect();
        expected.push(SECRET_FILE.to_string());
        expected.sort();
        assert_eq!(left, expected);
    }

    #[test]
    fn temporary_names_tell_their_file_and_process() {
        assert_eq!(temporary_of(".a-worktree.state.12.3.relecture.tmp"), Some(("a-worktree.state", 12)));
        assert_eq!(temporary_of(".a.state.12.0.tmp"), Some(("a.state", 12)));
        assert_eq!(temporary_of("a.state.12.0.tmp"), None);
        assert_eq!(temporary_of(".a.state.x.0.tmp"), None);
        assert!(is_state_name("0123456789abcdef-objects.state"));
        assert!(!is_state_name("0123456789abcdeg-objects.state"));
        assert!(!is_state_name("notes.state"));
    }
}
