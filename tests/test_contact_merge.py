"""Merging a duplicate contact into the one to keep (contacts/merge.py): everything moves, nothing is
doubled, both are audited, focal-point access follows the kept contact, and only staff who may change and
delete contacts can do it."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cities.focal_points import ensure_city_access
from contacts.models import CityRole, Contact, ContactEmail, ContactPhone, Engagement
from tests import factories
from tests.helpers import assert_refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def merge_url(contact):
    return reverse("contacts_merge:merge", args=[contact.pk])


def in_group(user, city):
    return ensure_city_access(city).group.user_set.filter(pk=user.pk).exists()


def text_of(response, soup):
    return " ".join(soup(response).get_text().split())


@pytest.fixture
def kept(bogota):
    """Rosa as first entered: one e-mail address, a role in Bogotá, no job title."""
    return factories.ContactFactory(
        given_name="Rosa",
        family_name="Quispe",
        emails=["rosa@cusco.example"],
        phones=["+51 84 555 0101"],
        roles=[{"city": bogota, "role": "coordinator"}],
    )


@pytest.fixture
def duplicate(medellin):
    """Rosa entered again: the same address in capitals, another one, the focal-point role in Medellín."""
    return factories.ContactFactory(
        given_name="Rosa",
        family_name="Quíspe",
        job_title="Secretaria de Educación",
        consent_basis="consent",
        consent_date=date(2025, 3, 14),
        emails=["ROSA@cusco.example", "rquispe@medellin.example"],
        phones=["+51 84 555 0101", "+57 300 123 4567"],
        roles=[
            {"city": medellin, "role": "focal_point", "start_date": timezone.localdate() - timedelta(days=30)}
        ],
    )


@pytest.fixture
def engagements(kept, duplicate, medellin):
    both = factories.EngagementFactory(title="Mesa común", cities=[medellin], participants=[kept, duplicate])
    hers = factories.EngagementFactory(title="Visita", cities=[medellin], participants=[duplicate])
    return both, hers


def snapshot():
    return {
        "contacts": sorted(Contact.objects.values_list("pk", "given_name", "family_name", "job_title")),
        "participants": sorted(Engagement.participants.through.objects.values_list("engagement", "contact")),
        "emails": sorted(ContactEmail.objects.values_list("contact", "address")),
        "roles": sorted(CityRole.objects.values_list("contact", "city", "role")),
        "log": ModelLogEntry.objects.count(),
    }


def test_the_person_page_s_merge_url_offers_the_contact_chooser(staff_client, duplicate):
    response = staff_client.get(merge_url(duplicate))
    assert response.status_code == 200
    assert 'name="keep"' in response.content.decode()
    assert 'data-chooser-url="/admin/snippets/choose/contacts/contact/"' in response.content.decode()


def test_the_confirmation_says_what_moves_and_changes_nothing(
    staff_client, soup, kept, duplicate, engagements
):
    before = snapshot()
    response = staff_client.get(merge_url(duplicate), {"keep": kept.pk})
    assert response.status_code == 200
    text = text_of(response, soup)
    assert "1 engagement (1 more already lists both" in text
    assert "1 role: Focal point, Medellín" in text
    assert "1 e-mail address: rquispe@medellin.example (ROSA@cusco.example already" in text
    assert "1 phone number" in text
    assert "Empty fields filled in: job title, legal basis, consent date" in text
    assert snapshot() == before


def test_merging_moves_everything_to_the_kept_contact(staff_client, kept, duplicate, engagements, medellin):
    both, hers = engagements
    response = staff_client.post(merge_url(duplicate), {"keep": kept.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailsnippets_contacts_contact:inspect", args=[kept.pk])
    assert not Contact.objects.filter(pk=duplicate.pk).exists()
    through = Engagement.participants.through
    assert sorted(through.objects.filter(engagement=both).values_list("contact", flat=True)) == [kept.pk]
    assert list(through.objects.filter(engagement=hers).values_list("contact", flat=True)) == [kept.pk]
    assert sorted(ContactEmail.objects.filter(contact=kept).values_list("address", flat=True)) == [
        "rosa@cusco.example",
        "rquispe@medellin.example",
    ]
    assert sorted(ContactPhone.objects.filter(contact=kept).values_list("number", flat=True)) == [
        "+51 84 555 0101",
        "+57 300 123 4567",
    ]
    assert sorted(CityRole.objects.filter(contact=kept).values_list("city__title", "role")) == [
        ("Bogotá", "coordinator"),
        ("Medellín", "focal_point"),
    ]
    kept.refresh_from_db()
    assert kept.job_title == "Secretaria de Educación"
    assert kept.family_name == "Quispe"  # filled fields are left as they are
    assert kept.consent_date == date(2025, 3, 14)


def test_both_contacts_histories_record_the_merge(staff_client, staff_user, kept, duplicate):
    duplicate_pk = duplicate.pk
    staff_client.post(merge_url(duplicate), {"keep": kept.pk})
    kept_entry = ModelLogEntry.objects.for_instance(kept).get(action="contacts.merge")
    assert kept_entry.user_id == staff_user.pk
    assert kept_entry.data["merged"] == {"id": duplicate_pk, "name": "Rosa Quíspe"}
    assert "Rosa Quíspe" in kept_entry.message
    merged_entry = ModelLogEntry.objects.get(action="contacts.merge", object_id=str(duplicate_pk))
    assert merged_entry.data["kept"] == {"id": kept.pk}
    history = staff_client.get(reverse("wagtailsnippets_contacts_contact:history", args=[kept.pk]))
    assert "Merged Rosa Quíspe" in history.content.decode()


def test_a_moved_focal_point_role_gives_access_to_the_kept_contact_s_accounts(
    staff_client, django_user_model, kept, duplicate, medellin
):
    kept_account = django_user_model.objects.create_user(username="rosa", email="Rosa@Cusco.example")
    other_account = django_user_model.objects.create_user(username="rq", email="rquispe@medellin.example")
    staff_client.post(merge_url(duplicate), {"keep": kept.pk})
    assert not Contact.objects.filter(pk=duplicate.pk).exists()
    assert in_group(kept_account, medellin)
    assert in_group(other_account, medellin)


def test_the_kept_contact_s_focal_point_role_covers_the_addresses_it_gains(
    staff_client, django_user_model, kept, duplicate, bogota
):
    CityRole.objects.filter(contact=duplicate).delete()
    CityRole.objects.filter(contact=kept).update(role=CityRole.Role.FOCAL_POINT)
    account = django_user_model.objects.create_user(username="rq", email="rquispe@medellin.example")
    staff_client.post(merge_url(duplicate), {"keep": kept.pk})
    assert in_group(account, bogota)


def test_a_contact_cannot_be_merged_into_itself_or_a_missing_one(staff_client, duplicate):
    before = snapshot()
    for keep in (duplicate.pk, 999999, "x"):
        response = staff_client.post(merge_url(duplicate), {"keep": keep})
        assert response.status_code == 200
    assert staff_client.get(merge_url(duplicate), {"keep": "x"}).status_code == 200
    assert staff_client.get(reverse("contacts_merge:merge", args=[999999])).status_code == 404
    assert snapshot() == before


def test_choosing_the_duplicate_itself_says_so_rather_than_invalid_choice(staff_client, duplicate, soup):
    """The chooser lists the duplicate too; Django's "Select a valid choice" left staff guessing why."""
    for response in (
        staff_client.get(merge_url(duplicate), {"keep": duplicate.pk}),
        staff_client.post(merge_url(duplicate), {"keep": duplicate.pk}),
    ):
        text = text_of(response, soup)
        assert "valid choice" not in text
        assert f"{duplicate} is the contact being merged: choose the other record, the one to keep." in text
    assert Contact.objects.filter(pk=duplicate.pk).exists()


def test_a_focal_point_is_refused(client, focal_point_a, kept, duplicate):
    before = snapshot()
    client.force_login(focal_point_a)
    assert_refused(client.get(merge_url(duplicate)))
    assert_refused(client.get(merge_url(duplicate), {"keep": kept.pk}))
    assert_refused(client.post(merge_url(duplicate), {"keep": kept.pk}))
    assert snapshot() == before


def test_staff_who_may_not_delete_contacts_are_refused(client, kept, duplicate):
    editor = factories.UserFactory()
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_contact"),
        Permission.objects.get(codename="view_contact"),
    )
    client.force_login(editor)
    assert_refused(client.post(merge_url(duplicate), {"keep": kept.pk}))
    assert Contact.objects.filter(pk=duplicate.pk).exists()


def test_the_person_page_offers_the_merge_to_those_who_may(client, staff_user):
    contact = factories.ContactFactory(given_name="Lucía", family_name="Duplicada")
    client.force_login(staff_user)

    page = client.get(reverse("wagtailsnippets_contacts_contact:inspect", args=[contact.pk])).content.decode()

    assert reverse("contacts_merge:merge", args=[contact.pk]) in page
