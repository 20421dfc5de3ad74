"""Staff who may load a framework file can download a framework version as that file, to prepare the next
version: download it (CSV or XLSX) from the version's row in the list of frameworks or from its edit page,
change the version and whatever else in a spreadsheet, and load it back as a new version with the same
areas, focus areas, features and questions, their labels in Spanish, Portuguese and English, kinds, units,
required flags and order.

Before, a framework could be loaded from a file but not got back as one: staff rebuilt the CSV by hand.
A cell that could start a formula is written after a quote in the CSV, as the other exports do, and the
import reads it back without it; anyone who may not load a framework gets no download and no button.
"""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress.framework_import import load_file
from progress.models import Area, Feature, FocusArea, Framework, Question, QuestionKind
from tests import factories
from tests.test_progress_framework_import_labels import preview_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

SHIPPED = Path(__file__).resolve().parent.parent / "progress" / "data" / "key_features_2013.csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_LABELS = ["=SUMA(1;2)", "-guion", "+mas", "@arroba", "=1+1"]


def download_url(framework, file_format):
    return reverse(f"wagtailsnippets_progress_framework:download_{file_format}", args=[framework.pk])


@pytest.fixture
def framework():
    """A version whose order is not its codes' order, with a feature, every kind of answer, units, an
    optional question, labels missing in some languages, labels holding commas and quotes and labels that
    start like a formula."""
    version = Framework.objects.create(name="Marco, de “prueba”", version="2.1")
    second = Area.objects.create(
        framework=version, code="B", label_es="Segunda, área", label_pt_br="Segunda área", sort_order=1
    )
    first = Area.objects.create(
        framework=version, code="Z", label_es="Primera", label_en=FORMULA_LABELS[0], sort_order=0
    )
    focus_z = FocusArea.objects.create(area=first, code="Z.1", label_es='Ámbito "Z"', sort_order=5)
    focus_b2 = FocusArea.objects.create(area=second, code="B.2", label_es=FORMULA_LABELS[1], sort_order=0)
    focus_b1 = FocusArea.objects.create(
        area=second, code="B.1", label_es="Ámbito B1", label_pt_br="Âmbito B1", label_en="B1", sort_order=3
    )
    feature = Feature.objects.create(
        focus_area=focus_z, code="Z.1.f", label_es="Rasgo", label_en=FORMULA_LABELS[2], sort_order=2
    )
    questions = [
        (focus_z, None, "q9", QuestionKind.TEXT, "", True, 0),
        (focus_z, feature, "q1", QuestionKind.NUMBER, "%", False, 1),
        (focus_z, feature, "q0", QuestionKind.YES_NO, "", True, 7),
        (focus_b2, None, "q5", QuestionKind.SCALE, "", True, 0),
        (focus_b1, None, "q4", QuestionKind.FILE, "", False, 0),
        (focus_b1, None, "q3", QuestionKind.NUMBER, "personas", True, 1),
    ]
    for number, (focus, in_feature, code, kind, unit, required, order) in enumerate(questions):
        Question.objects.create(
            focus_area=focus,
            feature=in_feature,
            code=code,
            kind=kind,
            unit=unit,
            required=required,
            sort_order=order,
            label_es=FORMULA_LABELS[3] if code == "q5" else f"¿Pregunta {code}, sí?",
            label_pt_br=f"Pergunta {code}" if number % 2 else "",
            label_en=FORMULA_LABELS[4] if code == "q4" else f"Question {code}",
        )
    return version


def structure(framework):
    """What a version holds, in its order, without its records' ids and sort numbers."""
    areas = [(area.code, area.labels()) for area in framework.areas.all()]
    focus_areas = [
        (focus.area.code, focus.code, focus.labels())
        for focus in FocusArea.objects.filter(area__framework=framework).order_by(
            "area__sort_order", "area__code", "sort_order", "code"
        )
    ]
    features = [
        (feature.focus_area.code, feature.code, feature.labels())
        for feature in Feature.objects.filter(focus_area__area__framework=framework).order_by(
            "focus_area__area__sort_order", "focus_area__sort_order", "sort_order", "code"
        )
    ]
    questions = [
        (
            question.focus_area.area.code,
            question.focus_area.code,
            question.feature.code if question.feature else None,
            question.code,
            question.labels(),
            question.kind,
            question.unit,
            question.required,
        )
        for question in framework.questions()
    ]
    return {"areas": areas, "focus areas": focus_areas, "features": features, "questions": questions}


def download(client, framework, file_format):
    response = client.get(download_url(framework, file_format))
    assert response.status_code == 200, response
    return response


def csv_rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def with_version(data, file_format, version):
    """The downloaded file with its version column set to `version` on every row, as staff would do."""
    if file_format == "csv":
        rows = csv_rows(data)
        column = rows[0].index("version")
        for row in rows[1:]:
            row[column] = version
        text = io.StringIO(newline="")
        csv.writer(text).writerows(rows)
        return text.getvalue().encode()
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    column = [cell.value for cell in sheet[1]].index("version") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=column).value = version
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview(client, soup, data, file_format):
    """The preview's address and {line: (status, errors)} of a file uploaded to the framework import."""
    content_type = "text/csv" if file_format == "csv" else XLSX_TYPE
    return preview_upload(client, soup, SimpleUploadedFile(f"marco.{file_format}", data, content_type))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_downloaded_framework_loads_back_unchanged_as_a_new_version(
    staff_client, soup, framework, file_format
):
    data = download(staff_client, framework, file_format).content
    location, statuses = preview(staff_client, soup, with_version(data, file_format, "3.0"), file_format)
    assert statuses == dict.fromkeys(range(2, 8), ("create", ""))
    staff_client.post(location, {"action": "confirm"})

    new_version = Framework.objects.get(name=framework.name, version="3.0")
    assert structure(new_version) == structure(framework)
    order = [question[3] for question in structure(framework)["questions"]]
    assert order == ["q9", "q1", "q0", "q5", "q4", "q3"], "the version's own order, not its codes'"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_downloaded_framework_loaded_back_as_it_is_changes_nothing(
    staff_client, soup, framework, file_format
):
    before = structure(framework)
    data = download(staff_client, framework, file_format).content
    _location, statuses = preview(staff_client, soup, data, file_format)
    assert statuses == dict.fromkeys(range(2, 8), ("unchanged", ""))
    assert structure(framework) == before


def test_the_shipped_framework_downloads_as_the_shipped_file(staff_client):
    load_file(SHIPPED)
    framework = Framework.objects.get(version="2013")
    response = download(staff_client, framework, "csv")
    assert response.content.startswith(b"\xef\xbb\xbf"), "a byte order mark, for Excel"
    assert csv_rows(response.content) == csv_rows(SHIPPED.read_bytes())


def test_cells_that_would_start_a_formula_are_quoted_in_the_csv_and_stay_text_in_the_xlsx(
    staff_client, framework
):
    cells = {cell for row in csv_rows(download(staff_client, framework, "csv").content) for cell in row}
    assert {"'" + label for label in FORMULA_LABELS} <= cells
    assert not set(FORMULA_LABELS) & cells

    workbook = openpyxl.load_workbook(io.BytesIO(download(staff_client, framework, "xlsx").content))
    texts = {cell.value: cell.data_type for row in workbook.active.iter_rows() for cell in row if cell.value}
    assert {texts[label] for label in FORMULA_LABELS} == {"s"}, "text, never a formula"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_file_is_named_after_the_framework_version(staff_client, framework, file_format):
    response = download(staff_client, framework, file_format)
    assert response["Content-Disposition"] == f'attachment; filename="marco-de-prueba-2.1.{file_format}"'
    content_type = "text/csv; charset=utf-8" if file_format == "csv" else XLSX_TYPE
    assert response["Content-Type"] == content_type


def test_staff_find_the_downloads_in_the_version_s_menu_and_on_its_edit_page(staff_client, soup, framework):
    urls = {download_url(framework, "csv"), download_url(framework, "xlsx")}
    listing = soup(staff_client.get(reverse("wagtailsnippets_progress_framework:list")))
    assert {a["href"] for a in listing.select("a[href]")} >= urls
    labels = {a.get_text(" ", strip=True) for a in listing.select("a[href]") if a["href"] in urls}
    assert labels == {"Download as CSV", "Download as XLSX"}
    edit = soup(staff_client.get(reverse("wagtailsnippets_progress_framework:edit", args=[framework.pk])))
    assert {a["href"] for a in edit.select("a[href]")} >= urls


def refused(response):
    """Forbidden, or sent to the dashboard with Wagtail's "Sorry, you do not have permission"."""
    if response.status_code == 403:
        return True
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    return (
        response.status_code == 302
        and response["Location"] == reverse("wagtailadmin_home")
        and any("you do not have permission" in message for message in shown)
    )


def test_who_may_not_load_a_framework_gets_no_download_and_no_button(
    client, soup, framework, focal_point_a, django_user_model
):
    urls = [download_url(framework, "csv"), download_url(framework, "xlsx")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]

    client.force_login(focal_point_a)
    for url in urls:
        assert refused(client.get(url))

    reader = factories.UserFactory(username="reads-frameworks")
    reader.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_framework", "change_framework"])
    )
    client.force_login(reader)
    for url in urls:
        assert refused(client.get(url))
    listing = client.get(reverse("wagtailsnippets_progress_framework:list"))
    assert listing.status_code == 200
    assert not {a["href"] for a in soup(listing).select("a[href]")} & set(urls)
    edit = client.get(reverse("wagtailsnippets_progress_framework:edit", args=[framework.pk]))
    assert edit.status_code == 200
    assert not {a["href"] for a in soup(edit).select("a[href]")} & set(urls)


def test_a_framework_that_does_not_exist_is_not_found(staff_client, framework):
    url = reverse("wagtailsnippets_progress_framework:download_csv", args=[framework.pk + 100])
    assert staff_client.get(url).status_code == 404


def test_the_import_page_says_where_to_download_a_version_to_start_from(staff_client, soup):
    page = soup(staff_client.get(reverse("progress_import:upload")))
    [hint] = [p for p in page.select("p.help") if "Download as CSV" in p.get_text()]
    assert hint.select_one("a")["href"] == reverse("wagtailsnippets_progress_framework:list")


def queries_of_download(client, framework, file_format):
    with CaptureQueriesContext(connection) as queries:
        download(client, framework, file_format)
    return len(queries)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_download_takes_as_many_queries_however_many_questions(staff_client, framework, file_format):
    download(staff_client, framework, file_format)
    few = queries_of_download(staff_client, framework, file_format)
    area = Area.objects.create(framework=framework, code="C", label_es="Tercera", sort_order=2)
    for number in range(3):
        focus = FocusArea.objects.create(area=area, code=f"C.{number}", label_es=f"Ámbito C{number}")
        feature = Feature.objects.create(focus_area=focus, code=f"C.{number}.f", label_es="Rasgo")
        for code in "abc":
            Question.objects.create(
                focus_area=focus,
                feature=feature,
                code=f"C{number}{code}",
                label_es="¿?",
                kind=QuestionKind.TEXT,
            )
    assert queries_of_download(staff_client, framework, file_format) == few <= 10
