"""The three engagement reports with their exports (the dashboard: tests/test_engagement_dashboard.py)."""

import io
import math
from datetime import date, datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from tests.helpers import csv_rows, days_ago, english_name, export_content, published_originals

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module", "english_admin")]


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(export_content(response)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def as_date(value):
    return value.date() if isinstance(value, datetime) else value


# --- Report: engagements by country, kind and year --------------------------------------------------


@pytest.fixture
def yearly(engagement_factory, medellin, bogota, make_city):
    year = timezone.localdate().year
    buenos_aires = make_city("Buenos Aires", country="AR")
    engagement_factory("Dos países", [medellin, buenos_aires], date=date(year, 3, 1), kind="meeting")
    engagement_factory("Dos ciudades colombianas", [medellin, bogota], date=date(year, 6, 1), kind="meeting")
    engagement_factory("Taller en Bogotá", [bogota], date=date(year, 7, 1), kind="workshop")
    engagement_factory("Reunión del año pasado", [buenos_aires], date=date(year - 1, 5, 5), kind="meeting")
    return year


BY_COUNTRY = "contacts_engagements_by_country:index"


def test_by_country_report_counts_once_per_country(staff_client, soup, yearly):
    response = staff_client.get(reverse(BY_COUNTRY))
    assert response.status_code == 200
    rows = [
        [cell.get_text(strip=True) for cell in row.select("td")] for row in soup(response).select("tbody tr")
    ]
    year = str(yearly)
    last = str(yearly - 1)
    assert sorted(rows) == sorted(
        [
            ["Argentina", year, "Meeting", "1"],
            ["Argentina", last, "Meeting", "1"],
            ["Colombia", year, "Meeting", "2"],
            ["Colombia", year, "Workshop", "1"],
        ]
    )


def test_by_country_report_exports(staff_client, yearly):
    expected = sorted(
        [
            ["AR", "Argentina", str(yearly), "Meeting", "1"],
            ["AR", "Argentina", str(yearly - 1), "Meeting", "1"],
            ["CO", "Colombia", str(yearly), "Meeting", "2"],
            ["CO", "Colombia", str(yearly), "Workshop", "1"],
        ]
    )
    rows = csv_rows(staff_client.get(reverse(BY_COUNTRY), {"export": "csv"}))
    assert rows[0] == ["Country code", "Country", "Year", "Kind", "Engagements"]
    assert sorted(rows[1:]) == expected
    rows = xlsx_rows(staff_client.get(reverse(BY_COUNTRY), {"export": "xlsx"}))
    assert rows[0] == ["Country code", "Country", "Year", "Kind", "Engagements"]
    assert sorted([str(cell) for cell in row] for row in rows[1:]) == expected


def test_by_country_report_without_engagements(staff_client, soup):
    response = staff_client.get(reverse(BY_COUNTRY))
    assert response.status_code == 200
    assert soup(response).select("tbody tr") == []
    assert csv_rows(staff_client.get(reverse(BY_COUNTRY), {"export": "csv"}))[1:] == []


# --- Report: city × theme coverage ------------------------------------------------------------------

COVERAGE = "contacts_theme_coverage:index"


@pytest.fixture
def coverage(engagement_factory, medellin, bogota, themes):
    first, second = themes[0], themes[1]
    engagement_factory("Taller doble", [medellin, bogota], kind="workshop", themes=[first, second])
    engagement_factory("Reunión temática", [medellin], kind="meeting", themes=[first])
    engagement_factory("Otro taller", [medellin], kind="workshop", themes=[first])
    engagement_factory("Sin tema", [medellin], kind="workshop")
    return first, second


def test_theme_coverage_counts_engagements_and_workshops_per_city_and_theme(
    staff_client, soup, coverage, themes
):
    first, second = coverage
    response = staff_client.get(reverse(COVERAGE))
    assert response.status_code == 200
    page = soup(response)
    theme_names = [cell.get_text(strip=True) for cell in page.select("thead th")][1:]
    assert theme_names == sorted(english_name(theme) for theme in themes), "in English, alphabetically"
    table = {
        row.select_one("th").get_text(" ", strip=True): [
            cell.get_text(strip=True) for cell in row.select("td")
        ]
        for row in page.select("tbody tr")
    }
    assert len(table) == published_originals().count()
    column = {name: index for index, name in enumerate(theme_names)}
    medellin, bogota = table["Medellín (Colombia)"], table["Bogotá (Colombia)"]
    first, second = english_name(first), english_name(second)
    assert medellin[column[first]] == "3 / 2"
    assert medellin[column[second]] == "1 / 1"
    assert bogota[column[first]] == "1 / 1"
    assert bogota[column[second]] == "1 / 1"
    assert set(table["Quibdó (Colombia)"]) == {"0 / 0"}
    others = [cells for city, cells in table.items() if city.split(" (")[0] not in ("Medellín", "Bogotá")]
    assert all(set(cells) == {"0 / 0"} for cells in others)


def test_theme_coverage_exports(staff_client, coverage, themes):
    """In the staff member's language (English), theme names too."""
    first, second = (english_name(theme) for theme in coverage)
    headings = ["City", "Country"]
    for name in sorted(english_name(theme) for theme in themes):
        headings += [f"{name}: engagements", f"{name}: workshops"]
    rows = csv_rows(staff_client.get(reverse(COVERAGE), {"export": "csv"}))
    assert rows[0] == headings
    assert len(rows) == 1 + published_originals().count()
    by_city = {row[0]: dict(zip(headings, row, strict=True)) for row in rows[1:]}
    medellin = by_city["Medellín"]
    assert medellin["Country"] == "Colombia"
    assert (medellin[f"{first}: engagements"], medellin[f"{first}: workshops"]) == ("3", "2")
    assert (medellin[f"{second}: engagements"], medellin[f"{second}: workshops"]) == ("1", "1")
    assert by_city["Bogotá"][f"{first}: workshops"] == "1"
    assert by_city["Quibdó"][f"{first}: engagements"] == "0"
    rows = xlsx_rows(staff_client.get(reverse(COVERAGE), {"export": "xlsx"}))
    assert list(rows[0]) == headings
    medellin = dict(zip(headings, next(row for row in rows if row[0] == "Medellín"), strict=True))
    assert (medellin[f"{first}: engagements"], medellin[f"{first}: workshops"]) == (3, 2)


def test_theme_coverage_headings_are_in_the_staff_member_s_language(staff_client, staff_user, coverage):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "pt-br"
    profile.save()
    headings = csv_rows(staff_client.get(reverse(COVERAGE), {"export": "csv"}))[0]
    assert {"Ação climática: interações", "Ação climática: oficinas"} <= set(headings), headings
    page = staff_client.get(reverse(COVERAGE))
    assert '<th scope="col">Ação climática</th>' in page.content.decode()


# --- Report: cities by last engagement --------------------------------------------------------------

LAST = "contacts_last_engagement:index"


@pytest.fixture
def last_engagements(engagement_factory, medellin, bogota, city_named):
    quibdo = city_named("Quibdó")
    engagement_factory("Reciente", [medellin], date=days_ago(10))
    engagement_factory("Antigua", [medellin], date=days_ago(100))
    engagement_factory("Bogotá hace 50 días", [bogota], date=days_ago(50))
    engagement_factory("Quibdó hace 200 días", [quibdo], date=days_ago(200))


def test_last_engagement_report_orders_cities_never_engaged_first(staff_client, soup, last_engagements):
    rows = []
    for number in range(1, math.ceil(published_originals().count() / 50) + 1):  # 50 cities a page
        response = staff_client.get(reverse(LAST), {"p": number})
        assert response.status_code == 200
        rows += [
            [cell.get_text(strip=True) for cell in row.select("td")]
            for row in soup(response).select("table.listing tbody tr")
        ]
    assert len(rows) == published_originals().count()
    assert [row[0] for row in rows[-3:]] == ["Quibdó", "Bogotá", "Medellín"]
    assert all(row[2] == "never" and row[3] == "0" for row in rows[:-3])
    engaged = {"Quibdó", "Bogotá", "Medellín"}
    by_title = published_originals().order_by("title").values_list("title", flat=True)
    assert [row[0] for row in rows[:-3]] == [title for title in by_title if title not in engaged]
    assert rows[-1][3] == "2"


def test_last_engagement_report_exports(staff_client, last_engagements):
    rows = csv_rows(staff_client.get(reverse(LAST), {"export": "csv"}))
    assert rows[0] == ["City", "Country", "Last engagement", "Engagements"]
    assert len(rows) == 1 + published_originals().count()
    assert rows[-3:] == [
        ["Quibdó", "Colombia", days_ago(200).isoformat(), "1"],
        ["Bogotá", "Colombia", days_ago(50).isoformat(), "1"],
        ["Medellín", "Colombia", days_ago(10).isoformat(), "2"],
    ]
    assert all(row[2] == "" and row[3] == "0" for row in rows[1:-3])
    rows = xlsx_rows(staff_client.get(reverse(LAST), {"export": "xlsx"}))
    assert rows[0] == ["City", "Country", "Last engagement", "Engagements"]
    assert [(row[0], as_date(row[2]), row[3]) for row in rows[-3:]] == [
        ("Quibdó", days_ago(200), 1),
        ("Bogotá", days_ago(50), 1),
        ("Medellín", days_ago(10), 2),
    ]


def test_a_planned_engagement_is_not_a_city_s_last_engagement(staff_client, engagement_factory, make_city):
    arica = make_city("Arica", country="CL")
    engagement_factory("Visita prevista", [arica], date=days_ago(-30))
    engagement_factory("Llamada", [arica], date=days_ago(40))
    rows = {row[0]: row for row in csv_rows(staff_client.get(reverse(LAST), {"export": "csv"}))}
    assert rows["Arica"][2:] == [days_ago(40).isoformat(), "2"]
