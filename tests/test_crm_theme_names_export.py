"""The engagement log's export names themes in the reader's admin language, as the rest of the log does
(tests/test_crm_theme_names.py); the import reads a theme's name in any language back. The names come with
the export's prefetch: no query a row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from tests import factories
from tests.helpers import csv_rows

pytestmark = pytest.mark.django_db


def translate(theme, language_code, name):
    translation = theme.copy_for_translation(Locale.objects.get(language_code=language_code))
    translation.name = name
    translation.save()
    return translation


@pytest.fixture
def gardens(db):
    theme = factories.ThemeFactory(name="Huertas urbanas", slug="huertas-urbanas")
    translate(theme, "en", "Urban gardens")
    return theme


def test_the_export_names_themes_in_the_admin_language(staff_client, english_admin, gardens):
    factories.EngagementFactory(title="Visita", themes=[gardens])
    response = staff_client.get(reverse("wagtailsnippets_contacts_engagement:list"), {"export": "csv"})
    header, *rows = csv_rows(response)
    assert [row[header.index("Themes")] for row in rows] == ["Urban gardens"]


def test_exporting_more_rows_costs_no_more_queries(staff_client, english_admin, gardens):
    url = reverse("wagtailsnippets_contacts_engagement:list")
    factories.EngagementFactory(themes=[gardens])
    csv_rows(staff_client.get(url, {"export": "csv"}))
    with CaptureQueriesContext(connection) as few:
        csv_rows(staff_client.get(url, {"export": "csv"}))
    for number in range(4):
        theme = factories.ThemeFactory()
        translate(theme, "en", f"Translated theme {number}")
        factories.EngagementFactory(themes=[theme, gardens])
    with CaptureQueriesContext(connection) as many:
        csv_rows(staff_client.get(url, {"export": "csv"}))
    assert len(many) == len(few)
