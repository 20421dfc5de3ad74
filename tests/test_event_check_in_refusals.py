"""The check-in page refuses what it cannot do, with a message and never an error page: checking people in
before the event's first day, or at a later day or its sessions before that day (in the event's time
zone), issuing certificates before the event has ended, a person, day or session the event does not have.
A certificate of an event not yet over is neither shown as genuine nor downloadable."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.certificates import issue_certificates
from events.models import Certificate, CheckIn, EventPage, Registration
from events.registration import Registrant, register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")


def registered(event, name="ana"):
    return register(
        event, Registrant(given_name=name.title(), family_name="", email=f"{name}@example.org", language="en")
    )


def moved(event, starts_at, ends_at):
    EventPage.objects.filter(pk=event.pk).update(starts_at=starts_at, ends_at=ends_at)
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def upcoming():
    """A workshop in a month, Ana with a place."""
    event = EventFactory(title="Taller que viene")
    registered(event)
    return event


@pytest.fixture
def on_now():
    """A workshop on today and tomorrow (in Bogotá's time), Ana with a place."""
    event = EventFactory(title="Taller en curso")
    registered(event)
    today = timezone.localtime(timezone.now(), BOGOTA).date()
    return moved(
        event,
        datetime.combine(today, time(0), tzinfo=BOGOTA),
        datetime.combine(today + timedelta(days=1), time(23), tzinfo=BOGOTA),
    )


def check_in_url(event):
    return reverse("events_check_in:page", args=[event.pk])


def first_day(event):
    return timezone.localtime(event.starts_at, event.zone).date()


def tap(staff_client, event, **fields):
    """POST a tap as the page sends it (the event's first day, no session), then read the page it leads to."""
    ana = Registration.objects.get(event=event, email="ana@example.org")
    data = {"registration": ana.pk, "day": first_day(event).isoformat(), "session": "", "q": "", **fields}
    response = staff_client.post(check_in_url(event), data)
    assert response.status_code == 302
    return staff_client.get(response["Location"]).content.decode()


def test_nobody_is_checked_in_before_the_event_s_first_day(staff_client, upcoming):
    page = tap(staff_client, upcoming)
    assert "Check-in opens on" in page
    assert not CheckIn.objects.exists()


def test_check_in_opens_at_midnight_of_the_first_day_in_the_event_s_time_zone(upcoming):
    from events.attendance import check_in_is_open

    event = moved(
        upcoming,
        datetime(2027, 1, 4, 9, tzinfo=BOGOTA),
        datetime(2027, 1, 4, 17, tzinfo=BOGOTA),
    )
    # 23:30 on the eve in Bogotá is already 4 January in UTC: still closed.
    assert not check_in_is_open(event, now=datetime(2027, 1, 3, 23, 30, tzinfo=BOGOTA))
    assert check_in_is_open(event, now=datetime(2027, 1, 4, 0, 5, tzinfo=BOGOTA))
    assert check_in_is_open(event, now=datetime(2027, 1, 5, 10, tzinfo=BOGOTA)), "and after, to catch up"


def test_a_later_day_and_its_sessions_open_for_check_in_on_that_day(staff_client, on_now, monkeypatch):
    tomorrow = first_day(on_now) + timedelta(days=1)
    assert "opens on that day, not before" in tap(staff_client, on_now, day=tomorrow.isoformat())
    page = EventPage.objects.get(pk=on_now.pk)
    page.programme = [
        ("session", {"title": "Cierre", "starts_at": datetime.combine(tomorrow, time(9), BOGOTA)})
    ]
    page.save_revision().publish()
    closing = EventPage.objects.get(pk=on_now.pk).programme[0].id
    text = tap(staff_client, on_now, day=tomorrow.isoformat(), session=closing)
    assert "opens on that day, not before" in text
    assert not CheckIn.objects.exists()

    # Just after midnight of that day in Bogotá (already morning in UTC), its session opens.
    monkeypatch.setattr(timezone, "now", lambda: datetime.combine(tomorrow, time(0, 5), BOGOTA))
    text = tap(staff_client, on_now, day=tomorrow.isoformat(), session=closing)
    assert "opens on" not in text
    assert list(CheckIn.objects.values_list("day", "session")) == [(tomorrow, closing)]


def test_a_later_day_opens_at_its_midnight_in_the_event_s_time_zone(upcoming):
    from events.attendance import check_in_is_open

    event = moved(upcoming, datetime(2027, 1, 4, 9, tzinfo=BOGOTA), datetime(2027, 1, 5, 17, tzinfo=BOGOTA))
    second = date(2027, 1, 5)
    # 23:30 on the first day in Bogotá is already 5 January in UTC: the second day is still closed.
    assert not check_in_is_open(event, now=datetime(2027, 1, 4, 23, 30, tzinfo=BOGOTA), day=second)
    assert check_in_is_open(event, now=datetime(2027, 1, 4, 23, 30, tzinfo=BOGOTA)), "the first day is open"
    assert check_in_is_open(event, now=datetime(2027, 1, 5, 0, 5, tzinfo=BOGOTA), day=second)


def test_certificates_wait_for_the_end_of_the_event(
    staff_client, client, on_now, django_capture_on_commit_callbacks
):
    assert "Check-in opens" not in tap(staff_client, on_now)
    assert CheckIn.objects.count() == 1
    mail.outbox.clear()
    url = reverse("events_check_in:certificates", args=[on_now.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url)
    assert "once the event has ended" in staff_client.get(response["Location"]).content.decode()
    assert not Certificate.objects.exists() and not mail.outbox
    assert issue_certificates.call(on_now.pk) == 0, "the worker issues none before the end either"

    moved(on_now, on_now.starts_at - timedelta(days=3), timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url)
    assert "being issued" in staff_client.get(response["Location"]).content.decode()
    certificate = Certificate.objects.get()
    # (The fixture's confirmation, never sent inside its transaction, goes out with it.)
    assert [message.to for message in mail.outbox if "certificate" in message.subject] == [
        ["ana@example.org"]
    ]
    assert client.get(f"/en/certificates/{certificate.code}/").status_code == 200


def test_a_certificate_of_an_event_not_yet_over_is_not_shown_as_genuine(client, upcoming):
    ana = Registration.objects.get(email="ana@example.org")
    certificate = Certificate.objects.create(registration=ana, pdf=b"%PDF-")
    check = client.get(f"/en/certificates/{certificate.code}/")
    assert check.status_code == 404
    assert "Ana" not in check.content.decode() and "genuine" not in check.content.decode()


def test_a_certificate_issued_before_the_event_ended_is_not_downloadable_until_it_has(client, upcoming):
    ana = Registration.objects.get(email="ana@example.org")
    Certificate.objects.create(registration=ana, pdf=b"%PDF-")  # as older code could issue it
    download = f"/registration/{ana.manage_key}/certificate/"
    assert client.get(download).status_code == 404
    assert download not in client.get(f"/registration/{ana.manage_key}/").content.decode()

    moved(upcoming, timezone.now() - timedelta(days=1), timezone.now() - timedelta(hours=1))
    assert download in client.get(f"/registration/{ana.manage_key}/").content.decode()
    response = client.get(download)
    assert response.status_code == 200 and bytes(response.content) == b"%PDF-"


@pytest.mark.parametrize("value", ["abc", "", "12abc", "99999999999999999999999"])
def test_a_tap_on_no_registration_is_not_found(staff_client, on_now, value):
    response = staff_client.post(check_in_url(on_now), {"registration": value, "day": "", "session": ""})
    assert response.status_code == 404
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("day", ["2099-01-01", "not-a-day", ""])
def test_a_day_the_event_does_not_have_is_refused_not_replaced(staff_client, on_now, day):
    page = tap(staff_client, on_now, day=day)
    assert "That day is not a day of the event." in page
    assert not CheckIn.objects.exists()


def test_a_session_the_day_does_not_have_is_refused_not_replaced(staff_client, on_now):
    page = EventPage.objects.get(pk=on_now.pk)
    page.programme = [
        ("session", {"title": "Apertura", "starts_at": datetime.combine(first_day(on_now), time(9), BOGOTA)})
    ]
    page.save_revision().publish()
    for session in ("no-such-session", ""):
        text = tap(staff_client, on_now, session=session)
        assert "That session is not in the programme of this day." in text
        text = tap(staff_client, on_now, session=session, action="undo")
        assert "That session is not in the programme of this day." in text
    assert not CheckIn.objects.exists()
