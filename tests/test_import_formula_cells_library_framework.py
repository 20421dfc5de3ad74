"""The library and framework imports, like the CRM's (tests/test_import_formula_cells_one_message.py): a
required cell holding a formula saved without its value gets the formula's message only, not also that the
cell is missing."""

import pytest

from knowledge.imports import RESOURCE_COLUMNS, ResourceImporter
from progress.framework_import import FRAMEWORK_COLUMNS, FrameworkImporter
from tests.test_import_formula_cells_one_message import formula_message, row_errors, with_formula

pytestmark = pytest.mark.django_db

RESOURCE_HEADER = ["Título", "Resumen", "Editorial", "Año", "Español"]
RESOURCE_ROW = ["Guía", "Cómo planificar, paso a paso.", "UIL", "2015", "https://example.org/es.pdf"]
RESOURCE_NAMES = ["title", "abstract", "publisher", "year", "text_es"]


@pytest.mark.parametrize("column", range(len(RESOURCE_HEADER)), ids=RESOURCE_NAMES)
def test_a_required_library_cell_as_a_formula_gets_only_the_formula_message(staff_user, column):
    rows = with_formula(RESOURCE_HEADER, RESOURCE_ROW, column)
    assert row_errors(ResourceImporter(), rows, staff_user) == {
        2: [formula_message(RESOURCE_COLUMNS, RESOURCE_NAMES[column])]
    }


FRAMEWORK_HEADER = ["framework", "version", "area_code", "area_es", "focus_code", "focus_es"]
FRAMEWORK_HEADER += ["question_code", "question_es", "kind"]
FRAMEWORK_ROW = ["Marco", "1", "1", "Beneficios", "1.1", "Gobernanza", "1.1-a", "¿Cuánto?", "escala"]


@pytest.mark.parametrize("name", FRAMEWORK_HEADER[:-1])
def test_a_required_framework_cell_as_a_formula_gets_only_the_formula_message(staff_user, name):
    rows = with_formula(FRAMEWORK_HEADER, FRAMEWORK_ROW, FRAMEWORK_HEADER.index(name))
    assert row_errors(FrameworkImporter(), rows, staff_user) == {
        2: [formula_message(FRAMEWORK_COLUMNS, name)]
    }
