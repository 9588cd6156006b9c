//! Turning file bytes into article text, or saying why they are not an article.

use crate::message::Message;

/// Why a file's content cannot be linted as an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The bytes are not UTF-8.
    NotUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file holds NUL bytes: it is binary.
    Binary,
    /// The file is larger than the configured limit.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file is a git LFS pointer; the content is stored elsewhere.
    LfsPointer,
    /// The file is UTF-16 text.
    Utf16,
    /// The file could not be read at all (a corrupt git object, an I/O error).
    Unavailable {
        /// What went wrong.
        reason: String,
    },
}

impl Unreadable {
    /// One sentence for the finding.
    pub fn message(&self) -> Message {
        match self {
            Self::NotUtf8 { line, offset } => {
                Message::new("unreadable-not-utf8").with("line", *line).with("offset", *offset)
            }
            Self::Binary => Message::new("unreadable-binary"),
            Self::TooLarge { size, limit } => {
                Message::new("unreadable-too-large").with("size", *size).with("limit", *limit)
            }
            Self::LfsPointer => Message::new("unreadable-lfs-pointer"),
            Self::Utf16 => Message::new("unreadable-utf16"),
            Self::Unavailable { reason } => Message::new("unreadable-unavailable").with("reason", reason),
        }
    }

    /// The 1-based line of the problem.
    pub fn line(&self) -> usize {
        match self {
            Self::NotUtf8 { line, .. } => *line,
            _ => 1,
        }
    }

    /// Where the problem is, as a byte offset.
    pub fn offset(&self) -> usize {
        match self {
            Self::NotUtf8 { offset, .. } => *offset,
            _ => 0,
        }
    }
}

/// The content of a listed file, as a source hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileContent {
    /// The bytes.
    Bytes(Vec<u8>),
    /// The file was not read because of its size.
    TooLarge(u64),
    /// The file could not be read; the run goes on without it.
    Unavailable(String),
}

/// A file a source lists as an article to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// The git blob id, when read from git.
    pub blob: Option<String>,
    /// The content.
    pub content: FileContent,
}

/// A path that matched the article globs but is not linted, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    /// Repository-relative path.
    pub path: String,
    /// Why (`symbolic link`, `submodule`…).
    pub reason: String,
}

/// Decodes a file's bytes into text, or says why it is not an article.
pub fn decode(content: FileContent, limit: u64) -> Result<String, Unreadable> {
    let bytes = match content {
        FileContent::TooLarge(size) => return Err(Unreadable::TooLarge { size, limit }),
        FileContent::Unavailable(reason) => return Err(Unreadable::Unavailable { reason }),
        FileContent::Bytes(bytes) => bytes,
    };
    if bytes.len() as u64 > limit {
        return Err(Unreadable::TooLarge { size: bytes.len() as u64, limit });
    }
    if bytes.starts_with(b"version https://git-lfs.github.com/spec/") {
        return Err(Unreadable::LfsPointer);
    }
    if is_utf16(&bytes) {
        return Err(Unreadable::Utf16);
    }
    if bytes.contains(&0) {
        return Err(Unreadable::Binary);
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset].split(|&b| b == b'\n').count();
        Unreadable::NotUtf8 { line, offset }
    })
}

/// UTF-16 text: a byte-order mark, or mostly-ASCII text whose every other byte is NUL.
fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 4 {
        return false;
    }
    let pairs = sample.len() / 2;
    let nul_in = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (nul_in(0), nul_in(1));
    // Little-endian ASCII has NULs at odd offsets, big-endian at even ones, text bytes elsewhere.
    (odd * 10 >= pairs * 9 && even == 0) || (even * 10 >= pairs * 9 && odd == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_names_the_line_of_the_first_bad_byte() {
        let bytes = b"ligne un\nl'\xe9t\xe9\n".to_vec();
        assert_eq!(decode(FileContent::Bytes(bytes), 1000), Err(Unreadable::NotUtf8 { line: 2, offset: 11 }));
    }

    #[test]
    fn binary_lfs_and_size_are_refused() {
        assert_eq!(decode(FileContent::Bytes(b"PNG\0\0".to_vec()), 1000), Err(Unreadable::Binary));
        let lfs = b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n".to_vec();
        assert_eq!(decode(FileContent::Bytes(lfs), 1000), Err(Unreadable::LfsPointer));
        assert_eq!(decode(FileContent::Bytes(vec![b'a'; 20]), 10), Err(Unreadable::TooLarge { size: 20, limit: 10 }));
        assert_eq!(decode(FileContent::Bytes("é".into()), 10).as_deref(), Ok("é"));
        let unavailable = decode(FileContent::Unavailable("object 1234 is corrupt".into()), 10).unwrap_err();
        assert_eq!(unavailable.message(), "the file could not be read: object 1234 is corrupt");
    }

    #[test]
    fn utf16_is_recognised_with_or_without_a_byte_order_mark() {
        let text = "# Titre\n\nL’été.\n";
        let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let with_bom: Vec<u8> = [0xFF, 0xFE].into_iter().chain(little.iter().copied()).collect();
        for bytes in [little, big, with_bom] {
            assert_eq!(decode(FileContent::Bytes(bytes), 1000), Err(Unreadable::Utf16));
        }
        assert_eq!(
            decode(FileContent::Bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()), 1000),
            Err(Unreadable::Binary)
        );
    }
}
