# corsim: `make run` builds and serves the page; `make test` runs every test.
GO      ?= go
ADDR    ?= localhost:8000
BROTLI  := $(shell command -v brotli 2>/dev/null)

.PHONY: run wasm serve site test test-unit test-browser conformance conformance-chromium fuzz fuzz-oracle bench size load lint clean

run: wasm bin/corsim
	./bin/corsim serve --addr $(ADDR)

# The native command, built once and again only when a Go file changes
# (go run would link it on every call).
GO_SRC := $(shell find app cmd fetchspec flow paste pwa scenario wasm -name '*.go' -not -name '*_test.go') $(wildcard app/lessons/*.json) go.mod go.sum

bin/corsim: $(GO_SRC)
	@echo "== building bin/corsim (the server)"
	$(GO) build -o bin/corsim ./cmd/corsim

# The browser entry builds alone (GOOS=js): it never links the server.
# wasmpack then merges Go's ~91,000 data segments into a handful (the
# memory image is unchanged; -122 KB brotli). wasm-opt -Oz is not used: it
# made the brotli file 18 KB larger and took 28 s (measured 2026-11-28).
# Rebuilt only when a Go file it depends on changes.
WASM_SRC := $(shell find app fetchspec flow paste scenario wasm -name '*.go' -not -name '*_test.go') $(wildcard app/lessons/*.json) go.mod go.sum

wasm: web/app.wasm

# No inlining in app.wasm, except where a keystroke spends its CPU: the
# runtime, syscall/js, go-app's diff and the engine. Inlined copies cost
# bytes, and the inlining tables in the binary compress badly: -213 KB
# brotli with no inlining at all, -173 KB this way, for some 10 % more
# script time per keystroke with none at all and no difference measured
# this way (README, "Size").
WASM_GCFLAGS := -gcflags=all=-l -gcflags=runtime= -gcflags=syscall/js= \
	-gcflags=github.com/maxence-charriere/go-app/v9/pkg/app= -gcflags=corsim/fetchspec=

bin/wasmpack: cmd/wasmpack/main.go
	$(GO) build -o bin/wasmpack ./cmd/wasmpack

web/app.wasm: $(WASM_SRC) bin/wasmpack
	@echo "== building web/app.wasm (GOOS=js)"
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" $(WASM_GCFLAGS) -o web/app.wasm.tmp ./wasm
	@echo "== merging its data segments (bin/wasmpack)"
	./bin/wasmpack web/app.wasm.tmp web/app.wasm && rm -f web/app.wasm.tmp
	@echo "== compressing it (gzip -9, brotli -q 11) for the server to send as is"
	gzip -9 -c web/app.wasm > web/app.wasm.gz.tmp && mv web/app.wasm.gz.tmp web/app.wasm.gz
ifneq ($(BROTLI),)
	brotli -q 11 -n -f -o web/app.wasm.br.tmp web/app.wasm && mv web/app.wasm.br.tmp web/app.wasm.br
else
	rm -f web/app.wasm.br
endif

serve: bin/corsim
	./bin/corsim serve --addr $(ADDR)

site: wasm bin/corsim
	rm -rf dist
	./bin/corsim site --out dist

# Every test: unit and golden scenarios, stored browser records, the page in
# headless Chromium. Browser tests skip loudly without a browser;
# CORSIM_REQUIRE_BROWSERS=1 (set by .ci/run) turns that skip into a failure.
test: wasm tools/node_modules/axe-core/axe.min.js lint
	$(GO) test ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=20000x
	$(GO) test ./e2e -browser -count=1 -v -timeout 10m

tools/node_modules/axe-core/axe.min.js: tools/package.json
	cd tools && npm install --no-audit --no-fund

# Live differential run against real browsers; rewrites testdata/browsers.
conformance:
	$(GO) test ./conformance -run TestLive -live -count=1 -timeout 40m -v

conformance-chromium:
	CORSIM_SKIP_FIREFOX=1 $(GO) test ./conformance -run TestLive -live -count=1 -timeout 20m -v

# Every fuzz target for FUZZTIME each (make test runs them briefly; run
# longer by hand: make fuzz FUZZTIME=60s).
FUZZTIME ?= 10s
FUZZ_TARGETS := fetchspec:FuzzParseRawResponse fetchspec:FuzzParseURL scenario:FuzzLoad \
	paste:FuzzRawHTTP paste:FuzzHeaders paste:FuzzCurlCommand paste:FuzzFetchCall \
	paste:FuzzPowerShell paste:FuzzConsole paste:FuzzHAR probe:FuzzReadResponse
# The differential URL fuzz runs by hand (make fuzz-oracle), not in make test:
# its oracle (nlnwa/whatwg-url) has bugs of its own that random inputs keep
# finding (four in one evening: an overflowing IPv4 number before a letter,
# "[::[]", STD3 rules in IDNA), and a test that fails on the oracle's bugs
# says nothing about ours. Its seeds, those finds included, run in go test.
fuzz-oracle:
	$(GO) test ./fetchspec -run XXX -fuzz '^FuzzURLAgainstWHATWG$$' -fuzztime $(FUZZTIME)

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo "fuzz $$pkg $$name ($(FUZZTIME))"; \
		$(GO) test ./$$pkg -run XXX -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) >/tmp/corsim-fuzz.log 2>&1 || { cat /tmp/corsim-fuzz.log; exit 1; }; \
	done

bench:
	$(GO) test ./fetchspec ./scenario ./pwa -run XXX -bench . -benchmem

size: wasm
	@./scripts/size.sh web/app.wasm

load: wasm
	$(GO) test ./e2e -run "TestLoadTimes|TestKeystrokeTimes|TestHARLoadTimes|TestBigScenarioTimes" -browser -count=1 -v

# gofmt, go vet and staticcheck (pinned), natively and for the wasm build.
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt needed"; exit 1; }
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm ./app
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.6.1 ./...

clean:
	rm -rf dist bin web/app.wasm web/app.wasm.gz web/app.wasm.br testout
