"""The public forms mark the fields a person must fill in with "*", and say in words what it means; a form of
one field (the certificate lookup) has nothing to tell apart and shows no mark."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from events.registration import Registrant, register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

EXPLANATION = "Fields marked * are required."


def form_text(page):
    return " ".join(page.select_one("main form.form").get_text().split())


def marked_labels(page):
    return [label for label in page.select("main form label") if "*" in label.get_text()]


@pytest.mark.parametrize("prefix", ["", "/pt-br", "/en"])
def test_the_registration_form_says_what_the_mark_means(client, soup, prefix):
    event = EventFactory()
    page = soup(client.get(f"{prefix}{event.url}register/"))
    assert marked_labels(page), "no field is marked"
    with translation.override(page.html["lang"]):
        assert gettext(EXPLANATION) in form_text(page)
        explanation = page.find("p", string=gettext(EXPLANATION))
    form = page.select_one("main form.form")
    in_order = form.find_all(["p", "label"])
    assert in_order.index(explanation) < in_order.index(form.find("label")), "it comes before the fields"


def test_the_personal_page_says_what_the_mark_means(client, soup):
    person = Registrant(given_name="Ana", family_name="Pérez", email="ana@example.org", language="es")
    registration = register(EventFactory(), person)
    page = soup(client.get(f"/registration/{registration.manage_key}/"))
    assert marked_labels(page)
    with translation.override(page.html["lang"]):
        assert gettext(EXPLANATION) in form_text(page)


def test_the_one_field_certificate_lookup_has_no_mark_to_explain(client, soup):
    page = soup(client.get("/certificates/"))
    assert not marked_labels(page)
    with translation.override(page.html["lang"]):
        assert gettext(EXPLANATION) not in form_text(page)
