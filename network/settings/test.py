from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Background tasks run at once in tests; the tests of the queue itself switch to the database backend.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILEMBEDS_FINDERS = []
# Maps in tests never reach the internet for tiles, and geocoding never reaches a real server.
MAP_TILE_URL = ""
LEAFLET_CONFIG = leaflet_config(MAP_TILE_URL, MAP_TILE_ATTRIBUTION)
GEOCODER = {**GEOCODER, "DOMAIN": "127.0.0.1:9", "SCHEME": "http", "TIMEOUT": 2, "MIN_DELAY_SECONDS": 0}
# Sign-in throttling is tested on its own (tests enable it); elsewhere tests log in freely.
AXES_ENABLED = False
