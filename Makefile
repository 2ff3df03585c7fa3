# strip-reader: the two commands a newcomer needs are `make serve` and `make test`.
# Each installs what is missing (.ci/setup), then builds. `make build` builds without serving.
PORT ?= 8000
PKG := www/pkg
WASM_TARGET := target/wasm32-unknown-unknown/wasm/strip_reader_wasm.wasm
CARGO ?= cargo
export CARGO_TERM_COLOR ?= auto

.PHONY: build serve test test-rust test-wasm test-e2e test-node test-hostile fuzz-smoke fuzz-long deny bench setup setup-test wasm examples clean dist serve-dist

build: setup wasm examples

setup:
	@.ci/setup build

setup-test:
	@.ci/setup test

# The wasm package the page loads: cargo → wasm-bindgen --target web → wasm-opt (npm binaryen).
wasm:
	$(CARGO) build -p strip-reader-wasm --target wasm32-unknown-unknown --profile wasm
	wasm-bindgen --target web --no-typescript --out-dir $(PKG) $(WASM_TARGET)
	node_modules/.bin/wasm-opt -Os --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals -o $(PKG)/strip_reader_wasm_bg.wasm $(PKG)/strip_reader_wasm_bg.wasm
	@printf 'wasm: %s bytes raw, %s bytes gzipped\n' "$$(wc -c < $(PKG)/strip_reader_wasm_bg.wasm)" "$$(gzip -9c $(PKG)/strip_reader_wasm_bg.wasm | wc -c)"

# Example photos for the page's "try an example" button, drawn by our own synthesizer.
examples:
	$(CARGO) run --release -q -p strip-reader-cli -- synth --examples www/examples/generated

serve: build
	@echo "strip-reader: http://127.0.0.1:$(PORT)/"
	python3 -m http.server $(PORT) --bind 127.0.0.1

test: setup-test wasm examples test-rust test-wasm test-e2e test-node test-hostile

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

# Not in `make test` yet (their tools take 10-30 minutes to build on a fresh 2-core machine):
# cargo-fuzz on nightly (`cargo install cargo-fuzz`), every target briefly or for 10 minutes,
# and cargo-deny's offline licence/ban/source check (`cargo install cargo-deny`).
fuzz-smoke: test-hostile
	tests/fuzz/run.sh 30
fuzz-long: test-hostile
	tests/fuzz/run.sh 600
deny:
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
	rm -rf target $(PKG) www/examples/generated node_modules dist
