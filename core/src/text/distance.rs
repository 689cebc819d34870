//! Edit distance for typo tolerance, bounded so the common case (too far apart) exits early.

/// How many typos a word of `len` letters may carry and still match: none for very short
/// words (every two-letter syllable is some other word), one up to five letters, two beyond.
pub fn allowed_typos(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of two
/// neighbours) between two byte strings, or `None` when it exceeds `max`.
pub fn bounded_distance(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a == b {
        return Some(0);
    }
    if max == 0 {
        return None;
    }
    let width = b.len() + 1;
    // Three rows: two back (for swaps), previous, current; on the stack for word-sized input.
    const STACK: usize = 40;
    let mut heap: Vec<usize>;
    let mut stack = [0usize; 3 * STACK];
    let rows: &mut [usize] = if width <= STACK {
        &mut stack[..3 * width]
    } else {
        heap = vec![0; 3 * width];
        &mut heap
    };
    let (before, rest) = rows.split_at_mut(width);
    let (previous, current) = rest.split_at_mut(width);
    let (mut before, mut previous, mut current) = (before, previous, current);
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(before[j - 2] + 1);
            }
            current[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= max).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        bounded_distance(a.as_bytes(), b.as_bytes(), max)
    }

    #[test]
    fn counts_edits() {
        assert_eq!(d("khai", "khai", 2), Some(0));
        assert_eq!(d("khia", "khai", 2), Some(1)); // swap
        assert_eq!(d("kha", "khai", 2), Some(1)); // insertion
        assert_eq!(d("khaii", "khai", 2), Some(1)); // deletion
        assert_eq!(d("khoi", "khai", 2), Some(1)); // substitution
        assert_eq!(d("chung", "chugn", 1), Some(1));
        assert_eq!(d("abc", "xyz", 2), None);
        assert_eq!(d("", "ab", 2), Some(2));
        assert_eq!(d("a", "abcd", 2), None);
        assert_eq!(d("same", "sane", 0), None);
    }

    #[test]
    fn typo_budget_grows_with_length() {
        assert_eq!(allowed_typos(2), 0);
        assert_eq!(allowed_typos(4), 1);
        assert_eq!(allowed_typos(8), 2);
    }
}
