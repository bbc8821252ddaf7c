# tvol: make demo runs the product, make test runs every test. A fresh machine needs only Go
# and make; anything else a target needs, the target installs.
GO      ?= go
BIN     ?= bin/tvol
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT)
FUZZTIME ?= 60s

.PHONY: build demo test vet tools bench fuzz soak perf install clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

# The dashboard on the embedded simulator: a seeded, live fleet; no key, no network.
demo: build
	./$(BIN) --demo

vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi

test: vet tools
	$(GO) test -race -count=1 ./...

# Programs the tests drive (command:Debian package); installed when missing.
TOOLS := curl:curl tmux:tmux pgrep:procps
tools:
	@missing=""; for t in $(TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

bench:
	GO=$(GO) scripts/bench.sh

# Each fuzz target for FUZZTIME; crashers land in testdata/fuzz and become regression cases.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeResponses$$' -fuzztime $(FUZZTIME) ./api
	$(GO) test -run '^$$' -fuzz '^FuzzParseSize$$' -fuzztime $(FUZZTIME) ./api
	$(GO) test -run '^$$' -fuzz '^FuzzPrintable$$' -fuzztime $(FUZZTIME) ./api
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeAgreesWithTheStandardLibrary$$' -fuzztime $(FUZZTIME) ./api
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./config

# Whole-process figures at 10,000 and 100 volumes: first listed screen, RSS, idle CPU and output.
perf: tools
	bash scripts/perf.sh

# An hour of the dashboard against a faulty simulator; not part of make test.
soak: tools
	SOAK_DURATION=$${SOAK_DURATION:-3600} bash scripts/soak.sh

install:
	$(GO) install -ldflags "$(LDFLAGS)" .

clean:
	rm -rf bin
