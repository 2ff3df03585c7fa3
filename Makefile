# strip-reader: the two commands a newcomer needs are `make serve` and `make test`.
# Each installs what is missing (.ci/setup), then builds. `make build` builds without serving.
PORT ?= 8000
PKG := www/pkg
WASM_TARGET := target/wasm32-unknown-unknown/wasm/strip_reader_wasm.wasm
CARGO ?= cargo
export CARGO_TERM_COLOR ?= auto

# `make test` also runs fuzz-smoke and deny.
.PHONY: build serve test test-rust test-wasm test-e2e test-node test-hostile fuzz-smoke fuzz-long deny bench setup setup-test wasm examples clean dist serve-dist

build: setup wasm examples

setup:
	@.ci/setup build

setup-test:
	@.ci/setup test

# The wasm packages the page loads: cargo → wasm-bindgen --target web → wasm-opt (npm binaryen).
# www/pkg is built with simd128 (.cargo/config.toml); www/pkg-nosimd without it, for browsers
# that lack WebAssembly SIMD (www/wasm-features.js picks one at run time). The nosimd build has
# its own target dir so the two never invalidate each other. Both share one JS glue (checked),
# and both must fit the size budget (tests/bench/size-budget.json).
WASM_OPT := node_modules/.bin/wasm-opt -Os --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
NOSIMD_TARGET_DIR := target/nosimd
wasm:
	$(CARGO) build -p strip-reader-wasm --target wasm32-unknown-unknown --profile wasm
	wasm-bindgen --target web --no-typescript --out-dir $(PKG) $(WASM_TARGET)
	$(WASM_OPT) --enable-simd -o $(PKG)/strip_reader_wasm_bg.wasm $(PKG)/strip_reader_wasm_bg.wasm
	env -u RUSTFLAGS CARGO_TARGET_DIR=$(NOSIMD_TARGET_DIR) CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-simd128" \
	  $(CARGO) build -p strip-reader-wasm --target wasm32-unknown-unknown --profile wasm
	wasm-bindgen --target web --no-typescript --out-dir $(PKG)-nosimd $(NOSIMD_TARGET_DIR)/wasm32-unknown-unknown/wasm/strip_reader_wasm.wasm
	$(WASM_OPT) -o $(PKG)-nosimd/strip_reader_wasm_bg.wasm $(PKG)-nosimd/strip_reader_wasm_bg.wasm
	@cmp -s $(PKG)/strip_reader_wasm.js $(PKG)-nosimd/strip_reader_wasm.js || { echo "wasm: the simd and nosimd builds have different JS glue; the worker cannot share it"; exit 1; }
	@if node_modules/.bin/wasm-dis $(PKG)-nosimd/strip_reader_wasm_bg.wasm | grep -q "v128"; then echo "wasm: $(PKG)-nosimd uses SIMD instructions"; exit 1; fi
	@node_modules/.bin/wasm-dis $(PKG)/strip_reader_wasm_bg.wasm | grep -q "v128" || { echo "wasm: $(PKG) has no SIMD instructions (simd128 not enabled?)"; exit 1; }
	node tests/bench/size-budget.mjs

# Example photos for the page's "try an example" button, drawn by our own synthesizer.
examples:
	$(CARGO) run --release -q -p strip-reader-cli -- synth --examples www/examples/generated

serve: build
	@echo "strip-reader: http://127.0.0.1:$(PORT)/"
	python3 -m http.server $(PORT) --bind 127.0.0.1

test: setup-test wasm examples test-rust test-wasm test-e2e test-node test-hostile fuzz-smoke deny

test-rust:
	$(CARGO) test --workspace --exclude strip-reader-wasm

# wasm-bindgen-test: in Node, then in headless Chromium.
test-wasm:
	$(CARGO) test -p strip-reader-wasm --target wasm32-unknown-unknown
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 $(CARGO) test -p strip-reader-wasm --target wasm32-unknown-unknown

test-e2e:
	npm test

# Node: native/wasm parity, every strip model through the wasm build, no third-party loads.
test-node:
	$(CARGO) build --release -p strip-reader-cli
	node --test tests/node/

# Hostile input: the generated corpus in-process (part of test-rust too), then the release CLI
# over the same files: one line per file, no internal error.
test-hostile:
	$(CARGO) test -p strip-reader-tests --test hostile
	$(CARGO) build --release -q -p strip-reader-cli
	target/release/strip-reader read --json tests/out/hostile/* > tests/out/hostile-cli.jsonl || [ $$? -eq 1 ]
	test "$$(wc -l < tests/out/hostile-cli.jsonl)" -eq "$$(ls tests/out/hostile | wc -l)"
	! grep -q '"internal_error"' tests/out/hostile-cli.jsonl

# Fuzzing (cargo-fuzz on nightly; .ci/setup installs it): every target briefly in `make test`,
# or for 10 minutes each on purpose. A crash fails with the input saved in tests/fuzz/artifacts/.
fuzz-smoke: test-hostile
	tests/fuzz/run.sh 20
fuzz-long: test-hostile
	tests/fuzz/run.sh 600
# Supply chain: licences, bans and sources of every crate, offline (deny.toml).
# cargo-deny reads the metadata of every platform's crates: fetch them first (a build fetches
# only this machine's; `cargo fetch` without a target fetches all, and skips what is cached).
deny:
	$(CARGO) fetch --locked
	cargo deny --offline check licenses bans sources

bench: build
	$(CARGO) bench -p strip-reader-tests
	node tests/bench/wasm-bench.mjs
	node tests/bench/chromium-bench.mjs

# The folder an organization copies to any static host (www/EMBEDDING.md).
dist: build
	node www/tools/build-dist.mjs dist/strip-reader

serve-dist: dist
	@echo "strip-reader (packaged, works offline): http://127.0.0.1:$(PORT)/strip-reader/"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory dist

clean:
	rm -rf target $(PKG) $(PKG)-nosimd www/examples/generated node_modules dist
