"""A share is typed as people write it, with its % sign ("12 %", "12%"), which the field's label shows; only
a % question takes it. A save sent to an accepted report says that it is accepted, not that it waits for
its review."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from progress import reports
from progress.models import Answer
from tests.progress_data import answered, make_cycle, make_framework, question
from tests.test_progress_number_answers import COUNT, SHARE, autosave, in_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    from tests.progress_data import QUESTIONS

    return make_framework(questions=(*QUESTIONS, ("9.9", COUNT, "number", False, "people")))


@pytest.fixture
def report(framework, medellin, focal_point_a):
    return reports.start_report(medellin, make_cycle(framework), focal_point_a)


@pytest.mark.parametrize(
    ("language", "typed", "meant"),
    [("es", "12 %", "12"), ("es", "12%", "12"), ("es", " 12,5\u00a0% ", "12.5"), ("en", "99.5 %", "99.5")],
)
def test_a_share_is_read_with_its_percent_sign(
    client, focal_point_a, report, framework, language, typed, meant
):
    in_language(focal_point_a, language)
    client.force_login(focal_point_a)
    response = autosave(client, report, framework, SHARE, typed)
    assert response.status_code == 200, response.content
    assert Answer.objects.get(report=report, question__code=SHARE).number == Decimal(meant)


@pytest.mark.parametrize(("code", "typed"), [(SHARE, "120 %"), (SHARE, "%"), (COUNT, "12 %")])
def test_a_percent_sign_is_no_way_around_the_checks(client, focal_point_a, report, framework, code, typed):
    in_language(focal_point_a, "en")
    client.force_login(focal_point_a)
    response = autosave(client, report, framework, code, typed)
    assert response.status_code == 400
    assert not Answer.objects.filter(report=report, question__code=code, number__isnull=False).exists()


def test_a_save_sent_to_an_accepted_report_says_it_is_accepted(
    client, focal_point_a, staff_user, report, framework
):
    answered(report, focal_point_a, {"1.1-a": 3, "3.3-a": True})
    report.refresh_from_db()
    report = reports.submit(report, report.version, focal_point_a)
    report = reports.accept(report, report.version, staff_user)
    in_language(focal_point_a, "en")
    client.force_login(focal_point_a)

    data = {"version": report.version, "action": "save", f"q{question(framework, '1.1-b').pk}": "Más"}
    response = client.post(
        reverse("progress_city:edit", args=[report.pk]), data, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 400
    message = json.loads(response.content)["error"]
    assert "accepted" in message
    assert "waiting for its review" not in message
    assert "Start a new version" in message
