#![no_main]
//! Event batches as a one-stop system (or an attacker) POSTs them, and their signature headers:
//! never a panic; a refusal has its words in both languages.
use libfuzzer_sys::fuzz_target;
use motcua_core::deadline::Timestamp;
use motcua_core::dossier::{sign, validate_batch, verify_rotating};
use motcua_core::messages::Lang;

const NOW: i64 = 1_795_000_000;

fuzz_target!(|body: &[u8]| {
    match validate_batch(body, Timestamp(NOW)) {
        Ok(events) => assert!(!events.is_empty()),
        Err(e) => {
            let _ = (e.message(Lang::Vi), e.message(Lang::En));
        }
    }
    // The first line, if any, as the two headers.
    let text = String::from_utf8_lossy(body);
    let mut headers = text.lines().next().unwrap_or("").splitn(2, ' ');
    let (ts, sig) = (headers.next(), headers.next());
    let _ = verify_rotating("current", Some("previous"), ts, sig, body, NOW);
    let signed = sign("current", NOW, body);
    assert!(verify_rotating(
        "current",
        None,
        Some(&NOW.to_string()),
        Some(&signed),
        body,
        NOW
    )
    .is_ok());
});
