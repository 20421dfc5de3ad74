"""The production settings (network/settings/production.py), as a deployment starts them: each case runs in
a fresh process whose environment is built from scratch, so nothing leaks from this test process.

They refuse to start without what production needs (a secret key, host names, the site's base URL that
every e-mailed link starts with, PostgreSQL, Redis) and otherwise pass `check --deploy` with Redis as the
cache, whitenoise for static files, S3 for media when a bucket is configured and SMTP for e-mail, with no
credential written in the settings files.
"""

import ast
import gc
import json
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import PROJECT_DIR, base_environment

SETTINGS_DIR = PROJECT_DIR / "network" / "settings"
REDIS_URL = "redis://127.0.0.1:6379/15"
BASE_URL = "https://learningcities.example.org"
DATABASE_URL = "postgres://lcn_app:db-Pw-from-env-61@db.internal:5432/learning_cities"


def deployment(**changes):
    """Everything a deployment sets; a variable given as None is left out."""
    env = {
        **base_environment(),
        "DJANGO_SETTINGS_MODULE": "network.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "learningcities.example.org, www.learningcities.example.org",
        "WAGTAILADMIN_BASE_URL": BASE_URL,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        # Nothing may reach AWS, not even its metadata service.
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    env.update(changes)
    return {name: value for name, value in env.items() if value is not None}


def run(env, *args, timeout=180):
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )


# What the settings make of an environment, read in a fresh process (no database or cache connection).
DUMP_SETTINGS = """
import json
import runpy
from django.conf import settings
from django.core.files.storage import storages

def name(obj):
    return f"{type(obj).__module__}.{type(obj).__qualname__}"

media = storages["default"]
report = {
    name: getattr(settings, name)
    for name in (
        "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CACHES", "STORAGES", "MIDDLEWARE", "EMAIL_BACKEND",
        "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS",
        "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
        "CSRF_TRUSTED_ORIGINS", "WAGTAILADMIN_BASE_URL",
    )
}
report["DATABASE"] = settings.DATABASES["default"]
report["default_storage"] = name(media)
report["staticfiles_storage"] = name(storages["staticfiles"])
report["media_url"] = media.url("images/plaza.jpg")
report["bucket_name"] = getattr(media, "bucket_name", None)
report["media_root"] = str(getattr(media, "location", ""))
print(json.dumps(report, default=str))
"""


def read_settings(env):
    result = run(env, "-c", DUMP_SETTINGS)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def secret_key():
    return secrets.token_urlsafe(50)


@pytest.fixture(scope="module")
def production(secret_key):
    return read_settings(
        deployment(
            SECRET_KEY=secret_key,
            DEBUG="true",  # not a production setting: it must change nothing
            EMAIL_HOST="smtp.example.org",
            EMAIL_PORT="587",
            EMAIL_HOST_USER="mailer",
            EMAIL_HOST_PASSWORD="mail-Pw-from-env-27",
            EMAIL_USE_TLS="true",
            CSRF_TRUSTED_ORIGINS="https://learningcities.example.org",
        )
    )


# --- Refusing to start ------------------------------------------------------------------------------------


REFUSALS = {
    "no SECRET_KEY": ({"SECRET_KEY": None}, "SECRET_KEY"),
    "empty SECRET_KEY": ({"SECRET_KEY": ""}, "SECRET_KEY"),
    "no ALLOWED_HOSTS": ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
    "blank ALLOWED_HOSTS": ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS"),
    "SQLite DATABASE_URL": ({"DATABASE_URL": "sqlite:////tmp/learning_cities.sqlite3"}, "PostgreSQL"),
    "no DATABASE_URL (SQLite by default)": ({"DATABASE_URL": None}, "PostgreSQL"),
    "no REDIS_URL": ({"REDIS_URL": None}, "REDIS_URL"),
    "no WAGTAILADMIN_BASE_URL": ({"WAGTAILADMIN_BASE_URL": None}, "WAGTAILADMIN_BASE_URL"),
    "empty WAGTAILADMIN_BASE_URL": ({"WAGTAILADMIN_BASE_URL": " "}, "WAGTAILADMIN_BASE_URL"),
    "http base URL": (
        {"WAGTAILADMIN_BASE_URL": "http://learningcities.example.org"},
        "WAGTAILADMIN_BASE_URL must start with https://",
    ),
    "base URL with a path": ({"WAGTAILADMIN_BASE_URL": f"{BASE_URL}/red"}, "WAGTAILADMIN_BASE_URL"),
    "base URL without a scheme": (
        {"WAGTAILADMIN_BASE_URL": "learningcities.example.org"},
        "WAGTAILADMIN_BASE_URL",
    ),
    "https base URL on another port": (
        {"WAGTAILADMIN_BASE_URL": f"{BASE_URL}:8443"},
        "WAGTAILADMIN_BASE_URL may name no port but 443",
    ),
    "base URL the site refuses": (
        {"WAGTAILADMIN_BASE_URL": "https://elsewhere.example.org"},
        "WAGTAILADMIN_BASE_URL's host 'elsewhere.example.org' is not in ALLOWED_HOSTS",
    ),
}


@pytest.mark.parametrize(("changes", "named"), REFUSALS.values(), ids=REFUSALS.keys())
def test_refuses_to_start_without_what_production_needs(changes, named):
    result = run(deployment(**changes), "manage.py", "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert named in message, f"the error does not say what to set: {message!r}"


def test_gunicorn_refuses_to_load_the_app_without_a_secret_key():
    """What `make production` runs: gunicorn loads network.wsgi, which must fail loudly, not serve."""
    command = ["-m", "gunicorn", "--config", "gunicorn.conf.py", "--check-config"]
    result = run(deployment(SECRET_KEY=None), *command)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


# --- Starting -----------------------------------------------------------------------------------------


def test_deploy_check_passes_with_everything_set():
    result = run(deployment(), "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_gunicorn_configuration_comes_from_the_environment():
    env = deployment(WEB_CONCURRENCY="3", GUNICORN_BIND="127.0.0.1:8123", GUNICORN_THREADS="4")
    result = run(env, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--check-config", "--print-config")
    assert result.returncode == 0, result.stdout + result.stderr
    config = {}
    for line in result.stdout.splitlines():
        key, _, value = line.partition("=")
        config[key.strip()] = value.strip()
    assert config["bind"] == "['127.0.0.1:8123']"
    assert config["workers"] == "3"
    assert config["threads"] == "4"
    assert config["worker_class"] == "gthread"
    assert config["wsgi_app"] == "network.wsgi:application"


def test_gunicorn_workers_keep_the_loaded_site_out_of_full_garbage_collections():
    """A worker, once it has loaded the site, freezes its objects (gc.freeze): the collector's full
    passes then skip them instead of pausing a request for about 100 ms (docs/performance.md)."""
    hooks = runpy.run_path(str(PROJECT_DIR / "gunicorn.conf.py"))
    assert gc.get_freeze_count() == 0
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_secrets_and_hosts_come_from_the_environment(production, secret_key):
    assert production["DEBUG"] is False
    assert production["SECRET_KEY"] == secret_key
    assert production["ALLOWED_HOSTS"] == ["learningcities.example.org", "www.learningcities.example.org"]
    assert production["CSRF_TRUSTED_ORIGINS"] == ["https://learningcities.example.org"]


def test_every_emailed_link_starts_with_the_base_url_from_the_environment():
    settings = read_settings(deployment(WAGTAILADMIN_BASE_URL=f" {BASE_URL}/ "))
    assert settings["WAGTAILADMIN_BASE_URL"] == BASE_URL


def test_plain_http_base_url_only_for_this_machine():
    """`make production` serves plain HTTP on this machine; a link to it reaches nobody else."""
    settings = read_settings(
        deployment(WAGTAILADMIN_BASE_URL="http://localhost:8000", ALLOWED_HOSTS="localhost")
    )
    assert settings["WAGTAILADMIN_BASE_URL"] == "http://localhost:8000"


def test_database_is_postgresql_from_database_url(production):
    database = production["DATABASE"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5432, "learning_cities")
    assert (database["USER"], database["PASSWORD"]) == ("lcn_app", "db-Pw-from-env-61")
    # Persistent connections, checked before reuse (a restarted PostgreSQL does not break requests).
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_cache_is_the_shared_redis(production):
    cache = production["CACHES"]["default"]
    # Django's Redis backend, serving without the cache while Redis is unreachable
    # (network/caching/outage.py).
    assert cache["BACKEND"] == "network.caching.outage.FailSoftRedisCache"
    assert cache["LOCATION"] == REDIS_URL
    assert list(production["CACHES"]) == ["default"]
    # A Redis that does not answer costs a request a quarter of a second, not redis-py's 5 s default.
    assert cache["OPTIONS"]["socket_connect_timeout"] == 0.25
    assert cache["OPTIONS"]["socket_timeout"] == 0.25


def test_static_files_are_compressed_with_hashed_names_by_whitenoise(production):
    assert production["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert production["staticfiles_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    middleware = production["MIDDLEWARE"]
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    # /healthz stays first: it must answer whatever comes after.
    assert middleware[0] == "network.health.HealthCheckMiddleware"


def test_media_stay_on_local_disk_without_a_bucket(production):
    assert production["default_storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert production["media_url"] == "/media/images/plaza.jpg"


def test_media_go_to_s3_when_a_bucket_is_configured():
    media = read_settings(
        deployment(
            AWS_STORAGE_BUCKET_NAME="lcn-media",
            AWS_S3_REGION_NAME="sa-east-1",
            AWS_S3_CUSTOM_DOMAIN="media.learningcities.example.org",
            AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
            AWS_SECRET_ACCESS_KEY="not-a-real-secret",
        )
    )
    assert media["default_storage"] == "storages.backends.s3.S3Storage"
    assert media["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["bucket_name"] == "lcn-media"
    assert media["media_url"] == "https://media.learningcities.example.org/images/plaza.jpg"
    # Static files stay with whitenoise.
    assert media["staticfiles_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_email_goes_through_smtp_configured_by_the_environment(production):
    assert production["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (production["EMAIL_HOST"], production["EMAIL_PORT"]) == ("smtp.example.org", 587)
    assert production["EMAIL_HOST_USER"] == "mailer"
    assert production["EMAIL_HOST_PASSWORD"] == "mail-Pw-from-env-27"
    assert production["EMAIL_USE_TLS"] is True


def test_https_is_enforced_by_default(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"] is True


def test_https_redirect_can_be_switched_off_for_plain_http_on_one_machine():
    assert read_settings(deployment(SECURE_SSL_REDIRECT="false"))["SECURE_SSL_REDIRECT"] is False


# --- No credentials in the settings files ------------------------------------------------------------------

SECRET_WORDS = ("PASSWORD", "SECRET", "TOKEN", "ACCESS_KEY")
# Settings whose names hold a secret word but whose values are not secrets.
NOT_CREDENTIALS = {"WAGTAILADMIN_USER_PASSWORD_RESET_FORM"}  # a form class's dotted path


def literal_secrets(path):
    """Names containing a secret word (as variables or dict keys) assigned a non-empty string literal."""
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))

    def secret(name):
        if not isinstance(name, str) or name in NOT_CREDENTIALS:
            return False
        return any(word in name.upper() for word in SECRET_WORDS)

    def literal(node):
        return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip()

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and secret(target.id) and literal(node.value):
                    found.append(f"{path.name}:{node.lineno} {target.id}")
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and secret(key.value) and literal(value):
                    found.append(f"{path.name}:{node.lineno} {key.value!r}")
        # os.environ.get("X_PASSWORD", "fallback"): a fixed password used when the variable is missing.
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", None) in ("get", "getenv")
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Constant)
            and secret(node.args[0].value)
            and literal(node.args[1])
        ):
            found.append(f"{path.name}:{node.lineno} default for {node.args[0].value}")
    return found


@pytest.mark.parametrize("name", ["base.py", "production.py"])
def test_no_fixed_password_or_key_in_the_settings_production_loads(name):
    assert literal_secrets(SETTINGS_DIR / name) == []


def test_the_credential_scan_finds_what_it_looks_for(tmp_path):
    """The scan above is not vacuous: it reports every way of writing a credential in."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        'EMAIL_HOST_PASSWORD = "hunter2"\n'
        'DATABASES = {"default": {"PASSWORD": "hunter2"}}\n'
        'SECRET_KEY = os.environ.get("SECRET_KEY", "fallback-key")\n'
        'AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "")\n'
    )
    assert len(literal_secrets(sample)) == 3


def test_no_settings_file_holds_a_production_credential():
    """Development and test keys are allowed (they say so); nothing else in any settings file."""
    allowed = {"dev.py": {"default for SECRET_KEY"}, "test.py": {"SECRET_KEY"}}
    for path in sorted(Path(SETTINGS_DIR).glob("*.py")):
        found = {entry.split(" ", 1)[1] for entry in literal_secrets(path)}
        assert found <= allowed.get(path.name, set()), f"{path.name}: {sorted(found)}"
