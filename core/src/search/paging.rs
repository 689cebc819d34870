//! The requested page of the passing procedures, best first.

/// Best score first; equal scores in index (code) order, so the order is the same on every
/// platform.
pub(super) fn by_score_then_doc(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Hits `offset..offset + limit` in ranked order. Only the first `offset + limit` need a full
/// order: the rest are cut after a selection.
pub(super) fn page(mut passing: Vec<(u32, f32)>, offset: usize, limit: usize) -> Vec<(u32, f32)> {
    let total = passing.len();
    let wanted = offset.saturating_add(limit).min(total);
    if wanted > 0 && wanted < total {
        passing.select_nth_unstable_by(wanted - 1, by_score_then_doc);
        passing.truncate(wanted);
    }
    passing.sort_by(by_score_then_doc);
    passing.into_iter().skip(offset).take(limit).collect()
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
}
