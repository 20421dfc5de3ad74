"""A save of the focal point's report editor changes only the answers it carries: a form sent without
JavaScript by a browser that dropped some fields, or a request made by hand, must not empty the others."""

import pytest
from django.urls import reverse

from progress import reports
from tests.progress_data import answered, make_cycle, make_framework, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def report(medellin, framework, focal_point_a):
    report = reports.start_report(medellin, make_cycle(framework), focal_point_a)
    return answered(
        report,
        focal_point_a,
        {"1.1-a": 4, "1.1-b": "Cuarenta círculos de lectura", "3.3-a": True, "3.3-c": 75},
        public=("1.1-a", "3.3-c"),
    )


def stored(report):
    return {
        answer.question.code: (reports.value_of(answer), answer.public) for answer in report.answers.all()
    }


def test_a_save_without_some_answers_changes_only_those_it_carries(client, focal_point_a, report, framework):
    before = stored(report)
    client.force_login(focal_point_a)
    response = client.post(
        reverse("progress_city:edit", args=[report.pk]),
        {"version": report.version, "action": "save", f"q{question(framework, '1.1-b').pk}": "Cincuenta"},
    )
    assert response.status_code == 302
    after = stored(report)
    assert after["1.1-b"] == ("Cincuenta", False)
    assert {code: value for code, value in after.items() if code != "1.1-b"} == {
        code: value for code, value in before.items() if code != "1.1-b"
    }


def test_an_answer_sent_empty_is_still_cleared(client, focal_point_a, report, framework):
    client.force_login(focal_point_a)
    client.post(
        reverse("progress_city:edit", args=[report.pk]),
        {
            "version": report.version,
            "action": "save",
            f"q{question(framework, '1.1-b').pk}": "",
            f"q{question(framework, '3.3-c').pk}": "",
        },
    )
    after = stored(report)
    assert after["1.1-b"][0] is None
    assert after["3.3-c"] == (None, False)  # sent without its "public" box: no longer public
    assert after["1.1-a"] == (4, True)


def test_a_form_shown_again_with_errors_shows_the_stored_answers_it_did_not_carry(
    client, focal_point_a, report, framework, soup
):
    """The page shown again is saved as it stands by the autosave: blank, the answers left out would be
    emptied then."""
    client.force_login(focal_point_a)
    response = client.post(
        reverse("progress_city:edit", args=[report.pk]),
        {"version": report.version, "action": "save", f"q{question(framework, '3.3-c').pk}": "doce"},
    )
    assert response.status_code == 400
    page = soup(response)
    text = page.select_one(f"textarea[name=q{question(framework, '1.1-b').pk}]")
    assert text.get_text().strip() == "Cuarenta círculos de lectura"
    scale = page.select_one(f"input[name=q{question(framework, '1.1-a').pk}][checked]")
    assert scale["value"] == "4"
    assert page.select_one(f"input[name=public_{question(framework, '1.1-a').pk}]").has_attr("checked")
    assert stored(report)["1.1-b"] == ("Cuarenta círculos de lectura", False)
