"""What the report's editor and its review say, so that nothing typed is lost and no one is misled: a save
refused as stale says who saved (the person themself, in another tab) and, for the autosave, not to
reload the page; one missing answer is one; the comments of a return are listed, read with their fields
and still shown to staff; the "carried over" note appears only where answers are marked so, and the
autosave says which still are; each "public" checkbox names its question."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from progress import reports
from progress.models import ReportState
from tests.helpers import parse_html
from tests.progress_data import answered, make_cycle, make_framework, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def cycle(framework):
    return make_cycle(framework)


@pytest.fixture
def report(cycle, medellin, focal_point_a):
    return reports.start_report(medellin, cycle, focal_point_a)


def edit_url(report):
    return reverse("progress_city:edit", args=[report.pk])


def review_url(report):
    return reverse("progress_review:review", args=[report.pk])


def field(framework, code):
    return f"q{question(framework, code).pk}"


def test_the_autosave_refused_by_the_same_person_s_other_tab_says_so_and_not_to_reload(
    client, focal_point_a, report, framework
):
    opened_at = report.version
    answered(report, focal_point_a, {"1.1-a": 2})  # the other tab
    client.force_login(focal_point_a)
    response = client.post(
        edit_url(report),
        {"version": opened_at, "action": "save", field(framework, "1.1-b"): "Escrito aquí"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 409
    error = json.loads(response.content)["error"]
    assert error.startswith("You saved this report in another tab or window at ")
    assert "after you opened it" in error and "Nothing of yours was saved" in error
    assert "do not reload it" in error and "“Save draft”" in error
    assert "reload the page" not in error


def test_a_stale_review_says_nothing_was_decided_rather_than_to_reload(
    staff_client, staff_user, focal_point_a, report
):
    answered(report, focal_point_a, {"1.1-a": 3, "3.3-a": True})
    report.refresh_from_db()
    report = reports.submit(report, report.version, focal_point_a)
    read_version = report.version
    report = reports.return_for_corrections(report, report.version, {}, "Revise", staff_user)
    report = reports.submit(report, report.version, focal_point_a)

    response = staff_client.post(review_url(report), {"action": "accept", "version": read_version})

    assert response.status_code == 409
    text = parse_html(response).get_text(" ", strip=True)
    assert "Nothing was decided" in text and "reload the page" not in text


def test_one_missing_answer_is_said_as_one(client, focal_point_a, report, framework):
    client.force_login(focal_point_a)
    response = client.post(
        edit_url(report),
        {"version": report.version, "action": "submit", field(framework, "1.1-a"): "3"},
        follow=True,
    )
    text = parse_html(response).get_text(" ", strip=True)
    assert "Required question 3.3-a has no answer yet." in text
    assert "1 required questions" not in text


def test_the_comments_of_a_return_are_listed_read_with_their_fields_and_kept_for_staff(
    staff_client, staff_user, focal_point_a, report, framework
):
    client = Client()  # the focal point's, beside the staff's
    answered(report, focal_point_a, {"1.1-a": 3, "3.3-a": True, "1.1-b": "Bibliotecas"})
    report.refresh_from_db()
    report = reports.submit(report, report.version, focal_point_a)
    staff_client.post(
        review_url(report),
        {
            "action": "return",
            "version": report.version,
            f"comment_{question(framework, '1.1-b').pk}": "¿Cuántas bibliotecas?",
            "note": "Falta una cifra",
        },
    )
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED

    # Staff still read what they sent.
    review = parse_html(staff_client.get(review_url(report))).get_text(" ", strip=True)
    assert "¿Cuántas bibliotecas?" in review and "Falta una cifra" in review

    client.force_login(focal_point_a)
    page = parse_html(client.get(edit_url(report)))
    link = page.select_one("[role=note] ul a")
    assert link.get_text(strip=True) == "1.1-b"
    target = page.find(id=link["href"].removeprefix("#"))
    assert target.find("textarea", attrs={"name": field(framework, "1.1-b")})
    textarea = page.find("textarea", attrs={"name": field(framework, "1.1-b")})
    comment = page.find(id=textarea["aria-describedby"])
    assert "¿Cuántas bibliotecas?" in comment.get_text()

    # Sent again, the comments are offered for the next return, and staff are told so.
    client.post(
        edit_url(report),
        {
            "version": report.version,
            "action": "submit",
            field(framework, "1.1-a"): "3",
            field(framework, "3.3-a"): "yes",
            field(framework, "1.1-b"): "Doce bibliotecas",
        },
    )
    review = parse_html(staff_client.get(review_url(report))).get_text(" ", strip=True)
    assert "The comments of the last return are filled in" in review


def test_the_carried_over_note_is_said_only_where_answers_are_carried_over(
    client, staff_user, focal_point_a, medellin, framework
):
    earlier = make_cycle(framework, name="2024–2025", opens_in_days=-800, due_in_days=-500)
    old = reports.start_report(medellin, earlier, focal_point_a)
    answered(old, focal_point_a, {"1.1-a": 3, "3.3-a": True})
    old.refresh_from_db()
    old = reports.submit(old, old.version, focal_point_a)
    reports.accept(old, old.version, staff_user)
    # A cycle of another framework: nothing of the accepted report matches its questions.
    other_questions = (("1.1", "9.1-a", "scale", True, ""),)
    other = make_cycle(
        make_framework(version="2030", name="Otro", questions=other_questions), name="2030–2031"
    )
    client.force_login(focal_point_a)
    report = reports.start_report(medellin, other, focal_point_a)
    assert report.carried_from is not None and not report.answers.exists()
    assert "come from your accepted report" not in parse_html(client.get(edit_url(report))).get_text()

    later = make_cycle(framework, name="2026–2027", opens_in_days=-20)
    report = reports.start_report(medellin, later, focal_point_a)
    assert "come from your accepted report" in parse_html(client.get(edit_url(report))).get_text()
    # The autosave says which answers are still as carried over, so that the page stops marking the others.
    response = client.post(
        edit_url(report),
        {
            "version": report.version,
            "action": "save",
            field(framework, "1.1-a"): "5",
            field(framework, "3.3-a"): "yes",
        },
        HTTP_ACCEPT="application/json",
    )
    assert json.loads(response.content)["carried_over"] == [field(framework, "3.3-a")]


def test_each_public_checkbox_names_its_question(client, focal_point_a, report, framework):
    client.force_login(focal_point_a)
    page = parse_html(client.get(edit_url(report)))
    labels = [label.get_text(strip=True) for label in page.select("label[for^=id_public_]")]
    assert labels == ["Show 1.1-a on the city's public page", "Show 3.3-c on the city's public page"]
