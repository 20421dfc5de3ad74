"""Staff load library items from a spreadsheet: a preview of every row first, then every item published
or none, and a second load of the same file adds nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from knowledge.citations import bibtex
from knowledge.models import ResourceIndexPage, ResourcePage
from tests.factories import CityFactory, FocalPointFactory, ResourceFactory, ThemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

HEADER = [
    "Título",
    "Tipo",
    "Resumen",
    "Autores",
    "Editorial",
    "Año",
    "ISBN",
    "DOI",
    "Temas",
    "Ciudades",
    "Español",
    "Português",
]


def row(title="Guía de ciudades del aprendizaje", **changes):
    values = {
        "Título": title,
        "Tipo": "guía",
        "Resumen": "Cómo planificar una ciudad del aprendizaje, paso a paso.",
        "Autores": "Valdés, Raúl; Instituto de la UNESCO para el Aprendizaje a lo Largo de Toda la Vida",
        "Editorial": "UIL",
        "Año": "2015",
        "ISBN": "",
        "DOI": "",
        "Temas": "",
        "Ciudades": "",
        "Español": f"https://example.org/{len(title)}/es.pdf",
        "Português": "",
    }
    values.update(changes)
    return [values[name] for name in HEADER]


def csv_file(rows, name="biblioteca.csv"):
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    return SimpleUploadedFile(name, text.getvalue().encode(), content_type="text/csv")


def upload(client, upload_file):
    response = client.post(reverse("knowledge_import:upload"), {"kind": "resources", "file": upload_file})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return response["Location"]


def preview(client, location, soup):
    """{line: (status, errors text)} as the preview shows them."""
    page = soup(client.get(location))
    found = {}
    for tr in page.select("table.import-preview tbody tr"):
        errors = " ".join(li.get_text(" ", strip=True) for li in tr.select(".import-errors li"))
        found[int(tr["data-line"])] = (tr.select_one("[data-status]")["data-status"], errors)
    return found


def items():
    return ResourcePage.objects.filter(locale__language_code="es")


def test_a_file_is_previewed_then_published_in_every_language(staff_client, soup):
    theme = ThemeFactory(name="Tema importado", slug="tema-importado")
    city = CityFactory(title="Ciudad Importada", country="CO")
    location = upload(
        staff_client,
        csv_file(
            [
                row(Temas="tema importado", DOI="https://doi.org/10.1000/abc1", ISBN="978-92-820-1184-3"),
                row(
                    "Estudios de caso de la región",
                    Tipo="estudios de caso",
                    Ciudades="Ciudad Importada",
                    Português="https://example.org/pt.pdf",
                ),
            ]
        ),
    )
    assert preview(staff_client, location, soup) == {2: ("create", ""), 3: ("create", "")}
    assert not items().exists(), "the preview writes nothing"

    response = staff_client.post(location, {"action": "confirm"}, follow=True)
    assert "2 created" in response.content.decode()
    guide = items().get(title="Guía de ciudades del aprendizaje")
    assert guide.live and guide.kind == "guide" and guide.doi == "10.1000/abc1"
    assert guide.author_names == [
        "Valdés, Raúl",
        "Instituto de la UNESCO para el Aprendizaje a lo Largo de Toda la Vida",
    ]
    assert list(guide.themes.all()) == [theme] and [t.language for t in guide.full_texts.all()] == ["es"]
    cases = items().get(title="Estudios de caso de la región")
    assert cases.kind == "case_studies" and sorted(t.language for t in cases.full_texts.all()) == ["es", "pt"]
    assert staff_client.get(guide.url).status_code == 200
    assert staff_client.get(f"/en{guide.url}").status_code == 200
    assert PageLogEntry.objects.filter(page=guide, action="wagtail.create").exists()
    assert list(cases.cities.all()) == [city]


def test_loading_the_same_file_again_adds_nothing(staff_client, soup):
    ResourceFactory(title="Guía ya cargada", year=2015)
    location = upload(staff_client, csv_file([row("Guía ya cargada")]))
    assert preview(staff_client, location, soup) == {2: ("unchanged", "")}
    response = staff_client.get(location)
    assert "already in the library" in response.content.decode()
    assert items().count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"Año": str(timezone.now().year + 1)}, "is not a year of publication"),
        # Digits to str.isdigit(), not to int().
        ({"Año": "²⁰²⁰"}, "is not a year of publication"),
        ({"Año": "2" * 5000}, "is not a year of publication"),
        ({"ISBN": "²" * 13}, "is not an ISBN"),
        ({"DOI": "doi-falso"}, "is not a DOI"),
        ({"ISBN": "978-92-820-1184-4"}, "is not an ISBN"),
        ({"Español": ""}, "at least one language"),
        ({"Español": "not a link"}, "is not a web address"),
        ({"Temas": "tema inexistente"}, "Unknown theme"),
        ({"Tipo": "poema"}, "Unknown type"),
        ({"Ciudades": "Ciudad Inexistente"}, "Unknown city"),
        ({"Resumen": ""}, "abstract is missing"),
    ],
)
def test_a_bad_row_stops_the_whole_file(staff_client, soup, changes, message):
    location = upload(staff_client, csv_file([row("Fila correcta"), row("Fila con error", **changes)]))
    shown = preview(staff_client, location, soup)
    assert shown[2] == ("create", "")
    assert shown[3][0] == "error" and message in shown[3][1]
    response = staff_client.post(location, {"action": "confirm"}, follow=True)
    assert "Nothing was imported" in response.content.decode()
    assert not items().exists()


def test_the_same_item_twice_in_a_file_is_an_error(staff_client, soup):
    location = upload(staff_client, csv_file([row("Repetida"), row("Repetida")]))
    assert preview(staff_client, location, soup)[3] == ("error", "This item is already on line 2.")


@pytest.mark.parametrize(
    "cell, names",
    [
        (";;;, ;", []),
        ("Valdés, Raúl; ,; - ;\n, ", ["Valdés, Raúl"]),
    ],
)
def test_authors_that_are_only_separators_are_left_out(staff_client, soup, cell, names):
    location = upload(staff_client, csv_file([row("Sin autores", Autores=cell)]))
    assert preview(staff_client, location, soup) == {2: ("create", "")}
    staff_client.post(location, {"action": "confirm"})
    item = items().get(title="Sin autores")
    assert item.author_names == names
    assert "{{}}" not in bibtex(item)


def test_two_titles_with_the_same_slug_both_load(staff_client, soup):
    location = upload(staff_client, csv_file([row("Guía"), row("Guia", Año="2016")]))
    staff_client.post(location, {"action": "confirm"})
    assert sorted(items().values_list("slug", flat=True)) == ["guia", "guia-2"]


def test_an_xlsx_workbook_loads_too(staff_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(row("Desde una hoja de cálculo", Año=2019))
    data = io.BytesIO()
    workbook.save(data)
    upload_file = SimpleUploadedFile("items.xlsx", data.getvalue())
    location = upload(staff_client, upload_file)
    staff_client.post(location, {"action": "confirm"})
    assert items().get().year == 2019


def test_staff_find_the_import_in_the_library_page_header(staff_client):
    library = ResourceIndexPage.objects.get(locale__language_code="es")
    header = staff_client.get(reverse("wagtailadmin_explore", args=(library.pk,))).content.decode()
    assert reverse("knowledge_import:upload") in header
    directory = library.get_parent().get_children().exclude(pk=library.pk).first()
    elsewhere = staff_client.get(reverse("wagtailadmin_explore", args=(directory.pk,))).content.decode()
    assert reverse("knowledge_import:upload") not in elsewhere


def test_focal_points_cannot_load_items(client):
    focal_point = FocalPointFactory(city=CityFactory(title="Ciudad Focal"))
    client.force_login(focal_point)
    assert client.get(reverse("knowledge_import:upload")).status_code in (302, 403)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Import library items" not in menu and "library/import" not in menu


def test_the_full_text_columns_are_named_in_each_admin_s_language(staff_client, staff_user, soup):
    """Whichever language the module was first used in: the labels are translated at each use."""
    profile = UserProfile.get_for_user(staff_user)
    named = {}
    for language in ("es", "en"):
        profile.preferred_language = language
        profile.save()
        page = soup(staff_client.get(reverse("knowledge_import:upload")))
        named[language] = [th.get_text(strip=True) for th in page.select("tbody th[scope=row]")]
        location = upload(staff_client, csv_file([row(Português="not a link")]))
        named[language].append(preview(staff_client, location, soup)[2][1])
    assert "Texto completo (pt)" in named["es"]
    assert "texto completo (pt): “not a link” no es una dirección web (https://…)." in named["es"]
    assert "Full text (pt)" in named["en"] and "Texto completo (pt)" not in named["en"]
    assert "full text (pt): “not a link” is not a web address (https://…)." in named["en"]
