"""The focal point's report editor never throws away what was typed: a save refused because someone else
saved meanwhile shows the form again as it was sent (and saving it again is refused too, so that nothing of
the other person's is undone), and a new file sent with "Remove the file" ticked is a question to answer,
not a file silently dropped."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from progress import reports
from progress.models import Answer
from tests.progress_data import answered, make_cycle, make_framework, question

pytestmark = pytest.mark.django_db

PLAN = b"%PDF-1.4 plan de ciudad del aprendizaje"


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def report(medellin, framework, focal_point_a):
    return reports.start_report(medellin, make_cycle(framework), focal_point_a)


def edit_url(report):
    return reverse("progress_city:edit", args=[report.pk])


def field(framework, code, prefix="q"):
    return f"{prefix}{question(framework, code).pk}"


def stored_answers(report):
    return {answer.question.code: reports.value_of(answer) for answer in report.answers.all()}


def test_a_save_refused_as_stale_shows_what_was_typed_with_the_saved_answers_and_stays_refused(
    client, focal_point_a, staff_user, report, framework, soup
):
    opened_at = report.version
    answered(report, staff_user, {"1.1-a": 2, "1.1-b": "Escrito por el personal"})
    stored_before = stored_answers(report)
    client.force_login(focal_point_a)
    typed = {
        "version": opened_at,
        "action": "submit",
        field(framework, "1.1-a"): "5",
        field(framework, "1.1-b"): "Cuarenta círculos de lectura",
        field(framework, "3.3-a"): "yes",
        field(framework, "3.3-c"): "150",
        field(framework, "3.3-d"): SimpleUploadedFile("plan.pdf", PLAN, "application/pdf"),
    }

    response = client.post(edit_url(report), typed)

    assert response.status_code == 409
    page = soup(response)
    text = " ".join(page.get_text(" ", strip=True).split())
    assert "after you opened it" in text
    assert page.find("textarea", attrs={"name": field(framework, "1.1-b")}).get_text(strip=True) == (
        "Cuarenta círculos de lectura"
    )
    assert page.find("input", attrs={"name": field(framework, "1.1-a"), "value": "5"}).has_attr("checked")
    assert page.find("input", attrs={"name": field(framework, "3.3-a"), "value": "yes"}).has_attr("checked")
    assert page.find("input", attrs={"name": field(framework, "3.3-c")})["value"] == "150"
    assert "This file was not saved: choose it again" in text
    # Where the stored report says something else (3.3-a: nothing), it is shown, to reconcile the two.
    saved = [p.get_text(" ", strip=True) for p in page.select("[data-saved-answer]")]
    assert saved == [
        "Saved answer: 2 of 5",
        "Saved answer: Escrito por el personal",
        "Saved answer: No answer",
    ]
    assert page.select_one("[data-conflict] a")["href"] == edit_url(report)
    # The page keeps the version it was opened at: saving from it is refused again, never over the other save.
    assert page.find("input", attrs={"name": "version"})["value"] == str(opened_at)
    typed[field(framework, "3.3-d")] = SimpleUploadedFile("plan.pdf", PLAN, "application/pdf")
    assert client.post(edit_url(report), typed).status_code == 409
    assert stored_answers(report) == stored_before
    assert not get_document_model().objects.exists()


def upload_plan(client, report, framework):
    report.refresh_from_db()
    data = {"version": report.version, "action": "save", field(framework, "3.3-d"): plan()}
    assert client.post(edit_url(report), data).status_code == 302
    return Answer.objects.get(report=report, question__code="3.3-d").document


def plan(name="plan.pdf"):
    return SimpleUploadedFile(name, PLAN, "application/pdf")


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_a_new_file_sent_with_remove_the_file_ticked_is_refused_with_a_message_and_nothing_else_lost(
    client, focal_point_a, report, framework, accept
):
    client.force_login(focal_point_a)
    given = upload_plan(client, report, framework)
    report.refresh_from_db()
    data = {
        "version": report.version,
        "action": "save",
        field(framework, "1.1-a"): "4",
        field(framework, "3.3-d"): plan("plan-nuevo.pdf"),
        field(framework, "3.3-d", prefix="clear_"): "on",
    }

    response = client.post(edit_url(report), data, HTTP_ACCEPT=accept)

    assert response.status_code == 400
    message = "Choose a new file or tick “Remove the file”, not both."
    if accept == "application/json":
        assert json.loads(response.content)["fields"][field(framework, "3.3-d")]["errors"] == [message]
    else:
        assert message in response.content.decode()
    assert Answer.objects.get(report=report, question__code="3.3-d").document == given
    assert Answer.objects.get(report=report, question__code="1.1-a").number == 4
    assert list(get_document_model().objects.all()) == [given], "the new file was stored all the same"
