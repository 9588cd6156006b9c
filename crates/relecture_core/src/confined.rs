//! Files read and written inside one folder without leaving it: no component of a path may be a
//! symbolic link, `..` or absolute, and this is checked on the opened file descriptors, one
//! component at a time, not on the path string (a link planted between a check and an open is
//! refused too).
//!
//! A repository's files are untrusted: every read of an article, configuration or rule file in
//! a working tree and every write of `--fix` goes through a [`Folder`] opened at the repository
//! root, and relecture's own cache files through a [`Folder::private`] one.

use std::ffi::{OsStr, OsString};
use std::fs::File;
#[cfg(not(unix))]
use std::io::Write;
use std::io::{self, BufWriter, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What opening a path inside a folder found.
#[derive(Debug)]
pub enum Found<T> {
    /// The file or folder, opened.
    Opened(T),
    /// A component does not exist.
    Missing,
    /// A component is a symbolic link: not followed.
    SymbolicLink,
    /// The last component is not a regular file (a FIFO, a device, a socket), or a middle one
    /// is not a folder.
    NotRegular,
}

impl<T> Found<T> {
    /// What was opened, made into something else; a refusal stays the same refusal.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Found<U> {
        match self {
            Self::Opened(value) => Found::Opened(f(value)),
            Self::Missing => Found::Missing,
            Self::SymbolicLink => Found::SymbolicLink,
            Self::NotRegular => Found::NotRegular,
        }
    }

    /// What was opened, given to `f`, which may fail or refuse in turn; a refusal stays the same.
    pub fn try_then<U>(self, f: impl FnOnce(T) -> io::Result<Found<U>>) -> io::Result<Found<U>> {
        match self {
            Self::Opened(value) => f(value),
            Self::Missing => Ok(Found::Missing),
            Self::SymbolicLink => Ok(Found::SymbolicLink),
            Self::NotRegular => Ok(Found::NotRegular),
        }
    }

    /// Why the path was not opened, as a skipped file's reason; `None` when it was.
    pub fn refusal(&self) -> Option<&'static str> {
        match self {
            Self::Opened(_) => None,
            Self::Missing => Some("missing"),
            Self::SymbolicLink => Some("symbolic link (not followed)"),
            Self::NotRegular => Some("not a regular file"),
        }
    }
}

/// The components of a repository-relative path with `/` separators; `None` when it is absolute,
/// empty, or has `.`, `..`, empty or NUL-holding components: such a path never names a file
/// inside the folder.
pub fn components(relative: &str) -> Option<Vec<&str>> {
    if relative.is_empty() || relative.starts_with('/') || relative.contains('\0') || relative.contains('\\') {
        return None;
    }
    let parts: Vec<&str> = relative.split('/').collect();
    parts.iter().all(|p| !p.is_empty() && *p != "." && *p != "..").then_some(parts)
}

/// Whether `name` can be the name of a file or folder inside a folder: not empty, not `.` or
/// `..`, without `/` or NUL (a name git's tree objects may hold, crafted, but no file has).
pub fn is_file_name(name: &[u8]) -> bool {
    !name.is_empty() && name != b"." && name != b".." && !name.contains(&b'/') && !name.contains(&0)
}

/// The components of a `/`-separated path given as bytes, as [`components`] does for text.
fn raw_components(raw: &[u8]) -> Option<Vec<&[u8]>> {
    let parts: Vec<&[u8]> = raw.split(|&b| b == b'/').collect();
    // A backslash is a separator on Windows, an ordinary character elsewhere.
    let separator = |part: &[u8]| cfg!(not(unix)) && part.contains(&b'\\');
    parts.iter().all(|p| is_file_name(p) && !separator(p)).then_some(parts)
}

/// How relecture shows the path `raw` (bytes, `/`-separated): as is when it is UTF-8 without a
/// backslash; else each backslash doubled and each byte that is not UTF-8 written `\xNN`, as
/// git's `core.quotePath` does. Two paths never show the same, and [`raw_path`] gives the bytes
/// back.
pub fn display_path(raw: &[u8]) -> String {
    escape(raw, false)
}

/// How relecture shows the name of one entry of a folder or tree: as [`display_path`], with `/`
/// and NUL written `\x2f` and `\x00` too (names no file has, found in crafted git trees).
pub fn display_name(name: &[u8]) -> String {
    escape(name, true)
}

fn escape(raw: &[u8], separators: bool) -> String {
    let special = |b: u8| b == b'\\' || (separators && (b == b'/' || b == 0));
    if let Ok(text) = std::str::from_utf8(raw)
        && !text.bytes().any(special)
    {
        return text.to_string();
    }
    let mut out = String::with_capacity(raw.len() + 8);
    for chunk in raw.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '/' | '\0' if separators => push_hex(&mut out, c as u8),
                c => out.push(c),
            }
        }
        for byte in chunk.invalid() {
            push_hex(&mut out, *byte);
        }
    }
    out
}

fn push_hex(out: &mut String, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\x");
    out.push(char::from(DIGITS[usize::from(byte >> 4)]));
    out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
}

/// The bytes of the path that [`display_path`] shows as `display`.
pub fn raw_path(display: &str) -> Vec<u8> {
    if !display.contains('\\') {
        return display.as_bytes().to_vec();
    }
    let bytes = display.as_bytes();
    let mut raw = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes.get(i + 1) == Some(&b'\\') {
                raw.push(b'\\');
                i += 2;
                continue;
            }
            if bytes.get(i + 1) == Some(&b'x')
                && let Some(byte) = bytes
                    .get(i + 2..i + 4)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                raw.push(byte);
                i += 4;
                continue;
            }
        }
        raw.push(bytes[i]);
        i += 1;
    }
    raw
}

/// Temporary names unique per process and per write: two runs, or two threads, never share one.
static WRITES: AtomicUsize = AtomicUsize::new(0);

/// The suffix of temporary files written by [`Folder::write_atomically`].
pub const TEMPORARY_SUFFIX: &str = ".relecture.tmp";

fn invalid(relative: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("`{relative}` is not a path inside the folder"))
}

/// The names of the path shown as `relative` ([`display_path`]: escapes decoded).
fn names(relative: &str) -> io::Result<Vec<OsString>> {
    raw_names(&raw_path(relative)).ok_or_else(|| invalid(relative))
}

/// The names of the `/`-separated path `raw`; `None` when it is not a path inside a folder, or
/// (outside Unix) not UTF-8.
fn raw_names(raw: &[u8]) -> Option<Vec<OsString>> {
    raw_components(raw)?
        .into_iter()
        .map(|name| {
            #[cfg(unix)]
            let name = Some(std::os::unix::ffi::OsStrExt::from_bytes(name));
            #[cfg(not(unix))]
            let name = std::str::from_utf8(name).ok().map(OsStr::new);
            name.map(OsStr::to_os_string)
        })
        .collect()
}

/// A folder opened once; paths inside it are opened relative to it. Paths are `/`-separated and
/// written as [`display_path`] shows them: a name that is not UTF-8 or holds a backslash is
/// escaped, so that a path from a report opens the file it names.
#[derive(Debug)]
pub struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
}

#[cfg(unix)]
mod unix {
    use std::ffi::OsStr;
    use std::os::fd::{AsFd, OwnedFd};

    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    use rustix::io::Errno;

    use super::Found;

    /// Opens `name` in `dir` as a folder, without following a symbolic link.
    pub(super) fn open_dir(dir: impl AsFd, name: &OsStr) -> std::io::Result<Found<OwnedFd>> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        match rustix::fs::openat(&dir, name, flags, Mode::empty()) {
            Ok(fd) => Ok(Found::Opened(fd)),
            Err(Errno::NOENT) => Ok(Found::Missing),
            Err(Errno::LOOP | Errno::NOTDIR) => classify(dir, name),
            Err(errno) => Err(errno.into()),
        }
    }

    /// Opens `name` in `dir` as a regular file with `flags`, without following a symbolic link
    /// and without blocking on a FIFO.
    pub(super) fn open_file(dir: impl AsFd, name: &OsStr, flags: OFlags) -> std::io::Result<Found<OwnedFd>> {
        let flags = flags | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK | OFlags::NOCTTY;
        let fd = match rustix::fs::openat(&dir, name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => return Ok(Found::Missing),
            Err(Errno::LOOP | Errno::NOTDIR | Errno::ISDIR | Errno::NXIO | Errno::OPNOTSUPP) => {
                return classify(dir, name);
            }
            Err(errno) => return Err(errno.into()),
        };
        let stat = rustix::fs::fstat(&fd)?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            return Ok(Found::NotRegular);
        }
        // Reads and writes of a regular file block as usual.
        let flags = rustix::fs::fcntl_getfl(&fd)?;
        rustix::fs::fcntl_setfl(&fd, flags - OFlags::NONBLOCK)?;
        Ok(Found::Opened(fd))
    }

    /// Why `name` could not be opened as asked: a link, or something else than expected.
    fn classify<T>(dir: impl AsFd, name: &OsStr) -> std::io::Result<Found<T>> {
        match rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(stat) if FileType::from_raw_mode(stat.st_mode) == FileType::Symlink => Ok(Found::SymbolicLink),
            Ok(_) => Ok(Found::NotRegular),
            Err(Errno::NOENT) => Ok(Found::Missing),
            Err(errno) => Err(errno.into()),
        }
    }
}

impl Folder {
    /// Opens the folder at `path`, a path the user gave (its own components may be links).
    pub fn open(path: &Path) -> io::Result<Self> {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let fd = rustix::fs::open(path, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())?;
            Ok(Self { path: path.to_path_buf(), fd })
        }
        #[cfg(not(unix))]
        {
            if !std::fs::metadata(path)?.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("{} is not a folder", path.display()),
                ));
            }
            Ok(Self { path: path.to_path_buf() })
        }
    }

    /// Opens relecture's own folder at `path`, creating it readable by the user only (0700) when
    /// it does not exist, and making an existing one so. Refused when it belongs to another user.
    pub fn private(path: &Path) -> io::Result<Self> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(path)?;
        let folder = Self::open(path)?;
        #[cfg(unix)]
        {
            let stat = rustix::fs::fstat(&folder.fd)?;
            if stat.st_uid != rustix::process::geteuid().as_raw() {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    format!("{} belongs to another user", path.display()),
                ));
            }
            if stat.st_mode & 0o077 != 0 {
                rustix::fs::fchmod(&folder.fd, rustix::fs::Mode::from_raw_mode(0o700))?;
            }
        }
        Ok(folder)
    }

    /// The folder's path, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the folder `relative` inside this one, refusing links at every component.
    pub fn folder(&self, relative: &str) -> io::Result<Found<Folder>> {
        self.walk(&names(relative)?)
    }

    #[cfg(unix)]
    fn walk<S: AsRef<OsStr>>(&self, parts: &[S]) -> io::Result<Found<Folder>> {
        use std::os::fd::AsFd;
        let mut current: Option<std::os::fd::OwnedFd> = None;
        for part in parts {
            let dir = current.as_ref().map_or(self.fd.as_fd(), AsFd::as_fd);
            match unix::open_dir(dir, part.as_ref())? {
                Found::Opened(fd) => current = Some(fd),
                Found::Missing => return Ok(Found::Missing),
                Found::SymbolicLink => return Ok(Found::SymbolicLink),
                Found::NotRegular => return Ok(Found::NotRegular),
            }
        }
        let fd = match current {
            Some(fd) => fd,
            None => self.fd.try_clone()?,
        };
        Ok(Found::Opened(Folder { path: parts.iter().fold(self.path.clone(), |p, c| p.join(c.as_ref())), fd }))
    }

    #[cfg(not(unix))]
    fn walk<S: AsRef<OsStr>>(&self, parts: &[S]) -> io::Result<Found<Folder>> {
        let mut path = self.path.clone();
        for part in parts {
            path.push(part.as_ref());
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.file_type().is_symlink() => return Ok(Found::SymbolicLink),
                Ok(m) if !m.is_dir() => return Ok(Found::NotRegular),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Missing),
                Err(e) => return Err(e),
            }
        }
        Ok(Found::Opened(Folder { path }))
    }

    /// The folder holding `relative` and the file's name in it.
    fn parent_of(&self, relative: &str) -> io::Result<(Found<Folder>, OsString)> {
        let mut parts = names(relative)?;
        let name = parts.pop().ok_or_else(|| invalid(relative))?;
        Ok((self.walk(&parts)?, name))
    }

    /// Opens the regular file `relative` for reading, refusing links at every component, and
    /// without blocking when it is a FIFO.
    pub fn open_file(&self, relative: &str) -> io::Result<Found<File>> {
        self.open_parts(&names(relative)?)
    }

    /// Opens the regular file at `raw`, a `/`-separated path given as the bytes of its names (a
    /// name that is not UTF-8 on Unix), as [`Folder::open_file`] does. A path that is absolute,
    /// empty, or has `.`, `..`, empty or NUL-holding components is refused.
    pub fn open_raw(&self, raw: &[u8]) -> io::Result<Found<File>> {
        self.open_parts(&raw_names(raw).ok_or_else(|| invalid(&display_path(raw)))?)
    }

    /// Reads the regular file at `raw` (see [`Folder::open_raw`]) as [`Folder::read`] does.
    pub fn read_raw(&self, raw: &[u8], max_size: u64) -> io::Result<Found<Result<Vec<u8>, u64>>> {
        self.open_raw(raw)?.try_then(|file| read_limited(file, max_size).map(Found::Opened))
    }

    fn open_parts<S: AsRef<OsStr>>(&self, parts: &[S]) -> io::Result<Found<File>> {
        let (name, parents) = parts.split_last().ok_or_else(|| invalid(""))?;
        self.walk(parents)?.try_then(|parent| parent.open_name(name.as_ref()))
    }

    #[cfg(unix)]
    fn open_name(&self, name: &OsStr) -> io::Result<Found<File>> {
        Ok(unix::open_file(&self.fd, name, rustix::fs::OFlags::RDONLY)?.map(File::from))
    }

    #[cfg(not(unix))]
    fn open_name(&self, name: &OsStr) -> io::Result<Found<File>> {
        let path = self.path.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => Ok(Found::SymbolicLink),
            Ok(m) if !m.is_file() => Ok(Found::NotRegular),
            Ok(_) => Ok(Found::Opened(File::open(path)?)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Found::Missing),
            Err(e) => Err(e),
        }
    }

    /// Reads the regular file `relative` whole when it is at most `max_size` bytes;
    /// `Err(size)` inside `Opened` when it is larger.
    pub fn read(&self, relative: &str, max_size: u64) -> io::Result<Found<Result<Vec<u8>, u64>>> {
        self.open_file(relative)?.try_then(|file| read_limited(file, max_size).map(Found::Opened))
    }

    /// Writes the file `relative` whole through a temporary file in the same folder, created
    /// exclusively (never through a planted link), renamed over the old file. The old file, when
    /// there is one, must be a regular file (not a link) that the user may write (a read-only
    /// file is refused with [`io::ErrorKind::PermissionDenied`], as a direct write would be): its
    /// permissions are kept; a new file gets `mode`. A reader never sees half a file; a failed
    /// write leaves the old one.
    pub fn write_atomically(
        &self,
        relative: &str,
        mode: u32,
        write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
    ) -> io::Result<Found<()>> {
        let (parent, name) = self.parent_of(relative)?;
        parent.try_then(|parent| parent.replace_name(&name, Some(mode), write))
    }

    /// Writes the file `relative` whole as [`Folder::write_atomically`] does, readable and
    /// writable by the user only (0600) whatever the mode of the file it replaces: for files that
    /// hold what no one else may read (quoted article text, a secret).
    pub fn write_private(
        &self,
        relative: &str,
        write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
    ) -> io::Result<Found<()>> {
        let (parent, name) = self.parent_of(relative)?;
        parent.try_then(|parent| parent.replace_name(&name, None, write))
    }

    #[cfg(unix)]
    /// Replaces `name`; a new file gets `mode`, an existing one keeps its own; `None`: 0600
    /// whatever the existing file's mode.
    fn replace_name(
        &self,
        name: &OsStr,
        mode: Option<u32>,
        write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
    ) -> io::Result<Found<()>> {
        use rustix::fs::{AtFlags, FileType, Mode, OFlags};
        use rustix::io::Errno;
        let existing = match rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(stat) => match FileType::from_raw_mode(stat.st_mode) {
                FileType::RegularFile => {
                    // A file of the user's (not a private file of relecture's) that the user
                    // cannot write (read-only) is not replaced behind their back,
                    // although the folder would allow the rename: opening it for writing (without
                    // truncating it) asks the system as a direct write would.
                    let flags = OFlags::WRONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
                    if mode.is_some() {
                        match rustix::fs::openat(&self.fd, name, flags, Mode::empty()) {
                            Ok(_) | Err(Errno::NOENT) => {}
                            Err(Errno::LOOP) => return Ok(Found::SymbolicLink),
                            Err(Errno::NXIO | Errno::ISDIR) => return Ok(Found::NotRegular),
                            Err(errno) => return Err(errno.into()),
                        }
                    }
                    Some(stat.st_mode & 0o7777)
                }
                FileType::Symlink => return Ok(Found::SymbolicLink),
                _ => return Ok(Found::NotRegular),
            },
            Err(Errno::NOENT) => None,
            Err(errno) => return Err(errno.into()),
        };
        let mode = match mode {
            Some(mode) => existing.unwrap_or(mode),
            None => 0o600,
        };
        let call = WRITES.fetch_add(1, Ordering::Relaxed);
        let temporary = temporary_name(name, call);
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&self.fd, &temporary, flags, Mode::from_raw_mode(0o600))?;
        let file = File::from(fd);
        let written = (|| {
            let mut writer = BufWriter::new(file);
            write(&mut writer)?;
            let file = writer.into_inner().map_err(io::IntoInnerError::into_error)?;
            rustix::fs::fchmod(&file, Mode::from_raw_mode(mode))?;
            rustix::fs::renameat(&self.fd, &temporary, &self.fd, name)?;
            Ok(())
        })();
        if written.is_err() {
            let _ = rustix::fs::unlinkat(&self.fd, &temporary, AtFlags::empty());
        }
        written.map(Found::Opened)
    }

    #[cfg(not(unix))]
    fn replace_name(
        &self,
        name: &OsStr,
        _mode: Option<u32>,
        write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
    ) -> io::Result<Found<()>> {
        let path = self.path.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Ok(Found::SymbolicLink),
            Ok(m) if !m.is_file() => return Ok(Found::NotRegular),
            Ok(m) if m.permissions().readonly() => {
                return Err(io::Error::new(io::ErrorKind::PermissionDenied, "the file is read-only"));
            }
            _ => {}
        }
        let call = WRITES.fetch_add(1, Ordering::Relaxed);
        let temporary = self.path.join(temporary_name(name, call));
        let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary)?;
        let written = (|| {
            let mut writer = BufWriter::new(file);
            write(&mut writer)?;
            writer.flush()?;
            drop(writer);
            std::fs::rename(&temporary, &path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written.map(Found::Opened)
    }

    /// Removes the file `name` of this folder (not a folder, never through a link).
    pub fn remove(&self, name: &str) -> io::Result<()> {
        components(name).filter(|parts| parts.len() == 1).ok_or_else(|| invalid(name))?;
        #[cfg(unix)]
        {
            rustix::fs::unlinkat(&self.fd, name, rustix::fs::AtFlags::empty())?;
            Ok(())
        }
        #[cfg(not(unix))]
        {
            std::fs::remove_file(self.path.join(name))
        }
    }

    /// The names of the entries of this folder (UTF-8 names only), with the time each was last
    /// modified, links not followed.
    pub fn entries(&self) -> io::Result<Vec<(String, std::time::SystemTime)>> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&self.path)? {
            let entry = entry?;
            let Ok(name) = entry.file_name().into_string() else { continue };
            if let Ok(modified) = entry.metadata().and_then(|m| m.modified()) {
                entries.push((name, modified));
            }
        }
        entries.sort();
        Ok(entries)
    }

    /// Takes an exclusive lock on this folder for as long as the returned guard lives; waits
    /// for another holder when `wait`, else returns `None` when it is held. The lock is
    /// advisory and writes nothing: processes that take it exclude each other.
    pub fn lock(&self, wait: bool) -> io::Result<Option<FolderLock>> {
        #[cfg(unix)]
        {
            use rustix::fs::{FlockOperation, Mode, OFlags};
            // A descriptor of its own: a lock belongs to one open of the folder, and must go
            // when the guard does even while this `Folder` stays open.
            let fd =
                rustix::fs::openat(&self.fd, ".", OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())?;
            let operation = if wait { FlockOperation::LockExclusive } else { FlockOperation::NonBlockingLockExclusive };
            match rustix::fs::flock(&fd, operation) {
                Ok(()) => Ok(Some(FolderLock { _fd: fd })),
                Err(rustix::io::Errno::WOULDBLOCK) => Ok(None),
                Err(errno) => Err(errno.into()),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = wait;
            Ok(Some(FolderLock {}))
        }
    }
}

/// The name of the temporary file of the `call`-th write, to be renamed to `name`.
fn temporary_name(name: &OsStr, call: usize) -> OsString {
    let mut temporary = OsString::from(".");
    temporary.push(name);
    temporary.push(format!(".{}.{call}{TEMPORARY_SUFFIX}", std::process::id()));
    temporary
}

/// An exclusive lock on a folder, released when dropped.
#[derive(Debug)]
pub struct FolderLock {
    #[cfg(unix)]
    _fd: std::os::fd::OwnedFd,
}

/// Reads `file` whole when it has at most `max_size` bytes, else `Err(size)`.
fn read_limited(file: File, max_size: u64) -> io::Result<Result<Vec<u8>, u64>> {
    let size = file.metadata()?.len();
    if size > max_size {
        return Ok(Err(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max_size.saturating_add(1)).read_to_end(&mut bytes)?;
    // The file grew since its size was read.
    if bytes.len() as u64 > max_size {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::Write;
    use std::os::unix::fs::{PermissionsExt, symlink};

    use super::*;

    fn read(folder: &Folder, relative: &str) -> Found<Vec<u8>> {
        folder.read(relative, 1 << 20).unwrap().map(|read| read.unwrap_or_else(|size| panic!("too large: {size}")))
    }

    #[test]
    fn paths_that_leave_the_folder_name_nothing() {
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/.", "a\\b", "a\0b"] {
            assert!(components(bad).is_none(), "{bad:?}");
        }
        assert_eq!(components("a/b.md"), Some(vec!["a", "b.md"]));
    }

    #[test]
    fn display_paths_are_lossless() {
        let cases: [(&[u8], &str); 5] = [
            (b"docs/a.md", "docs/a.md"),
            (b"bad\xffname.md", "bad\\xffname.md"),
            (b"a\\b.md", "a\\\\b.md"),
            (b"lit\\xffname.md", "lit\\\\xffname.md"),
            ("caf\u{e9}/\u{e9}t\u{e9}.md".as_bytes(), "caf\u{e9}/\u{e9}t\u{e9}.md"),
        ];
        for (raw, shown) in cases {
            assert_eq!(display_path(raw), shown);
            assert_eq!(raw_path(shown), raw, "{shown}");
        }
        assert_eq!(display_name(b"a/b\0.md"), "a\\x2fb\\x00.md");
        assert_eq!(display_name(b".."), "..");
        for bad in [&b""[..], b".", b"..", b"a/b", b"a\0b"] {
            assert!(!is_file_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn raw_paths_open_names_that_are_not_utf8() {
        use std::os::unix::ffi::OsStrExt;
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("d")).unwrap();
        std::fs::write(root.path().join(OsStr::from_bytes(b"d/bad\xffname.md")), "text").unwrap();
        std::fs::write(root.path().join("d/back\\slash.md"), "back").unwrap();
        let folder = Folder::open(root.path()).unwrap();
        let read = |raw: &[u8]| match folder.read_raw(raw, 100).unwrap() {
            Found::Opened(Ok(bytes)) => Some(bytes),
            _ => None,
        };
        assert_eq!(read(&raw_path("d/bad\\xffname.md")).as_deref(), Some(&b"text"[..]));
        assert_eq!(read(&raw_path(&display_path(b"d/back\\slash.md"))).as_deref(), Some(&b"back"[..]));
        assert!(folder.read_raw(b"../x", 10).is_err());
        // Paths as shown open the files they name, for reading and for writing.
        assert!(matches!(folder.read("d/bad\\xffname.md", 100).unwrap(), Found::Opened(Ok(b)) if b == b"text"));
        folder.write_atomically("d/bad\\xffname.md", 0o644, |w| w.write_all(b"fixed")).unwrap();
        assert_eq!(std::fs::read(root.path().join(OsStr::from_bytes(b"d/bad\xffname.md"))).unwrap(), b"fixed");
        let names: Vec<String> = std::fs::read_dir(root.path().join("d"))
            .unwrap()
            .map(|e| display_path(e.unwrap().file_name().as_bytes()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(names, ["back\\\\slash.md", "bad\\xffname.md"], "no temporary left, no file created");
        assert!(folder.read_raw(b"d//x", 10).is_err());
    }

    #[test]
    fn links_are_refused_at_every_component() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "secret").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("docs")).unwrap();
        std::fs::write(root.path().join("docs/a.md"), "a").unwrap();
        symlink(outside.path(), root.path().join("linked")).unwrap();
        symlink(outside.path().join("secret.md"), root.path().join("docs/link.md")).unwrap();
        let folder = Folder::open(root.path()).unwrap();
        assert!(matches!(read(&folder, "docs/a.md"), Found::Opened(b) if b == b"a"));
        assert!(matches!(read(&folder, "linked/secret.md"), Found::SymbolicLink));
        assert!(matches!(read(&folder, "docs/link.md"), Found::SymbolicLink));
        assert!(matches!(read(&folder, "docs/none.md"), Found::Missing));
        assert!(matches!(read(&folder, "docs"), Found::NotRegular));
        assert!(folder.read("../x", 10).is_err());
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let root = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mkfifo").arg(root.path().join("pipe.md")).status().unwrap();
        assert!(status.success());
        let folder = Folder::open(root.path()).unwrap();
        assert!(matches!(read(&folder, "pipe.md"), Found::NotRegular));
        assert!(matches!(folder.write_atomically("pipe.md", 0o644, |w| w.write_all(b"x")).unwrap(), Found::NotRegular));
    }

    #[test]
    fn writes_replace_regular_files_only_and_keep_their_mode() {
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("target");
        std::fs::write(&target, "untouched").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("a.md"), "old").unwrap();
        std::fs::set_permissions(root.path().join("a.md"), std::fs::Permissions::from_mode(0o640)).unwrap();
        symlink(&target, root.path().join("link.md")).unwrap();
        symlink(outside.path(), root.path().join("dir")).unwrap();
        let folder = Folder::open(root.path()).unwrap();
        assert!(matches!(folder.write_atomically("a.md", 0o600, |w| w.write_all(b"new")).unwrap(), Found::Opened(())));
        assert_eq!(std::fs::read_to_string(root.path().join("a.md")).unwrap(), "new");
        let mode = std::fs::metadata(root.path().join("a.md")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert!(matches!(
            folder.write_atomically("link.md", 0o600, |w| w.write_all(b"x")).unwrap(),
            Found::SymbolicLink
        ));
        assert!(matches!(
            folder.write_atomically("dir/target", 0o600, |w| w.write_all(b"x")).unwrap(),
            Found::SymbolicLink
        ));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "untouched");
        let failed = folder.write_atomically("a.md", 0o600, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(root.path().join("a.md")).unwrap(), "new");
        let names: Vec<String> = folder.entries().unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["a.md", "dir", "link.md"], "no temporary file left");
    }

    #[test]
    fn a_read_only_file_is_not_replaced() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        // The superuser writes any file whatever its mode: an immutable one then.
        let writable = || std::fs::OpenOptions::new().write(true).open(&path).is_ok();
        let immutable =
            writable() && std::process::Command::new("chattr").arg("+i").arg(&path).status().is_ok_and(|s| s.success());
        if writable() {
            return;
        }
        let folder = Folder::open(root.path()).unwrap();
        let refused = folder.write_atomically("a.md", 0o644, |w| w.write_all(b"new"));
        if immutable {
            std::process::Command::new("chattr").arg("-i").arg(&path).status().unwrap();
        }
        assert_eq!(refused.unwrap_err().kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let names: Vec<String> = folder.entries().unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["a.md"], "no temporary file left");
    }

    #[test]
    fn private_writes_are_the_users_only_whatever_the_old_mode() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("a.state"), "old").unwrap();
        std::fs::set_permissions(root.path().join("a.state"), std::fs::Permissions::from_mode(0o644)).unwrap();
        symlink(root.path().join("a.state"), root.path().join("link.state")).unwrap();
        let folder = Folder::open(root.path()).unwrap();
        for name in ["a.state", "b.state"] {
            assert!(matches!(folder.write_private(name, |w| w.write_all(b"new")).unwrap(), Found::Opened(())));
            let mode = std::fs::metadata(root.path().join(name)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{name}");
        }
        assert!(matches!(folder.write_private("link.state", |w| w.write_all(b"x")).unwrap(), Found::SymbolicLink));
        assert_eq!(std::fs::read_to_string(root.path().join("a.state")).unwrap(), "new");
    }

    #[test]
    fn the_private_folder_is_the_users_only() {
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join("cache/relecture");
        let folder = Folder::private(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o700);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        drop(folder);
        Folder::private(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o700);
    }

    #[test]
    fn a_folder_lock_excludes_a_second_holder() {
        let root = tempfile::tempdir().unwrap();
        let first = Folder::open(root.path()).unwrap();
        let second = Folder::open(root.path()).unwrap();
        let held = first.lock(false).unwrap();
        assert!(held.is_some());
        assert!(second.lock(false).unwrap().is_none());
        drop(held);
        assert!(second.lock(false).unwrap().is_some());
    }
}
