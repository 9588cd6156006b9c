//! How kept results store the [`Dependencies`] corpus checks declare: keys as raw little-endian
//! bytes, and the needs written once when they are the keys provided.

use relecture_core::Dependencies;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// For `#[serde(with = …)]` on a list of [`Dependencies`], one per corpus check.
pub(crate) mod dependency_list {
    use super::{Dependencies, Deserialize, Deserializer, Serializer, StoredDependencies, StoredDependenciesRef};

    pub(crate) fn serialize<S: Serializer>(list: &[Dependencies], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(list.iter().map(StoredDependenciesRef::from))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Dependencies>, D::Error> {
        Ok(Vec::<StoredDependencies>::deserialize(deserializer)?.into_iter().map(Dependencies::from).collect())
    }
}

/// [`Dependencies`] as stored: an article often needs exactly the keys it provides (the
/// paragraphs it compares), and then they are written once.
#[derive(Serialize, Deserialize)]
struct StoredDependencies {
    #[serde(with = "raw_pairs")]
    provides: Vec<(u64, u64)>,
    /// Empty when `needs_provided`.
    #[serde(with = "raw_keys")]
    needs: Vec<u64>,
    /// The needs are the distinct keys of `provides`.
    needs_provided: bool,
}

/// The distinct keys of sorted (key, version) pairs.
fn distinct_keys(provides: &[(u64, u64)]) -> impl Iterator<Item = u64> + '_ {
    provides.iter().enumerate().filter(|&(i, (key, _))| i == 0 || provides[i - 1].0 != *key).map(|(_, &(key, _))| key)
}

/// [`StoredDependencies`] borrowed from the [`Dependencies`] being written.
#[derive(Serialize)]
struct StoredDependenciesRef<'a> {
    #[serde(serialize_with = "raw_pairs::serialize")]
    provides: &'a [(u64, u64)],
    #[serde(serialize_with = "raw_keys::serialize")]
    needs: &'a [u64],
    needs_provided: bool,
}

impl<'a> From<&'a Dependencies> for StoredDependenciesRef<'a> {
    fn from(deps: &'a Dependencies) -> Self {
        let needs_provided = !deps.needs.is_empty() && deps.provided_keys().eq(deps.needs.iter().copied());
        Self { needs: if needs_provided { &[] } else { &deps.needs }, provides: &deps.provides, needs_provided }
    }
}

impl From<StoredDependencies> for Dependencies {
    fn from(stored: StoredDependencies) -> Self {
        let needs = if stored.needs_provided { distinct_keys(&stored.provides).collect() } else { stored.needs };
        Self { provides: stored.provides, needs }
    }
}

/// Keys stored as little-endian bytes: hashes are random, so a varint would only make them longer
/// and slower to read back.
mod raw_keys {
    use serde::{Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(keys: &[u64], serializer: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = keys.iter().flat_map(|k| k.to_le_bytes()).collect();
        serializer.serialize_bytes(&bytes)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u64>, D::Error> {
        let bytes = deserializer.deserialize_bytes(super::BytesVisitor)?;
        Ok(bytes.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes"))).collect())
    }
}

/// (key, version) pairs stored as little-endian bytes, as [`raw_keys`].
mod raw_pairs {
    use serde::{Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(pairs: &[(u64, u64)], serializer: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> =
            pairs.iter().flat_map(|(k, v)| k.to_le_bytes().into_iter().chain(v.to_le_bytes())).collect();
        serializer.serialize_bytes(&bytes)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<(u64, u64)>, D::Error> {
        let bytes = deserializer.deserialize_bytes(super::BytesVisitor)?;
        let word = |c: &[u8]| u64::from_le_bytes(c.try_into().expect("8 bytes"));
        Ok(bytes.chunks_exact(16).map(|c| (word(&c[..8]), word(&c[8..]))).collect())
    }
}

struct BytesVisitor;

impl serde::de::Visitor<'_> for BytesVisitor {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("bytes")
    }

    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
        Ok(bytes.to_vec())
    }

    fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Kept(#[serde(with = "dependency_list")] Vec<Dependencies>);

    #[test]
    fn dependencies_read_back_as_written_and_needs_equal_to_provided_keys_are_written_once() {
        let paragraphs = Dependencies { provides: vec![(1, 10), (1, 11), (2, 20)], needs: vec![1, 2] };
        let links = Dependencies { provides: vec![(7, 0)], needs: vec![3, 4] };
        let kept = Kept(vec![paragraphs.clone(), links, Dependencies::default()]);
        let bytes = postcard::to_stdvec(&kept).unwrap();
        assert_eq!(postcard::from_bytes::<Kept>(&bytes).unwrap(), kept);
        let alone = postcard::to_stdvec(&Kept(vec![paragraphs])).unwrap();
        // A length, three pairs of 16 bytes with their length, an empty needs list, the flag.
        assert_eq!(alone.len(), 1 + 1 + 48 + 1 + 1);
    }
}
