# offlimits: `make demo` builds and serves the offline demo; `make test` runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= data/offlimits.db

.PHONY: demo test lint bench serve run clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

## demo: build data/offlimits.db from the bundled offline demo, serve it on 127.0.0.1:8001
demo: $(VENV)/.installed
	$(BIN)/offlimits --db $(DB) demo

## test: lint, then the whole test suite (needs Debian's chromium for the browser test)
test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: $(VENV)/.installed
	$(BIN)/ruff check .

## bench: the benchmarks (not tests): polling, extraction, serving
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/poll.py
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/serve.py

serve: $(VENV)/.installed
	$(BIN)/offlimits --db $(DB) serve

## run: the scheduled collector against the real sources in data/sources.yml
run: $(VENV)/.installed
	$(BIN)/offlimits --db $(DB) run

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache benchmarks/out tests/artifacts
