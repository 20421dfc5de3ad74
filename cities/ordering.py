"""City names in the order a reader of the page's language expects, on PostgreSQL and on SQLite.

A plain ORDER BY compares code points: Córdoba came after Curitiba and São Paulo after Sorocaba.
PostgreSQL orders by ICU collations (Spanish puts ñ after n, as a letter of its own) that a migration
creates (cities/migrations/0010_name_collations.py); SQLite, which has none, gets the same names here,
with Python's rules.
"""

import functools
import unicodedata

from django.db.models.functions import Collate
from django.utils import translation

COLLATIONS = {"es": "cities_names_es", "pt-br": "cities_names_pt"}
# The root collation: accents and case set aside first, as in most languages.
DEFAULT_COLLATION = "cities_names_root"
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


def alphabetical(name):
    """A name's place in an alphabetical list of the active language, as by_name() orders in SQL: accents
    and case aside ("Ação climática" before "Alfabetização", "Córdoba" before "Curitiba"), and, in
    Spanish, ñ after n."""
    return sort_key(name, spanish=translation.get_language() == "es")


def comparison(spanish):
    def compare(first, second):
        first, second = sort_key(first, spanish), sort_key(second, spanish)
        return (first > second) - (first < second)

    return compare


def register_sqlite_collations(sender, connection, **kwargs):
    """connection_created receiver: the collations' names, with Python's rules, on SQLite."""
    if connection.vendor != "sqlite":
        return
    for name in {*COLLATIONS.values(), DEFAULT_COLLATION}:
        connection.connection.create_collation(name, comparison(spanish=name == COLLATIONS["es"]))
