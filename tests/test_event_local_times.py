"""Every time of an event is shown as the clock reads it where the event happens, whatever the site's time
zone (America/Mexico_City) or the reader's: in the e-mails to registrants, on the check-in page, in the
invitation's draft, on a focal point's page and on a person's page. An event known by its days ("dates
only") shows its dates, never a time."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import EventPage, Registration
from events.registration import Registrant, cancel, register
from tests.factories import CityFactory, ContactFactory, EventFactory, FocalPointFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
NEXT_YEAR = timezone.now().year + 1


@pytest.fixture
def workshop_in_bogota():
    """10:30 to 13:30 in Bogotá: 09:30 to 12:30 on the site's clock (Mexico City)."""
    starts = datetime(NEXT_YEAR, 1, 14, 10, 30, tzinfo=BOGOTA)
    return EventFactory(title="Taller en Bogotá", starts_at=starts, ends_at=starts + timedelta(hours=3))


@pytest.fixture
def forum_at_half_past_midnight():
    """00:30 on 1 March in São Paulo: still 28 February on the site's clock."""
    starts = datetime(NEXT_YEAR, 3, 1, 0, 30, tzinfo=SAO_PAULO)
    return EventFactory(
        title="Foro de medianoche",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="America/Sao_Paulo",
    )


def registered(event, email="ana@example.org", city=None):
    """Register a person (who reads English) and send the e-mails the registration writes."""
    person = Registrant(given_name="Ana", family_name="Pérez", email=email, city=city, language="en")
    return register(event, person)


def e_mail_to(address):
    (message,) = [message for message in mail.outbox if message.to == [address]]
    return message.body


def when_line(body):
    (line,) = [line for line in body.splitlines() if line.startswith("When:")]
    return line


def test_the_confirmation_e_mail_gives_the_events_own_times(
    workshop_in_bogota, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registered(workshop_in_bogota)
    assert when_line(e_mail_to("ana@example.org")) == (
        f"When: 14 January {NEXT_YEAR}, 10:30 – 13:30 (Bogotá time, UTC−5)"
    )


def test_an_event_over_two_days_gives_both_dates_in_the_e_mail(django_capture_on_commit_callbacks):
    """Its end is on another day as the event's clock reads it: the e-mail names that day."""
    starts = datetime(NEXT_YEAR, 1, 14, 18, 0, tzinfo=BOGOTA)
    event = EventFactory(title="Vigilia", starts_at=starts, ends_at=starts + timedelta(hours=8))
    with django_capture_on_commit_callbacks(execute=True):
        registered(event)
    assert when_line(e_mail_to("ana@example.org")) == (
        f"When: 14 January {NEXT_YEAR}, 18:00 – 15 January {NEXT_YEAR}, 02:00 (Bogotá time, UTC−5)"
    )


def test_the_e_mail_of_a_place_freed_gives_the_events_own_times(
    workshop_in_bogota, django_capture_on_commit_callbacks
):
    EventPage.objects.filter(pk=workshop_in_bogota.pk).update(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = registered(workshop_in_bogota, email="first@example.org")
        registered(workshop_in_bogota, email="second@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel(first)
    assert "10:30 – 13:30" in when_line(e_mail_to("second@example.org"))


def test_the_check_in_page_lists_the_sessions_at_the_events_own_times(staff_client, soup, workshop_in_bogota):
    page = EventPage.objects.get(pk=workshop_in_bogota.pk)
    day = workshop_in_bogota.starts_at.astimezone(BOGOTA).date()
    page.programme = [
        ("session", {"title": "Apertura", "starts_at": datetime.combine(day, time(10, 30), BOGOTA)})
    ]
    page.save_revision().publish()
    check_in = soup(staff_client.get(reverse("events_check_in:page", args=[page.pk])))
    (option,) = [option.get_text() for option in check_in.select("#session option")]
    assert option.startswith("10:30") and "Apertura" in option


def test_the_invitation_draft_gives_the_day_where_the_event_happens(
    staff_client, forum_at_half_past_midnight
):
    from mailings.models import Mailing, Segment

    event = forum_at_half_past_midnight
    event.invited_segment = Segment.objects.create(name="Invitados")
    event.save_revision().publish()
    staff_client.post(reverse("events_invitation:write", args=[event.pk]))
    mailing = Mailing.objects.get()
    assert f"1 March {NEXT_YEAR}" in mailing.body_en
    assert f"1 de marzo de {NEXT_YEAR}" in mailing.body_es
    assert f"1 de março de {NEXT_YEAR}" in mailing.body_pt.lower()


def test_a_focal_point_sees_the_day_where_the_event_happens(client, forum_at_half_past_midnight):
    medellin = CityFactory(title="Medellín", country="CO")
    Registration.objects.create(
        event=forum_at_half_past_midnight,
        contact=ContactFactory(given_name="Ana"),
        name="Ana Pérez",
        email="ana@example.org",
        city=medellin,
        status=Registration.Status.CONFIRMED,
    )
    client.force_login(FocalPointFactory(city=medellin))
    page = client.get(reverse("events_city:registrations")).content.decode()
    assert f"Foro de medianoche (1 March {NEXT_YEAR})" in page


def test_the_person_page_gives_the_day_where_the_event_happens(
    staff_client, soup, forum_at_half_past_midnight
):
    contact = ContactFactory(given_name="Ana")
    Registration.objects.create(
        event=forum_at_half_past_midnight,
        contact=contact,
        name="Ana Pérez",
        email="ana@example.org",
        status=Registration.Status.CONFIRMED,
    )
    page = soup(staff_client.get(reverse("wagtailsnippets_contacts_contact:inspect", args=[contact.pk])))
    row = page.select_one('section[aria-labelledby="person-events-heading"] tbody tr')
    assert row.select_one("td").get_text(strip=True) == f"1 March {NEXT_YEAR}"


# --- Events known by their days -----------------------------------------------------------------------------


@pytest.fixture
def two_day_forum():
    """Known by its days, 14 and 15 January, though its stored times are 10:30 in Bogotá."""
    starts = datetime(NEXT_YEAR, 1, 14, 10, 30, tzinfo=BOGOTA)
    return EventFactory(
        title="Foro de dos días", all_day=True, starts_at=starts, ends_at=starts + timedelta(days=1)
    )


def dates_only(element):
    """The event's two days, and no time nor time zone, on a page in any language."""
    assert [moment["datetime"] for moment in element.select("time")] == [
        f"{NEXT_YEAR}-01-14",
        f"{NEXT_YEAR}-01-15",
    ]
    text = element.get_text(" ", strip=True)
    assert "10:30" not in text and "9:30" not in text and "Bogotá" not in text and "UTC" not in text


def test_the_registration_form_of_an_event_known_by_its_days_gives_its_dates(client, soup, two_day_forum):
    english = EventPage.objects.get(translation_key=two_day_forum.translation_key, locale__language_code="en")
    dates_only(soup(client.get(f"{english.url}register/")).select_one(".registration"))


def test_the_personal_link_page_of_an_event_known_by_its_days_gives_its_dates(client, soup, two_day_forum):
    registration = registered(two_day_forum)
    dates_only(soup(client.get(f"/registration/{registration.manage_key}/")).select_one(".registration"))


def test_the_e_mail_of_an_event_known_by_its_days_gives_its_dates(
    two_day_forum, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registered(two_day_forum)
    assert when_line(e_mail_to("ana@example.org")) == f"When: 14–15 January {NEXT_YEAR}"
