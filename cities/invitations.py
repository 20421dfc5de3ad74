"""Inviting a city's focal point: give exactly that city's access, and only to whoever reads the mailbox.

- No account has the address: a new account with an unusable password; the e-mail carries a link to
  choose a password.
- An account has the address but no access other than (possibly) this city's: it starts afresh as a
  new account would — reactivated if it was deactivated, a fresh unusable password (so its old password,
  its sessions and any earlier link stop working), this city's group, the choose-a-password e-mail.
- An active account with other access (other cities, staff, administrators): nothing changes until its
  owner, signed in with that very address, confirms through the e-mailed link (a FocalPointInvitation).
  When that account has no usable password (so cannot sign in), the link leads instead to a page where its
  owner chooses one, which accepts the invitation at the same time (accept_choosing_password).
- A deactivated account with other access is refused: reactivating it is a deliberate administrator's
  action in Users, never a side effect of an invitation.
- An address that is another account's username, or that several accounts share, is refused.
"""

from dataclasses import dataclass
from functools import partial

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.users.models import UserProfile

from .focal_points import city_language, ensure_city_access
from .invitation_emails import send_confirmation_request, send_invitation
from .invitation_tokens import hash_of, new_token
from .models import FocalPointInvitation

DEACTIVATED_WITH_OTHER_ACCESS = gettext_lazy(
    "This address belongs to a deactivated account that has other permissions. An invitation does not "
    "reactivate it: an administrator can do that in Users."
)
ANOTHER_ACCOUNTS_USERNAME = gettext_lazy(
    "Another account has this address as its username. An administrator can sort this out in Users."
)
SEVERAL_ACCOUNTS = gettext_lazy(
    "Several accounts use this e-mail address. An administrator can sort this out in Users."
)


class InvitationRefused(Exception):
    """The invitation cannot be made; `message` says why, for the person who sent it."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class InvitationOutcome:
    user: object
    created: bool = False
    pending: FocalPointInvitation | None = None
    already: bool = False


@transaction.atomic
def invite(page, email, name="", language=None, invited_by=None):
    """Invite the person with this address to be a focal point of the city (see the module's notes).

    E-mails go out after the commit, in the person's admin language: an existing account's own choice,
    else `language` (by default the city's language), which becomes a new account's choice.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    group = ensure_city_access(page).group
    user = _account_for(email)
    if user is None:
        return _welcome(page, _new_account(email, name), group, language, created=True)
    member = user.groups.filter(pk=group.pk).exists()
    if _has_other_access(user, group):
        if not user.is_active:
            raise InvitationRefused(DEACTIVATED_WITH_OTHER_ACCESS)
        if member:
            return InvitationOutcome(user, already=True)
        return _ask_to_confirm(page, user, language, invited_by)
    if member and user.is_active and user.has_usable_password():
        return InvitationOutcome(user, already=True)
    return _welcome(page, _start_afresh(user), group, language)


@transaction.atomic
def grant_to_account(page, user):
    """The CRM found a current focal point's account by e-mail: let it in, or ask its owner first.

    An account with other access joins only through a confirmed link, as with an invitation: its e-mail
    address was never checked, and whoever set it must not gain a city by it. One pending request per
    city and account, so that saving the contact again sends nothing more.
    """
    group = ensure_city_access(page).group
    if user.groups.filter(pk=group.pk).exists():
        return None
    if not _has_other_access(user, group):
        user.groups.add(group)
        return None
    if pending_invitations().filter(page=page, user=user, email__iexact=user.email).exists():
        return None
    return _ask_to_confirm(page, user, None, None).pending


def _account_for(email):
    """The one account with this e-mail address, or None; refused when that is ambiguous."""
    User = get_user_model()
    username = _username_for(email)
    matches = list(
        User.objects.filter(
            Q(email__iexact=email) | Q(username__iexact=email) | Q(username__iexact=username)
        ).order_by("pk")[:2]
    )
    if len(matches) > 1:
        raise InvitationRefused(SEVERAL_ACCOUNTS)
    if matches and matches[0].email.lower() != email.lower():
        raise InvitationRefused(ANOTHER_ACCOUNTS_USERNAME)
    return matches[0] if matches else None


def _username_for(email):
    return email.lower()[:150]


def _has_other_access(user, group):
    """Any power besides this city's focal-point group: superuser, staff, permissions, other groups."""
    return (
        user.is_superuser
        or user.is_staff
        or user.user_permissions.exists()
        or user.groups.exclude(pk=group.pk).exists()
    )


def _new_account(email, name):
    User = get_user_model()
    first_name, _space, last_name = name.strip().partition(" ")
    user = User(username=_username_for(email), email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same address invited twice at the same moment
        raise InvitationRefused(ANOTHER_ACCOUNTS_USERNAME) from None
    return user


def _start_afresh(user):
    """An account with no other access becomes what a new one would be (its old password stops working)."""
    user.is_active = True
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    return user


def _welcome(page, user, group, language, created=False):
    """Put the account in the city's group and e-mail the link to choose a password."""
    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = language or city_language(page)
        profile.save(update_fields=["preferred_language"])
    user.groups.add(group)
    _open_invitations(page, user).delete()
    # Sent by the background worker; a queue that cannot be reached is logged, not an error page.
    transaction.on_commit(partial(send_invitation.enqueue, user.pk, page.pk), robust=True)
    return InvitationOutcome(user, created=created)


def _ask_to_confirm(page, user, language, invited_by):
    """Record a pending invitation (replacing an earlier one) and e-mail its single-use link."""
    _open_invitations(page, user).delete()
    invitation = FocalPointInvitation.objects.create(
        page=page,
        user=user,
        email=user.email,
        # A secret nobody knows until the e-mail is sent, which makes the link's own (invitation_emails).
        token_hash=hash_of(new_token()),
        created_by=invited_by if getattr(invited_by, "pk", None) else None,
    )
    language = UserProfile.get_for_user(user).preferred_language or language or city_language(page)
    transaction.on_commit(partial(send_confirmation_request.enqueue, invitation.pk, language), robust=True)
    return InvitationOutcome(user, pending=invitation)


def _open_invitations(page, user):
    return FocalPointInvitation.objects.filter(
        Q(user=user) | Q(email__iexact=user.email), page=page, accepted_at__isnull=True
    )


# --- Pending invitations ----------------------------------------------------------------------------


def pending_invitations():
    """Invitations not yet accepted whose link has not expired."""
    return FocalPointInvitation.objects.filter(
        accepted_at__isnull=True, created_at__gt=timezone.now() - FocalPointInvitation.max_age()
    )


def open_invitations_of(page):
    """A city's invitations not yet accepted, expired ones included, newest first."""
    return (
        FocalPointInvitation.objects.filter(page=page, accepted_at__isnull=True)
        .select_related("user", "created_by")
        .order_by("-created_at")
    )


def find_invitation(token):
    """The pending invitation this link's secret belongs to, or None."""
    if not token:
        return None
    return pending_invitations().filter(token_hash=hash_of(token)).select_related("page", "user").first()


def expired_invitation(token):
    """The invitation this link's secret belongs to when only its age stops it, or None."""
    if not token:
        return None
    return (
        FocalPointInvitation.objects.filter(
            token_hash=hash_of(token),
            accepted_at__isnull=True,
            created_at__lte=timezone.now() - FocalPointInvitation.max_age(),
        )
        .select_related("page", "user")
        .first()
    )


@transaction.atomic
def renew_invitation(invitation):
    """Send an expired invitation's link again, valid from now, while its account still holds the invited
    address; the e-mail makes a new secret, so the old link stays useless. Whether it was queued."""
    current = (
        FocalPointInvitation.objects.select_for_update()
        .filter(pk=invitation.pk, accepted_at__isnull=True, token_hash=invitation.token_hash)
        .select_related("page", "user")
        .first()
    )
    if current is None or not current.user.is_active or current.user.email.lower() != current.email.lower():
        return False
    current.created_at = timezone.now()
    current.save(update_fields=["created_at"])
    language = UserProfile.get_for_user(current.user).preferred_language or city_language(current.page)
    transaction.on_commit(partial(send_confirmation_request.enqueue, current.pk, language), robust=True)
    return True


def is_for(invitation, user):
    """Only the invited account, still holding the invited address, may accept."""
    return (
        user.is_authenticated
        and user.is_active
        and user.pk == invitation.user_id
        and user.email.lower() == invitation.email.lower()
    )


@transaction.atomic
def accept_invitation(invitation, user):
    """Give the invited account the city's access; False when the invitation is gone or not theirs."""
    current = pending_invitations().select_for_update().filter(pk=invitation.pk).first()
    if current is None or not is_for(current, user):
        return False
    user.groups.add(ensure_city_access(current.page).group)
    current.accepted_at = timezone.now()
    current.save(update_fields=["accepted_at"])
    return True


def chooses_password(invitation):
    """Whether the invitation's link asks its owner to choose a password: an account that cannot sign in."""
    return not invitation.user.has_usable_password()


@transaction.atomic
def accept_choosing_password(invitation, password):
    """Accept the invitation of an account that has no usable password, giving it this password (already
    validated); the account, or None when the invitation is gone or not theirs, or when the account got a
    password meanwhile (its owner then signs in to accept). Nothing changes in that case."""
    User = get_user_model()
    user = User.objects.select_for_update().filter(pk=invitation.user_id).first()
    if user is None or user.has_usable_password() or not accept_invitation(invitation, user):
        return None
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def withdraw_invitation(page, invitation_id):
    """Cancel a city's invitation that was not accepted; return it, or None when there was none."""
    invitation = open_invitations_of(page).filter(pk=invitation_id).first()
    if invitation is not None:
        invitation.delete()
    return invitation
