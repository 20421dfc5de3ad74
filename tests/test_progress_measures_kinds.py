"""A question whose kind changed after some cities answered it (a scale that became a number) gives two
measures in "Measures across the network", one per kind, never one median of both: the page and its export
say which kind each is, and keep the two side by side."""

import csv
import io

import pytest
from django.urls import reverse

from progress.models import Question
from tests.factories import CityFactory
from tests.progress_data import accepted_submission, make_cycle, make_framework, question

pytestmark = pytest.mark.django_db

QUESTIONS = (("1.1", "1.1-a", "scale", True, ""), ("1.1", "1.1-b", "scale", True, ""))


@pytest.fixture
def cycle():
    """Five cities answered 1.1-a as a scale, then it became a number of people and five more answered."""
    framework = make_framework(questions=QUESTIONS)
    cycle = make_cycle(framework)
    for value in (1, 2, 3, 4, 5):
        accepted_submission(CityFactory(country="CO"), cycle, {"1.1-a": value, "1.1-b": value})
    Question.objects.filter(pk=question(framework, "1.1-a").pk).update(kind="number", unit="people")
    for value in (100, 200, 300, 400, 500):
        accepted_submission(CityFactory(country="CO"), cycle, {"1.1-a": value, "1.1-b": None})
    return cycle


@pytest.mark.usefixtures("english_admin")
def test_each_kind_of_a_changed_question_has_its_own_labelled_rows(staff_client, soup, cycle):
    page = soup(staff_client.get(reverse("progress_measures:index"), {"cycle": cycle.pk}))

    rows = [row.get_text(" ", strip=True) for row in page.select("table.listing tbody tr")]
    assert rows == [
        "1.1-a Question 1.1-a (people) Number with a unit Whole network 5 300 100 500",
        "1.1-a Question 1.1-a Number with a unit Colombia 5 300 100 500",
        "1.1-a Question 1.1-a Scale from 1 to 5 Whole network 5 3 1 5",
        "1.1-a Question 1.1-a Scale from 1 to 5 Colombia 5 3 1 5",
        "1.1-b Question 1.1-b Whole network 5 3 1 5",
        "1.1-b Question 1.1-b Colombia 5 3 1 5",
    ]


@pytest.mark.usefixtures("english_admin")
def test_the_export_names_the_kind_of_each_row(staff_client, cycle):
    response = staff_client.get(reverse("progress_measures:index"), {"cycle": cycle.pk, "export": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[:4] for row in rows] == [
        ["Code", "Kind", "Measure", "Unit"],
        ["1.1-a", "Number with a unit", "Question 1.1-a", "people"],
        ["1.1-a", "Number with a unit", "Question 1.1-a", "people"],
        ["1.1-a", "Scale from 1 to 5", "Question 1.1-a", ""],
        ["1.1-a", "Scale from 1 to 5", "Question 1.1-a", ""],
        ["1.1-b", "Scale from 1 to 5", "Question 1.1-b", ""],
        ["1.1-b", "Scale from 1 to 5", "Question 1.1-b", ""],
    ]
    assert rows[1][4:] == ["Whole network", "5", "300", "100", "500"]
