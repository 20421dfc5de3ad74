# Learning Cities Network: `make run` sets everything up and starts the site; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test lint messages migrations-check production bench clean

run: setup
	$(MANAGE) runserver $(HOST):$(PORT)

setup: $(VENV)/.installed node_modules/.installed messages
	$(MANAGE) migrate --no-input
	$(MANAGE) setup_network --demo-accounts

# The site as it runs in production: PostgreSQL, Redis, gunicorn and whitenoise (see README, Deploying).
production: $(VENV)/.installed node_modules/.installed messages
	scripts/production.sh

test: $(VENV)/.installed node_modules/.installed messages
	$(BIN)/pytest -n 2 --dist loadfile

# Benchmark of the production setup (PostgreSQL, Redis, gunicorn, whitenoise) with wrk, at two data sizes;
# figures in docs/performance.md. Options: BENCH_SIZES=small BENCH_DURATION=3 BENCH_LOAD=1, or BENCH_ARGS=...
bench: $(VENV)/.installed node_modules/.installed messages
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: $(VENV)/.installed
	$(MANAGE) makemigrations --check --dry-run

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.x)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# Interface translations: the catalogues (locale/*/LC_MESSAGES/django.po) are compiled here, not committed.
messages: $(VENV)/.installed
	cd locale && ../$(BIN)/python ../manage.py compilemessages --verbosity 0

# Front-end packages (Leaflet.markercluster), pinned by package-lock.json and served as static files.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) node_modules db.sqlite3 static media
