"""A question's code names it across its framework version and from one cycle to the next: staff cannot
give two questions of a version the same code, and what the last accepted report gave is carried over
question by question, leaving out a file deleted since."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from wagtail.documents import get_document_model

from progress import reports
from progress.models import FocusArea, Question
from tests.progress_data import answered, make_cycle, make_framework, question

pytestmark = pytest.mark.django_db

QUESTIONS = (
    ("1.1", "1.1-a", "scale", True, ""),
    ("1.2", "1.2-a", "scale", False, ""),
    ("3.3", "3.3-d", "file", False, ""),
)


@pytest.fixture
def framework():
    return make_framework(questions=QUESTIONS)


def question_form(focus_area, code):
    return {
        "focus_area": focus_area.pk,
        "code": code,
        "label_es": "¿Cuánto avanzó?",
        "label_pt_br": "",
        "label_en": "",
        "sort_order": 9,
        "kind": "scale",
        "unit": "",
        "required": "on",
    }


@pytest.mark.usefixtures("english_admin")
def test_staff_cannot_give_a_second_question_of_the_version_the_same_code(staff_client, soup, framework):
    other_focus_area = FocusArea.objects.get(area__framework=framework, code="1.2")
    add = reverse("wagtailsnippets_progress_question:add")

    response = staff_client.post(add, question_form(other_focus_area, "1.1-a"))

    assert response.status_code == 200
    assert "Another question of this framework version has this code" in soup(response).get_text()
    assert Question.objects.filter(code="1.1-a").count() == 1
    # The same code in another framework version is another question.
    other_version = FocusArea.objects.get(area__framework=make_framework(version="2026"), code="1.1")
    response = staff_client.post(add, question_form(other_version, "1.2-a"))
    assert response.status_code == 302
    assert Question.objects.filter(code="1.2-a", focus_area=other_version).exists()


def test_a_file_deleted_since_the_accepted_report_is_left_out_of_the_next_one(
    focal_point_a, staff_user, medellin, framework
):
    earlier = make_cycle(framework, name="2024–2025", opens_in_days=-800, due_in_days=-500)
    report = reports.start_report(medellin, earlier, focal_point_a)
    plan = get_document_model().objects.create(title="Plan", file=ContentFile(b"%PDF-1.4", name="plan.pdf"))
    answered(report, focal_point_a, {"1.1-a": 4, "1.2-a": 2, "3.3-d": plan.pk})
    report.refresh_from_db()
    report = reports.submit(report, report.version, focal_point_a)
    reports.accept(report, report.version, staff_user)
    plan.delete()

    later = reports.start_report(medellin, make_cycle(framework, name="2026–2027"), focal_point_a)
    connection.check_constraints()

    carried = {answer.question.code: answer for answer in later.answers.select_related("question")}
    assert set(carried) == {"1.1-a", "1.2-a"}
    assert carried["1.1-a"].number == Decimal("4") and carried["1.1-a"].carried_over
    assert question(framework, "3.3-d").answers.filter(report=later).count() == 0
