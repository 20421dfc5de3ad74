"""A form sent without the site's security cookie (cookies blocked, or the cookie gone since the form was
shown) gets a page of the site in the reader's language that says what to do, not Django's bare page that
speaks of DEBUG=True."""

import pytest
from django.test import Client

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_without_cookies():
    return Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("prefix", ["", "/pt-br", "/en"])
def test_a_registration_sent_without_the_cookie_leads_back_to_the_form(browser_without_cookies, soup, prefix):
    event = EventFactory(title="Taller de huertos")
    form_url = f"{prefix}{event.url}register/"
    response = browser_without_cookies.post(form_url, {"given_name": "Ana", "email": "ana@example.org"})
    assert response.status_code == 403
    page = soup(response)
    assert page.html["lang"] == (prefix.strip("/") or "es")
    assert page.select_one("nav.site-nav") is not None, "the site's own page, with its navigation"
    assert "DEBUG" not in page.get_text()
    assert page.select_one("main h1") is not None
    assert form_url in [link["href"] for link in page.select("main a")]
    assert browser_without_cookies.get(form_url).status_code == 200


def test_the_page_says_what_happened_and_what_to_do(browser_without_cookies, soup):
    event = EventFactory(title="Taller de semillas")
    page = soup(browser_without_cookies.post(f"/en{event.url}register/", {"given_name": "Ana"}))
    assert page.select_one("main h1").get_text(strip=True) == "The form could not be sent"
    assert "allow cookies for this site" in page.select_one("main").get_text()
