"""An existing account invited to another city asks for a new confirmation link once theirs expired.

The page of a link that no longer works offers "Send me a new link"; the new link goes to the address the
invitation was sent to, and only for an invitation that expired: not one withdrawn by staff, replaced by a
newer one or already accepted. The answer is the same whatever happened, and requests count against the
password-reset limits.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cities.invitations import withdraw_invitation
from cities.models import FocalPointInvitation

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://[^\s/]+(/admin/cities/invitations/[^\s/]+/)")
ADDRESS = "81.2.69.142"
SENT = "If this link was an invitation that expired"


def age_the_invitation(settings):
    FocalPointInvitation.objects.update(
        created_at=timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    )


def confirmation_path(message):
    return CONFIRM_LINK.search(message.body).group(1)


@pytest.fixture
def expired_link(staff_client, bogota, focal_point_a, settings, django_capture_on_commit_callbacks):
    """Medellín's focal point was invited to Bogotá too and let the link expire: its path."""
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/admin/cities/{bogota.pk}/focal-points/", {"name": "Ana Restrepo", "email": focal_point_a.email}
        )
    [message] = mail.outbox
    mail.outbox.clear()
    age_the_invitation(settings)
    return confirmation_path(message)


@pytest.fixture
def invitee(focal_point_a):
    """The invited person's browser, signed in, with CSRF checks as a real browser gets them."""
    person = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=ADDRESS, enforce_csrf_checks=True)
    person.force_login(focal_point_a)
    person.raise_request_exception = False
    return person


@pytest.fixture
def ask_for_a_new_link(invitee, django_capture_on_commit_callbacks):
    """Open the link and press "Send me a new link"; the words of the page that follows."""

    def ask(path):
        html = invitee.get(path).content.decode()
        form = re.search(r'<form method="post" action="([^"]*)"[^>]*>(.*?)</form>', html, re.S)
        assert form and "Send me a new link" in form.group(2), f"no button to press:\n{html}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2)).group(1)
        with django_capture_on_commit_callbacks(execute=True):
            response = invitee.post(form.group(1), {"csrfmiddlewaretoken": token, "new_link": ""})
        assert response.status_code == 200
        main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
        return " ".join(re.sub(r"<[^>]+>", " ", main).split())

    return ask


def in_group(user, city):
    return user.groups.filter(pk=city.access.group.pk).exists()


def test_an_expired_link_sends_a_new_one_that_works(
    expired_link, ask_for_a_new_link, invitee, focal_point_a, bogota
):
    assert SENT in ask_for_a_new_link(expired_link)

    [message] = mail.outbox
    assert message.to == [focal_point_a.email]
    assert "Bogotá" in message.subject
    new_path = confirmation_path(message)
    assert new_path != expired_link
    invitee.get(new_path)
    token = invitee.cookies["csrftoken"].value
    assert invitee.post(new_path, {"csrfmiddlewaretoken": token}).status_code == 302
    assert in_group(focal_point_a, bogota)


def test_no_new_link_for_a_withdrawn_invitation(expired_link, ask_for_a_new_link, bogota):
    withdraw_invitation(bogota, FocalPointInvitation.objects.get().pk)
    assert SENT in ask_for_a_new_link(expired_link)
    assert mail.outbox == []


def test_no_new_link_once_accepted(expired_link, ask_for_a_new_link):
    FocalPointInvitation.objects.update(accepted_at=timezone.now())
    assert SENT in ask_for_a_new_link(expired_link)
    assert mail.outbox == []


def test_no_new_link_once_the_address_left_the_account(expired_link, ask_for_a_new_link, focal_point_a):
    focal_point_a.email = "ana.nueva@example.org"
    focal_point_a.save()
    assert SENT in ask_for_a_new_link(expired_link)
    assert mail.outbox == []


def test_the_page_says_the_same_whatever_happened(expired_link, ask_for_a_new_link, bogota):
    sent = ask_for_a_new_link(expired_link)
    assert ask_for_a_new_link(expired_link) == sent, "the used-up link"
    assert ask_for_a_new_link("/admin/cities/invitations/not-a-token/") == sent
    assert len(mail.outbox) == 1


def test_new_links_are_limited_like_password_resets(expired_link, ask_for_a_new_link, settings):
    path = expired_link
    for _ in range(settings.ACCOUNT_RECOVERY_LIMIT_PER_EMAIL + 1):
        ask_for_a_new_link(path)
        path = confirmation_path(mail.outbox[-1])
        age_the_invitation(settings)
    assert len(mail.outbox) == settings.ACCOUNT_RECOVERY_LIMIT_PER_EMAIL
