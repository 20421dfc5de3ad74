"""`manage.py load_learning_cities` says what is wrong with a file that has no rows to load: one not
written as UTF-8 (with the line of the first letter it cannot read), an empty one, one with a header
only. Nothing is changed."""

import pytest
from django.utils import translation

from cities.models import CityPage
from tests import helpers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory")]

HEADER = "name,country_code,latitude,longitude\n"


def refusal(tmp_path, content):
    path = tmp_path / "ciudades.csv"
    path.write_bytes(content)
    before = CityPage.objects.count()
    with translation.override("en"):
        _out, err, error = helpers.run_loader(path, rejected=True)
    assert CityPage.objects.count() == before
    return f"{err}\n{error}"


def test_a_latin_1_file_is_refused_with_the_line_it_cannot_read(tmp_path):
    said = refusal(tmp_path, (HEADER + "Lima,PE,-12.05,-77.04\nBogotá,CO,4.71,-74.07\n").encode("latin-1"))
    assert "ciudades.csv, line 3: the file is not UTF-8 text" in said
    assert "codec" not in said


def test_an_empty_file_is_refused_as_empty(tmp_path):
    said = refusal(tmp_path, b"")
    assert "The file is empty." in said
    assert "missing" not in said


def test_a_file_with_a_header_only_is_refused_for_having_no_rows(tmp_path):
    said = refusal(tmp_path, HEADER.encode())
    assert "The file has a header (line 1) but no rows." in said
