"""System checks: clean with dev settings, clean with production settings and --deploy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent


def manage(*args, **environment):
    """Run manage.py in a fresh process with these environment variables (None removes one)."""
    env = {**os.environ}
    for name in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS"):
        env.pop(name, None)
    for name, value in environment.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def production_environment():
    """What a deployment sets. The check commands connect to neither the database nor the cache."""
    return {
        "DJANGO_SETTINGS_MODULE": "network.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "learningcities.example.org",
        "WAGTAILADMIN_BASE_URL": "https://learningcities.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/learning_cities",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }


def test_check_passes_with_dev_settings():
    result = manage("check", DJANGO_SETTINGS_MODULE="network.settings.dev")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_passes_with_production_settings(production_environment):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_environment)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(production_environment):
    result = manage("check", **{**production_environment, "SECRET_KEY": None})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts(production_environment):
    result = manage("check", **{**production_environment, "ALLOWED_HOSTS": None})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr
