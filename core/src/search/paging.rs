//! The requested page of the passing procedures, best first.

use crate::sorting;

/// Best score first; equal scores in index (code) order, so the order is the same on every
/// platform.
pub(super) fn by_score_then_doc(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// [`by_score_then_doc`] as one integer (ascending keys are in that order), so hits go through
/// the crate's integer sort, which is fast where each keystroke needs it.
fn rank_key(&(doc, score): &(u32, f32)) -> u64 {
    (u64::from(!total_order_bits(score)) << 32) | u64::from(doc)
}

/// The hit a [`rank_key`] was made from.
fn from_rank_key(key: u64) -> (u32, f32) {
    let ordered = !((key >> 32) as u32);
    let bits = if ordered >> 31 == 1 {
        ordered & !(1 << 31)
    } else {
        !ordered
    };
    (key as u32, f32::from_bits(bits))
}

/// The bits of `x` as an unsigned integer that orders like `f32::total_cmp`: negative values
/// (sign bit set) flipped whole, the others with the sign bit set.
fn total_order_bits(x: f32) -> u32 {
    let bits = x.to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    }
}

/// Hits `offset..offset + limit` in ranked order. Only the first `offset + limit` need a full
/// order: the rest are cut after a selection.
pub(super) fn page(passing: Vec<(u32, f32)>, offset: usize, limit: usize) -> Vec<(u32, f32)> {
    let wanted = offset.saturating_add(limit).min(passing.len());
    let mut keys: Vec<u64> = passing.iter().map(rank_key).collect();
    sorting::sort_smallest_keys(&mut keys, wanted);
    keys[offset.min(wanted)..wanted]
        .iter()
        .map(|k| from_rank_key(*k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_in_order_with_ties_by_index() {
        let passing = vec![(4, 0.5), (1, 0.9), (3, 0.5), (0, 0.1), (2, 0.7)];
        assert_eq!(page(passing.clone(), 0, 2), vec![(1, 0.9), (2, 0.7)]);
        assert_eq!(page(passing.clone(), 2, 2), vec![(3, 0.5), (4, 0.5)]);
        assert_eq!(page(passing.clone(), 4, 10), vec![(0, 0.1)]);
        assert!(page(passing, 9, 10).is_empty());
    }

    #[test]
    fn rank_keys_order_as_by_score_then_doc_and_give_the_hit_back() {
        let scores = [
            f32::NEG_INFINITY,
            -2.5,
            -0.0,
            0.0,
            f32::MIN_POSITIVE,
            0.5,
            1.0,
            f32::INFINITY,
            f32::NAN,
            -f32::NAN,
        ];
        let hits: Vec<(u32, f32)> = scores
            .iter()
            .enumerate()
            .flat_map(|(i, s)| [(i as u32, *s), (u32::MAX - i as u32, *s)])
            .collect();
        for a in &hits {
            let back = from_rank_key(rank_key(a));
            assert_eq!((back.0, back.1.to_bits()), (a.0, a.1.to_bits()));
            for b in &hits {
                assert_eq!(rank_key(a).cmp(&rank_key(b)), by_score_then_doc(a, b));
            }
        }
    }

    /// Every page is the slice of the full ranking (std's sort), on pseudo-random scores with
    /// many ties.
    #[test]
    fn pages_are_slices_of_the_full_ranking() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for len in [0usize, 1, 2, 15, 16, 300, 2642] {
            let passing: Vec<(u32, f32)> = (0..len as u32)
                .map(|doc| (doc, (next() % 40) as f32 / 8.0 - 1.0))
                .collect();
            let mut ranked = passing.clone();
            ranked.sort_by(by_score_then_doc);
            for (offset, limit) in [(0, 15), (15, 15), (0, 1), (7, 300), (0, 5000), (len, 10)] {
                let want: Vec<(u32, f32)> =
                    ranked.iter().skip(offset).take(limit).copied().collect();
                assert_eq!(page(passing.clone(), offset, limit), want, "len {len}");
            }
        }
    }
}
