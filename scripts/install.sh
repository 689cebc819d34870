#!/usr/bin/env bash
# Installs what is missing, at pinned versions, and skips what is already there.
#   scripts/install.sh build|test|size WORKER_BUILD_VERSION WASM_BINDGEN_VERSION WASM_SPLIT_VERSION \
#     [TWIGGY_VERSION]
# Everything comes from the package registries (crates.io, npm, Debian, PyPI): worker-build and
# trunk-style downloads from GitHub are avoided by pointing the build at these binaries.
set -euo pipefail
mode=$1 worker_build_version=$2 wasm_bindgen_version=$3 wasm_split_version=$4 twiggy_version=${5:-}
cd "$(dirname "$0")/.."
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ -z "$wasm_bindgen_version" ]; then
  echo "install.sh: no wasm-bindgen version found in Cargo.lock" >&2
  exit 1
fi
installed=$(cargo install --list 2>/dev/null || true)
has_crate() { grep -qx "$1 v$2:" <<<"$installed" && [ -x "$cargo_bin/$3" ]; }

if ! has_crate wasm-bindgen-cli "$wasm_bindgen_version" wasm-bindgen; then
  step "cargo install wasm-bindgen-cli $wasm_bindgen_version (one-off, several minutes)"
  # Not --locked: its own lockfile names a webpki-roots version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "=$wasm_bindgen_version" --force
fi

if ! has_crate worker-build "$worker_build_version" worker-build; then
  step "cargo install worker-build $worker_build_version (one-off, several minutes)"
  cargo install worker-build --version "=$worker_build_version" --locked --force
fi

if ! has_crate wasm_split_cli_support "$wasm_split_version" wasm-split-cli; then
  step "cargo install wasm_split_cli_support $wasm_split_version (wasm-split-cli; one-off, minutes)"
  cargo install wasm_split_cli_support --version "=$wasm_split_version" --features build-binary \
    --locked --force
fi

# `make size` reads what each part of the widget's wasm costs with twiggy.
if [ "$mode" = size ] && ! has_crate twiggy "$twiggy_version" twiggy; then
  step "cargo install twiggy $twiggy_version (one-off, minutes)"
  cargo install twiggy --version "=$twiggy_version" --locked --force
fi

# npm ci when node_modules was not installed from this exact package-lock.json.
if ! cmp -s package-lock.json node_modules/.motcua-installed-lock; then
  step "npm ci"
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.motcua-installed-lock
fi

[ "$mode" = test ] || exit 0

apt_missing=()
command -v chromium >/dev/null || apt_missing+=(chromium)
command -v chromedriver >/dev/null || apt_missing+=(chromium-driver)
command -v wrk >/dev/null || apt_missing+=(wrk)
# libfuzzer-sys (the fuzz crate, compile-checked by `make lint`) builds libFuzzer's C++.
command -v c++ >/dev/null || apt_missing+=(g++)
if [ ${#apt_missing[@]} -gt 0 ]; then
  step "apt-get install ${apt_missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${apt_missing[@]}"
fi

# Python tools for API contract tests, pinned in tests/contract/requirements.txt.
if [ -f tests/contract/requirements.txt ]; then
  if [ ! -x .venv/bin/python ] || ! cmp -s tests/contract/requirements.txt .venv/.requirements; then
    step "python venv + pip install -r tests/contract/requirements.txt"
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check -r tests/contract/requirements.txt
    cp tests/contract/requirements.txt .venv/.requirements
  fi
fi
