"""What a walk through the staff's event, mailing, import and CRM screens in Spanish and Portuguese found,
checked with the test client where no browser is needed (tests/test_admin_walk3_browser.py has the rest).

- The door's "✓ Present" button: a person using voice control says the words they see ("click Present"),
  so the button's accessible name must contain them (WCAG 2.5.3, axe's label-content-name-mismatch); it was
  "Undo the check-in of Ana Pérez" alone, which in Portuguese does not contain "Presente" at all.
- The contacts listing's first column was headed "Full name" in English on every screen: the column shows
  a model property, which carries no label Wagtail could translate.
- The registrations listing named one thing twice: its column "Situação" (the model field's name) and its
  filter "Status" (another string, which the Portuguese catalogue keeps as it is).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from events import attendance
from events.models import EventPage, Registration
from events.registration import Registrant, register
from tests.factories import ContactFactory, EventFactory

pytestmark = pytest.mark.django_db


def reads(staff_user, language):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = language
    profile.save()


def accessible_name(element):
    """The name a browser computes for a button: its aria-label, else its text without aria-hidden parts."""
    if element.has_attr("aria-label"):
        return element["aria-label"]
    for hidden in element.select("[aria-hidden=true]"):
        hidden.decompose()
    return " ".join(element.get_text(" ").split())


@pytest.mark.parametrize(
    ("language", "shown", "undo"),
    [
        ("en", "Present", "Undo the check-in of Ana Pérez"),
        ("es", "Presente", "Desmarcar a Ana Pérez como presente"),
        ("pt-br", "Presente", "Desfazer o check-in de Ana Pérez"),
    ],
)
def test_the_present_button_is_named_by_the_words_it_shows(
    staff_client, staff_user, soup, language, shown, undo
):
    reads(staff_user, language)
    event = EventFactory(starts_at=timezone.now() + timedelta(hours=1))
    register(event, Registrant(given_name="Ana", family_name="Pérez", email="ana@example.org"))
    EventPage.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    registration = Registration.objects.select_related("event").get(event=event)
    attendance.check_in(registration, attendance.default_day(registration.event), staff_user)

    page = soup(staff_client.get(reverse("events_check_in:page", args=[event.pk])))

    (button,) = page.select(".people button[value=undo]")
    name = accessible_name(button)
    assert name.startswith(shown), f"{name!r} does not start with the shown {shown!r}"
    assert undo in name


@pytest.mark.parametrize(("language", "heading"), [("es", "Nombre completo"), ("pt-br", "Nome completo")])
def test_the_contacts_listing_heads_its_name_column_in_the_readers_language(
    staff_client, staff_user, soup, language, heading
):
    reads(staff_user, language)
    ContactFactory(given_name="Ana", family_name="Pérez")

    page = soup(staff_client.get(reverse("wagtailsnippets_contacts_contact:list")))

    headings = [" ".join(th.get_text(" ").split()) for th in page.select("table.listing thead th")]
    assert "Full name" not in headings
    assert heading in headings


@pytest.mark.parametrize(("language", "name"), [("es", "Estado"), ("pt-br", "Situação")])
def test_the_registrations_status_filter_is_named_as_its_column(
    staff_client, staff_user, soup, language, name
):
    reads(staff_user, language)
    register(EventFactory(), Registrant(given_name="Ana", family_name="Pérez", email="ana@example.org"))

    page = soup(staff_client.get(reverse("wagtailsnippets_events_registration:list")))

    headings = [" ".join(th.get_text(" ").split()) for th in page.select("table.listing thead th")]
    assert name in headings
    (label,) = page.select("label[for=id_status]")
    assert " ".join(label.get_text(" ").split()) == name
