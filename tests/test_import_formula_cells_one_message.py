"""A cell holding a formula saved without its value (a script or a converter wrote the file without working
it out) gets one message, the one naming the formula: not also the message of an empty cell, which would
send the reader looking for a value they can see in their spreadsheet program."""

import io

import pytest
from django.utils import translation
from django.utils.text import capfirst
from openpyxl import Workbook

from contacts.importers import IMPORTERS
from contacts.importers.columns import CONTACT_COLUMNS, ENGAGEMENT_COLUMNS
from progress.framework_import import FRAMEWORK_COLUMNS, FrameworkImporter

pytestmark = pytest.mark.django_db

FORMULA = "=1+1"


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def formula_message(columns, name):
    return (
        f"{capfirst(str(columns[name].label))} holds a formula without its value: open the file in a "
        "spreadsheet program and save it, then upload it again."
    )


def row_errors(importer, rows, user):
    """{line: errors} of the file's preview, read in English."""
    with translation.override("en"):
        plan = importer.plan(xlsx_bytes(rows), "import.xlsx", user)
        return {row.line: [str(error) for error in row.errors] for row in plan.rows}


def with_formula(header, row, column):
    return [header, [FORMULA if index == column else cell for index, cell in enumerate(row)]]


def test_a_contact_s_name_as_a_formula_gets_only_the_formula_message(staff_user):
    rows = [["Nombre", "Correo"], [FORMULA, "eva@example.org"], ["Raúl", "raul@example.org"]]
    assert row_errors(IMPORTERS["contacts"], rows, staff_user) == {
        2: [formula_message(CONTACT_COLUMNS, "given_name")],
        3: [],
    }


ENGAGEMENT_HEADER = ["fecha", "tipo", "título", "ciudades"]
ENGAGEMENT_ROW = ["2025-03-04", "reunión", "Primera reunión", "Villa Ensayo"]


@pytest.mark.parametrize("column", range(len(ENGAGEMENT_HEADER)), ids=["date", "kind", "title", "cities"])
def test_a_required_engagement_cell_as_a_formula_gets_only_the_formula_message(staff_user, make_city, column):
    make_city("Villa Ensayo", country="UY")
    rows = with_formula(ENGAGEMENT_HEADER, ENGAGEMENT_ROW, column)
    name = ("date", "kind", "title", "cities")[column]
    assert row_errors(IMPORTERS["engagements"], rows, staff_user) == {
        2: [formula_message(ENGAGEMENT_COLUMNS, name)]
    }


def test_a_question_s_kind_as_a_formula_gets_only_the_formula_message(staff_user):
    header = ["framework", "version", "area_code", "area_es", "focus_code", "focus_es"]
    header += ["question_code", "question_es", "kind"]
    row = ["Marco de prueba", "1", "1", "Beneficios", "1.1", "Gobernanza", "1.1-a", "¿Cuánto?", "escala"]
    rows = with_formula(header, row, header.index("kind"))
    assert row_errors(FrameworkImporter(), rows, staff_user) == {
        2: [formula_message(FRAMEWORK_COLUMNS, "kind")]
    }
