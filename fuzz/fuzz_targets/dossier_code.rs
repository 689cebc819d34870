#![no_main]
//! Dossier codes as citizens type them: never a panic; a parsed code prints to a form that
//! parses to the same code.
use libfuzzer_sys::fuzz_target;
use motcua_core::dossier::DossierCode;
use motcua_core::messages::Lang;

fuzz_target!(|text: &str| {
    match DossierCode::parse(text) {
        Ok(code) => {
            let printed = code.to_string();
            assert_eq!(
                DossierCode::parse(&printed).as_ref(),
                Ok(&code),
                "{printed}"
            );
        }
        Err(e) => {
            let _ = (e.message(Lang::Vi), e.message(Lang::En));
        }
    }
});
