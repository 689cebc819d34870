//! `motcua dossiers`: synthetic dossiers and event streams for development, request signing
//! for curl, and the SQL the edge runs (for a local D1 or sqlite3). All rules come from
//! `motcua_core::dossier` and `motcua_core::deadline`; this file only invents data.

use super::CommandResult;
use clap::Subcommand;
use motcua_core::catalog::{Procedure, ProcedureCode};
use motcua_core::deadline::{
    appointment, CivilDate, HolidayCalendar, OfficeHours, ProcessingTime, TimeUnit, Timestamp,
};
use motcua_core::dossier::{
    fold, sign, store, validate_batch, AgencyId, ApplyContext, DossierCode, Event, IngestApplicant,
    IngestBatch, IngestEvent, IngestProcessingTime, MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH,
    SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const DEV_PEPPER: &str = "dev-only-verify-pepper";

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: DossiersCommand,
}

#[derive(Subcommand)]
enum DossiersCommand {
    /// Generate realistic synthetic dossiers: event batches to POST, or SQL to seed D1.
    Generate(GenerateArgs),
    /// Print the X-Motcua-Timestamp and X-Motcua-Signature headers for a request body file.
    Sign(SignArgs),
    /// Print the statements the edge runs to ingest an events file (inline SQL for sqlite3 or
    /// `wrangler d1 execute --file`).
    IngestSql(IngestSqlArgs),
}

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  motcua dossiers generate --catalog data/sample-catalog.json --count 200 --seed 7 --events-out /tmp/events.json\n  \
motcua dossiers generate --catalog data/sample-catalog.json --sql-out /tmp/seed.sql && \
npx wrangler d1 execute motcua --local --file /tmp/seed.sql"
)]
struct GenerateArgs {
    /// Catalog artefact (JSON with a `procedures` array).
    #[arg(long)]
    catalog: PathBuf,
    /// Number of dossiers.
    #[arg(long, default_value_t = 50)]
    count: usize,
    /// PRNG seed: the same seed, catalog and --now give the same output.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Province (H + 2 digits) or ministry (G + 2 digits) code of the agencies.
    #[arg(long = "agency-province", default_value = "H21")]
    agency_province: String,
    /// The generator's "now" (RFC 3339); no event is later. Default: the system clock.
    #[arg(long)]
    now: Option<String>,
    /// Write `{"events": [...]}` batches here (split into FILE-002.json, … when over the
    /// per-batch limits).
    #[arg(long = "events-out", required_unless_present = "sql_out")]
    events_out: Option<PathBuf>,
    /// Write SQL seeding dossier_events and dossiers with the state the core computes.
    #[arg(long = "sql-out")]
    sql_out: Option<PathBuf>,
    /// Pepper for the phone verifiers in --sql-out (must match the Worker's VERIFY_PEPPER).
    /// Default: env VERIFY_PEPPER, else the development value.
    #[arg(long = "verify-pepper")]
    verify_pepper: Option<String>,
}

#[derive(clap::Args)]
struct SignArgs {
    /// Shared secret (the Worker's INGEST_SECRET). Default: env INGEST_SECRET.
    #[arg(long)]
    secret: Option<String>,
    /// Unix seconds; default now.
    #[arg(long)]
    timestamp: Option<i64>,
    /// The exact body file that will be sent.
    file: PathBuf,
}

#[derive(clap::Args)]
struct IngestSqlArgs {
    /// An events file as written by `generate --events-out`.
    file: PathBuf,
    /// The edge's clock (RFC 3339); default the system clock.
    #[arg(long)]
    now: Option<String>,
    /// Default: env VERIFY_PEPPER, else the development value.
    #[arg(long = "verify-pepper")]
    verify_pepper: Option<String>,
    /// Seed for the per-dossier salts (the edge uses real randomness).
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run(args: Args) -> CommandResult {
    match args.command {
        DossiersCommand::Generate(a) => generate(a),
        DossiersCommand::Sign(a) => sign_file(a),
        DossiersCommand::IngestSql(a) => ingest_sql(a),
    }
}

/// The pepper from the flag, else env VERIFY_PEPPER, else the development value.
fn pepper(flag: Option<String>) -> String {
    flag.or_else(|| std::env::var("VERIFY_PEPPER").ok())
        .unwrap_or_else(|| DEV_PEPPER.to_string())
}

fn system_now() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Timestamp(secs)
}

fn parse_now(now: Option<&str>) -> Result<Timestamp, Box<dyn std::error::Error>> {
    match now {
        Some(text) => Ok(Timestamp::parse_rfc3339(text).map_err(|e| format!("--now: {e}"))?),
        None => Ok(system_now()),
    }
}

fn sign_file(args: SignArgs) -> CommandResult {
    let body = std::fs::read(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let secret = args
        .secret
        .or_else(|| std::env::var("INGEST_SECRET").ok())
        .ok_or("give --secret or set INGEST_SECRET")?;
    let timestamp = args.timestamp.unwrap_or_else(|| system_now().0);
    println!("{TIMESTAMP_HEADER}: {timestamp}");
    println!("{SIGNATURE_HEADER}: {}", sign(&secret, timestamp, &body));
    Ok(())
}

/// SplitMix64: tiny, fast, deterministic; quality is ample for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn hex(&mut self, bytes: usize) -> String {
        (0..bytes)
            .map(|_| format!("{:02x}", self.below(256)))
            .collect()
    }
}

fn ingest_sql(args: IngestSqlArgs) -> CommandResult {
    let now = parse_now(args.now.as_deref())?;
    let body = std::fs::read(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let events = validate_batch(&body, now)?;
    let calendar = HolidayCalendar::vietnam();
    let verify_pepper = pepper(args.verify_pepper);
    let mut rng = Rng(args.seed);
    for event in &events {
        let salt = rng.hex(16);
        let ctx = ApplyContext {
            verify_pepper: &verify_pepper,
            salt: &salt,
            now,
            calendar: &calendar,
        };
        for statement in store::ingest_statements(event, &ctx) {
            println!("{}", statement.to_inline_sql());
        }
    }
    Ok(())
}

/// A procedure the generator can use.
struct CatalogProcedure {
    code: String,
    name: String,
    processing: ProcessingTime,
}

/// The part of a catalog artefact the generator reads.
#[derive(serde::Deserialize)]
struct Catalog {
    procedures: Vec<Procedure>,
}

fn read_catalog(path: &Path) -> Result<Vec<CatalogProcedure>, Box<dyn std::error::Error>> {
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

/// What happens to a generated dossier.
#[derive(Debug, Clone, Copy)]
enum Story {
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

struct Generated {
    code: DossierCode,
    last4: String,
    story: Story,
    events: Vec<IngestEvent>,
}

#[allow(clippy::too_many_arguments)]
fn generate_dossier(
    index: usize,
    seed: u64,
    now: Timestamp,
    procedures: &[CatalogProcedure],
    agencies: &[(AgencyId, String)],
    calendar: &HolidayCalendar,
    sequences: &mut BTreeMap<(String, CivilDate), u32>,
    rng: &mut Rng,
) -> Option<Generated> {
    let office = OfficeHours::default();
    let procedure = rng.pick(procedures);
    let (agency, agency_name) = rng.pick(agencies).clone();
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
    let sequence = sequences
        .entry((agency.to_string(), received_date))
        .and_modify(|n| *n += 1 + rng.below(3) as u32)
        .or_insert(1 + rng.below(40) as u32);
    let code = DossierCode::from_parts(agency.clone(), received_date, *sequence, 4).ok()?;
    let due = appointment(received_at, procedure.processing, calendar, &office);
    let last4 = format!("{:04}", rng.below(10_000));
    let story = pick_story(rng);

    let mut steps: Vec<(u8, Timestamp, Option<String>, Option<Timestamp>)> = Vec::new();
    let mut t = received_at;
    if online {
        steps.push((1, t, Some("Nộp trực tuyến".to_string()), None));
        t = between(t, Timestamp(t.0 + 86_400), calendar, rng);
    }
    if matches!(story, Story::NotAccepted) {
        steps.push((
            3,
            t,
            Some("Hồ sơ chưa đúng thành phần theo quy định".to_string()),
            None,
        ));
    } else {
        steps.push((2, t, None, None));
        t = between(t, Timestamp(t.0 + 4 * 3600), calendar, rng);
        steps.push((4, t, None, None));
        let mut deadline = due;
        match story {
            Story::Supplement => {
                t = between(t, Timestamp(t.0 + 2 * 86_400), calendar, rng);
                steps.push((
                    5,
                    t,
                    Some("Bổ sung bản sao giấy tờ tùy thân có chứng thực".to_string()),
                    None,
                ));
                t = between(t, Timestamp(t.0 + 3 * 86_400), calendar, rng);
                steps.push((4, t, Some("Đã nhận hồ sơ bổ sung".to_string()), None));
            }
            Story::Payment => {
                t = between(t, Timestamp(t.0 + 86_400), calendar, rng);
                steps.push((6, t, Some("Nộp lệ phí theo thông báo".to_string()), None));
                t = between(t, Timestamp(t.0 + 86_400), calendar, rng);
                steps.push((4, t, Some("Đã nộp lệ phí".to_string()), None));
            }
            Story::Apology => {
                let before_due = Timestamp(due.0 - 86_400).max(Timestamp(t.0 + 3600));
                t = between(t, before_due, calendar, rng);
                let extra = 2 + rng.below(5) as u32;
                let new_date = calendar.add_working_days(due.vn_date(), extra);
                deadline = Timestamp::from_vn_local(new_date, due.vn_second_of_day());
                steps.push((
                    4,
                    t,
                    Some("Phiếu xin lỗi và hẹn lại ngày trả kết quả".to_string()),
                    Some(deadline),
                ));
            }
            _ => {}
        }
        match story {
            Story::Withdrawn => {
                t = between(t, Timestamp(t.0 + 2 * 86_400), calendar, rng);
                steps.push((
                    7,
                    t,
                    Some("Công dân có đơn xin rút hồ sơ".to_string()),
                    None,
                ));
            }
            Story::Stopped => {
                t = between(t, Timestamp(t.0 + 3 * 86_400), calendar, rng);
                steps.push((
                    8,
                    t,
                    Some("Không đủ điều kiện giải quyết".to_string()),
                    None,
                ));
            }
            Story::InProgress => {}
            _ => {
                let late = matches!(story, Story::DoneLate);
                let ready = if late {
                    let days = 1 + rng.below(4) as u32;
                    office_time(calendar.add_working_days(deadline.vn_date(), days), rng)
                } else {
                    between(
                        t,
                        Timestamp(deadline.0 - 1800).max(Timestamp(t.0 + 1800)),
                        calendar,
                        rng,
                    )
                };
                steps.push((9, ready, None, None));
                let delivered = between(ready, Timestamp(ready.0 + 2 * 86_400), calendar, rng);
                steps.push((10, delivered, None, None));
            }
        }
    }

    let with_appointment = rng.chance(80);
    let events = steps
        .into_iter()
        .filter(|(_, at, _, _)| *at <= now)
        .enumerate()
        .map(|(n, (status, at, note, new_date))| {
            let first = n == 0;
            IngestEvent {
                id: format!("gen-{seed}-{index}-{n}"),
                dossier: code.to_string(),
                status: Value::from(status),
                at: at.to_rfc3339_vn(),
                procedure: first.then(|| procedure.code.clone()),
                procedure_name: first.then(|| procedure.name.clone()),
                agency: first.then(|| agency.to_string()),
                agency_name: first.then(|| agency_name.clone()),
                received_at: first.then(|| received_at.to_rfc3339_vn()),
                appointment_at: if first && with_appointment && status != 3 {
                    Some(due.to_rfc3339_vn())
                } else {
                    new_date.map(Timestamp::to_rfc3339_vn)
                },
                processing_time: first.then(|| IngestProcessingTime {
                    amount: procedure.processing.amount,
                    unit: procedure.processing.unit.as_str().to_string(),
                }),
                applicant: first.then(|| IngestApplicant {
                    name: Some(random_name(rng)),
                    phone_last4: Some(last4.clone()),
                }),
                note,
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

/// Splits events into bodies within the per-batch limits.
fn batches(events: &[IngestEvent]) -> Result<Vec<String>, serde_json::Error> {
    let mut out = Vec::new();
    let mut current: Vec<IngestEvent> = Vec::new();
    for event in events {
        current.push(event.clone());
        let too_big = serde_json::to_string(&IngestBatch {
            events: current.clone(),
        })?
        .len()
            > MAX_BODY_BYTES;
        if current.len() > MAX_EVENTS_PER_BATCH || too_big {
            current.pop();
            out.push(serde_json::to_string_pretty(&IngestBatch {
                events: std::mem::take(&mut current),
            })?);
            current.push(event.clone());
        }
    }
    if !current.is_empty() {
        out.push(serde_json::to_string_pretty(&IngestBatch {
            events: current,
        })?);
    }
    Ok(out)
}

fn numbered(path: &Path, n: usize) -> PathBuf {
    if n == 1 {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("events");
    let ext = path.extension().and_then(|s| s.to_str()).unwrap_or("json");
    path.with_file_name(format!("{stem}-{n:03}.{ext}"))
}

fn generate(args: GenerateArgs) -> CommandResult {
    let now = parse_now(args.now.as_deref())?;
    let province = args.agency_province.trim().to_ascii_uppercase();
    if AgencyId::parse(&format!("000.00.06.{province}")).is_err() {
        return Err(
            format!("--agency-province {province}: expected H or G followed by 2 digits").into(),
        );
    }
    let procedures = read_catalog(&args.catalog)?;
    let calendar = HolidayCalendar::vietnam();
    let mut rng = Rng(args.seed ^ 0x6d6f_7463_7561);
    let agencies = agencies(&province, &mut rng);
    let mut sequences = BTreeMap::new();
    let mut dossiers = Vec::with_capacity(args.count);
    let mut attempts = 0;
    while dossiers.len() < args.count && attempts < args.count * 4 + 10 {
        attempts += 1;
        if let Some(g) = generate_dossier(
            dossiers.len(),
            args.seed,
            now,
            &procedures,
            &agencies,
            &calendar,
            &mut sequences,
            &mut rng,
        ) {
            dossiers.push(g);
        }
    }

    // Deliver in time order across dossiers, with ~5% of events arriving late (out of order),
    // as real upstream retries do.
    let mut stream: Vec<IngestEvent> = dossiers.iter().flat_map(|d| d.events.clone()).collect();
    stream.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    for i in 0..stream.len().saturating_sub(3) {
        if rng.chance(5) {
            stream.swap(i, i + 1 + rng.below(3) as usize);
        }
    }

    // Everything goes through the same validation the edge applies.
    let bodies = batches(&stream)?;
    let mut events: Vec<Event> = Vec::with_capacity(stream.len());
    for body in &bodies {
        events.extend(validate_batch(body.as_bytes(), now)?);
    }

    if let Some(path) = &args.events_out {
        for (i, body) in bodies.iter().enumerate() {
            let file = numbered(path, if bodies.len() == 1 { 1 } else { i + 1 });
            std::fs::write(&file, body).map_err(|e| format!("{}: {e}", file.display()))?;
            eprintln!("wrote {} ({} bytes)", file.display(), body.len());
        }
    }

    if let Some(path) = &args.sql_out {
        let mut sql = String::from(
            "-- Synthetic dossiers generated by `motcua dossiers generate`; development only.\n",
        );
        let mut by_code: BTreeMap<String, Vec<&Event>> = BTreeMap::new();
        for e in &events {
            by_code.entry(e.dossier.to_string()).or_default().push(e);
        }
        let verify_pepper = pepper(args.verify_pepper.clone());
        let mut salts = Rng(args.seed ^ 0x5a17);
        for (_, history) in by_code {
            let salt = salts.hex(16);
            let ctx = ApplyContext {
                verify_pepper: &verify_pepper,
                salt: &salt,
                now,
                calendar: &calendar,
            };
            for e in &history {
                let [insert_event, _] = store::ingest_statements(e, &ctx);
                sql.push_str(&insert_event.to_inline_sql());
                sql.push('\n');
            }
            if let Some(state) = fold(history.iter().copied(), &ctx) {
                sql.push_str(&store::insert_state(&state).to_inline_sql());
                sql.push('\n');
            }
        }
        std::fs::write(path, &sql).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {} ({} bytes)", path.display(), sql.len());
    }

    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in &dossiers {
        *counts.entry(format!("{:?}", d.story)).or_default() += 1;
    }
    eprintln!(
        "{} dossiers, {} events, {} batch(es); stories: {}",
        dossiers.len(),
        events.len(),
        bodies.len(),
        counts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    eprintln!("sample codes (phone last 4 digits for verification):");
    for d in dossiers.iter().take(5) {
        eprintln!("  {}  {}  ({:?})", d.code, d.last4, d.story);
    }
    Ok(())
}
