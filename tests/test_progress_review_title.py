"""The review page's title, in the browser's tab and the screen reader's heading, reads as one phrase and the
city after one separator: not "Review: progress report 2026–2027: Medellín"."""

import pytest
from django.urls import reverse

from progress import reports
from tests.progress_data import make_cycle, make_framework

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("english_admin")
def test_the_review_title_has_one_separator_before_the_city(staff_client, medellin, focal_point_a, soup):
    report = reports.start_report(medellin, make_cycle(make_framework()), focal_point_a)

    page = soup(staff_client.get(reverse("progress_review:review", args=[report.pk])))

    expected = "Review of the progress report 2026–2027: Medellín"
    assert page.select_one("h1").get_text(strip=True) == expected
    assert page.title.get_text(strip=True).startswith(expected + " - ")
