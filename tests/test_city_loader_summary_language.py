"""`manage.py load_learning_cities` writes its report (what each row would do, the counts, the rows without
coordinates) in the active language, as it writes its refusals, not in English whatever the language."""

import pytest
from django.utils import translation

from cities.management.commands.load_learning_cities import DRY_RUN_SUMMARY, SUMMARY
from cities.models import CityPage
from tests import helpers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory")]

HEADER = "name,country_code,region,year_joined,latitude,longitude,population,geonames_id,membership,source"
ROWS = [
    "Villa Ensayo,UY,Canelones,2024,-34.52,-56.28,12000,99000001,confirmed,test file",
    "Pueblo Prueba,UY,Canelones,2024,,,8000,99000002,confirmed,test file",
]


@pytest.fixture
def two_new_cities(tmp_path):
    path = tmp_path / "ciudades.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("language", ["es", "pt-br", "en"])
@pytest.mark.parametrize("dry_run", [False, True], ids=["applied", "dry run"])
def test_the_summary_is_in_the_active_language(two_new_cities, language, dry_run):
    arguments = [two_new_cities, "--dry-run"] if dry_run else [two_new_cities]
    with translation.override(language):
        out, _err, counts = helpers.run_loader(*arguments)
        summary = translation.gettext(DRY_RUN_SUMMARY if dry_run else SUMMARY)
    numbers = {"filename": two_new_cities, "created": 2, "updated": 0, "unchanged": 0}
    assert summary % numbers in out.splitlines()
    assert counts == (2, 0, 0), "the tests read the counts whatever the language"
    assert CityPage.objects.originals().filter(country="UY").count() == (0 if dry_run else 2)


def test_the_summary_reads_in_spanish_not_in_english(two_new_cities):
    with translation.override("en"):
        english = translation.gettext(SUMMARY)
    with translation.override("es"):
        out, _err, counts = helpers.run_loader(two_new_cities)
    assert counts == (2, 0, 0), out
    assert english % {"filename": two_new_cities, "created": 2, "updated": 0, "unchanged": 0} not in out


def test_each_row_of_a_dry_run_is_named_in_spanish(two_new_cities):
    with translation.override("es"):
        out, _err, _counts = helpers.run_loader(two_new_cities, "--dry-run")
    lines = [line.strip() for line in out.splitlines()]
    assert "Crear: línea 2 Villa Ensayo (UY)" in lines or "Crear: line 2 Villa Ensayo (UY)" in lines
    assert not any(line.startswith("create:") for line in lines)
