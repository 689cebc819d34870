//! The ranking's numbers in one place. A procedure's score is its share of the query (each
//! word weighted by how rare it is, times the quality of its best match, times where in the
//! procedure it matched) plus a bonus from its name, reduced by variant penalties
//! (`variants.tsv`). They are judged by the labelled queries of `bench/search/queries.jsonl`
//! (`make search-report`): change one only with that report at hand.

use super::index::{IN_AGENCY, IN_FIELD, IN_KEYWORDS, IN_NAME};

/// Every weight the ranking uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Weights {
    /// A word in the name: citizens name the procedure they want, so this is full evidence.
    pub name: f32,
    /// A word in the field (lĩnh vực): the topic, but shared by hundreds of procedures.
    pub field: f32,
    /// A word in the keywords (result names, "Giấy khai sinh"): citizens' own words for what
    /// they get, a little below the field because they also name by-products.
    pub keywords: f32,
    /// A word in the agency only: who does it, the weakest evidence of what it is.
    pub agency: f32,

    /// A query word spelled as in the catalog (after folding).
    pub exact: f32,
    /// A word read from Telex or VNI residue ("dang ky" typed as "ddawng kys"): almost surely
    /// what was meant, a hair below what was typed.
    pub decoded: f32,
    /// A catalog word the last query word, still being typed, is a prefix of.
    pub prefix: f32,
    /// A catalog word starting with a one-letter last word: barely evidence yet, but the list
    /// must not go blank while typing.
    pub letter: f32,
    /// A catalog word one edit away from the query word.
    pub one_typo: f32,
    /// A catalog word two edits away (long words only, see `text::allowed_typos`).
    pub two_typos: f32,
    /// A word typed with diacritics, in a name that has the same letters with other marks
    /// ("tử" typed, "từ" in the name): usually another word, sometimes a slip of the typist.
    pub other_marks: f32,

    /// Neighbouring query words that stand side by side in the name (share of such pairs).
    pub phrase: f32,
    /// Share of the name's words the query covers: "đăng ký khai sinh" is the procedure named
    /// just that before the long variants that contain it.
    pub specificity: f32,
    /// Per word of the query's opening that opens the name, in order (up to
    /// `scoring::OPENING_WORDS`).
    pub opening_word: f32,
    /// Share of the query words typed with diacritics that match the name's marked forms
    /// exactly ("hôn" over "hơn").
    pub diacritics: f32,
    /// The procedure serves citizens ("Công dân Việt Nam" among its subjects): within a family
    /// of siblings, what a citizen searching is most likely to need.
    pub citizens: f32,
    /// The procedure is done at the commune, where citizens go since the two-tier reform.
    pub commune: f32,
    /// The largest name bonus: at least the six above and the largest common-need bonus
    /// (`common.tsv`, 0.1) together (0.65), with room for rounding. Ranking stops scoring names once a share plus this cannot reach the page.
    pub max_name_bonus: f32,

    /// What a variant's penalty (`variants.tsv`) takes off the score, per unit: enough to put
    /// the variant after the procedure it varies (same words, same phrase), not so much that
    /// procedures sharing none of the query's phrase pass it ("khai tử lưu động" stays before
    /// "khai thuế … từ …").
    pub variant: f32,

    /// A procedure whose code is the code in the query: above any text match.
    pub code: f32,
    /// A procedure whose national part is the query's code (`1.012753` for `1.012753.H19`).
    pub base_code: f32,

    /// Least share of the query a procedure must match to be listed at all.
    pub min_coverage: f32,
    /// Least share relative to the best procedure's: a procedure matching half of what the
    /// best matches is still listed, one matching less is noise.
    pub relative_coverage: f32,

    /// The verdict (`verdict.rs`): least share of the query a hit must cover to answer it.
    pub found_coverage: f32,
    /// Least share of the query's neighbouring word pairs standing together in the name.
    pub found_pairs: f32,
    /// Least share of the query matched in the name's opening clause.
    pub found_head: f32,
    /// Least share of the opening clause's words the query matches.
    pub found_fill: f32,
    /// A word the catalog does not know, as a share of the rarest word's weight: citizens add
    /// words no catalog says ("online", "nhỏ"), but a need's key word missing everywhere
    /// ("flycam", "sim") means the catalog lacks it.
    pub unknown_word: f32,
}

pub(crate) const WEIGHTS: Weights = Weights {
    name: 1.0,
    field: 0.45,
    keywords: 0.4,
    agency: 0.3,

    exact: 1.0,
    decoded: 0.95,
    prefix: 0.85,
    letter: 0.6,
    one_typo: 0.75,
    two_typos: 0.55,
    other_marks: 0.6,

    phrase: 0.3,
    specificity: 0.12,
    opening_word: 0.03,
    diacritics: 0.04,
    citizens: 0.03,
    commune: 0.03,
    max_name_bonus: 0.75,

    variant: 0.5,

    code: 1000.0,
    base_code: 900.0,

    min_coverage: 0.2,
    relative_coverage: 0.5,

    found_coverage: 0.7,
    found_pairs: 0.3,
    found_head: 0.2,
    found_fill: 0.25,
    unknown_word: 0.6,
};

impl Weights {
    /// Weight of a match by the best part it occurs in (a posting's part mask): name ≫ field,
    /// keywords ≫ agency.
    pub fn part(&self, mask: u8) -> f32 {
        if mask & IN_NAME != 0 {
            self.name
        } else if mask & IN_FIELD != 0 {
            self.field
        } else if mask & IN_KEYWORDS != 0 {
            self.keywords
        } else if mask & IN_AGENCY != 0 {
            self.agency
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_covers_every_name_bonus() {
        let w = WEIGHTS;
        assert!(
            w.max_name_bonus
                >= w.phrase
                    + w.specificity
                    + w.opening_word * super::super::scoring::OPENING_WORDS as f32
                    + w.diacritics
                    + w.citizens
                    + w.commune
                    + super::super::common::MAX_BONUS
        );
    }

    #[test]
    fn parts_and_qualities_keep_their_order() {
        let w = WEIGHTS;
        assert!(w.name > w.field && w.field > w.keywords && w.keywords > w.agency);
        assert_eq!(w.part(IN_NAME | IN_AGENCY), w.name);
        assert_eq!(w.part(IN_KEYWORDS | IN_AGENCY), w.keywords);
        assert_eq!(w.part(0), 0.0);
        assert!(w.exact > w.decoded && w.decoded > w.prefix && w.prefix > w.one_typo);
        assert!(w.one_typo > w.letter && w.letter > w.two_typos);
        assert!(w.code > w.base_code && w.base_code > 1.0 + w.max_name_bonus);
    }
}
