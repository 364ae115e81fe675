# motcua: the two commands of the README.
#   make run    install what is missing, build, migrate, seed the demo catalogue, serve
#   make test   fmt, clippy, unit + integration tests (SQLite and PostgreSQL), wasm build, Playwright
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: run test build setup setup-test fmt clippy unit wasm-parity bench-numpy bench-search e2e clean-data

# cargo-leptos, wasm-bindgen and wasm-opt are found on PATH (never downloaded at build time).
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/tools/node_modules/.bin:$(PATH)
# Leptos reads LEPTOS_OUTPUT_NAME at compile time (option_env!) to name the wasm file in the
# page. cargo-leptos sets it; setting the same value here lets `cargo test` and `cargo clippy`
# reuse cargo-leptos's compiled crates instead of rebuilding Leptos with another value.
export LEPTOS_OUTPUT_NAME := motcua

run: setup build
	./target/release/motcua migrate
	./target/release/motcua seed-demo --if-empty --staff-password "$${MOTCUA_DEMO_STAFF_PASSWORD:-motcua2026}"
	@echo "==> Serving: the log line 'motcua listening' gives the address (default http://127.0.0.1:3000); Ctrl-C stops"
	./target/release/motcua serve

test:
	scripts/test.sh

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

build:
	@echo "==> Building server and WebAssembly (release; first build ~6-10 min, then ~30 s)"
	cargo leptos build --release

fmt:
	cargo fmt --all -- --check

# Both in release, so the proc-macros compiled for the host are shared with the build.
clippy:
	cargo clippy --workspace --all-targets --release -- -D warnings
	cargo clippy -p motcua-app --features hydrate --target wasm32-unknown-unknown --release -- -D warnings
	cargo clippy -p motcua-core --target wasm32-unknown-unknown --release --lib --tests -- -D warnings

unit:
	scripts/with-postgres.sh cargo test --workspace --release

# The core compiled to wasm32 and run under node must answer like the native build.
wasm-parity:
	scripts/wasm-parity.sh

# 1,000,000 add-working-days queries against numpy.busday_offset: answers must be identical;
# the speed ratio is printed (numpy comes from a venv in target/ when missing).
bench-numpy:
	bench/busday_vs_numpy.sh

# Search over HTTP with 2,000 procedures: p50/p95/p99 (target p95 < 20 ms); needs `make build`.
bench-search:
	bench/search_http_p95.sh

# The e2e server gets a free port, so a busy 3950 (or a second run) never breaks the tests.
e2e:
	cd end2end && MOTCUA_E2E_PORT=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') npx playwright test

clean-data:
	rm -rf data
