"""A focal-point invitation is e-mailed by the background worker, not inside the admin's request: a mail
server that is slow, silent or down never turns the invitation into an error page, and the e-mail goes out
once the server answers. A confirmation link's secret is made when its e-mail is sent, so that it is
stored nowhere (the queue included) but as its hash."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.users.models import UserProfile

from cities.invitation_emails import send_confirmation_request, send_invitation
from cities.invitation_tokens import hash_of
from cities.models import FocalPointInvitation
from tests.smtp_standin import SMTPStandIn, nothing_listening
from tests.test_focal_point_invitations import CONFIRM_PATTERN, accept_as, focal_points_url

pytestmark = pytest.mark.django_db

QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def mail_server_at(port):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_TIMEOUT=5,
        TASKS=QUEUE,
    )


def queued(task):
    """The arguments of the one run of `task` waiting in the queue."""
    [waiting] = DBTaskResult.objects.filter(task_path=f"{task.func.__module__}.{task.name}", status="READY")
    return waiting.args_kwargs["args"]


def test_an_invitation_with_the_mail_server_down_is_saved_and_sent_once_it_answers(
    staff_client, medellin, django_capture_on_commit_callbacks
):
    with mail_server_at(nothing_listening()):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                focal_points_url(medellin), {"name": "Luisa Zapata", "email": "luisa@example.org"}
            )
        assert response.status_code == 302
        user = get_user_model().objects.get(email="luisa@example.org")
        assert user.groups.filter(pk=medellin.access.group.pk).exists()
        args = queued(send_invitation)
        assert args == [user.pk, medellin.pk]

        # The worker's first try meets the server down: the e-mail waits for a later try.
        DBTaskResult.objects.all().delete()
        assert send_invitation.call(*args) is False
        retry = queued(send_invitation)
        assert retry[:2] == args

    with SMTPStandIn() as relay, mail_server_at(relay.port):
        assert send_invitation.call(*retry) is True
    assert relay.received() == ["luisa@example.org"]


def test_a_confirmation_links_secret_is_made_when_it_is_sent(
    staff_client, medellin, focal_point_b, django_capture_on_commit_callbacks, mailoutbox
):
    with override_settings(TASKS=QUEUE):
        with django_capture_on_commit_callbacks(execute=True):
            staff_client.post(focal_points_url(medellin), {"name": "Bruno", "email": focal_point_b.email})
        invitation = FocalPointInvitation.objects.get(user=focal_point_b)
        args = queued(send_confirmation_request)
        assert args[0] == invitation.pk
        assert send_confirmation_request.call(*args) is True

    [message] = mailoutbox
    token = CONFIRM_PATTERN.search(message.body).group(1).rstrip("/").rsplit("/", 1)[-1]
    invitation.refresh_from_db()
    assert invitation.token_hash == hash_of(token)
    assert not any(token in str(row.args_kwargs) for row in DBTaskResult.objects.all())
    accept_as(focal_point_b, message)
    assert focal_point_b.groups.filter(pk=medellin.access.group.pk).exists()


def test_the_emails_say_how_long_their_link_works(
    staff_client, medellin, focal_point_b, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
    profile = UserProfile.get_for_user(focal_point_b)
    profile.current_time_zone = "America/Bogota"
    profile.preferred_language = "en"
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(focal_points_url(medellin), {"name": "Luisa", "email": "luisa@example.org"})
        staff_client.post(focal_points_url(medellin), {"name": "Bruno", "email": focal_point_b.email})

    invitation, confirmation = mailoutbox
    # A new account for Medellín gets the city's language, Spanish.
    assert "El enlace es válido durante 3 días." in invitation.body
    assert "(Bogotá time, UTC−5)" in confirmation.body
