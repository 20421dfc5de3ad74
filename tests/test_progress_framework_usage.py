"""The edit page of a part of the framework or a cycle says what uses it in words: the reports that answer a
question, the cycles that ask a framework, the cities that started a cycle's report. Wagtail's usage count
("Used 0 times") counts no answers or reports, and said "0 times" of a question cities had answered."""

import pytest
from django.urls import reverse

from progress import reports
from progress.models import Question
from tests.factories import CityFactory
from tests.progress_data import make_cycle, make_framework, question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def usage_said(staff_client, soup, model, pk):
    response = staff_client.get(reverse(f"wagtailsnippets_progress_{model}:edit", args=[pk]))
    assert response.status_code == 200
    text = " ".join(soup(response).get_text(" ", strip=True).split())
    assert "Used 0 times" not in text
    return text


def test_a_question_says_how_many_reports_answer_it(staff_client, soup, staff_user):
    framework = make_framework()
    cycle = make_cycle(framework)
    asked = question(framework, "1.1-b")
    for city in (CityFactory(), CityFactory()):
        report = reports.start_report(city, cycle, staff_user)
        reports.save_answers(report, {asked: reports.Value("Texto")}, report.version, staff_user)

    assert "Answered in 2 reports" in usage_said(staff_client, soup, "question", asked.pk)
    unanswered = question(framework, "3.3-a")
    assert "No report has answered it yet" in usage_said(staff_client, soup, "question", unanswered.pk)


def test_a_framework_and_a_cycle_say_what_uses_them(staff_client, soup, staff_user):
    framework = make_framework()
    unused = make_framework(version="2025")
    cycle = make_cycle(framework)
    reports.start_report(CityFactory(), cycle, staff_user)

    assert "Asked by 1 cycle" in usage_said(staff_client, soup, "framework", framework.pk)
    assert "No cycle asks it yet" in usage_said(staff_client, soup, "framework", unused.pk)
    assert "1 city has started its report" in usage_said(staff_client, soup, "cycle", cycle.pk)
    assert Question.objects.filter(focus_area__area__framework=unused).exists()
