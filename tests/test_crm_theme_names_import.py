"""The engagement import's preview names the themes a file adds in the reader's admin language, as the
rest of the engagement log does (tests/test_crm_theme_names.py); the engagement gets the original theme."""

import pytest
from wagtail.models import Locale

from contacts.models import Engagement
from tests import factories
from tests.test_engagement_import import confirm, csv_upload, import_file, preview_rows, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def gardens(db):
    theme = factories.ThemeFactory(name="Huertas urbanas", slug="huertas-urbanas")
    translation = theme.copy_for_translation(Locale.objects.get(language_code="en"))
    translation.name = "Urban gardens"
    translation.save()
    return theme


def test_the_preview_names_an_added_theme_in_the_admin_language(staff_client, soup, medellin, gardens):
    rows = [
        ["Fecha", "Tipo", "Título", "Ciudades", "Temas"],
        ["2025-06-10", "foro", "Foro de ciudades", "Medellín", ""],
    ]
    import_file(staff_client, "engagements", csv_upload(rows))
    rows[1][4] = "huertas-urbanas"
    token = upload(staff_client, "engagements", csv_upload(rows))
    previewed, _page = preview_rows(staff_client, token, soup)
    assert "Themes : — → adds Urban gardens" in previewed[2]["changes"]
    confirm(staff_client, token)
    assert list(Engagement.objects.get(title="Foro de ciudades").themes.all()) == [gardens]
