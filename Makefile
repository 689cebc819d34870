# motcua — two commands matter: `make dev` and `make test`. Everything else is what they use.
# Every tool the build needs is installed here, at a pinned version, when missing.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CARGO_HOME)/bin:$(CURDIR)/node_modules/.bin:$(PATH)

# Pinned tools. wasm-bindgen's CLI must match the crate in Cargo.lock exactly.
WORKER_BUILD_VERSION := 0.8.7
# Splits the widget's wasm into lazily loaded chunks (crate wasm_split_cli_support, binary
# wasm-split-cli): the runtime side is wasm_split_helpers, through leptos, in Cargo.lock.
WASM_SPLIT_VERSION := 0.2.4
# What each part of the widget's wasm costs (`make size`).
TWIGGY_VERSION := 0.8.0
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)

# Point worker-build at installed binaries: it would otherwise download them from GitHub.
export WASM_BINDGEN_BIN := $(CARGO_HOME)/bin/wasm-bindgen
export WASM_OPT_BIN := $(CURDIR)/node_modules/.bin/wasm-opt
export ESBUILD_BIN := $(CURDIR)/node_modules/.bin/esbuild
# Keep wrangler off the internet.
export WRANGLER_SEND_METRICS := false
export WRANGLER_SEND_ERROR_REPORTS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false

PORT ?= 8787
STATE ?= .wrangler/state
CATALOG ?= data/sample-catalog.json
NATIVE_BIN := target/native/motcua

EDGE_SOURCES := $(shell find edge/src core/src -type f) edge/Cargo.toml core/Cargo.toml core/build.rs Cargo.toml Cargo.lock
APP_SOURCES := $(shell find app/src app/loader core/src -type f) app/Cargo.toml app/build.rs core/Cargo.toml core/build.rs Cargo.toml Cargo.lock \
  scripts/build-widget.sh scripts/embed-texts.mjs scripts/quick-css.mjs

.PHONY: help dev build serve seed test lint unit wasm-test e2e deploy-check tools tools-build \
        tools-size tools-test edge widget cli search-report search-report-quick size perf bench fuzz clean

help: ## Show the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-15s %s\n", $$1, $$2 }'

dev: tools-build build seed ## Install what's missing, build, seed, serve the demo portal + API on :8787
	@echo
	@echo "  motcua is starting on http://127.0.0.1:$(PORT)/  (demo portal; API under /v1/)"
	@echo
	@scripts/serve.sh $(PORT) $(STATE)

build: tools-build edge widget cli ## Build the Worker, the widget and the CLI without serving

serve: ## Serve the last build on PORT (default 8787) without rebuilding
	@scripts/serve.sh $(PORT) $(STATE)

seed: cli ## Apply local D1 migrations and load the sample catalog and dossiers into local KV/D1
	@scripts/seed.sh $(STATE) $(CATALOG)

test: tools-test lint unit build deploy-check wasm-test e2e ## Install what's missing and run every test
	@echo "make test: all suites passed"

lint: ## cargo fmt --check and clippy (native and wasm32 crates); the fuzz targets still compile (stable)
	cargo fmt --all -- --check
	cargo clippy -p motcua-core -p motcua-cli --all-targets -- -D warnings
	cargo clippy -p motcua-edge -p motcua-app --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo fmt --manifest-path fuzz/Cargo.toml -- --check
	CARGO_TARGET_DIR=target/fuzz-check cargo check --manifest-path fuzz/Cargo.toml --bins

unit: ## Native unit and integration tests of the workspace
	cargo test -p motcua-core -p motcua-cli

wasm-test: ## The widget's wasm tests in headless Chromium
	@scripts/wasm-test.sh

e2e: ## End-to-end: real Worker in workerd, Debian's Chromium through playwright-core
	node --test --test-concurrency=1 tests/e2e/ tests/contract/

DEPLOY_ENVS := staging production

deploy-check: edge ## `wrangler deploy --dry-run` of each deployment environment (offline, no login)
	@mkdir -p tmp; for env in $(DEPLOY_ENVS); do \
	  echo "==> wrangler deploy --dry-run --env $$env"; \
	  npx wrangler deploy --dry-run --env "$$env" --outdir "tmp/deploy-$$env" > "tmp/deploy-$$env.log" 2>&1 \
	    || { cat "tmp/deploy-$$env.log"; exit 1; }; \
	  grep -q -- '--dry-run: exiting now' "tmp/deploy-$$env.log" || { cat "tmp/deploy-$$env.log"; exit 1; }; \
	done

tools-build: ## Install the build tools that are missing (pinned)
	@scripts/install.sh build $(WORKER_BUILD_VERSION) $(WASM_BINDGEN_VERSION) $(WASM_SPLIT_VERSION)

tools-size: ## Install the build tools and twiggy (for `make size`) when missing (pinned)
	@scripts/install.sh size $(WORKER_BUILD_VERSION) $(WASM_BINDGEN_VERSION) $(WASM_SPLIT_VERSION) $(TWIGGY_VERSION)

tools-test: ## Install the build and test tools that are missing (pinned)
	@scripts/install.sh test $(WORKER_BUILD_VERSION) $(WASM_BINDGEN_VERSION) $(WASM_SPLIT_VERSION)

edge: edge/build/index.js ## Build the Worker (incremental)
edge/build/index.js: $(EDGE_SOURCES)
	cd edge && worker-build --release
	@touch $@

widget: public/embed.js ## Build the widget and the loader into public/ (incremental)
public/embed.js: $(APP_SOURCES)
	@scripts/build-widget.sh

cli: $(NATIVE_BIN) ## Build the motcua CLI (optimised native build)
$(NATIVE_BIN): $(shell find cli/src core/src -type f) cli/Cargo.toml core/Cargo.toml core/build.rs Cargo.lock
	cargo build --profile native -p motcua-cli
	@touch $@

SHARED_DATA ?= ../shared/data

search-report: cli ## Search quality on both catalogs (citizen queries, tuned and set-aside parts, "not here" verdict) and vs MiniSearch, Fuse.js, FlexSearch (reports/search-report.md; ~15 min)
	node bench/search/report.mjs --catalog $(SHARED_DATA)/tthc-national-6-ministries.jsonl \
	  --motcua $(NATIVE_BIN) --out reports/search-report.md

search-report-quick: cli ## search-report without the peer engines (seconds; prints the tuned part's misses)
	node bench/search/report.mjs --catalog $(SHARED_DATA)/tthc-national-6-ministries.jsonl \
	  --motcua $(NATIVE_BIN) --out reports/search-report.md --no-peers --misses

bench: tools-test build ## Native search latency (criterion), then the edge load run (wrk): reports/bench.md
	cargo bench -p motcua-core --bench search
	@scripts/perf.sh --append reports/bench.md

perf: tools-test build ## Load run (wrk: reports/perf.md), then the widget on the demo page against issue #8's budgets: Lighthouse, first answer, keystroke to paint, long tasks, CLS (reports/widget-perf.md)
	@scripts/perf.sh
	@node scripts/widget-perf.mjs

# Fuzzing: a pinned nightly and cargo-fuzz, installed for this target only.
FUZZ_TOOLCHAIN ?= nightly-2026-05-20
CARGO_FUZZ_VERSION := 0.13.2
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

fuzz: ## cargo-fuzz every target for FUZZ_SECONDS (60) each from fuzz/seeds (reports/fuzz.md)
	@scripts/fuzz.sh $(FUZZ_TOOLCHAIN) $(CARGO_FUZZ_VERSION) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

size: tools-size widget cli ## The widget's size and its search index's on the wire (raw, gzip, brotli), and what each part of the wasm costs (twiggy)
	@scripts/size.sh

clean: ## Remove build outputs and local state
	rm -rf target edge/build public/w public/embed.js public/embed public/embed-frame.js public/configure.js .wrangler tmp
