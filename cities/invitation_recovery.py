"""A new link for an invited focal point whose link went out of date; both kinds of invitation link.

A new account has no usable password until its owner chooses one, and Django's "Forgotten password?"
leaves such accounts out: without this, only a new invitation by UIL staff would help. Asked for on the
out-of-date link's page (invitation_views) or through "Forgotten password?" (this module's form,
WAGTAILADMIN_USER_PASSWORD_RESET_FORM), the invitation e-mail goes out again (send_invitation, by the
background worker), to the address on file, while the account is active, still a city's focal point and
without a password.

An existing account's confirmation link (a FocalPointInvitation) is renewed from its page too, for an
invitation that expired, not one used, withdrawn or replaced (invitations.renew_invitation). An account
with other access and no password, which such links invite, gets them again from "Forgotten password?"
too: each of its invitations that stands (not accepted, withdrawn or replaced, sent to the address it
still holds), valid from then on.

Each request counts against the password-reset limits (network/password_reset.py), and whoever asked is
told the same whatever happened, so the answer reveals nothing about an account or an invitation.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction

from network.password_reset import ThrottledPasswordResetForm, reset_allowed
from network.senders import sender

from .focal_points import cities_of
from .invitation_emails import send_invitation
from .invitations import expired_invitation, renew_invitation
from .models import FocalPointInvitation


def invited_city(user):
    """The city an active account was invited to, while it has not chosen a password; else None."""
    if user is None or not user.is_active or user.has_usable_password():
        return None
    return cities_of(user).first()


def standing_confirmations(user):
    """The confirmation invitations of an active account without a password that still stand: not
    accepted, nor withdrawn or replaced (both delete it), sent to the address the account still holds.
    Expired ones included: sent again, they are valid from then on."""
    if user is None or not user.is_active or user.has_usable_password():
        return FocalPointInvitation.objects.none()
    return FocalPointInvitation.objects.filter(user=user, email__iexact=user.email, accepted_at__isnull=True)


def send_confirmations_again(user):
    """Queue the confirmation e-mail of each invitation of the account that stands, each valid from now
    and with a new secret (the link before stops working); how many."""
    return sum(renew_invitation(invitation) for invitation in standing_confirmations(user).order_by("pk"))


def send_new_link(user):
    """Queue the invitation e-mail again for an invited account (see invited_city); whether it was."""
    page = invited_city(user)
    if page is None:
        return False
    transaction.on_commit(partial(send_invitation.enqueue, user.pk, page.pk), robust=True)
    return True


def new_link_requested(request, user):
    """Someone asked for a new link for this account (None: no such account), within the limits or not."""
    if reset_allowed(request, user.email if user is not None else ""):
        send_new_link(user)


def confirmation_link_requested(request, token):
    """Someone asked for a new confirmation link in place of this one, within the limits or not."""
    invitation = expired_invitation(token)
    allowed = reset_allowed(request, invitation.email if invitation is not None else "")
    if allowed and invitation is not None:
        renew_invitation(invitation)


class InvitationPasswordResetForm(ThrottledPasswordResetForm):
    """The project's throttled "Forgotten password?" form, which also reaches invited accounts without a
    password: they get their invitation e-mails again (a city's password link, the confirmation links of
    the invitations that stand) instead of Django's reset link, which Django would not send them."""

    def get_users(self, email):
        yield from super().get_users(email)
        invited = get_user_model().objects.filter(email__iexact=email, is_active=True)
        yield from (
            user
            for user in invited
            if invited_city(user) is not None or standing_confirmations(user).exists()
        )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        if context["user"].has_usable_password():
            templates = (subject_template_name, email_template_name)
            super().send_mail(*templates, context, from_email or sender(), to_email, **kwargs)
        else:
            send_new_link(context["user"])
            send_confirmations_again(context["user"])
