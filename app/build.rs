//! Links the widget with its relocations kept (`--emit-relocs`): `wasm-split-cli` needs them to
//! move the views behind `#[wasm_split]` points into chunks of their own
//! (views/on_demand.rs, scripts/build-widget.sh). Set here, not in RUSTFLAGS, so only this
//! crate's link changes and the dependencies' builds stay shared with the other crates.
//!
//! Also writes the stylesheet the wasm embeds (src/style.rs) without its comments and
//! indentation: they are for people editing src/widget.css, and every citizen would download
//! them (about 0.6 KB brotli).
use std::path::Path;

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=src/widget.css");
    let css = std::fs::read_to_string("src/widget.css").expect("src/widget.css");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("widget.css");
    std::fs::write(target, compact(&css)).unwrap();
}

/// Drops `/* … */` comments and blank lines, and trims each line. Nothing else changes: the
/// stylesheet's strings (`content: "· "`) hold no comment marks and no line breaks.
fn compact(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        let end = rest[start + 2..]
            .find("*/")
            .unwrap_or_else(|| panic!("src/widget.css: a comment is not closed"));
        rest = &rest[start + 2 + end + 2..];
    }
    text.push_str(rest);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}
