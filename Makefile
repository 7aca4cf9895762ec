# newscrawler: `make crawl` collects news, `make test` checks everything. Both build .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: test crawl demo bench lint format clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newscrawler needs Python 3.11 or newer: install it, or run make PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

$(BENCH_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	@touch $@

## test: lint, format check, type check and the test suite (the command CI runs)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

## crawl: run every site spider against the live sites, JSON Lines into output/<spider>/
crawl: $(STAMP)
	@$(BIN)/python -m newscrawler.netcheck
	@stamp=$$(date -u +%Y%m%dT%H%M%SZ); \
	for spider in $$($(BIN)/scrapy list); do \
		$(BIN)/scrapy crawl $$spider -O output/$$spider/$$stamp.jsonl || exit $$?; \
	done

## demo: the same crawl without network: a local replay server serves recorded pages (tests/fixtures)
demo: $(STAMP)
	$(BIN)/python -m newscrawler.demo tests/fixtures/demo/manifest.jsonl --output output/demo

## bench: speed and correctness measurements: dates (ours, dateparser, dateutil), generic body (ours, trafilatura)
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.bench_dates
	$(BIN)/python -m benchmarks.bench_generic

## format: apply ruff's formatting and safe fixes
format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
