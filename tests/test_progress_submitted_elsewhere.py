"""A report submitted (in another tab, or by another focal point) while a page of it was open: a save from
that page is refused, says that the report was submitted, and keeps what was typed on the page, read-only
beside the submitted answers, rather than dropping it for the read-only report."""

import json

import pytest
from django.urls import reverse

from progress import reports
from progress.models import ReportState
from tests.progress_data import answered, make_cycle, make_framework, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def report(medellin, framework, focal_point_a):
    report = reports.start_report(medellin, make_cycle(framework), focal_point_a)
    return answered(report, focal_point_a, {"1.1-a": 3, "1.1-b": "Diez bibliotecas", "3.3-a": True})


def edit_url(report):
    return reverse("progress_city:edit", args=[report.pk])


def field(framework, code):
    return f"q{question(framework, code).pk}"


def submitted_in_another_tab(report, user):
    opened_at = report.version
    reports.submit(report, report.version, user)
    return opened_at


def typed(framework, version):
    return {
        "version": version,
        "action": "save",
        field(framework, "1.1-a"): "4",
        field(framework, "1.1-b"): "Cuarenta círculos de lectura en los barrios",
        field(framework, "3.3-a"): "yes",
        field(framework, "3.3-c"): "12",
    }


def test_the_autosave_says_the_report_was_submitted_not_saved(client, focal_point_a, report, framework):
    opened_at = submitted_in_another_tab(report, focal_point_a)
    client.force_login(focal_point_a)

    response = client.post(edit_url(report), typed(framework, opened_at), HTTP_ACCEPT="application/json")

    assert response.status_code == 409
    message = json.loads(response.content)["error"]
    assert "You submitted this report in another tab or window" in message
    assert "saved this report" not in message
    assert "what you typed is still on this page" in message


def test_saving_the_page_keeps_what_was_typed_beside_the_submitted_answers(
    client, focal_point_a, report, framework, soup
):
    opened_at = submitted_in_another_tab(report, focal_point_a)
    client.force_login(focal_point_a)

    response = client.post(edit_url(report), typed(framework, opened_at))

    assert response.status_code == 409
    page = soup(response)
    text = " ".join(page.get_text(" ", strip=True).split())
    assert "You submitted this report in another tab or window" in text
    assert "The report is submitted and waits for UIL staff's review" in text
    # What was typed is on the page, beside each submitted answer it differs from; nothing was saved.
    typed_answers = [p.get_text(" ", strip=True) for p in page.select("[data-typed-answer]")]
    assert typed_answers == [
        "What you typed (not saved): 4 of 5",
        "What you typed (not saved): Cuarenta círculos de lectura en los barrios",
        "What you typed (not saved): 12 %",
    ]
    assert "Diez bibliotecas" in text
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert reports.value_of(report.answers.get(question__code="1.1-b")) == "Diez bibliotecas"
    assert report.submissions.get().answers[1]["value"] == "Diez bibliotecas"


def test_a_report_submitted_by_someone_else_is_said_so(
    client, focal_point_a, focal_point_b, report, framework, soup
):
    opened_at = submitted_in_another_tab(report, focal_point_b)
    client.force_login(focal_point_a)

    response = client.post(edit_url(report), typed(framework, opened_at), HTTP_ACCEPT="application/json")

    assert "submitted this report at" in json.loads(response.content)["error"]
