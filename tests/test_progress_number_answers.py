"""Number answers as the network's focal points write them: with a decimal comma or point, grouped by
thousands or not, in the admin's language; a value that reads two ways ("1.500": 1500 in Bogotá, 1.5 in
Mexico City) is refused with both readings rather than stored as one of them."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from progress import reports
from progress.models import Answer
from tests.progress_data import answered, make_cycle, make_framework, question

pytestmark = pytest.mark.django_db

SHARE = "3.3-c"  # a number in %, at most 100
COUNT = "9.9-n"  # a number with no unit


@pytest.fixture
def framework():
    from tests.progress_data import QUESTIONS

    return make_framework(questions=(*QUESTIONS, ("9.9", COUNT, "number", False, "people")))


@pytest.fixture
def report(framework, medellin, focal_point_a):
    return reports.start_report(medellin, make_cycle(framework), focal_point_a)


def in_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def autosave(client, report, framework, code, typed):
    report.refresh_from_db()
    data = {"version": report.version, "action": "save", f"q{question(framework, code).pk}": typed}
    return client.post(reverse("progress_city:edit", args=[report.pk]), data, HTTP_ACCEPT="application/json")


@pytest.mark.parametrize(
    ("language", "typed", "meant"),
    [
        ("es", "12,5", "12.5"),
        ("es", "1.500,25", "1500.25"),
        ("es", "2 000 000", "2000000"),
        ("pt-br", "1.500.000", "1500000"),
        ("pt-br", "0,75", "0.75"),
        ("en", "12.5", "12.5"),
        ("en", "1,500.25", "1500.25"),
        ("en", "12,5", "12.5"),
    ],
)
def test_a_number_is_stored_as_its_writer_means_it(
    client, focal_point_a, report, framework, language, typed, meant
):
    in_language(focal_point_a, language)
    client.force_login(focal_point_a)
    response = autosave(client, report, framework, COUNT, typed)
    assert response.status_code == 200, response.content
    assert Answer.objects.get(report=report, question__code=COUNT).number == Decimal(meant)


@pytest.mark.parametrize("typed", ["1.500", "1,500", "12.250"])
def test_a_number_that_reads_two_ways_is_refused_with_both_readings(
    client, focal_point_a, report, framework, typed
):
    answered(report, focal_point_a, {COUNT: Decimal("7")})
    in_language(focal_point_a, "en")
    client.force_login(focal_point_a)
    response = autosave(client, report, framework, COUNT, typed)
    assert response.status_code == 400
    errors = json.loads(response.content)["fields"][f"q{question(framework, COUNT).pk}"]["errors"]
    whole, fraction = typed.replace(",", ".").split(".")
    assert f"Write {whole}{fraction} for the whole number" in errors[0]
    assert Answer.objects.get(report=report, question__code=COUNT).number == Decimal("7")


def test_a_word_is_refused_with_an_example_in_the_writer_s_language(client, focal_point_a, report, framework):
    in_language(focal_point_a, "en")
    client.force_login(focal_point_a)
    response = autosave(client, report, framework, SHARE, "doce")
    errors = json.loads(response.content)["fields"][f"q{question(framework, SHARE).pk}"]["errors"]
    assert errors == ["Enter a number, such as 1500 or 12.5."]
    assert not Answer.objects.filter(report=report, question__code=SHARE, number__isnull=False).exists()


@pytest.mark.parametrize(("language", "shown"), [("es", "12,5"), ("pt-br", "12,5"), ("en", "12.5")])
def test_the_editor_shows_a_number_as_it_was_saved_in_its_reader_s_language_with_a_decimal_keypad(
    client, focal_point_a, report, framework, soup, language, shown
):
    answered(report, focal_point_a, {SHARE: Decimal("12.5")})
    in_language(focal_point_a, language)
    client.force_login(focal_point_a)
    page = soup(client.get(reverse("progress_city:edit", args=[report.pk])))
    field = page.find("input", attrs={"name": f"q{question(framework, SHARE).pk}"})
    assert field["value"] == shown  # not "12,50": the stored decimal places are no part of the answer
    assert field["type"] == "text" and field["inputmode"] == "decimal"
    # What the editor shows is read back as it was, and so are the point and the comma.
    for typed in (shown, "12.5", "12,5"):
        Answer.objects.filter(report=report, question__code=SHARE).update(number=Decimal("7"))
        response = autosave(client, report, framework, SHARE, typed)
        assert response.status_code == 200
        assert Answer.objects.get(report=report, question__code=SHARE).number == Decimal("12.5")


@pytest.mark.parametrize(("language", "whole"), [("es", "1500"), ("pt-br", "1500"), ("en", "1500")])
def test_a_whole_number_is_shown_without_decimals_or_a_mark_that_would_read_two_ways(
    client, focal_point_a, report, framework, soup, language, whole
):
    answered(report, focal_point_a, {COUNT: Decimal("1500.00")})
    in_language(focal_point_a, language)
    client.force_login(focal_point_a)
    page = soup(client.get(reverse("progress_city:edit", args=[report.pk])))
    assert page.find("input", attrs={"name": f"q{question(framework, COUNT).pk}"})["value"] == whole
    assert autosave(client, report, framework, COUNT, whole).status_code == 200


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("es", "Escriba un número, como 1500 o 12,5."),
        ("pt-br", "Digite um número, como 1500 ou 12,5."),
        ("en", "Enter a number, such as 1500 or 12.5."),
    ],
)
def test_nonsense_is_refused_with_an_example_in_the_writer_s_language(
    client, focal_point_a, report, framework, language, message
):
    in_language(focal_point_a, language)
    client.force_login(focal_point_a)
    for typed in ("doce", "12,5,5", "12.5 %", "1e3"):
        response = autosave(client, report, framework, COUNT, typed)
        errors = json.loads(response.content)["fields"][f"q{question(framework, COUNT).pk}"]["errors"]
        assert errors == [message], typed


def test_a_number_left_out_of_a_refused_save_is_shown_again_as_it_was_saved(
    client, focal_point_a, report, framework, soup
):
    answered(report, focal_point_a, {COUNT: Decimal("1500.5")})
    in_language(focal_point_a, "es")
    client.force_login(focal_point_a)
    report.refresh_from_db()
    response = client.post(
        reverse("progress_city:edit", args=[report.pk]),
        {"version": report.version, "action": "save", f"q{question(framework, SHARE).pk}": "doce"},
    )
    assert response.status_code == 400
    field = soup(response).find("input", attrs={"name": f"q{question(framework, COUNT).pk}"})
    assert field["value"] == "1500,5"
