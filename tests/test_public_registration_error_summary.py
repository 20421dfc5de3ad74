"""A registration form sent back with mistakes says so where the person is: at the top, before the fields.

The page comes back scrolled to its top; on a phone the field in error sits below the fold and a keyboard
or screen-reader user starts again from the top of the page. The summary takes the focus on load, names each
mistake with a link to its field, and the page's title says the form needs correcting."""

import pytest

from events.models import EventPage
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def english_form_url(event):
    english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
    return f"{english.url}register/"


def test_a_form_with_mistakes_opens_on_a_focused_summary_linking_to_each_field(client, soup):
    response = client.post(
        english_form_url(EventFactory()), {"given_name": "", "email": "not an address", "language": "en"}
    )
    assert response.status_code == 400
    page = soup(response)
    summary = page.find(id="form-errors")
    assert summary is not None, "no summary of the mistakes"
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1", "the summary takes the focus"
    assert summary.find_next("input", attrs={"name": "given_name"}), "the summary comes before the fields"
    links = {link["href"]: link.get_text(" ", strip=True) for link in summary.find_all("a")}
    assert links == {
        "#id_given_name": "Given name: This field is required.",
        "#id_email": "E-mail address: Enter a valid email address.",
    }
    assert page.title.string.startswith("Correct the form")


def test_a_blank_form_has_no_summary_and_takes_no_focus(client, soup):
    page = soup(client.get(english_form_url(EventFactory())))
    assert page.find(id="form-errors") is None
    assert page.find(attrs={"autofocus": True}) is None
    assert page.title.string.startswith("Register")
