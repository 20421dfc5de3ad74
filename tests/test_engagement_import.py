"""Issue 5: importing contacts and engagements from CSV or XLSX files in the admin.

Files are built inside each test (csv, openpyxl); every test goes through the admin views, as a
member of UIL staff would: upload, read the preview, confirm.

Why this module is long: one journey (upload, preview, confirm) checked for both kinds of file, in
three languages, with the sample files and helpers they share.
"""

import codecs
import csv
import io
from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from wagtail.models import ModelLogEntry, ReferenceIndex
from wagtail.users.models import UserProfile

from cities.permissions import STAFF_GROUP_NAME
from cities.themes import original_themes
from contacts.importers import IMPORTERS
from contacts.importers.columns import ENGAGEMENT_KINDS
from contacts.models import Contact, ContactEmail, ContactPhone, Engagement, Organisation
from network.imports import files
from network.imports import views as import_views
from network.imports.values import squash

# The staff user reads the admin in English; the site's default language is Spanish. The files name
# cities of the sample network (tests/factories.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module", "english_admin")]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SPANISH_CONTACTS = [
    [
        "Tratamiento",
        "Nombre",
        "Apellidos",
        "Cargo",
        "Organización",
        "Ciudad",
        "País",
        "Correo electrónico",
        "Teléfono",
        "Idioma",
        "Notas",
        "Base legal",
        "Fecha de consentimiento",
        "Fuente",
    ],
    [
        "Dra.",
        "María",
        "Gómez",
        "Secretaria de Educación",
        "Alcaldía de Medellín",
        "Medellín",
        "CO",
        "maria.gomez@medellin.example; mgomez@example.org",
        "+57 604 385 5555",
        "español",
        "Conocida en el foro regional",
        "consentimiento",
        "15/03/2025",
        "Formulario del foro 2025",
    ],
    [
        "",
        "Carlos",
        "Ruiz",
        "Asesor",
        "Alcaldía de Medellín",
        "Medellín",
        "",
        "carlos.ruiz@medellin.example",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "Sr.",
        "Luis",
        "Pérez",
        "Director",
        "Secretaría de Educación de Bogotá",
        "bogota",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]
PORTUGUESE_CONTACTS = [
    [
        "Nome",
        "Sobrenome",
        "Cargo",
        "Organização",
        "Cidade",
        "E-mail",
        "Telefone",
        "Idioma preferido",
        "Observações",
    ],
    [
        "João",
        "Silva",
        "Coordenador",
        "Prefeitura de Curitiba",
        "Curitiba",
        "joao.silva@curitiba.example",
        "+55 41 3350-8484",
        "português",
        "Contato da rede",
    ],
]
ENGLISH_CONTACTS = [
    [
        "First name",
        "Last name",
        "Job title",
        "Organization",
        "City",
        "Email(s)",
        "Phone",
        "Language",
        "Legal basis",
    ],
    [
        "Ana",
        "Torres",
        "Adviser",
        "Municipality of Puebla",
        "Puebla",
        "ana.torres@puebla.example",
        "+52 222 309 4300",
        "English",
        "legitimate interest",
    ],
]


def csv_upload(rows, *, delimiter=",", bom=False, name="import.csv", encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    data = buffer.getvalue().encode(encoding)
    if bom:
        data = codecs.BOM_UTF8 + data
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows, name="import.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows), content_type=XLSX_TYPE)


def post_upload(client, kind, upload):
    return client.post(reverse("contacts_import:upload"), {"kind": kind, "file": upload})


def upload(client, kind, upload_file):
    """Upload a readable file; return the token of its preview."""
    response = post_upload(client, kind, upload_file)
    assert response.status_code == 302, form_errors(response)
    location = response["Location"]
    assert location.startswith("/admin/engagement-log/import/")
    return location.rstrip("/").rsplit("/", 1)[-1]


def form_errors(response):
    form = response.context["form"] if response.context else None
    return dict(form.errors) if form is not None else response.content[:500]


def preview_url(token):
    return reverse("contacts_import:preview", args=[token])


def preview_rows(client, token, soup):
    """{line: {"status", "record", "changes", "errors", "duplicates"}} as the preview table shows them."""
    response = client.get(preview_url(token))
    assert response.status_code == 200
    page = soup(response)
    table = page.select_one("table.import-preview")
    assert table.caption is not None
    assert [th.get("scope") for th in table.select("thead th")] == ["col"] * 6
    rows = {}
    for tr in table.select("tbody tr"):
        header = tr.find("th")
        assert header.get("scope") == "row"
        cells = tr.find_all("td")
        rows[int(header.get_text(strip=True))] = {
            "status": cells[0]["data-status"],
            "record": cells[1].get_text(" ", strip=True),
            "changes": cells[2].get_text(" ", strip=True),
            "errors": [li.get_text(" ", strip=True) for li in cells[3].find_all("li")],
            "duplicates": [li.get_text(" ", strip=True) for li in cells[4].find_all("li")],
        }
    return rows, page


def confirm(client, token, follow=True):
    return client.post(preview_url(token), {"action": "confirm"}, follow=follow)


def page_text(response):
    return response.content.decode()


def snapshot():
    """How many records of every kind the import could write."""
    counts = {
        model.__name__: model.objects.count()
        for model in (Contact, ContactEmail, ContactPhone, Organisation, Engagement, ModelLogEntry)
    }
    for name in ("cities", "organisations", "participants", "themes"):
        counts[f"engagement_{name}"] = getattr(Engagement, name).through.objects.count()
    return counts


def import_file(client, kind, upload_file):
    token = upload(client, kind, upload_file)
    response = confirm(client, token)
    assert response.status_code == 200
    assert "Imported" in page_text(response), page_text(response)[:3000]
    return response


@pytest.fixture
def existing_contact(db):
    organisation = Organisation.objects.create(name="Alcaldía de Medellín", country="CO")
    contact = Contact.objects.create(given_name="José", family_name="Pérez", organisation=organisation)
    ContactEmail.objects.create(contact=contact, address="jose.perez@medellin.example", sort_order=0)
    return contact


@pytest.fixture
def other_staff_client(django_user_model):
    user = django_user_model.objects.create_user(
        username="uil-other", email="other@example.org", password="pw"
    )
    user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    other = Client()
    other.force_login(user)
    return other


# --- Headers in Spanish, Portuguese and English; CSV and XLSX ---------------------------------------


def test_spanish_headers_with_semicolons_and_bom_are_recognised(staff_client, soup, medellin, bogota):
    token = upload(staff_client, "contacts", csv_upload(SPANISH_CONTACTS, delimiter=";", bom=True))
    rows, page = preview_rows(staff_client, token, soup)
    assert {line: row["status"] for line, row in rows.items()} == {2: "create", 3: "create", 4: "create"}
    assert "María" in rows[2]["record"] and "maria.gomez@medellin.example" in rows[2]["record"]
    assert "Alcaldía de Medellín (new organisation)" in rows[2]["record"]
    assert "Bogotá (CO)" in rows[4]["record"]
    assert "not recognised" not in page.get_text()


@pytest.mark.parametrize(
    ("rows", "given_name", "job_title", "language", "city"),
    [
        (SPANISH_CONTACTS, "María", "Secretaria de Educación", "es", "Medellín"),
        (PORTUGUESE_CONTACTS, "João", "Coordenador", "pt", "Curitiba"),
        (ENGLISH_CONTACTS, "Ana", "Adviser", "en", "Puebla"),
    ],
    ids=["spanish", "portuguese", "english"],
)
def test_contact_headers_in_each_language(staff_client, rows, given_name, job_title, language, city):
    import_file(staff_client, "contacts", csv_upload(rows))
    contact = Contact.objects.get(given_name=given_name)
    assert contact.job_title == job_title
    assert contact.preferred_language == language
    assert contact.city.title == city
    assert contact.emails.count() >= 1
    assert contact.phones.count() == 1
    assert contact.organisation is not None


ENGAGEMENT_HEADERS = {
    "spanish": [
        "Fecha",
        "Tipo",
        "Título",
        "Resumen",
        "Ciudades",
        "Temas",
        "Resultado",
        "Fecha de seguimiento",
    ],
    "portuguese": [
        "Data",
        "Tipo",
        "Título",
        "Resumo",
        "Cidades",
        "Temas",
        "Resultado",
        "Data de acompanhamento",
    ],
    "english": ["Date", "Kind", "Title", "Summary", "Cities", "Themes", "Outcome", "Follow-up date"],
}
ENGAGEMENT_KIND_WORDS = {"spanish": "Reunión", "portuguese": "Reunião", "english": "meeting"}


@pytest.mark.parametrize("language", ["spanish", "portuguese", "english"])
def test_engagement_headers_in_each_language(staff_client, staff_user, language, medellin):
    rows = [
        ENGAGEMENT_HEADERS[language],
        [
            "2025-05-20",
            ENGAGEMENT_KIND_WORDS[language],
            f"Plan de aprendizaje ({language})",
            "Revisión del plan",
            "Medellín",
            "Alfabetización",
            "Acuerdo",
            "01/07/2025",
        ],
    ]
    import_file(staff_client, "engagements", csv_upload(rows))
    engagement = Engagement.objects.get(title=f"Plan de aprendizaje ({language})")
    assert engagement.kind == Engagement.Kind.MEETING
    assert engagement.date == date(2025, 5, 20)
    assert engagement.follow_up_date == date(2025, 7, 1)
    assert list(engagement.cities.all()) == [medellin]
    assert [theme.slug for theme in engagement.themes.all()] == ["alfabetizacion"]
    assert engagement.owner == staff_user
    assert engagement.outcome == "Acuerdo"


def test_an_xlsx_file_with_date_cells_is_recognised(
    staff_client, soup, medellin, existing_contact, staff_user
):
    rows = [
        [
            "Fecha",
            "Tipo",
            "Título",
            "Ciudades",
            "Participantes",
            "Responsable",
            "Seguimiento",
            "Seguimiento hecho",
        ],
        [
            datetime(2025, 4, 2),
            "Taller",
            "Taller de ciudades del aprendizaje",
            "Medellín",
            "jose.perez@medellin.example",
            "uil-staff",
            date(2025, 6, 30),
            "sí",
        ],
    ]
    token = upload(staff_client, "engagements", xlsx_upload(rows))
    previewed, _page = preview_rows(staff_client, token, soup)
    assert previewed[2]["status"] == "create"
    confirm(staff_client, token)
    engagement = Engagement.objects.get(title="Taller de ciudades del aprendizaje")
    assert engagement.kind == Engagement.Kind.WORKSHOP
    assert engagement.date == date(2025, 4, 2)
    assert engagement.follow_up_date == date(2025, 6, 30)
    assert engagement.follow_up_done is True
    assert list(engagement.participants.all()) == [existing_contact]


def test_a_windows_1252_csv_from_excel_is_read_with_a_warning(staff_client, soup, medellin):
    rows = [["Nombre", "Apellido", "Ciudad"], ["Pía", "Núñez", "Medellín"]]
    token = upload(staff_client, "contacts", csv_upload(rows, delimiter=";", encoding="cp1252"))
    previewed, page = preview_rows(staff_client, token, soup)
    assert "Pía Núñez" in previewed[2]["record"]
    assert "Windows-1252" in page.get_text()


# --- The preview writes nothing and lists every problem ------------------------------------------


def test_the_preview_writes_nothing(staff_client, soup, medellin, existing_contact):
    before = snapshot()
    token = upload(staff_client, "contacts", csv_upload(SPANISH_CONTACTS))
    preview_rows(staff_client, token, soup)
    engagements = [
        ["date", "kind", "title", "cities", "participants"],
        ["2025-01-10", "call", "Llamada inicial", "Medellín", "jose.perez@medellin.example"],
    ]
    token = upload(staff_client, "engagements", csv_upload(engagements))
    rows, _page = preview_rows(staff_client, token, soup)
    assert rows[2]["status"] == "create"
    assert snapshot() == before


def test_the_preview_lists_each_bad_row_with_its_line_and_reason(
    staff_client, soup, medellin, existing_contact
):
    rows = [
        ["Fecha", "Tipo", "Título", "Ciudades", "Participantes", "Responsable"],
        ["2025-02-01", "reunión", "Buena fila", "Medellín", "jose.perez@medellin.example"],
        ["2025-02-02", "reunión", "Ciudad desconocida", "Atlantis", ""],
        ["31/02/2025", "reunión", "Fecha imposible", "Medellín", ""],
        ["2025-02-04", "merienda", "Tipo desconocido", "Medellín", ""],
        ["2025-02-05", "llamada", "Participante desconocido", "Medellín", "nadie@example.org"],
        ["2025-02-06", "llamada", "Correo inválido", "Medellín", "no-es-un-correo"],
        ["2025-02-07", "visita", "La Paz sin país", "La Paz", ""],
        ["2025-02-08", "visita", "La Paz con país", "La Paz (MX)", ""],
        ["2025-02-09", "otro", "Responsable desconocido", "Medellín", "", "nadie"],
    ]
    before = snapshot()
    token = upload(staff_client, "engagements", csv_upload(rows))
    previewed, page = preview_rows(staff_client, token, soup)
    assert previewed[2]["status"] == "create" and not previewed[2]["errors"]
    assert previewed[9]["status"] == "create" and "La Paz (MX)" in previewed[9]["record"]
    expected = {
        3: "Unknown city “Atlantis”",
        4: "“31/02/2025” is not a date",
        5: "Unknown kind “merienda”",
        6: "No contact has the e-mail address “nadie@example.org”",
        7: "“no-es-un-correo” is not a valid e-mail address",
        8: "“La Paz” is the name of several cities: write it as “La Paz (AR)” or “La Paz (MX)”",
        10: "No staff member has the user name or e-mail “nadie”",
    }
    for line, reason in expected.items():
        assert previewed[line]["status"] == "error"
        assert any(reason in error for error in previewed[line]["errors"]), (line, previewed[line]["errors"])
    assert "7 rows have errors" in page.get_text(" ")
    assert page.find("button", attrs={"value": "confirm"}) is None
    assert snapshot() == before


def test_an_invalid_contact_email_is_a_row_error(staff_client, soup):
    rows = [["Nombre", "Correo"], ["Eva", "eva@@example"], ["Raúl", "raul@example.org"]]
    token = upload(staff_client, "contacts", csv_upload(rows))
    previewed, _page = preview_rows(staff_client, token, soup)
    assert previewed[2]["errors"] == ["“eva@@example” is not a valid e-mail address."]
    assert previewed[3]["status"] == "create"


def test_a_consent_date_out_of_range_says_so_rather_than_that_it_is_no_date(staff_client, soup):
    rows = [["Nombre", "Correo", "Fecha de consentimiento"], ["Eva", "eva@example.org", "1850-01-01"]]
    token = upload(staff_client, "contacts", csv_upload(rows))
    previewed, _page = preview_rows(staff_client, token, soup)
    assert previewed[2]["errors"] == ["“1850-01-01” is not between 1900 and 2100."]


def test_an_engagement_given_twice_is_reported_once_on_its_second_line(staff_client, soup, medellin):
    header = ["Date", "Kind", "Title", "Cities"]
    row = ["2025-05-20", "meeting", "Mesa de aprendizaje", "Medellín"]
    token = upload(staff_client, "engagements", csv_upload([header, row, row]))
    previewed, _page = preview_rows(staff_client, token, soup)
    said = previewed[3]["errors"] + previewed[3]["duplicates"]
    assert said == ["The same engagement (date, kind, title and cities) is already on line 2."]


def test_the_preview_lists_likely_duplicates(staff_client, soup, existing_contact):
    rows = [
        ["Nombre", "Apellido", "Organización", "Correo"],
        # Same e-mail as an existing contact: that contact is the one updated.
        ["Pepe", "Pérez", "Alcaldía de Medellín", "JOSE.PEREZ@medellin.example"],
        # Same name, ignoring accents and case, in the same organisation as an existing contact.
        ["jose", "perez", "alcaldia de medellin", ""],
        # Two rows about one new person: the second is flagged.
        ["Lucía", "Mora", "Universidad de Antioquia", "lucia@example.org"],
        ["Lucia", "Mora Díaz", "Universidad de Antioquia", "lucia@example.org"],
        ["Tomás", "Vélez", "Universidad de Antioquia", ""],
        ["tomas", "velez", "universidad de antioquia", "tomas@example.org"],
    ]
    token = upload(staff_client, "contacts", csv_upload(rows))
    previewed, _page = preview_rows(staff_client, token, soup)
    contact = f"contact #{existing_contact.pk}"
    assert any(
        "Same e-mail address as existing" in text and contact in text for text in previewed[2]["duplicates"]
    )
    assert previewed[2]["status"] == "update"
    # Line 3 is the same existing person as line 2: importing both would flip the record back and forth.
    assert any("Likely the same person as existing" in text for text in previewed[3]["duplicates"])
    assert any("Line 2 already refers to" in text for text in previewed[3]["errors"])
    # Two rows about one person in the file are an error, shown once: among the errors.
    assert (
        previewed[5]["errors"] == ["Same e-mail address (lucia@example.org) as line 4: merge the two rows."]
        and not previewed[5]["duplicates"]
    )
    assert previewed[5]["status"] == "error"
    assert previewed[7]["errors"] == ["Same name in the same organisation as line 6: merge the two rows."]
    assert not previewed[7]["duplicates"]
    assert previewed[7]["status"] == "error"


def test_a_contact_matched_by_name_keeps_its_accents(staff_client, soup, existing_contact):
    rows = [
        ["Nombre", "Apellido", "Organización", "Cargo"],
        ["jose", "PEREZ", "alcaldia de medellin", "Asesor"],
    ]
    token = upload(staff_client, "contacts", csv_upload(rows))
    previewed, _page = preview_rows(staff_client, token, soup)
    assert previewed[2]["status"] == "update"
    assert any("Likely the same person as existing" in text for text in previewed[2]["duplicates"])
    confirm(staff_client, token)
    existing_contact.refresh_from_db()
    assert (existing_contact.given_name, existing_contact.family_name) == ("José", "Pérez")
    assert existing_contact.job_title == "Asesor"
    assert Contact.objects.count() == 1


def test_an_engagement_already_logged_is_a_likely_duplicate(staff_client, soup, medellin, bogota):
    logged = Engagement(date=date(2025, 3, 3), kind="meeting", title="Comité regional")
    logged.cities.set([medellin, bogota])
    logged.save()
    rows = [
        ["date", "kind", "title", "cities"],
        ["2025-03-03", "reunión", "comité  regional", "Bogotá; Medellín"],
        ["2025-03-03", "meeting", "Comité regional", "Medellín"],
    ]
    token = upload(staff_client, "engagements", csv_upload(rows))
    previewed, _page = preview_rows(staff_client, token, soup)
    assert previewed[2]["status"] == "unchanged"
    assert f"Already logged as engagement #{logged.pk}." in previewed[2]["duplicates"]
    assert previewed[3]["status"] == "create"
    assert any(f"Likely duplicate of engagement #{logged.pk}" in text for text in previewed[3]["duplicates"])


def test_organisations_with_one_name_are_told_apart_by_country(staff_client, soup, medellin):
    colombian = Organisation.objects.create(name="Secretaría de Educación", country="CO")
    Organisation.objects.create(name="Secretaría de Educación", country="PE")
    rows = [
        ["Nombre", "Organización", "Ciudad", "País"],
        ["Rosa", "secretaria de educacion", "Medellín", ""],
        ["Inés", "Secretaría de Educación", "", ""],
        ["Eva", "Ministerio de Cultura", "", "Perú"],
    ]
    token = upload(staff_client, "contacts", csv_upload(rows))
    previewed, page = preview_rows(staff_client, token, soup)
    assert previewed[2]["status"] == "create" and "Secretaría de Educación" in previewed[2]["record"]
    assert any("Several organisations are called" in error for error in previewed[3]["errors"])
    assert "Ministerio de Cultura (PE)" in page.get_text()
    rows.pop(2)
    import_file(staff_client, "contacts", csv_upload(rows))
    assert Contact.objects.get(given_name="Rosa").organisation == colombian
    assert Contact.objects.get(given_name="Eva").organisation.country.code == "PE"


# --- Confirming: all or nothing ------------------------------------------------------------------


def test_confirm_is_refused_while_any_row_has_an_error(staff_client, medellin):
    rows = [["Nombre", "Ciudad"], ["Marta", "Medellín"], ["Pablo", "Gotham"]]
    before = snapshot()
    token = upload(staff_client, "contacts", csv_upload(rows))
    response = confirm(staff_client, token)
    assert "Nothing was imported: 1 row has errors." in page_text(response)
    assert snapshot() == before
    assert not Contact.objects.filter(given_name="Marta").exists()


def test_confirm_creates_contacts_with_emails_phones_and_organisations(
    staff_client, staff_user, medellin, bogota
):
    response = import_file(staff_client, "contacts", csv_upload(SPANISH_CONTACTS, delimiter=";"))
    assert "3 created, 0 updated, 0 unchanged" in page_text(response)
    assert response.request["PATH_INFO"] == reverse("wagtailsnippets_contacts_contact:list")
    maria = Contact.objects.get(given_name="María")
    assert maria.honorific == "Dra."
    assert maria.family_name == "Gómez"
    assert maria.organisation.name == "Alcaldía de Medellín"
    assert maria.organisation.country.code == "CO"
    assert maria.city == medellin
    assert [email.address for email in maria.emails.order_by("sort_order")] == [
        "maria.gomez@medellin.example",
        "mgomez@example.org",
    ]
    assert [phone.number for phone in maria.phones.all()] == ["+57 604 385 5555"]
    assert maria.consent_basis == "consent"
    assert maria.consent_date == date(2025, 3, 15)
    assert maria.consent_source == "Formulario del foro 2025"
    carlos = Contact.objects.get(given_name="Carlos")
    assert carlos.organisation == maria.organisation
    assert Organisation.objects.filter(name="Alcaldía de Medellín").count() == 1
    assert Contact.objects.get(given_name="Luis").city == bogota

    for record in (maria, carlos, maria.organisation):
        entries = list(ModelLogEntry.objects.for_instance(record))
        assert [(entry.action, entry.user) for entry in entries] == [("wagtail.create", staff_user)]


def test_confirm_creates_engagements_with_cities_participants_themes_and_owner(
    staff_client, staff_user, medellin, bogota, existing_contact, django_user_model
):
    colleague = django_user_model.objects.create_user(
        username="colleague", email="colleague@example.org", password="pw"
    )
    colleague.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    rows = [
        ["Fecha", "Tipo", "Título", "Ciudades", "Organizaciones", "Participantes", "Responsable", "Temas"],
        [
            "2025-06-10",
            "foro",
            "Foro de ciudades",
            "Medellín; Bogotá",
            "alcaldia de medellin",
            "jose.perez@medellin.example",
            "colleague@example.org",
            "Aprendizaje digital; accion-climatica",
        ],
        ["2025-06-11", "webinar", "Seminario web", "Bogotá", "", "", "", ""],
    ]
    import_file(staff_client, "engagements", csv_upload(rows))
    forum = Engagement.objects.get(title="Foro de ciudades")
    assert forum.kind == Engagement.Kind.FORUM
    assert set(forum.cities.all()) == {medellin, bogota}
    assert list(forum.organisations.all()) == [existing_contact.organisation]
    assert list(forum.participants.all()) == [existing_contact]
    assert forum.owner == colleague
    assert set(forum.themes.values_list("slug", flat=True)) == {"aprendizaje-digital", "accion-climatica"}
    webinar = Engagement.objects.get(title="Seminario web")
    assert webinar.owner == staff_user
    for engagement in (forum, webinar):
        entries = list(ModelLogEntry.objects.for_instance(engagement))
        assert [(entry.action, entry.user) for entry in entries] == [("wagtail.create", staff_user)]


def reference_rows(instance):
    return set(
        ReferenceIndex.objects.filter(
            object_id=str(instance.pk), content_type__model=instance._meta.model_name
        ).values_list("to_content_type", "to_object_id", "model_path", "content_path", "content_path_hash")
    )


def test_usage_counts_of_imported_records_are_what_wagtail_records(staff_client, medellin, bogota):
    """Wagtail's reference index ("Used N times") knows about what the import wrote, exactly as if
    each record had been saved in the admin."""
    import_file(staff_client, "contacts", csv_upload(SPANISH_CONTACTS))
    rows = [["date", "kind", "title", "cities", "owner"], ["2025-02-02", "call", "Llamada", "Medellín", ""]]
    import_file(staff_client, "engagements", csv_upload(rows))
    organisation = Organisation.objects.get(name="Alcaldía de Medellín")
    assert ReferenceIndex.get_references_to(organisation).count() == 2
    assert ReferenceIndex.get_references_to(medellin).filter(model_path="city").count() == 2
    # A contact moved to another city by a later import is indexed again.
    moved = [row[:] for row in SPANISH_CONTACTS[:3]]
    moved[2][5] = "Bogotá"
    import_file(staff_client, "contacts", csv_upload(moved))
    assert ReferenceIndex.get_references_to(medellin).filter(model_path="city").count() == 1
    records = [*Contact.objects.all(), *Organisation.objects.all(), *Engagement.objects.all()]
    assert len(records) == 6
    indexed = {record: reference_rows(record) for record in records}
    assert any(indexed.values())
    for record in records:
        ReferenceIndex.create_or_update_for_object(record)
        assert reference_rows(record) == indexed[record], record


def test_importing_the_same_file_again_changes_nothing(
    staff_client, soup, medellin, bogota, existing_contact
):
    contacts = csv_upload(SPANISH_CONTACTS, delimiter=";")
    engagement_rows = [
        ["Fecha", "Tipo", "Título", "Ciudades", "Participantes", "Temas", "Seguimiento hecho"],
        [
            "2025-06-10",
            "foro",
            "Foro de ciudades",
            "Medellín; Bogotá",
            "maria.gomez@medellin.example",
            "Alfabetización",
            "no",
        ],
        ["2025-06-12", "visita", "Visita técnica", "Bogotá", "jose.perez@medellin.example", "", "sí"],
    ]
    import_file(staff_client, "contacts", contacts)
    import_file(staff_client, "engagements", csv_upload(engagement_rows))
    before = snapshot()

    for kind, upload_file, lines in (
        ("contacts", csv_upload(SPANISH_CONTACTS, delimiter=";"), {2, 3, 4}),
        ("engagements", xlsx_upload(engagement_rows), {2, 3}),
    ):
        token = upload(staff_client, kind, upload_file)
        previewed, page = preview_rows(staff_client, token, soup)
        assert {line: row["status"] for line, row in previewed.items()} == dict.fromkeys(lines, "unchanged")
        assert "Nothing to import" in page.get_text()
        response = confirm(staff_client, token)
        assert f"0 created, 0 updated, {len(lines)} unchanged" in page_text(response)
    assert snapshot() == before


def test_a_changed_job_title_is_applied_and_logged(staff_client, staff_user, soup, medellin, bogota):
    import_file(staff_client, "contacts", csv_upload(SPANISH_CONTACTS))
    changed = [row[:] for row in SPANISH_CONTACTS]
    changed[2][3] = "Asesor principal"
    token = upload(staff_client, "contacts", csv_upload(changed))
    previewed, _page = preview_rows(staff_client, token, soup)
    assert previewed[3]["status"] == "update"
    assert "Job title : Asesor → Asesor principal" in previewed[3]["changes"]
    assert previewed[2]["status"] == previewed[4]["status"] == "unchanged"
    response = confirm(staff_client, token)
    assert "0 created, 1 updated, 2 unchanged" in page_text(response)
    carlos = Contact.objects.get(given_name="Carlos")
    assert carlos.job_title == "Asesor principal"
    entries = ModelLogEntry.objects.for_instance(carlos).order_by("pk")
    assert [(entry.action, entry.user) for entry in entries] == [
        ("wagtail.create", staff_user),
        ("wagtail.edit", staff_user),
    ]
    assert entries.last().data["import"]["fields"] == ["job_title"]
    assert not ModelLogEntry.objects.for_instance(Contact.objects.get(given_name="María")).filter(
        action="wagtail.edit"
    )


def test_an_engagement_logged_again_gains_what_the_file_adds(
    staff_client, staff_user, soup, medellin, existing_contact
):
    rows = [
        ["Fecha", "Tipo", "Título", "Ciudades", "Participantes", "Resultado", "Seguimiento hecho"],
        ["2025-06-10", "foro", "Foro de ciudades", "Medellín", "", "", "no"],
    ]
    import_file(staff_client, "engagements", csv_upload(rows))
    engagement = Engagement.objects.get(title="Foro de ciudades")
    rows[1][4:] = ["jose.perez@medellin.example", "Acuerdo firmado", "sí"]
    token = upload(staff_client, "engagements", csv_upload(rows))
    previewed, _page = preview_rows(staff_client, token, soup)
    assert previewed[2]["status"] == "update"
    assert "Participants : — → adds José Pérez" in previewed[2]["changes"]
    assert "Follow-up done : no → yes" in previewed[2]["changes"]
    response = confirm(staff_client, token)
    assert "0 created, 1 updated, 0 unchanged" in page_text(response)
    engagement = Engagement.objects.get(pk=engagement.pk)
    assert list(engagement.participants.all()) == [existing_contact]
    assert engagement.outcome == "Acuerdo firmado"
    assert engagement.follow_up_done is True
    entry = ModelLogEntry.objects.for_instance(engagement).get(action="wagtail.edit")
    assert entry.user == staff_user
    assert entry.data["import"]["fields"] == ["follow_up_done", "outcome", "participants"]


def test_new_emails_and_fields_are_added_to_a_contact_matched_by_email(staff_client, existing_contact):
    rows = [
        ["Nombre", "Apellido", "Correo", "Teléfono", "Cargo"],
        ["José", "Pérez", "jose.perez@medellin.example; jp@example.org", "604 111 2222", "Subsecretario"],
    ]
    response = import_file(staff_client, "contacts", csv_upload(rows))
    assert "0 created, 1 updated" in page_text(response)
    existing_contact.refresh_from_db()
    assert [email.address for email in existing_contact.emails.order_by("sort_order")] == [
        "jose.perez@medellin.example",
        "jp@example.org",
    ]
    assert [phone.number for phone in existing_contact.phones.all()] == ["604 111 2222"]
    assert existing_contact.job_title == "Subsecretario"
    assert existing_contact.organisation.name == "Alcaldía de Medellín"


def test_a_failure_while_applying_leaves_nothing_written(staff_client, monkeypatch, medellin, bogota):
    before = snapshot()
    token = upload(staff_client, "contacts", csv_upload(SPANISH_CONTACTS))
    calls = []

    def failing_bulk_create(objects, *args, **kwargs):
        # Organisations, contacts and e-mail addresses are written by now: the phones fail.
        calls.append(list(objects))
        assert Contact.objects.filter(given_name="María").exists()
        raise DatabaseError("simulated failure")

    monkeypatch.setattr(ContactPhone.objects, "bulk_create", failing_bulk_create)
    response = confirm(staff_client, token)
    assert response.status_code == 200
    assert "The import failed and nothing was written." in page_text(response)
    assert len(calls) == 1
    assert snapshot() == before

    # The file is still there: once the problem is gone, confirming works.
    monkeypatch.undo()
    response = confirm(staff_client, token)
    assert "3 created" in page_text(response)


def test_the_service_rolls_back_on_any_error(staff_user, monkeypatch, medellin, existing_contact):
    rows = [
        ["date", "kind", "title", "cities", "participants"],
        ["2025-01-01", "meeting", "Primera", "Medellín", "jose.perez@medellin.example"],
        ["2025-01-02", "meeting", "Segunda", "Medellín", ""],
    ]
    data = xlsx_bytes(rows)
    before = snapshot()

    def failing_bulk_create(objects, *args, **kwargs):
        # The last write: engagements and their links are in the database by now.
        assert Engagement.objects.filter(title="Segunda").exists()
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(ModelLogEntry.objects, "bulk_create", failing_bulk_create)
    with pytest.raises(RuntimeError):
        IMPORTERS["engagements"].apply(data, "file.xlsx", staff_user)
    assert snapshot() == before


# --- Who may import ------------------------------------------------------------------------------


def test_focal_points_and_anonymous_visitors_cannot_import(
    staff_client, focal_point_a, medellin, assert_refused
):
    token = upload(staff_client, "contacts", csv_upload([["Nombre"], ["Intrusa"]]))
    before = snapshot()
    for user in (None, focal_point_a):
        client = Client()
        if user is not None:
            client.force_login(user)
        assert_refused(client.get(reverse("contacts_import:upload")))
        assert_refused(client.get(preview_url(token)))
        assert_refused(client.post(preview_url(token), {"action": "confirm"}))
        assert_refused(post_upload(client, "contacts", csv_upload([["Nombre"], ["Intrusa"]])))
    assert snapshot() == before
    assert not Contact.objects.filter(given_name="Intrusa").exists()


def test_a_token_from_another_user_cannot_be_confirmed(staff_client, other_staff_client):
    token = upload(staff_client, "contacts", csv_upload([["Nombre"], ["Ajena"]]))
    before = snapshot()
    response = other_staff_client.post(preview_url(token), {"action": "confirm"}, follow=True)
    assert "This import is no longer available" in page_text(response)
    response = other_staff_client.get(preview_url(token), follow=True)
    assert "Ajena" not in page_text(response)
    assert snapshot() == before
    # The owner can still confirm it.
    assert "1 created" in page_text(confirm(staff_client, token))


def test_cancel_forgets_the_file(staff_client):
    token = upload(staff_client, "contacts", csv_upload([["Nombre"], ["Olvidada"]]))
    response = staff_client.post(preview_url(token), {"action": "cancel"}, follow=True)
    assert "Import cancelled" in page_text(response)
    response = confirm(staff_client, token)
    assert "no longer available" in page_text(response)
    assert not Contact.objects.filter(given_name="Olvidada").exists()


def test_staff_find_the_import_in_the_engagement_log_menu(staff_client, soup):
    response = staff_client.get(reverse("wagtailadmin_home"))
    assert reverse("contacts_import:upload") in page_text(response)
    response = staff_client.get(reverse("contacts_import:upload"))
    page = soup(response)
    assert response.status_code == 200
    captions = [caption.get_text(strip=True) for caption in page.select("table caption")]
    assert captions == ["Columns of a file of Contacts", "Columns of a file of Engagements"]
    assert "correo electrónico" in page.get_text()


# --- Bad files: a clear message, never a 500 -----------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "content", "name", "message"),
    [
        (
            "contacts",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "photo.png",
            "This is not a CSV or XLSX file.",
        ),
        ("contacts", b"", "empty.csv", "The submitted file is empty."),
        ("contacts", b"\n\n  \n", "blank.csv", "The file is empty."),
        ("contacts", b"Nombre\n", "header-only.csv", "has a header (line 1) but no rows"),
        ("contacts", b"foo,bar\n1,2\n", "unknown.csv", "No column header was recognised"),
        (
            "contacts",
            b"Apellido,Correo\nRuiz,a@example.org\n",
            "missing.csv",
            "Required column(s) missing: given name.",
        ),
        (
            "contacts",
            b"date,kind,title,cities\n2025-01-01,meeting,X,Lima\n",
            "wrong-kind.csv",
            "This looks like a file of engagements",
        ),
        (
            "engagements",
            b"Fecha,Tipo\n2025-01-01,reunion\n",
            "missing.csv",
            "Required column(s) missing: title, cities.",
        ),
        ("contacts", b"Titulo,Nombre\nDr.,Ana\n", "ambiguous.csv", "The column “Titulo” is ambiguous"),
        ("contacts", b"PK\x03\x04 not really a zip", "broken.xlsx", "damaged"),
        ("contacts", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old.xls", "Old Excel files (.xls)"),
        ("contacts", b"Nombre\nAna\n", "programa.exe", "This is not a CSV or XLSX file."),
        ("contacts", b"Nombre\nAna\n", "texto.xlsx", "The XLSX file is damaged and cannot be read."),
    ],
    ids=[
        "not-a-spreadsheet",
        "empty",
        "blank-lines",
        "header-only",
        "no-known-header",
        "missing-column",
        "wrong-kind",
        "missing-engagement-columns",
        "ambiguous-title",
        "broken-xlsx",
        "xls",
        "named-as-a-program",
        "text-named-as-xlsx",
    ],
)
def test_bad_files_get_a_clear_message(staff_client, kind, content, name, message):
    before = snapshot()
    response = post_upload(staff_client, kind, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["file"]), response.context[
        "form"
    ].errors
    assert snapshot() == before


def test_too_large_files_and_too_many_rows_are_refused(staff_client, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    monkeypatch.setattr(files, "MAX_ROWS", 10)
    response = post_upload(
        staff_client, "contacts", SimpleUploadedFile("big.csv", b"Nombre\n" + b"Ana\n" * 400)
    )
    assert "The file is too large" in " ".join(response.context["form"].errors["file"])
    monkeypatch.setattr(files, "MAX_BYTES", 5 * 1024 * 1024)
    rows = [["Nombre"]] + [[f"Persona {number}"] for number in range(11)]
    response = post_upload(staff_client, "contacts", xlsx_upload(rows))
    assert "more than 10 rows" in " ".join(response.context["form"].errors["file"])
    assert not Contact.objects.filter(given_name__startswith="Persona").exists()


def test_the_real_limits_are_five_megabytes_and_five_thousand_rows():
    assert files.MAX_BYTES == 5 * 1024 * 1024
    assert files.MAX_ROWS == 5000
    assert import_views.UPLOAD_LIFETIME_SECONDS >= 15 * 60


def test_header_synonyms_fold_case_accents_and_spacing():
    header = ["  NOMBRE ", "apellidos", "Organizacao", "correo electronico", "E-Mail", "TELEFONE"]
    with pytest.raises(files.ImportRejected) as rejection:
        IMPORTERS["contacts"].map_columns(header)
    assert "both mean e-mail addresses" in str(rejection.value)
    columns, ignored = IMPORTERS["contacts"].map_columns(header[:4] + ["TELEFONE", "Comida favorita"])
    assert columns == {"given_name": 0, "family_name": 1, "organisation": 2, "emails": 3, "phones": 4}
    assert ignored == ["Comida favorita"]
    columns, _ignored = IMPORTERS["engagements"].map_columns(
        ["DATA", "tipo", "Titulo", "Cidades", "Data de acompanhamento", "seguimiento hecho"]
    )
    assert set(columns) == {"date", "kind", "title", "cities", "follow_up_date", "follow_up_done"}


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("Reunión", "meeting"),
        ("reuniao", "meeting"),
        ("Llamada", "call"),
        ("ligação", "call"),
        ("correo", "email"),
        ("E-mail", "email"),
        ("visita", "visit"),
        ("Oficina", "workshop"),
        ("Fórum", "forum"),
        ("seminario web", "webinar"),
        ("capacitación", "training"),
        ("formação", "training"),
        ("Relatório", "report_submission"),
        ("report submission", "report_submission"),
        ("outro", "other"),
    ],
)
def test_engagement_kinds_in_three_languages(word, kind):
    assert ENGAGEMENT_KINDS[squash(word)] == kind


def test_themes_must_exist(staff_client, soup, medellin):
    original_themes().get(slug="alfabetizacion")
    rows = [
        ["fecha", "tipo", "título", "ciudades", "temas"],
        ["2025-01-01", "otro", "X", "Medellín", "Astrología"],
    ]
    token = upload(staff_client, "engagements", csv_upload(rows))
    previewed, _page = preview_rows(staff_client, token, soup)
    assert previewed[2]["errors"] == ["Unknown theme “Astrología”."]
