"""A page per person (contacts/person.py): who they are, their roles, engagements and focal-point access,
and what staff do from there: log an engagement with them, invite them, export their data, erase them."""

import json
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import ModelLogEntry

from cities.models import FocalPointInvitation
from contacts.models import Contact
from tests import factories
from tests.helpers import assert_refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

EMAIL = "rosa.quispe@cusco.example"


def person_url(contact):
    return reverse("wagtailsnippets_contacts_contact:inspect", args=[contact.pk])


def export_url(contact):
    return reverse("wagtailsnippets_contacts_contact:export_data", args=[contact.pk])


def invite_url(contact):
    return reverse("wagtailsnippets_contacts_contact:invite_focal_point", args=[contact.pk])


def text_of(response, soup):
    return " ".join(soup(response).get_text().split())


@pytest.fixture
def person(medellin, bogota):
    """Rosa: focal point of Medellín now, coordinator in Bogotá until last month."""
    today = timezone.localdate()
    return factories.ContactFactory(
        given_name="Rosa",
        family_name="Quispe",
        job_title="Secretaria de Educación",
        organisation=factories.OrganisationFactory(name="Alcaldía de Medellín"),
        consent_basis="consent",
        consent_date=date(2025, 3, 14),
        emails=[EMAIL, "rquispe@correo.example"],
        phones=[{"number": "+57 604 555 0101", "label": "office"}],
        roles=[
            {"city": medellin, "role": "focal_point", "start_date": today - timedelta(days=200)},
            {
                "city": bogota,
                "role": "coordinator",
                "start_date": today - timedelta(days=900),
                "end_date": today - timedelta(days=30),
            },
        ],
    )


def engagements_with(person, city, count, first=1):
    return [
        factories.EngagementFactory(
            title=f"Taller {number}",
            date=date(2025, 1, 1) + timedelta(days=number),
            cities=[city],
            participants=[person],
        )
        for number in range(first, first + count)
    ]


def link_named(page, label):
    return next(link for link in page.find_all("a") if " ".join(link.get_text().split()) == label)


def row_of(soup, response, text):
    cell = soup(response).find("td", string=text)
    return " ".join(cell.find_parent("tr").get_text().split()) if cell else None


def test_the_page_shows_who_the_person_is_their_roles_and_engagements(staff_client, soup, person, medellin):
    engagements_with(person, medellin, 2)
    response = staff_client.get(person_url(person))
    assert response.status_code == 200
    text = text_of(response, soup)
    for shown in (
        "Rosa Quispe",
        "Secretaria de Educación",
        "Alcaldía de Medellín",
        EMAIL,
        "rquispe@correo.example",
        "+57 604 555 0101 (office)",
        "Consent",
        "2 engagements",
    ):
        assert shown in text
    assert "Current" in row_of(soup, response, "Focal point") and "Medellín" in row_of(
        soup, response, "Focal point"
    )
    assert "Past" in row_of(soup, response, "Coordinator") and "Bogotá" in row_of(
        soup, response, "Coordinator"
    )
    titles = [link.get_text() for link in soup(response).select("td a[href*='/engagement/inspect/']")]
    assert titles == ["Taller 2", "Taller 1"]  # newest first


def test_engagements_are_paginated(staff_client, soup, person, medellin):
    engagements_with(person, medellin, 23)
    first = soup(staff_client.get(person_url(person)))
    second = soup(staff_client.get(person_url(person) + "?p=2"))
    assert len(first.select("td a[href*='/engagement/inspect/']")) == 20
    assert [a.get_text() for a in second.select("td a[href*='/engagement/inspect/']")] == [
        "Taller 3",
        "Taller 2",
        "Taller 1",
    ]


def test_the_query_count_does_not_grow_with_the_engagements(staff_client, person, medellin, bogota):
    engagements_with(person, medellin, 2)
    staff_client.get(person_url(person))  # warm the user's permissions and the site's caches alike
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(person_url(person)).status_code == 200
    for engagement in engagements_with(person, bogota, 15, first=10):
        engagement.cities = [medellin, bogota]
        engagement.save()
    with CaptureQueriesContext(connection) as many:
        assert staff_client.get(person_url(person)).status_code == 200
    assert len(many) == len(few)


def test_export_downloads_the_persons_data_and_is_audited(staff_client, staff_user, person, medellin):
    engagements_with(person, medellin, 1)
    response = staff_client.post(export_url(person))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["given_name"] == "Rosa"
    assert data["emails"] == [EMAIL, "rquispe@correo.example"]
    assert [role["city"] for role in data["city_roles"]] == ["Medellín", "Bogotá"]
    assert [engagement["title"] for engagement in data["engagements"]] == ["Taller 1"]
    entry = ModelLogEntry.objects.for_instance(person).get(action="contacts.export")
    assert entry.user == staff_user
    assert entry.message == "Personal data exported"


def test_export_is_not_a_link_that_a_get_could_trigger(staff_client, person):
    assert staff_client.get(export_url(person)).status_code == 405
    assert not ModelLogEntry.objects.for_instance(person).filter(action="contacts.export").exists()


def test_invite_gives_the_roles_city_an_invited_focal_point_without_retyping(
    staff_client, soup, person, medellin, django_user_model, django_capture_on_commit_callbacks
):
    page = text_of(staff_client.get(person_url(person)), soup)
    assert "Medellín: not invited" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(invite_url(person), {"city": medellin.pk})
    assert response.status_code == 302 and response["Location"] == person_url(person)
    account = django_user_model.objects.get(email=EMAIL)
    assert account.get_full_name() == "Rosa Quispe"
    assert account.groups.filter(pk=medellin.access.group.pk).exists()
    assert not account.has_usable_password()
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    page = text_of(staff_client.get(person_url(person)), soup)
    assert f"Medellín: invited on {date_format(timezone.localdate())}" in page


def test_an_existing_account_with_other_access_is_invited_pending_its_confirmation(
    staff_client, soup, person, medellin, bogota, django_capture_on_commit_callbacks
):
    factories.FocalPointFactory(city=bogota, email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(invite_url(person), {"city": medellin.pk})
    invitation = FocalPointInvitation.objects.get()
    assert (invitation.page, invitation.email) == (medellin, EMAIL)
    assert "Medellín: invited on" in text_of(staff_client.get(person_url(person)), soup)


def test_an_active_focal_point_is_shown_as_such(staff_client, soup, person, medellin):
    account = factories.FocalPointFactory(city=medellin, email=EMAIL)
    text = text_of(staff_client.get(person_url(person)), soup)
    assert f"Medellín: account {account.email} active" in text
    assert "Invite as focal point" not in text


def test_invite_is_refused_for_a_city_without_a_current_focal_point_role(staff_client, person, bogota):
    staff_client.post(invite_url(person), {"city": bogota.pk})
    staff_client.post(invite_url(person), {"city": "not-a-number"})
    assert not bogota.access.group.user_set.exists()
    assert not FocalPointInvitation.objects.exists()


def test_log_an_engagement_with_them_fills_in_the_person_and_their_city(staff_client, soup, person, medellin):
    page = soup(staff_client.get(person_url(person)))
    link = link_named(page, "Log an engagement with them")
    form = soup(staff_client.get(link["href"]))
    assert form.find("input", {"name": "participants"})["value"].split(",") == [str(person.pk)]
    assert form.find("input", {"name": "cities"})["value"].split(",") == [str(medellin.pk)]


def test_erase_leads_to_the_erasure_confirmation(staff_client, soup, person):
    link = link_named(soup(staff_client.get(person_url(person))), "Erase")
    assert link["href"] == reverse("wagtailsnippets_contacts_contact:delete", args=[person.pk])
    staff_client.post(link["href"])
    assert not Contact.objects.filter(pk=person.pk).exists()


def test_a_reader_without_delete_or_focal_point_rights_sees_the_page_but_no_such_action(
    client, soup, person, medellin
):
    reader = factories.UserFactory()
    reader.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "contacts"],
            codename__in=["access_admin", "view_contact"],
        )
    )
    client.force_login(reader)
    response = client.get(person_url(person))
    assert response.status_code == 200
    text = text_of(response, soup)
    for action in ("Export their data", "Invite as focal point", "Log an engagement with them", "Erase"):
        assert action not in text
    assert_refused(client.post(export_url(person)))
    assert_refused(client.post(invite_url(person), {"city": medellin.pk}))
    assert not FocalPointInvitation.objects.exists() and len(mail.outbox) == 0


@pytest.mark.parametrize("who", ["anonymous", "focal point"])
def test_focal_points_and_visitors_never_reach_the_person(client, person, medellin, who):
    if who == "focal point":
        client.force_login(factories.FocalPointFactory(city=medellin))
    for response in (
        client.get(person_url(person)),
        client.post(export_url(person)),
        client.post(invite_url(person), {"city": medellin.pk}),
    ):
        assert_refused(response)
        assert EMAIL not in response.content.decode()
    assert not ModelLogEntry.objects.for_instance(person).filter(action="contacts.export").exists()
    assert not FocalPointInvitation.objects.exists()


def test_the_engagement_listing_filters_by_participant_from_the_person_page(
    staff_client, soup, person, medellin
):
    engagements_with(person, medellin, 2)
    factories.EngagementFactory(title="Reunión sin Rosa", cities=[medellin])
    page = soup(staff_client.get(person_url(person)))

    listing = staff_client.get(
        link_named(page, "Their engagements in the engagement listing, with its filters and export")["href"]
    )

    rows = " ".join(soup(listing).select_one("table.listing tbody").get_text().split())
    assert "Taller 1" in rows and "Taller 2" in rows
    assert "Reunión sin Rosa" not in rows
