"""A focal point's account is found by the contact's e-mail addresses (contacts.focal_point_sync): when an
address changes or goes, its account loses the city access the contact's roles gave it, and the account
of the new address gets it. Accounts invited by hand are left alone."""

import pytest
from django.urls import reverse

from cities.focal_points import ensure_city_access
from cities.invitations import invite
from contacts.models import ContactEmail

pytestmark = pytest.mark.django_db

OLD = "fp2@example.org"
NEW = "fp2.nueva@example.org"


def in_group(user, city):
    return ensure_city_access(city).group.user_set.filter(pk=user.pk).exists()


@pytest.fixture
def fp2(django_user_model):
    """An account with no groups, whose address is the focal point's."""
    return django_user_model.objects.create_user(username="fp2", email=OLD, password="pw")


@pytest.fixture
def focal_point(contact_factory, medellin, fp2):
    contact = contact_factory(
        "Fernanda", "Pinto", emails=[OLD], roles=[{"city": medellin, "role": "focal_point"}]
    )
    assert in_group(fp2, medellin)
    return contact


def edit_addresses(staff_client, contact_form_data, contact, emails):
    """Post the contact's admin edit form as it is, with these e-mail forms (existing ones carry their id)."""
    roles = [
        {"id": role.pk, "city": role.city_id, "role": role.role, "start_date": "", "end_date": ""}
        for role in contact.roles.all()
    ]
    data = contact_form_data(
        contact.given_name,
        contact.family_name,
        emails=emails,
        roles=roles,
        initial={"emails": contact.emails.count(), "roles": len(roles)},
    )
    response = staff_client.post(reverse("wagtailsnippets_contacts_contact:edit", args=[contact.pk]), data)
    assert response.status_code == 302


def test_changing_the_address_in_the_admin_takes_the_old_accounts_access_away(
    staff_client, contact_form_data, focal_point, fp2, medellin, django_user_model
):
    new_account = django_user_model.objects.create_user(username="fp2-nueva", email=NEW, password="pw")
    email = focal_point.emails.get()
    edit_addresses(staff_client, contact_form_data, focal_point, [{"id": email.pk, "address": NEW}])
    assert not in_group(fp2, medellin)
    assert in_group(new_account, medellin)


def test_removing_the_address_in_the_admin_takes_its_accounts_access_away(
    staff_client, contact_form_data, focal_point, fp2, medellin
):
    email = focal_point.emails.get()
    edit_addresses(
        staff_client,
        contact_form_data,
        focal_point,
        [{"id": email.pk, "address": OLD, "DELETE": "1"}, {"address": NEW}],
    )
    assert list(focal_point.emails.values_list("address", flat=True)) == [NEW]
    assert not in_group(fp2, medellin)


def test_an_address_changed_outside_the_admin_is_passed_on_too(focal_point, fp2, medellin):
    ContactEmail.objects.filter(contact=focal_point).get().delete()
    assert not in_group(fp2, medellin)


def test_an_account_still_a_current_focal_points_keeps_the_city(contact_factory, focal_point, fp2, medellin):
    contact_factory(
        "Fernanda", "Pinto Duplicada", emails=[OLD], roles=[{"city": medellin, "role": "focal_point"}]
    )
    email = focal_point.emails.get()
    email.address = NEW
    email.save()
    assert in_group(fp2, medellin)


def test_an_account_invited_by_hand_is_left_alone(focal_point, fp2, medellin):
    invited = invite(medellin, "carlos.mejia@medellin.gov.co", name="Carlos Mejía").user
    email = focal_point.emails.get()
    email.address = NEW
    email.save()
    assert not in_group(fp2, medellin)
    assert in_group(invited, medellin)


def test_the_addresses_of_a_contact_without_focal_point_roles_change_nothing(contact_factory, medellin, fp2):
    ensure_city_access(medellin).group.user_set.add(fp2)  # invited by hand
    contact = contact_factory("Fernanda", "Pinto", emails=[OLD], roles=[{"city": medellin, "role": "mayor"}])
    contact.emails.get().delete()
    assert in_group(fp2, medellin)
