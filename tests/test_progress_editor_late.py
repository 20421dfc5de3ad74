"""The editor says a report is late where the focal point's list does: past its due date, neither
submitted nor accepted."""

import pytest
from django.urls import reverse

from progress import reports
from tests.progress_data import make_cycle, make_framework

pytestmark = pytest.mark.django_db


def state_in_editor(client, report, soup):
    page = soup(client.get(reverse("progress_city:edit", args=[report.pk])))
    return page.find("dt", string="State").find_next("dd").get_text(" ", strip=True)


def state_in_list(client, soup):
    page = soup(client.get(reverse("progress_city:index")))
    return page.select("tbody tr td")[3].get_text(" ", strip=True)


def test_a_draft_past_its_due_date_is_late_in_the_editor_as_in_the_list(
    client, focal_point_a, medellin, soup
):
    cycle = make_cycle(make_framework(), opens_in_days=-60, due_in_days=-1)
    report = reports.start_report(medellin, cycle, focal_point_a)
    client.force_login(focal_point_a)

    assert state_in_list(client, soup).startswith("Late")
    shown = state_in_editor(client, report, soup)
    assert shown.startswith("Late: it was due on")
    assert "(Draft)" in shown


def test_a_draft_not_yet_due_is_a_draft(client, focal_point_a, medellin, soup):
    report = reports.start_report(medellin, make_cycle(make_framework()), focal_point_a)
    client.force_login(focal_point_a)
    assert state_in_editor(client, report, soup) == "Draft"
