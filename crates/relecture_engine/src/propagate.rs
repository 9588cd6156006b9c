//! Which articles a change can affect through the [`Dependencies`] corpus checks declare: the one
//! algorithm behind runs over many commits ([`crate::incremental`]: history, blame) and runs from
//! kept results ([`crate::stored`]).
//!
//! A change moves keys: files and folders that appeared or disappeared, and the (key, version)
//! pairs the changed articles provide. The articles needing a moved key are affected, and are
//! declared again, since what they resolve may have moved too; what their new declarations move
//! spreads in turn, until nothing more moves ([`spread`]). A corpus check then runs on the affected
//! articles together with the providers of what they need ([`with_providers`]).

use std::collections::{BTreeSet, HashMap, HashSet};

use relecture_core::Dependencies;

/// What the algorithm asks of the declarations of one corpus check, however they are kept: an
/// index of keys for a long sequence of states, a scan of the kept results for one run.
pub(crate) trait Declarations {
    /// How articles are numbered.
    type Id: Copy + Ord;

    /// Why declarations cannot be told.
    type Refusal;

    /// The articles outside `known` whose declarations need one of `keys`, sorted.
    fn needing(&self, keys: &IntSet<u64>, known: &BTreeSet<Self::Id>) -> Vec<Self::Id>;

    /// The articles outside `known` whose declarations provide one of `keys`.
    fn providing(&self, keys: &IntSet<u64>, known: &BTreeSet<Self::Id>) -> Vec<Self::Id>;

    /// The keys article `id` needs (none when it has no declaration).
    fn needs(&self, id: Self::Id) -> &[u64];

    /// Declares `ids` again and appends to `moved` the keys whose (key, version) pairs their new
    /// declarations changed; `None` when the check cannot tell an article's dependencies (or an
    /// article cannot be read), and the run must be whole.
    fn declare_again(&mut self, ids: &[Self::Id], moved: &mut Vec<u64>) -> Result<(), Self::Refusal>;
}

/// The articles a change affects: `start` (the articles that changed), and every article needing
/// a key of `moved` or a key the new declarations of those articles move, until nothing more
/// moves. An error when a declaration cannot be told.
pub(crate) fn spread<D: Declarations>(
    declarations: &mut D,
    start: BTreeSet<D::Id>,
    moved: impl IntoIterator<Item = u64>,
) -> Result<BTreeSet<D::Id>, D::Refusal> {
    let mut affected = start;
    let mut keys: IntSet<u64> = moved.into_iter().collect();
    let mut next = Vec::new();
    while !keys.is_empty() {
        let hits = declarations.needing(&keys, &affected);
        keys.clear();
        affected.extend(hits.iter().copied());
        declarations.declare_again(&hits, &mut next)?;
        keys.extend(next.drain(..));
    }
    Ok(affected)
}

/// `affected` and the articles providing what they need, sorted: what a corpus check must see to
/// give the affected articles the diagnostics a whole run would.
pub(crate) fn with_providers<D: Declarations>(declarations: &D, affected: &BTreeSet<D::Id>) -> Vec<D::Id> {
    let needs: IntSet<u64> = affected.iter().flat_map(|&id| declarations.needs(id).iter().copied()).collect();
    let mut group: Vec<D::Id> = affected.iter().copied().chain(declarations.providing(&needs, affected)).collect();
    group.sort_unstable();
    group.dedup();
    group
}

/// A hasher for the integer keys of the state (article ids, dependency keys): a folded
/// multiplication, much cheaper than SipHash; keys come from this process, not from users.
#[derive(Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

impl std::hash::Hasher for IntHasher {
    fn finish(&self) -> u64 {
        let product = u128::from(self.0) * 0x9E37_79B9_7F4A_7C15_u128;
        // Both halves of the product mixed: every bit of the key reaches every bit of the hash.
        #[allow(clippy::cast_possible_truncation, reason = "the halves of a 128-bit product")]
        let folded = (product as u64) ^ ((product >> 64) as u64);
        folded
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x100_0000_01B3);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type IntMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<IntHasher>>;
pub(crate) type IntSet<K> = HashSet<K, std::hash::BuildHasherDefault<IntHasher>>;

/// Key → the articles (by id) that provide or need it, for one corpus check.
#[derive(Default)]
pub(crate) struct KeyIndex {
    providers: IntMap<u64, Vec<u32>>,
    needers: IntMap<u64, Vec<u32>>,
}

/// The distinct keys of sorted `provides`.
fn provided_keys(deps: Option<&Dependencies>) -> Vec<u64> {
    deps.map(|d| d.provided_keys().collect()).unwrap_or_default()
}

/// Calls `each(item, false)` for the items of sorted `old` not in sorted `new`, and
/// `each(item, true)` for the items of `new` not in `old`.
pub(crate) fn sorted_difference<T: Ord + Copy>(old: &[T], new: &[T], mut each: impl FnMut(T, bool)) {
    sorted_difference_by(old, new, |item, new| each(*item, new));
}

/// [`sorted_difference`] for items that are not `Copy`, such as paths.
pub(crate) fn sorted_difference_by<T: Ord>(old: &[T], new: &[T], mut each: impl FnMut(&T, bool)) {
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                each(a, false);
                i += 1;
            }
            (Some(a), None) => {
                each(a, false);
                i += 1;
            }
            (_, Some(b)) => {
                each(b, true);
                j += 1;
            }
            (None, None) => break,
        }
    }
}

impl KeyIndex {
    /// The ids outside `known` listed under one of `keys` in `index`, sorted and distinct.
    fn ids_of(index: &IntMap<u64, Vec<u32>>, keys: &IntSet<u64>, known: &BTreeSet<u32>) -> Vec<u32> {
        let mut ids: Vec<u32> =
            keys.iter().filter_map(|key| index.get(key)).flatten().copied().filter(|id| !known.contains(id)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The articles outside `known` that need one of `keys`, sorted.
    pub(crate) fn needing(&self, keys: &IntSet<u64>, known: &BTreeSet<u32>) -> Vec<u32> {
        Self::ids_of(&self.needers, keys, known)
    }

    /// The articles outside `known` that provide one of `keys`, sorted.
    pub(crate) fn providing(&self, keys: &IntSet<u64>, known: &BTreeSet<u32>) -> Vec<u32> {
        Self::ids_of(&self.providers, keys, known)
    }

    /// Moves article `id` from the keys of `old` to those of `new`, touching only the keys
    /// that differ.
    pub(crate) fn update(&mut self, id: u32, old: Option<&Dependencies>, new: Option<&Dependencies>) {
        let empty: &[u64] = &[];
        Self::move_keys(&mut self.providers, id, &provided_keys(old), &provided_keys(new));
        Self::move_keys(
            &mut self.needers,
            id,
            old.map_or(empty, |d| d.needs.as_slice()),
            new.map_or(empty, |d| d.needs.as_slice()),
        );
    }

    fn move_keys(index: &mut IntMap<u64, Vec<u32>>, id: u32, old: &[u64], new: &[u64]) {
        let mut gone = Vec::new();
        let mut came = Vec::new();
        sorted_difference(old, new, |key, new| if new { came.push(key) } else { gone.push(key) });
        for key in gone {
            if let Some(ids) = index.get_mut(&key) {
                if let Some(position) = ids.iter().position(|&i| i == id) {
                    ids.swap_remove(position);
                }
                if ids.is_empty() {
                    index.remove(&key);
                }
            }
        }
        for key in came {
            index.entry(key).or_default().push(id);
        }
    }
}

/// The keys whose (key, version) pairs differ between two dependency sets.
pub(crate) fn changed_provides(before: Option<&Dependencies>, after: Option<&Dependencies>) -> Vec<u64> {
    let empty: &[(u64, u64)] = &[];
    let mut changed = Vec::new();
    sorted_difference(
        before.map_or(empty, |d| d.provides.as_slice()),
        after.map_or(empty, |d| d.provides.as_slice()),
        |(key, _), _| changed.push(key),
    );
    changed
}

/// Dependencies sorted and without repeats, as the index expects them.
pub(crate) fn normalized(mut deps: Dependencies) -> Dependencies {
    deps.provides.sort_unstable();
    deps.provides.dedup();
    deps.needs.sort_unstable();
    deps.needs.dedup();
    deps
}
