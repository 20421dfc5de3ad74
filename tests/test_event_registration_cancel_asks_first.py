"""Cancelling through the personal link asks first: the place goes at once to the first person waiting, so
one press of "Cancel my registration" only asks, and nothing changes until the person confirms."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from events.models import Registration
from events.registration import Registrant, register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    event = EventFactory(title="Taller de huertos", capacity=1)
    person = Registrant(given_name="Ana", family_name="Pérez", email="ana@example.org", language="en")
    return register(event, person)


def test_the_first_press_asks_and_changes_nothing(client, soup, registration):
    response = client.post(f"/registration/{registration.manage_key}/", {"action": "cancel"})
    assert response.status_code == 200
    page = soup(response)
    text = " ".join(page.select_one("main").get_text().split())
    with translation.override(page.html["lang"]):
        question = gettext("Do you want to cancel your registration for “%(title)s”?")
        assert question % {"title": "Taller de huertos"} in text
        assert gettext("Your place will go to the next person on the waiting list.") in text
        assert page.find("button", string=gettext("Yes, cancel my registration")) is not None
        keep = page.find("a", string=gettext("No, keep my registration"))
    assert keep["href"] == f"/registration/{registration.manage_key}/"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_confirming_cancels(client, registration):
    response = client.post(f"/registration/{registration.manage_key}/", {"action": "cancel-confirmed"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
