"""A person's data export (`contact_data --export` and the person page's JSON download, contacts/privacy.py)
holds everything stored about them from the events and mailings too: their certificates of attendance
(code, event, date), the e-mails each registration sent them (what, when, whether it went), the audit log
of their registrations, and each mailing under the subject they received."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from events.certificates import issue_certificates
from events.models import CheckIn, Registration
from events.registration import Registrant, register
from mailings.models import Delivery, Mailing, Segment
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

ADDRESS = "ana.souza@example.org"


@pytest.fixture
def ana(staff_client, staff_user, django_capture_on_commit_callbacks):
    """Ana registered for a forum (staff cancelled it for her), attended a past workshop and has its
    certificate, and received a mailing in Portuguese."""
    forum = factories.EventFactory(title="Foro regional")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(forum, Registrant("Ana", "Souza", ADDRESS, language="pt"))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("wagtailsnippets_events_registration:cancel", args=[registration.pk])
        )
    assert response.status_code == 302
    contact = Contact.objects.get(emails__address=ADDRESS)
    now = timezone.now()
    workshop = factories.EventFactory(
        title="Taller de datos", starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1)
    )
    attended = Registration.objects.create(
        event=workshop,
        contact=contact,
        name="Ana Souza",
        email=ADDRESS,
        language="pt",
        status=Registration.Status.CONFIRMED,
    )
    CheckIn.objects.create(registration=attended, day=workshop.starts_at.date())
    with django_capture_on_commit_callbacks(execute=True):
        assert issue_certificates.call(workshop.pk) == 1
    mailing = Mailing.objects.create(
        segment=Segment.objects.create(name="Red"),
        subject_es="Boletín de la red",
        subject_pt="Boletim da rede",
        body_es="Hola.",
        body_pt="Olá.",
        created_by=staff_user,
    )
    Delivery.objects.create(
        mailing=mailing, contact=contact, address=ADDRESS, language="pt", status="sent", sent_at=now
    )
    return contact


def exported_by_command():
    stdout = io.StringIO()
    call_command("contact_data", ADDRESS, "--export", stdout=stdout)
    (person,) = json.loads(stdout.getvalue())["contacts"]
    return person


def exported_by_the_person_page(client, contact):
    response = client.post(reverse("wagtailsnippets_contacts_contact:export_data", args=[contact.pk]))
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture(params=["command", "person page"])
def exported(request, ana, staff_client):
    if request.param == "command":
        return exported_by_command()
    return exported_by_the_person_page(staff_client, ana)


def as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def test_the_export_holds_the_person_s_certificates(exported, ana):
    certificate = Registration.objects.get(event__title="Taller de datos").certificate
    assert exported["certificates"] == [
        {
            "code": certificate.code,
            "event": "Taller de datos",
            "event_starts_at": as_json(certificate.registration.event.starts_at),
            "issued_at": as_json(certificate.issued_at),
        }
    ]


def test_the_export_holds_the_e_mails_each_registration_sent(exported):
    emails = {
        registration["event"]: [(email["kind"], email["status"]) for email in registration["emails"]]
        for registration in exported["event_registrations"]
    }
    assert emails == {
        "Foro regional": [("confirmed", "sent"), ("cancelled", "sent")],
        "Taller de datos": [("certificate", "sent")],
    }
    for registration in exported["event_registrations"]:
        assert all(email["sent_at"] for email in registration["emails"])


def test_the_export_holds_the_history_of_the_person_s_registrations(exported, staff_user):
    history = {
        registration["event"]: [(entry["action"], entry["user"]) for entry in registration["history"]]
        for registration in exported["event_registrations"]
    }
    assert history == {
        "Foro regional": [("events.cancelled_by_staff", str(staff_user))],
        "Taller de datos": [],
    }


def test_the_export_gives_each_mailing_under_the_subject_the_person_received(exported):
    assert [(item["subject"], item["status"]) for item in exported["mailings"]] == [
        ("Boletim da rede", "sent")
    ]


def test_the_export_holds_the_values_a_merge_dropped(ana, staff_client):
    Contact.objects.filter(pk=ana.pk).update(job_title="Coordinadora")
    duplicate = factories.ContactFactory(
        preferred_language=ana.preferred_language,
        given_name="Ana",
        family_name="Souza",
        job_title="Secretaria de Educación",
        emails=["ana@other.example"],
    )
    response = staff_client.post(reverse("contacts_merge:merge", args=[duplicate.pk]), {"keep": ana.pk})
    assert response.status_code == 302

    for person in (exported_by_command(), exported_by_the_person_page(staff_client, ana)):
        (merge,) = [
            entry
            for entry in person["history"]
            if "merged_contact_id" not in entry and entry["action"] == "contacts.merge"
        ]
        assert merge["data"]["dropped"] == [{"field": "job_title", "value": "Secretaria de Educación"}]
