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

# The benchmark (about half an hour; not part of the tests): see bench/README.md. The feed
# family stops at 10,000 articles: at 100,000 its cold build needs more memory than 24 GB today.
BENCH_RUNS ?= 3
bench: $(STAMP)
	$(BIN)/python bench/run.py --runs $(BENCH_RUNS) --groups markdown mixed
	$(BIN)/python bench/run.py --runs $(BENCH_RUNS) --groups family --sizes 1000 10000
