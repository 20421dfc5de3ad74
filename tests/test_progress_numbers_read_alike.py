"""A number answer reads the same wherever staff read it: the saved answer in the answers report and the
figures of "Measures across the network" are written as the public city page writes them (the reader's
decimal mark, thousands grouped, no zeros after the last digit), never "12,50" for what was saved as 12.5."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from progress import reports
from tests.factories import CityFactory
from tests.progress_data import accepted_submission, answered, make_cycle, make_framework

pytestmark = pytest.mark.django_db

QUESTIONS = (("1.1", "1.1-c", "number", False, "%"),)


@pytest.fixture
def spanish_staff(staff_user):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "es"
    profile.save()
    return staff_user


@pytest.mark.usefixtures("spanish_staff")
def test_the_answers_report_shows_a_number_as_it_was_saved(staff_client, soup, medellin, focal_point_a):
    cycle = make_cycle(make_framework(questions=QUESTIONS))
    answered(reports.start_report(medellin, cycle, focal_point_a), focal_point_a, {"1.1-c": Decimal("12.5")})

    page = soup(staff_client.get(reverse("progress_answers:index"), {"cycle": cycle.pk}))

    cells = [cell.get_text(" ", strip=True) for cell in page.select("table.listing td")]
    assert "12,5 %" in cells and "12,50 %" not in cells


@pytest.mark.usefixtures("spanish_staff")
def test_the_measures_report_writes_its_figures_as_the_public_page_does(staff_client, soup):
    cycle = make_cycle(make_framework(questions=QUESTIONS))
    for value in (10, 12.5, 12.5, 15, 1500.5):
        accepted_submission(CityFactory(country="CO"), cycle, {"1.1-c": value})

    page = soup(staff_client.get(reverse("progress_measures:index"), {"cycle": cycle.pk}))

    network = page.select_one("table.listing tbody tr")
    figures = [cell.get_text(strip=True) for cell in network.select("td")][1:]
    assert figures == ["5", "12,5", "10", "1\xa0500,5"]
