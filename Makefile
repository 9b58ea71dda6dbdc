# Quotewise: `make run` serves the API on http://127.0.0.1:8000, `make test` runs the tests.
# Both create .venv/ at the repo root and install everything on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000

.PHONY: run test lint lock bench eval clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	# torch first: the pinned CPU wheel, before anything that depends on torch
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/quotewise serve --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Re-pin every transitive dependency after changing pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | sed 's/+cpu//' > requirements.lock

bench: $(STAMP)
	$(BIN)/python bench/bench_extraction.py
	$(BIN)/python bench/bench_stance.py

eval: $(STAMP)
	$(BIN)/quotewise eval polnear --split dev
	$(BIN)/quotewise eval seeds
	$(BIN)/quotewise eval stance

clean:
	rm -rf $(VENV) instance .pytest_cache
