//! What the Worker runtime supplies to the dossier handlers: the clock, randomness, the holiday
//! calendar (parsed once per isolate) and the two secrets.

use crate::error::ApiError;
use motcua_core::deadline::{HolidayCalendar, Timestamp};
use motcua_core::messages::{Api, Bilingual, Message};
use std::sync::OnceLock;
use worker::js_sys::{Function, Reflect};
use worker::wasm_bindgen::{JsCast, JsValue};
use worker::Env;

/// The server clock in Unix seconds.
pub fn now() -> Timestamp {
    Timestamp((worker::Date::now().as_millis() / 1000) as i64)
}

/// A fresh random salt for a phone verifier: `crypto.randomUUID()` (122 random bits from the
/// runtime's CSPRNG).
pub fn random_salt() -> worker::Result<String> {
    let global = worker::js_sys::global();
    let crypto = Reflect::get(&global, &JsValue::from_str("crypto"))?;
    let random_uuid: Function = Reflect::get(&crypto, &JsValue::from_str("randomUUID"))?
        .dyn_into()
        .map_err(|_| worker::Error::RustError("crypto.randomUUID is not available".into()))?;
    random_uuid
        .call0(&crypto)?
        .as_string()
        .ok_or_else(|| worker::Error::RustError("crypto.randomUUID returned no string".into()))
}

/// Vietnam's working-day calendar, parsed from core's embedded data once per isolate.
pub fn calendar() -> &'static HolidayCalendar {
    static CALENDAR: OnceLock<HolidayCalendar> = OnceLock::new();
    CALENDAR.get_or_init(HolidayCalendar::vietnam)
}

/// The secrets the dossier flows need (Worker secrets in production, `.dev.vars` locally).
#[derive(Clone, Copy, Debug)]
pub enum SecretName {
    /// Shared with the one-stop system; signs event batches.
    IngestSecret,
    /// The ingest secret being retired, accepted too while it is set (rotation overlap).
    IngestSecretPrevious,
    /// Keys the stored phone verifiers.
    VerifyPepper,
}

impl SecretName {
    fn binding(self) -> &'static str {
        match self {
            SecretName::IngestSecret => "INGEST_SECRET",
            SecretName::IngestSecretPrevious => "INGEST_SECRET_PREVIOUS",
            SecretName::VerifyPepper => "VERIFY_PEPPER",
        }
    }
}

/// A secret's value; a missing or empty secret is a deployment fault (503), never a default.
pub fn secret(env: &Env, name: SecretName) -> Result<String, ApiError> {
    let value = env
        .secret(name.binding())
        .map(|s| s.to_string())
        .unwrap_or_default();
    if value.is_empty() {
        worker::console_error!("secret {} is not configured", name.binding());
        let Bilingual { vi, en } = Api::DossiersNotConfigured.both(&[]);
        return Err(ApiError::Unavailable { vi, en });
    }
    Ok(value)
}

/// A secret that may be absent (unset or empty: `None`).
pub fn optional_secret(env: &Env, name: SecretName) -> Option<String> {
    env.secret(name.binding())
        .map(|s| s.to_string())
        .ok()
        .filter(|s| !s.is_empty())
}
