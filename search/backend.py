"""The search backend of WAGTAILSEARCH_BACKENDS: Wagtail's database backend, whose PostgreSQL variant builds
and reads its autocomplete index without accents.

Wagtail answers the admin's image and document listings and choosers (and every other `autocomplete()`)
from the autocomplete part of the index. modelsearch's PostgreSQL backend builds and queries that part with
the text search configuration in its `autocomplete_config` attribute, which it sets to `simple` (no
stemming, accents kept); its SEARCH_CONFIG option reaches the full-text part only. Here that attribute
names AUTOCOMPLETE_CONFIG, a copy of `simple` that takes the accents off words first (created by
search/migrations/0004): "medellin" finds "Medellín", and "Medellín" still does. The attribute is not
documented (docs/upgrading.md); tests/test_admin_media_search_accents.py fails on PostgreSQL when it stops
working. SQLite's full-text index folds accents already: there the backend is modelsearch's own.

On both databases the backend adds objects to the index reading each object's related names (an event's
themes and cities) once, though it asks every search field for its value once per part of the index.
"""

from django.db import connection
from modelsearch.backends import database
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

from network.search_indexing import NamesReadOnce

AUTOCOMPLETE_CONFIG = "search_autocomplete"


class AccentFreeAutocompleteBackend(NamesReadOnce, PostgresSearchBackend):
    def __init__(self, params):
        super().__init__(params)
        self.autocomplete_config = AUTOCOMPLETE_CONFIG


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    """The backend for the default database, as `wagtail.search.backends.database` chooses it."""
    if connection.vendor == "postgresql":
        return AccentFreeAutocompleteBackend(params)
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite":
        # Its module reads SQLite's index models, which exist on SQLite only.
        from .sqlite_backend import FullTextBackend, SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            return FullTextBackend(params)
    return backend
