//! Procedures that share a name. A provincial catalog lists some procedures twice under two
//! codes (a newer code for the same name, or the same name at another level); [`mark`] points
//! each repeat at one representative through [`Procedure::duplicate_of`], so search can show
//! one entry per name without the catalog dropping either code.

use super::clean::collapse_whitespace;
use super::model::Procedure;
use crate::text::compose;
use std::collections::BTreeMap;

/// The name as compared: composed (NFC), lower case, spaces collapsed, final punctuation
/// dropped ("Cấp chứng chỉ kiểm định viên." = "cấp chứng chỉ kiểm định viên").
pub fn name_key(name: &str) -> String {
    collapse_whitespace(&compose(name).to_lowercase())
        .trim_end_matches(['.', ';', ':', ',', ' '])
        .to_string()
}

/// Groups of codes sharing a name key, each group's representative first, groups sorted by
/// their representative's code.
pub fn groups(procedures: &[Procedure]) -> Vec<Vec<String>> {
    let mut by_name: BTreeMap<String, Vec<&Procedure>> = BTreeMap::new();
    for p in procedures {
        by_name.entry(name_key(&p.name)).or_default().push(p);
    }
    let mut out: Vec<Vec<String>> = by_name
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|mut g| {
            // The most complete first, then the lowest code.
            g.sort_by(|a, b| {
                parts_stated(b)
                    .cmp(&parts_stated(a))
                    .then(a.code.cmp(&b.code))
            });
            g.into_iter().map(|p| p.code.clone()).collect()
        })
        .collect();
    out.sort();
    out
}

/// Sets [`Procedure::duplicate_of`] on every member of a group but its representative (and
/// clears it elsewhere). Returns the groups.
pub fn mark(procedures: &mut [Procedure]) -> Vec<Vec<String>> {
    let groups = groups(procedures);
    let mut representative: BTreeMap<&str, &str> = BTreeMap::new();
    for g in &groups {
        for code in &g[1..] {
            representative.insert(code, &g[0]);
        }
    }
    for p in procedures.iter_mut() {
        p.duplicate_of = representative.get(p.code.as_str()).map(|r| r.to_string());
    }
    groups
}

/// How many of the parts a citizen needs the procedure states.
fn parts_stated(p: &Procedure) -> usize {
    [
        !p.ways.is_empty(),
        !p.documents.is_empty(),
        !p.steps.is_empty(),
        !p.results.is_empty(),
        !p.legal_basis.is_empty(),
        p.online_level.is_some(),
        p.conditions.is_some(),
    ]
    .into_iter()
    .filter(|&b| b)
    .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::Document;

    #[test]
    fn repeats_point_at_the_most_complete() {
        let mut ps = vec![
            Procedure::new("1.012756", "Đăng ký đất đai lần đầu"),
            Procedure::new("1.115349", "Đăng ký  đất đai lần đầu."),
            Procedure::new("1.000001", "Tên khác"),
            Procedure::new("2.000140", "Cấp chứng chỉ kiểm định viên"),
            Procedure::new("1.000148", "cấp chứng chỉ kiểm định viên"),
        ];
        ps[1].documents.push(Document::new("Đơn"));
        let groups = mark(&mut ps);
        assert_eq!(
            groups,
            vec![
                vec!["1.000148".to_string(), "2.000140".to_string()],
                vec!["1.115349".to_string(), "1.012756".to_string()],
            ]
        );
        assert_eq!(ps[0].duplicate_of.as_deref(), Some("1.115349"));
        assert_eq!(ps[1].duplicate_of, None);
        assert_eq!(ps[2].duplicate_of, None);
        assert_eq!(ps[3].duplicate_of.as_deref(), Some("1.000148"));
    }
}
