"""The language switcher on a page's own sub-pages (an event's registration form) stays on that sub-page."""

import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def switcher_links(response, soup):
    assert response.status_code == 200
    return {link["hreflang"]: link["href"] for link in soup(response).select("nav.language-switcher a")}


def test_switching_language_on_the_registration_form_keeps_the_form(client, soup):
    event = EventFactory(title="Taller de bibliotecas")
    links = switcher_links(client.get(f"{event.url}register/"), soup)
    assert set(links) == {"pt-br", "en"}
    for language, href in links.items():
        assert href.endswith("/register/"), href
        page = soup(client.get(href))
        assert page.html["lang"] == language
        assert page.select_one("form input[name=email]") is not None, href
    back = switcher_links(client.get(links["en"]), soup)["es"]
    assert back == f"{event.url}register/"


def test_the_event_page_switcher_still_leads_to_the_event_page(client, soup):
    event = EventFactory(title="Taller de archivos")
    links = switcher_links(client.get(event.url), soup)
    assert links == {"pt-br": f"/pt-br{event.url}", "en": f"/en{event.url}"}
