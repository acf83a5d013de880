# Two commands do everything on a fresh Debian machine:
#   make run    the app with demo data on http://127.0.0.1:8000 (SQLite by default)
#   make test   the test suite (PostgreSQL when DATABASE_URL is set, else SQLite)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000

RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-wqy-microhei
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils

.PHONY: run test sysdeps-run sysdeps-test venv serve check clean loadtest

# the demo runs with DEBUG on (settings default to off); DEBUG=0 make run overrides
run: export DEBUG ?= 1
run: sysdeps-run .stamp-venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST)

# manage.py check and makemigrations in development mode (no production SECRET_KEY)
test check: export DEBUG ?= 1
test: sysdeps-test .stamp-venv-test
	$(VENV)/bin/ruff check .  # the rule set in pyproject.toml
	PIP=$(PIP) bash scripts/check_packaging.sh
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

# Production: gunicorn against DATABASE_URL (PostgreSQL), static files via whitenoise.
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
BIND ?= 127.0.0.1:8000
serve: sysdeps-run .stamp-venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(VENV)/bin/gunicorn servicecenter.wsgi:application --bind $(BIND) \
	  --config gunicorn.conf.py \
	  --workers $(WORKERS) --timeout 60 --access-logfile - --forwarded-allow-ips '*'

# The concurrent load test (loadgen/loadtest, README "Performance"): the production
# stack on loopback against LOADTEST_DB (filled by generate_data), Locust headless.
#   make loadtest LOADTEST_ARGS="--steps 10,300,10,20"
#   make loadtest LOADTEST_ARGS="--users 30 --duration 120 --fault worker@40"
LOADTEST_DB ?= postgres://servicecenter@127.0.0.1:5432/load1m
loadtest: .stamp-venv
	$(PY) -c 'import locust' 2>/dev/null || $(PIP) install -q -e '.[load]'
	DEBUG=1 DATABASE_URL=$(LOADTEST_DB) $(PY) manage.py loadtest $(LOADTEST_ARGS)

check: .stamp-venv
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

sysdeps-run:
	@bash scripts/sysdeps.sh $(RUN_DEBS)

sysdeps-test:
	@bash scripts/sysdeps.sh $(TEST_DEBS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

.stamp-venv: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e .
	touch $@

.stamp-venv-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e '.[test,load]'  # load: the Locust scenario has tests too
	touch .stamp-venv $@

clean:
	rm -rf $(VENV) .stamp-* db.sqlite3
