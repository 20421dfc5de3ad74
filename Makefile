# Learning Cities Network: `make run` sets everything up and starts the site; `make test` runs the tests; `make backup` and `make restore ARCHIVE=…` back up and restore the data.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test lint messages migrations-check production bench backup restore clean

# The site and, beside it, the background worker (mailings, reminders); Ctrl+C stops both.
run: setup
	$(MANAGE) run_worker --verbosity 0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

setup: $(VENV)/.installed node_modules/.installed messages
	$(MANAGE) migrate --no-input
	$(MANAGE) setup_network --demo-accounts
ifneq ($(DEMO_DATA),0)
	$(MANAGE) load_demo_engagements
	$(MANAGE) load_demo_progress_report
endif

# The site as it runs in production: PostgreSQL, Redis, gunicorn and whitenoise (see README, Deploying).
production: $(VENV)/.installed node_modules/.installed messages
	scripts/production.sh

# The suite in two processes, then the fault tests alone (they time recoveries: docs/reliability.md);
# SKIP_FAULTS=1 leaves those out (CI runs them once, in the SQLite pass), SKIP_OWN_DATABASE=1 the tests that
# bring databases of their own (CI's PostgreSQL pass: they would run the same as in the SQLite pass).
TEST_MARKS = not faults$(if $(filter 1,$(SKIP_OWN_DATABASE)), and not own_database)
test: $(VENV)/.installed node_modules/.installed messages
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder -m "$(TEST_MARKS)"
ifneq ($(SKIP_FAULTS),1)
	$(BIN)/pytest -p no:xdist -m faults
endif

# Benchmark of the production setup (PostgreSQL, Redis, gunicorn, whitenoise) with wrk, at two data sizes;
# figures in docs/performance.md. Options: BENCH_SIZES=small BENCH_DURATION=3 BENCH_LOAD=1, or BENCH_ARGS=...
bench: $(VENV)/.installed node_modules/.installed messages
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# A timestamped, owner-only archive of the database (DATABASE_URL) and the media files (MEDIA_ROOT) under
# BACKUP_DIR (default backups/), with a manifest of row counts and checksums.
backup: $(VENV)/.installed
	$(MANAGE) backup_site

# Restore ARCHIVE into an empty database and an empty media folder, then check it against its manifest.
restore: $(VENV)/.installed
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=backups/<UTC time>"; exit 2; }
	$(MANAGE) restore_site "$(ARCHIVE)"

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: $(VENV)/.installed
	$(MANAGE) makemigrations --check --dry-run

$(VENV)/.installed: requirements/base.txt requirements/production.txt requirements/development.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.x)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/development.txt
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
