"""An area, focus area or feature has one label per language in a framework file, however many question
rows repeat it: two rows that give the same code different labels are an error in the preview, naming the
line of the other label and the column, and nothing is written; a Portuguese or English label cell left
empty takes the label another row gives the same code instead of blanking it."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from progress.models import Area, FocusArea, Framework

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

HEADER = [
    "framework",
    "version",
    "area_code",
    "area_es",
    "area_pt_br",
    "area_en",
    "focus_code",
    "focus_es",
    "focus_pt_br",
    "focus_en",
    "feature_code",
    "feature_es",
    "question_code",
    "question_es",
    "kind",
]


def row(question, **cells):
    values = {
        "framework": "Marco de prueba",
        "version": "1",
        "area_code": "1",
        "area_es": "Beneficios",
        "focus_code": "1.1",
        "focus_es": "Cohesión social",
        "question_code": question,
        "question_es": f"Pregunta {question}",
        "kind": "escala",
        **cells,
    }
    return [values.get(name, "") for name in HEADER]


def preview(client, soup, rows):
    """The preview's URL and {line: (status, errors)}."""
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    return preview_upload(client, soup, SimpleUploadedFile("marco.csv", text.getvalue().encode(), "text/csv"))


def preview_upload(client, soup, upload):
    """The preview's URL and {line: (status, errors)} of a file uploaded to the framework import."""
    response = client.post(reverse("progress_import:upload"), {"kind": "framework", "file": upload})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = soup(client.get(response["Location"]))
    return response["Location"], {
        int(tr["data-line"]): (
            tr.select_one("[data-status]")["data-status"],
            " ".join(li.get_text(" ", strip=True) for li in tr.select(".import-errors li")),
        )
        for tr in page.select("table.import-preview tbody tr")
    }


@pytest.mark.parametrize("given_on", [2, 3], ids=["first row gives it", "last row gives it"])
def test_an_empty_label_cell_takes_the_label_another_row_gives_the_same_area(staff_client, soup, given_on):
    labels = {"area_en": "Benefits", "focus_pt_br": "Coesão social"}
    rows = [row("1.1-a", **labels if given_on == 2 else {}), row("1.1-b", **labels if given_on == 3 else {})]
    location, statuses = preview(staff_client, soup, rows)
    assert statuses == {2: ("create", ""), 3: ("create", "")}
    staff_client.post(location, {"action": "confirm"})
    assert Area.objects.get(code="1").label_en == "Benefits"
    assert FocusArea.objects.get(code="1.1").label_pt_br == "Coesão social"
    # The rows that leave the cell empty change nothing either when the file is loaded again.
    _location, statuses = preview(staff_client, soup, rows)
    assert statuses == {2: ("unchanged", ""), 3: ("unchanged", "")}
    upload_page = soup(staff_client.get(reverse("progress_import:upload"))).get_text(" ", strip=True)
    assert "A Portuguese or English label left empty takes the one another row gives" in " ".join(
        upload_page.split()
    )


def test_two_labels_for_the_same_area_stop_the_file(staff_client, soup):
    rows = [
        row("1.1-a", area_en="Benefits", focus_pt_br="Coesão social", feature_code="1.1.1", feature_es="Uno"),
        row("1.1-b", area_es="Beneficios amplios", feature_code="1.1.1", feature_es="Rasgo uno"),
        row("1.1-c", area_en="Wider benefits", focus_pt_br="Coesão"),
        # The same focus area code in another area is another focus area.
        row("2.1-a", area_code="2", area_es="Pilares", focus_code="1.1", focus_es="Inclusión"),
    ]
    location, statuses = preview(staff_client, soup, rows)
    assert statuses[2] == ("create", "")
    assert statuses[3][0] == "error"
    assert "Area (es) “Beneficios amplios” differs from “Beneficios” on line 2" in statuses[3][1]
    assert "Feature (es) “Rasgo uno” differs from “Uno” on line 2" in statuses[3][1]
    assert statuses[4][0] == "error"
    assert "Area (en) “Wider benefits” differs from “Benefits” on line 2" in statuses[4][1]
    assert "Focus area (pt_br) “Coesão” differs from “Coesão social” on line 2" in statuses[4][1]
    assert statuses[5] == ("create", "")
    staff_client.post(location, {"action": "confirm"})
    assert not Framework.objects.exists()


@pytest.mark.parametrize("empty", ["framework", "version"])
def test_a_row_without_its_framework_or_version_is_the_only_one_refused(staff_client, soup, empty):
    rows = [row("1.1-a"), row("1.1-b", **{empty: ""}), row("1.1-c")]
    _location, statuses = preview(staff_client, soup, rows)
    assert statuses[2] == statuses[4] == ("create", "")
    assert statuses[3][0] == "error"
    assert "one framework version" not in statuses[3][1]
    assert "is missing" in statuses[3][1]
