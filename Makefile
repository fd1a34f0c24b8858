# The two commands: `make demo` (set up, run against the embedded reference API) and `make test`.
PYTHON ?= python3
# Every run starts many Python processes (pytest, workers, the embedded target): let them keep
# compiled bytecode (and pytest's rewritten test modules) instead of recompiling each time.
unexport PYTHONDONTWRITEBYTECODE
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: setup demo test test-fast check lint typecheck clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/tenantprobe run

test: setup
	$(BIN)/python -m pytest tests -n 2 -q --durations=15

test-fast: setup
	$(BIN)/python -m pytest tests -q -m 'not slow'

lint: setup
	$(BIN)/ruff check src suites fixtures tests bench conftest.py

typecheck: setup
	$(BIN)/mypy

check: lint typecheck test

# Everything a run writes (reports/ keeps only its README) and the caches of test runs.
clean:
	find reports -mindepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf .hypothesis .schemathesis
