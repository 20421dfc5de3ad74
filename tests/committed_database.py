"""The session's test database, kept for the tests that run later while a transactional test's threads
commit to it.

Threads with connections of their own need committed data, so such a test is transactional, and Django
empties every table after it. The session's database (its site structure, tests/suite_database.py) must
outlive it: on PostgreSQL it is saved before the module and put back after it; on SQLite the module runs on
a file copy of it. A copy in a file also gives the threads SQLite's locking as the site has it: the test
database in memory is shared between connections through a shared cache, where a second writer fails at
once ("database table is locked") instead of waiting for the lock.

A module uses it from a module-scoped fixture, which outlasts the clean-up after its tests:

    @pytest.fixture(scope="module", autouse=True)
    def session_database_kept(django_db_setup, django_db_blocker, tmp_path_factory):
        with django_db_blocker.unblock(), kept_for_later_tests(tmp_path_factory.mktemp("name")):
            yield
"""

import contextlib
import sqlite3

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction

SAVED = "threads_saved_tables"  # PostgreSQL: the schema the session's tables are copied into meanwhile


@contextlib.contextmanager
def kept_for_later_tests(folder):
    counts = table_counts()
    keeping = (
        on_a_file_copy(folder / "db.sqlite3") if connection.vendor == "sqlite" else put_back_afterwards()
    )
    with keeping:
        yield
    ContentType.objects.clear_cache()  # it holds the content types the clean-up made again, other keys
    assert table_counts() == counts, "the session's database is not as it was"


@contextlib.contextmanager
def on_a_file_copy(path):
    """Every connection (the threads' too) uses a file copy of the SQLite database in memory meanwhile."""
    in_memory = connection.settings_dict["NAME"]
    # The database in memory lasts as long as a connection to it is open.
    keep_alive = sqlite3.connect(in_memory, uri=True)
    try:
        with contextlib.closing(sqlite3.connect(path)) as copy:
            keep_alive.backup(copy)
        named(str(path))
        connection.close()  # under the copy's name, Django closes its connection to the database in memory
        try:
            yield
        finally:
            connection.close()
            named(in_memory)
            connection.ensure_connection()  # before the keep-alive connection closes
    finally:
        keep_alive.close()


def named(name):
    for database in (
        settings.DATABASES["default"],
        connections.settings["default"],
        connection.settings_dict,
    ):
        database["NAME"] = name


@contextlib.contextmanager
def put_back_afterwards():
    """PostgreSQL: every table copied into a schema of its own now and copied back afterwards (the same
    rows, keys included; Django's foreign keys are checked at the commit)."""
    tables = [
        connection.ops.quote_name(table)
        for table in sorted(
            connection.introspection.django_table_names(only_existing=True, include_views=False)
        )
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SAVED} CASCADE")  # left by a run stopped half-way
        cursor.execute(f"CREATE SCHEMA {SAVED}")
        for table in tables:
            cursor.execute(f"CREATE TABLE {SAVED}.{table} AS TABLE {table}")
    try:
        yield
    finally:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
            for table in tables:
                cursor.execute(f"INSERT INTO {table} SELECT * FROM {SAVED}.{table}")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA {SAVED} CASCADE")


def table_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts
