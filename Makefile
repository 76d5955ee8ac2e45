# The two set-up commands of the README: `make serve` runs the sandbox, `make test` runs
# the tests. Each creates .venv and installs what it needs when it is missing or stale.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.atsbox-installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: serve test lint bench clean

$(STAMP): pyproject.toml setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

serve: $(STAMP)
	$(BIN)/atsbox serve --host $(HOST) --port $(PORT)

# The store and server tests also run against a real PostgreSQL (scripts/ci_postgres.sh
# installs and starts one when missing, and stops what it started); the guide tests need
# Debian's chromium (scripts/ci_browser.sh installs it when missing).
test: $(STAMP)
	$(BIN)/ruff check .
	scripts/ci_browser.sh
	@pg="$$(scripts/ci_postgres.sh start)" && eval "$$pg" && status=0 && \
	{ $(BIN)/python -m pytest $(PYTEST_ARGS) || status=$$?; } && \
	{ [ "$$ATSBOX_PG_STARTED_HERE" != 1 ] || scripts/ci_postgres.sh stop; } && exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python scripts/bench_world.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
