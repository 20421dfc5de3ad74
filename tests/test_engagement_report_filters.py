"""The engagement reports filtered by period, country and theme, on the page and in their exports, and the
dashboard's chart of the network's engagements per month (contacts/reports.py, contacts/report_filters.py,
contacts/activity_chart.py)."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from cities.models import CityPage, Theme
from cities.themes import original_themes
from contacts.activity_chart import EngagementsPerMonthPanel
from tests import factories, helpers
from tests.helpers import csv_rows, english_name, export_content, parse_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module", "english_admin")]

BY_COUNTRY = "contacts_engagements_by_country:index"
COVERAGE = "contacts_theme_coverage:index"
LAST = "contacts_last_engagement:index"


def table_rows(response):
    """The report's rows as the staff see them: each cell's text, the row's heading first."""
    assert response.status_code == 200
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in parse_html(response).select("table.listing tbody tr")
    ]


def by_city(rows):
    return {row[0]: row[1:] for row in rows}


def make_log(medellin, bogota, buenos_aires, themes):
    """Four engagements in 2024 and 2025, in Colombia and Argentina, on two themes."""
    first, second = themes[0], themes[1]
    for title, cities, day, kind, on in [
        ("Reunión binacional", [medellin, buenos_aires], date(2024, 3, 10), "meeting", [first]),
        ("Taller en Bogotá", [bogota], date(2024, 6, 15), "workshop", [second]),
        ("Visita a Medellín", [medellin], date(2024, 9, 20), "visit", [first, second]),
        ("Llamada a Buenos Aires", [buenos_aires], date(2025, 1, 5), "call", []),
    ]:
        factories.EngagementFactory(title=title, cities=cities, date=day, kind=kind, themes=on)
    return {"first": first, "second": second, "buenos_aires": buenos_aires}


@pytest.fixture(scope="class")
def log_for_class(django_db_setup, django_db_blocker, sample_network_for_module):
    """`log`'s records by pk, made once for the tests of the class and rolled back after them."""
    with helpers.rolled_back_after_module(django_db_blocker):
        made = make_log(
            factories.sample_city("Medellín"),
            factories.sample_city("Bogotá"),
            factories.CityFactory(title="Buenos Aires", country="AR"),
            list(original_themes().order_by("slug")),
        )
        yield {key: item.pk for key, item in made.items()}


@pytest.fixture
def log(db, log_for_class):
    """make_log's themes and Buenos Aires (log_for_class), fetched afresh for each test."""
    return {
        "first": Theme.objects.get(pk=log_for_class["first"]),
        "second": Theme.objects.get(pk=log_for_class["second"]),
        "buenos_aires": CityPage.objects.get(pk=log_for_class["buenos_aires"]),
    }


def short(day):
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class TestFilteredReports:
    """The reports filtered, on the engagements of `log`, made once for the tests of this class."""

    # --- Engagements by country, kind and year ----------------------------------------------------------

    def test_by_country_unfiltered_counts_every_engagement(self, staff_client, log):
        assert sorted(table_rows(staff_client.get(reverse(BY_COUNTRY)))) == [
            ["Argentina", "2024", "Meeting", "1"],
            ["Argentina", "2025", "Call", "1"],
            ["Colombia", "2024", "Meeting", "1"],
            ["Colombia", "2024", "Visit", "1"],
            ["Colombia", "2024", "Workshop", "1"],
        ]

    def test_by_country_counts_the_period_with_both_days_included(self, staff_client, log):
        response = staff_client.get(reverse(BY_COUNTRY), {"date_from": "2024-03-10", "date_to": "2024-06-15"})
        assert sorted(table_rows(response)) == [
            ["Argentina", "2024", "Meeting", "1"],
            ["Colombia", "2024", "Meeting", "1"],
            ["Colombia", "2024", "Workshop", "1"],
        ]
        response = staff_client.get(reverse(BY_COUNTRY), {"date_from": "2024-06-16"})
        assert sorted(table_rows(response)) == [
            ["Argentina", "2025", "Call", "1"],
            ["Colombia", "2024", "Visit", "1"],
        ]

    def test_by_country_shows_the_chosen_country_only(self, staff_client, log):
        """The meeting in Medellín and Buenos Aires counts for Argentina, without its Colombian row."""
        assert sorted(table_rows(staff_client.get(reverse(BY_COUNTRY), {"country": "AR"}))) == [
            ["Argentina", "2024", "Meeting", "1"],
            ["Argentina", "2025", "Call", "1"],
        ]

    def test_by_country_counts_the_theme_and_combines_filters(self, staff_client, log):
        response = staff_client.get(reverse(BY_COUNTRY), {"theme": log["first"].pk})
        assert sorted(table_rows(response)) == [
            ["Argentina", "2024", "Meeting", "1"],
            ["Colombia", "2024", "Meeting", "1"],
            ["Colombia", "2024", "Visit", "1"],
        ]
        response = staff_client.get(
            reverse(BY_COUNTRY), {"theme": log["second"].pk, "country": "CO", "date_to": "2024-07-01"}
        )
        assert table_rows(response) == [["Colombia", "2024", "Workshop", "1"]]

    def test_by_country_says_when_nothing_matches(self, staff_client, log):
        response = staff_client.get(reverse(BY_COUNTRY), {"date_from": "2030-01-01"})
        assert table_rows(response) == []
        assert "No engagement matches these filters." in response.content.decode()

    def test_by_country_export_honours_the_filters(self, staff_client, log):
        rows = csv_rows(
            staff_client.get(
                reverse(BY_COUNTRY), {"export": "csv", "country": "AR", "date_from": "2025-01-01"}
            )
        )
        assert rows == [
            ["Country code", "Country", "Year", "Kind", "Engagements"],
            ["AR", "Argentina", "2025", "Call", "1"],
        ]

    # --- City × theme coverage --------------------------------------------------------------------------

    def test_coverage_counts_the_period_only(self, staff_client, log):
        response = staff_client.get(reverse(COVERAGE), {"date_from": "2024-06-01", "date_to": "2024-12-31"})
        page = parse_html(response)
        names = [cell.get_text(strip=True) for cell in page.select("thead th")][1:]
        table = by_city(table_rows(response))
        assert len(table) == CityPage.objects.originals().live().count(), "every city stays listed"
        medellin, bogota = table["Medellín (Colombia)"], table["Bogotá (Colombia)"]
        first, second = (names.index(english_name(log[theme])) for theme in ("first", "second"))
        # The March meeting is outside the period.
        assert (medellin[first], medellin[second], bogota[second]) == ("1 / 0", "1 / 0", "1 / 1")
        assert set(table["Buenos Aires (Argentina)"]) == {"0 / 0"}

    def test_coverage_lists_the_cities_of_the_chosen_country(self, staff_client, log):
        table = by_city(table_rows(staff_client.get(reverse(COVERAGE), {"country": "AR"})))
        expected = CityPage.objects.originals().live().filter(country="AR").values_list("title", flat=True)
        assert sorted(table) == sorted(f"{title} (Argentina)" for title in expected)
        assert "Buenos Aires (Argentina)" in table and len(table) > 1

    def test_coverage_shows_the_chosen_theme_only(self, staff_client, log):
        first = log["first"]
        response = staff_client.get(reverse(COVERAGE), {"theme": first.pk})
        page = parse_html(response)
        headings = [cell.get_text(strip=True) for cell in page.select("thead th")]
        assert headings == ["City", english_name(first)]
        table = by_city(table_rows(response))
        assert table["Medellín (Colombia)"] == ["2 / 0"]
        assert table["Buenos Aires (Argentina)"] == ["1 / 0"]
        assert table["Bogotá (Colombia)"] == ["0 / 0"]

    def test_coverage_export_honours_the_filters(self, staff_client, log):
        second = log["second"]
        rows = csv_rows(
            staff_client.get(reverse(COVERAGE), {"export": "csv", "theme": second.pk, "country": "CO"})
        )
        name = english_name(second)
        assert rows[0] == ["City", "Country", f"{name}: engagements", f"{name}: workshops"]
        cities = {row[0]: row[1:] for row in rows[1:]}
        assert sorted(cities) == sorted(
            CityPage.objects.originals().live().filter(country="CO").values_list("title", flat=True)
        )
        assert cities["Bogotá"] == ["Colombia", "1", "1"]
        assert cities["Medellín"] == ["Colombia", "1", "0"]

    # --- Cities by last engagement ----------------------------------------------------------------------

    def test_last_engagement_within_the_period(self, staff_client, log):
        response = staff_client.get(reverse(LAST), {"date_from": "2024-07-01", "date_to": "2024-12-31"})
        rows = table_rows(response)
        assert len(rows) == CityPage.objects.originals().live().count(), "every city stays listed"
        table = by_city(rows)
        assert table["Medellín"] == ["Colombia", short(date(2024, 9, 20)), "1"]
        assert table["Bogotá"] == ["Colombia", "none matching the filters", "0"]
        assert table["Buenos Aires"] == ["Argentina", "none matching the filters", "0"]
        assert list(table)[-1] == "Medellín", "the longest without contact first"

    def test_last_engagement_before_a_day_ignores_later_ones(self, staff_client, log):
        table = by_city(table_rows(staff_client.get(reverse(LAST), {"date_to": "2024-12-31"})))
        assert table["Buenos Aires"] == ["Argentina", short(date(2024, 3, 10)), "1"]
        assert table["Medellín"] == ["Colombia", short(date(2024, 9, 20)), "2"]
        assert list(table)[-3:] == ["Buenos Aires", "Bogotá", "Medellín"]

    def test_last_engagement_of_the_chosen_country_and_theme(self, staff_client, log):
        rows = table_rows(staff_client.get(reverse(LAST), {"country": "AR"}))
        argentine = CityPage.objects.originals().live().filter(country="AR").values_list("title", flat=True)
        assert sorted(row[0] for row in rows) == sorted(argentine)
        assert {row[1] for row in rows} == {"Argentina"}
        table = by_city(rows)
        assert table["Buenos Aires"] == ["Argentina", short(date(2025, 1, 5)), "2"]
        table = by_city(table_rows(staff_client.get(reverse(LAST), {"theme": log["second"].pk})))
        assert table["Medellín"] == ["Colombia", short(date(2024, 9, 20)), "1"]
        assert table["Bogotá"] == ["Colombia", short(date(2024, 6, 15)), "1"]
        assert table["Buenos Aires"][1:] == ["none matching the filters", "0"]

    def test_last_engagement_export_honours_the_filters(self, staff_client, log):
        rows = csv_rows(
            staff_client.get(reverse(LAST), {"export": "csv", "country": "AR", "date_to": "2024-12-31"})
        )
        assert rows[0] == ["City", "Country", "Last engagement", "Engagements"]
        assert rows[-1] == ["Buenos Aires", "Argentina", "2024-03-10", "1"]
        assert {row[1] for row in rows[1:]} == {"Argentina"}
        assert all(row[2:] == ["", "0"] for row in rows[1:-1])

    # --- Bad input --------------------------------------------------------------------------------------

    @pytest.mark.parametrize("report", [BY_COUNTRY, COVERAGE, LAST])
    @pytest.mark.parametrize(
        ("params", "error"),
        [
            ({"date_from": "not-a-date"}, "Enter a valid date."),
            ({"date_to": "2024-13-45"}, "Enter a valid date."),
            ({"country": "ZZ"}, "Select a valid choice."),
            ({"theme": "999999999"}, "Select a valid choice."),
        ],
    )
    def test_a_bad_filter_is_a_form_error_and_hides_nothing(self, staff_client, log, report, params, error):
        unfiltered = table_rows(staff_client.get(reverse(report)))
        response = staff_client.get(reverse(report), params)
        assert response.status_code == 200
        errors = [
            message.get_text(" ", strip=True) for message in parse_html(response).select(".error-message")
        ]
        assert any(error in message for message in errors), errors
        assert table_rows(response) == unfiltered
        export = csv_rows(staff_client.get(reverse(report), {"export": "csv", **params}))
        assert len(export) == 1 + len(unfiltered)

    def test_beside_a_bad_filter_the_valid_ones_apply_as_the_active_filters_say(self, staff_client, log):
        params = {"country": "AR", "date_from": "not-a-date"}
        response = staff_client.get(reverse(BY_COUNTRY), params)
        page = parse_html(response)
        assert "Enter a valid date." in page.select_one(".error-message").get_text()
        assert page.select_one(".w-active-filters").get_text(" ", strip=True) == "Country: Argentina"
        expected = [["Argentina", "2024", "Meeting", "1"], ["Argentina", "2025", "Call", "1"]]
        assert sorted(table_rows(response)) == expected
        rows = csv_rows(staff_client.get(reverse(BY_COUNTRY), {"export": "csv", **params}))
        assert sorted(row[1:] for row in rows[1:]) == expected

    def test_the_report_page_offers_the_filters(self, staff_client, log):
        page = parse_html(staff_client.get(reverse(BY_COUNTRY), {"country": "AR"}))
        for name in ("date_from", "date_to", "theme"):
            assert page.select_one(f"[name={name}]") is not None, name
        country = page.select_one("select[name=country]")
        assert country.select_one("option[selected]")["value"] == "AR"
        assert {option["value"] for option in country.select("option") if option["value"]} == {
            "AR",
            "BR",
            "CO",
            "MX",
        }

    def test_filtered_reports_do_not_grow_in_queries_with_cities_and_engagements(
        self, staff_client, log, make_city, engagement_factory
    ):
        params = {
            "date_from": "2024-01-01",
            "date_to": "2024-12-31",
            "country": "CO",
            "theme": log["first"].pk,
        }

        def queries():
            counts = []
            for report in (BY_COUNTRY, COVERAGE, LAST):
                for extra in ({}, {"export": "csv"}):
                    with CaptureQueriesContext(connection) as captured:
                        export_content(staff_client.get(reverse(report), {**params, **extra}))
                    counts.append(len(captured))
            return counts

        queries()  # warm caches (session, permissions)
        before = queries()
        for number in range(3):
            city = make_city(f"Ciudad filtrada {number}")
            for month in (2, 5):
                engagement_factory(
                    f"Taller {number}-{month}",
                    [city],
                    date=date(2024, month, 1),
                    kind="workshop",
                    themes=[log["first"]],
                )
        queries()  # a new city starts a new version of the countries the filter offers: read once afresh
        assert queries() == before


# --- Dashboard: engagements per month ---------------------------------------------------------------


def month_start(months_ago):
    """The first day of the month `months_ago` months before this one."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months_ago
    return date(index // 12, index % 12 + 1, 1)


def month_name(day):
    return formats.date_format(day, "YEAR_MONTH_FORMAT")


@pytest.fixture
def monthly(engagement_factory, medellin, bogota):
    """Engagements this month (2), two months ago (3) and eleven months ago (1); none last month; one on the
    day before the chart's first month and one on the first day of next month, outside it."""
    make = engagement_factory
    make("Hoy", [medellin], date=timezone.localdate())
    make("Principio de mes", [bogota], date=month_start(0))
    for number in range(3):
        make(f"Hace dos meses {number}", [medellin, bogota], date=month_start(2).replace(day=10 + number))
    make("Hace once meses", [medellin], date=month_start(11))
    make("Hace doce meses", [medellin], date=month_start(11) - timedelta(days=1))
    make("Mes próximo", [medellin], date=month_start(-1))


def chart(html):
    table = parse_html_fragment(html).select_one("table")
    rows = [
        (
            row.th.get_text(" ", strip=True),
            row.td.get_text(" ", strip=True),
            row.td.select_one("rect")["width"],
        )
        for row in table.select("tbody tr")
    ]
    return table, rows


def parse_html_fragment(html):
    return BeautifulSoup(html, "html.parser")


def test_the_chart_shows_twelve_months_up_to_this_one(monthly, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = EngagementsPerMonthPanel().render_html({})
    table, rows = chart(html)
    assert table.caption.get_text(strip=True) == "6 engagements in the last 12 months"
    assert [row[0] for row in rows[:-1]] == [month_name(month_start(ago)) for ago in range(11, 0, -1)]
    assert rows[-1][0] == f"{month_name(month_start(0))} (this month)"
    counts = {ago: rows[11 - ago][1] for ago in range(12)}
    assert counts == {0: "2", 1: "0", 2: "3", 11: "1"} | dict.fromkeys(range(3, 11), "0")
    assert [row[2] for row in rows if row[1] != "0"] == ["33", "100", "67"], "bars relative to the longest"
    assert {row[2] for row in rows if row[1] == "0"} == {"0"}


def test_the_chart_is_kept_until_the_log_changes(
    monthly, engagement_factory, medellin, django_assert_num_queries
):
    EngagementsPerMonthPanel().render_html({})
    with django_assert_num_queries(0):
        EngagementsPerMonthPanel().render_html({})
    engagement = engagement_factory("Otra de hoy", [medellin], date=timezone.localdate())
    table, rows = chart(EngagementsPerMonthPanel().render_html({}))
    assert table.caption.get_text(strip=True) == "7 engagements in the last 12 months"
    assert rows[-1][1] == "3"
    engagement.delete()
    assert chart(EngagementsPerMonthPanel().render_html({}))[1][-1][1] == "2"


def test_the_chart_links_to_the_period_by_country(staff_client, monthly):
    link = parse_html_fragment(EngagementsPerMonthPanel().render_html({})).select_one("a")
    assert link.get_text(strip=True) == "These engagements by country"
    rows = table_rows(staff_client.get(link["href"]))
    this_year, eleven_ago = month_start(0).year, month_start(11).year
    assert sum(int(row[3]) for row in rows) == 6
    assert {row[1] for row in rows} == {str(this_year), str(eleven_ago)}


def test_the_chart_without_engagements():
    _table, rows = chart(EngagementsPerMonthPanel().render_html({}))
    assert len(rows) == 12
    assert {(row[1], row[2]) for row in rows} == {("0", "0")}


def test_the_dashboard_shows_the_chart(staff_client, monthly):
    response = staff_client.get(reverse("wagtailadmin_home"))
    heading = parse_html(response).find(id="engagements-per-month-heading")
    assert heading.get_text(strip=True) == "Engagements per month across the network"
    assert len(heading.find_parent("section").select("tbody tr")) == 12
