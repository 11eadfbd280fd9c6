# Upstander: `make run` to try it, `make test` to check it. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install messages makemessages lock run serve worker test test-suite lint migrations-check bench eval-danger eval-search screenshots audit mutation clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# Every dependency comes from the lock file, pinned and hashed; the project itself is
# then installed on top without resolving anything again.
$(VENV)/.installed: pyproject.toml setup.py requirements/lock.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/lock.txt
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed messages ## Create the virtual environment and install everything from the lock file

# The interface's translations: locale/*/LC_MESSAGES/django.po (committed) -> .mo (built).
messages: $(VENV)/.installed ## Compile the interface translations (locale/) after editing a .po file
	$(PY) scripts/compile_messages.py

makemessages: install ## Collect the interface's words into locale/*/django.po for translators
	DJANGO_SETTINGS_MODULE=upstander.settings.test $(PY) manage.py makemessages --all --no-obsolete --add-location=file \
	  --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=mutants --ignore=node_modules --ignore=build

UV_VERSION ?= 0.13.9

lock: ## Update requirements/lock.txt after a change to pyproject.toml's dependencies
	@test -x $(VENV)/bin/uv || $(VENV)/bin/pip install --quiet uv==$(UV_VERSION)
	$(VENV)/bin/uv pip compile pyproject.toml requirements/build.in --extra test --extra postgres --extra s3 \
	  --python-version 3.11 --universal --generate-hashes --no-header --quiet -o requirements/lock.txt

# manage.py defaults to the production profile; the demo is the development one, by choice.
run: export DJANGO_SETTINGS_MODULE := upstander.settings.dev
run: install ## Set up and serve the demo site on http://127.0.0.1:8000 (with the alert worker and periodic jobs, restarted if they stop)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo --port $(PORT)
	@echo "Upstander is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@export WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT); trap 'kill 0' EXIT INT TERM; \
	  ./scripts/supervise "alert worker" $(PY) manage.py run_alert_worker & \
	  ./scripts/supervise "periodic jobs" $(PY) manage.py run_periodic_jobs --loop 60 & \
	  $(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Run every test (lint, migrations check, unit, integration, browser, HTML validity)
	./scripts/ensure-chromium
	./scripts/ensure-vnu
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

eval-search: install ## Print the search's precision at 3 and MRR per audience on tests/content/data/search_queries.yaml (fails below target)
	$(PY) -m pytest -q -n 0 -s tests/content/test_search_quality.py

bench: install ## Measure against the targets (docs/benchmarks.md); BENCH_ARGS='--pages 10000 --cases 100000' for the large set, --scale-out for two servers behind nginx
	./bench/ensure-tools
	$(PY) -m bench $(BENCH_ARGS)

eval-danger: install ## Recall and false alarms of danger recognition on tests/danger/phrases.tsv, against the targets; EVAL_ARGS=--misses lists what it got wrong
	$(PY) -m upstander.danger.evaluate $(EVAL_ARGS)

audit: install ## Lighthouse on the demo's public pages (accessibility 100, best practices 100, SEO 95); reports in var/audit/
	./scripts/ensure-chromium
	./scripts/ensure-lighthouse
	$(PY) scripts/audit

screenshots: install ## Refresh docs/screenshots/ from the browser journeys
	./scripts/ensure-chromium
	UPSTANDER_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PY) -m pytest -q tests/browser tests/themes/test_browser_themes.py tests/voice/test_browser_voice.py

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
