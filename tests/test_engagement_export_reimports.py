"""The engagement log's export imports back as it is: a staff member exports the log, edits a cell in a
spreadsheet and imports the file, and the preview proposes exactly that edit, nothing else, nothing new.

Before, the export named cities, organisations and themes joined by ", " (which the import reads as one
name), "La Paz" without its country, and participants by name where the import wanted e-mail addresses:
no row of an exported log could be imported again.
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
from wagtail.users.models import UserProfile

from cities.themes import original_themes
from contacts.models import Engagement, Organisation
from tests import factories
from tests.test_engagement_import import XLSX_TYPE, confirm, preview_rows, snapshot, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module")]

ENGAGEMENTS = "wagtailsnippets_contacts_engagement:list"
TITLE = "=Foro, uno; dos"  # a formula's start and both separators


@pytest.fixture
def log(django_user_model, staff_user):
    """What makes an export hard to read back: a name two cities have, names holding "," or ";", two
    organisations and two contacts with one name, a contact without e-mail, erased participants, an owner
    who has left, a text starting like a formula, and every kind of engagement."""
    city = factories.find_city
    themes = list(original_themes().order_by("slug"))
    network = Organisation.objects.create(name="Red; Educación, Cultura", country="CO")
    Organisation.objects.create(name="Fundación Saber", country="CO")
    saber = Organisation.objects.create(name="Fundación Saber", country="CO")
    ana = factories.ContactFactory(given_name="Ana", family_name="Ruiz", emails=["ana@example.org"])
    bea = factories.ContactFactory(
        honorific="Dra.", given_name="Bea", family_name="Gil", emails=["bea@example.org", "bg@example.org"]
    )
    carlos = factories.ContactFactory(given_name="Carlos", family_name="Sin Correo")
    factories.ContactFactory(given_name="Luis", family_name="Pérez", emails=["luis@example.org"])
    luis = factories.ContactFactory(given_name="Luis", family_name="Pérez")
    factories.ContactFactory(given_name="Eva", family_name="Nueva", emails=["eva@example.org"])
    former = django_user_model.objects.create_user("former-staff", is_active=False)
    forum = factories.EngagementFactory(
        title=TITLE,
        kind=Engagement.Kind.REPORT_SUBMISSION,
        date=date(2025, 3, 4),
        cities=[city("La Paz", "MX"), city("Medellín")],
        organisations=[network, saber],
        participants=[ana, bea, carlos, luis],
        anonymous_participants=2,
        themes=themes[:2],
        owner=staff_user,
        summary="-empieza con un guion",
        follow_up_date=date(2025, 4, 1),
    )
    factories.EngagementFactory(
        title="Taller en Bogotá",
        kind=Engagement.Kind.WORKSHOP,
        date=date(2025, 3, 5),
        cities=[city("Bogotá")],
        owner=former,
        follow_up_done=True,
        outcome="Acuerdo",
    )
    for number, kind in enumerate(Engagement.Kind.values, start=1):
        factories.EngagementFactory(
            title=f"Contacto {kind}", kind=kind, date=date(2025, 2, number), cities=[city("La Paz", "AR")]
        )
    return forum


def read_as(client, user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return client


def export(client, export_format):
    response = client.get(reverse(ENGAGEMENTS), {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def edited(data, export_format, title, column, value):
    """The exported file with one cell changed: the `column`-th of the row of the engagement `title`."""
    if export_format == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        [row] = [row for row in rows if row[2] in (title, "'" + title)]
        row[column] = value
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerows(rows)
        return SimpleUploadedFile("interacciones.csv", buffer.getvalue().encode(), content_type="text/csv")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    [row] = [row for row in workbook.active.iter_rows() if row[2].value == title]
    row[column].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("interacciones.xlsx", buffer.getvalue(), content_type=XLSX_TYPE)


def as_upload(data, export_format):
    content_type = "text/csv" if export_format == "csv" else XLSX_TYPE
    return SimpleUploadedFile(f"interacciones.{export_format}", data, content_type=content_type)


def statuses(rows):
    return {line: (row["status"], row["changes"], row["errors"]) for line, row in rows.items()}


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["en", "es", "pt-br"])
def test_an_unchanged_export_imports_without_any_change(
    staff_client, staff_user, soup, log, language, export_format
):
    client = read_as(staff_client, staff_user, language)
    data = export(client, export_format)
    before = snapshot()

    token = upload(client, "engagements", as_upload(data, export_format))
    rows, _page = preview_rows(client, token, soup)

    count = Engagement.objects.count()
    assert statuses(rows) == {line: ("unchanged", "", []) for line in range(2, count + 2)}
    assert confirm(client, token).status_code == 200
    assert snapshot() == before


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_edited_outcome_is_the_only_change_proposed(staff_client, staff_user, soup, log, export_format):
    client = read_as(staff_client, staff_user, "en")
    data = edited(export(client, export_format), export_format, TITLE, 9, "Informe recibido")
    before = snapshot()

    token = upload(client, "engagements", data)
    rows, _page = preview_rows(client, token, soup)

    changed = {line: row for line, row in statuses(rows).items() if row[0] != "unchanged"}
    assert list(changed.values()) == [("update", "Outcome : — → Informe recibido", [])]
    confirm(client, token)
    assert snapshot() == {**before, "ModelLogEntry": before["ModelLogEntry"] + 1}
    forum = Engagement.objects.get(pk=log.pk)
    assert (forum.outcome, forum.summary, forum.anonymous_participants) == (
        "Informe recibido",
        "-empieza con un guion",
        2,
    )


def test_a_participant_added_by_name_or_address_is_the_only_change(staff_client, staff_user, soup, log):
    client = read_as(staff_client, staff_user, "es")
    data = export(client, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cell = next(row for row in rows if row[2] == "'" + TITLE)[5]

    for added in ("Eva Nueva", "eva@example.org"):
        token = upload(client, "engagements", edited(data, "csv", TITLE, 5, f"{cell}; {added}"))
        previewed, _page = preview_rows(client, token, soup)
        changed = [row for row in statuses(previewed).values() if row[0] != "unchanged"]
        assert changed == [("update", "Participantes : — → añade Eva Nueva", [])]


def test_the_erased_participants_cannot_be_changed_by_an_import(staff_client, staff_user, soup, log):
    client = read_as(staff_client, staff_user, "en")
    data = export(client, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cell = next(row for row in rows if row[2] == "'" + TITLE)[5]
    assert cell.endswith("; 2 erased")

    token = upload(client, "engagements", edited(data, "csv", TITLE, 5, cell.replace("2 erased", "3 erased")))
    previewed, _page = preview_rows(client, token, soup)

    [(line, row)] = [(line, row) for line, row in previewed.items() if row["status"] != "unchanged"]
    assert row["errors"] == [
        "An import cannot record erased participants (people whose data was erased on request): "
        "the engagement has 2, the file says 3."
    ]


def test_an_erased_count_longer_than_a_number_is_a_row_error(staff_client, staff_user, soup, log):
    client = read_as(staff_client, staff_user, "en")
    data = export(client, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cell = next(row for row in rows if row[2] == "'" + TITLE)[5]

    many = "9" * 5000
    token = upload(
        client, "engagements", edited(data, "csv", TITLE, 5, cell.replace("2 erased", f"{many} erased"))
    )
    previewed, _page = preview_rows(client, token, soup)

    [row] = [row for row in previewed.values() if row["status"] != "unchanged"]
    assert row["status"] == "error"


def test_the_export_costs_no_query_a_row(staff_client, log):
    """Which cities share a name comes with the export's prefetch, not from a query for each row."""

    def queries():
        with CaptureQueriesContext(connection) as captured:
            export(staff_client, "csv")
        return len(captured)

    before = queries()
    for number in range(5):
        factories.EngagementFactory(title=f"Visita {number}", cities=[factories.find_city("La Paz", "MX")])
    assert queries() == before


ID_COLUMN = 13  # the export's last column: the engagement's number


def edited_csv(data, title, cells):
    """The exported CSV's rows, the row of the engagement `title` given `cells` ({column: value})."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    [row] = [row for row in rows if row[2] in (title, "'" + title)]
    for column, value in cells.items():
        row[column] = value
    return rows


def csv_upload(rows):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile("interacciones.csv", buffer.getvalue().encode(), content_type="text/csv")


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_row_keeps_its_engagement_when_its_title_is_edited(
    staff_client, staff_user, soup, log, export_format
):
    """The export's id column says which engagement a row is: a new title is an edit, not a new engagement."""
    client = read_as(staff_client, staff_user, "en")
    data = edited(export(client, export_format), export_format, TITLE, 2, "Foro regional")
    before = snapshot()

    token = upload(client, "engagements", data)
    rows, _page = preview_rows(client, token, soup)

    changed = [row for row in statuses(rows).values() if row[0] != "unchanged"]
    assert changed == [("update", f"Title : {TITLE} → Foro regional", [])]
    confirm(client, token)
    assert snapshot() == {**before, "ModelLogEntry": before["ModelLogEntry"] + 1}
    assert Engagement.objects.get(pk=log.pk).title == "Foro regional"


def test_a_row_with_its_id_may_change_date_and_kind_and_add_a_city(staff_client, staff_user, soup, log):
    client = read_as(staff_client, staff_user, "es")
    data = export(client, "csv")
    cities = next(row for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) if row[2] == "'" + TITLE)[
        3
    ]
    rows = edited_csv(data, TITLE, {0: "2025-03-14", 1: "Reunión", 3: f"{cities}; Bogotá"})

    token = upload(client, "engagements", csv_upload(rows))
    previewed, _page = preview_rows(client, token, soup)

    [(status, changes, errors)] = [row for row in statuses(previewed).values() if row[0] != "unchanged"]
    assert (status, errors) == ("update", [])
    for expected in (
        "Fecha : 2025-03-04 → 2025-03-14",
        "Tipo : Entrega de informe → Reunión",
        "añade Bogotá",
    ):
        assert expected in changes
    count = Engagement.objects.count()
    confirm(client, token)
    forum = Engagement.objects.get(pk=log.pk)
    assert (forum.date, forum.kind) == (date(2025, 3, 14), Engagement.Kind.MEETING)
    assert sorted(city.title for city in forum.cities.all()) == ["Bogotá", "La Paz", "Medellín"]
    assert Engagement.objects.count() == count


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("999999", "There is no engagement #999999: leave the id empty to add the row as a new engagement."),
        ("x12", "“x12” is not an engagement number: leave the id empty to add a new engagement."),
        # Larger than a database id, or than int() reads (4,300 digits).
        (
            "9" * 20,
            f"“{'9' * 20}” is not an engagement number: leave the id empty to add a new engagement.",
        ),
        (
            "1" * 5000,
            f"“{'1' * 5000}” is not an engagement number: leave the id empty to add a new engagement.",
        ),
    ],
    ids=["unknown", "letters", "20 digits", "5000 digits"],
)
def test_a_wrong_id_is_refused_with_its_reason(staff_client, staff_user, soup, log, number, message):
    client = read_as(staff_client, staff_user, "en")
    rows = edited_csv(export(client, "csv"), TITLE, {2: "Foro regional", ID_COLUMN: number})
    before = snapshot()

    token = upload(client, "engagements", csv_upload(rows))
    previewed, _page = preview_rows(client, token, soup)

    [row] = [row for row in previewed.values() if row["status"] != "unchanged"]
    # Then what only the engagement could settle: the shared names of the exported row.
    assert row["errors"][0] == message
    confirm(client, token)
    assert snapshot() == before


def test_two_rows_with_one_id_are_refused(staff_client, staff_user, soup, log):
    client = read_as(staff_client, staff_user, "en")
    rows = edited_csv(export(client, "csv"), TITLE, {})
    [copy] = [list(row) for row in rows if row[2] == "'" + TITLE]
    copy[2] = "Otro título"
    rows.append(copy)
    before = snapshot()

    token = upload(client, "engagements", csv_upload(rows))
    previewed, _page = preview_rows(client, token, soup)

    original_line = next(line for line, row in enumerate(rows, start=1) if row[2] == "'" + TITLE)
    assert previewed[len(rows)]["errors"][0] == f"Engagement #{log.pk} is already on line {original_line}."
    confirm(client, token)
    assert snapshot() == before
