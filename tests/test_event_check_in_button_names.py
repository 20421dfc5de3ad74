"""Each button of the door's list names its person: a screen reader moving from button to button hears
whom it checks in, not "Check in" fifty times; the name starts with the words the button shows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from events.models import EventPage
from events.registration import Registrant, register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "shown", "named"),
    [
        ("en", "Check in", "Check in Ana Pérez"),
        ("es", "Marcar presente", "Marcar presente a Ana Pérez"),
        ("pt-br", "Fazer check-in", "Fazer check-in de Ana Pérez"),
    ],
)
def test_each_check_in_button_says_whom_it_checks_in(staff_client, staff_user, soup, language, shown, named):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = language
    profile.save()
    event = EventFactory(starts_at=timezone.now() + timedelta(hours=1))
    register(event, Registrant(given_name="Ana", family_name="Pérez", email="ana@example.org"))
    EventPage.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=1))

    page = soup(staff_client.get(reverse("events_check_in:page", args=[event.pk])))

    (button,) = page.select(".people button[value=check_in]")
    assert button.get_text(strip=True) == shown
    assert button["aria-label"] == named
