"""An engagement is named by its date as the reader writes dates, then its title: "06/12/2026 · Taller" in
Spanish, Portuguese and English alike. The name heads its editor and reads in its
breadcrumbs, choosers and delete confirmation; the log's export keeps its date column in ISO form, which
a spreadsheet sorts and the import reads back."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.helpers import csv_rows, parse_html
from tests.test_admin_language import signed_in

pytestmark = pytest.mark.django_db

NAMES = {"es": "06/12/2026 · Taller", "pt-br": "06/12/2026 · Taller", "en": "06/12/2026 · Taller"}


@pytest.fixture
def engagement():
    return factories.EngagementFactory(title="Taller", date=datetime.date(2026, 12, 6))


def heading(response):
    assert response.status_code == 200, response.status_code
    return " ".join(parse_html(response).select_one("#header-title").get_text().split())


@pytest.mark.parametrize("language", list(NAMES))
def test_the_engagement_editor_names_it_with_the_date_in_the_readers_language(
    staff_user, engagement, language
):
    client = signed_in(staff_user, language)
    url = reverse("wagtailsnippets_contacts_engagement:edit", args=[engagement.pk])
    assert NAMES[language] in heading(client.get(url))


def test_the_delete_confirmation_names_the_engagement_with_the_readers_date(staff_user, engagement):
    client = signed_in(staff_user, "es")
    response = client.get(reverse("wagtailsnippets_contacts_engagement:delete", args=[engagement.pk]))
    text = " ".join(parse_html(response).get_text().split())
    assert NAMES["es"] in text and "2026-12-06" not in text


def test_the_logs_export_keeps_the_date_in_iso_form(staff_user, engagement):
    client = signed_in(staff_user, "es")
    rows = csv_rows(client.get(reverse("wagtailsnippets_contacts_engagement:list"), {"export": "csv"}))
    assert rows[1][0] == "2026-12-06"
