"""SQLite's full-text (FTS5) search backend, adding objects to the index as search/backend.py says."""

from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

from network.search_indexing import NamesReadOnce

__all__ = ["FullTextBackend", "SQLiteSearchBackend"]


class FullTextBackend(NamesReadOnce, SQLiteSearchBackend):
    pass
