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
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Func, TextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.synctree import create_aliases_for_new_page

WORD = re.compile(r"\w+")
# While the search backend adds objects to the index: each object's related names read so far, by object and
# field (`names_read_once`).
NAMES_READ = ContextVar("related_names_read", default=None)


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
    objects again. The backends ask every field for its value once per part of the index (title, body,
    autocomplete): within `names_read_once` the names are read once.

    A plain SearchField indexes a foreign key's id; `RelatedFields` with the related page's "title" would
    fill the page's own title in the index.
    """

    def get_value(self, obj):
        read = NAMES_READ.get()
        if read is None:
            return self.read_names(obj)
        key = (id(obj), self.field_name)
        if key not in read:
            # The object is kept with its names, so that no other object takes its id meanwhile.
            read[key] = (obj, self.read_names(obj))
        return read[key][1]

    def read_names(self, obj):
        related = getattr(obj, self.field_name, None)
        if related is None:
            return ""
        items = [
            item
            for item in (related.all() if hasattr(related, "all") else [related])
            if getattr(item, "live", True)
        ]
        names = ", ".join(str(item) for item in in_language_of(obj, items))
        return " ".join(filter(None, (names, accent_free_words(names))))


@contextmanager
def names_read_once():
    """Within: each object's related names are read once, when the index asks for them first. The search
    backend adds objects to the index within it (search/backend.py); the relations must not change inside."""
    token = NAMES_READ.set({})
    try:
        yield
    finally:
        NAMES_READ.reset(token)


class NamesReadOnce:
    """A search backend that adds objects to the index within `names_read_once` (search/backend.py)."""

    def add(self, obj):
        with names_read_once():
            super().add(obj)

    def add_bulk(self, model, obj_list):
        with names_read_once():
            super().add_bulk(model, obj_list)


def reads_related_names(model):
    """Whether the model's search fields hold related names (which the index reads from saved relations)."""
    return any(isinstance(field, RelatedNames) for field in model.get_search_fields())


def in_language_of(obj, items):
    """`items`, each translatable snippet (a theme) replaced by its translation in `obj`'s language where it
    has one: pages are tagged with the original, and an English page must be found by the English name.
    Pages among the items keep their own title (a city's is the same in every language)."""
    locale_id = getattr(obj, "locale_id", None)
    others = [
        item
        for item in items
        if isinstance(item, TranslatableMixin) and not isinstance(item, Page) and item.locale_id != locale_id
    ]
    if not others or locale_id is None:
        return items
    translations = {
        translation.translation_key: translation
        for translation in type(others[0]).objects.filter(
            translation_key__in=[item.translation_key for item in others], locale_id=locale_id
        )
    }
    return [translations.get(item.translation_key, item) if item in others else item for item in items]


def index_aliases(page):
    """Index again the page's aliases, its untranslated copies in the other languages: each was indexed as it
    was created, before its many-to-many fields were saved, so its RelatedNames held no theme and no city.
    A page type without RelatedNames (a city) was indexed whole the first time."""
    if not reads_related_names(page.specific_class):
        return
    for alias in Page.objects.filter(alias_of=page).specific():
        index.insert_or_update_object(alias)


def create_indexed_aliases(page):
    """The aliases of a new page in the synchronised languages (wagtail-localize), indexed with their
    themes and cities. The admin's own creation is followed by `index_aliases` (search/wagtail_hooks.py)."""
    create_aliases_for_new_page(page)
    index_aliases(page)


def accent_insensitive(search_fields):
    """`search_fields` and an accent-free copy of each of its search fields (RelatedNames holds its own)."""
    fields = list(search_fields)
    return fields + [
        AccentFreeCopy(field)
        for field in fields
        if isinstance(field, index.SearchField) and not isinstance(field, AccentFreeCopy | RelatedNames)
    ]
