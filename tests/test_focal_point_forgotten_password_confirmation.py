"""An account that has other access and no password, invited to a city through a confirmation link, gets
that invitation again from "Forgotten password?", as a person invited through a password link gets theirs
(tests/test_focal_point_forgotten_password.py): while the invitation stands (not accepted, withdrawn or
replaced, sent to the address the account still holds), within the password-reset limits, and with
Wagtail's "Check your email" answer whatever happened. The link sent is valid from then on; the one before
it stops working.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cities.invitations import withdraw_invitation
from cities.models import FocalPointInvitation
from cities.staff import ensure_staff_group

pytestmark = pytest.mark.django_db

User = get_user_model()
CONFIRM_LINK = re.compile(r"https?://[^\s/]+(/admin/cities/invitations/[^\s/]+/)")


@pytest.fixture(params=["staff", "group"])
def rita(request, db):
    """Rita's account, with other access (UIL staff, or another group that opens the admin) and no
    password."""
    user = User.objects.create_user("rita", "rita@example.org")
    if request.param == "staff":
        user.groups.add(ensure_staff_group())
    else:
        group = Group.objects.create(name="Comunicación")
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        user.groups.add(group)
    assert not user.has_usable_password()
    return user


@pytest.fixture
def first_link(rita, staff_client, medellin, django_capture_on_commit_callbacks):
    """Rita invited to Medellín: a confirmation link (she has other access); its path."""
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/admin/cities/{medellin.pk}/focal-points/", {"name": "Rita", "email": rita.email})
    [message] = mail.outbox
    mail.outbox.clear()
    assert FocalPointInvitation.objects.filter(user=rita).exists()
    return CONFIRM_LINK.search(message.body).group(1)


@pytest.fixture
def forgotten_password(django_capture_on_commit_callbacks):
    """Ask for a password link as anybody would; Wagtail's answer is always its "Check your email" page."""

    def ask(email):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
                reverse("wagtailadmin_password_reset"), {"email": email}
            )
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_password_reset_done")

    return ask


def signed_in(user):
    user.set_password("Aprender-Siempre-2026")
    user.save()
    person = Client(HTTP_ACCEPT_LANGUAGE="en")
    person.force_login(user)
    return person


def in_group(user, city):
    return user.groups.filter(pk=city.access.group.pk).exists()


def test_the_invited_account_gets_its_confirmation_link_again(rita, first_link, forgotten_password, medellin):
    forgotten_password("Rita@Example.org")

    [message] = mail.outbox
    assert message.to == ["rita@example.org"]
    assert "Medellín" in message.subject, "not the invitation e-mail"
    new_link = CONFIRM_LINK.search(message.body).group(1)
    assert new_link != first_link
    person = signed_in(rita)
    assert person.get(first_link).status_code == 404, "the link before stops working"
    assert "Accept the invitation" in person.get(new_link).content.decode()
    person.post(new_link)
    assert in_group(rita, medellin)


def test_an_expired_invitation_is_sent_again_valid_from_now(
    rita, first_link, forgotten_password, medellin, settings
):
    FocalPointInvitation.objects.update(
        created_at=timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    )
    forgotten_password("rita@example.org")

    [message] = mail.outbox
    person = signed_in(rita)
    person.post(CONFIRM_LINK.search(message.body).group(1))
    assert in_group(rita, medellin)


def test_nothing_once_the_invitation_is_withdrawn(rita, first_link, forgotten_password, medellin):
    withdraw_invitation(medellin, FocalPointInvitation.objects.get(user=rita).pk)
    forgotten_password("rita@example.org")
    assert mail.outbox == []


def test_nothing_for_an_account_that_no_longer_holds_the_invited_address(
    rita, first_link, forgotten_password
):
    User.objects.filter(pk=rita.pk).update(email="rita.new@example.org")
    forgotten_password("rita.new@example.org")
    forgotten_password("rita@example.org")
    assert mail.outbox == []


def test_nothing_for_a_deactivated_account(rita, first_link, forgotten_password):
    User.objects.filter(pk=rita.pk).update(is_active=False)
    forgotten_password("rita@example.org")
    assert mail.outbox == []


def test_an_account_with_a_password_gets_wagtail_s_reset_link_only(rita, first_link, forgotten_password):
    rita.set_password("Aprender-Siempre-2026")
    rita.save()
    forgotten_password("rita@example.org")
    [message] = mail.outbox
    assert "/admin/password_reset/confirm/" in message.body
    assert not CONFIRM_LINK.search(message.body)


def test_invitations_again_are_limited_like_password_resets(rita, first_link, forgotten_password, settings):
    for _ in range(settings.ACCOUNT_RECOVERY_LIMIT_PER_EMAIL + 2):
        forgotten_password("rita@example.org")
    assert len(mail.outbox) == settings.ACCOUNT_RECOVERY_LIMIT_PER_EMAIL


def test_a_city_s_password_invitation_and_another_city_s_confirmation_both_come_again(
    staff_client, medellin, bogota, forgotten_password, django_capture_on_commit_callbacks
):
    """Luisa, invited to Medellín through a password link she has not used, then to Bogotá (a confirmation
    link, as Medellín's access is other access): she gets both again, to choose her password and then
    accept."""
    with django_capture_on_commit_callbacks(execute=True):
        for city in (medellin, bogota):
            staff_client.post(
                f"/admin/cities/{city.pk}/focal-points/", {"name": "Luisa", "email": "luisa@example.org"}
            )
    mail.outbox.clear()

    forgotten_password("luisa@example.org")

    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2
    assert "Bogotá" in subjects[0] and CONFIRM_LINK.search(mail.outbox[0].body + mail.outbox[1].body)
    assert "Medellín" in subjects[1]
