"""The template database production processes start from, and the static files they serve.

Building a database (migrate, then `setup_network --demo-accounts`, with the shipped cities: a site as
deployed) takes one to two minutes on PostgreSQL, so it is done once into a *template* database named after
a fingerprint of everything that shapes it (migrations, models, the setup code, the shipped cities, the
pinned packages). The template is kept between test runs and rebuilt when the fingerprint changes; each test
gets its own clone (`CREATE DATABASE … TEMPLATE …`, well under a second), dropped at the end.
"""

import contextlib
import fcntl
import hashlib
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from tests.services import (
    PROJECT_DIR,
    create_database,
    delete_redis_keys,
    manage,
    postgres_admin,
    postgres_url,
    production_environment,
)

TEMPLATE_PREFIX = "learning_cities_prodtest_template_"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "prodtest-Admin-Pw-5208"
STAFF_USERNAME = "staff"
STAFF_PASSWORD = "prodtest-Staff-Pw-7714"
# How the template is built; part of its fingerprint, so changing it rebuilds the template.
TEMPLATE_RECIPE = [
    ["migrate", "--no-input"],
    ["setup_network", "--demo-accounts"],
    {"DEMO_ADMIN_PASSWORD": ADMIN_PASSWORD, "DEMO_STAFF_PASSWORD": STAFF_PASSWORD},
]
# What the template database's content depends on (schema, settings, setup code and data, packages): a
# change to any of these rebuilds it. Other app code (views, templates…) is what the processes run, not
# what they store.
FINGERPRINT_GLOBS = [
    "requirements*.txt",
    "requirements/*.txt",
    "*/migrations/*.py",
    "network/settings/*.py",
    "*/models.py",
    "*/signals.py",
    "*/management/commands/*.py",
    "home/demo_accounts.py",
    "home/site_structure.py",
    "cities/focal_points.py",
    "cities/imports.py",
    "network/imports/*.py",
    "cities/staff.py",
    "cities/permissions.py",
    "contacts/attachments.py",
    "progress/evidence.py",
    "network/data_names.py",
    "cities/data/*",
    "progress/data/*",
    "progress/seed.py",
    # Setup stores translated names (pages, themes): a template built before the catalogues were compiled,
    # or with older ones, holds other words.
    "locale/*/LC_MESSAGES/*.po",
    "locale/*/LC_MESSAGES/*.mo",
]


def fingerprint(recipe=TEMPLATE_RECIPE):
    """A digest of `recipe` and of the files a migrated, set-up database depends on (FINGERPRINT_GLOBS)."""
    paths = [path for pattern in FINGERPRINT_GLOBS for path in sorted(PROJECT_DIR.glob(pattern))]
    return digest_of(recipe, [path for path in paths if path.is_file()])


def digest_of(recipe, paths):
    """A short digest of a template's recipe and of the names and contents of the files that shape it."""
    digest = hashlib.sha256(repr(recipe).encode())
    for path in paths:
        digest.update(str(path.relative_to(PROJECT_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_database():
    """The name of the migrated and set-up template database, built first when missing."""
    name = TEMPLATE_PREFIX + fingerprint()

    def build(building):
        prefix = f"lcn-template-{secrets.token_hex(4)}"
        *commands, passwords = TEMPLATE_RECIPE
        env = production_environment(building, redis_db=15, cache_prefix=prefix, **passwords)
        try:
            for command in commands:
                manage(env, *command)
        finally:
            delete_redis_keys(15, prefix)

    with postgres_admin() as admin:
        ensure_template(admin, TEMPLATE_PREFIX, name, build)
    return name


def ensure_template(admin, prefix, name, build):
    """Make the database `name` with build(database name) when it is missing, through `admin` (a psycopg
    connection in autocommit mode to the server).

    Builders take a PostgreSQL advisory lock on `prefix`, so concurrent runs build it once; the database
    gets its final name only when complete. Other databases named `prefix`… (templates of other
    fingerprints) are dropped, unless a run still uses them.
    """
    admin.execute("SELECT pg_advisory_lock(hashtext(%s))", [prefix])
    try:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        building = name + "_building"
        admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{building}"')
        try:
            build(building)
        except BaseException:
            admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
            raise
        admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        stale = admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [prefix.replace("_", r"\_") + "%", name],
        ).fetchall()
        for (old,) in stale:
            with contextlib.suppress(Exception):
                admin.execute(f'DROP DATABASE IF EXISTS "{old}"')
        return True
    finally:
        admin.execute("SELECT pg_advisory_unlock(hashtext(%s))", [prefix])


@contextlib.contextmanager
def locked_sqlite_template(prefix, name, build, suffix=".sqlite3", kept=None):
    """The path of the SQLite file (or folder) `prefix` + `name` + `suffix` in the temporary folder, made with
    build(path) when missing; no other run replaces it while the block runs. Older entries of the prefix
    are deleted (but those whose name starts with `kept`), and the entry gets its name only when complete."""
    folder = Path(tempfile.gettempdir())
    path = folder / f"{prefix}{name}{suffix}"
    with (folder / f"{prefix}lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            for older in folder.glob(f"{prefix}*{suffix}"):
                if not (kept and older.name.startswith(prefix + kept)):
                    remove(older)
            building = folder / f"{prefix}{os.getpid()}.building"
            remove(building)
            try:
                build(building)
            except BaseException:
                remove(building)
                raise
            os.replace(building, path)
        yield path


def remove(path):
    """Delete the file or folder `path`, if there is one."""
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def clone_database(prefix):
    """A fresh database named prefix + random suffix, cloned from the template; return its name."""
    name = f"{prefix}{secrets.token_hex(4)}"
    create_database(name, template=template_database())
    return name


def collect_static(directory):
    """Collect the static files as `make production` does (hashed names, compressed) into `directory`."""
    env = production_environment(postgres_url("postgres"), static_root=directory)
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    return directory
