//! Links the widget with its relocations kept (`--emit-relocs`): `wasm-split-cli` needs them to
//! move the views behind `#[wasm_split]` points into chunks of their own
//! (views/on_demand.rs, scripts/build-widget.sh). Set here, not in RUSTFLAGS, so only this
//! crate's link changes and the dependencies' builds stay shared with the other crates.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=--emit-relocs");
    }
}
