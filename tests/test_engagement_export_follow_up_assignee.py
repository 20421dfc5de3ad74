"""The engagement log's export names the colleague a follow-up is assigned to, and the engagement import
reads that column back: an exported log imported again, or into a log that lost its engagements, keeps
who follows each one up.

Before, the export left the assignee out: a log exported and imported again lost every assignment, and
with it the reminders that go to the assignee.
"""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from contacts.importers import IMPORTERS
from contacts.models import Engagement
from tests import factories
from tests.test_engagement_import import XLSX_TYPE, confirm, preview_rows, snapshot, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module", "english_admin")]

ENGAGEMENTS = "wagtailsnippets_contacts_engagement:list"
ASSIGNEE = "Follow-up assigned to"
TITLE = "Plan municipal de aprendizaje"


@pytest.fixture
def carla(db):
    # A user name may start with "+", which a spreadsheet reads as a formula: the CSV quotes it.
    return factories.StaffFactory(username="+carla", email="carla@example.org", first_name="Carla")


@pytest.fixture
def dora(db):
    return factories.StaffFactory(username="dora", email="dora@example.org")


@pytest.fixture
def log(staff_user, carla):
    city = factories.find_city
    followed = factories.EngagementFactory(
        title=TITLE,
        date=date(2025, 5, 20),
        cities=[city("Medellín")],
        owner=staff_user,
        follow_up_date=date(2025, 6, 1),
        follow_up_assignee=carla,
    )
    factories.EngagementFactory(
        title="Llamada sin seguimiento", date=date(2025, 5, 21), cities=[city("Bogotá")]
    )
    return followed


def export(client, export_format):
    response = client.get(reverse(ENGAGEMENTS), {"export": export_format})
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def as_upload(rows, export_format):
    if export_format == "csv":
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerows(rows)
        return SimpleUploadedFile("interacciones.csv", buffer.getvalue().encode(), content_type="text/csv")
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("interacciones.xlsx", buffer.getvalue(), content_type=XLSX_TYPE)


def row_of(rows, title):
    [row] = [row for row in rows[1:] if row[rows[0].index("Title")] == title]
    return row


def changed(client, token, soup):
    previewed, _page = preview_rows(client, token, soup)
    return [
        (row["status"], row["changes"], row["errors"])
        for row in previewed.values()
        if row["status"] != "unchanged"
    ]


@pytest.mark.parametrize(("export_format", "written"), [("csv", "'+carla"), ("xlsx", "+carla")])
def test_the_export_names_the_assignee_by_user_name(staff_client, log, export_format, written):
    rows = export(staff_client, export_format)
    assert ASSIGNEE in rows[0]
    column = rows[0].index(ASSIGNEE)
    assert row_of(rows, TITLE)[column] == written, "the CSV neutralises a cell that could start a formula"
    assert row_of(rows, "Llamada sin seguimiento")[column] == ""


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_exported_log_imported_again_changes_nothing(staff_client, soup, log, export_format):
    rows = export(staff_client, export_format)
    before = snapshot()
    token = upload(staff_client, "engagements", as_upload(rows, export_format))
    assert changed(staff_client, token, soup) == []
    confirm(staff_client, token)
    assert snapshot() == before


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_exported_log_recreates_its_follow_ups_assigned_as_they_were(
    staff_client, soup, log, carla, export_format
):
    """Imported without the id column into a log without the engagement: nothing of the follow-up is lost."""
    rows = export(staff_client, export_format)
    id_column = rows[0].index("ID")
    rows = [row[:id_column] + row[id_column + 1 :] for row in rows]
    log.delete()

    token = upload(staff_client, "engagements", as_upload(rows, export_format))
    confirm(staff_client, token)

    engagement = Engagement.objects.get(title=TITLE)
    assert (engagement.follow_up_date, engagement.follow_up_assignee) == (date(2025, 6, 1), carla)


def test_an_assignee_changed_in_the_file_is_the_only_change(staff_client, soup, log, dora):
    rows = export(staff_client, "csv")
    row_of(rows, TITLE)[rows[0].index(ASSIGNEE)] = "DORA@example.org"

    token = upload(staff_client, "engagements", as_upload(rows, "csv"))
    assert changed(staff_client, token, soup) == [("update", "Follow-up assigned to : +carla → dora", [])]
    confirm(staff_client, token)
    assert Engagement.objects.get(pk=log.pk).follow_up_assignee == dora


def test_an_unknown_assignee_is_an_error_of_its_row_and_nothing_is_imported(staff_client, soup, log):
    rows = export(staff_client, "csv")
    row_of(rows, TITLE)[rows[0].index(ASSIGNEE)] = "nadie"
    rows.append(["2025-05-22", "Call", "Llamada nueva", "Medellín"] + [""] * (len(rows[0]) - 4))
    before = snapshot()

    token = upload(staff_client, "engagements", as_upload(rows, "csv"))
    previewed, _page = preview_rows(staff_client, token, soup)

    errors = {line: row["errors"] for line, row in previewed.items() if row["errors"]}
    assert list(errors.values()) == [
        ["Follow-up assigned to: no staff member has the user name or e-mail “nadie”."]
    ]
    confirm(staff_client, token)
    assert snapshot() == before
    assert Engagement.objects.get(pk=log.pk).follow_up_assignee.username == "+carla"


def test_an_assignee_who_has_left_still_reads_back_on_their_engagement(staff_client, soup, log, carla):
    """Who no longer works here cannot be given a follow-up, but the export still names them where they
    have one: that row imports unchanged."""
    carla.is_active = False
    carla.save()
    rows = export(staff_client, "csv")

    token = upload(staff_client, "engagements", as_upload(rows, "csv"))
    assert changed(staff_client, token, soup) == []


def test_the_export_costs_no_query_a_row_for_the_assignees(staff_client, log, carla):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            export(staff_client, "csv")
        return len(captured)

    before = queries()
    for number in range(5):
        factories.EngagementFactory(
            title=f"Visita {number}",
            cities=[factories.find_city("Medellín")],
            follow_up_assignee=factories.StaffFactory(),
        )
    assert queries() == before


@pytest.mark.parametrize("language", ["en", "es", "pt-br"])
def test_the_assignee_heading_of_each_language_is_read_back(language):
    with translation.override(language):
        heading = capfirst(str(Engagement._meta.get_field("follow_up_assignee").verbose_name))
    columns, ignored = IMPORTERS["engagements"].map_columns(["Date", "Kind", "Title", "Cities", heading])
    assert (columns.get("follow_up_assignee"), ignored) == (4, [])
