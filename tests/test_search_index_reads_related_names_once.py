"""Indexing a page reads each of its related names (themes, host city, cities) once.

The search backend asks every search field for its value once per part of the index it fills (title, body,
autocomplete): an event's themes and cities were read three times each time it was indexed
(network/search_indexing.py, search/backend.py).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.search import index

from events.models import EventPage
from network.search_indexing import NamesReadOnce
from tests.factories import CityFactory, EventFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def reads_of(queries, table):
    """The SELECTs among `queries` that read `table`."""
    quoted = f'"{table}"'
    return [query["sql"] for query in queries if query["sql"].startswith("SELECT") and quoted in query["sql"]]


def test_indexing_an_event_reads_its_themes_and_cities_once(medellin, bogota):
    event = EventFactory(
        title="Encuentro de huertas",
        themes=[ThemeFactory(name="Huertas urbanas", slug="huertas-urbanas")],
        host_city=medellin,
        cities=[medellin, bogota],
    )
    event = EventPage.objects.get(pk=event.pk)

    with CaptureQueriesContext(connection) as queries:
        index.insert_or_update_object(event)

    assert len(reads_of(queries, "events_eventpage_themes")) == 1
    assert len(reads_of(queries, "events_eventpage_cities")) == 1


def test_a_new_citys_copies_are_indexed_once_each(monkeypatch, directory):
    """A city's search fields hold no related names: its copies in the other languages, indexed as they are
    created, need no second indexing (events and library items do: test_search_index_follows_published…)."""
    added = []
    original_add = NamesReadOnce.add

    def counting_add(backend, obj):
        added.append(obj.pk)
        return original_add(backend, obj)

    monkeypatch.setattr(NamesReadOnce, "add", counting_add)
    city = CityFactory(title="Envigado")

    aliases = list(Page.objects.filter(alias_of=city).values_list("pk", flat=True))
    assert len(aliases) == 2
    assert [added.count(pk) for pk in aliases] == [1, 1]
