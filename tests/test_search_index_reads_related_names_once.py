"""Indexing a page reads each of its related names (themes, host city, cities) once.

The search backend asks every search field for its value once per part of the index it fills (title, body,
autocomplete): an event's themes and cities were read three times each time it was indexed
(network/search_indexing.py, search/backend.py).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search import index

from events.models import EventPage
from tests.factories import EventFactory, ThemeFactory

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
