"""Deleting a contact in the admin erases the person as `contact_data --erase` does (contacts/deletion.py):
their engagements stay, each with one more anonymous participant, their name leaves the audit log, and
the confirmation page says so beforehand. The same holds for the bulk delete of the contact listing."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry, PageLogEntry

from cities.focal_points import ensure_city_access
from contacts.models import CityRole, Contact, ContactEmail, ContactPhone, Engagement
from contacts.privacy import erase_contact
from tests import factories
from tests.form_data import contact_form_data
from tests.helpers import client_in_language, rolled_back_after_module

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

GIVEN_NAME, FAMILY_NAME = "Eulalia", "Barrientos-Ñuflo"
EMAIL, OTHER_EMAIL = "eulalia.barrientos@medellin.example", "ebarrientos@correo.example"
ENGAGEMENTS = 9


def delete_url(contact):
    return reverse("wagtailsnippets_contacts_contact:delete", args=[contact.pk])


def bulk_delete_url(*contacts):
    ids = "&".join(f"id={contact.pk}" for contact in contacts)
    return (
        f"/admin/bulk/contacts/contact/delete/?{ids}&next={reverse('wagtailsnippets_contacts_contact:list')}"
    )


def in_group(user, city):
    return ensure_city_access(city).group.user_set.filter(pk=user.pk).exists()


def text_of(response, soup):
    return " ".join(soup(response).get_text().split())


def created_through_the_admin(staff_client, medellin, bogota):
    """Eulalia, created and edited through the admin (so the audit log holds her name twice)."""
    started = (timezone.localdate() - timedelta(days=400)).isoformat()
    ended = (timezone.localdate() - timedelta(days=30)).isoformat()
    form = {
        "emails": [EMAIL, OTHER_EMAIL],
        "phones": [{"number": "+57 300 765 4321", "label": "mobile"}],
        "roles": [
            {"city": medellin.pk, "role": "focal_point", "start_date": started},
            {"city": bogota.pk, "role": "coordinator", "start_date": started, "end_date": ended},
        ],
    }
    response = staff_client.post(
        reverse("wagtailsnippets_contacts_contact:add"), contact_form_data(GIVEN_NAME, FAMILY_NAME, **form)
    )
    assert response.status_code == 302
    contact = Contact.objects.get(family_name=FAMILY_NAME)
    initial = {"emails": 2, "phones": 1, "roles": 2}
    form["emails"] = [{"id": email.pk, "address": email.address} for email in contact.emails.all()]
    form["phones"] = [
        {"id": phone.pk, "number": phone.number, "label": "office"} for phone in contact.phones.all()
    ]
    form["roles"] = [
        {**role, "id": saved.pk} for role, saved in zip(form["roles"], contact.roles.all(), strict=True)
    ]
    response = staff_client.post(
        reverse("wagtailsnippets_contacts_contact:edit", args=[contact.pk]),
        contact_form_data(GIVEN_NAME, FAMILY_NAME, initial=initial, job_title="Secretaria", **form),
    )
    assert response.status_code == 302
    return contact


@pytest.fixture(scope="class")
def eulalia_for_class(django_db_setup, django_db_blocker):
    """Eulalia's user account, which her focal-point role ties to Medellín; Eulalia, created and edited
    through the admin by a member of UIL staff who reads it in English; nine engagements with her (the
    first with a colleague; some already had erased participants), and one with the colleague only. By
    primary key; made once for the tests of TestErasingEulalia, whose erasures are rolled back after each,
    and rolled back after them."""
    with rolled_back_after_module(django_db_blocker), translation.override("en"):
        author = factories.StaffFactory(username="crm-author", email="crm-author@example.org")
        client = client_in_language(author, "en")
        account = get_user_model().objects.create_user(username="eulalia", email=EMAIL, password="pw")
        medellin, bogota = factories.sample_city("Medellín"), factories.sample_city("Bogotá")
        person = created_through_the_admin(client, medellin, bogota)
        assert in_group(account, medellin)
        colleague = factories.ContactFactory(
            given_name="Tomás", family_name="Restrepo", emails=["tomas@medellin.example"]
        )
        hers = [
            factories.EngagementFactory(
                title=f"Mesa {number}",
                cities=[medellin],
                participants=[person, colleague] if number == 0 else [person],
                anonymous_participants=number % 3,
            )
            for number in range(ENGAGEMENTS)
        ]
        other = factories.EngagementFactory(
            title="Reunión sin Eulalia", cities=[medellin], participants=[colleague]
        )
        yield {
            "account": account.pk,
            "person": person.pk,
            "hers": [engagement.pk for engagement in hers],
            "other": other.pk,
            "colleague": colleague.pk,
        }


@pytest.fixture
def account(db, eulalia_for_class):
    return get_user_model().objects.get(pk=eulalia_for_class["account"])


@pytest.fixture
def person(db, eulalia_for_class):
    return Contact.objects.get(pk=eulalia_for_class["person"])


@pytest.fixture
def log(db, eulalia_for_class):
    """The engagements of eulalia_for_class, fetched afresh for each test, and the colleague."""
    engagements = Engagement.objects.in_bulk([*eulalia_for_class["hers"], eulalia_for_class["other"]])
    return {
        "hers": [engagements[pk] for pk in eulalia_for_class["hers"]],
        "other": engagements[eulalia_for_class["other"]],
        "colleague": Contact.objects.get(pk=eulalia_for_class["colleague"]),
    }


def anonymous_counts(engagements):
    counts = dict(Engagement.objects.values_list("pk", "anonymous_participants"))
    return [counts[engagement.pk] for engagement in engagements]


def snapshot():
    return {
        "contacts": sorted(Contact.objects.values_list("pk", "given_name", "family_name")),
        "engagements": sorted(Engagement.objects.values_list("pk", "anonymous_participants")),
        "participants": sorted(Engagement.participants.through.objects.values_list("engagement", "contact")),
        "log": sorted(ModelLogEntry.objects.values_list("pk", "label")),
    }


def assert_no_trace_of_the_name():
    for model in (ModelLogEntry, PageLogEntry):
        for label, data in model.objects.values_list("label", "data"):
            for text in (label, json.dumps(data, ensure_ascii=False)):
                assert FAMILY_NAME not in text and GIVEN_NAME not in text and "eulalia" not in text.lower()


def test_the_confirmation_page_of_someone_in_no_engagement(staff_client, soup, contact_factory):
    loner = contact_factory("Solita", "Sola")
    text = text_of(staff_client.get(delete_url(loner)), soup)
    assert "Took part in no engagement." in text
    assert "user account" not in text


@pytest.fixture
def reader(db):
    """May see and edit contacts, not delete them."""
    group = Group.objects.create(name="CRM editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="contacts",
            codename__in=["view_contact", "change_contact", "view_engagement"],
        ),
    )
    user = factories.UserFactory(username="crm-editor")
    user.groups.add(group)
    return user


class TestErasingEulalia:
    """The tests of Eulalia and her engagements (eulalia_for_class); a test may erase her or add its own
    data, rolled back after it."""

    # --- The confirmation page ------------------------------------------------------------------------------

    def test_the_confirmation_page_says_what_erasing_the_person_does(
        self, staff_client, soup, person, log, account
    ):
        before = snapshot()
        response = staff_client.get(delete_url(person))
        assert response.status_code == 200
        text = text_of(response, soup)
        assert f"Took part in {ENGAGEMENTS} engagements. They stay in the engagement log" in text
        assert "Focal point, Medellín;" in text
        assert "Coordinator, Bogotá (ended)" in text
        assert f"E-mail addresses, deleted: {EMAIL}, {OTHER_EMAIL}" in text
        assert "1 phone number, deleted." in text
        assert f"The user account “eulalia” ({EMAIL}) is kept, but loses the focal-point access" in text
        assert "access this person's role gives it to: Medellín." in text
        assert "The name is removed from 2 entries of the history" in text
        assert "Erase this person? This cannot be undone." in text
        assert "referenced 0 times" not in text
        assert snapshot() == before

    # --- Erasing one person ---------------------------------------------------------------------------------

    def test_deleting_in_the_admin_erases_the_person(
        self, staff_client, staff_user, person, log, account, medellin
    ):
        person_pk, counts = person.pk, anonymous_counts(log["hers"])
        response = staff_client.post(delete_url(person))
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailsnippets_contacts_contact:list")
        messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
        assert any(
            f"The {ENGAGEMENTS} engagements they took part in keep an anonymous participant" in message
            for message in messages
        )

        assert not Contact.objects.filter(pk=person_pk).exists()
        for model in (ContactEmail, ContactPhone, CityRole):
            assert not model.objects.filter(contact_id=person_pk).exists()
        assert anonymous_counts(log["hers"]) == [count + 1 for count in counts]
        assert anonymous_counts([log["other"]]) == [0]
        first = Engagement.objects.get(pk=log["hers"][0].pk)
        assert list(first.participants.all()) == [log["colleague"]]
        assert first.participant_names() == "Tomás Restrepo, 1 erased"
        assert Engagement.objects.get(pk=log["hers"][1].pk).participant_names() == "2 erased"

        entries = ModelLogEntry.objects.filter(object_id=str(person_pk), content_type__model="contact")
        assert ("wagtail.delete", staff_user.pk) in set(entries.values_list("action", "user"))
        assert entries.count() == 3, "the history keeps that the contact was created, edited and erased"
        assert_no_trace_of_the_name()

        account.refresh_from_db()
        assert account.is_active and not in_group(account, medellin)

    def test_erasing_twice_counts_the_person_once(self, person, log):
        """A second click, or a second tab, erases a person already erased: nothing more happens."""
        counts, person_pk = anonymous_counts(log["hers"]), person.pk
        second_tab = Contact.objects.get(pk=person_pk)
        assert erase_contact(person) == ENGAGEMENTS
        assert erase_contact(second_tab) == 0
        assert anonymous_counts(log["hers"]) == [count + 1 for count in counts]
        assert ModelLogEntry.objects.filter(object_id=str(person_pk), action="wagtail.delete").count() == 1

    def test_an_erasure_that_fails_changes_nothing(self, person, log, monkeypatch):
        before = snapshot()

        def fail(*args, **kwargs):
            raise RuntimeError("the database went away")

        monkeypatch.setattr(Contact, "delete", fail)
        with pytest.raises(RuntimeError):
            erase_contact(person)
        assert snapshot() == before

    # --- Bulk delete ----------------------------------------------------------------------------------------

    def test_bulk_delete_says_what_it_does_and_erases_each_person(self, staff_client, soup, person, log):
        colleague = log["colleague"]
        counts = anonymous_counts(log["hers"] + [log["other"]])
        response = staff_client.get(bulk_delete_url(person, colleague))
        assert response.status_code == 200
        text = text_of(response, soup)
        assert "Erase these 2 people? This cannot be undone." in text
        assert f"Took part in {ENGAGEMENTS} engagements." in text
        assert "Took part in 2 engagements." in text
        assert "referenced 0 times" not in text

        response = staff_client.post(bulk_delete_url(person, colleague))
        assert response.status_code == 302
        messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
        assert (
            "2 contacts erased. Their engagements keep 11 anonymous participants in their place." in messages
        )
        assert not Contact.objects.filter(pk__in=[person.pk, colleague.pk]).exists()
        # The first engagement had both of them: two more anonymous participants.
        expected = [counts[0] + 2] + [count + 1 for count in counts[1:]]
        assert anonymous_counts(log["hers"] + [log["other"]]) == expected
        assert not Engagement.participants.through.objects.exists()
        assert_no_trace_of_the_name()

    def test_a_bulk_erasure_that_fails_erases_nobody(self, staff_user, person, log, monkeypatch):
        before = snapshot()
        colleague = log["colleague"]
        original_delete = Contact.delete

        def fail_for_the_colleague(contact, *args, **kwargs):
            if contact.pk == colleague.pk:
                raise RuntimeError("the worker was killed")
            return original_delete(contact, *args, **kwargs)

        monkeypatch.setattr(Contact, "delete", fail_for_the_colleague)
        client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
        client.force_login(staff_user)
        response = client.post(bulk_delete_url(person, colleague))
        assert response.status_code == 500
        assert snapshot() == before

    def test_the_bulk_confirmation_costs_the_same_queries_for_more_people(
        self, staff_client, person, log, contact_factory, engagement_factory, medellin
    ):
        more = [
            contact_factory(f"Otra {number}", emails=[f"otra{number}@correo.example"], phones=["+57 1"])
            for number in range(5)
        ]
        for contact in more:
            engagement_factory("Taller", [medellin], participants=[contact])
        few, many = (
            bulk_delete_url(person, log["colleague"]),
            bulk_delete_url(person, log["colleague"], *more),
        )
        staff_client.get(few)  # what the first request of a session reads once
        with CaptureQueriesContext(connection) as for_two:
            assert staff_client.get(few).status_code == 200
        with CaptureQueriesContext(connection) as for_seven:
            assert staff_client.get(many).status_code == 200
        assert len(for_seven) == len(for_two)

    # --- Who may --------------------------------------------------------------------------------------------

    def test_someone_without_delete_permission_is_refused(self, client, reader, person, log, assert_refused):
        before = snapshot()
        client.force_login(reader)
        assert_refused(client.get(delete_url(person)))
        assert_refused(client.post(delete_url(person)))
        response = client.get(bulk_delete_url(person))
        assert response.status_code == 200
        assert "You don't have permission to delete this contact" in response.content.decode()
        assert "Took part in" not in response.content.decode()
        client.post(bulk_delete_url(person))
        assert snapshot() == before

    def test_a_focal_point_cannot_reach_the_erasure(self, client, focal_point_a, person, log, assert_refused):
        before = snapshot()
        client.force_login(focal_point_a)
        for response in (
            client.get(delete_url(person)),
            client.post(delete_url(person)),
            client.get(bulk_delete_url(person)),
            client.post(bulk_delete_url(person)),
        ):
            assert_refused(response)
            assert FAMILY_NAME not in response.content.decode()
        assert snapshot() == before
