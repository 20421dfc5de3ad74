"""The staff report of attendance by city and theme (events/reports.py): who came, per city and theme, with
its filters, its export, who may read it and its bounded queries."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cities.models import Theme
from cities.themes import original_themes
from events.models import CheckIn, EventPage, Registration
from tests import factories, helpers
from tests.factories import ContactFactory, EventFactory, FocalPointFactory
from tests.helpers import csv_rows, english_name, export_content, parse_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

REPORT = "events_attendance_report:index"
BOGOTA = ZoneInfo("America/Bogota")


def event(title, day, kind, themes=(), zone=BOGOTA, hour=9):
    starts_at = datetime.combine(day, time(hour, 0), tzinfo=zone)
    return EventFactory(
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        time_zone=str(zone),
        themes=list(themes),
    )


def attend(event, contact, city=None, days=1):
    """Register the contact (for `city`) and check them in on `days` days; days=0: registered only."""
    registration = Registration.objects.create(
        event=event,
        contact=contact,
        name=contact.given_name,
        email=f"{contact.given_name.lower()}-{contact.pk}@example.org",
        city=city,
        status=Registration.Status.CONFIRMED,
    )
    first = event.starts_at.astimezone(event.zone).date()
    for offset in range(days):
        CheckIn.objects.create(registration=registration, day=first + timedelta(days=offset))
    return registration


@pytest.fixture(scope="class")
def attendance_for_class(django_db_setup, django_db_blocker):
    """The events and people of `attendance` (with Medellín, Bogotá and Buenos Aires), by pk; made once for
    the tests of the class and rolled back after them."""
    with helpers.rolled_back_after_module(django_db_blocker):
        made = make_attendance(
            factories.sample_city("Medellín"),
            factories.sample_city("Bogotá"),
            factories.CityFactory(title="Buenos Aires", country="AR"),
            list(original_themes().order_by("slug")),
        )
        yield {key: item.pk for key, item in made.items()}


@pytest.fixture
def attendance(db, attendance_for_class):
    """A forum on two themes, a workshop on one, a webinar on none, and their people: made once for the
    class (attendance_for_class); its themes and events are fetched afresh for each test."""
    pks = attendance_for_class
    return {
        "first": Theme.objects.get(pk=pks["first"]),
        "second": Theme.objects.get(pk=pks["second"]),
        "forum": EventPage.objects.get(pk=pks["forum"]),
        "workshop": EventPage.objects.get(pk=pks["workshop"]),
    }


def make_attendance(medellin, bogota, buenos_aires, themes):
    """A forum on two themes, a workshop on one, a webinar on none, and their people."""
    first, second = themes[0], themes[1]
    forum = event("Foro regional", date(2024, 3, 10), EventPage.Kind.FORUM, [first, second])
    workshop = event("Taller", date(2024, 6, 15), EventPage.Kind.WORKSHOP, [first])
    webinar = event("Seminario web", date(2024, 9, 1), EventPage.Kind.WEBINAR)
    ana = ContactFactory(given_name="Ana", city=medellin)
    attend(forum, ana, city=medellin, days=2)  # Two days at the forum: still one person.
    attend(workshop, ana)  # Her contact's city counts when the registration gives none.
    attend(forum, ContactFactory(given_name="Bruno"), city=bogota)
    attend(workshop, ContactFactory(given_name="Carla", city=bogota))
    attend(webinar, ContactFactory(given_name="Diego"))  # No city at all.
    attend(webinar, ContactFactory(given_name="Fabio"), city=buenos_aires)
    attend(forum, ContactFactory(given_name="Elena", city=medellin), city=medellin, days=0)  # Absent.
    return {"first": first, "second": second, "forum": forum, "workshop": workshop}


def table(response):
    """{row heading: {column heading: cell}} of the report's table."""
    assert response.status_code == 200
    page = parse_html(response)
    headings = [cell.get_text(" ", strip=True) for cell in page.select("table.listing thead th")][1:]
    return {
        row.select_one("th").get_text(" ", strip=True): dict(
            zip(headings, [cell.get_text(strip=True) for cell in row.select("td")], strict=True)
        )
        for row in page.select("table.listing tbody tr")
    }


def test_an_event_s_day_is_the_day_where_it_takes_place(staff_client, make_city):
    """00:30 on 1 March in São Paulo is still 29 February in the site's time zone (Mexico City)."""
    recife = make_city("Recife", country="BR")
    night = event(
        "Maratón", date(2024, 3, 1), EventPage.Kind.FORUM, zone=ZoneInfo("America/Sao_Paulo"), hour=0
    )
    attend(night, ContactFactory(given_name="Gabriela"), city=recife)
    assert list(table(staff_client.get(reverse(REPORT), {"date_from": "2024-03-01"}))) == ["Recife (Brazil)"]
    assert table(staff_client.get(reverse(REPORT), {"date_to": "2024-02-29"})) == {}


class TestAttendance:
    """The report on the attendance of `attendance`, made once for the tests of this class."""

    def test_counts_distinct_people_who_attended_per_city_and_theme(self, staff_client, attendance, themes):
        first, second = english_name(attendance["first"]), english_name(attendance["second"])
        rows = table(staff_client.get(reverse(REPORT)))
        assert list(rows) == [
            "Bogotá (Colombia)",
            "Buenos Aires (Argentina)",
            "Medellín (Colombia)",
            "City not given",
        ]
        assert list(rows["Medellín (Colombia)"]) == [
            *sorted(english_name(theme) for theme in themes),
            "People (all events)",
            "Events attended",
        ]
        # Ana came to two events on the first theme: one person. Elena registered but never came.
        medellin = rows["Medellín (Colombia)"]
        assert (medellin[first], medellin[second], medellin["People (all events)"]) == ("1", "1", "1")
        assert medellin["Events attended"] == "2"
        # Bruno by his registration's city, Carla by her contact's city.
        bogota = rows["Bogotá (Colombia)"]
        assert (bogota[first], bogota[second], bogota["People (all events)"], bogota["Events attended"]) == (
            "2",
            "1",
            "2",
            "2",
        )
        for city in ("Buenos Aires (Argentina)", "City not given"):
            assert rows[city]["People (all events)"] == "1" and rows[city]["Events attended"] == "1"
            assert all(rows[city][english_name(theme)] == "0" for theme in themes)

    def test_a_total_row_counts_each_person_and_event_once(self, staff_client, attendance, themes):
        first, second = english_name(attendance["first"]), english_name(attendance["second"])
        response = staff_client.get(reverse(REPORT))
        page = parse_html(response)
        headings = [cell.get_text(" ", strip=True) for cell in page.select("table.listing thead th")][1:]
        (total,) = page.select("table.listing tfoot tr")
        assert total.select_one("th").get_text(strip=True) == "All cities"
        cells = dict(zip(headings, [cell.get_text(strip=True) for cell in total.select("td")], strict=True))
        # Ana (at two events), Bruno and Carla on the first theme; Ana and Bruno on the second; Diego and
        # Fabio came to the webinar, on no theme. Elena never came.
        assert (cells[first], cells[second]) == ("3", "2")
        assert (cells["People (all events)"], cells["Events attended"]) == ("5", "3")
        assert "All cities" not in table(response), "the total is not one of the cities"

        # The filters choose what the total counts: Ana and Carla at the workshop.
        total = parse_html(staff_client.get(reverse(REPORT), {"kind": "workshop"})).select_one("tfoot tr")
        assert [cell.get_text(strip=True) for cell in total.select("td")][-2:] == ["2", "1"]

    def test_filters_by_event_kind_theme_and_country(self, staff_client, attendance):
        first, second = english_name(attendance["first"]), english_name(attendance["second"])
        rows = table(staff_client.get(reverse(REPORT), {"kind": "workshop"}))
        assert list(rows) == ["Bogotá (Colombia)", "Medellín (Colombia)"]
        assert rows["Bogotá (Colombia)"][first] == "1" and rows["Bogotá (Colombia)"][second] == "0"
        assert rows["Medellín (Colombia)"]["Events attended"] == "1"

        rows = table(staff_client.get(reverse(REPORT), {"theme": attendance["second"].pk}))
        assert list(rows) == ["Bogotá (Colombia)", "Medellín (Colombia)"]
        assert list(rows["Bogotá (Colombia)"]) == [second, "People (all events)", "Events attended"]
        assert rows["Bogotá (Colombia)"] == {second: "1", "People (all events)": "1", "Events attended": "1"}
        assert rows["Medellín (Colombia)"] == {
            second: "1",
            "People (all events)": "1",
            "Events attended": "1",
        }

        rows = table(staff_client.get(reverse(REPORT), {"country": "AR"}))
        assert list(rows) == ["Buenos Aires (Argentina)"]

    def test_filters_by_the_day_events_start_with_both_days_included(self, staff_client, attendance):
        rows = table(staff_client.get(reverse(REPORT), {"date_from": "2024-03-10", "date_to": "2024-06-15"}))
        assert list(rows) == ["Bogotá (Colombia)", "Medellín (Colombia)"]
        assert rows["Medellín (Colombia)"]["Events attended"] == "2"
        rows = table(staff_client.get(reverse(REPORT), {"date_from": "2024-06-16"}))
        assert list(rows) == ["Buenos Aires (Argentina)", "City not given"]
        rows = table(staff_client.get(reverse(REPORT), {"date_to": "2024-03-10"}))
        assert rows["Bogotá (Colombia)"]["Events attended"] == "1"
        assert rows["Medellín (Colombia)"]["Events attended"] == "1"
        response = staff_client.get(reverse(REPORT), {"date_from": "2023-01-01", "date_to": "2023-12-31"})
        assert table(response) == {}
        assert "Nobody attended an event that matches these filters." in response.content.decode()

    @pytest.mark.parametrize("dates", [{"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}])
    def test_days_at_the_calendar_s_ends_leave_out_nobody(self, staff_client, attendance, dates):
        """A day before the first day or after the last has no date: the report ended in a server error."""
        everyone = table(staff_client.get(reverse(REPORT)))

        assert table(staff_client.get(reverse(REPORT), dates)) == everyone
        assert staff_client.get(reverse("events_attendance_report:index_results"), dates).status_code == 200

    def test_exports_readable_headings_and_the_numbers(self, staff_client, attendance, themes):
        first, second = attendance["first"], attendance["second"]
        headings = [
            "City",
            "Country",
            *(f"{name}: people" for name in sorted(english_name(theme) for theme in themes)),
            "People (all events)",
            "Events attended",
        ]
        rows = csv_rows(staff_client.get(reverse(REPORT), {"export": "csv"}))
        assert rows[0] == headings
        by_city = {row[0]: dict(zip(headings, row, strict=True)) for row in rows[1:]}
        assert list(by_city) == ["Bogotá", "Buenos Aires", "Medellín", "City not given"]
        bogota = by_city["Bogotá"]
        assert bogota["Country"] == "Colombia"
        assert (bogota[f"{english_name(first)}: people"], bogota[f"{english_name(second)}: people"]) == (
            "2",
            "1",
        )
        assert (bogota["People (all events)"], bogota["Events attended"]) == ("2", "2")
        assert by_city["City not given"]["Country"] == ""

        rows = csv_rows(staff_client.get(reverse(REPORT), {"export": "csv", "kind": "workshop"}))
        assert [row[0] for row in rows[1:]] == ["Bogotá", "Medellín"]

        response = staff_client.get(reverse(REPORT), {"export": "xlsx"})
        assert response.status_code == 200 and export_content(response).startswith(b"PK")

    def test_focal_points_cannot_open_the_report_nor_see_it_in_the_menu(
        self, client, staff_client, attendance, medellin, assert_refused
    ):
        assert reverse(REPORT) in staff_client.get(reverse("wagtailadmin_home")).content.decode()
        client.force_login(FocalPointFactory(city=medellin))
        assert_refused(client.get(reverse(REPORT)))
        assert_refused(client.get(reverse("events_attendance_report:index_results")))
        assert_refused(client.get(reverse(REPORT), {"export": "csv"}))
        assert reverse(REPORT) not in client.get(reverse("wagtailadmin_home")).content.decode()

    def test_queries_do_not_grow_with_cities_themes_and_people(
        self, staff_client, attendance, make_city, django_assert_max_num_queries
    ):
        filtered = {"date_from": "2024-01-01", "date_to": "2024-12-31", "kind": "workshop", "country": "CO"}

        def queries():
            counts = []
            for params in ({}, filtered, {"theme": attendance["first"].pk}, {"export": "csv"}):
                with CaptureQueriesContext(connection) as captured:
                    export_content(staff_client.get(reverse(REPORT), params))
                counts.append(len(captured))
            return counts

        queries()  # Warm caches (session, permissions).
        before = queries()
        for number in range(4):
            city = make_city(f"Ciudad asistente {number}")
            for kind_of_event in ("forum", "workshop"):
                attend(attendance[kind_of_event], ContactFactory(given_name=f"Persona{number}"), city=city)
        assert len(table(staff_client.get(reverse(REPORT)))) == 8
        assert queries() == before
        # The admin page itself takes about twenty (session, permissions, menu, filter choices).
        with django_assert_max_num_queries(25):
            staff_client.get(reverse(REPORT), filtered)
