"""Staff correct a registrant's misspelt name on the registration's edit page; a certificate already issued
is made again by the worker with the corrected name and the same code, so that the printed code leads to
a page that says what the new certificate says, and the person receives it by e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.certificates import issue_certificates
from events.models import Certificate, CheckIn, Notice, Registration
from tests.factories import ContactFactory, EventFactory
from tests.pdf_reading import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def certified():
    """Ana's registration to an event that has ended, checked in and with her certificate issued."""
    now = timezone.now()
    event = EventFactory(
        title="Taller de datos", starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1)
    )
    registration = Registration.objects.create(
        event=event,
        contact=ContactFactory(),
        name="Ana Péres",
        email="ana@example.org",
        organisation="Alcaldía",
        language="en",
        status=Registration.Status.CONFIRMED,
    )
    CheckIn.objects.create(registration=registration, day=event.starts_at.date())
    assert issue_certificates.call(event.pk) == 1
    mail.outbox.clear()
    return Registration.objects.get(pk=registration.pk)


def edit(staff_client, registration, capture, **changes):
    data = {
        "name": registration.name,
        "organisation": registration.organisation,
        "role": registration.role,
        "city": "",
        "language": registration.language,
        "accessibility_needs": registration.accessibility_needs,
        **changes,
    }
    with capture(execute=True):
        return staff_client.post(
            reverse("wagtailsnippets_events_registration:edit", args=[registration.pk]), data
        )


def test_staff_correct_the_name_and_the_certificate_is_made_again_with_its_code(
    staff_client, client, certified, django_capture_on_commit_callbacks
):
    code = certified.certificate.code
    form = staff_client.get(reverse("wagtailsnippets_events_registration:edit", args=[certified.pk]))
    assert 'name="name"' in form.content.decode(), "the edit page has the name"

    response = edit(staff_client, certified, django_capture_on_commit_callbacks, name="Ana Pérez")

    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.code == code
    assert "Ana Pérez" in pdf_text(bytes(certificate.pdf)).splitlines()
    assert "Ana Péres" not in pdf_text(bytes(certificate.pdf))
    check = client.get(f"/en/certificates/{code}/").content.decode()
    assert "Ana Pérez" in check and "Ana Péres" not in check
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    ((filename, attached, _),) = message.attachments
    assert filename == f"certificate-{code}.pdf"
    assert "Ana Pérez" in pdf_text(attached).splitlines()
    assert certified.notices.filter(kind=Notice.Kind.CERTIFICATE, status=Notice.Status.SENT).count() == 2


def test_changing_something_else_leaves_the_certificate_as_issued(
    staff_client, certified, django_capture_on_commit_callbacks
):
    issued = bytes(certified.certificate.pdf)

    response = edit(staff_client, certified, django_capture_on_commit_callbacks, organisation="Gobernación")

    assert response.status_code == 302
    assert bytes(Certificate.objects.get().pdf) == issued
    assert not mail.outbox


def test_a_name_with_nothing_to_show_is_refused_and_nothing_changes(
    staff_client, certified, django_capture_on_commit_callbacks
):
    issued = bytes(certified.certificate.pdf)

    response = edit(staff_client, certified, django_capture_on_commit_callbacks, name="\u200b \u200b")

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Registration.objects.get().name == "Ana Péres"
    assert bytes(Certificate.objects.get().pdf) == issued
    assert not mail.outbox


def test_a_corrected_name_before_any_certificate_is_only_a_correction(
    staff_client, certified, django_capture_on_commit_callbacks
):
    Certificate.objects.all().delete()

    response = edit(staff_client, certified, django_capture_on_commit_callbacks, name="\u200bAna Pérez ")

    assert response.status_code == 302
    assert Registration.objects.get().name == "Ana Pérez"
    assert not Certificate.objects.exists()
    assert not mail.outbox
    assert issue_certificates.call(certified.event_id) == 1
    assert "Ana Pérez" in pdf_text(bytes(Certificate.objects.get().pdf)).splitlines()
