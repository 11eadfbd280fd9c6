# Upstander: `make run` to try it, `make test` to check it. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run serve worker test test-suite lint migrations-check bench screenshots mutation clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed ## Create the virtual environment and install everything

# manage.py defaults to the production profile; the demo is the development one, by choice.
run: export DJANGO_SETTINGS_MODULE := upstander.settings.dev
run: install ## Set up and serve the demo site on http://127.0.0.1:8000 (with the task worker)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	@echo "Upstander is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py db_worker --queue-name '*' --backend durable & \
	  $(PY) manage.py run_periodic_jobs --loop 60 & \
	  $(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Run every test (lint, migrations check, unit, integration, browser)
	./scripts/ensure-chromium
	$(MAKE) --no-print-directory lint migrations-check
	$(MAKE) --no-print-directory test-suite

PYTEST_WORKERS ?= 2

# Unit and integration tests run on parallel workers; browser tests then run in one
# process, sharing one Chromium and one live server.
test-suite: install ## Run the pytest suite only (uses DATABASE_URL / REDIS_URL if set)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile -m "not browser" $(PYTEST_ARGS)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: install ## ruff, as CI runs it
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: install ## Fail if a model change has no migration
	DJANGO_SETTINGS_MODULE=upstander.settings.test $(PY) manage.py makemigrations --check --dry-run

bench: install ## Measure against the targets (docs/benchmarks.md); BENCH_ARGS='--pages 10000 --cases 100000' for the large set, --scale-out for two servers behind nginx
	./bench/ensure-tools
	$(PY) -m bench $(BENCH_ARGS)

screenshots: install ## Refresh docs/screenshots/ from the browser journeys
	./scripts/ensure-chromium
	UPSTANDER_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PY) -m pytest -q -p no:randomly tests/browser tests/themes/test_browser_themes.py tests/voice/test_browser_voice.py

# mutmut names a mutant by its module; site/ is imported as `upstander`, so the run sees
# it under that name through a link that exists only while the run lasts. The test
# database is made once and reused by every mutant's run (--reuse-db). MUTANTS='upstander.logging*'
# runs only the mutants of one module.
mutation: install ## Mutation testing of the security-critical modules (mutmut 3; README, "Mutation testing")
	@rm -rf mutants
	@ln -sfn site upstander
	@trap 'rm -f upstander' EXIT; \
	  UPSTANDER_TEST_VAR_OWNER=main UPSTANDER_VAR_DIR=$(CURDIR)/var/mutation \
	  $(VENV)/bin/mutmut run --max-children 2 $(MUTANTS)
	@$(PY) scripts/mutation-score

clean: ## Remove the local database, media and evidence of the demo
	rm -rf var build
