"""The e-mails to registrants, sent by the background worker, each once.

`send_notices` claims each waiting notice of a registration with a conditional UPDATE (waiting → being
sent) before sending and marks it sent after, as mailings do: a worker stopped between the two leaves
the notice "being sent", never sent a second time. Each message is in the registrant's language, with
their personal link to change or cancel and, while they hold a place, the event's .ics.

When the mail server cannot be reached or the connection breaks (network/mail_server.py), the notices not
handed over stay waiting and `send_notices` is queued again for later, the wait growing with the outage.
The notice being handed over when the connection broke may have arrived: it stays "being sent", not sent
again. A notice the server refuses on its own (its recipient) is marked failed. A reminder still waiting
when its event has started is not sent at all: it is marked "too late", which staff read on the
registration's page.

Nor is a reminder sent for an event that is not live (unpublished, withdrawn): it would give the online
link, the .ics and a link to a page that no longer exists. Nothing is sent or written (a reminder written
while the event was live and still waiting is dropped); publishing the event again queues its reminders
again (`schedule_event_reminders`), and they go out if it is still to come. The other notices tell people
of a change to their own registration (cancelled, moved up, declined…) and still go out.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.core import mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from network.mail_server import (
    ServerUnreachable,
    connection_to_the_server,
    nothing_sent,
    server_failed,
    try_again_later,
)
from network.senders import sender

from .calendar import registrant_calendar
from .links import manage_link, verification_url
from .models import Notice, Registration
from .page_context import with_host_places, written_place

logger = logging.getLogger(__name__)
SUBJECTS = {
    Notice.Kind.CONFIRMED: lambda: _("Your place at “%(title)s” is confirmed"),
    Notice.Kind.WAITING: lambda: _("You are on the waiting list for “%(title)s”"),
    Notice.Kind.PENDING: lambda: _("We have received your registration for “%(title)s”"),
    Notice.Kind.PROMOTED: lambda: _("A place is free: you are registered for “%(title)s”"),
    Notice.Kind.CANCELLED: lambda: _("Your registration for “%(title)s” is cancelled"),
    Notice.Kind.DECLINED: lambda: _("Your registration for “%(title)s” could not be accepted"),
    Notice.Kind.REMINDER: lambda: _("Reminder: “%(title)s” is coming up"),
    Notice.Kind.CERTIFICATE: lambda: _("Your certificate of attendance: “%(title)s”"),
    Notice.Kind.ALREADY_REGISTERED: lambda: _("You are already registered for “%(title)s”"),
    Notice.Kind.EVENT_CANCELLED: lambda: _("“%(title)s” is cancelled"),
}
HOLDS_A_PLACE = {Notice.Kind.CONFIRMED, Notice.Kind.PROMOTED, Notice.Kind.REMINDER}
# Confirmed registrants are reminded this long before the event starts.
REMINDER_BEFORE = timedelta(days=1)


@task(backend="background")
def send_notices(registration_id, failing_since_iso=None):
    """Send the registration's waiting notices; returns how many went out. `failing_since_iso` is when
    the mail server started failing, for a run queued again because it did."""
    notices = list(
        Notice.objects.filter(registration_id=registration_id, status=Notice.Status.PENDING).select_related(
            "registration__event"
        )
    )
    if not notices:
        return 0  # Sent already (a task queued twice): no connection to the mail server.
    sent = 0
    try:
        with connection_to_the_server() as connection:
            for notice in notices:
                sent += deliver(notice, connection)
    except ServerUnreachable as problem:
        try_again_later(send_notices, [registration_id], problem.error, failing_since_iso)
    return sent


def resume_pending_notices():
    """Queue `send_notices` again for every registration with a notice still waiting; returns how many.

    A notice is written in the registration's transaction, but its task is queued after the commit, and
    a queue that failed then is only logged (`robust=True`); a task can also be lost with a worker
    killed while running it. Either way the notice would wait forever: `manage.py run_worker` calls this
    before it starts. A registration whose task is still queued gets a second one, which sends nothing
    twice: each notice is claimed before it is sent. Notices left "being sent" are not sent again, nor
    those about an event that is over (a certificate aside); a reminder whose event has begun is marked
    "too late".
    """
    now = timezone.now()
    # A reminder still waiting once its event has begun will never be sent: the registration's page says so.
    Notice.objects.filter(
        status=Notice.Status.PENDING, kind=Notice.Kind.REMINDER, registration__event__starts_at__lte=now
    ).update(status=Notice.Status.TOO_LATE)
    ended = Q(registration__event__ends_at__lt=now) & ~Q(kind=Notice.Kind.CERTIFICATE)
    registration_ids = list(
        Notice.objects.filter(status=Notice.Status.PENDING)
        .exclude(ended)
        .order_by("registration_id")
        .values_list("registration_id", flat=True)
        .distinct()
    )
    for registration_id in registration_ids:
        send_notices.enqueue(registration_id)
    return len(registration_ids)


def deliver(notice, connection):
    if notice.kind == Notice.Kind.REMINDER and notice.registration.event.starts_at <= timezone.now():
        waiting = Notice.objects.filter(pk=notice.pk, status=Notice.Status.PENDING)
        waiting.update(status=Notice.Status.TOO_LATE)
        return 0
    if notice.kind == Notice.Kind.REMINDER and not notice.registration.event.live:
        # Unpublished while it waited: never written, so publishing the event again writes it anew.
        Notice.objects.filter(pk=notice.pk, status=Notice.Status.PENDING).delete()
        return 0
    claimed = Notice.objects.filter(pk=notice.pk, status=Notice.Status.PENDING).update(
        status=Notice.Status.SENDING
    )
    if not claimed:
        return 0
    try:
        message(notice, connection).send()
    except Exception as error:
        if server_failed(error):
            if nothing_sent(error):
                Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.PENDING)
            raise ServerUnreachable(error) from error
        logger.exception("Registration notice %s failed", notice.pk)
        Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.FAILED)
        return 0
    Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.SENT, sent_at=timezone.now())
    return 1


def message(notice, connection):
    registration = Registration.objects.select_related("event").get(pk=notice.registration_id)
    event = registration.event
    with translation.override(registration.site_language):
        # Its live translation only: a draft's title and address must not reach anyone.
        translated = registration.event_in_own_language()
        [event] = with_host_places([event])
        context = {
            "registration": registration,
            "event": translated,
            "kind": notice.kind,
            "place": written_place(translated, event.host_place),
            "holds_a_place": notice.kind in HOLDS_A_PLACE,
            "online_url": event.online_url if notice.kind in HOLDS_A_PLACE else "",
            # Unpublished (withdrawn), the event has no page to link to.
            "event_url": translated.get_full_url() if translated.live else "",
            "manage_link": manage_link(registration),
            "certificate_url": verification_url(registration.certificate.code)
            if notice.kind == Notice.Kind.CERTIFICATE
            else "",
            # What staff wrote when they cancelled the event (events/cancellation.py), if anything.
            "cancellation": event.cancellation if notice.kind == Notice.Kind.EVENT_CANCELLED else None,
            "starts": timezone.localtime(event.starts_at, event.zone),
            "ends": timezone.localtime(event.ends_at, event.zone),
        }
        subject = SUBJECTS[notice.kind]() % {"title": translated.title}
        body = render_to_string("events/email/notice.txt", context)
        from_email = sender()
    email = mail.EmailMessage(
        subject=subject, body=body, from_email=from_email, to=[registration.email], connection=connection
    )
    if notice.kind in HOLDS_A_PLACE:
        email.attach(f"{event.slug}.ics", registrant_calendar(registration), "text/calendar")
    if notice.kind == Notice.Kind.CERTIFICATE:
        certificate = registration.certificate
        email.attach(f"certificate-{certificate.code}.pdf", bytes(certificate.pdf), "application/pdf")
    return email


def schedule_reminder(registration):
    """Queue the reminder of a confirmed registration for a day before the event, after the commit.

    The task checks everything again when it runs (the person still has a place, the event still starts
    then) and sends at most one reminder per registration.
    """
    event = registration.event
    if event.starts_at - REMINDER_BEFORE <= timezone.now():
        return  # Registered in the last day: the confirmation just sent is the reminder.
    task = send_reminder
    if task.get_backend().supports_defer:
        task = task.using(run_after=max(event.starts_at - REMINDER_BEFORE, timezone.now()))
    transaction.on_commit(partial(task.enqueue, registration.pk, event.starts_at.isoformat()), robust=True)


def schedule_event_reminders(event):
    """Queue the reminders of everyone with a place, for a day before the event as it is now published.

    Called on each publish of an event with confirmed registrants: when the event has moved, the
    reminders queued for its old time do nothing (they check the time) and these go out instead; when it
    has not, these find everyone already reminded or not yet due and do nothing either.
    """
    now = timezone.now()
    if event.starts_at <= now:
        return
    if not Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).exists():
        return
    task = send_event_reminders
    if task.get_backend().supports_defer:
        task = task.using(run_after=max(event.starts_at - REMINDER_BEFORE, now))
    transaction.on_commit(partial(task.enqueue, event.pk, event.starts_at.isoformat()), robust=True)


@task(backend="background")
def send_event_reminders(event_id, starts_at_iso):
    """Remind every confirmed registrant of an event, each once; returns how many e-mails went out."""
    confirmed = Registration.objects.filter(
        event_id=event_id, status=Registration.Status.CONFIRMED, reminded=True
    )
    return sum(send_reminder.call(pk, starts_at_iso) for pk in confirmed.values_list("pk", flat=True))


@task(backend="background")
def send_reminder(registration_id, starts_at_iso):
    """Remind a confirmed registrant of the event, once; returns whether an e-mail went out."""
    now = timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(pk=registration_id, status=Registration.Status.CONFIRMED, reminded=True)
            .first()
        )
        if registration is None or registration.event.starts_at != datetime.fromisoformat(starts_at_iso):
            return False  # Cancelled, or the event moved (its new time has a reminder of its own).
        if not registration.event.live:
            return False  # Withdrawn: publishing it again queues its reminders again.
        if registration.event.starts_at - REMINDER_BEFORE > now or registration.event.starts_at < now:
            return False
        if registration.notices.filter(kind=Notice.Kind.REMINDER).exists():
            return False
        notice = Notice.objects.create(registration=registration, kind=Notice.Kind.REMINDER)
    try:
        with connection_to_the_server() as connection:
            return bool(deliver(notice, connection))
    except ServerUnreachable as problem:
        try_again_later(send_notices, [registration_id], problem.error)
        return False
