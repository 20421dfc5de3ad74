"""Asking "Forgotten password?" reaches an invited focal point who never chose a password: they get their
invitation's link again (Django's own form leaves accounts without a usable password out), while
Wagtail's answer, "Check your email", stays the same for every address.
"""

import re
from email.utils import parseaddr

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from cities.focal_points import remove_focal_point

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Aprender-Siempre-2026"
PASSWORD_LINK = re.compile(r"https?://[^\s/]+(/admin/password_reset/confirm/[^\s/]+/[^\s/]+/)")


@pytest.fixture
def invited(staff_client, medellin, django_capture_on_commit_callbacks):
    """Luisa, invited as Medellín's focal point in English, who has not chosen a password."""
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/admin/cities/{medellin.pk}/focal-points/",
            {"name": "Luisa Zapata", "email": "luisa@example.org", "language": "en"},
        )
    mail.outbox.clear()
    return User.objects.get(email="luisa@example.org")


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


def test_an_invited_person_gets_their_invitation_again(invited, forgotten_password):
    forgotten_password("Luisa@Example.org")

    [message] = mail.outbox
    assert message.to == ["luisa@example.org"]
    assert "Medellín" in message.subject, "not the invitation e-mail"
    person = Client()
    response = person.get(PASSWORD_LINK.search(message.body).group(1), follow=True)
    assert 'name="new_password1"' in response.content.decode()
    response = person.post(
        response.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert "/admin/password_reset/complete/" in response["Location"]
    invited.refresh_from_db()
    assert invited.has_usable_password()


def test_nothing_once_the_invitation_is_withdrawn(invited, forgotten_password, medellin):
    remove_focal_point(medellin, invited)
    forgotten_password("luisa@example.org")
    assert mail.outbox == []


def test_an_account_without_password_and_no_city_still_gets_nothing(forgotten_password):
    User.objects.create_user("someone", "someone@example.org")
    forgotten_password("someone@example.org")
    assert mail.outbox == []


def test_a_focal_point_with_a_password_gets_wagtail_s_reset_link(focal_point_a, forgotten_password):
    forgotten_password(focal_point_a.email)
    [message] = mail.outbox
    assert "Medellín" not in message.subject
    assert "/admin/password_reset/confirm/" in message.body
    assert parseaddr(message.from_email)[0] == "Learning Cities Network", "the browser asked for English"


def test_invitations_again_are_limited_like_password_resets(invited, forgotten_password, settings):
    for _ in range(settings.ACCOUNT_RECOVERY_LIMIT_PER_EMAIL + 2):
        forgotten_password("luisa@example.org")
    assert len(mail.outbox) == settings.ACCOUNT_RECOVERY_LIMIT_PER_EMAIL
