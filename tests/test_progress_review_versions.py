"""Staff accept or return the version of a report they read, and a reopened report names the version it
reopens: a report changed since is not decided unread, and a form cut short gets a message, not an error.
A revision returned for corrections shows as returned, and a late report of an older cycle is not filled in
with the answers of a newer one."""

from decimal import Decimal

import pytest
from django.urls import reverse

from progress import reports
from progress.models import ReportState
from tests.progress_data import answered, make_cycle, make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def cycle(framework):
    return make_cycle(framework)


def submitted(city, cycle, user, scale=3):
    report = reports.start_report(city, cycle, user)
    answered(report, user, {"1.1-a": scale, "3.3-a": True, "3.3-c": Decimal("12.5")})
    report.refresh_from_db()
    return reports.submit(report, report.version, user)


def review_url(report):
    return reverse("progress_review:review", args=[report.pk])


def resubmitted_meanwhile(report, staff_user, focal_point, scale):
    """The report returned by someone else, corrected and submitted again."""
    report = reports.return_for_corrections(report, report.version, {}, "Revise 1.1", staff_user)
    answered(report, focal_point, {"1.1-a": scale})
    report.refresh_from_db()
    return reports.submit(report, report.version, focal_point)


@pytest.mark.usefixtures("english_admin")
def test_accepting_a_page_read_before_a_resubmission_is_refused_and_shows_the_new_answers(
    staff_client, staff_user, focal_point_a, medellin, cycle, soup
):
    report = submitted(medellin, cycle, focal_point_a)
    read_version = report.version
    resubmitted_meanwhile(report, staff_user, focal_point_a, scale=1)

    response = staff_client.post(review_url(report), {"action": "accept", "version": read_version})

    assert response.status_code == 409
    page = soup(response)
    assert "after you opened it" in page.get_text()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert not report.submissions.filter(accepted_at__isnull=False).exists()
    # The page shown again holds the answers as they are now, and accepting from it works.
    shown_version = page.find("input", attrs={"name": "version"})["value"]
    assert shown_version == str(report.version)
    staff_client.post(review_url(report), {"action": "accept", "version": shown_version})
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert report.submissions.get(accepted_at__isnull=False).number == 2


@pytest.mark.usefixtures("english_admin")
def test_returning_a_page_read_before_a_resubmission_is_refused_and_keeps_the_comments(
    staff_client, staff_user, focal_point_a, medellin, cycle, soup
):
    report = submitted(medellin, cycle, focal_point_a)
    read_version = report.version
    resubmitted_meanwhile(report, staff_user, focal_point_a, scale=2)

    response = staff_client.post(
        review_url(report), {"action": "return", "version": read_version, "note": "Falta la fuente"}
    )

    assert response.status_code == 409
    assert soup(response).find("textarea", attrs={"name": "note"}).get_text(strip=True) == "Falta la fuente"
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


@pytest.mark.usefixtures("english_admin")
@pytest.mark.parametrize("version", [None, "", "abc", "1.0"], ids=["missing", "empty", "letters", "decimal"])
@pytest.mark.parametrize("action", ["accept", "return"])
def test_a_review_without_a_readable_version_is_refused_with_a_message(
    staff_client, focal_point_a, medellin, cycle, soup, version, action
):
    report = submitted(medellin, cycle, focal_point_a)
    data = {"action": action, "note": "Revisar"}
    if version is not None:
        data["version"] = version

    response = staff_client.post(review_url(report), data)

    assert response.status_code == 400
    assert "The form is incomplete: reload the page." in soup(response).get_text()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


@pytest.mark.usefixtures("english_admin")
@pytest.mark.parametrize("version", [None, "", "abc", "1.0"], ids=["missing", "empty", "letters", "decimal"])
def test_reopening_an_accepted_report_without_a_readable_version_is_refused_with_a_message(
    client, staff_user, focal_point_a, medellin, cycle, version
):
    report = submitted(medellin, cycle, focal_point_a)
    report = reports.accept(report, report.version, staff_user)
    client.force_login(focal_point_a)
    data = {"action": "reopen"} if version is None else {"action": "reopen", "version": version}

    response = client.post(reverse("progress_city:edit", args=[report.pk]), data, follow=True)

    assert response.status_code == 200
    assert "reload the page" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


@pytest.mark.usefixtures("english_admin")
def test_a_returned_revision_of_an_accepted_report_shows_as_returned_to_its_focal_point(
    client, staff_user, focal_point_a, medellin, cycle
):
    report = submitted(medellin, cycle, focal_point_a)
    report = reports.accept(report, report.version, staff_user)
    report = reports.reopen(report, report.version, focal_point_a)
    report = reports.submit(report, report.version, focal_point_a)
    reports.return_for_corrections(report, report.version, {}, "Revise 3.3", staff_user)
    client.force_login(focal_point_a)

    panel = client.get(reverse("wagtailadmin_home")).content.decode()
    listing = client.get(reverse("progress_city:index")).content.decode()

    assert f"{medellin.title}, {cycle.name}: Returned" in " ".join(panel.split())
    assert "Returned" in listing and "Accepted" not in listing


def test_a_late_report_of_an_older_cycle_carries_nothing_over_from_a_newer_one(
    staff_user, focal_point_a, medellin, framework
):
    newer = make_cycle(framework, name="2026–2027")
    report = submitted(medellin, newer, focal_point_a, scale=5)
    reports.accept(report, report.version, staff_user)
    older = make_cycle(framework, name="2024–2025", opens_in_days=-800, due_in_days=-500)

    late = reports.start_report(medellin, older, focal_point_a)

    assert late.carried_from is None and not late.answers.exists()
