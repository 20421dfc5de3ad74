"""At the door and after: staff check people in on a phone, attendance becomes one engagement on each
participating city's timeline, and registrations awaiting approval are accepted or declined."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contacts.models import Engagement
from events.models import CheckIn, EventPage, Registration
from events.registration import Registrant, register
from tests.factories import CityFactory, EventFactory, FocalPointFactory, ThemeFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")


def person(name, email, city=None):
    given, family = name.split(" ", 1)
    return Registrant(given_name=given, family_name=family, email=email, city=city)


@pytest.fixture
def medellin():
    return CityFactory(title="Medellín", country="CO")


@pytest.fixture
def workshop(medellin):
    """A two-day workshop on now (in Bogotá's time) with two confirmed people and one waiting."""
    today = timezone.localtime(timezone.now(), BOGOTA).date()
    event = EventFactory(
        title="Taller de aprendizaje digital",
        starts_at=datetime(today.year, today.month, today.day, tzinfo=BOGOTA) - timedelta(hours=1),
        ends_at=datetime(today.year, today.month, today.day, 23, tzinfo=BOGOTA) + timedelta(days=1),
        registration_closes_at=None,
        capacity=2,
    )
    # Registration closes when the event starts: these people registered before.
    EventPage.objects.filter(pk=event.pk).update(starts_at=timezone.now() + timedelta(hours=1))
    event.refresh_from_db()
    register(event, person("Ana Pérez", "ana@example.org", city=medellin))
    register(event, person("Bruno Silva", "bruno@example.org"))
    register(event, person("Carla Rojas", "carla@example.org"))
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=datetime(today.year, today.month, today.day, tzinfo=BOGOTA)
    )
    event.refresh_from_db()
    return event


def check_in_url(event, **query):
    url = reverse("events_check_in:page", args=[event.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_the_check_in_page_finds_people_by_name_and_checks_them_in_with_one_tap(staff_client, workshop, soup):
    page = soup(staff_client.get(check_in_url(workshop, q="ana")))
    rows = page.select(".people li")
    assert [row.select_one(".who strong").get_text() for row in rows] == ["Ana Pérez"]
    ana = Registration.objects.get(email="ana@example.org")
    day = timezone.localtime(timezone.now(), BOGOTA).date()
    response = staff_client.post(
        check_in_url(workshop),
        {"registration": ana.pk, "day": day.isoformat(), "q": "ana", "action": "check_in"},
    )
    assert response.status_code == 302 and "q=ana" in response["Location"]
    page = soup(staff_client.get(response["Location"]))
    assert "present" in page.select_one(".people li")["class"]
    assert "1 of 2 present" in page.select_one(".count").get_text()
    # A second tap (another phone at the door) changes nothing.
    staff_client.post(
        check_in_url(workshop), {"registration": ana.pk, "day": day.isoformat(), "action": "check_in"}
    )
    assert CheckIn.objects.filter(registration=ana).count() == 1


def test_the_check_in_page_is_light_and_needs_no_script(staff_client, workshop):
    response = staff_client.get(check_in_url(workshop))
    assert response.status_code == 200
    assert len(response.content) < 15_000
    assert b"<script" not in response.content


def test_multi_day_events_count_attendance_per_day(staff_client, workshop, monkeypatch):
    ana = Registration.objects.get(email="ana@example.org")
    first_day = timezone.localtime(workshop.starts_at, BOGOTA).date()
    second_day = first_day + timedelta(days=1)
    staff_client.post(check_in_url(workshop), {"registration": ana.pk, "day": first_day.isoformat()})
    # The second day's check-in opens on that day.
    monkeypatch.setattr(timezone, "now", lambda: datetime.combine(second_day, time(8), BOGOTA))
    staff_client.post(check_in_url(workshop), {"registration": ana.pk, "day": second_day.isoformat()})
    assert sorted(CheckIn.objects.filter(registration=ana).values_list("day", flat=True)) == [
        first_day,
        second_day,
    ]


def with_sessions(event, day):
    """Give the event two sessions on a day (09:00 and 14:00 in Bogotá) and return their block ids."""
    page = EventPage.objects.get(pk=event.pk)
    page.programme = [
        ("session", {"title": title, "starts_at": datetime.combine(day, time(hour), tzinfo=BOGOTA)})
        for title, hour in (("Apertura", 9), ("Taller práctico", 14))
    ]
    page.save_revision().publish()
    return [block.id for block in EventPage.objects.get(pk=event.pk).programme]


def test_on_a_day_with_sessions_people_are_checked_in_per_session(staff_client, workshop, soup):
    ana = Registration.objects.get(email="ana@example.org")
    day = timezone.localtime(timezone.now(), BOGOTA).date()
    opening, practice = with_sessions(workshop, day)

    page = soup(staff_client.get(check_in_url(workshop, day=day.isoformat(), session=practice)))
    options = [option.get_text() for option in page.select("#session option")]
    assert [option.split(" · ")[1] for option in options] == ["Apertura", "Taller práctico"]
    assert page.select_one("#session option[selected]")["value"] == practice

    for session in (opening, practice):
        response = staff_client.post(
            check_in_url(workshop), {"registration": ana.pk, "day": day.isoformat(), "session": session}
        )
        assert f"session={session}" in response["Location"]
    sessions = set(CheckIn.objects.filter(registration=ana).values_list("session", flat=True))
    assert sessions == {opening, practice}
    page = soup(staff_client.get(check_in_url(workshop, day=day.isoformat(), session=opening)))
    assert "1 of 2 present at “Apertura”" in page.select_one(".count").get_text()

    # Undoing one session keeps the other; a session of another day is refused.
    staff_client.post(
        check_in_url(workshop),
        {"registration": ana.pk, "day": day.isoformat(), "session": opening, "action": "undo"},
    )
    assert list(CheckIn.objects.filter(registration=ana).values_list("session", flat=True)) == [practice]
    from events import attendance

    with pytest.raises(ValueError):
        attendance.check_in(ana, day + timedelta(days=1), None, session=opening)


def test_the_page_opens_on_the_session_running_now_or_on_another_day_s_first():
    from events.attendance import Session, default_session

    day = datetime(2027, 3, 10, tzinfo=BOGOTA)
    sessions = [
        Session("a", "Apertura", day.replace(hour=9), day.replace(hour=10)),
        Session("b", "Taller", day.replace(hour=11), None),
        Session("c", "Cierre", day.replace(hour=16), day.replace(hour=17)),
    ]
    assert default_session(sessions, now=day.replace(hour=8)).id == "a"
    assert default_session(sessions, now=day.replace(hour=11, minute=30)).id == "b"
    assert default_session(sessions, now=day.replace(hour=12, minute=30)).id == "c", "the next one"
    assert default_session(sessions, now=day.replace(hour=20)).id == "c"
    assert default_session(sessions, now=day + timedelta(days=2)).id == "a", "another day: its first"
    assert default_session([], now=day) is None


def test_the_person_page_counts_days_not_sessions(staff_client, workshop):
    ana = Registration.objects.get(email="ana@example.org")
    day = timezone.localtime(timezone.now(), BOGOTA).date()
    for session in with_sessions(workshop, day):
        staff_client.post(
            check_in_url(workshop), {"registration": ana.pk, "day": day.isoformat(), "session": session}
        )
    page = staff_client.get(reverse("wagtailsnippets_contacts_contact:inspect", args=[ana.contact_id]))
    section = page.content.decode().split('id="person-events-heading"')[1]
    assert "<td>1</td>" in section


def test_people_on_the_waiting_list_cannot_be_checked_in(staff_client, workshop):
    carla = Registration.objects.get(email="carla@example.org")
    assert carla.status == Registration.Status.WAITING
    day = timezone.localtime(timezone.now(), BOGOTA).date()
    staff_client.post(check_in_url(workshop), {"registration": carla.pk, "day": day.isoformat()})
    assert not CheckIn.objects.exists()


def test_attendance_becomes_one_engagement_on_each_city_s_timeline(
    staff_client, staff_user, workshop, medellin
):
    theme = ThemeFactory(name="Ciudades que aprenden en red")
    quito = CityFactory(title="Quito", country="EC")
    page = EventPage.objects.get(pk=workshop.pk)
    page.themes = [theme]
    page.cities = [quito]
    page.save_revision().publish()
    day = timezone.localtime(timezone.now(), BOGOTA).date()
    for email in ("ana@example.org", "bruno@example.org"):
        registration = Registration.objects.get(email=email)
        staff_client.post(check_in_url(workshop), {"registration": registration.pk, "day": day.isoformat()})

    response = staff_client.post(reverse("events_check_in:record", args=[workshop.pk]))
    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert engagement.kind == Engagement.Kind.WORKSHOP
    assert engagement.title == "Taller de aprendizaje digital"
    assert engagement.owner == staff_user
    assert {contact.full_name for contact in engagement.participants.all()} == {"Ana Pérez", "Bruno Silva"}
    assert set(engagement.cities.all()) == {medellin, quito}
    assert list(engagement.themes.all()) == [theme]
    timeline = staff_client.get(reverse("contacts_timeline:city", args=[medellin.pk])).content.decode()
    assert "Taller de aprendizaje digital" in timeline

    # Recording again after more check-ins updates the same engagement.
    staff_client.post(reverse("events_check_in:record", args=[workshop.pk]))
    assert Engagement.objects.count() == 1


def test_recording_with_nobody_checked_in_writes_nothing(staff_client, workshop):
    response = staff_client.post(reverse("events_check_in:record", args=[workshop.pk]))
    assert response.status_code == 302
    assert not Engagement.objects.exists()


def test_a_focal_point_cannot_open_the_check_in(client, workshop, medellin):
    client.force_login(FocalPointFactory(city=medellin))
    assert client.get(check_in_url(workshop)).status_code in (302, 403)
    ana = Registration.objects.get(email="ana@example.org")
    client.post(check_in_url(workshop), {"registration": ana.pk})
    assert not CheckIn.objects.exists()


def test_staff_accept_or_decline_registrations_awaiting_approval(
    staff_client, django_capture_on_commit_callbacks
):
    event = EventFactory(registration=EventPage.Registration.APPROVAL, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, person("Ana Pérez", "ana@example.org"))
        second = register(event, person("Bruno Silva", "bruno@example.org"))
        third = register(event, person("Carla Rojas", "carla@example.org"))
    assert {first.status, second.status, third.status} == {Registration.Status.PENDING}
    listing = staff_client.get(reverse("wagtailsnippets_events_registration:list")).content.decode()
    assert reverse("events_approval:decide", args=[first.pk, "approve"]) in listing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for registration, decision in ((first, "approve"), (second, "approve"), (third, "decline")):
            url = reverse("events_approval:decide", args=[registration.pk, decision])
            assert staff_client.get(url).status_code == 200
            assert staff_client.post(url).status_code == 302
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "ana@example.org": "confirmed",
        "bruno@example.org": "waiting",
        "carla@example.org": "declined",
    }
    assert {message.to[0] for message in mail.outbox} == {
        "ana@example.org",
        "bruno@example.org",
        "carla@example.org",
    }


def test_the_person_page_lists_their_events_and_days_present(staff_client, workshop):
    ana = Registration.objects.get(email="ana@example.org")
    day = timezone.localtime(timezone.now(), BOGOTA).date()
    staff_client.post(check_in_url(workshop), {"registration": ana.pk, "day": day.isoformat()})
    page = staff_client.get(reverse("wagtailsnippets_contacts_contact:inspect", args=[ana.contact_id]))
    section = page.content.decode().split('id="person-events-heading"')[1]
    assert "1 event" in section
    assert "Taller de aprendizaje digital" in section and "Confirmed" in section


def test_staff_write_the_invitation_to_the_invited_segment_as_a_draft(staff_client):
    from mailings.models import Mailing, Segment

    segment = Segment.objects.create(name="Invitados al foro")
    event = EventFactory(
        title="Foro regional", registration=EventPage.Registration.INVITATION, invited_segment=segment
    )
    url = reverse("events_invitation:write", args=[event.pk])
    assert "Invitados al foro" in staff_client.get(url).content.decode()
    response = staff_client.post(url)
    mailing = Mailing.objects.get()
    assert response["Location"] == reverse("wagtailsnippets_mailings_mailing:edit", args=[mailing.pk])
    assert mailing.segment == segment and mailing.status == Mailing.Status.DRAFT
    assert mailing.subject_es == "Invitación: Foro regional"
    assert f"{event.url}register/" in mailing.body_es
    english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
    assert f"{english.url}register/" in mailing.body_en
    assert not mail.outbox, "nothing is sent until staff send the mailing"


def test_without_an_invited_segment_the_invitation_asks_for_one(staff_client):
    event = EventFactory()
    response = staff_client.post(reverse("events_invitation:write", args=[event.pk]))
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[event.pk])
    from mailings.models import Mailing

    assert not Mailing.objects.exists()


def certificates_sent():
    return [
        message
        for message in mail.outbox
        if any(mimetype == "application/pdf" for _name, _content, mimetype in message.attachments)
    ]


def test_people_checked_in_get_a_certificate_anyone_can_check(
    staff_client, client, workshop, django_capture_on_commit_callbacks
):
    ana = Registration.objects.get(email="ana@example.org")
    day = timezone.localtime(timezone.now(), BOGOTA).date()
    staff_client.post(check_in_url(workshop), {"registration": ana.pk, "day": day.isoformat()})
    EventPage.objects.filter(pk=workshop.pk).update(ends_at=timezone.now() - timedelta(minutes=1))  # it ended
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("events_check_in:certificates", args=[workshop.pk]))
    assert response.status_code == 302
    ana.refresh_from_db()
    code = ana.certificate.code
    # (The fixture's confirmations, never sent inside its transaction, go out with it.)
    (message,) = certificates_sent()
    assert message.to == ["ana@example.org"]
    (name, content, mimetype) = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert f"/certificates/{code}/" in message.body

    # Nobody else gets one: Bruno had a place but was not checked in, Carla was waiting.
    assert not Registration.objects.exclude(pk=ana.pk).filter(certificate__isnull=False).exists()
    # Asking again issues nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("events_check_in:certificates", args=[workshop.pk]))
    assert len(certificates_sent()) == 1

    check = client.get(f"/en/certificates/{code}/")
    body = check.content.decode()
    assert check.status_code == 200 and "Ana Pérez" in body and "Taller de aprendizaje digital" in body
    assert "ana@example.org" not in body and "Alcaldía" not in body
    wrong = client.get("/en/certificates/ZZZZZZZZZZ/")
    assert wrong.status_code == 404 and "Ana Pérez" not in wrong.content.decode()

    download = client.get(f"/registration/{ana.manage_key}/certificate/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["X-Robots-Tag"] == "noindex", "a shared link's file stays out of search results"
    assert client.get(f"/registration/{ana.manage_key[:-3]}xyz/certificate/").status_code == 404


def test_a_focal_point_sees_and_registers_the_people_of_their_own_city_only(
    client, medellin, django_capture_on_commit_callbacks
):
    quito = CityFactory(title="Quito", country="EC")
    event = EventFactory(title="Webinar de ciudades", kind=EventPage.Kind.WEBINAR)
    register(event, person("Ana Pérez", "ana@example.org", city=medellin))
    register(event, person("Diego Quispe", "diego@example.org", city=quito))
    client.force_login(FocalPointFactory(city=medellin))
    url = reverse("events_city:registrations")
    page = client.get(url).content.decode()
    assert "Ana Pérez" in page and "Webinar de ciudades" in page
    assert "Diego Quispe" not in page and "ana@example.org" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "event": event.pk,
                "given_name": "Elena",
                "family_name": "Gómez",
                "email": "elena@example.org",
                "language": "es",
            },
        )
    assert response.status_code == 302
    elena = Registration.objects.get(email="elena@example.org")
    assert elena.city == medellin and elena.status == Registration.Status.CONFIRMED
    assert any(message.to == ["elena@example.org"] for message in mail.outbox)
    # Registering the same person again is refused with the reason.
    again = client.post(
        url, {"event": event.pk, "given_name": "Elena", "email": "elena@example.org", "language": "es"}
    )
    assert again.status_code == 200 and Registration.objects.filter(email="elena@example.org").count() == 1
    # The staff listing of every registration stays closed to them.
    assert client.get(reverse("wagtailsnippets_events_registration:list")).status_code in (302, 403)


def test_a_person_s_data_export_includes_their_registrations_and_erasure_removes_them(workshop):
    from contacts.privacy import erase_contact, export_contact

    ana = Registration.objects.get(email="ana@example.org")
    exported = export_contact(ana.contact)["event_registrations"]
    assert [(item["event"], item["address"], item["status"]) for item in exported] == [
        ("Taller de aprendizaje digital", "ana@example.org", "confirmed")
    ]
    erase_contact(ana.contact)
    assert not Registration.objects.filter(email="ana@example.org").exists()
