# Set-up and everyday commands. Needs only Python 3.11+ and make; everything else goes into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint golden clean bench

build: $(STAMP)
	$(BIN)/feedgen-app build

test: $(STAMP)
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory lint

lint: $(STAMP)
	$(BIN)/ruff check feedgen_app tests bench scripts
	$(BIN)/ruff format --check feedgen_app tests bench scripts
	$(BIN)/mypy

# Rewrite tests/golden/ from the sample items; review the diff like code.
golden: $(STAMP)
	$(BIN)/python -m tests.golden

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test,dev]'
	touch $@

clean:
	rm -rf $(VENV) build .feedgen-cache .build.lock .pytest_cache .mypy_cache .ruff_cache

# The benchmark (minutes; not part of the tests): see bench/README.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py
