"""The progress reports' lists and what leaves them: each table scrolls within a phone's width instead of
being cut off, the answers page counts the cities it shows (its rows are answers), an exported file is
named after its cycle, staff who open a city's editor go back to the cycle's list, and the reminder to
late cities promises carried-over answers only to cities that have some."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mailings.models import Mailing
from progress import reports
from tests.helpers import parse_html
from tests.progress_data import answered, make_cycle, make_framework

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def cycle(staff_user, make_city):
    """A cycle past its due date: Lima submitted, Quito and Cusco have drafts with answers."""
    cycle = make_cycle(make_framework(), name="2024–2025", opens_in_days=-400, due_in_days=-10)
    for name, code in (("Lima", "PE"), ("Quito", "EC"), ("Cusco", "PE")):
        report = reports.start_report(make_city(name, country=code), cycle, staff_user)
        answered(report, staff_user, {"1.1-a": 4, "3.3-a": True, "3.3-c": Decimal("30")})
        if name == "Lima":
            report.refresh_from_db()
            reports.submit(report, report.version, staff_user)
    return cycle


def scrolls_within_the_page(table):
    return "w-overflow-x-auto" in table.parent.get("class", [])


def test_the_tables_scroll_within_a_phone_s_width(staff_client, staff_user, cycle, focal_point_a, medellin):
    lima = cycle.reports.get(city__title="Lima")
    reports.accept(lima, lima.version, staff_user)  # the measures' table shows accepted reports
    for url_name in ("progress_status:index", "progress_answers:index", "progress_measures:index"):
        page = parse_html(staff_client.get(reverse(url_name), {"cycle": cycle.pk}))
        assert scrolls_within_the_page(page.select_one("table.listing")), url_name
    staff_client.force_login(focal_point_a)
    page = parse_html(staff_client.get(reverse("progress_city:index")))
    assert scrolls_within_the_page(page.select_one("table.listing"))


def test_the_answers_page_counts_cities_not_rows(staff_client, cycle):
    page = parse_html(staff_client.get(reverse("progress_answers:index"), {"cycle": cycle.pk}))
    assert len(page.select("tbody tr")) == 9  # three answers of each of three cities
    text = page.get_text(" ", strip=True)
    assert "The answers of 3 cities match" in text
    assert "There are 3 matches" not in text


@pytest.mark.parametrize("url_name", ["progress_status:index", "progress_answers:index"])
def test_an_export_is_named_after_its_cycle(staff_client, cycle, url_name):
    response = staff_client.get(reverse(url_name), {"cycle": cycle.pk, "export": "csv"})
    assert "-2024-2025-" in response["Content-Disposition"]


def test_staff_in_a_city_s_editor_go_back_to_the_cycle_s_list(staff_client, cycle, medellin, staff_user):
    report = reports.start_report(medellin, cycle, staff_user)
    page = parse_html(staff_client.get(reverse("progress_city:edit", args=[report.pk])))
    links = [link["href"] for link in page.select("nav[aria-label] ol a[href]")]
    assert f"{reverse('progress_status:index')}?cycle={cycle.pk}" in links
    assert reverse("progress_city:index") not in links


def test_the_reminder_promises_carried_over_answers_only_where_there_are_some(staff_client, cycle):
    staff_client.post(reverse("progress_reminders:remind", args=[cycle.pk]))
    mailing = Mailing.objects.get()
    assert "already filled in" not in mailing.body_en
    assert "If your city has an accepted report from an earlier cycle" in mailing.body_en
    assert "ya están cargadas" not in mailing.body_es and "já estão carregadas" not in mailing.body_pt
