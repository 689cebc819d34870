//! The province a catalog serves, and its agency names fitted to that province. A provincial
//! catalog built from national templates names other provinces' agencies ("Sở Nông nghiệp và
//! Môi trường Thành phố Hà Nội" on the Gia Lai portal): [`fit_agencies`] replaces such a name
//! with the province's own name for the same agency, as the catalog's own records spell it.
//! Provinces, their former names and agencies that differ between provinces are data
//! (`provinces.json`).

use super::clean::collapse_whitespace;
use super::model::Procedure;
use crate::text::{compose, fold};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A province or centrally run city (after the 1 July 2025 merger).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Province {
    /// "Gia Lai", "Hồ Chí Minh".
    pub name: String,
    /// "Thành phố" for centrally run cities; provinces leave it out ("Tỉnh").
    #[serde(default)]
    pub kind: Option<String>,
    /// Its code in agency identifiers ("H21"), where the data states it.
    #[serde(default)]
    pub code: Option<String>,
    /// Other spellings ("Thanh Hoá", "HCM").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Provinces merged into it in 2025 ("Bình Định" into Gia Lai).
    #[serde(default)]
    pub former: Vec<String>,
}

impl Province {
    /// "Tỉnh Gia Lai", "Thành phố Hồ Chí Minh".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.kind.as_deref().unwrap_or("Tỉnh"), self.name)
    }

    fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.former.iter().map(String::as_str))
    }
}

#[derive(Debug, Default, Deserialize)]
struct ProvinceData {
    kinds: Vec<String>,
    provinces: Vec<Province>,
    nationwide: Vec<String>,
    agency_groups: Vec<Vec<String>>,
}

const PROVINCES_JSON: &str = include_str!("provinces.json");

/// The embedded data; a broken file is a build defect caught by the tests below (the empty
/// fallback fits nothing).
fn data() -> &'static ProvinceData {
    static DATA: OnceLock<ProvinceData> = OnceLock::new();
    DATA.get_or_init(|| serde_json::from_str(PROVINCES_JSON).unwrap_or_default())
}

/// Every province, in the data file's order.
pub fn provinces() -> &'static [Province] {
    &data().provinces
}

/// A province by name (any spelling or former name, with or without "tỉnh"/"thành phố", case
/// and diacritics ignored) or by code ("H21").
pub fn find(name_or_code: &str) -> Option<&'static Province> {
    let wanted = comparable(name_or_code);
    let bare = data()
        .kinds
        .iter()
        .find_map(|k| wanted.strip_prefix(&comparable(k)).map(str::trim))
        .unwrap_or(&wanted);
    provinces().iter().find(|p| {
        p.code
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(name_or_code.trim()))
            || p.spellings().any(|s| comparable(s) == bare)
    })
}

/// Lower case, no diacritics, one space: how agency and province names are compared.
fn comparable(text: &str) -> String {
    collapse_whitespace(&fold(&compose(text)).to_lowercase())
}

/// Whose agency a name is, by the locality it ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locality {
    Province(&'static Province),
    /// "… các tỉnh, thành phố": every province's (a national template's wording).
    Nationwide,
}

/// An agency name split into its name without the locality, and the locality
/// ("Sở Y tế Thành phố Hà Nội" → "Sở Y tế", Hà Nội). `None` when it names no locality.
fn split_locality(agency: &str) -> Option<(String, Locality)> {
    let name = compose(agency.trim_end_matches([',', '.', ';', ' ']));
    let folded = comparable(&name);
    // `comparable` keeps one character per character of the composed, whitespace-collapsed
    // name, so a suffix's length in characters carries over.
    let name = collapse_whitespace(&name);
    if folded.chars().count() != name.chars().count() {
        return None;
    }
    let base_of = |suffix_chars: usize| -> Option<String> {
        let keep = name.chars().count().checked_sub(suffix_chars)?;
        let head: String = name.chars().take(keep).collect();
        // The locality must stand apart from the name: after a space, dash or comma.
        if !head.ends_with([' ', '-', '–', ',']) {
            return None;
        }
        let base = head.trim_end_matches([' ', '-', '–', ',']).trim();
        (!base.is_empty()).then(|| base.to_string())
    };
    for phrase in &data().nationwide {
        let p = comparable(phrase);
        if folded.ends_with(&p) {
            if let Some(base) = base_of(p.chars().count()) {
                return Some((base, Locality::Nationwide));
            }
        }
    }
    for province in provinces() {
        for spelling in province.spellings() {
            let s = comparable(spelling);
            for kind in &data().kinds {
                let k = comparable(kind);
                for suffix in [format!("{k} {s}"), format!("{k}{s}")] {
                    if folded.ends_with(&suffix) {
                        if let Some(base) = base_of(suffix.chars().count()) {
                            return Some((base, Locality::Province(province)));
                        }
                    }
                }
            }
        }
    }
    None
}

/// The province an agency name ends with ("Sở Y tế Thành phố Hà Nội" → Hà Nội; a former
/// province's name gives the province it merged into); `None` when it names none.
pub fn agency_province(agency: &str) -> Option<&'static Province> {
    match split_locality(agency) {
        Some((_, Locality::Province(p))) => Some(p),
        _ => None,
    }
}

/// The province most of the catalog's own agency names end with ("… - tỉnh Gia Lai"), when
/// one clearly dominates: named at least 10 times and by more than half of all locality
/// mentions. Run it over a province's own list (not a national crawl, whose template names
/// mostly say Hà Nội).
pub fn detect<'a>(
    procedures: impl IntoIterator<Item = &'a Procedure>,
) -> Option<&'static Province> {
    let mut counts: BTreeMap<&'static str, (usize, &'static Province)> = BTreeMap::new();
    let mut total = 0;
    for p in procedures {
        for agency in p.agency_names() {
            if let Some((_, Locality::Province(province))) = split_locality(agency) {
                total += 1;
                counts
                    .entry(province.name.as_str())
                    .or_insert((0, province))
                    .0 += 1;
            }
        }
    }
    let (n, province) = counts.into_values().max_by_key(|(n, _)| *n)?;
    (n >= 10 && n * 2 > total).then_some(province)
}

/// What [`fit_agencies`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyFit {
    /// Procedures that named another province's agency, by that province's name.
    pub foreign_before: BTreeMap<String, usize>,
    /// Procedures that named another province's (or every province's) agency before.
    pub procedures_before: usize,
    /// Procedures still naming one after fitting.
    pub procedures_after: usize,
    /// Agency names replaced (counted once per procedure and list).
    pub names_fitted: usize,
    /// (code, agency) pairs left as they were: no agency of the province matches.
    pub unresolved: Vec<(String, String)>,
}

/// Replaces other provinces' agency names, and national-template names for every province's
/// agency ("Sở Tài chính các tỉnh, thành phố"), with the province's own name for that agency.
/// The own name is the one this catalog's records use (the most frequent spelling) for the
/// same name without its locality, or for another name of the same agency (`agency_groups`).
/// A name with no such match is left as it was and listed as unresolved: nothing is invented.
pub fn fit_agencies(procedures: &mut [Procedure], province: &Province) -> AgencyFit {
    let usage = own_usage(procedures, province);
    let mut fit = AgencyFit::default();
    for p in procedures.iter_mut() {
        let mut named_foreign = false;
        let mut still_foreign = false;
        let mut provinces_named: Vec<&str> = Vec::new();
        for list in [&mut p.executing_agencies, &mut p.competent_agencies] {
            let mut out: Vec<String> = Vec::with_capacity(list.len());
            for agency in list.drain(..) {
                let fitted = match split_locality(&agency) {
                    Some((base, Locality::Province(other))) if other != province => {
                        named_foreign = true;
                        if !provinces_named.contains(&other.name.as_str()) {
                            provinces_named.push(other.name.as_str());
                        }
                        Some(own_name(&[base], &usage))
                    }
                    Some((base, Locality::Nationwide)) => {
                        named_foreign = true;
                        // "X tỉnh, thành phố" is the province's X, which records may call
                        // "X cấp tỉnh".
                        let provincial = format!("{base} cấp tỉnh");
                        Some(own_name(&[base, provincial], &usage))
                    }
                    _ => None,
                };
                let name = match fitted {
                    Some(Some(own)) => {
                        fit.names_fitted += 1;
                        own
                    }
                    Some(None) => {
                        still_foreign = true;
                        fit.unresolved.push((p.code.clone(), agency.clone()));
                        agency
                    }
                    None => agency,
                };
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            *list = out;
        }
        // A procedure naming two provinces' agencies counts for both.
        for name in provinces_named {
            *fit.foreign_before.entry(name.to_string()).or_default() += 1;
        }
        fit.procedures_before += usize::from(named_foreign);
        fit.procedures_after += usize::from(still_foreign);
    }
    fit
}

/// Spellings of agency names the catalog uses as its own, by comparable key: names without a
/// locality, or with this province's.
fn own_usage(
    procedures: &[Procedure],
    province: &Province,
) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut usage: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for p in procedures {
        for agency in p.agency_names() {
            let own = match split_locality(agency) {
                None => Some(collapse_whitespace(
                    agency.trim_end_matches([',', '.', ';', ' ']),
                )),
                Some((base, Locality::Province(pr))) if pr == province => Some(base),
                _ => None,
            };
            if let Some(name) = own {
                *usage
                    .entry(comparable(&name))
                    .or_default()
                    .entry(name)
                    .or_default() += 1;
            }
        }
    }
    usage
}

/// The province's own name for an agency called `names` elsewhere: among those names and the
/// other names of their agency groups, the one the catalog uses most, in its most frequent
/// spelling; `None` when it uses none.
fn own_name(names: &[String], usage: &BTreeMap<String, BTreeMap<String, usize>>) -> Option<String> {
    let mut candidates: Vec<String> = Vec::new();
    for name in names {
        let key = comparable(name);
        let group: Vec<String> = data()
            .agency_groups
            .iter()
            .find(|g| g.iter().any(|n| comparable(n) == key))
            .map(|g| g.iter().map(|n| comparable(n)).collect())
            .unwrap_or_else(|| vec![key]);
        for k in group {
            if !candidates.contains(&k) {
                candidates.push(k);
            }
        }
    }
    let (key, spellings) = candidates
        .iter()
        .filter_map(|k| usage.get(k).map(|s| (k, s)))
        .max_by_key(|(_, spellings)| spellings.values().sum::<usize>())?;
    // The data file's spelling when it names this agency (records vary in capitals: "Sở tài
    // chính"), else the records' most frequent one (ties to the alphabetically first).
    let listed = data()
        .agency_groups
        .iter()
        .flatten()
        .find(|n| comparable(n) == *key)
        .cloned();
    listed.or_else(|| {
        spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn procedure(code: &str, executing: &[&str]) -> Procedure {
        let mut p = Procedure::new(code, "Thủ tục");
        p.executing_agencies = executing.iter().map(|s| s.to_string()).collect();
        p
    }

    #[test]
    fn data_file_parses_with_34_provinces() {
        let d: ProvinceData = serde_json::from_str(PROVINCES_JSON).unwrap();
        assert_eq!(d.provinces.len(), 34);
        assert_eq!(find("H21").map(|p| p.name.as_str()), Some("Gia Lai"));
        assert_eq!(
            find("tỉnh gia lai").map(|p| p.name.as_str()),
            Some("Gia Lai")
        );
        assert_eq!(find("Binh Dinh").map(|p| p.name.as_str()), Some("Gia Lai"));
        assert_eq!(find("TP HCM").map(|p| p.name.as_str()), Some("Hồ Chí Minh"));
        assert_eq!(find("Atlantis"), None);
        assert_eq!(find("Gia Lai").unwrap().full_name(), "Tỉnh Gia Lai");
    }

    #[test]
    fn localities_are_read_off_the_end() {
        let hn = find("Hà Nội").unwrap();
        let hcm = find("Hồ Chí Minh").unwrap();
        assert_eq!(
            split_locality("Sở Nông nghiệp và Môi trường Thành phố Hà Nội"),
            Some((
                "Sở Nông nghiệp và Môi trường".into(),
                Locality::Province(hn)
            ))
        );
        assert_eq!(
            split_locality("Sở An toàn thực phẩm - TP.HCM"),
            Some(("Sở An toàn thực phẩm".into(), Locality::Province(hcm)))
        );
        assert_eq!(
            split_locality("Sở Du lịch - TP. Hải Phòng").map(|(b, _)| b),
            Some("Sở Du lịch".into())
        );
        assert_eq!(
            split_locality("Sở Tài chính các tỉnh, thành phố"),
            Some(("Sở Tài chính".into(), Locality::Nationwide))
        );
        assert_eq!(split_locality("Ủy ban nhân dân cấp tỉnh"), None);
        // A place name inside a word is not a locality.
        assert_eq!(split_locality("Sở Văn hóa, Thể thao và Du lịch"), None);
    }

    #[test]
    fn foreign_agencies_fit_to_the_provinces_own_names() {
        let gia_lai = find("Gia Lai").unwrap();
        let mut ps = vec![
            procedure(
                "1.000001",
                &["Sở Nông nghiệp và Môi trường Thành phố Hà Nội"],
            ),
            procedure(
                "1.000002",
                &[
                    "Sở Văn hóa và Thể thao Thành phố Hà Nội",
                    "Sở Văn hóa, Thể thao và Du lịch",
                ],
            ),
            procedure("1.000003", &["Sở An toàn thực phẩm - TP.HCM"]),
            procedure("1.000004", &["Sở Tài chính các tỉnh, thành phố"]),
            procedure(
                "1.000008",
                &["Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương"],
            ),
            procedure("1.000009", &["Chủ tịch ủy ban nhân dân cấp tỉnh"]),
            procedure("1.000005", &["Sở Nông nghiệp và Môi trường - tỉnh Gia Lai"]),
            procedure(
                "1.000006",
                &["Sở Nông nghiệp và Môi trường", "Sở tài chính"],
            ),
            procedure(
                "1.000007",
                &["Sở Văn hóa, Thể thao và Du lịch", "Sở Tư pháp"],
            ),
        ];
        let fit = fit_agencies(&mut ps, gia_lai);
        assert_eq!(
            ps[0].executing_agencies,
            vec!["Sở Nông nghiệp và Môi trường"]
        );
        // Hà Nội's culture and sports department is the province's culture, sports and
        // tourism department; the repeat is dropped.
        assert_eq!(
            ps[1].executing_agencies,
            vec!["Sở Văn hóa, Thể thao và Du lịch"]
        );
        // No food-safety department in the catalog: left as it was, reported.
        assert_eq!(
            ps[2].executing_agencies,
            vec!["Sở An toàn thực phẩm - TP.HCM"]
        );
        // Spelled as the data file lists the agency, not as one record capitalised it.
        assert_eq!(ps[3].executing_agencies, vec!["Sở Tài chính"]);
        // The province's chair, an office the catalog names (spelled as the data file does).
        assert_eq!(
            ps[4].executing_agencies,
            vec!["Chủ tịch Ủy ban nhân dân cấp tỉnh"]
        );
        // The province's own agencies are untouched.
        assert_eq!(
            ps[6].executing_agencies,
            vec!["Sở Nông nghiệp và Môi trường - tỉnh Gia Lai"]
        );
        assert_eq!(fit.procedures_before, 5);
        assert_eq!(fit.procedures_after, 1);
        assert_eq!(fit.names_fitted, 4);
        assert_eq!(
            fit.unresolved,
            vec![(
                "1.000003".to_string(),
                "Sở An toàn thực phẩm - TP.HCM".to_string()
            )]
        );
        assert_eq!(fit.foreign_before.get("Hà Nội"), Some(&2));
    }

    #[test]
    fn detection_needs_a_clear_majority() {
        let mut ps: Vec<Procedure> = (0..12)
            .map(|i| procedure(&format!("1.0000{i:02}"), &["Sở Xây dựng - tỉnh Gia Lai"]))
            .collect();
        ps.push(procedure("1.000100", &["Sở Y tế Thành phố Hà Nội"]));
        assert_eq!(detect(&ps).map(|p| p.name.as_str()), Some("Gia Lai"));
        // 12 against 12: neither is more than half.
        ps.extend(
            (0..11).map(|i| procedure(&format!("1.0002{i:02}"), &["Sở Y tế Thành phố Hà Nội"])),
        );
        assert_eq!(detect(&ps), None);
    }
}
