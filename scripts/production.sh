#!/usr/bin/env bash
# Start the site as it runs in production, on this machine: PostgreSQL, Redis, gunicorn, whitenoise.
# Every setting comes from the environment; local defaults are filled in for a first run.
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_SETTINGS_MODULE=network.settings.production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/learning_cities}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:8000}"
# Plain HTTP on this machine; behind a TLS-terminating load balancer leave the default (true).
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-4}"
if [ -z "${SECRET_KEY:-}" ]; then
    # A key kept on this machine only (never committed), so sessions survive restarts.
    [ -s .secret_key ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' > .secret_key
    SECRET_KEY="$(cat .secret_key)"
    export SECRET_KEY
fi

.venv/bin/python - <<'PY'
import os
import dj_database_url
import psycopg

config = dj_database_url.parse(os.environ["DATABASE_URL"])
admin = psycopg.connect(
    host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], password=config["PASSWORD"],
    dbname="postgres", autocommit=True,
)
if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
    admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
PY
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py setup_network
.venv/bin/python manage.py collectstatic --no-input --verbosity 0
# The background worker (mailings, reminders) runs beside the web processes and stops with them.
.venv/bin/python manage.py run_worker --no-reload &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM
.venv/bin/gunicorn --config gunicorn.conf.py
