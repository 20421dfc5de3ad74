"""A city's progress report from start to acceptance, as the focal point and UIL staff go through it in
the admin: carried-over answers, saving as one types, version conflicts, submission, return with
comments, acceptance, frozen submissions, and what each role may open."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from progress import reports
from progress.models import Answer, Report, ReportState, Submission
from tests.progress_data import answered, make_cycle, make_framework, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def cycle(framework):
    return make_cycle(framework)


def edit_url(report):
    return reverse("progress_city:edit", args=[report.pk])


def form_data(report, framework, values, action="save", version=None):
    data = {"version": report.version if version is None else version, "action": action}
    for code, value in values.items():
        data[f"q{question(framework, code).pk}"] = value
    return data


def refused(response):
    """Wagtail's admin answers a refusal with 403, or with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def start(client, city, cycle):
    response = client.post(reverse("progress_city:index"), {"city": city.pk, "cycle": cycle.pk})
    assert response.status_code == 302
    return Report.objects.get(city=city, cycle=cycle)


def test_a_focal_point_starts_the_report_of_their_city_from_their_list(
    client, focal_point_a, medellin, cycle, soup
):
    client.force_login(focal_point_a)
    page = soup(client.get(reverse("progress_city:index")))
    row = page.find("td", string=medellin.title).find_parent("tr")
    assert cycle.name in row.get_text()
    assert "Not started" in row.get_text()
    report = start(client, medellin, cycle)
    assert report.state == ReportState.DRAFT
    assert ModelLogEntry.objects.filter(object_id=str(report.pk), action=reports.START).exists()
    editor = soup(client.get(edit_url(report)))
    headings = [h.get_text(" ", strip=True) for h in editor.select("form h2")]
    assert headings == ["1.1 Focus area 1.1", "3.3 Focus area 3.3"]


def test_a_focal_point_cannot_start_or_open_another_city_s_report(
    client, focal_point_a, bogota, cycle, staff_user
):
    client.force_login(focal_point_a)
    client.post(reverse("progress_city:index"), {"city": bogota.pk, "cycle": cycle.pk})
    assert not Report.objects.filter(city=bogota).exists()
    report = reports.start_report(bogota, cycle, staff_user)
    assert refused(client.get(edit_url(report)))
    assert refused(client.post(edit_url(report), {"version": report.version}))
    assert refused(client.get(reverse("progress_review:review", args=[report.pk])))


def test_answers_save_as_json_for_the_autosave_and_count_per_section(
    client, focal_point_a, medellin, cycle, framework
):
    client.force_login(focal_point_a)
    report = start(client, medellin, cycle)
    response = client.post(
        edit_url(report),
        form_data(report, framework, {"1.1-a": "4", "1.1-b": "Bibliotecas abiertas de noche"}),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["version"] == report.version + 1
    assert data["sections"]["section-1-1"] == {"answered": 1, "required": 1}
    assert data["sections"]["section-3-3"] == {"answered": 0, "required": 1}
    saved = {answer.question.code: answer for answer in Answer.objects.filter(report=report)}
    assert saved["1.1-a"].number == Decimal("4")
    assert saved["1.1-b"].text == "Bibliotecas abiertas de noche"


def test_a_save_over_someone_else_s_newer_save_is_refused_and_changes_nothing(
    client, focal_point_a, medellin, cycle, framework, staff_user
):
    client.force_login(focal_point_a)
    report = start(client, medellin, cycle)
    opened_at = report.version
    answered(report, staff_user, {"1.1-a": 2})
    response = client.post(
        edit_url(report),
        form_data(report, framework, {"1.1-a": "5"}, version=opened_at),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 409
    assert "after you opened it" in json.loads(response.content)["error"]
    assert Answer.objects.get(report=report, question__code="1.1-a").number == Decimal("2")


def test_without_javascript_a_stale_save_shows_the_message_and_keeps_the_other_answers(
    client, focal_point_a, medellin, cycle, framework, staff_user, soup
):
    client.force_login(focal_point_a)
    report = start(client, medellin, cycle)
    opened_at = report.version
    answered(report, staff_user, {"1.1-a": 2})
    response = client.post(
        edit_url(report), form_data(report, framework, {"1.1-a": "5"}, version=opened_at), follow=True
    )
    assert "after you opened it" in soup(response).get_text()
    assert Answer.objects.get(report=report, question__code="1.1-a").number == Decimal("2")


def test_a_share_over_100_is_refused_and_the_other_answers_are_saved(
    client, focal_point_a, medellin, cycle, framework
):
    client.force_login(focal_point_a)
    report = start(client, medellin, cycle)
    response = client.post(
        edit_url(report),
        form_data(report, framework, {"1.1-a": "3", "3.3-c": "140"}),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    data = json.loads(response.content)
    field = data["fields"][f"q{question(framework, '3.3-c').pk}"]
    assert "less than or equal to 100" in " ".join(field["errors"])
    assert field["label"].startswith("3.3-c")
    assert data["version"] == report.version + 1, "the next autosave goes on from the saved version"
    saved = {answer.question.code: answer for answer in Answer.objects.filter(report=report)}
    assert saved["1.1-a"].number == 3
    assert "3.3-c" not in saved


def test_without_javascript_a_bad_answer_is_shown_with_what_was_typed(
    client, focal_point_a, medellin, cycle, framework, soup
):
    client.force_login(focal_point_a)
    report = start(client, medellin, cycle)
    response = client.post(
        edit_url(report), form_data(report, framework, {"1.1-b": "Texto largo", "3.3-c": "-5"})
    )
    assert response.status_code == 400
    page = soup(response)
    number = page.find("input", attrs={"name": f"q{question(framework, '3.3-c').pk}"})
    assert number["value"] == "-5"
    assert "greater than or equal to 0" in page.get_text()
    assert page.find("input", attrs={"name": "version"})["value"] == str(report.version + 1)
    assert Answer.objects.get(report=report, question__code="1.1-b").text == "Texto largo"


def test_a_file_of_a_refused_type_or_too_large_is_refused(client, focal_point_a, medellin, cycle, framework):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(focal_point_a)
    report = start(client, medellin, cycle)
    field = f"q{question(framework, '3.3-d').pk}"
    for upload, message in (
        (SimpleUploadedFile("plan.exe", b"MZ", "application/octet-stream"), "File extension"),
        (SimpleUploadedFile("plan.pdf", b"0" * (10 * 1024 * 1024 + 1), "application/pdf"), "at most 10 MB"),
    ):
        report.refresh_from_db()
        data = form_data(report, framework, {"1.1-a": "2"})
        data[field] = upload
        response = client.post(edit_url(report), data, HTTP_ACCEPT="application/json")
        assert response.status_code == 400
        assert message in " ".join(json.loads(response.content)["fields"][field]["errors"])
    assert not Answer.objects.filter(report=report, question__code="3.3-d").exists()
    assert Answer.objects.get(report=report, question__code="1.1-a").number == 2


def test_a_closed_cycle_refuses_a_submission_and_keeps_the_answers(
    client, focal_point_a, medellin, cycle, framework, soup
):
    client.force_login(focal_point_a)
    report = start(client, medellin, cycle)
    cycle.due_on = cycle.opens_on + datetime.timedelta(days=10)
    cycle.closes_on = cycle.opens_on + datetime.timedelta(days=20)
    cycle.save()
    response = client.post(
        edit_url(report),
        form_data(report, framework, {"1.1-a": "3", "3.3-a": "no"}, action="submit"),
        follow=True,
    )
    assert "cycle closed on" in soup(response).get_text()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert Answer.objects.get(report=report, question__code="3.3-a").yes is False


def test_submitting_needs_every_required_answer(client, focal_point_a, medellin, cycle, framework, soup):
    client.force_login(focal_point_a)
    report = start(client, medellin, cycle)
    response = client.post(
        edit_url(report), form_data(report, framework, {"1.1-a": "3"}, action="submit"), follow=True
    )
    assert "Required question 3.3-a has no answer yet." in soup(response).get_text()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    # What was typed is kept even though the report could not be submitted.
    assert Answer.objects.get(report=report, question__code="1.1-a").number == 3
    report.refresh_from_db()
    client.post(
        edit_url(report), form_data(report, framework, {"1.1-a": "3", "3.3-a": "yes"}, action="submit")
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.submissions.get().number == 1


def test_a_report_on_a_framework_without_questions_cannot_be_submitted(client, focal_point_a, medellin, soup):
    """Its questions were deleted after the cycle opened: an empty report is not a submission."""
    cycle = make_cycle(make_framework(questions=()))
    client.force_login(focal_point_a)
    report = start(client, medellin, cycle)
    response = client.post(edit_url(report), {"version": report.version, "action": "submit"}, follow=True)
    assert "framework has no questions: there is nothing to submit yet" in soup(response).get_text()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.submissions.exists()


def submitted(report, user, values=None):
    answered(report, user, values or {"1.1-a": 3, "3.3-a": True, "3.3-c": Decimal("12.5")})
    report.refresh_from_db()
    return reports.submit(report, report.version, user)


def test_a_submitted_report_is_frozen_for_the_focal_point(
    client, focal_point_a, medellin, cycle, framework, soup
):
    report = submitted(reports.start_report(medellin, cycle, focal_point_a), focal_point_a)
    client.force_login(focal_point_a)
    page = soup(client.get(edit_url(report)))
    assert page.find("form", attrs={"data-report-autosave": True}) is None
    assert "waits for UIL staff's review" in page.get_text()
    client.post(edit_url(report), form_data(report, framework, {"1.1-a": "1"}))
    assert Answer.objects.get(report=report, question__code="1.1-a").number == 3


def test_staff_return_a_report_with_comments_that_the_focal_point_sees(
    client, staff_client, focal_point_a, medellin, cycle, framework, soup
):
    report = submitted(reports.start_report(medellin, cycle, focal_point_a), focal_point_a)
    review = reverse("progress_review:review", args=[report.pk])
    comment_field = f"comment_{question(framework, '3.3-c').pk}"
    staff_client.post(
        review,
        {
            "action": "return",
            "version": report.version,
            comment_field: "¿De qué año es la cifra?",
            "note": "Casi listo",
        },
    )
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert ModelLogEntry.objects.filter(object_id=str(report.pk), action=reports.RETURN).exists()
    client.force_login(focal_point_a)
    page = soup(client.get(edit_url(report))).get_text()
    assert "¿De qué año es la cifra?" in page
    assert "Casi listo" in page
    # Corrected and sent again: a second submission; the first stays as it was sent.
    client.post(
        edit_url(report),
        form_data(report, framework, {"1.1-a": "3", "3.3-a": "yes", "3.3-c": "14"}, action="submit"),
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    first, second = report.submissions.order_by("number")
    value = {row["code"]: row["value"] for row in first.answers}["3.3-c"]
    assert value == 12.5
    assert {row["code"]: row["value"] for row in second.answers}["3.3-c"] == 14


def test_returning_without_a_word_is_refused(staff_client, focal_point_a, medellin, cycle, soup):
    report = submitted(reports.start_report(medellin, cycle, focal_point_a), focal_point_a)
    response = staff_client.post(
        reverse("progress_review:review", args=[report.pk]), {"action": "return", "version": report.version}
    )
    assert response.status_code == 400
    assert "Say what to correct" in soup(response).get_text()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_an_accepted_submission_never_changes(
    staff_client, staff_user, focal_point_a, medellin, cycle, framework
):
    report = submitted(reports.start_report(medellin, cycle, focal_point_a), focal_point_a)
    staff_client.post(
        reverse("progress_review:review", args=[report.pk]), {"action": "accept", "version": report.version}
    )
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    accepted = report.submissions.get()
    assert accepted.accepted_at is not None
    frozen = json.dumps(accepted.answers, sort_keys=True)
    # A new framework wording, and a new version of the report: the accepted one is untouched.
    scale = question(framework, "1.1-a")
    scale.label_en = "A new wording"
    scale.save()
    report = reports.reopen(report, report.version, focal_point_a)
    answered(report, focal_point_a, {"1.1-a": 5})
    accepted.refresh_from_db()
    assert json.dumps(accepted.answers, sort_keys=True) == frozen
    assert {row["code"]: row["question"]["en"] for row in accepted.answers}["1.1-a"] == "Question 1.1-a"
    assert Submission.objects.filter(report=report).count() == 1


def test_the_next_cycle_carries_the_accepted_answers_over_and_marks_them(
    client, staff_user, focal_point_a, medellin, framework, soup
):
    earlier = make_cycle(framework, name="2024–2025", opens_in_days=-800, due_in_days=-500)
    report = submitted(reports.start_report(medellin, earlier, focal_point_a), focal_point_a)
    reports.accept(report, report.version, staff_user)
    later = make_cycle(framework, name="2026–2027")
    client.force_login(focal_point_a)
    new = start(client, medellin, later)
    carried = {answer.question.code: answer for answer in new.answers.all()}
    assert carried["3.3-c"].number == Decimal("12.5") and carried["3.3-c"].carried_over
    assert carried["3.3-a"].yes is True
    page = soup(client.get(edit_url(new))).get_text()
    assert "come from your accepted report of 2024–2025" in page
    # Changing an answer takes its "carried over" mark away; the others keep it.
    client.post(edit_url(new), form_data(new, framework, {"1.1-a": "4", "3.3-a": "yes", "3.3-c": "12.50"}))
    carried = {answer.question.code: answer for answer in new.answers.all()}
    assert not carried["1.1-a"].carried_over
    assert carried["3.3-c"].carried_over


def test_a_focal_point_never_reviews(client, focal_point_a, medellin, cycle):
    report = submitted(reports.start_report(medellin, cycle, focal_point_a), focal_point_a)
    client.force_login(focal_point_a)
    review = reverse("progress_review:review", args=[report.pk])
    assert refused(client.post(review, {"action": "accept", "version": report.version}))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_each_step_is_on_the_city_s_timeline(staff_client, staff_user, focal_point_a, medellin, cycle, soup):
    report = submitted(reports.start_report(medellin, cycle, focal_point_a), focal_point_a)
    reports.accept(report, report.version, staff_user)
    timeline = reverse("contacts_timeline:city", args=[medellin.pk])
    text = soup(staff_client.get(timeline)).select_one(".city-timeline").get_text(" ", strip=True)
    for message in ("Progress report started", "Progress report submitted", "Progress report accepted"):
        assert message in text
    only_reports = soup(staff_client.get(timeline, {"kind": "progress_reports"})).select(
        ".city-timeline__entry"
    )
    assert len(only_reports) == 3


def test_an_empty_answer_stores_nothing(client, focal_point_a, medellin, cycle, framework):
    client.force_login(focal_point_a)
    report = start(client, medellin, cycle)
    client.post(edit_url(report), form_data(report, framework, {"1.1-a": "2", "1.1-b": ""}))
    assert list(Answer.objects.filter(report=report).values_list("question__code", flat=True)) == ["1.1-a"]


def test_starting_with_a_made_up_cycle_is_refused_with_a_message(
    client, focal_point_a, medellin, cycle, soup
):
    client.force_login(focal_point_a)
    for made_up in ("abc", "999999", ""):
        response = client.post(
            reverse("progress_city:index"), {"city": medellin.pk, "cycle": made_up}, follow=True
        )
        assert "Choose one of your cities and an open cycle." in soup(response).get_text()
    assert not Report.objects.exists()


def test_each_group_of_radio_buttons_is_named_by_its_question(
    client, focal_point_a, medellin, cycle, framework, soup
):
    client.force_login(focal_point_a)
    page = soup(client.get(edit_url(start(client, medellin, cycle))))
    radio = page.find("input", attrs={"name": f"q{question(framework, '1.1-a').pk}", "value": "3"})
    legend = radio.find_parent("fieldset").find("legend")
    assert legend.get_text(strip=True) == "1.1-a Question 1.1-a"
