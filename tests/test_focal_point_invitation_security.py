"""Invitations give exactly one city's focal-point access, and only to the owner of the invited mailbox.

Security issue #12: a deactivated privileged account is never brought back by an invitation; an existing
account joins a city only after its owner confirms the e-mailed link; another account's username is a
form error, not a 500; a re-invitation makes the earlier link useless.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.utils import timezone

from cities.admin_scope import focal_point_may_open
from cities.models import FocalPointInvitation
from cities.permissions import STAFF_GROUP_NAME

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Aprender-Siempre-2026"
PASSWORD_LINK = re.compile(r"https?://[^\s/]+(/admin/password_reset/confirm/[^\s/]+/[^\s/]+/)")
CONFIRM_LINK = re.compile(r"https?://[^\s/]+(/admin/cities/invitations/[^\s/]+/)")


def focal_points_url(city):
    return f"/admin/cities/{city.pk}/focal-points/"


def link(pattern, message):
    match = pattern.search(message.body)
    assert match, f"no link in the e-mail:\n{message.body}"
    return match.group(1)


def in_group(user, city):
    return user.groups.filter(pk=city.access.group.pk).exists()


def password_form_opens(person, path):
    person.logout()
    response = person.get(path, follow=True)
    return 'name="new_password1"' in response.content.decode()


def choose_password(person, path, password=NEW_PASSWORD):
    response = person.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = person.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302 and "/admin/password_reset/complete/" in response["Location"]


def form_errors(response):
    assert response.status_code == 200, f"HTTP {response.status_code}, expected the form again"
    return response.context["form"].errors


def test_focal_points_may_open_the_confirmation_link():
    """An invited focal point of another city must reach the link: cities/admin_scope.py lists it."""
    assert focal_point_may_open("cities:accept_invitation", ("cities",))


@pytest.fixture
def person():
    """The invited person's browser, apart from the staff member's (the `staff_client`)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def invite(staff_client, django_capture_on_commit_callbacks):
    """Invite a person through the admin as UIL staff; e-mails go out after the commit."""

    def post(city, name, email):
        staff_client.raise_request_exception = False
        with django_capture_on_commit_callbacks(execute=True):
            return staff_client.post(focal_points_url(city), {"name": name, "email": email})

    return post


def make_user(username, email, password="pw", **fields):
    return User.objects.create_user(username=username, email=email, password=password, **fields)


# --- 1. Deactivated accounts ----------------------------------------------------------------------------


@pytest.fixture
def deactivated_superuser():
    return User.objects.create_superuser(
        username="old-root", email="old.root@example.org", password="pw", is_active=False
    )


def test_a_deactivated_superuser_is_not_brought_back(invite, medellin, deactivated_superuser):
    response = invite(medellin, "Old Root", "Old.Root@example.org")
    assert "email" in form_errors(response)
    deactivated_superuser.refresh_from_db()
    assert not deactivated_superuser.is_active
    assert deactivated_superuser.is_superuser, "refusing must not change the account either"
    assert not in_group(deactivated_superuser, medellin)
    assert mail.outbox == []
    assert not FocalPointInvitation.objects.exists()


def test_a_deactivated_former_staff_member_is_not_brought_back(invite, medellin):
    former = make_user("former-staff", "former@example.org", is_active=False)
    former.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    response = invite(medellin, "Former Staff", "former@example.org")
    assert "email" in form_errors(response)
    former.refresh_from_db()
    assert not former.is_active
    assert list(former.groups.all()) == [Group.objects.get(name=STAFF_GROUP_NAME)]
    assert mail.outbox == []


@pytest.mark.parametrize("power", ["is_staff", "permission", "other city"])
def test_a_deactivated_account_with_other_powers_is_refused(invite, medellin, bogota, power):
    account = make_user("dormant", "dormant@example.org", is_active=False, is_staff=power == "is_staff")
    if power == "permission":
        account.user_permissions.add(Permission.objects.get(codename="view_contact"))
    if power == "other city":
        account.groups.add(bogota.access.group)
    response = invite(medellin, "Dormant", "dormant@example.org")
    assert "email" in form_errors(response)
    account.refresh_from_db()
    assert not account.is_active
    assert not in_group(account, medellin)
    assert mail.outbox == []


def test_a_deactivated_plain_account_comes_back_with_only_this_city(invite, person, medellin):
    account = make_user("dormida", "dormida@example.org", password="old-password", is_active=False)
    response = invite(medellin, "Dormida", "dormida@example.org")
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.is_active
    assert not account.is_superuser and not account.is_staff
    assert list(account.groups.all()) == [medellin.access.group]
    assert not account.check_password("old-password"), "the old password must not come back with it"
    assert [message.to for message in mail.outbox] == [["dormida@example.org"]]

    choose_password(person, link(PASSWORD_LINK, mail.outbox[0]))
    assert person.login(username="dormida", password=NEW_PASSWORD)
    assert person.get(f"/admin/pages/{medellin.pk}/edit/").status_code == 200


def test_a_deactivated_former_focal_point_of_this_city_comes_back(invite, medellin, focal_point_a):
    focal_point_a.is_active = False
    focal_point_a.save()
    response = invite(medellin, "Ana Restrepo", focal_point_a.email)
    assert response.status_code == 302
    focal_point_a.refresh_from_db()
    assert focal_point_a.is_active
    assert list(focal_point_a.groups.all()) == [medellin.access.group]
    assert not focal_point_a.has_usable_password()
    assert len(mail.outbox) == 1 and PASSWORD_LINK.search(mail.outbox[0].body)


# --- 2b. An existing account joins only through the e-mailed link ---------------------------------------


def test_an_existing_account_joins_only_after_confirming(invite, person, medellin, bogota, focal_point_b):
    response = invite(medellin, "Bruno Gómez", focal_point_b.email)
    assert response.status_code == 302
    assert not in_group(focal_point_b, medellin), "the account joined before confirming"
    assert in_group(focal_point_b, bogota)
    assert [message.to for message in mail.outbox] == [[focal_point_b.email]]
    assert "Medellín" in mail.outbox[0].subject
    path = link(CONFIRM_LINK, mail.outbox[0])
    assert not PASSWORD_LINK.search(mail.outbox[0].body), "an existing account keeps its password"

    person.force_login(focal_point_b)
    page = person.get(path)
    assert page.status_code == 200
    assert "Medellín" in page.content.decode()
    assert not in_group(focal_point_b, medellin), "opening the link is not accepting it"
    response = person.post(path)
    assert response.status_code == 302
    assert in_group(focal_point_b, medellin)
    assert person.get(f"/admin/pages/{medellin.pk}/edit/").status_code == 200
    assert focal_point_b.groups.count() == 2
    assert FocalPointInvitation.objects.get().accepted_at is not None


def test_the_confirmation_link_works_only_once(invite, person, medellin, focal_point_b):
    invite(medellin, "Bruno Gómez", focal_point_b.email)
    path = link(CONFIRM_LINK, mail.outbox[0])
    person.force_login(focal_point_b)
    person.post(path)
    focal_point_b.groups.remove(medellin.access.group)
    person.raise_request_exception = False
    response = person.post(path)
    assert response.status_code in (403, 404, 410)
    assert not in_group(focal_point_b, medellin)


def test_another_signed_in_account_cannot_use_the_link(invite, person, medellin, focal_point_a, bogota):
    invite(bogota, "Ana Restrepo", focal_point_a.email)
    path = link(CONFIRM_LINK, mail.outbox[0])
    intruder = make_user("intruso", "intruso@example.org")
    intruder.groups.add(medellin.access.group)
    person.force_login(intruder)
    person.raise_request_exception = False
    assert person.post(path).status_code == 403
    assert not in_group(intruder, bogota)
    assert not in_group(focal_point_a, bogota)
    assert FocalPointInvitation.objects.get().accepted_at is None, "a refused attempt does not use it up"


def test_the_link_needs_the_invited_address_still_on_the_account(invite, person, bogota, focal_point_a):
    invite(bogota, "Ana Restrepo", focal_point_a.email)
    path = link(CONFIRM_LINK, mail.outbox[0])
    focal_point_a.email = "ana.nueva@example.org"
    focal_point_a.save()
    person.force_login(focal_point_a)
    person.raise_request_exception = False
    assert person.post(path).status_code == 403
    assert not in_group(focal_point_a, bogota)


def test_signed_out_the_link_asks_to_sign_in_first(invite, person, bogota, focal_point_a):
    invite(bogota, "Ana Restrepo", focal_point_a.email)
    path = link(CONFIRM_LINK, mail.outbox[0])
    response = person.get(path)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not in_group(focal_point_a, bogota)
    person.raise_request_exception = False
    assert person.post(path).status_code in (302, 403)
    assert not in_group(focal_point_a, bogota)


def test_an_expired_link_is_refused(invite, person, bogota, focal_point_a, settings):
    invite(bogota, "Ana Restrepo", focal_point_a.email)
    path = link(CONFIRM_LINK, mail.outbox[0])
    FocalPointInvitation.objects.update(
        created_at=timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    )
    person.force_login(focal_point_a)
    person.raise_request_exception = False
    assert person.post(path).status_code in (404, 410)
    assert not in_group(focal_point_a, bogota)


def test_a_changed_email_does_not_hijack_another_citys_invitation(
    invite, person, medellin, bogota, focal_point_a
):
    """Ana (Medellín) made her account's address the one UIL staff then invite for Bogotá."""
    focal_point_a.email = "enlace@bogota.gov.co"
    focal_point_a.save()
    response = invite(bogota, "Enlace Bogotá", "enlace@bogota.gov.co")
    assert response.status_code == 302
    assert not in_group(focal_point_a, bogota)
    person.force_login(focal_point_a)
    assert person.get(f"/admin/pages/{bogota.pk}/edit/").status_code != 200
    # The link went to the mailbox, which Ana does not read; the staff page shows the invitation pending.
    assert [message.to for message in mail.outbox] == [["enlace@bogota.gov.co"]]


def test_staff_see_and_withdraw_pending_invitations(invite, staff_client, person, medellin, focal_point_b):
    invite(medellin, "Bruno Gómez", focal_point_b.email)
    path = link(CONFIRM_LINK, mail.outbox[0])
    html = staff_client.get(focal_points_url(medellin)).content.decode()
    assert 'id="pending-heading"' in html
    assert focal_point_b.email in html
    invitation = FocalPointInvitation.objects.get()

    response = staff_client.post(focal_points_url(medellin), {"withdraw": invitation.pk})
    assert response.status_code == 302
    assert not FocalPointInvitation.objects.exists()
    person.force_login(focal_point_b)
    person.raise_request_exception = False
    assert person.post(path).status_code in (404, 410)
    assert not in_group(focal_point_b, medellin)


def test_an_existing_focal_point_of_the_city_is_told_so(invite, medellin, focal_point_a):
    response = invite(medellin, "Ana Restrepo", focal_point_a.email)
    assert response.status_code == 302
    assert mail.outbox == []
    assert not FocalPointInvitation.objects.exists()
    assert focal_point_a.check_password("pw")


# --- 3. Another account's username ----------------------------------------------------------------------


def test_another_accounts_username_is_a_form_error(invite, medellin):
    other = make_user("persona@example.org", "otra.direccion@example.org")
    users_before = User.objects.count()
    response = invite(medellin, "Persona", "Persona@Example.org")
    assert "email" in form_errors(response)
    assert User.objects.count() == users_before
    other.refresh_from_db()
    assert not in_group(other, medellin)
    assert other.email == "otra.direccion@example.org"
    assert mail.outbox == []


def test_an_address_shared_by_two_accounts_is_a_form_error(invite, medellin):
    first = make_user("primera", "compartida@example.org")
    second = make_user("segunda", "Compartida@example.org")
    response = invite(medellin, "Compartida", "compartida@example.org")
    assert "email" in form_errors(response)
    assert not in_group(first, medellin) and not in_group(second, medellin)
    assert mail.outbox == []


# --- 4. A re-invitation makes the earlier link useless ------------------------------------------------


def test_reinviting_a_new_account_invalidates_the_first_link(invite, person, medellin):
    invite(medellin, "Luisa Zapata", "luisa@example.org")
    first = link(PASSWORD_LINK, mail.outbox[0])
    invite(medellin, "Luisa Zapata", "luisa@example.org")
    second = link(PASSWORD_LINK, mail.outbox[1])
    assert User.objects.filter(email="luisa@example.org").count() == 1
    assert not password_form_opens(person, first), "the first link still works"
    assert password_form_opens(person, second)


def test_reinviting_an_existing_account_supersedes_the_first_link(invite, person, bogota, focal_point_a):
    invite(bogota, "Ana Restrepo", focal_point_a.email)
    first = link(CONFIRM_LINK, mail.outbox[0])
    invite(bogota, "Ana Restrepo", focal_point_a.email)
    second = link(CONFIRM_LINK, mail.outbox[1])
    assert first != second
    assert FocalPointInvitation.objects.filter(accepted_at__isnull=True).count() == 1
    person.force_login(focal_point_a)
    person.raise_request_exception = False
    assert person.post(first).status_code in (404, 410)
    assert not in_group(focal_point_a, bogota)
    assert person.post(second).status_code == 302
    assert in_group(focal_point_a, bogota)
