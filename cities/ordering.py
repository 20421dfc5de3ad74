"""City names in the order a reader of the page's language expects, on PostgreSQL and on SQLite.

A plain ORDER BY compares code points: Córdoba came after Curitiba and São Paulo after Sorocaba.
PostgreSQL orders by its ICU collations (Spanish puts ñ after n, as a letter of its own); for SQLite,
which has no such collations, the same names are registered here with Python's rules.
"""

import functools
import unicodedata

from django.db.models.functions import Collate
from django.utils import translation

COLLATIONS = {"es": "es-x-icu", "pt-br": "pt-x-icu"}
# The root collation: accents and case set aside first, as in most languages.
DEFAULT_COLLATION = "und-x-icu"
# In Spanish ñ is a letter after n: "n" followed by a character above every letter.
SPANISH_ENYE = "n\U0010ffff"


def by_name(field="title"):
    """An ORDER BY expression for names in the active language's order."""
    return Collate(field, COLLATIONS.get(translation.get_language(), DEFAULT_COLLATION))


@functools.lru_cache(maxsize=4096)
def sort_key(text, spanish=False):
    """Letters without accents and case first; accents, then case, only to break ties."""
    folded = text.casefold()
    if spanish:
        folded = folded.replace("ñ", SPANISH_ENYE)
    base = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return (base, unicodedata.normalize("NFKD", folded), text)


def comparison(spanish):
    def compare(first, second):
        first, second = sort_key(first, spanish), sort_key(second, spanish)
        return (first > second) - (first < second)

    return compare


def register_sqlite_collations(sender, connection, **kwargs):
    """connection_created receiver: the ICU collation names, with Python's rules, on SQLite."""
    if connection.vendor != "sqlite":
        return
    for name in {*COLLATIONS.values(), DEFAULT_COLLATION}:
        connection.connection.create_collation(name, comparison(spanish=name == COLLATIONS["es"]))
