"""A focal point learns that a cycle has closed before filling in a report that can no longer be submitted:
their list and their dashboard say when it closed and offer no new report in it (a start sent anyway is
refused), and the editor says so at the top; a report already started can still be opened."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from progress import reports
from progress.models import Report
from tests.progress_data import make_cycle, make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


def closed_cycle(framework, name):
    """A cycle due 20 days ago that closed yesterday."""
    cycle = make_cycle(framework, name=name, opens_in_days=-100, due_in_days=-20)
    cycle.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    return cycle


def words(element):
    return " ".join(element.get_text(" ", strip=True).split())


def test_the_focal_point_s_list_says_a_cycle_closed_and_offers_no_new_report_in_it(
    client, focal_point_a, medellin, framework, soup
):
    unstarted = closed_cycle(framework, "2022–2023")
    started = closed_cycle(framework, "2024–2025")
    report = reports.start_report(medellin, started, focal_point_a)
    still_open = make_cycle(framework, name="2026–2027")
    client.force_login(focal_point_a)

    page = soup(client.get(reverse("progress_city:index")))

    rows = {row.find_all("td")[1].get_text(strip=True): row for row in page.select("tbody tr")}
    closed_on = formats.date_format(unstarted.closes_on)
    assert f"The cycle closed on {closed_on}" in words(rows[unstarted.name])
    assert rows[unstarted.name].find("button") is None, "a report cannot be started in a closed cycle"
    assert f"The cycle closed on {closed_on}" in words(rows[started.name])
    link = rows[started.name].find("a")
    assert link["href"] == reverse("progress_city:edit", args=[report.pk])
    assert link.get_text(strip=True) == "Open: Medellín, 2024–2025"
    assert "closed" not in words(rows[still_open.name])
    assert (
        rows[still_open.name].find("button").get_text(strip=True) == "Start the report: Medellín, 2026–2027"
    )


def test_the_focal_point_s_dashboard_says_a_cycle_closed(client, focal_point_a, medellin, framework, soup):
    cycle = closed_cycle(framework, "2024–2025")
    client.force_login(focal_point_a)
    page = soup(client.get(reverse("wagtailadmin_home")))
    panel = words(page.select_one("#my-progress-reports-heading").find_parent("section"))
    closed_on = formats.date_format(cycle.closes_on)
    assert f"{medellin.title}, {cycle.name}: Late (the cycle closed on {closed_on})" in panel
    assert "due on" not in panel


def test_the_editor_of_a_closed_cycle_s_report_says_it_can_no_longer_be_submitted(
    client, focal_point_a, medellin, framework, soup
):
    cycle = closed_cycle(framework, "2024–2025")
    report = reports.start_report(medellin, cycle, focal_point_a)
    client.force_login(focal_point_a)

    page = soup(client.get(reverse("progress_city:edit", args=[report.pk])))

    notice = words(page.select_one("[data-cycle-closed]"))
    closed_on = formats.date_format(cycle.closes_on)
    assert f"The {cycle.name} cycle closed on {closed_on}: this report can no longer be submitted" in notice
    buttons = [button.get_text(strip=True) for button in page.select("form[data-report-autosave] button")]
    assert buttons == ["Save draft"]


def test_the_editor_of_an_open_cycle_s_report_says_nothing_of_closing(
    client, focal_point_a, medellin, framework, soup
):
    report = reports.start_report(medellin, make_cycle(framework), focal_point_a)
    client.force_login(focal_point_a)
    page = soup(client.get(reverse("progress_city:edit", args=[report.pk])))
    assert page.select_one("[data-cycle-closed]") is None
    buttons = [button.get_text(strip=True) for button in page.select("form[data-report-autosave] button")]
    assert buttons == ["Save draft", "Submit the report"]


def test_a_report_sent_to_start_in_a_closed_cycle_is_refused_and_a_started_one_opens(
    client, focal_point_a, medellin, framework, soup
):
    unstarted = closed_cycle(framework, "2022–2023")
    started = closed_cycle(framework, "2024–2025")
    report = reports.start_report(medellin, started, focal_point_a)
    client.force_login(focal_point_a)
    start = reverse("progress_city:index")

    response = client.post(start, {"city": medellin.pk, "cycle": unstarted.pk}, follow=True)

    closed_on = formats.date_format(unstarted.closes_on)
    assert f"The 2022–2023 cycle closed on {closed_on}: a report can no longer be started in it." in words(
        soup(response)
    )
    assert not Report.objects.filter(cycle=unstarted).exists()
    opened = client.post(start, {"city": medellin.pk, "cycle": started.pk})
    assert opened["Location"] == reverse("progress_city:edit", args=[report.pk])


def test_each_rows_button_names_its_city_and_cycle(client, focal_point_a, medellin, framework, soup):
    """A screen reader listing the page's buttons hears which report each opens or starts."""
    started = make_cycle(framework, name="2024–2025", opens_in_days=-10, due_in_days=30)
    reports.start_report(medellin, started, focal_point_a)
    make_cycle(framework, name="2026–2027")
    client.force_login(focal_point_a)

    page = soup(client.get(reverse("progress_city:index")))

    names = sorted(
        " ".join(action.get_text().split()) for action in page.select("tbody a.button, tbody button")
    )
    assert names == ["Continue: Medellín, 2024–2025", "Start the report: Medellín, 2026–2027"]
