"""A TRUE or FALSE typed in Excel (a boolean cell of the XLSX file) reads as the reader would type it in a
CSV file, in the admin's language: the preview shows "sí" to a Spanish reader, not "yes"; a yes/no column
takes it as that word, and a text column keeps the word as its text."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from wagtail.users.models import UserProfile

from contacts.importers import IMPORTERS
from network.imports.files import read_table

pytestmark = pytest.mark.django_db

# The words a reader of each language types for yes and no.
WORDS = {"es": ("sí", "no"), "pt-br": ("sim", "não"), "en": ("yes", "no")}
HEADER = ["fecha", "tipo", "título", "resumen", "ciudades", "seguimiento", "seguimiento hecho"]


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def engagement_rows(yes, no):
    """Two engagements: a title and a summary that are a yes or a no, and a follow-up done or not."""
    return [
        HEADER,
        ["2025-03-04", "reunión", yes, no, "Villa Ensayo", "2025-04-01", yes],
        ["2025-03-05", "reunión", no, yes, "Villa Ensayo", "2025-04-01", no],
    ]


def planned(data, user, language):
    with translation.override(language):
        plan = IMPORTERS["engagements"].plan(data, "import", user)
        return [
            (
                row.values["title"],
                row.values["summary"],
                row.values["follow_up_done"],
                row.summary,
                [str(error) for error in row.errors],
            )
            for row in plan.rows
        ]


@pytest.mark.parametrize("language", WORDS)
def test_a_boolean_cell_reads_as_the_word_the_reader_types(staff_user, make_city, language):
    make_city("Villa Ensayo", country="UY")
    yes, no = WORDS[language]
    from_excel = planned(xlsx_bytes(engagement_rows(True, False)), staff_user, language)
    typed = planned(csv_bytes(engagement_rows(yes, no)), staff_user, language)
    assert from_excel == typed
    assert [(title, summary, done) for title, summary, done, *_rest in from_excel] == [
        (yes, no, True),
        (no, yes, False),
    ]


def test_a_boolean_header_cell_reads_in_the_reader_s_language():
    with translation.override("es"):
        table = read_table(xlsx_bytes([["Nombre", True], ["Ana", False]]))
    assert table.header == ["Nombre", "sí"]
    assert table.rows == [(2, ["Ana", "no"])]


def test_the_spanish_preview_shows_a_boolean_cell_in_spanish(staff_client, staff_user, soup, make_city):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "es"
    profile.save()
    make_city("Villa Ensayo", country="UY")
    upload = io.BytesIO(xlsx_bytes(engagement_rows(True, False)))
    upload.name = "import.xlsx"
    response = staff_client.post(reverse("contacts_import:upload"), {"kind": "engagements", "file": upload})
    assert response.status_code == 302
    page = soup(staff_client.get(response["Location"]))
    records = [row.select("td")[1].get_text(" ", strip=True) for row in page.select("tr.import-row")]
    assert records[0].startswith("04/03/2025 · Reunión · sí"), records
    assert records[1].startswith("05/03/2025 · Reunión · no"), records
