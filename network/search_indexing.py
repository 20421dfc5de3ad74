"""What the search index holds of a page, so that the site search ignores accents on every database.

SQLite's full-text index (FTS5, tokenizer unicode61) already folds accents and case; PostgreSQL's
`to_tsvector` folds case only. A page type's `search_fields` go through `accent_insensitive()`, which adds
to each searched field the accent-free spelling of its words that carry accents ("educación" →
"educacion"), in the same part of the index (title or body) and with the same boost; the site search
looks up the accent-free spelling of the visitor's words (`fold`). The same code serves both databases.

It imports no app of the project (network/ knows no feature): page models import it.
"""

import re
import unicodedata

from django.db.models import Func, TextField
from wagtail.search import index

WORD = re.compile(r"\w+")


def fold(text):
    """Lower case without accents: "Medellín" → "medellin" (as PostgreSQL's lower(unaccent(…)))."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


class SearchFold(Func):
    """`fold` in SQL: `search_fold(text)`, which the search app gives both databases (search/database.py)."""

    function = "search_fold"
    output_field = TextField()


def flat_text(value):
    """The text of an indexed value: a string, a list (a StreamField's searchable content) or a dict."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        value = value.values()
    if isinstance(value, (list, tuple, set)) or hasattr(value, "__iter__"):
        return " ".join(flat_text(item) for item in value)
    return str(value)


def accent_free_words(text):
    """The accent-free spelling of the words of `text` that have accents, each once."""
    found = {}
    for word in WORD.findall(text):
        folded = fold(word)
        if folded != word.lower():
            found.setdefault(folded, None)
    return " ".join(found)


class AccentFreeCopy(index.SearchField):
    """The accent-free spelling of the accented words of another search field, indexed beside it."""

    def __init__(self, source):
        super().__init__(source.field_name, boost=source.boost)
        self.source = source

    def get_value(self, obj):
        return accent_free_words(flat_text(self.source.get_value(obj)))


class RelatedNames(index.SearchField):
    """The names (`str()`) of the objects behind a foreign key or a many-to-many field; of pages, those
    that are live when the page is indexed (a draft city's name must not find its events). The accent-free
    spelling of the accented names follows them in the same value: a separate copy would read the related
    objects again, and the PostgreSQL backend reads every field three times per indexed object.

    A plain SearchField indexes a foreign key's id; `RelatedFields` with the related page's "title" would
    fill the page's own title in the index.
    """

    def get_value(self, obj):
        related = getattr(obj, self.field_name, None)
        if related is None:
            return ""
        items = related.all() if hasattr(related, "all") else [related]
        names = ", ".join(str(item) for item in items if getattr(item, "live", True))
        return " ".join(filter(None, (names, accent_free_words(names))))


def accent_insensitive(search_fields):
    """`search_fields` and an accent-free copy of each of its search fields (RelatedNames holds its own)."""
    fields = list(search_fields)
    return fields + [
        AccentFreeCopy(field)
        for field in fields
        if isinstance(field, index.SearchField) and not isinstance(field, AccentFreeCopy | RelatedNames)
    ]
