"""The database a test session runs on: a copy of a template, not a fresh migration.

Migrating and building the site's structure (`setup_network --no-cities`) took 15–20 s in every test
process, twice per CI run and once per local run, even when nothing had changed. That work is done once,
into a *template* named after a fingerprint of what could change it (the project's apps, catalogues as
written and as compiled, since the setup stores translated names, and pinned packages), and kept between
runs: a SQLite file in the temporary folder, or a database beside the one DATABASE_URL names. Each test
process starts from a copy (an in-memory SQLite database filled with SQLite's backup API, or
`CREATE DATABASE … TEMPLATE …`), made in under a second and dropped at its end.

The template is built by the same commands as before, in a process of its own with the test settings;
concurrent builders wait on a lock, and templates of other fingerprints are deleted.
"""

import contextlib
import sqlite3
from pathlib import Path
from urllib.parse import quote

from tests import template_database
from tests.services import PROJECT_DIR, base_environment, manage

RECIPE = [["migrate", "--no-input"], ["setup_network", "--no-cities"]]
SQLITE_PREFIX = "lcn-suite-template-"
POSTGRES_PREFIX = "learning_cities_suite_template_"
# Folders whose files cannot change the template's content; everything else of the project's apps counts.
NOT_SHAPING = {"__pycache__", "static", "templates", "tests", "bench", "docs", "scripts", "node_modules"}


def fingerprint():
    """A digest of the recipe, this module and every file of the project's apps, catalogues (as written and
    as compiled) and pins."""
    catalogues = [*PROJECT_DIR.glob("locale/*/*/*.po"), *PROJECT_DIR.glob("locale/*/*/*.mo")]
    paths = [Path(__file__), *PROJECT_DIR.glob("requirements/*.txt"), *catalogues]
    for folder in sorted(PROJECT_DIR.iterdir()):
        if folder.is_dir() and folder.name not in NOT_SHAPING and (folder / "__init__.py").exists():
            paths.extend(shaping_files(folder))
    return template_database.digest_of(RECIPE, sorted(set(paths)))


def shaping_files(folder):
    for path in folder.iterdir():
        if path.is_dir():
            if path.name not in NOT_SHAPING:
                yield from shaping_files(path)
        elif path.suffix not in {".pyc", ".mo"}:
            yield path


def build(database_url):
    environment = {
        **base_environment(),
        "DJANGO_SETTINGS_MODULE": "network.settings.test",
        "DATABASE_URL": database_url,
    }
    for command in RECIPE:
        manage(environment, *command)


# --- SQLite -------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def sqlite_copy(name):
    """Fill the in-memory database `file:<name>?mode=memory&cache=shared` from the template; yield its name.

    The database lives while a connection to it is open: this one is held until the session ends.
    """
    uri = f"file:{name}?mode=memory&cache=shared"
    holder = sqlite3.connect(uri, uri=True)
    try:
        with locked_sqlite_template() as template, contextlib.closing(sqlite3.connect(template)) as source:
            source.backup(holder)
        yield uri
    finally:
        holder.close()


def locked_sqlite_template():
    """The template's path, built first when missing, while no other run may replace it."""
    return template_database.locked_sqlite_template(
        SQLITE_PREFIX, fingerprint(), lambda building: build(f"sqlite:///{building}")
    )


# --- PostgreSQL ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def postgres_copy(settings_dict, name):
    """Create the database `name` as a copy of the template on the server of `settings_dict`; drop it at
    the end."""
    with admin_connection(settings_dict) as admin:
        template = postgres_template(admin, settings_dict)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield name
    finally:
        with admin_connection(settings_dict) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def admin_connection(settings_dict):
    import psycopg

    connection = psycopg.connect(
        dbname="postgres",
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        autocommit=True,
        connect_timeout=10,
    )
    try:
        yield connection
    finally:
        connection.close()


def postgres_template(admin, settings_dict):
    """The template's name, built first when missing."""
    name = POSTGRES_PREFIX + fingerprint()

    def build_into(building):
        build(postgres_url(settings_dict, building))

    template_database.ensure_template(admin, POSTGRES_PREFIX, name, build_into)
    return name


def postgres_url(settings_dict, name):
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}{':' if password else ''}{password}@" if user else ""
    host = quote(settings_dict.get("HOST") or "localhost", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{name}"
