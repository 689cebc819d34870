#!/usr/bin/env bash
# Runs the widget's wasm-bindgen tests in Debian's headless Chromium through chromedriver.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=60
cd app
cargo test --target wasm32-unknown-unknown
