"""The review shows the version under review as it was submitted, not the draft the city writes since:
a reopened report shows what was accepted (as the city list says), a returned one what was returned, and
the page says that a newer draft exists."""

from decimal import Decimal

import pytest
from django.urls import reverse

from progress import reports
from tests.progress_data import answered, make_cycle, make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(medellin, focal_point_a):
    cycle = make_cycle(make_framework())
    report = reports.start_report(medellin, cycle, focal_point_a)
    answered(report, focal_point_a, {"1.1-a": 3, "3.3-a": True, "3.3-c": Decimal("12.5")})
    report.refresh_from_db()
    return reports.submit(report, report.version, focal_point_a)


def answer_cell(page, code):
    row = next(th for th in page.select("tbody th") if th.get_text().startswith(code))
    return row.find_next("td").get_text(" ")


@pytest.mark.usefixtures("english_admin")
def test_a_reopened_report_is_reviewed_as_accepted_and_its_draft_is_said_to_exist(
    staff_client, staff_user, focal_point_a, report, soup
):
    report = reports.accept(report, report.version, staff_user)
    report = reports.reopen(report, report.version, focal_point_a)
    answered(report, focal_point_a, {"1.1-a": 5, "3.3-c": Decimal("80")})

    page = soup(staff_client.get(reverse("progress_review:review", args=[report.pk])))

    assert "3 of 5" in answer_cell(page, "1.1-a") and "5 of 5" not in page.get_text()
    assert "12.5 %" in answer_cell(page, "3.3-c")
    reviewed = page.select_one("[data-reviewed-version]").get_text()
    assert "version 1 (submitted on" in reviewed
    assert ".." not in reviewed, "a date or time ending in a full stop doubles the sentence's"
    assert "newer version" in page.select_one("[data-newer-draft]").get_text()


@pytest.mark.usefixtures("english_admin")
def test_a_returned_report_shows_what_was_returned_with_its_comments(
    staff_client, staff_user, focal_point_a, report, soup
):
    scale = report.cycle.framework.questions().get(code="1.1-a")
    report = reports.return_for_corrections(report, report.version, {scale.pk: "Why 3?"}, "", staff_user)
    answered(report, focal_point_a, {"1.1-a": 4})

    page = soup(staff_client.get(reverse("progress_review:review", args=[report.pk])))

    assert "3 of 5" in answer_cell(page, "1.1-a") and "4 of 5" not in page.get_text()
    assert "Why 3?" in page.get_text()
    assert "correcting this version" in page.select_one("[data-newer-draft]").get_text()


@pytest.mark.usefixtures("english_admin")
def test_a_report_under_review_says_no_newer_draft_and_one_never_submitted_says_it_is_a_draft(
    staff_client, staff_user, focal_point_a, report, bogota, soup
):
    page = soup(staff_client.get(reverse("progress_review:review", args=[report.pk])))
    assert "3 of 5" in answer_cell(page, "1.1-a")
    assert page.select_one("[data-newer-draft]") is None

    draft = reports.start_report(bogota, report.cycle, staff_user)
    answered(draft, staff_user, {"1.1-a": 2})
    page = soup(staff_client.get(reverse("progress_review:review", args=[draft.pk])))
    assert "2 of 5" in answer_cell(page, "1.1-a")
    assert page.select_one("[data-draft-shown]") is not None
