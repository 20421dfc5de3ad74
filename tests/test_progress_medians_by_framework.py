"""The network median a focal point reads beside a measure is that of the same question: answers of the same
framework version (a cycle of another framework may reuse a code for another question) and of the same kind
(a scale is no number), and still of five cities at least."""

from datetime import date

import pytest
from django.urls import reverse

from progress.models import Cycle, Question, Report
from progress.results import medians_for, network_summary
from tests.factories import CityFactory, FocalPointFactory
from tests.progress_data import accepted_submission, make_framework, question

pytestmark = pytest.mark.django_db

QUESTIONS = (("1.1", "1.1-a", "scale", True, ""),)


def cycle(framework, name, year):
    return Cycle.objects.create(
        name=name, framework=framework, opens_on=date(year, 1, 15), due_on=date(year, 12, 1)
    )


def accepted_answers(cycle, code, values):
    """A city per value, each with an accepted report answering the question as it is now."""
    for value in values:
        accepted_submission(CityFactory(), cycle, {code: value})


def test_the_median_of_a_cycle_of_another_framework_is_not_shown(client, soup):
    old, new = make_framework("2013", QUESTIONS), make_framework("2025", QUESTIONS)
    earlier, later = cycle(old, "2022–2023", 2022), cycle(new, "2024–2025", 2024)
    accepted_answers(earlier, "1.1-a", [1, 2, 3, 4, 5])
    accepted_answers(later, "1.1-a", [5, 5])
    city = CityFactory(title="Ciudad Informante")
    report = Report.objects.create(cycle=later, city=city)
    client.force_login(FocalPointFactory(city=city))

    text = soup(client.get(reverse("progress_city:edit", args=[report.pk]))).get_text(" ", strip=True)

    assert medians_for(later) == {}
    assert "Network median" not in text


def test_the_median_of_the_cycle_before_of_the_same_framework_is_shown_while_this_one_has_too_few():
    framework = make_framework("2013", QUESTIONS)
    other = make_framework("2025", QUESTIONS)
    earlier, between, later = (
        cycle(framework, "2020–2021", 2020),
        cycle(other, "2022–2023", 2022),
        cycle(framework, "2024–2025", 2024),
    )
    accepted_answers(earlier, "1.1-a", [1, 2, 3, 4, 5])
    accepted_answers(between, "1.1-a", [5, 5, 5, 5, 5])
    accepted_answers(later, "1.1-a", [1])

    assert medians_for(later) == {("1.1-a", "scale"): ("2020–2021", "3", 5)}


def test_answers_given_before_a_question_changed_kind_are_not_counted_with_the_later_ones():
    framework = make_framework("2013", QUESTIONS)
    this = cycle(framework, "2024–2025", 2024)
    accepted_answers(this, "1.1-a", [1, 2, 3, 4, 5])
    Question.objects.filter(pk=question(framework, "1.1-a").pk).update(kind="number")
    accepted_answers(this, "1.1-a", [800])

    figures = {summary.kind: summary.network for summary in network_summary(this)}

    assert (figures["scale"].cities, figures["scale"].median) == (5, 3)
    assert figures["number"].too_few
    assert medians_for(this) == {("1.1-a", "scale"): ("2024–2025", "3", 5)}
