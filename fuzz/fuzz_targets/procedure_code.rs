#![no_main]
//! Procedure codes from paths (`/v1/procedures/{code}`) and imports: never a panic; a parsed
//! code parses again to itself.
use libfuzzer_sys::fuzz_target;
use motcua_core::catalog::ProcedureCode;

fuzz_target!(|text: &str| {
    if let Ok(code) = ProcedureCode::parse(text) {
        assert_eq!(ProcedureCode::parse(code.as_str()).as_ref(), Ok(&code));
        assert!(code.as_str().len() <= ProcedureCode::MAX_LEN);
    }
});
