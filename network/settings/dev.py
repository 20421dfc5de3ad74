import hashlib
import os
import tempfile

from .base import *

DEBUG = True

# A development-only key: production settings refuse to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# `make run` runs the site and the background worker as two processes: what the worker changes (a mailing
# logged as engagements, registration e-mails) must reach the site's cached counts and pages, so they share
# a cache in files, one per database (a browser test's site has its own).
_database = DATABASES["default"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": Path(tempfile.gettempdir()) / "learning-cities-dev-cache",
        "KEY_PREFIX": hashlib.sha256(
            f"{_database['ENGINE']}|{_database.get('HOST')}|{_database.get('PORT')}|{_database['NAME']}".encode()
        ).hexdigest()[:16],
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
