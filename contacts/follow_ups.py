"""Reminders of follow-ups: one e-mail, when a follow-up falls due, to the colleague it is assigned to
(or, when none, to the engagement's owner), in their admin language. An assignee who can no longer be
reminded (account deactivated, no longer allowed to read the log, no e-mail address) does not swallow the
reminder: the owner gets it, told to reassign the follow-up. When neither can be reminded, nobody is
e-mailed and the follow-up is listed on every reader's dashboard (contacts/dashboard.py).

Saving an engagement whose follow-up date, state or recipient changed (or importing it, which saves in
bulk, without signals: `follow_up_changed`) queues a reminder on the "background" queue, to run at 08:00
(the site's time zone) on the due date. The task decides when it runs: the follow-up must still be open,
still due that day, and the recipient still UIL staff. The engagement records the due date whose reminder
went out (`follow_up_reminded_on`), claimed by one conditional UPDATE, so two runs (a date changed back
and forth, two workers) never send the same reminder twice. A new recipient (another assignee, or the
owner when the assignee is removed) has not been reminded: their reminder goes out too.

When the mail server cannot be reached or the connection breaks (network/mail_server.py), the claim is
released and the task queued again for later, the wait growing with the outage. A reminder to a colleague
is better twice than never: unlike a registrant's e-mail, it is tried again even when the connection broke
while it was being handed over.
"""

import logging
from datetime import date, datetime, time
from functools import partial

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from wagtail.users.models import UserProfile

from network.links import absolute_url
from network.mail_server import ServerUnreachable, connection_to_the_server, server_failed, try_again_later
from network.senders import sender

from .models import Engagement
from .permissions import reads_the_log

logger = logging.getLogger(__name__)

REMINDER_TIME = time(8)
TEMPLATE = "contacts/emails/follow_up_reminder"


def can_be_reminded(user):
    """An active account allowed to read the engagement log, with an e-mail address."""
    return user is not None and bool(user.email) and reads_the_log(user)


def recipient_of(engagement):
    """The assignee, else the owner, whichever can be reminded first; None when neither can."""
    for user in (engagement.follow_up_assignee, engagement.owner):
        if can_be_reminded(user):
            return user
    return None


def reminder_time(due):
    """08:00 on the due date, in the site's time zone."""
    return timezone.make_aware(datetime.combine(due, REMINDER_TIME), timezone.get_default_timezone())


@task(backend="background")
def send_follow_up_reminder(engagement_id, due_date_iso, failing_since_iso=None):
    """Send the reminder of the follow-up due on that date, if it is still due and not yet sent.
    Returns whether an e-mail went out. `failing_since_iso` is when the mail server started failing, for
    a run queued again because it did."""
    due = date.fromisoformat(due_date_iso)
    if due > timezone.localdate():
        return False
    still_due = Engagement.objects.filter(pk=engagement_id, follow_up_date=due, follow_up_done=False)
    engagement = (
        still_due.exclude(follow_up_reminded_on=due)
        .select_related("owner", "follow_up_assignee")
        .prefetch_related("cities")
        .first()
    )
    if engagement is None:
        return False
    recipient = recipient_of(engagement)
    if recipient is None:
        # The dashboards list it among the follow-ups nobody is reminded of.
        logger.warning(
            "Follow-up of engagement %s: neither its assignee nor its owner can be reminded.", engagement.pk
        )
        return False
    try:
        # The claim and the e-mail stand or fall together: a failed send leaves the reminder to a later run.
        with transaction.atomic(), connection_to_the_server() as connection:
            claimed = still_due.exclude(follow_up_reminded_on=due).update(follow_up_reminded_on=due)
            if not claimed:
                return False
            try:
                reminder(engagement, recipient, connection).send()
            except Exception as error:
                if server_failed(error):
                    raise ServerUnreachable(error) from error
                raise
    except ServerUnreachable as problem:
        try_again_later(
            send_follow_up_reminder, [engagement_id, due_date_iso], problem.error, failing_since_iso
        )
        return False
    return True


def reminder(engagement, recipient, connection):
    with translation.override(UserProfile.get_for_user(recipient).get_preferred_language()):
        context = {
            "engagement": engagement,
            "recipient": recipient,
            "assigned_by": engagement.owner if recipient != engagement.owner else None,
            "unreachable_assignee": unreachable_assignee(engagement, recipient),
            "link": absolute_url(reverse("wagtailsnippets_contacts_engagement:edit", args=[engagement.pk])),
        }
        return EmailMessage(
            # A title imported with a line break must not break the header.
            subject=" ".join(render_to_string(f"{TEMPLATE}_subject.txt", context).split()),
            body=render_to_string(f"{TEMPLATE}.txt", context),
            from_email=sender(),
            to=[recipient.email],
            connection=connection,
        )


def unreachable_assignee(engagement, recipient):
    """The assignee whose reminder went to the owner instead, to be named in the owner's e-mail."""
    assignee = engagement.follow_up_assignee
    if assignee is None or recipient == assignee or assignee == engagement.owner:
        return None
    return assignee


def schedule_reminder(engagement):
    """Queue the reminder of the engagement's open follow-up, once the current transaction commits."""
    due = engagement.follow_up_date
    if due is None or engagement.follow_up_done or engagement.follow_up_reminded_on == due:
        return
    reminder = send_follow_up_reminder
    if reminder.get_backend().supports_defer:
        reminder = reminder.using(run_after=reminder_time(due))
    # Without deferral (the immediate backend) the task runs at once and sends only what is already due.
    # A queue that cannot be reached is logged; it does not turn a saved engagement into an error page.
    transaction.on_commit(partial(reminder.enqueue, engagement.pk, due.isoformat()), robust=True)


def connect():
    pre_save.connect(_remember_follow_up, sender=Engagement, dispatch_uid="contacts-follow-up-before")
    post_save.connect(_follow_up_saved, sender=Engagement, dispatch_uid="contacts-follow-up-reminder")


# What a reminder depends on: the due date, whether the follow-up is done, and who gets it.
STATE_FIELDS = ("follow_up_date", "follow_up_done", "follow_up_assignee_id", "owner_id")


def _follow_up_state(due, done, assignee_id, owner_id):
    return due, done, assignee_id or owner_id


def follow_up_state(engagement):
    return _follow_up_state(*(getattr(engagement, name) for name in STATE_FIELDS))


def follow_up_changed(engagement, previous):
    """Whether a write that sends no signal (the import's bulk update) changed the follow-up from
    `previous` (its follow_up_state before), so that its reminder is queued as saving the form queues it.
    For a new recipient the reminded date is cleared on the instance, to be written with it."""
    _forget_reminder_of_another_recipient(engagement, previous)
    return follow_up_state(engagement) != previous


def _forget_reminder_of_another_recipient(engagement, previous):
    """A new recipient has not been reminded yet: theirs goes out too."""
    if previous[2] != follow_up_state(engagement)[2]:
        engagement.follow_up_reminded_on = None


def _remember_follow_up(sender, instance, raw=False, **kwargs):
    """Keep what the follow-up was."""
    previous = None
    if instance.pk and not raw:
        row = Engagement.objects.filter(pk=instance.pk).values_list(*STATE_FIELDS).first()
        if row is not None:
            previous = _follow_up_state(*row)
            _forget_reminder_of_another_recipient(instance, previous)
    instance._previous_follow_up = previous


def _follow_up_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created or getattr(instance, "_previous_follow_up", None) != follow_up_state(instance):
        schedule_reminder(instance)
