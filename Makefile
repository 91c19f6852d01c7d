# corpusgrade — every target sets up what it needs, so a fresh clone needs only `make demo` or `make test`.
SHELL := /bin/bash
# uv is bootstrapped into the project's own .tools/ venv, so nothing depends on what PATH holds.
UV_VERSION := 0.13.9
UV := $(CURDIR)/.tools/bin/uv
export CORPUSGRADE_HOME ?= $(CURDIR)/.corpusgrade
export DAGSTER_HOME ?= $(CORPUSGRADE_HOME)/dagster

.PHONY: env demo test test-deps lint ui bench clean

$(UV):
	python3 -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-extras
	@touch $@

## env: create .venv from uv.lock (exact, locked versions)
env: .venv/.synced

## demo: generate the demo submissions and run each through the whole loop (simulated annotators on a local Label Studio)
demo: env
	mkdir -p $(DAGSTER_HOME)
	$(UV) run corpusgrade demo --out demo-out --audit simulated

## test-deps: Debian's headless Chromium and Noto fonts (CJK, Thai, Lao, Khmer, Myanmar) for the browser tests (root on CI machines)
test-deps:
	@{ command -v chromium && fc-list | grep -qi "noto.*cjk" && fc-list | grep -qi "noto sans myanmar"; } >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-core >/dev/null; }

## test: lint, type-check and run the test suite (starts the real services it needs)
test: env test-deps
	mkdir -p $(DAGSTER_HOME)
	$(UV) run ruff check .
	$(UV) run mypy
	$(UV) run pytest

## lint: ruff and mypy only
lint: env
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy

## ui: the Dagster UI on http://127.0.0.1:3000 with one partition per submission
ui: env
	mkdir -p $(DAGSTER_HOME)
	$(UV) run dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

## bench: the benchmark suite (results in bench/results/)
bench: env
	$(UV) run python bench/run_all.py

clean:
	rm -rf .corpusgrade demo-out bench/work .tools
