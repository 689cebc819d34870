//! Dossier codes (mã hồ sơ): `{agency identifier}-{yyMMdd}-{sequence}`, e.g.
//! `000.00.06.H56-231027-0361`, and the national portal's own `G22.99-251225-020175`.
//!
//! Agency identifiers follow the electronic identifier scheme for agencies (Decision
//! 20/2020/QĐ-TTg, amended by Decision 09/2025/QĐ-TTg): four dot-separated groups written from
//! the lowest level to the highest — 3 digits, 2 digits, 2 digits, then the level-1 code: `H` +
//! 2 digits for a province, `G` + 2 digits for a ministry or central body. The national portal
//! uses a two-part form (`G22.99`).

use crate::deadline::CivilDate;
use crate::messages::{self, Lang, Message};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Shortest and longest sequence accepted (`0361` has 4 digits; the national portal uses 6;
/// some systems more).
pub const SEQUENCE_DIGITS: std::ops::RangeInclusive<usize> = 3..=8;

/// An agency's electronic identifier (mã định danh), canonical upper case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgencyId(String);

/// A dossier code, canonical form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DossierCode {
    agency: AgencyId,
    received: CivilDate,
    sequence: String,
}

/// What is wrong with a code, precise enough to tell the citizen what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// Nothing (or only spaces) was given.
    Empty,
    /// Longer than any real code: probably a pasted paragraph.
    TooLong,
    /// A character no code contains (only digits, letters, dots and dashes).
    UnexpectedCharacter(char),
    /// Not three parts separated by dashes.
    WrongShape,
    /// The agency part is not a valid identifier.
    Agency(AgencyError),
    /// The date part is not six digits.
    DateFormat,
    /// Six digits but no such day (e.g. 250230).
    DateNotReal,
    /// The sequence is not 3–8 digits.
    SequenceFormat,
    /// The sequence is all zeros.
    SequenceZero,
}

/// What is wrong with an agency identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgencyError {
    /// Neither four groups (`000.00.06.H56`) nor the portal's two (`G22.99`).
    GroupCount,
    /// The highest-level group is not H or G followed by two digits.
    LevelOneCode,
    /// A lower-level group has the wrong number of digits (3, 2, 2).
    GroupDigits,
}

/// A character as a message may show it (an invisible one as `U+XXXX`).
fn echo(c: char) -> String {
    crate::messages::excerpt(c.encode_utf8(&mut [0; 4]))
}

impl CodeError {
    /// Its words in the language tables; the key's name is also its stable machine name.
    fn words(&self) -> messages::Code {
        use messages::Code;
        match self {
            CodeError::Empty => Code::Empty,
            CodeError::TooLong => Code::TooLong,
            CodeError::UnexpectedCharacter(_) => Code::UnexpectedCharacter,
            CodeError::WrongShape => Code::WrongShape,
            CodeError::Agency(AgencyError::GroupCount) => Code::AgencyGroupCount,
            CodeError::Agency(AgencyError::LevelOneCode) => Code::AgencyLevelOneCode,
            CodeError::Agency(AgencyError::GroupDigits) => Code::AgencyGroupDigits,
            CodeError::DateFormat => Code::DateFormat,
            CodeError::DateNotReal => Code::DateNotReal,
            CodeError::SequenceFormat => Code::SequenceFormat,
            CodeError::SequenceZero => Code::SequenceZero,
        }
    }

    /// What is wrong, for the citizen, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CodeError::UnexpectedCharacter(c) => self.words().fill(lang, &[("char", &echo(*c))]),
            CodeError::SequenceFormat => self.words().fill(
                lang,
                &[
                    ("min", SEQUENCE_DIGITS.start()),
                    ("max", SEQUENCE_DIGITS.end()),
                ],
            ),
            _ => self.words().text(lang).to_string(),
        }
    }

    /// A stable machine-readable name (for problem+json `type`s and logs): `date_not_real`.
    pub fn kind(&self) -> &'static str {
        let key = self.words().key();
        key.strip_prefix("code.").unwrap_or(key)
    }
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for CodeError {}

impl fmt::Display for AgencyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&CodeError::Agency(*self).message(Lang::En))
    }
}

impl std::error::Error for AgencyError {}

/// Longest input we look at (after trimming); real codes are under 30 characters.
const MAX_INPUT_CHARS: usize = 64;

/// Maps what people paste to what codes are written with: fullwidth forms to ASCII, every
/// Unicode dash and minus to `-`, whitespace and invisible characters dropped, upper case.
fn normalise(input: &str) -> Result<String, CodeError> {
    let mut out = String::with_capacity(input.len());
    for (count, raw) in input.chars().enumerate() {
        if count > MAX_INPUT_CHARS * 4 {
            return Err(CodeError::TooLong);
        }
        // Fullwidth ASCII (U+FF01–FF5E) sits 0xFEE0 above ASCII.
        let ch = match raw {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(raw as u32 - 0xFEE0).unwrap_or(raw),
            _ => raw,
        };
        match ch {
            c if c.is_whitespace() => {}
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '-' => out.push('-'),
            '\u{3002}' | '\u{FF61}' => out.push('.'),
            c if c.is_ascii_alphanumeric() || c == '.' => out.push(c.to_ascii_uppercase()),
            c => return Err(CodeError::UnexpectedCharacter(c)),
        }
    }
    if out.is_empty() {
        return Err(CodeError::Empty);
    }
    if out.chars().count() > MAX_INPUT_CHARS {
        return Err(CodeError::TooLong);
    }
    Ok(out)
}

fn is_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_level_one(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 3 && matches!(b[0], b'H' | b'G') && b[1..].iter().all(u8::is_ascii_digit)
}

impl AgencyId {
    /// Parses an identifier (case and surrounding spaces forgiven).
    pub fn parse(input: &str) -> Result<AgencyId, CodeError> {
        let text = normalise(input)?;
        if text.contains('-') {
            return Err(CodeError::UnexpectedCharacter('-'));
        }
        Self::parse_normalised(&text).map_err(CodeError::Agency)
    }

    fn parse_normalised(text: &str) -> Result<AgencyId, AgencyError> {
        let groups: Vec<&str> = text.split('.').collect();
        match groups.as_slice() {
            [g4, g3, g2, g1] => {
                if !is_level_one(g1) {
                    return Err(AgencyError::LevelOneCode);
                }
                if !(is_digits(g4, 3) && is_digits(g3, 2) && is_digits(g2, 2)) {
                    return Err(AgencyError::GroupDigits);
                }
            }
            // The national portal's own form: level-1 code first, then a 2-digit unit.
            [g1, unit] => {
                if !is_level_one(g1) {
                    return Err(AgencyError::LevelOneCode);
                }
                if !is_digits(unit, 2) {
                    return Err(AgencyError::GroupDigits);
                }
            }
            _ => return Err(AgencyError::GroupCount),
        }
        Ok(AgencyId(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province (`H..`) or ministry (`G..`) code this agency belongs to.
    pub fn level_one(&self) -> &str {
        let mut groups = self.0.split('.');
        let first = groups.next().unwrap_or("");
        if is_level_one(first) {
            first
        } else {
            self.0.rsplit('.').next().unwrap_or("")
        }
    }
}

impl fmt::Display for AgencyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl DossierCode {
    /// Parses what a citizen typed or pasted; see the module docs for the accepted forms.
    pub fn parse(input: &str) -> Result<DossierCode, CodeError> {
        let text = normalise(input)?;
        let parts: Vec<&str> = text.split('-').collect();
        let [agency, date, sequence] = parts.as_slice() else {
            return Err(CodeError::WrongShape);
        };
        if agency.is_empty() || date.is_empty() || sequence.is_empty() {
            return Err(CodeError::WrongShape);
        }
        let agency = AgencyId::parse_normalised(agency).map_err(CodeError::Agency)?;
        if !is_digits(date, 6) {
            return Err(CodeError::DateFormat);
        }
        let b = date.as_bytes();
        let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
        // yy is 2000–2099: electronic one-stop codes start well after 2000.
        let received = CivilDate::new(2000 + i32::from(two(0)), two(2), two(4))
            .ok_or(CodeError::DateNotReal)?;
        check_sequence(sequence)?;
        Ok(DossierCode {
            agency,
            received,
            sequence: sequence.to_string(),
        })
    }

    pub fn agency(&self) -> &AgencyId {
        &self.agency
    }

    /// The receiving date written in the code.
    pub fn received_date(&self) -> CivilDate {
        self.received
    }

    /// The sequence as written (leading zeros kept: they are part of the code).
    pub fn sequence(&self) -> &str {
        &self.sequence
    }

    /// Builds a code from its parts (for generators); the sequence is zero-padded to `width`.
    pub fn from_parts(
        agency: AgencyId,
        received: CivilDate,
        sequence: u32,
        width: usize,
    ) -> Result<DossierCode, CodeError> {
        let sequence = format!("{sequence:0width$}");
        check_sequence(&sequence)?;
        Ok(DossierCode {
            agency,
            received,
            sequence,
        })
    }
}

/// The sequence rule, for parsed and generated codes alike: `SEQUENCE_DIGITS` digits, not all zeros.
fn check_sequence(sequence: &str) -> Result<(), CodeError> {
    if !SEQUENCE_DIGITS.contains(&sequence.len()) || !sequence.bytes().all(|c| c.is_ascii_digit()) {
        return Err(CodeError::SequenceFormat);
    }
    if sequence.bytes().all(|c| c == b'0') {
        return Err(CodeError::SequenceZero);
    }
    Ok(())
}

impl fmt::Display for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{:02}{:02}{:02}-{}",
            self.agency,
            self.received.year() % 100,
            self.received.month(),
            self.received.day(),
            self.sequence
        )
    }
}

impl std::str::FromStr for DossierCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DossierCode::parse(s)
    }
}

impl Serialize for DossierCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DossierCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        DossierCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for AgencyId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for AgencyId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        AgencyId::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(input: &str) -> String {
        DossierCode::parse(input)
            .map(|c| c.to_string())
            .unwrap_or_else(|e| format!("ERR {e:?}"))
    }

    #[test]
    fn valid_codes_round_trip() {
        for code in [
            "000.00.06.H56-231027-0361",
            "000.17.22.H56-210531-0001",
            "G22.99-251225-020175",
            "000.00.12.G02-250101-12345678",
        ] {
            assert_eq!(canon(code), code);
        }
        let code = DossierCode::parse("000.00.06.H56-231027-0361").unwrap();
        assert_eq!(code.agency().level_one(), "H56");
        assert_eq!(code.received_date().to_string(), "2023-10-27");
        assert_eq!(code.sequence(), "0361");
        let portal = DossierCode::parse("G22.99-251225-020175").unwrap();
        assert_eq!(portal.agency().level_one(), "G22");
    }

    #[test]
    fn normalisation_forgives_what_people_paste() {
        let want = "000.00.06.H56-231027-0361";
        for messy in [
            "  000.00.06.h56-231027-0361 \n",
            "000.00.06.H56 - 231027 - 0361",
            "000.00.06.H56\n-231027-\t0361",
            "000.00.06.H56–231027—0361",
            "000.00.06.H56‐231027‑0361",
            "000.00.06.H56‒231027−0361",
            "０００.００.０６.Ｈ５６－２３１０２７－０３６１",
            "000．00．06．H56-231027-0361",
            "\u{FEFF}000.00.06.H56-231027-0361\u{200B}",
            "000.00.06.H56\u{00A0}-\u{3000}231027-0361",
        ] {
            assert_eq!(canon(messy), want, "{messy:?}");
        }
    }

    #[test]
    fn each_problem_is_named() {
        use AgencyError::*;
        let err = |s: &str| DossierCode::parse(s).unwrap_err();
        assert_eq!(err("   "), CodeError::Empty);
        assert_eq!(err(&"0".repeat(300)), CodeError::TooLong);
        assert_eq!(
            err("000.00.06.H56/231027/0361"),
            CodeError::UnexpectedCharacter('/')
        );
        // An invisible character is named, not echoed.
        let bidi = err("000.00.06.H56-2310\u{202E}27-0361");
        assert_eq!(bidi, CodeError::UnexpectedCharacter('\u{202E}'));
        assert!(
            bidi.message(Lang::Vi).ends_with("«U+202E»")
                && bidi.message(Lang::En).ends_with("«U+202E»")
        );
        assert_eq!(err("000.00.06.H56-2310270361"), CodeError::WrongShape);
        assert_eq!(err("000.00.06.H56-231027-0361-1"), CodeError::WrongShape);
        assert_eq!(err("000.00.06.H56--0361"), CodeError::WrongShape);
        assert_eq!(err("000.06.H56-231027-0361"), CodeError::Agency(GroupCount));
        assert_eq!(
            err("000.00.06.X56-231027-0361"),
            CodeError::Agency(LevelOneCode)
        );
        assert_eq!(
            err("000.00.06.H5-231027-0361"),
            CodeError::Agency(LevelOneCode)
        );
        assert_eq!(
            err("00.00.06.H56-231027-0361"),
            CodeError::Agency(GroupDigits)
        );
        assert_eq!(
            err("0A0.00.06.H56-231027-0361"),
            CodeError::Agency(GroupDigits)
        );
        assert_eq!(err("99.22G-251225-020175"), CodeError::Agency(LevelOneCode));
        assert_eq!(err("000.00.06.H56-23102-0361"), CodeError::DateFormat);
        assert_eq!(err("000.00.06.H56-23I027-0361"), CodeError::DateFormat);
        assert_eq!(err("000.00.06.H56-250230-0361"), CodeError::DateNotReal);
        assert_eq!(err("000.00.06.H56-231327-0361"), CodeError::DateNotReal);
        assert_eq!(err("000.00.06.H56-231027-03"), CodeError::SequenceFormat);
        assert_eq!(err("000.00.06.H56-231027-036A"), CodeError::SequenceFormat);
        assert_eq!(err("000.00.06.H56-231027-0000"), CodeError::SequenceZero);
        assert!(
            DossierCode::parse("000.00.06.H56-240229-0001").is_ok(),
            "leap day"
        );
        assert_eq!(err("000.00.06.H56-250229-0001").kind(), "date_not_real");
    }

    #[test]
    fn messages_exist_in_both_languages() {
        let e = DossierCode::parse("000.00.06.H56-23102-0361").unwrap_err();
        assert_eq!(
            e.message(Lang::Vi),
            "Phần ngày tiếp nhận trong mã phải gồm 6 chữ số (năm, tháng, ngày), ví dụ 250612 là ngày 12/06/2025"
        );
        assert_eq!(
            e.message(Lang::En),
            "The date part must be 6 digits (year, month, day), e.g. 250612 for 12 June 2025"
        );
        assert_eq!(e.to_string(), e.message(Lang::En));
        assert_eq!(
            CodeError::UnexpectedCharacter('#').message(Lang::Vi),
            "Mã hồ sơ có ký tự không hợp lệ: «#»"
        );
        assert_eq!(
            CodeError::SequenceFormat.message(Lang::En),
            "The sequence at the end must be 3 to 8 digits"
        );
        assert_eq!(
            CodeError::Agency(AgencyError::LevelOneCode).kind(),
            "agency_level_one_code"
        );
    }

    #[test]
    fn serde_uses_the_canonical_string() {
        let code: DossierCode =
            serde_json::from_str("\" 000.00.06.h56 – 231027 – 0361 \"").unwrap();
        assert_eq!(
            serde_json::to_string(&code).unwrap(),
            "\"000.00.06.H56-231027-0361\""
        );
        assert!(serde_json::from_str::<DossierCode>("\"nope\"").is_err());
    }
}
