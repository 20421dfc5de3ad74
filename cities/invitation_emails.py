"""The e-mails of a focal-point invitation, each in the recipient's admin language.

A new account gets a link to choose its password (Django's password-reset token: it stops working once
the password, or a fresh unusable password, is set). An existing account gets a single-use link that
confirms the invitation once its owner is signed in. Every link starts with the site's base URL
(network.links), whoever sent the invitation and by whatever host name they reached the admin.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.users.models import UserProfile

from network.links import absolute_url


def password_link(user):
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
    )
    return absolute_url(path)


def confirmation_link(token):
    return absolute_url(reverse("cities:accept_invitation", args=[token]))


def send_invitation(user, page):
    """To a new (or afresh) account: choose a password, then sign in."""
    with translation.override(UserProfile.get_for_user(user).get_preferred_language()):
        _send(
            "cities/emails/focal_point_invitation",
            user.email,
            {
                "user": user,
                "city": page,
                "link": password_link(user),
                "admin_url": absolute_url(reverse("wagtailadmin_home")),
                "username_is_email": user.get_username().lower() == user.email.lower(),
            },
        )


def send_confirmation_request(invitation, token, language):
    """To an existing account: sign in and confirm through the link."""
    with translation.override(language):
        _send(
            "cities/emails/focal_point_confirmation",
            invitation.email,
            {
                "user": invitation.user,
                "city": invitation.page,
                "link": confirmation_link(token),
                "expires_at": invitation.expires_at,
            },
        )


def _send(template, recipient, context):
    send_mail(
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        message=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
    )
