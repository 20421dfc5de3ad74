"""The themes' listing shows every language's names together (Wagtail's snippet listings filter by language
only when asked): each row says which language its name is in, so that the English translation of a theme
does not read as an English theme in a Spanish or Portuguese admin. Its CSV and XLSX downloads say it too,
naming each row's language in the reader's language."""

import io

import openpyxl
import pytest
from wagtail.users.models import UserProfile

from tests.helpers import csv_rows, export_content

pytestmark = pytest.mark.django_db


def signed_in(client, user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)


def rows(client, soup):
    html = soup(client.get("/admin/snippets/cities/theme/", {"ordering": "name"}))
    return {
        " ".join(row.select_one("td.title a").get_text().split()): " ".join(row.get_text().split())
        for row in html.select("tbody tr")
    }


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_each_theme_s_row_says_its_language(client, staff_user, soup, language):
    signed_in(client, staff_user, language)

    listed = rows(client, soup)

    assert "English" in listed["Health and well-being"]
    assert "Español" in listed["Salud y bienestar"]
    assert "Português (Brasil)" in listed["Saúde e bem-estar"]


# What a seeded theme's row in the download says its language is, by the row's name, to each reader.
LANGUAGE_NAMES = {
    "es": {
        "Salud y bienestar": "Español",
        "Saúde e bem-estar": "Portugués de Brasil",
        "Health and well-being": "Inglés",
    },
    "pt-br": {
        "Salud y bienestar": "Espanhol",
        "Saúde e bem-estar": "Português Brasileiro",
        "Health and well-being": "Inglês",
    },
    "en": {
        "Salud y bienestar": "Spanish",
        "Saúde e bem-estar": "Brazilian Portuguese",
        "Health and well-being": "English",
    },
}
HEADINGS = {"es": "Idioma", "pt-br": "Idioma", "en": "Language"}


def exported(client, export_format):
    response = client.get("/admin/snippets/cities/theme/", {"export": export_format})
    if export_format == "csv":
        return csv_rows(response)
    sheet = openpyxl.load_workbook(io.BytesIO(export_content(response))).active
    return [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["es", "pt-br", "en"])
def test_each_theme_s_exported_row_names_its_language(client, staff_user, language, export_format):
    signed_in(client, staff_user, language)

    headings, *lines = exported(client, export_format)

    column = headings.index(HEADINGS[language])
    languages = {line[0]: line[column] for line in lines}
    assert {name: languages[name] for name in LANGUAGE_NAMES[language]} == LANGUAGE_NAMES[language]
