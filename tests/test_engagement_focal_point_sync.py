"""Focal-point sync: a current "focal point" role in the engagement log gives the contact's user account
the city's focal-point access, and ending or deleting the role takes it away."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cities.focal_points import ensure_city_access
from cities.invitations import accept_invitation, invite, pending_invitations
from contacts.models import CityRole, Contact

pytestmark = pytest.mark.django_db

EMAIL = "ines.rojas@bogota.gov.co"


def days_from_now(days):
    return timezone.localdate() + timedelta(days=days)


def in_group(user, city):
    return ensure_city_access(city).group.user_set.filter(pk=user.pk).exists()


def can_edit(client, user, city):
    client.force_login(user)
    response = client.get(f"/admin/pages/{city.pk}/edit/")
    assert response.status_code in (200, 302, 403)
    return response.status_code == 200


@pytest.fixture
def account(django_user_model):
    """Inés has a user account (for example from another city's invitation) but no access to Bogotá."""
    return django_user_model.objects.create_user(
        username="ines", email=EMAIL, password="pw", first_name="Inés", last_name="Rojas"
    )


@pytest.fixture
def make_focal_point(contact_factory, bogota):
    def make(email="Ines.Rojas@Bogota.gov.co", **role):
        return contact_factory(
            "Inés", "Rojas", emails=[email], roles=[{"city": bogota, "role": "focal_point", **role}]
        )

    return make


def test_a_current_focal_point_role_gives_the_account_the_city(client, account, bogota, make_focal_point):
    assert not in_group(account, bogota)
    assert not can_edit(client, account, bogota)
    make_focal_point()
    assert in_group(account, bogota)
    assert can_edit(client, account, bogota)


def test_a_role_that_ended_removes_the_account(client, account, bogota, make_focal_point):
    contact = make_focal_point()
    role = contact.roles.get()
    role.end_date = days_from_now(-1)
    role.save()
    assert not in_group(account, bogota)
    assert not can_edit(client, account, bogota)


def test_a_role_ending_today_is_over(account, bogota, make_focal_point):
    make_focal_point(end_date=timezone.localdate())
    assert not in_group(account, bogota)


def test_deleting_the_role_removes_the_account(account, bogota, make_focal_point):
    contact = make_focal_point()
    contact.roles.get().delete()
    assert not in_group(account, bogota)


def test_a_role_with_a_future_end_date_is_current(account, bogota, make_focal_point):
    make_focal_point(start_date=days_from_now(-30), end_date=days_from_now(30))
    assert in_group(account, bogota)


def test_a_role_that_has_not_started_gives_nothing_yet(account, bogota, make_focal_point):
    make_focal_point(start_date=days_from_now(7))
    assert not in_group(account, bogota)


def test_other_roles_give_no_access(account, bogota, contact_factory):
    contact_factory("Inés", "Rojas", emails=[EMAIL], roles=[{"city": bogota, "role": "mayor"}])
    assert not in_group(account, bogota)


def test_a_focal_point_role_only_opens_its_own_city(account, bogota, medellin, make_focal_point):
    make_focal_point()
    assert in_group(account, bogota)
    assert not in_group(account, medellin)


def test_a_user_invited_by_hand_is_not_removed_by_sync(
    client, account, bogota, make_focal_point, contact_factory, django_user_model
):
    invited = invite(bogota, "carlos.mejia@bogota.gov.co", name="Carlos Mejía").user
    contact = make_focal_point()
    role = contact.roles.get()
    role.end_date = days_from_now(-1)
    role.save()
    call_command("sync_focal_points", stdout=io.StringIO())
    assert in_group(invited, bogota)
    assert can_edit(client, invited, bogota)
    assert not in_group(account, bogota)


def test_a_contact_without_an_account_changes_nothing(bogota, make_focal_point):
    members = set(ensure_city_access(bogota).group.user_set.all())
    make_focal_point(email="sin.cuenta@bogota.gov.co")
    assert set(ensure_city_access(bogota).group.user_set.all()) == members


def test_an_inactive_account_is_not_added(account, bogota, make_focal_point):
    account.is_active = False
    account.save()
    make_focal_point()
    assert not in_group(account, bogota)


def test_the_same_person_recorded_twice_keeps_access_while_one_role_is_current(
    account, bogota, make_focal_point
):
    make_focal_point()
    duplicate = make_focal_point(email=EMAIL)
    role = duplicate.roles.get()
    role.end_date = days_from_now(-1)
    role.save()
    assert in_group(account, bogota)


def test_the_sync_command_applies_roles_whose_end_date_passed(account, bogota, make_focal_point):
    contact = make_focal_point(end_date=days_from_now(1))
    assert in_group(account, bogota)
    # Time passes: the end date is now behind us, and nobody saved the role.
    CityRole.objects.filter(contact=contact).update(end_date=days_from_now(-1))
    assert in_group(account, bogota)
    stdout = io.StringIO()
    call_command("sync_focal_points", stdout=stdout)
    assert not in_group(account, bogota)
    assert "synchronised" in stdout.getvalue()


def test_the_sync_command_applies_roles_that_started(account, bogota, make_focal_point):
    contact = make_focal_point(start_date=days_from_now(3))
    assert not in_group(account, bogota)
    CityRole.objects.filter(contact=contact).update(start_date=days_from_now(-1))
    call_command("sync_focal_points", stdout=io.StringIO())
    assert in_group(account, bogota)


# --- Through the admin ------------------------------------------------------------------------------


def test_a_role_entered_in_the_admin_gives_access(staff_client, account, bogota, contact_form_data):
    response = staff_client.post(
        reverse("wagtailsnippets_contacts_contact:add"),
        contact_form_data(
            "Inés", "Rojas", emails=[EMAIL], roles=[{"city": bogota.pk, "role": "focal_point"}]
        ),
    )
    assert response.status_code == 302
    assert in_group(account, bogota)


def edit_contact(staff_client, contact_form_data, contact, **changes):
    """Post the contact's admin edit form with its current children, changing some role fields."""
    roles = [
        {
            "id": role.pk,
            "city": changes.get("city", role.city_id),
            "role": changes.get("role", role.role),
            "start_date": role.start_date or "",
            "end_date": changes.get("end_date", role.end_date or ""),
        }
        for role in contact.roles.all()
    ]
    emails = [{"id": email.pk, "address": email.address} for email in contact.emails.all()]
    emails += [{"address": address} for address in changes.get("add_emails", [])]
    response = staff_client.post(
        reverse("wagtailsnippets_contacts_contact:edit", args=[contact.pk]),
        contact_form_data(
            contact.given_name,
            contact.family_name,
            emails=emails,
            roles=roles,
            initial={"emails": contact.emails.count(), "roles": len(roles)},
        ),
    )
    assert response.status_code == 302


def test_ending_the_role_in_the_admin_removes_access(
    staff_client, account, bogota, make_focal_point, contact_form_data
):
    contact = make_focal_point()
    edit_contact(staff_client, contact_form_data, contact, end_date=days_from_now(-1).isoformat())
    assert CityRole.objects.get(contact=contact).end_date == days_from_now(-1)
    assert not in_group(account, bogota)


def test_adding_the_accounts_email_to_a_focal_point_gives_access(
    staff_client, account, bogota, make_focal_point, contact_form_data
):
    contact = make_focal_point(email="ines.personal@correo.example")
    assert not in_group(account, bogota)
    edit_contact(staff_client, contact_form_data, contact, add_emails=[EMAIL])
    assert in_group(account, bogota)


def test_changing_the_role_to_another_kind_removes_access(
    staff_client, account, bogota, make_focal_point, contact_form_data
):
    contact = make_focal_point()
    edit_contact(staff_client, contact_form_data, contact, role="coordinator")
    assert CityRole.objects.get(contact=contact).role == "coordinator"
    assert not in_group(account, bogota)


def test_moving_the_role_to_another_city_moves_access(
    staff_client, account, bogota, medellin, make_focal_point, contact_form_data
):
    contact = make_focal_point()
    edit_contact(staff_client, contact_form_data, contact, city=medellin.pk)
    assert CityRole.objects.get(contact=contact).city == medellin
    assert in_group(account, medellin)
    assert not in_group(account, bogota)


def test_deleting_the_contact_in_the_admin_removes_access(staff_client, account, bogota, make_focal_point):
    contact = make_focal_point()
    response = staff_client.post(reverse("wagtailsnippets_contacts_contact:delete", args=[contact.pk]))
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not in_group(account, bogota)


def test_erasing_the_contacts_data_removes_access(account, bogota, make_focal_point):
    make_focal_point()
    call_command("contact_data", EMAIL, "--erase", "--yes", stdout=io.StringIO())
    assert not Contact.objects.filter(emails__address__iexact=EMAIL).exists()
    assert not in_group(account, bogota)


def test_an_account_with_another_city_joins_only_once_its_owner_confirms(
    client, account, bogota, medellin, make_focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    """Whoever set an account's e-mail to the address a contact will have must not gain the city by it:
    the CRM asks the mailbox's owner, signed in as that account, to confirm."""
    account.groups.add(ensure_city_access(medellin).group)
    with django_capture_on_commit_callbacks(execute=True):
        make_focal_point()
    assert not in_group(account, bogota)
    assert not can_edit(client, account, bogota)
    assert [message.to for message in mailoutbox] == [[EMAIL]]

    with django_capture_on_commit_callbacks(execute=True):
        make_focal_point()  # the contact saved again asks nothing more
    assert len(mailoutbox) == 1

    accept_invitation(pending_invitations().get(page=bogota, user=account), account)
    assert in_group(account, bogota)
