"""Settings shared by every environment; values that differ come from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


INSTALLED_APPS = [
    "home",
    "cities",
    "contacts",
    "mailings",
    "events",
    "knowledge",
    "practices",
    "progress",
    "search",
    "network.caching",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "leaflet",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.forms",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "network.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # First but for security headers (and whitenoise): a cached page costs little more than a static file.
    "network.caching.public_responses.PublicPageCacheMiddleware",
    # Compresses what the page cache stores and everything it does not answer (kept per encoding).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "network.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin in the account's language for the whole request, not only inside Wagtail's views.
    "network.admin_language.AccountLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "csp.middleware.CSPMiddleware",
    "network.csp.NonceContextMiddleware",
    "axes.middleware.AxesMiddleware",
    # A focal point reaches only the admin views their city needs.
    "cities.admin_scope.FocalPointAdminScopeMiddleware",
    # The database unreachable: a stale copy or a 503 page, not a 500 (network/database_outage.py).
    "network.database_outage.DatabaseOutageMiddleware",
    # Admin form submissions all or nothing, even when the worker dies mid-way.
    "network.admin_transactions.AtomicAdminWritesMiddleware",
    # A deletion other records forbid: a message, not a 500 (inside the transaction above, rolled back).
    "network.protected_deletion.ProtectedDeletionMiddleware",
    # A crafted `next` that is not an address: HTTP 400, not a server error after the save.
    "network.next_addresses.NextAddressMiddleware",
    "network.choosers.MalformedChooserIdsMiddleware",
]

ROOT_URLCONF = "network.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            "libraries": {"csp_nonce": "network.csp"},
        },
    },
]

WSGI_APPLICATION = "network.wsgi.application"
# Form widgets render through TEMPLATES, so our overrides (CSP nonces in Wagtail's widgets) apply.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# DATABASE_URL selects the database (postgres://user@host:port/name for PostgreSQL through
# psycopg 3); without it the site runs on a SQLite file in the project folder. A persistent connection
# (DATABASE_CONN_MAX_AGE) is checked before a request reuses it: after a database restart each process
# connects again instead of failing on the dead connection.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query whose estimated cost is high (JIT), which takes tens of milliseconds; the
    # site's queries, even those over every city, run in a few milliseconds without it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two registrations for the last place wait for each other's write lock (events/registration.py) for up
    # to 20 s instead of failing with "database is locked" (Python's default of 5 s a burst can exceed).
    # Each transaction takes that lock as it begins (IMMEDIATE): one that read first could not wait for it
    # when it came to write, and failed at once while the worker or another request held it (a third of
    # sign-ins with `make run`'s worker beside the server).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Spanish first: the network's cities mostly speak Spanish; Portuguese and English follow.
LANGUAGE_CODE = "es"
LANGUAGES = [
    ("es", "Español"),
    ("pt-br", "Português (Brasil)"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Public pages are served per language: Spanish at the root, the others under /pt-br/ and /en/
# (the prefix is the language code, as in hreflang).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Dates as each language writes them, from Django's formats, but English the international way ("6 January
# 2027, 15:00", not Django's American "Jan. 6, 2027, 3 p.m."): network/formats/.
FORMAT_MODULE_PATH = ["network.formats"]
# The admin's date pickers show and read dates day first too (each language reads them): Wagtail's picker
# turns a date it cannot read into now, and 15/03/2027 typed into its ISO format was lost so.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [
    PROJECT_DIR / "static",
    # Installed from npm (package.json, package-lock.json) by the setup command.
    ("vendor/markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail's page editor posts many fields for StreamField-heavy pages.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# The SMTP backend's server (production's relay, or a local catcher in development); the file backend's path.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Learning Cities Network <noreply@localhost>")
# Seconds the worker waits for the mail server at each step: one that takes the connection and never
# answers would otherwise hold the worker forever. The message then waits for a later try.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# Background work: Wagtail's small tasks (index upkeep) run inline; ours (mailings, reminders) go to the
# "background" queue in the database, run by `manage.py run_worker` (`make run` starts it), not in a request.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# Days the database keeps a finished background task's row, arguments included (an e-mail address, say);
# the worker then deletes it (network/worker.py). Tasks waiting or running are kept.
TASK_RESULTS_KEEP_DAYS = int(os.environ.get("TASK_RESULTS_KEEP_DAYS", "30"))

# Country names that django-countries gets wrong, translated in our catalogues (Django prefers them to its
# own): Spanish "Trinidad yTobago", Portuguese "Dominicana" for Dominica, English "Bahamas (The)".
COUNTRIES_OVERRIDE = {
    "BS": _("Bahamas"),
    "DM": _("Dominica"),
    "TT": _("Trinidad and Tobago"),
}

# Wagtail
WAGTAIL_SITE_NAME = _("Learning Cities Network")
# The site's address: every link in every e-mail starts with it (network/links.py), and setup_network gives
# the default Site its host and port, so that pages' full URLs do too. Production requires it.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
# Wagtail's database backend; on PostgreSQL its autocomplete (the admin's image and document searches)
# ignores accents (search/backend.py), and its full text (the site search) stems words as Spanish and keeps
# stop words, whatever the server's default_text_search_config (search/migrations/0005). SQLite doesn't stem.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend", "SEARCH_CONFIG": "search_spanish"}}
# ASCII slugs keep shared links readable: /cities/sao-paulo/ rather than percent-encoded accents.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents always go through Wagtail's view, which applies their collection's privacy (engagement
# files are for UIL staff only); never a direct storage URL that anyone holding it could open.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The account e-mail is edited in our own panel (cities/account.py), which refuses an address that
# another account, a pending invitation or a contact holds: taking one would hijack an invitation.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Each rich-text field's editor is named by its label for assistive technology (network/rich_text.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "network.rich_text.LabelledDraftailRichTextArea"}}
# No third-party avatar service: it would send a hash of every e-mail address elsewhere.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor a check for new Wagtail releases from every admin's browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Maps: the tile provider is a deployment choice; tests point it at nothing.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# OpenStreetMap's credit in each page's language; a deployment's own attribution is shown as it is given.
OPENSTREETMAP_ATTRIBUTION = format_lazy(
    _("© {openstreetmap} contributors"),
    openstreetmap='<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", OPENSTREETMAP_ATTRIBUTION)


def leaflet_config(tile_url, attribution):
    """django-leaflet reads LEAFLET_CONFIG once at import: build it from the tile settings."""
    tiles = [(_("Map"), tile_url, {"attribution": attribution, "maxZoom": 19})] if tile_url else []
    return {
        "DEFAULT_CENTER": (-12.0, -70.0),
        "DEFAULT_ZOOM": 3,
        "MIN_ZOOM": 2,
        "MAX_ZOOM": 18,
        "TILES": tiles,
        "ATTRIBUTION_PREFIX": '<a href="https://leafletjs.com">Leaflet</a>',
        "RESET_VIEW": False,
        "NO_GLOBALS": True,
        # Leaflet guesses its marker images' folder from a CSS URL, which hashed static names break.
        "FORCE_IMAGE_PATH": f"{STATIC_URL}leaflet/images/",
        "PLUGINS": {
            "markercluster": {
                "css": [
                    "vendor/markercluster/MarkerCluster.css",
                    "vendor/markercluster/MarkerCluster.Default.css",
                ],
                "js": ["vendor/markercluster/leaflet.markercluster.js"],
                "auto-include": True,
            }
        },
    }


LEAFLET_CONFIG = leaflet_config(MAP_TILE_URL, MAP_TILE_ATTRIBUTION)


def content_security_policy(tile_url):
    """Scripts only from this site (inline ones need the response's nonce); map tiles from their host."""
    image_sources = [SELF, "data:", "blob:"]
    if tile_url:
        parts = urlsplit(tile_url)
        image_sources.append(f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}")
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            # Wagtail's admin and Leaflet set style attributes.
            "style-src": [SELF, "'unsafe-inline'"],
            "img-src": image_sources,
            "font-src": [SELF, "data:"],
            "connect-src": [SELF],
            "frame-src": [
                SELF,
                "https://www.youtube.com",
                "https://www.youtube-nocookie.com",
                "https://player.vimeo.com",
            ],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [SELF],
        }
    }


CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILE_URL)

# Every API (Wagtail's admin API, wagtail-localize's snippet API) asks the model's permission policy.
REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["network.api_permissions.ModelPolicyPermission"]}

# Repeated failed sign-ins are throttled per account and address (django-axes, recorded in the
# database so that every app process sees them), and per address whatever the account, with a higher
# limit: one password tried against many accounts (network/sign_in_throttling.py).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "network.sign_in_throttling.AddressThrottlingHandler"
SIGN_IN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
# Behind N trusted proxies the client's address comes from X-Forwarded-For; without any, that header
# is the client's own claim and is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# django-ipware counts the proxies listed inside X-Forwarded-For, not the one that connects.
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)
# Password-reset requests: beyond these, within the period, no link is sent (network/password_reset.py);
# an invited focal point without a password gets their invitation again (cities/invitation_recovery.py).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "cities.invitation_recovery.InvitationPasswordResetForm"
WAGTAILADMIN_USER_LOGIN_FORM = "network.sign_in_form.SignInForm"
ACCOUNT_RECOVERY_LIMIT_PER_EMAIL = int(os.environ.get("ACCOUNT_RECOVERY_LIMIT_PER_EMAIL", "3"))
ACCOUNT_RECOVERY_LIMIT_PER_ADDRESS = int(os.environ.get("ACCOUNT_RECOVERY_LIMIT_PER_ADDRESS", "10"))
ACCOUNT_RECOVERY_LIMIT_PERIOD = timedelta(
    minutes=int(os.environ.get("ACCOUNT_RECOVERY_LIMIT_PERIOD_MINUTES", "60"))
)
# Event registrations (events/registration_views.py): beyond these within ten minutes, from one client
# address or for one e-mail address, the form asks the person to wait.
EVENT_REGISTRATIONS_PER_ADDRESS = int(os.environ.get("EVENT_REGISTRATIONS_PER_ADDRESS", "20"))
EVENT_REGISTRATIONS_PER_EMAIL = int(os.environ.get("EVENT_REGISTRATIONS_PER_EMAIL", "5"))

# Geocoding with geopy (Nominatim by default). The public Nominatim server needs a real user agent
# with a contact address, allows one request per second and asks for results to be cached.
GEOCODER = {
    "DOMAIN": os.environ.get("GEOCODER_DOMAIN", "nominatim.openstreetmap.org"),
    "SCHEME": os.environ.get("GEOCODER_SCHEME", "https"),
    "USER_AGENT": os.environ.get(
        "GEOCODER_USER_AGENT", "learning-cities-network/0.1 (contact: learningcities@example.org)"
    ),
    "TIMEOUT": float(os.environ.get("GEOCODER_TIMEOUT", "10")),
    "LANGUAGE": os.environ.get("GEOCODER_LANGUAGE", "es"),
    "MIN_DELAY_SECONDS": float(os.environ.get("GEOCODER_MIN_DELAY_SECONDS", "1")),
    "CACHE_SECONDS": int(os.environ.get("GEOCODER_CACHE_SECONDS", str(60 * 60 * 24 * 30))),
}
# The editor warns when a city's pin is farther than this from where its name geocodes.
GEOCODER_WARNING_DISTANCE_KM = float(os.environ.get("GEOCODER_WARNING_DISTANCE_KM", "25"))

# The dashboard lists cities without an engagement for this many days.
ENGAGEMENT_QUIET_DAYS = int(os.environ.get("ENGAGEMENT_QUIET_DAYS", "180"))

# The shipped list of Learning Cities, loaded by `manage.py load_learning_cities`.
LEARNING_CITIES_CSV = BASE_DIR / "cities" / "data" / "learning_cities_latam.csv"
