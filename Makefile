# The two set-up commands are `make demo` and `make test`; both install what is missing first.
SHELL := /bin/bash
# Tools that scripts/bootstrap installs with `cargo install` (CARGO_INSTALL_ROOT, CARGO_HOME or ~/.cargo).
TOOLS_BIN := $(or $(CARGO_INSTALL_ROOT),$(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(TOOLS_BIN):$(PATH)
CARGO ?= cargo
DEMO_PORT ?= 8080
FUZZ_SECONDS ?= 600
SANDBOX := target/release/paradime-sandbox

.PHONY: demo test bootstrap pkg sandbox sandbox-debug lint test-native test-sandbox test-wasm test-node test-types test-e2e test-size test-fuzz fuzz bench sandbox-scale sandbox-crash clean

bootstrap:
	@scripts/bootstrap

# The npm package: wasm-pack builds pkg/, binaryen's wasm-opt (from npm) shrinks it.
pkg: bootstrap
	@scripts/build-pkg

sandbox: bootstrap
	@$(CARGO) build --quiet --release -p paradime-sandbox

demo: pkg sandbox
	@DEMO_PORT=$(DEMO_PORT) scripts/demo

lint: bootstrap
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --quiet --workspace --all-targets -- -D warnings
	$(CARGO) clippy --quiet --target wasm32-unknown-unknown -p paradime-users -- -D warnings
	$(CARGO) clippy --quiet --target wasm32-unknown-unknown -p paradime-users --all-targets --features std -- -D warnings

test-native: bootstrap
	$(CARGO) test --quiet -p paradime-users

test-sandbox: bootstrap
	$(CARGO) test --quiet -p paradime-sandbox

sandbox-debug: bootstrap
	@$(CARGO) build --quiet -p paradime-sandbox

# The client in headless Chromium (wasm-bindgen-test) against a sandbox started for it. The
# runner's default 20 s budget for the whole suite is too short for its 20,000-call leak test.
test-wasm: sandbox-debug
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600 scripts/with-sandbox wasm-pack --log-level warn test --headless --chrome -- --features std

# The built pkg/ in Node 20 through initSync; the suite starts and stops its own sandbox.
test-node: pkg sandbox-debug
	@mkdir -p tests/node/node_modules && ln -sfn ../../../pkg tests/node/node_modules/paradime-users
	node --expose-gc --test tests/node/

# A strict TypeScript consumer of pkg/*.d.ts (no `any`, misuse is a type error).
test-types: pkg
	node_modules/.bin/tsc -p tests/types

# The demo page, a dedicated worker and a service worker in headless Chromium (playwright-core).
test-e2e: pkg sandbox-debug
	@mkdir -p tests/e2e/vite/node_modules && ln -sfn ../../../../pkg tests/e2e/vite/node_modules/paradime-users
	node --test tests/e2e/

# The gzip size of pkg/ (wasm + JS glue) against the committed budget in bench/size-budget.
test-size: pkg
	@scripts/size-check

# A bounded pass of the fuzz targets (10 s each, from the committed seeds and earlier finds).
test-fuzz: bootstrap
	@scripts/fuzz 10

test: lint test-size test-native test-sandbox test-wasm test-types test-e2e test-node test-fuzz
	@echo "make test: every suite passed"

# The fuzz targets for FUZZ_SECONDS each (default 600).
fuzz: bootstrap
	@scripts/fuzz $(FUZZ_SECONDS)

# One report: sizes against graphql-request and @octokit/graphql, listUsers, throughput, cold
# start and memory in headless Chromium against precomputed responses, then the Node figures.
bench: pkg sandbox
	node bench/run.mjs

# The sandbox at 100,000 users with --data: mutation latency (median of 60 role changes by its
# own log), and on demand the crash test (1,000 mutations, 20 SIGKILLs and restarts, nothing
# acknowledged lost).
sandbox-scale: sandbox
	node bench/sandbox-scale.mjs

sandbox-crash: sandbox
	node bench/sandbox-scale.mjs --crash

clean:
	$(CARGO) clean
	rm -rf pkg node_modules
