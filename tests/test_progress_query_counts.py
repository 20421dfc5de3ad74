"""The report editor, the review and the cycle's list cost the same number of queries however many
questions or cities there are."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress import reports
from tests.progress_data import answered, make_cycle, make_framework

pytestmark = pytest.mark.django_db


def questions(count):
    """`count` questions over several focus areas, of every kind."""
    kinds = ("scale", "text", "yes_no", "number", "file")
    return tuple(
        (
            f"{1 + number // 10}.{number % 3 + 1}",
            f"q{number}",
            kinds[number % 5],
            True,
            "%" if number % 5 == 3 else "",
        )
        for number in range(count)
    )


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def report_with(count, city, user, name):
    framework = make_framework(version=name, questions=questions(count))
    report = reports.start_report(city, make_cycle(framework, name=name), user)
    values = {f"q{number}": 3 for number in range(count) if number % 5 == 0}
    values.update({f"q{number}": f"Respuesta {number}" for number in range(count) if number % 5 == 1})
    return answered(report, user, values)


def test_the_editor_and_the_review_cost_the_same_with_ten_or_sixty_questions(
    focal_point_a, staff_user, medellin
):
    small = report_with(10, medellin, focal_point_a, "pequeño")
    large = report_with(60, medellin, focal_point_a, "grande")
    for name, user in (("progress_city:edit", focal_point_a), ("progress_review:review", staff_user)):
        reader = Client()
        reader.force_login(user)
        few = queries(reader, reverse(name, args=[small.pk]))
        many = queries(reader, reverse(name, args=[large.pk]))
        assert many == few, f"{name}: {few} queries for 10 questions, {many} for 60"


def test_the_cycle_list_costs_the_same_with_three_or_thirty_cities(staff_client, staff_user, make_city):
    cycle = make_cycle(make_framework(), name="2026–2027")
    cities = [make_city(f"Ciudad {number}", country="PE") for number in range(30)]
    for city in cities[:3]:
        reports.start_report(city, cycle, staff_user)
    url = reverse("progress_status:index")
    few = queries(staff_client, url, {"cycle": cycle.pk})
    for city in cities[3:]:
        reports.start_report(city, cycle, staff_user)
    assert queries(staff_client, url, {"cycle": cycle.pk}) == few
