# One place for every check. `make run` starts the app, `make test` runs all tests (each installs what it needs).
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-10)
# Tests run on parallel workers (pytest-xdist), one per core; `make test WORKERS=0` runs them in
# one process. Each module stays on one worker; tests/conftest.py hands out the slowest first.
WORKERS ?= auto
PARALLEL := -n $(WORKERS) --dist loadfile --no-loadscope-reorder

.PHONY: run test test-fast e2e lint format bench accuracy

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m analysis.core.workers  # end stale workers of a crashed app first
	$(BIN)/python -m streamlit run app.py

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PARALLEL)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q $(PARALLEL) -m "not e2e"

e2e: $(STAMP)
	$(BIN)/python -m pytest -q $(PARALLEL) -m e2e

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m bench --quick

accuracy: $(STAMP)
	$(BIN)/python -m bench.accuracy
