//! The one canonical procedure (thủ tục hành chính) model every importer produces and the API
//! serves. Field names are stable snake_case: this JSON is part of the public API.
//!
//! What a source does not say stays `None` or empty; importers never invent values.

use crate::messages::{Catalog, Lang};
use serde::{Deserialize, Serialize};

/// The processing time's one type, shared with the deadline arithmetic; its catalog JSON is
/// `{"amount": 5.0, "unit": "working_day"}`.
pub use crate::deadline::{ProcessingTime, TimeUnit};

/// Implementation level (cấp thực hiện). A procedure may apply at several levels at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Cấp bộ.
    Ministry,
    /// Cấp tỉnh.
    Province,
    /// Cấp huyện: abolished on 1 July 2025, but older records still say it. Kept rather than
    /// silently re-mapped so consumers can decide (most such procedures moved to Cấp xã).
    District,
    /// Cấp xã.
    Commune,
    /// Cơ quan khác.
    Other,
}

impl Level {
    /// Every level, in display order.
    pub const ALL: [Level; 5] = [
        Level::Ministry,
        Level::Province,
        Level::District,
        Level::Commune,
        Level::Other,
    ];

    /// Its name for citizens (the Vietnamese is the portal's own).
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::Ministry => Catalog::LevelMinistry,
            Level::Province => Catalog::LevelProvince,
            Level::District => Catalog::LevelDistrict,
            Level::Commune => Catalog::LevelCommune,
            Level::Other => Catalog::LevelOther,
        }
        .text(lang)
    }

    /// Stable machine name (same as the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Ministry => "ministry",
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
            Level::Other => "other",
        }
    }
}

/// A way to submit a dossier (hình thức nộp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Trực tuyến.
    Online,
    /// Dịch vụ bưu chính.
    Postal,
    /// Trực tiếp.
    InPerson,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Online, Channel::Postal, Channel::InPerson];

    /// Its name for citizens.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Channel::Online => Catalog::ChannelOnline,
            Channel::Postal => Catalog::ChannelPostal,
            Channel::InPerson => Catalog::ChannelInPerson,
        }
        .text(lang)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Postal => "postal",
            Channel::InPerson => "in_person",
        }
    }
}

/// Kind of charge: phí (fee for a service) or lệ phí (state charge).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// Phí.
    Fee,
    /// Lệ phí.
    Charge,
}

impl FeeKind {
    /// Its name for citizens.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            FeeKind::Fee => Catalog::FeeFee,
            FeeKind::Charge => Catalog::FeeCharge,
        }
        .text(lang)
    }
}

/// One fee line of a way to submit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fee {
    pub kind: Option<FeeKind>,
    /// Amount in `currency` when the source states a number (0 = free, "Miễn phí").
    pub amount: Option<f64>,
    /// ISO code when known (the portal uses VND).
    pub currency: Option<String>,
    /// The source's own wording (conditions, brackets, "Miễn phí"...).
    pub description: Option<String>,
}

/// One way to submit (cách thức thực hiện) with its own time and fees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Way {
    pub channel: Channel,
    pub processing_time: Option<ProcessingTime>,
    pub fees: Vec<Fee>,
    /// Free text the source gives with this way (often the exact deadline rule).
    pub description: Option<String>,
}

/// A downloadable form (mẫu đơn, tờ khai) attached to a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    pub name: String,
    /// Absolute download URL when the source gives one.
    pub url: Option<String>,
    /// The portal's storage path when only that is known (its download base URL is not part
    /// of the published data, so no URL is built from it).
    pub file_path: Option<String>,
}

/// A paper to bring (thành phần hồ sơ), shaped for a "what to bring" checklist: a short `name`
/// to tick, the counts, and the rest of the source's wording in `note`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The paper's name, short enough for a checklist line: list bullets removed, and a long
    /// source text cut before its legal references or conditions (the cut-off part is `note`).
    pub name: String,
    /// Number of originals (bản chính). `None` when the source states no count (it writes
    /// "0 bản chính" and no copies for "not stated"); a count written inside the name
    /// ("…: 01 bản chụp") is read into the counts and removed from the name.
    pub original_count: Option<u32>,
    /// Number of copies (bản sao; a "bản chụp", photocopy, counts as a copy).
    pub copy_count: Option<u32>,
    /// Whether it is mandatory, when the source says.
    pub required: Option<bool>,
    pub forms: Vec<Form>,
    /// The case (trường hợp) this paper belongs to, when the procedure has several. Papers of
    /// the same case form one group; the group without a case comes first.
    pub case: Option<String>,
    /// What the source says beyond the short name: legal references ("theo Mẫu số 1 …"),
    /// conditions, the alternatives it accepts. Absent (not `null`) when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Document {
    /// A paper with only its name known.
    pub fn new(name: impl Into<String>) -> Document {
        Document {
            name: name.into(),
            original_count: None,
            copy_count: None,
            required: None,
            forms: Vec::new(),
            case: None,
            note: None,
        }
    }
}

/// A remark in the documents section that is not a paper to bring: the sources list rules,
/// exemptions and headings as rows with "0 bản chính", which a checklist must not offer to
/// tick. Kept with the case (group) it was listed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentNote {
    /// The case (trường hợp) it was listed under, like [`Document::case`].
    pub case: Option<String>,
    pub text: String,
}

/// A legal document the procedure rests on (căn cứ pháp lý). One entry per number: the
/// importers merge repeated numbers and title fragments ("Nghị định số") into one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalBasis {
    /// Số hiệu, e.g. `67/2013/NĐ-CP`.
    pub number: Option<String>,
    /// Trích yếu / title.
    pub title: Option<String>,
}

/// The paper the citizen receives (kết quả thực hiện).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureResult {
    pub name: String,
    /// e.g. `KQ.G02.000137`.
    pub code: Option<String>,
}

/// A field (lĩnh vực), e.g. "Hộ tịch".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    /// e.g. `G02-CT05`.
    pub code: Option<String>,
}

/// Online service level (Decree 42/2022/NĐ-CP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnlineLevel {
    /// Toàn trình: entirely online.
    Full,
    /// Một phần: partly online.
    Partial,
    /// Not available online.
    Offline,
}

impl OnlineLevel {
    /// Every online level, in display order.
    pub const ALL: [OnlineLevel; 3] = [
        OnlineLevel::Full,
        OnlineLevel::Partial,
        OnlineLevel::Offline,
    ];

    /// Its name for citizens, with what it means.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            OnlineLevel::Full => Catalog::OnlineFull,
            OnlineLevel::Partial => Catalog::OnlinePartial,
            OnlineLevel::Offline => Catalog::OnlineOffline,
        }
        .text(lang)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OnlineLevel::Full => "full",
            OnlineLevel::Partial => "partial",
            OnlineLevel::Offline => "offline",
        }
    }
}

/// A part of a procedure an importer filled from an enriching input (the national data, by
/// code) because the catalog's own records lacked it; listed in [`Procedure::enriched`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilledPart {
    Levels,
    ProcedureType,
    RegulationType,
    Fields,
    CompetentAgencies,
    ExecutingAgencies,
    Subjects,
    Steps,
    /// The ways to submit as a whole (the record had none).
    Ways,
    /// A processing time of at least one way (whole ways filled, or one way's time).
    ProcessingTime,
    /// The fees of at least one way (whole ways filled, or one way's fees).
    Fees,
    /// The papers to bring as a whole.
    Documents,
    /// Original/copy counts of papers the record named without them.
    DocumentCounts,
    /// Forms of papers the record named without them.
    Forms,
    Conditions,
    Results,
    LegalBasis,
    OnlineLevel,
    SourceUrl,
    DecisionNumber,
    LastUpdated,
}

impl FilledPart {
    /// Every part, in the model's field order.
    pub const ALL: [FilledPart; 21] = [
        FilledPart::Levels,
        FilledPart::ProcedureType,
        FilledPart::RegulationType,
        FilledPart::Fields,
        FilledPart::CompetentAgencies,
        FilledPart::ExecutingAgencies,
        FilledPart::Subjects,
        FilledPart::Steps,
        FilledPart::Ways,
        FilledPart::ProcessingTime,
        FilledPart::Fees,
        FilledPart::Documents,
        FilledPart::DocumentCounts,
        FilledPart::Forms,
        FilledPart::Conditions,
        FilledPart::Results,
        FilledPart::LegalBasis,
        FilledPart::OnlineLevel,
        FilledPart::SourceUrl,
        FilledPart::DecisionNumber,
        FilledPart::LastUpdated,
    ];

    /// Stable machine name (same as the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            FilledPart::Levels => "levels",
            FilledPart::ProcedureType => "procedure_type",
            FilledPart::RegulationType => "regulation_type",
            FilledPart::Fields => "fields",
            FilledPart::CompetentAgencies => "competent_agencies",
            FilledPart::ExecutingAgencies => "executing_agencies",
            FilledPart::Subjects => "subjects",
            FilledPart::Steps => "steps",
            FilledPart::Ways => "ways",
            FilledPart::ProcessingTime => "processing_time",
            FilledPart::Fees => "fees",
            FilledPart::Documents => "documents",
            FilledPart::DocumentCounts => "document_counts",
            FilledPart::Forms => "forms",
            FilledPart::Conditions => "conditions",
            FilledPart::Results => "results",
            FilledPart::LegalBasis => "legal_basis",
            FilledPart::OnlineLevel => "online_level",
            FilledPart::SourceUrl => "source_url",
            FilledPart::DecisionNumber => "decision_number",
            FilledPart::LastUpdated => "last_updated",
        }
    }
}

/// One administrative procedure, merged from every source that describes it.
///
/// The fields after `last_updated` were added later; they are absent from the JSON (not
/// `null` or `[]`) when empty, and default to empty when read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Procedure {
    /// Mã thủ tục, e.g. `1.001193` or province-specific `1.012753.H19`.
    pub code: String,
    /// Tên thủ tục, cleaned (trimmed, whitespace collapsed, stray numbering removed).
    pub name: String,
    /// Cấp thực hiện; several may apply. Empty when unknown.
    pub levels: Vec<Level>,
    /// Loại thủ tục, in the portal's Vietnamese wording (e.g. "TTHC Tiêu chuẩn", "TTHC nội bộ";
    /// the API's `type`).
    pub procedure_type: Option<String>,
    /// How the law assigns it (the API's `formalityType`, e.g. "TTHC được giao luật quy định
    /// chi tiết"); a separate axis from `procedure_type`.
    pub regulation_type: Option<String>,
    /// Lĩnh vực.
    pub fields: Vec<Field>,
    /// Cơ quan ban hành / có thẩm quyền (competent, issuing).
    pub competent_agencies: Vec<String>,
    /// Cơ quan thực hiện (executing).
    pub executing_agencies: Vec<String>,
    /// Đối tượng thực hiện (citizens, enterprises...).
    pub subjects: Vec<String>,
    /// Trình tự thực hiện, one entry per step.
    pub steps: Vec<String>,
    /// Cách thức thực hiện.
    pub ways: Vec<Way>,
    /// Thành phần hồ sơ: the papers to bring, in groups by `case`.
    pub documents: Vec<Document>,
    /// Yêu cầu, điều kiện.
    pub conditions: Option<String>,
    /// Kết quả thực hiện.
    pub results: Vec<ProcedureResult>,
    /// Căn cứ pháp lý.
    pub legal_basis: Vec<LegalBasis>,
    pub online_level: Option<OnlineLevel>,
    /// The portal page describing it.
    pub source_url: Option<String>,
    /// Số quyết định công bố.
    pub decision_number: Option<String>,
    /// Last update at the source, RFC 3339 UTC (e.g. `2026-04-10T15:57:11Z`).
    pub last_updated: Option<String>,
    /// Remarks of the documents section that are not papers (rules, exemptions, headings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_notes: Vec<DocumentNote>,
    /// The code of another procedure in this catalog with the same name (compared without
    /// case, extra spaces or final punctuation), chosen as its group's representative: the one
    /// with the most parts stated, then the lowest code. Absent on the representative and on
    /// procedures whose name is unique, so search can show one entry per name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// The parts filled from an enriching input (the national data, by code) because this
    /// catalog's own records lacked them, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enriched: Vec<FilledPart>,
}

/// The compact form used in list results and the widget's index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub code: String,
    pub name: String,
    pub levels: Vec<Level>,
    pub fields: Vec<String>,
    /// The first executing agency, else the first competent one.
    pub agency: Option<String>,
    pub online_level: Option<OnlineLevel>,
}

impl Procedure {
    /// A procedure with only its identity known; everything else empty.
    pub fn new(code: impl Into<String>, name: impl Into<String>) -> Self {
        Procedure {
            code: code.into(),
            name: name.into(),
            levels: Vec::new(),
            procedure_type: None,
            regulation_type: None,
            fields: Vec::new(),
            competent_agencies: Vec::new(),
            executing_agencies: Vec::new(),
            subjects: Vec::new(),
            steps: Vec::new(),
            ways: Vec::new(),
            documents: Vec::new(),
            conditions: None,
            results: Vec::new(),
            legal_basis: Vec::new(),
            online_level: None,
            source_url: None,
            decision_number: None,
            last_updated: None,
            document_notes: Vec::new(),
            duplicate_of: None,
            enriched: Vec::new(),
        }
    }

    pub fn summary(&self) -> Summary {
        Summary {
            code: self.code.clone(),
            name: self.name.clone(),
            levels: self.levels.clone(),
            fields: self.fields.iter().map(|f| f.name.clone()).collect(),
            agency: self.summary_agency().map(str::to_string),
            online_level: self.online_level,
        }
    }

    /// The agency a summary names: the first executing agency, else the first competent one.
    pub fn summary_agency(&self) -> Option<&str> {
        self.executing_agencies
            .first()
            .or_else(|| self.competent_agencies.first())
            .map(String::as_str)
    }

    pub fn has_level(&self, level: Level) -> bool {
        self.levels.contains(&level)
    }

    /// Whether any way to submit is online, or the online level says so.
    pub fn is_online(&self) -> bool {
        matches!(
            self.online_level,
            Some(OnlineLevel::Full | OnlineLevel::Partial)
        ) || self.ways.iter().any(|w| w.channel == Channel::Online)
    }

    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.name.as_str())
    }

    pub fn agency_names(&self) -> impl Iterator<Item = &str> {
        self.executing_agencies
            .iter()
            .chain(self.competent_agencies.iter())
            .map(String::as_str)
    }

    pub fn subject_names(&self) -> impl Iterator<Item = &str> {
        self.subjects.iter().map(String::as_str)
    }

    pub fn document_names(&self) -> impl Iterator<Item = &str> {
        self.documents.iter().map(|d| d.name.as_str())
    }

    pub fn result_names(&self) -> impl Iterator<Item = &str> {
        self.results.iter().map(|r| r.name.as_str())
    }

    /// Every text a citizen might search by besides the name, in rough order of relevance:
    /// fields, results, documents, subjects, agencies, conditions. Steps and legal titles are
    /// left out: they are long and mostly legal boilerplate.
    pub fn body_texts(&self) -> impl Iterator<Item = &str> {
        self.field_names()
            .chain(self.result_names())
            .chain(self.document_names())
            .chain(self.subject_names())
            .chain(self.agency_names())
            .chain(self.conditions.as_deref())
    }

    /// [`Procedure::body_texts`] joined with newlines.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for text in self.body_texts() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(text);
        }
        out
    }

    /// The shortest processing time stated across ways (units other than `Other`).
    pub fn shortest_time(&self) -> Option<&ProcessingTime> {
        self.ways
            .iter()
            .filter_map(|w| w.processing_time.as_ref())
            .filter(|t| t.unit != TimeUnit::Other)
            .min_by(|a, b| {
                a.approx_hours()
                    .partial_cmp(&b.approx_hours())
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Procedure {
        let mut p = Procedure::new("1.001193", "Đăng ký khai sinh");
        p.levels = vec![Level::Commune];
        p.fields.push(Field {
            name: "Hộ tịch".into(),
            code: None,
        });
        p.executing_agencies.push("Ủy ban nhân dân cấp xã".into());
        p.documents.push(Document {
            original_count: Some(1),
            copy_count: Some(0),
            required: Some(true),
            ..Document::new("Tờ khai đăng ký khai sinh")
        });
        p.ways.push(Way {
            channel: Channel::Online,
            processing_time: Some(ProcessingTime {
                amount: 1.0,
                unit: TimeUnit::WorkingDay,
            }),
            fees: vec![],
            description: None,
        });
        p
    }

    #[test]
    fn serialises_with_snake_case_names() {
        let json = serde_json::to_string(&sample()).unwrap();
        assert!(json.contains("\"levels\":[\"commune\"]"));
        assert!(json.contains("\"channel\":\"online\""));
        assert!(json.contains("\"unit\":\"working_day\""));
        assert!(json.contains("\"original_count\":1"));
        assert!(json.contains("\"online_level\":null"));
        // Later additions are absent when empty, so older readers and artefacts line up.
        assert!(!json.contains("\"note\""));
        assert!(!json.contains("duplicate_of"));
        assert!(!json.contains("enriched"));
        let back: Procedure = serde_json::from_str(&json).unwrap();
        assert_eq!(back, sample());
    }

    #[test]
    fn summary_and_text_helpers() {
        let p = sample();
        let s = p.summary();
        assert_eq!(s.agency.as_deref(), Some("Ủy ban nhân dân cấp xã"));
        assert_eq!(s.fields, vec!["Hộ tịch".to_string()]);
        assert!(p.body_text().contains("Tờ khai đăng ký khai sinh"));
        assert!(p.is_online());
        assert_eq!(p.shortest_time().map(|t| t.amount), Some(1.0));
    }
}
