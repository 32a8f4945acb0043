# Signalbox — developer and CI entry points.
#
#   make deps      Debian packages the build and tests need (apt-get only when something is missing)
#   make venv      .venv with the Python integration-test dependencies (official openai/anthropic SDKs)
#   make build     debug build            make release   release build
#   make test      swift test, then the Python integration tests against .build/debug/signalbox
#   make demo      simulated providers + traffic + faults, in the operations console
#                  (DEMO_FLAGS=--headless: one summary line per second instead)
#   make embed-themes  regenerate Sources/Console/BuiltInThemes.swift from themes/*.yaml
#   make bench     BENCH.md protocol (nginx, LiteLLM, Signalbox); see bench/run.sh
#   make clean     remove build products and the test venv

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

SWIFT   ?= swift
PYTHON  ?= python3
VENV    := .venv
REQS    := Tests/integration/requirements.txt
# The stamp lives inside the (git-ignored) venv, so deleting the venv also forgets the stamp.
STAMP   := $(VENV)/.requirements.stamp
BIN_DEBUG := $(CURDIR)/.build/debug/signalbox

DEB_PACKAGES := libcurl4-openssl-dev libsqlite3-dev libncursesw5-dev tmux python3-venv pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# `swift test` runs serially: the suites start loopback servers and rely on real timers
# (first-byte timeouts of a few hundred ms, breaker cool-downs, stream pacing). On these 2-core
# machines Swift Testing's default in-process parallelism makes such tests contend for CPU and
# flake; serial runs cost little wall time and stay deterministic. Override with SWIFT_TEST_FLAGS=.
SWIFT_TEST_FLAGS ?= --no-parallel
# Hard bounds so a hung test cannot eat CI's 90 minutes without printing a summary.
# The swift bound includes building the test targets (cold debug builds take several minutes).
SWIFT_TEST_TIMEOUT ?= 45m
PYTEST_TIMEOUT     ?= 15m
PYTEST_FLAGS       ?=

# `make demo DEMO_FLAGS=--headless` prints summary lines instead of opening the console.
DEMO_FLAGS ?=

.PHONY: all deps venv build release test swift-test integration-test demo embed-themes bench clean clean-bench

all: build

deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
		st=$$(dpkg -s "$$p" 2>/dev/null) && grep -q '^Status: install ok installed' <<<"$$st" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "deps: installing$$missing"; \
		$(SUDO) apt-get update; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

venv: $(STAMP)

# Re-run pip only when requirements.txt is newer than the stamp (or the venv is missing/broken,
# e.g. after the pyenv interpreter it was made from moved).
$(STAMP): $(REQS) | deps
	@if ! [ -x $(VENV)/bin/python ] || ! $(VENV)/bin/python -c 'import sys' >/dev/null 2>&1; then \
		rm -rf $(VENV); \
		echo "venv: creating $(VENV)"; \
		$(PYTHON) -m venv $(VENV); \
	fi
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(REQS)
	@touch $@

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Both runners always run; the target fails if either failed. Their summaries are the last lines.
test: deps venv build
	@swift_rc=0; py_rc=0; \
	timeout --kill-after=30s $(SWIFT_TEST_TIMEOUT) $(SWIFT) test $(SWIFT_TEST_FLAGS) || swift_rc=$$?; \
	SIGNALBOX_BIN="$(BIN_DEBUG)" timeout --kill-after=30s $(PYTEST_TIMEOUT) \
		$(VENV)/bin/python -m pytest Tests/integration $(PYTEST_FLAGS) || py_rc=$$?; \
	if [ $$swift_rc -ne 0 ] || [ $$py_rc -ne 0 ]; then exit 1; fi

swift-test: deps build
	timeout --kill-after=30s $(SWIFT_TEST_TIMEOUT) $(SWIFT) test $(SWIFT_TEST_FLAGS)

integration-test: deps venv build
	SIGNALBOX_BIN="$(BIN_DEBUG)" timeout --kill-after=30s $(PYTEST_TIMEOUT) \
		$(VENV)/bin/python -m pytest Tests/integration $(PYTEST_FLAGS)

demo: deps build
	exec .build/debug/signalbox demo $(DEMO_FLAGS)

embed-themes:
	bash scripts/embed-themes.sh

bench: deps venv
	bash bench/run.sh

clean:
	rm -rf .build $(VENV) Tests/integration/.pytest_cache
	find Tests/integration bench -path bench/.venv-litellm -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# The LiteLLM venv takes minutes to install; it is only removed on request.
clean-bench:
	rm -rf bench/.venv-litellm bench/results
