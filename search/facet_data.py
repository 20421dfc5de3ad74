"""What the search's filters read of every searchable page (its type, countries and themes), kept per
process for the current content.

A broad search matches thousands of pages; counting each filter's options in the database took ten
queries over their ids (about 90 ms at 4,700 matches of 17,000 pages). The filters' facts of all the
searchable pages of a language are read once (a few queries per type), kept under the versions of the
published content and of the cities' activity themes, and the counts are then made in Python.
"""

from dataclasses import dataclass

from network.caching.shared import VersionedMemo
from network.caching.versions import CITY_ACTIVITY, PUBLISHED_CONTENT

from .types import SEARCHABLE_TYPES

# About 130 bytes a page, measured at 17,000 pages (150 counted): three languages of them stay well within.
MEMO_BYTES = 24 * 1024 * 1024
PAGE_BYTES = 150

memo = VersionedMemo(MEMO_BYTES)


@dataclass(frozen=True, slots=True)
class PageFacts:
    type: str  # the SearchableType's key
    countries: frozenset  # ISO codes
    themes: frozenset  # ids of original themes


def facts_by_page(locale_id):
    """{page id: PageFacts} of the live public pages of the searchable types in the language."""
    published, activity = PUBLISHED_CONTENT.current(), CITY_ACTIVITY.current()
    version = None if published is None or activity is None else f"{published}|{activity}"
    facts = memo.get(version, locale_id)
    if facts is None:
        facts = read_facts(locale_id)
        memo.set(version, locale_id, facts, PAGE_BYTES * len(facts))
    return facts


def read_facts(locale_id):
    facts = {}
    # Pages share a few sets of countries and of themes: one copy of each keeps the facts small.
    copies = {}

    def one_copy(values):
        values = frozenset(values)
        return copies.setdefault(values, values)

    for searchable in SEARCHABLE_TYPES:
        pages = searchable.model.objects.live().public().filter(locale_id=locale_id)
        countries = {}
        # A page with several cities (a library item) has a row per city.
        for pk, code in pages.order_by().values_list("pk", searchable.country()):
            codes = countries.setdefault(pk, set())
            if code:
                codes.add(code)
        themes = searchable.theme_ids(pages)
        for pk, codes in countries.items():
            facts[pk] = PageFacts(searchable.key, one_copy(codes), one_copy(themes.get(pk, ())))
    return facts
