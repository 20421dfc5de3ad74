"""SQLite's full-text (FTS5) search backend, adding objects to the index as search/backend.py says.

modelsearch writes each typed word and phrase into FTS5's query language inside double quotes without
doubling the quotes it holds, as that language asks: a query with a lone `"` (which the admin's page
listing and page chooser pass on as typed) was a syntax error. Here quotes are doubled first, so a quote
is searched for as the character it is.
"""

from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Phrase, PlainText

from network.search_indexing import NamesReadOnce

__all__ = ["FullTextBackend", "SQLiteSearchBackend"]


def doubled_quotes(text):
    return text.replace('"', '""')


class QuotesAsTypedMixin:
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            query = PlainText(doubled_quotes(query.query_string), operator=query.operator, boost=query.boost)
        elif isinstance(query, Phrase):
            query = Phrase(doubled_quotes(query.query_string))
        return super().build_search_query_content(query, config=config)


class SearchQueryCompiler(QuotesAsTypedMixin, SQLiteSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(QuotesAsTypedMixin, SQLiteAutocompleteQueryCompiler):
    pass


class FullTextBackend(NamesReadOnce, SQLiteSearchBackend):
    query_compiler_class = SearchQueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler
