//! Vietnamese text handling small enough for the widget: a table of the precomposed
//! Vietnamese letters instead of Unicode normalisation tables; NFC and NFD input; folding to
//! ASCII (đ → d); tone placement (hoà = hòa); i/y spelling variants (kí = ký); Telex and VNI
//! residue; bounded edit distance.

mod distance;
mod input_method;
mod letters;
mod tokens;

pub use distance::{allowed_typos, bounded_distance};
pub use input_method::{decode_input_method, decode_telex, decode_vni, is_syllable};
pub use letters::{Letter, Modifier, Tone};
pub use tokens::{compose, fold, for_each_word, push_folded, push_marked, tokenize, Token};
