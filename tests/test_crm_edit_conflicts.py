"""Two people editing the same contact, organisation or engagement: a save made from a form opened before
the record last changed is refused with a message saying what changed, and nothing typed is lost. A
person's own unsubscribe is never undone by a form, stale or not, without their new consent."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, ContactEmail, Engagement, Organisation
from mailings.unsubscribe import unsubscribe_link
from tests import factories
from tests.helpers import parse_html

pytestmark = pytest.mark.django_db

CONTACT_EDIT = "wagtailsnippets_contacts_contact:edit"
NOTHING_SAVED = "Nothing of yours was saved"


def form_values(response):
    """What a browser sends for the edit form as shown: its named fields with their values, without the
    blank forms kept in <template> elements for "add another"."""
    form = parse_html(response).find("form", id="w-editor-form")
    values = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.find_parent("template"):
            continue
        if element.name == "textarea":
            values[name] = element.get_text()
        elif element.name == "select":
            chosen = [
                option.get("value", "")
                for option in element.find_all("option")
                if option.has_attr("selected")
            ]
            if element.has_attr("multiple"):
                values[name] = chosen
            else:
                values[name] = chosen[0] if chosen else element.find("option").get("value", "")
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                values[name] = element.get("value", "on")
        elif element.get("type") not in ("submit", "button"):
            values.setdefault(name, element.get("value", ""))
    return values


def open_form(client, url_name, record):
    response = client.get(reverse(url_name, args=[record.pk]))
    assert response.status_code == 200
    return form_values(response)


def save(client, url_name, record, values):
    return client.post(reverse(url_name, args=[record.pk]), values)


def page_text(response):
    return " ".join(parse_html(response).get_text().split())


@pytest.fixture
def colleague_client(superuser):
    """An administrator in another browser."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(superuser)
    return client


@pytest.fixture
def rita(medellin):
    return factories.ContactFactory(
        given_name="Rita",
        family_name="Lopes",
        job_title="Coordinadora",
        city=medellin,
        emails=["rita.lopes@example.org"],
        roles=[{"city": medellin, "role": "coordinator"}],
    )


def test_the_second_of_two_saves_from_forms_opened_together_is_refused_and_keeps_its_input(
    staff_client, colleague_client, staff_user, rita
):
    staffs = open_form(staff_client, CONTACT_EDIT, rita)
    admins = open_form(colleague_client, CONTACT_EDIT, rita)

    assert save(staff_client, CONTACT_EDIT, rita, {**staffs, "job_title": "Secretaria"}).status_code == 302
    refused = save(colleague_client, CONTACT_EDIT, rita, {**admins, "notes": "Prefers calls"})

    assert refused.status_code == 200
    rita.refresh_from_db()
    assert rita.job_title == "Secretaria"
    assert rita.notes == ""
    text = page_text(refused)
    assert NOTHING_SAVED in text
    assert f"“Edited” by {staff_user.get_username()}" in text  # who saved in between
    shown = form_values(refused)
    assert shown["notes"].strip() == "Prefers calls"
    # Sent again as it is, it is still refused: its other fields would undo the other save.
    assert save(colleague_client, CONTACT_EDIT, rita, shown).status_code == 200
    rita.refresh_from_db()
    assert rita.job_title == "Secretaria"


def test_a_form_opened_after_the_other_save_saves(staff_client, colleague_client, rita):
    staffs = open_form(staff_client, CONTACT_EDIT, rita)
    assert save(staff_client, CONTACT_EDIT, rita, {**staffs, "job_title": "Secretaria"}).status_code == 302
    admins = open_form(colleague_client, CONTACT_EDIT, rita)
    assert save(colleague_client, CONTACT_EDIT, rita, {**admins, "notes": "Prefers calls"}).status_code == 302
    rita.refresh_from_db()
    assert (rita.job_title, rita.notes) == ("Secretaria", "Prefers calls")


def test_an_address_added_elsewhere_is_not_deleted_by_an_older_form(staff_client, rita):
    values = open_form(staff_client, CONTACT_EDIT, rita)
    ContactEmail.objects.create(contact=rita, address="rita@otro.example")  # an import, for example
    assert save(staff_client, CONTACT_EDIT, rita, {**values, "job_title": "Secretaria"}).status_code == 200
    assert sorted(email.address for email in rita.emails.all()) == [
        "rita.lopes@example.org",
        "rita@otro.example",
    ]


def test_a_stale_form_does_not_undo_the_persons_unsubscribe(staff_client, rita):
    values = open_form(staff_client, CONTACT_EDIT, rita)
    path = urlsplit(unsubscribe_link(rita.pk, "es")).path
    assert Client().post(path).status_code == 200
    rita.refresh_from_db()
    unsubscribed_at = rita.unsubscribed_at
    assert unsubscribed_at is not None

    refused = save(staff_client, CONTACT_EDIT, rita, {**values, "job_title": "Secretaria"})

    assert refused.status_code == 200
    rita.refresh_from_db()
    assert rita.unsubscribed_at == unsubscribed_at
    assert rita.job_title == "Coordinadora"
    text = page_text(refused)
    assert NOTHING_SAVED in text and "Unsubscribed from mailings" in text


def test_staff_cannot_clear_an_unsubscribe_without_the_persons_new_consent(staff_client, rita):
    rita.unsubscribed_at = timezone.now() - timedelta(days=10)
    rita.save()
    values = open_form(staff_client, CONTACT_EDIT, rita)
    assert values["unsubscribed_at"]

    refused = save(staff_client, CONTACT_EDIT, rita, {**values, "unsubscribed_at": ""})
    assert refused.status_code == 200
    assert "asked to receive mailings again" in page_text(refused)
    rita.refresh_from_db()
    assert rita.unsubscribed_at is not None

    older_consent = (timezone.localdate() - timedelta(days=30)).isoformat()
    consent = {"consent_basis": "consent", "consent_source": "E-mail of 2 May asking to rejoin"}
    refused = save(
        staff_client,
        CONTACT_EDIT,
        rita,
        {**values, "unsubscribed_at": "", **consent, "consent_date": older_consent},
    )
    assert refused.status_code == 200
    rita.refresh_from_db()
    assert rita.unsubscribed_at is not None

    today = timezone.localdate().isoformat()
    saved = save(
        staff_client, CONTACT_EDIT, rita, {**values, "unsubscribed_at": "", **consent, "consent_date": today}
    )
    assert saved.status_code == 302
    rita.refresh_from_db()
    assert rita.unsubscribed_at is None
    assert rita.consent_basis == "consent"


def test_staff_can_record_an_unsubscribe_asked_by_e_mail(staff_client, rita):
    values = open_form(staff_client, CONTACT_EDIT, rita)
    asked = timezone.localtime().replace(microsecond=0, second=0)
    saved = save(
        staff_client, CONTACT_EDIT, rita, {**values, "unsubscribed_at": asked.strftime("%Y-%m-%d %H:%M")}
    )
    assert saved.status_code == 302
    rita.refresh_from_db()
    assert rita.unsubscribed_at == asked


def test_organisations_refuse_a_save_over_a_newer_one(staff_client, colleague_client, medellin):
    alcaldia = Organisation.objects.create(
        name="Alcaldía de Medellín", kind="municipal_government", city=medellin
    )
    url_name = "wagtailsnippets_contacts_organisation:edit"
    staffs = open_form(staff_client, url_name, alcaldia)
    admins = open_form(colleague_client, url_name, alcaldia)
    assert (
        save(staff_client, url_name, alcaldia, {**staffs, "website": "https://medellin.gov.co"}).status_code
        == 302
    )
    refused = save(colleague_client, url_name, alcaldia, {**admins, "notes": "Firmó la carta"})
    assert refused.status_code == 200
    assert NOTHING_SAVED in page_text(refused)
    alcaldia.refresh_from_db()
    assert (alcaldia.website, alcaldia.notes) == ("https://medellin.gov.co", "")


def test_engagements_refuse_a_save_over_a_newer_one(staff_client, colleague_client, medellin, rita):
    engagement = factories.EngagementFactory(title="Taller", cities=[medellin], participants=[rita])
    url_name = "wagtailsnippets_contacts_engagement:edit"
    staffs = open_form(staff_client, url_name, engagement)
    admins = open_form(colleague_client, url_name, engagement)
    assert save(staff_client, url_name, engagement, {**staffs, "outcome": "Plan firmado"}).status_code == 302
    refused = save(colleague_client, url_name, engagement, {**admins, "summary": "Dos horas"})
    assert refused.status_code == 200
    assert NOTHING_SAVED in page_text(refused)
    engagement = Engagement.objects.get(pk=engagement.pk)
    assert (engagement.outcome, engagement.summary) == ("Plan firmado", "")
    assert list(engagement.participants.all()) == [rita]


def test_a_form_that_sends_no_version_saves_as_before(staff_client, rita):
    values = open_form(staff_client, CONTACT_EDIT, rita)
    del values["edited_version"]
    assert save(staff_client, CONTACT_EDIT, rita, {**values, "job_title": "Secretaria"}).status_code == 302
    assert Contact.objects.get(pk=rita.pk).job_title == "Secretaria"
