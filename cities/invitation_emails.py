"""The e-mails of a focal-point invitation, each in the recipient's admin language.

A new account gets a link to choose its password (Django's password-reset token: it stops working once
the password, or a fresh unusable password, is set). An existing account gets a single-use link that
confirms the invitation once its owner is signed in; for an existing account without a usable password,
which cannot sign in, the link leads to a page where its owner chooses a password and accepts at once.
Every link starts with the site's base URL (network.links), whoever sent the invitation and by whatever
host name they reached the admin.

The background worker sends them (`make run` starts one): a slow or failing mail server never holds up
the admin's request, and when it fails the e-mail is tried again later (network/mail_server.py). A
confirmation link's secret is made when its e-mail is sent, so that it exists nowhere else, and made anew
at each try.
"""

import zoneinfo
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from django_tasks import task
from wagtail.users.models import UserProfile

from network.links import absolute_url
from network.mail_server import send_now_or_later
from network.senders import sender
from network.time_zones import time_zone_name

from .invitation_tokens import hash_of, new_token
from .models import CityPage, FocalPointInvitation


def password_link(user):
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
    )
    return absolute_url(path)


def confirmation_link(token, choose_password=False):
    """The link of a confirmation e-mail; `choose_password` for an account that cannot sign in."""
    name = "cities_invitation_password" if choose_password else "cities:accept_invitation"
    return absolute_url(reverse(name, args=[token]))


@task(backend="background")
def send_invitation(user_id, page_id, failing_since_iso=None):
    """To a new (or afresh) account: choose a password, then sign in. Returns whether it went out."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    page = CityPage.objects.filter(pk=page_id).first()
    if user is None or page is None:
        return False
    with translation.override(UserProfile.get_for_user(user).get_preferred_language()):
        context = {
            "user": user,
            "city": page,
            "link": password_link(user),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "admin_url": absolute_url(reverse("wagtailadmin_home")),
            "username_is_email": user.get_username().lower() == user.email.lower(),
        }
        make_message = partial(message, "cities/emails/focal_point_invitation", user.email, context)
        return send_now_or_later(make_message, send_invitation, [user_id, page_id], failing_since_iso)


@task(backend="background")
def send_confirmation_request(invitation_id, language, failing_since_iso=None):
    """To an existing account: sign in and confirm through the link. Nothing for an invitation accepted
    or replaced meanwhile. Returns whether it went out."""
    invitation = (
        FocalPointInvitation.objects.filter(pk=invitation_id, accepted_at__isnull=True)
        .select_related("user", "page")
        .first()
    )
    if invitation is None:
        return False
    token = new_token()
    FocalPointInvitation.objects.filter(pk=invitation.pk).update(token_hash=hash_of(token))
    # As invitations.chooses_password says (that module imports this one).
    choose_password = not invitation.user.has_usable_password()
    with translation.override(language):
        context = {
            "user": invitation.user,
            "city": invitation.page,
            "link": confirmation_link(token, choose_password),
            "choose_password": choose_password,
            "expires": on_their_clock(invitation.expires_at, invitation.user),
        }
        make_message = partial(message, "cities/emails/focal_point_confirmation", invitation.email, context)
        args = [invitation_id, language]
        return send_now_or_later(make_message, send_confirmation_request, args, failing_since_iso)


def on_their_clock(moment, user):
    """A time as the person's clock reads it (their admin time zone, else the site's), the zone named in the
    message's language ("Bogotá time, UTC−5")."""
    zone = UserProfile.get_for_user(user).get_current_time_zone()
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(zone))
    return f"{date_format(local, 'DATETIME_FORMAT')} ({time_zone_name(zone, moment)})"


def message(template, recipient, context, connection):
    return EmailMessage(
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        body=render_to_string(f"{template}.txt", context),
        from_email=sender(),
        to=[recipient],
        connection=connection,
    )
