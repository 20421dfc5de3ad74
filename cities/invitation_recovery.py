"""A new link for an invited focal point whose link to choose a password went out of date.

Until its owner chooses a password, an invited account has none it can use, and Django's "Forgotten
password?" leaves such accounts out; without this, only a new invitation by UIL staff would help. The
invitation e-mail goes out again (send_invitation, by the background worker), to the address on file,
while the account is active, still a city's focal point and without a password. Each request counts
against the password-reset limits (network/password_reset.py), and whoever asked is told the same
whatever happened, so the answer reveals nothing about an account.
"""

from functools import partial

from django.db import transaction

from network.password_reset import reset_allowed

from .focal_points import cities_of
from .invitation_emails import send_invitation


def invited_city(user):
    """The city an active account was invited to, while it has not chosen a password; else None."""
    if user is None or not user.is_active or user.has_usable_password():
        return None
    return cities_of(user).first()


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
