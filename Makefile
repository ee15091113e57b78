# Medvirk: `make run` serves the app with demo data, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DOMAINS := $(basename $(notdir $(wildcard locales/*.pot)))

.PHONY: run test bench lint i18n clean deploy-check screenshots

# uv (from PyPI, into the venv) fetches and installs the packages in parallel: about a minute less
# than pip on a fresh machine. The bytecode is compiled once here, not by every test process.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip install --python $(BIN)/python -q --compile-bytecode -e '.[dev]'
	touch $@

# One base URL for the links setup prints and every QR code, poster and CSV the server makes:
# MEDVIRK_BASE_URL when set, else this HOST and PORT.
run: export MEDVIRK_BASE_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.installed
	$(BIN)/medvirk setup
	$(BIN)/medvirk serve --host $(HOST) --port $(PORT)

# First what the browser and PDF tests need from the system (installed when root, else the command
# to run), then the suite in parallel: each pytest-xdist worker has its own database. Bytecode is
# cached even where PYTHONDONTWRITEBYTECODE is set: every worker and every server a test starts
# would otherwise compile the app and rewrite the test modules again (half of each start-up).
test: $(VENV)/.installed
	bash scripts/test-deps
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $${TEST_WORKERS:-auto} --dist worksteal

bench: $(VENV)/.installed
	$(BIN)/python -m bench.submissions
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.exports

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

# Re-extract the message templates and merge them into every language's catalog.
i18n: $(VENV)/.installed
	$(BIN)/python -m app.i18n.catalogs update

clean:
	rm -rf var/ .pytest_cache .mypy_cache .ruff_cache

# Two app processes on PostgreSQL behind Debian's nginx, checked end to end (deploy/two-hosts.sh).
deploy-check: $(VENV)/.installed
	deploy/two-hosts.sh

# A PNG of every resident and results screen at 360 px (headless Chromium), into var/screens/.
screenshots: $(VENV)/.installed
	$(BIN)/python scripts/screenshots.py
