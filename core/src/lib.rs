//! motcua's domain core: pure logic shared by the `motcua` CLI (native), the edge Worker and
//! the widget (both wasm32). No I/O and no platform types live here.
//!
//! Modules are named for the domain:
//! - [`text`]: Vietnamese normalisation and folding (NFC/NFD, đ, tone placement, Telex/VNI residue).
//! - [`catalog`]: the procedure model, importers and the versioned catalog artefact.
//! - [`search`]: the index, citizen vocabulary and ranking.
//! - [`dossier`]: dossier codes, statuses, events and the state machine.
//! - [`deadline`]: working days, the holiday calendar and processing times.
//! - [`publish`]: a catalog version's entries in Workers KV (the catalog and its search index),
//!   the guard before it goes live, the kept versions and rollback, the Cron refresh's rules.
//! - [`api`]: the HTTP API's platform-free rules: query parameters, health, the request log line.
//! - [`messages`]: every citizen-facing text, one table per language (Vietnamese, English);
//!   core's types and errors speak through it (`Status::label(lang)`, `CodeError::message(lang)`),
//!   the edge and the widget only look texts up.
//! - [`access`]: who is asking: client keys for per-client limits, origins allowed to read
//!   dossier answers or frame motcua's pages.
//!
//! # Glossary
//!
//! | Vietnamese | in code | meaning |
//! |---|---|---|
//! | thủ tục hành chính (TTHC) | `Procedure` | an administrative procedure |
//! | hồ sơ | `Dossier` | one citizen's filed application |
//! | mã hồ sơ | `DossierCode` | the code on the receipt |
//! | phiếu tiếp nhận và hẹn trả kết quả | receipt | the paper given when a dossier is received |
//! | ngày hẹn trả | `appointment_at` | the date the result is promised |
//! | lĩnh vực | `field` | the procedure's field (sector) |
//! | cấp thực hiện | `level` | implementation level: Cấp bộ / tỉnh / xã / cơ quan khác |
//! | cơ quan thực hiện | `agency` | the executing agency |
//! | thành phần hồ sơ | `documents` | papers to bring |
//! | cách thức thực hiện | `ways` | ways to submit (online / postal / in person) |
//! | toàn trình / một phần | `OnlineLevel` | fully / partly online service |
//! | một cửa | one-stop | the one-stop desk and its software |
//! | phiếu xin lỗi và hẹn lại | apology | apology with a new appointment date |
//! | tiếng Việt / tiếng Anh | `messages::Lang` | the two languages every text is written in (`vi.tsv`, `en.tsv`) |

pub mod access;
pub mod api;
pub mod catalog;
mod data_file;
pub mod deadline;
pub mod dossier;
pub mod messages;
pub mod publish;
pub mod search;
mod sorting;
pub mod text;
