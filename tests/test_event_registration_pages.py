"""What the registration form and the personal-link page tell the person: help texts and errors that screen
readers announce with their field, and, on cancelling, a word about the place only when one was freed."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from events.models import EventPage, Registration
from events.registration import Registrant, approve, register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

HELP_TEXTS = {
    "id_accessibility_needs": "Interpretation, captions, step-free access… Only the organisers see it.",
    "id_consent_to_contact": "You can withdraw it at any time with the link in each message.",
}


def english_form_url(event):
    english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
    return f"{english.url}register/"


def descriptions(page, field_id):
    """The texts of the elements a field's aria-describedby names (each must exist)."""
    field = page.find(id=field_id)
    names = field.get("aria-describedby", "").split()
    assert names, f"{field_id} is described by nothing"
    found = [page.find(id=name) for name in names]
    assert None not in found, f"{field_id} is described by ids the page lacks: {names}"
    return [element.get_text(" ", strip=True) for element in found]


@pytest.mark.parametrize("field_id", HELP_TEXTS)
def test_the_registration_form_announces_each_help_text_with_its_field(client, soup, field_id):
    page = soup(client.get(english_form_url(EventFactory())))
    assert descriptions(page, field_id) == [HELP_TEXTS[field_id]]


def test_the_registration_form_announces_an_error_with_its_field(client, soup):
    response = client.post(english_form_url(EventFactory()), {"given_name": "Ana", "email": "not an address"})
    assert response.status_code == 400
    assert descriptions(soup(response), "id_email") == ["Enter a valid email address."]


def person(email):
    return Registrant(given_name="Ana", family_name="Pérez", email=email)


@pytest.mark.parametrize("field_id", HELP_TEXTS)
def test_the_personal_link_page_shows_and_announces_the_help_texts(client, soup, field_id):
    registration = register(EventFactory(), person("ana@example.org"))
    page = soup(client.get(f"/registration/{registration.manage_key}/"))
    with translation.override(page.html["lang"]):
        assert descriptions(page, field_id) == [gettext(HELP_TEXTS[field_id])]


def message_on_cancelling(client, soup, registration):
    """The message shown after cancelling, and the language of its page."""
    response = client.post(f"/registration/{registration.manage_key}/", {"action": "cancel-confirmed"})
    assert response.status_code == 302
    page = soup(client.get(response["Location"]))
    return " ".join(page.select_one(".notice--success").get_text().split()), page.html["lang"]


def translated(language, *messages):
    with translation.override(language):
        return " ".join(gettext(message) for message in messages)


CANCELLED = "Your registration is cancelled. Thank you for letting us know."
PLACE_FREED = "Your place goes to the next person on the waiting list."


def test_cancelling_a_confirmed_place_says_it_goes_to_the_waiting_list(client, soup):
    event = EventFactory(capacity=1)
    confirmed = register(event, person("ana@example.org"))
    register(event, person("bea@example.org"))
    message, language = message_on_cancelling(client, soup, confirmed)
    assert message == translated(language, CANCELLED, PLACE_FREED)


def test_cancelling_from_the_waiting_list_frees_no_place(client, soup):
    event = EventFactory(capacity=1)
    register(event, person("ana@example.org"))
    waiting = register(event, person("bea@example.org"))
    assert waiting.status == Registration.Status.WAITING
    message, language = message_on_cancelling(client, soup, waiting)
    assert message == translated(language, CANCELLED)


def test_cancelling_while_awaiting_approval_frees_no_place(client, soup):
    pending = register(
        EventFactory(capacity=5, registration=EventPage.Registration.APPROVAL), person("a@x.org")
    )
    assert pending.status == Registration.Status.PENDING
    message, language = message_on_cancelling(client, soup, pending)
    assert message == translated(language, CANCELLED)


def test_cancelling_a_place_confirmed_by_the_organisers_says_it_goes_to_the_waiting_list(client, soup):
    pending = register(
        EventFactory(capacity=5, registration=EventPage.Registration.APPROVAL), person("a@x.org")
    )
    assert approve(pending).status == Registration.Status.CONFIRMED
    message, language = message_on_cancelling(client, soup, pending)
    assert message == translated(language, CANCELLED, PLACE_FREED)


def test_without_a_limit_of_places_cancelling_speaks_of_no_waiting_list(client, soup):
    confirmed = register(EventFactory(capacity=None), person("ana@example.org"))
    message, language = message_on_cancelling(client, soup, confirmed)
    assert message == translated(language, CANCELLED)
