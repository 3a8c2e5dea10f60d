# Samtale: `make demo` and `make test` are all a new machine needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
PY := $(BIN)/python
SAMTALE := $(BIN)/samtale
# make is the developer's entry point: development settings unless told otherwise.
# Production runs `samtale ...` and gunicorn with its own environment (README.md).
export DEBUG ?= true

# The newest CPython 3.12+ on PATH, then in pyenv's versions.
PYTHON_FOR_VENV ?= $(shell bash scripts/find-python)

.PHONY: help install static messages migrate demo run test lint test-sqlite test-postgres test-e2e bench clean format

help:
	@echo "make demo    install, build, migrate, load the demo organisation, serve http://127.0.0.1:8000"
	@echo "make test    lint, tests on SQLite and PostgreSQL, browser tests"
	@echo "make bench   scale benchmarks (50,000 people on PostgreSQL)"
	@echo "make install only the virtualenv and front-end packages"

$(STAMP): pyproject.toml requirements.lock
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
	  echo "Samtale needs Python 3.12 or newer. Install it (e.g. 'apt-get install python3.12' or 'pyenv install 3.12') and run make again."; exit 1; fi
	@test -x $(PY) || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NPM_STAMP)

install: $(STAMP) $(NPM_STAMP) messages

messages: $(STAMP)
	@if command -v msgfmt >/dev/null; then \
	  $(SAMTALE) compilemessages --ignore=.venv --ignore=node_modules -v 0; \
	else echo "msgfmt (gettext) not found: using the compiled translations in the repository."; fi

static: install
	$(SAMTALE) collectstatic --noinput -v 0

migrate: install
	@mkdir -p var
	$(SAMTALE) migrate --noinput -v 0

demo: static migrate
	DEBUG=true TASKS_BACKEND=immediate $(SAMTALE) demo
	DEBUG=true EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend TASKS_BACKEND=immediate \
	  $(SAMTALE) runserver 127.0.0.1:8000

run: migrate
	DEBUG=true EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend TASKS_BACKEND=immediate \
	  $(SAMTALE) runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy samtale e2e $(wildcard bench)
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Unit and integration tests on SQLite, then on PostgreSQL, then the browser tests.
# scripts/run-tests says what it skipped and why; with CI=true a skip is a failure.
test: lint static
	bash scripts/run-tests

test-sqlite: install
	$(BIN)/pytest -n 2 -q samtale

test-postgres: install
	DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/samtale} $(BIN)/pytest -n 2 -q samtale

test-e2e: static
	$(BIN)/pytest -n 2 -q e2e

bench: static
	bash scripts/run-bench

clean:
	rm -rf $(VENV) node_modules staticfiles var/test-*
