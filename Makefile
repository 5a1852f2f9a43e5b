# Set-up and everyday commands. Needs only Python 3.11+ and make; everything else goes into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint golden clean bench

build: $(STAMP)
	$(BIN)/feedgen-app build

# The tests on every core (pytest-xdist; each test still runs alone in its own tmp_path):
# 64 s instead of 104 s on two cores. `.venv/bin/python -m pytest tests/test_x.py` runs a few.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist worksteal
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
# family stops at 10,000 articles: its first build at 100,000 takes over two minutes (295 MB).
BENCH_RUNS ?= 3
bench: $(STAMP)
	$(BIN)/python bench/run.py --runs $(BENCH_RUNS) --groups markdown mixed
	$(BIN)/python bench/run.py --runs $(BENCH_RUNS) --groups family --sizes 1000 10000
