//! Sorting, written once for the crate. std's `sort_by` and `select_nth_unstable_by` compile
//! their whole algorithm (driftsort, ipnsort, median of medians: several KB of wasm each) again
//! for every element type and comparator; over the widget's search that came to 114 functions,
//! 55 KB of the module a phone downloads before its first search. Here the sort is one
//! non-generic merge sort over positions that asks a `dyn` comparator, and a call site adds only
//! the small loop that moves its elements into the sorted order. What is sorted is small (at most
//! a few thousand procedures or dictionary words), so size matters more than the indirect call.
//!
//! The hot uses (the best of thousands of scored hits on every keystroke, each procedure's terms
//! when the index loads) say their order as `u64` keys and share std's unstable sort and
//! selection, compiled once for `u64`: [`sort_keys`], [`sort_smallest_keys`].

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stably: equal elements keep their order (as `slice::sort_by`).
pub(crate) fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order = sorted_positions(v.len(), &mut |a, b| cmp(&v[a], &v[b]).is_lt());
    permute(v, &mut order);
}

/// Sorts `v` by a key, stably (as `slice::sort_by_key`).
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in its natural order, stably (as `slice::sort`).
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The positions `0..len` in the order `less` sorts what they stand for, stably.
pub(crate) fn sorted_positions(
    len: usize,
    less: &mut dyn FnMut(usize, usize) -> bool,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut scratch = order.clone();
    merge_sort(&mut order, &mut scratch, less);
    order
}

/// Runs this short are sorted by insertion: fewer comparisons than merging them.
const INSERTION_RUN: usize = 12;

/// Top-down merge sort of `v` (`scratch` is as long, and its content is overwritten).
fn merge_sort(v: &mut [usize], scratch: &mut [usize], less: &mut dyn FnMut(usize, usize) -> bool) {
    let n = v.len();
    if n <= INSERTION_RUN {
        for i in 1..n {
            let x = v[i];
            let mut j = i;
            while j > 0 && less(x, v[j - 1]) {
                v[j] = v[j - 1];
                j -= 1;
            }
            v[j] = x;
        }
        return;
    }
    let mid = n / 2;
    merge_sort(&mut v[..mid], &mut scratch[..mid], less);
    merge_sort(&mut v[mid..], &mut scratch[mid..], less);
    // Halves already in order (input sorted or nearly) need no merge.
    if !less(v[mid], v[mid - 1]) {
        return;
    }
    scratch.copy_from_slice(v);
    let (left, right) = scratch.split_at(mid);
    let (mut i, mut j) = (0, 0);
    // Once the left half is used up, the rest of the right half is already in place.
    while i < left.len() {
        // The right element goes first only when strictly less: that keeps the sort stable.
        if j < right.len() && less(right[j], left[i]) {
            v[i + j] = right[j];
            j += 1;
        } else {
            v[i + j] = left[i];
            i += 1;
        }
    }
}

/// Moves each element of `v` to its place: position `i` gets what was at `order[i]`.
/// `order` (a permutation of `0..v.len()`) is used up.
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    const PLACED: usize = usize::MAX;
    for start in 0..v.len() {
        // Follow the cycle through `start`: the element that was at `start` travels along it
        // until the position that wants it.
        let mut at = start;
        while order[at] != PLACED {
            let from = std::mem::replace(&mut order[at], PLACED);
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// Sorts integer keys ascending. Callers that can say their order as a `u64` share this one
/// compiled sort (std's unstable sort: equal keys are equal values, so stability is moot).
pub(crate) fn sort_keys(keys: &mut [u64]) {
    keys.sort_unstable();
}

/// Puts the `k` smallest keys at the front of `keys`, sorted; the others follow in no
/// particular order (std's selection, then its sort of the front).
pub(crate) fn sort_smallest_keys(keys: &mut [u64], k: usize) {
    let k = k.min(keys.len());
    if k == 0 {
        return;
    }
    if k < keys.len() {
        keys.select_nth_unstable(k - 1);
    }
    sort_keys(&mut keys[..k]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random numbers (xorshift64*), so a failure repeats.
    struct Numbers(u64);

    impl Numbers {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        /// `len` pairs (key below `keys`, position): equal keys are common when `keys` is small,
        /// and the position tells whether a sort kept them in order.
        fn pairs(&mut self, len: usize, keys: u64) -> Vec<(u64, usize)> {
            (0..len).map(|i| (self.next() % keys, i)).collect()
        }
    }

    /// Lengths around the insertion runs and merge levels, and larger.
    const LENGTHS: [usize; 14] = [0, 1, 2, 3, 11, 12, 13, 24, 25, 100, 257, 1000, 2642, 5000];

    #[test]
    fn sorts_as_std_stable_sort_with_equal_keys_in_their_order() {
        let mut numbers = Numbers(0x9e37_79b9_7f4a_7c15);
        for len in LENGTHS {
            for keys in [1, 2, 7, 1000, u64::MAX] {
                let pairs = numbers.pairs(len, keys);
                let mut ours = pairs.clone();
                sort_by_key(&mut ours, |p| p.0);
                let mut std = pairs.clone();
                std.sort_by_key(|p| p.0);
                // Positions included: equal keys came out in their input order.
                assert_eq!(ours, std, "len {len}, keys below {keys}");
            }
        }
    }

    #[test]
    fn sorts_sorted_reversed_and_equal_input() {
        for len in LENGTHS {
            let ascending: Vec<usize> = (0..len).collect();
            let mut v = ascending.clone();
            sort(&mut v);
            assert_eq!(v, ascending);
            v.reverse();
            sort(&mut v);
            assert_eq!(v, ascending);
            let mut same: Vec<(u8, usize)> = (0..len).map(|i| (0, i)).collect();
            sort_by(&mut same, |a, b| a.0.cmp(&b.0));
            assert!(same.iter().enumerate().all(|(i, p)| p.1 == i), "len {len}");
        }
    }

    #[test]
    fn sorts_values_that_own_memory() {
        let mut words: Vec<Box<str>> = ["sổ", "đỏ", "cấp", "sổ", "hộ", "khẩu", "cấp"]
            .into_iter()
            .map(Box::from)
            .collect();
        let mut std = words.clone();
        std.sort();
        sort(&mut words);
        assert_eq!(words, std);
    }

    #[test]
    fn sorted_positions_name_the_stable_order() {
        let names = ["hộ tịch", "đất đai", "cư trú", "đất đai"];
        let order = sorted_positions(names.len(), &mut |a, b| names[a] < names[b]);
        assert_eq!(order, vec![2, 0, 1, 3]);
        assert!(sorted_positions(0, &mut |_, _| unreachable!()).is_empty());
    }

    /// `sort_smallest_keys` leaves what a full sort puts first, and the rest still there.
    fn check_smallest(keys: &[u64], k: usize) {
        let mut ours = keys.to_vec();
        sort_smallest_keys(&mut ours, k);
        let mut sorted = keys.to_vec();
        sorted.sort();
        let k = k.min(keys.len());
        assert_eq!(ours[..k], sorted[..k], "len {}, k {k}", keys.len());
        ours[k..].sort();
        assert_eq!(ours[k..], sorted[k..], "len {}, k {k}", keys.len());
    }

    #[test]
    fn smallest_keys_come_first_in_order_and_the_rest_stay() {
        let mut numbers = Numbers(42);
        for len in LENGTHS {
            for below in [1, 3, 1000, u64::MAX] {
                let keys: Vec<u64> = (0..len).map(|_| numbers.next() % below).collect();
                for k in [0, 1, 2, 15, 250, len / 2, len, len + 1] {
                    check_smallest(&keys, k);
                }
            }
        }
        // Orders that defeat simple pivots: sorted, reversed, organ pipe, all equal.
        for len in LENGTHS {
            let ascending: Vec<u64> = (0..len as u64).collect();
            let descending: Vec<u64> = ascending.iter().rev().copied().collect();
            let pipe: Vec<u64> = (0..len as u64).map(|i| i.min(len as u64 - i)).collect();
            for keys in [ascending, descending, pipe, vec![7; len]] {
                for k in [1, 15, 250, len / 2, len] {
                    check_smallest(&keys, k);
                }
            }
        }
        let mut none: Vec<u64> = Vec::new();
        sort_smallest_keys(&mut none, 3);
        assert!(none.is_empty());
    }
}
