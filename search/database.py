"""`search_fold(text)` in SQL, lower case without accents, the same on SQLite and PostgreSQL.

On PostgreSQL the migration search/migrations/0001 creates it over the `unaccent` extension; SQLite has
no such function, so each new connection gets network.search_indexing.fold (Python) under that name.
"""

from django.db import connections
from django.db.backends.signals import connection_created

from network.search_indexing import fold


def fold_or_null(text):
    return None if text is None else fold(text)


def add_fold_function(connection):
    if connection.vendor == "sqlite" and connection.connection is not None:
        connection.connection.create_function("search_fold", 1, fold_or_null, deterministic=True)


def on_connection_created(sender, connection, **kwargs):
    add_fold_function(connection)


def install_fold_function():
    """Give every SQLite connection, open or opened later, the function (SearchConfig.ready)."""
    connection_created.connect(on_connection_created, dispatch_uid="search-fold-function")
    for connection in connections.all(initialized_only=True):
        add_fold_function(connection)


def run_on_postgresql(*statements):
    """A RunPython operation's function running the SQL statements on PostgreSQL only (search/migrations)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run
