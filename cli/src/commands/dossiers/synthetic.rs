//! The synthetic-data generator: realistic dossiers of one province (agencies, procedures from
//! a catalog, applicants, stories from on-time results to apologies and withdrawals) and the
//! event stream a one-stop system would send for them. Deadlines come from core's calendar;
//! nothing here decides a rule, it only invents data.

use super::rng::Rng;
use motcua_core::catalog::{Procedure, ProcedureCode};
use motcua_core::deadline::{
    appointment, CivilDate, HolidayCalendar, OfficeHours, ProcessingTime, TimeUnit, Timestamp,
};
use motcua_core::dossier::{
    AgencyId, DossierCode, IngestApplicant, IngestEvent, IngestProcessingTime, Status,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// Digits of a generated dossier's sequence (`0361`), as provincial systems write it.
const SEQUENCE_WIDTH: usize = 4;

/// A procedure the generator can use.
pub struct CatalogProcedure {
    code: String,
    name: String,
    processing: ProcessingTime,
}

/// The part of a catalog artefact the generator reads.
#[derive(serde::Deserialize)]
struct Catalog {
    procedures: Vec<Procedure>,
}

/// The catalog's procedures that make plausible synthetic dossiers: a valid code and a
/// processing time short enough to keep histories within a few months of "now".
pub fn read_catalog(path: &Path) -> Result<Vec<CatalogProcedure>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let catalog: Catalog = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}: not a catalog with a `procedures` array: {e}",
            path.display()
        )
    })?;
    let mut out = Vec::new();
    for p in catalog.procedures {
        // The first way whose processing time we can compute with.
        let processing = p
            .ways
            .iter()
            .filter_map(|w| w.processing_time)
            .find_map(|t| ProcessingTime::new(t.amount, t.unit).ok());
        if let Some(processing) = processing {
            // Keep histories inside a few months of "now".
            let plausible = match processing.unit {
                TimeUnit::WorkingDay | TimeUnit::Day => processing.amount <= 60.0,
                TimeUnit::Hour => true,
                TimeUnit::Month | TimeUnit::Year | TimeUnit::Other => false,
            };
            if plausible && ProcedureCode::parse(&p.code).is_ok() {
                out.push(CatalogProcedure {
                    name: p.name.split_whitespace().collect::<Vec<_>>().join(" "),
                    code: p.code,
                    processing,
                });
            }
        }
    }
    if out.is_empty() {
        return Err("no procedure in the catalog has a usable processing time".into());
    }
    Ok(out)
}

/// What happens to a generated dossier.
#[derive(Debug, Clone, Copy)]
pub enum Story {
    DoneOnTime,
    DoneLate,
    Apology,
    Supplement,
    Payment,
    NotAccepted,
    Withdrawn,
    Stopped,
    InProgress,
}

impl Story {
    /// The steps the story adds once processing has started, each at most so many seconds
    /// after the one before.
    fn detour(self) -> &'static [(i64, Status, &'static str)] {
        match self {
            Story::Supplement => &[
                (
                    2 * DAY,
                    Status::SUPPLEMENT_REQUESTED,
                    "Bổ sung bản sao giấy tờ tùy thân có chứng thực",
                ),
                (3 * DAY, Status::PROCESSING, "Đã nhận hồ sơ bổ sung"),
            ],
            Story::Payment => &[
                (DAY, Status::PAYMENT_REQUIRED, "Nộp lệ phí theo thông báo"),
                (DAY, Status::PROCESSING, "Đã nộp lệ phí"),
            ],
            Story::Withdrawn => &[(2 * DAY, Status::WITHDRAWN, "Công dân có đơn xin rút hồ sơ")],
            Story::Stopped => &[(3 * DAY, Status::STOPPED, "Không đủ điều kiện giải quyết")],
            _ => &[],
        }
    }

    /// Whether the story ends with a result, made ready and then delivered.
    fn has_result(self) -> bool {
        !matches!(
            self,
            Story::NotAccepted | Story::Withdrawn | Story::Stopped | Story::InProgress
        )
    }
}

fn pick_story(rng: &mut Rng) -> Story {
    match rng.below(100) {
        0..=29 => Story::DoneOnTime,
        30..=39 => Story::DoneLate,
        40..=51 => Story::Apology,
        52..=66 => Story::Supplement,
        67..=71 => Story::Payment,
        72..=75 => Story::NotAccepted,
        76..=78 => Story::Withdrawn,
        79..=80 => Story::Stopped,
        _ => Story::InProgress,
    }
}

/// One generated dossier: its code, the phone digits that verify it, its story and events.
pub struct Generated {
    pub code: DossierCode,
    pub last4: String,
    pub story: Story,
    pub events: Vec<IngestEvent>,
}

/// What [`generate`] made: the dossiers, and all their events in delivery order.
pub struct Synthetic {
    pub dossiers: Vec<Generated>,
    pub stream: Vec<IngestEvent>,
}

/// Generates up to `count` dossiers of `province`'s agencies over `procedures`. The same seed,
/// catalog and `now` give the same output.
pub fn generate(
    procedures: &[CatalogProcedure],
    province: &str,
    count: usize,
    seed: u64,
    now: Timestamp,
    calendar: &HolidayCalendar,
) -> Synthetic {
    let mut rng = Rng(seed ^ 0x6d6f_7463_7561);
    let mut generator = Generator {
        seed,
        now,
        procedures,
        agencies: agencies(province, &mut rng),
        calendar,
        sequences: BTreeMap::new(),
    };
    let mut dossiers = Vec::with_capacity(count);
    let mut attempts = 0;
    while dossiers.len() < count && attempts < count * 4 + 10 {
        attempts += 1;
        if let Some(g) = generator.dossier(dossiers.len(), &mut rng) {
            dossiers.push(g);
        }
    }
    let stream = delivery_order(&dossiers, &mut rng);
    Synthetic { dossiers, stream }
}

/// Every event in time order across dossiers, with ~5% of events arriving late (out of
/// order), as real upstream retries do.
fn delivery_order(dossiers: &[Generated], rng: &mut Rng) -> Vec<IngestEvent> {
    let mut stream: Vec<IngestEvent> = dossiers.iter().flat_map(|d| d.events.clone()).collect();
    stream.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    for i in 0..stream.len().saturating_sub(3) {
        if rng.chance(5) {
            stream.swap(i, i + 1 + rng.below(3) as usize);
        }
    }
    stream
}

fn province_name(code: &str) -> String {
    let known = [
        ("H21", "Gia Lai"),
        ("H56", "Thanh Hóa"),
        ("H29", "Thành phố Hồ Chí Minh"),
        ("H19", "Đồng Nai"),
        ("H01", "Thành phố Hà Nội"),
    ];
    known
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| format!("tỉnh {code}"))
}

/// Agencies of a province: the public-administration service centre, departments (Sở) and
/// commune people's committees. Identifiers follow the 4-group scheme; numbers are synthetic.
fn agencies(province: &str, rng: &mut Rng) -> Vec<(AgencyId, String)> {
    let pname = province_name(province);
    let mut list = vec![(
        "000.00.06".to_string(),
        format!("Trung tâm Phục vụ hành chính công tỉnh {pname}"),
    )];
    let departments = [
        "Sở Tư pháp",
        "Sở Xây dựng",
        "Sở Tài chính",
        "Sở Nội vụ",
        "Sở Y tế",
        "Sở Giáo dục và Đào tạo",
        "Sở Nông nghiệp và Môi trường",
        "Sở Công Thương",
    ];
    for (i, d) in departments.iter().enumerate() {
        list.push((format!("000.00.{:02}", 10 + i), format!("{d} tỉnh {pname}")));
    }
    let communes = [
        ("xã", "Ia Grai"),
        ("phường", "Hội Phú"),
        ("xã", "Chư Sê"),
        ("xã", "Đak Đoa"),
        ("phường", "Thống Nhất"),
        ("xã", "Tân Lập"),
        ("xã", "Hòa Bình"),
        ("phường", "An Phú"),
    ];
    for (i, (kind, name)) in communes.iter().enumerate() {
        let group = 30 + rng.below(20);
        list.push((
            format!("000.{:02}.{group:02}", i + 1),
            format!("UBND {kind} {name}"),
        ));
    }
    list.into_iter()
        .filter_map(|(prefix, name)| {
            AgencyId::parse(&format!("{prefix}.{province}"))
                .ok()
                .map(|id| (id, name))
        })
        .collect()
}

fn random_name(rng: &mut Rng) -> String {
    const FAMILY: [&str; 16] = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
        "Hồ", "Ngô", "Dương", "Lý",
    ];
    const MIDDLE: [&str; 10] = [
        "Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Hoàng",
    ];
    const GIVEN: [&str; 20] = [
        "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hùng", "Hương",
        "Khánh", "Lan", "Linh", "Nam", "Phúc", "Quỳnh", "Sơn", "Thảo", "Tuấn",
    ];
    format!(
        "{} {} {}",
        rng.pick(&FAMILY),
        rng.pick(&MIDDLE),
        rng.pick(&GIVEN)
    )
}

/// A random instant during office hours of the working day `date`.
fn office_time(date: CivilDate, rng: &mut Rng) -> Timestamp {
    let minutes = if rng.chance(50) {
        7 * 60 + 30 + rng.below(240)
    } else {
        13 * 60 + rng.below(240)
    };
    Timestamp::from_vn_local(date, minutes as i64 * 60)
}

/// An instant between `from` and `to` (inclusive), moved into office hours of a working day.
fn between(from: Timestamp, to: Timestamp, calendar: &HolidayCalendar, rng: &mut Rng) -> Timestamp {
    let span = (to.0 - from.0).max(1) as u64;
    let raw = Timestamp(from.0 + rng.below(span) as i64);
    let date = calendar.this_or_next_working_day(raw.vn_date());
    let t = office_time(date, rng);
    if t <= from {
        Timestamp(from.0 + 600)
    } else {
        t
    }
}

/// One step of a dossier's history, before it is written as an event.
struct Step {
    status: Status,
    at: Timestamp,
    note: Option<String>,
    /// A new appointment announced with this step (an apology).
    new_appointment: Option<Timestamp>,
}

impl Step {
    fn new(status: Status, at: Timestamp) -> Step {
        Step {
            status,
            at,
            note: None,
            new_appointment: None,
        }
    }

    fn noted(status: Status, at: Timestamp, note: &str) -> Step {
        Step {
            note: Some(note.to_string()),
            ..Step::new(status, at)
        }
    }
}

/// The generator's fixed inputs and the sequence numbers handed out so far.
struct Generator<'a> {
    seed: u64,
    now: Timestamp,
    procedures: &'a [CatalogProcedure],
    agencies: Vec<(AgencyId, String)>,
    calendar: &'a HolidayCalendar,
    /// The last sequence per agency and day, so codes are unique and increasing.
    sequences: BTreeMap<(String, CivilDate), u32>,
}

impl Generator<'_> {
    /// One dossier: received on a working day in the last ~45 days, then its story's steps up
    /// to now. `None` when the draw lands in the future or leaves no event.
    fn dossier(&mut self, index: usize, rng: &mut Rng) -> Option<Generated> {
        let calendar = self.calendar;
        let now = self.now;
        let office = OfficeHours::default();
        let procedure = rng.pick(self.procedures);
        let (agency, agency_name) = rng.pick(&self.agencies).clone();
        // Received on a working day in the last ~45 days; 1 in 10 filed online out of hours.
        let back = 1 + rng.below(45) as i64;
        let day = now.vn_date().add_days(-back);
        let online = rng.chance(35);
        let received_at = if online && rng.chance(30) {
            Timestamp::from_vn_local(day, (19 * 60 + rng.below(180) as i64) * 60)
        } else {
            office_time(calendar.this_or_next_working_day(day), rng)
        };
        if received_at >= now {
            return None;
        }
        let received_date = received_at.vn_date();
        let sequence = self
            .sequences
            .entry((agency.to_string(), received_date))
            .and_modify(|n| *n += 1 + rng.below(3) as u32)
            .or_insert(1 + rng.below(40) as u32);
        let code =
            DossierCode::from_parts(agency.clone(), received_date, *sequence, SEQUENCE_WIDTH)
                .ok()?;
        let due = appointment(received_at, procedure.processing, calendar, &office);
        let last4 = format!("{:04}", rng.below(10_000));
        let story = pick_story(rng);
        let steps = self.steps(story, online, received_at, due, rng);

        let with_appointment = rng.chance(80);
        let seed = self.seed;
        let events = steps
            .into_iter()
            .filter(|step| step.at <= now)
            .enumerate()
            .map(|(n, step)| {
                let first = n == 0;
                IngestEvent {
                    id: format!("gen-{seed}-{index}-{n}"),
                    dossier: code.to_string(),
                    status: Value::from(step.status.code()),
                    at: step.at.to_rfc3339_vn(),
                    procedure: first.then(|| procedure.code.clone()),
                    procedure_name: first.then(|| procedure.name.clone()),
                    agency: first.then(|| agency.to_string()),
                    agency_name: first.then(|| agency_name.clone()),
                    received_at: first.then(|| received_at.to_rfc3339_vn()),
                    appointment_at: if first
                        && with_appointment
                        && step.status != Status::NOT_ACCEPTED
                    {
                        Some(due.to_rfc3339_vn())
                    } else {
                        step.new_appointment.map(Timestamp::to_rfc3339_vn)
                    },
                    processing_time: first.then(|| IngestProcessingTime {
                        amount: procedure.processing.amount,
                        unit: procedure.processing.unit.as_str().to_string(),
                    }),
                    applicant: first.then(|| IngestApplicant {
                        name: Some(random_name(rng)),
                        phone_last4: Some(last4.clone()),
                    }),
                    note: step.note,
                }
            })
            .collect::<Vec<_>>();
        if events.is_empty() {
            return None;
        }
        Some(Generated {
            code,
            last4,
            story,
            events,
        })
    }

    /// An instant up to `seconds` after `t`, moved into office hours of a working day.
    fn within(&self, t: Timestamp, seconds: i64, rng: &mut Rng) -> Timestamp {
        between(t, Timestamp(t.0 + seconds), self.calendar, rng)
    }

    /// The steps of `story` from the receipt on (some may lie after now; the caller drops
    /// them). `due` is the appointment the procedure's processing time gives.
    fn steps(
        &self,
        story: Story,
        online: bool,
        received_at: Timestamp,
        due: Timestamp,
        rng: &mut Rng,
    ) -> Vec<Step> {
        let calendar = self.calendar;
        let mut steps = Vec::new();
        let mut t = received_at;
        if online {
            steps.push(Step::noted(Status::SUBMITTED, t, "Nộp trực tuyến"));
            t = self.within(t, DAY, rng);
        }
        if matches!(story, Story::NotAccepted) {
            steps.push(Step::noted(
                Status::NOT_ACCEPTED,
                t,
                "Hồ sơ chưa đúng thành phần theo quy định",
            ));
            return steps;
        }
        steps.push(Step::new(Status::RECEIVED, t));
        t = self.within(t, 4 * HOUR, rng);
        steps.push(Step::new(Status::PROCESSING, t));
        for &(seconds, status, note) in story.detour() {
            t = self.within(t, seconds, rng);
            steps.push(Step::noted(status, t, note));
        }
        let mut deadline = due;
        if let Story::Apology = story {
            let before_due = Timestamp(due.0 - DAY).max(Timestamp(t.0 + HOUR));
            t = between(t, before_due, calendar, rng);
            let extra = 2 + rng.below(5) as u32;
            let new_date = calendar.add_working_days(due.vn_date(), extra);
            deadline = Timestamp::from_vn_local(new_date, due.vn_second_of_day());
            steps.push(Step {
                new_appointment: Some(deadline),
                ..Step::noted(
                    Status::PROCESSING,
                    t,
                    "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
                )
            });
        }
        if story.has_result() {
            let ready = if let Story::DoneLate = story {
                let days = 1 + rng.below(4) as u32;
                office_time(calendar.add_working_days(deadline.vn_date(), days), rng)
            } else {
                between(
                    t,
                    Timestamp(deadline.0 - HOUR / 2).max(Timestamp(t.0 + HOUR / 2)),
                    calendar,
                    rng,
                )
            };
            steps.push(Step::new(Status::RESULT_READY, ready));
            let delivered = self.within(ready, 2 * DAY, rng);
            steps.push(Step::new(Status::RESULT_DELIVERED, delivered));
        }
        steps
    }
}
