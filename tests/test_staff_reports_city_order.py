"""Staff reports list cities in the order of a dictionary, as the directory does (cities/ordering.py):
Córdoba before Curitiba and São Paulo before Sorocaba, not after them as code points would have it."""

import pytest

from progress import reports
from tests.factories import CityFactory
from tests.helpers import parse_html
from tests.progress_data import answered, make_cycle, make_framework

pytestmark = pytest.mark.django_db

NAMES = ["Córdoba", "Curitiba", "São Paulo", "Sorocaba"]


@pytest.fixture
def cities():
    return [
        CityFactory(title=title, country=country)
        for title, country in [("Sorocaba", "BR"), ("São Paulo", "BR"), ("Curitiba", "BR"), ("Córdoba", "AR")]
    ]


def listed(response):
    """The cities of NAMES in the order the report's table lists them (each once: the answers report
    has a row per answer)."""
    rows = parse_html(response).select("main table tbody tr")
    cells = [" ".join(row.select_one("th, td").get_text().split()) for row in rows]
    return list(dict.fromkeys(name for cell in cells for name in NAMES if cell.startswith(name)))


@pytest.mark.parametrize(
    "path",
    [
        "/admin/reports/last-engagement/",
        "/admin/reports/theme-coverage/",
        "/admin/reports/profile-completeness/",
    ],
)
def test_a_report_lists_the_cities_as_a_dictionary_would(staff_client, cities, path):
    assert listed(staff_client.get(path)) == NAMES


def test_the_progress_reports_by_city_list_the_cities_as_a_dictionary_would(staff_client, cities):
    cycle = make_cycle(make_framework())
    response = staff_client.get("/admin/reports/progress-reports/", {"cycle": cycle.pk})
    assert listed(response) == NAMES


def test_the_progress_answers_list_the_cities_as_a_dictionary_would(staff_client, staff_user, cities):
    cycle = make_cycle(make_framework())
    for city in cities:
        answered(reports.start_report(city, cycle, staff_user), staff_user, {"1.1-a": 3})
    response = staff_client.get("/admin/reports/progress-answers/", {"cycle": cycle.pk})
    assert listed(response) == NAMES
