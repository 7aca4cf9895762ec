# newscrawler: `make crawl` collects news, `make test` checks everything. Both build .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench
DEPLOY_STAMP := $(VENV)/.installed-deploy
# Articles each site spider requests in one `make crawl` (a first look at every site; 0: no limit).
CRAWL_LIMIT ?= 20
# scrapy.cfg's [deploy] target (url, project) that `make deploy` uploads to; [deploy:NAME] sections add others.
TARGET ?= default

.PHONY: test test-services deploy crawl demo bench eval lint format clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newscrawler needs Python 3.11 or newer: install it, or run make PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

$(BENCH_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	@touch $@

$(DEPLOY_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,deploy]'
	@touch $@

## test: lint, format check, type check and the test suite (the command CI runs)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

## test-services: the tests that start services: a real Scrapyd, deploy, schedule, items (pytest -m scrapyd)
test-services: $(DEPLOY_STAMP)
	$(BIN)/pytest -m scrapyd -q

## deploy: build an egg of the project and upload it to scrapy.cfg's [deploy] Scrapyd (TARGET=NAME for another)
deploy: $(DEPLOY_STAMP)
	@# scrapyd-deploy writes a setup.py and build/ when there are none: take away what it added.
	@had_setup=$$(test -e setup.py && echo 1); had_build=$$(test -e build && echo 1); \
	$(BIN)/scrapyd-deploy $(TARGET); status=$$?; \
	[ -n "$$had_setup" ] || rm -f setup.py; [ -n "$$had_build" ] || rm -rf build; exit $$status

## crawl: every site spider against the live sites (scrapy crawlall), CRAWL_LIMIT articles each: new articles into the store and output/<spider>/, then the verdict table
crawl: $(STAMP)
	@$(BIN)/python -m newscrawler.netcheck
	$(BIN)/scrapy crawlall $(if $(filter-out 0,$(CRAWL_LIMIT)),-a limit=$(CRAWL_LIMIT))

## demo: the same crawl without network: a local replay server serves recorded pages (tests/fixtures)
demo: $(STAMP)
	$(BIN)/python -m newscrawler.demo tests/fixtures/demo/manifest.jsonl --output output/demo

## bench: speed and correctness measurements: dates (ours, dateparser, dateutil), generic body (ours, trafilatura), store, site extraction
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.bench_dates
	$(BIN)/python -m benchmarks.bench_generic
	$(BIN)/python -m benchmarks.bench_store
	$(BIN)/python -m benchmarks.bench_site

## eval: generic extraction on the corpus's tuning and check halves (by publisher), beside trafilatura and htmldate alone
eval: $(STAMP)
	$(BIN)/python -m benchmarks.evaluate

## format: apply ruff's formatting and safe fixes
format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
