"""A new question loaded into a framework version never changes a report already submitted with it: the
report, in the city's editor and in the review, shows and counts the questions it was submitted with (its
frozen submission), while a report still being written gets the new question."""

import pytest
from django.urls import reverse

from progress import reports
from progress.framework_import import load_file
from tests.progress_data import answered, make_cycle, make_framework

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

NEW_QUESTION = (
    "framework,version,area_code,area_es,focus_code,focus_es,question_code,question_es,kind,required\n"
    "Key Features,2013,1,Área 1,1.1,Ámbito 1.1,1.1-z,Pregunta nueva,text,yes\n"
)


@pytest.fixture
def cycle():
    return make_cycle(make_framework())


def submitted(city, cycle, user):
    report = reports.start_report(city, cycle, user)
    answered(report, user, {"1.1-a": 3, "3.3-a": True})
    report.refresh_from_db()
    return reports.submit(report, report.version, user)


def a_required_question_is_added(tmp_path, staff_user):
    path = tmp_path / "key-features-2013.csv"
    path.write_text(NEW_QUESTION, encoding="utf-8")
    load_file(path, staff_user)


def page_text(response, soup):
    assert response.status_code == 200
    return " ".join(soup(response).get_text(" ", strip=True).split())


def test_an_accepted_report_shows_and_counts_what_it_was_submitted_with(
    client, staff_client, staff_user, focal_point_a, medellin, bogota, cycle, tmp_path, soup
):
    report = submitted(medellin, cycle, focal_point_a)
    report = reports.accept(report, report.version, staff_user)
    draft = reports.start_report(bogota, cycle, staff_user)

    a_required_question_is_added(tmp_path, staff_user)

    review = page_text(staff_client.get(reverse("progress_review:review", args=[report.pk])), soup)
    assert "1.1-z" not in review
    assert "(required)" in review
    editor = page_text(staff_client.get(reverse("progress_city:edit", args=[report.pk])), soup)
    assert "Required answers given 2 / 2" in editor
    assert "1.1-z" not in editor
    # A report still being written answers the framework as it now is.
    draft_page = page_text(staff_client.get(reverse("progress_city:edit", args=[draft.pk])), soup)
    assert "1.1-z Pregunta nueva" in draft_page
    assert "Required answers given 0 / 3" in draft_page


def test_a_submitted_report_under_review_shows_what_it_was_submitted_with(
    staff_client, staff_user, focal_point_a, medellin, cycle, tmp_path, soup
):
    report = submitted(medellin, cycle, focal_point_a)

    a_required_question_is_added(tmp_path, staff_user)

    review = page_text(staff_client.get(reverse("progress_review:review", args=[report.pk])), soup)
    assert "1.1-z" not in review
    editor = page_text(staff_client.get(reverse("progress_city:edit", args=[report.pk])), soup)
    assert "Required answers given 2 / 2" in editor
