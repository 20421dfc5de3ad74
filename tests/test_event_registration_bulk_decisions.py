"""Staff accept or decline several registrations awaiting approval at once, from the registrations listing
(Wagtail's bulk actions): each person gets the e-mail a single decision sends, and a registration chosen
that no longer awaits approval stays as it is."""

import pytest
from django.core import mail
from django.urls import reverse

from events.models import EventPage, Notice, Registration
from events.registration import Registrant, register
from tests.factories import CityFactory, EventFactory, FocalPointFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

LISTING = "/admin/snippets/events/registration/"


def person(name):
    return Registrant(
        given_name=name, family_name="Pérez", email=f"{name.lower()}@example.org", language="en"
    )


@pytest.fixture
def event():
    return EventFactory(title="Foro regional", registration=EventPage.Registration.APPROVAL, capacity=1)


@pytest.fixture
def pending(event):
    registrations = [register(event, person(name)) for name in ("Ana", "Bruno", "Carla")]
    Notice.objects.update(status=Notice.Status.SENT)  # "We have received your registration".
    return registrations


def bulk_url(decision, *registrations):
    ids = "&".join(f"id={registration.pk}" for registration in registrations)
    return f"/admin/bulk/events/registration/{decision}/?{ids}&next={LISTING}"


def decide(client, capture, url):
    mail.outbox.clear()
    with capture(execute=True):
        return client.post(url)


def test_the_listing_offers_to_accept_and_decline_the_selected(staff_client):
    page = staff_client.get(reverse("wagtailsnippets_events_registration:list")).content.decode()
    assert "/admin/bulk/events/registration/accept/" in page
    assert "/admin/bulk/events/registration/decline/" in page


def test_accepting_several_gives_the_places_in_order_and_tells_each(
    staff_client, pending, django_capture_on_commit_callbacks
):
    ana, bruno, carla = pending
    url = bulk_url("accept", ana, bruno)
    assert staff_client.get(url).status_code == 200

    response = decide(staff_client, django_capture_on_commit_callbacks, url)

    assert response.status_code == 302 and response["Location"] == LISTING
    status = dict(Registration.objects.values_list("name", "status"))
    # One place: Ana, chosen first, takes it; Bruno goes on the waiting list; Carla still waits.
    assert status == {"Ana Pérez": "confirmed", "Bruno Pérez": "waiting", "Carla Pérez": "pending"}
    assert sorted(message.to[0] for message in mail.outbox) == ["ana@example.org", "bruno@example.org"]
    kinds = set(
        Notice.objects.filter(registration__in=[ana, bruno]).values_list("registration__name", "kind")
    )
    assert {("Ana Pérez", "confirmed"), ("Bruno Pérez", "waiting")} <= kinds


def test_declining_several_tells_each(staff_client, pending, django_capture_on_commit_callbacks):
    ana, bruno, _carla = pending

    decide(staff_client, django_capture_on_commit_callbacks, bulk_url("decline", ana, bruno))

    assert set(Registration.objects.filter(status="declined").values_list("name", flat=True)) == {
        "Ana Pérez",
        "Bruno Pérez",
    }
    assert len(mail.outbox) == 2
    assert all("could not be accepted" in message.subject for message in mail.outbox)


def test_a_registration_no_longer_awaiting_approval_stays_as_it_is(
    staff_client, pending, django_capture_on_commit_callbacks
):
    ana, bruno, _carla = pending
    ana.status = Registration.Status.CANCELLED
    ana.save()
    url = bulk_url("decline", ana, bruno)

    page = staff_client.get(url).content.decode()
    assert "Ana Pérez" in page and "not awaiting approval" in page

    decide(staff_client, django_capture_on_commit_callbacks, url)

    assert Registration.objects.get(pk=ana.pk).status == Registration.Status.CANCELLED
    assert Registration.objects.get(pk=bruno.pk).status == Registration.Status.DECLINED
    assert [message.to for message in mail.outbox] == [["bruno@example.org"]]


def test_a_focal_point_cannot_decide_in_bulk(client, pending):
    client.force_login(FocalPointFactory(city=CityFactory(title="Medellín", country="CO")))

    response = client.post(bulk_url("accept", *pending))

    assert response.status_code in (302, 403)
    assert set(Registration.objects.values_list("status", flat=True)) == {"pending"}


def test_all_in_a_filtered_listing_means_the_listings_registrations_only(
    staff_client, pending, django_capture_on_commit_callbacks
):
    other_event = EventFactory(title="Taller de datos", registration=EventPage.Registration.APPROVAL)
    register(other_event, person("Diego"))
    register(other_event, person("Elena"))
    # "Select all in listing" on the listing filtered to the forum and searched for "ana": the browser sends
    # the listing's filters with id=all.
    event = pending[0].event
    url = f"/admin/bulk/events/registration/accept/?event={event.pk}&q=ana&id=all&next={LISTING}"

    decide(staff_client, django_capture_on_commit_callbacks, url)

    status = dict(Registration.objects.values_list("name", "status"))
    assert status["Diego Pérez"] == status["Elena Pérez"] == "pending", "another event's were accepted"
    assert status["Ana Pérez"] == "confirmed"
    assert status["Bruno Pérez"] == status["Carla Pérez"] == "pending", "the search left them out"
