"""Sending a mailing: in the background worker, one delivery at a time, never twice to anyone.

Staff press "Send": the request only marks the mailing as queued and enqueues `send_mailing` (it sends
nothing itself). The worker then
1. takes the list of recipients once (`take_recipients`): one delivery row per member of the segment,
   with the address and language it will use, or the reason it will not be sent (mailings/recipients.py);
2. claims each waiting delivery with a conditional UPDATE (waiting → being sent) before sending it, and
   marks it sent after. A worker stopped mid-way (a restart, a crash) leaves at most one delivery
   "being sent": `resume_interrupted` marks it interrupted, not to be sent again (at most once), and
   enqueues the rest of the mailing again; two workers on one mailing never claim the same row;
3. records the mailing on the recipients' timelines: one e-mail engagement with every person it
   reached and their cities, owned by whoever sent it.

When the mail server cannot be reached, or the connection to it breaks, the run stops: the mailing's page
shows the server's error, the deliveries not yet tried wait, and the task is queued again for later
(`wait_for_the_server`). The delivery being handed over when the connection broke may or may not have
arrived: it is marked interrupted, not sent again, as after a worker stopped mid-way.
"""

import logging

from django.core import mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from cities.models import CityPage
from contacts.models import Contact, Engagement
from network.mail_server import (
    ServerUnreachable,
    connection_to_the_server,
    next_try,
    nothing_sent,
    server_failed,
)
from network.senders import sender

from .models import Delivery, Mailing
from .recipients import recipients
from .unsubscribe import unsubscribe_headers, unsubscribe_link

logger = logging.getLogger(__name__)
BATCH = 200
SITE_LANGUAGE = {"es": "es", "pt": "pt-br", "en": "en"}


class AlreadySent(Exception):
    """The mailing left the draft state already: it is not queued a second time."""


def queue_mailing(mailing, user):
    """Mark a draft as queued and enqueue it once the transaction commits. Sends nothing."""
    with transaction.atomic():
        queued = Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.DRAFT).update(
            status=Mailing.Status.QUEUED, sent_by=user, queued_at=timezone.now()
        )
        if not queued:
            raise AlreadySent
        transaction.on_commit(lambda: send_mailing.enqueue(mailing.pk))
    mailing.refresh_from_db()


@task(backend="background")
def send_mailing(mailing_id):
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None or mailing.status in (Mailing.Status.DRAFT, Mailing.Status.SENT):
        return 0
    take_recipients(mailing)
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
    try:
        sent = send_waiting(mailing)
    except ServerUnreachable as problem:
        wait_for_the_server(mailing, problem.error)
        return problem.sent
    Mailing.objects.filter(pk=mailing.pk).update(server_error="", server_failing_since=None, retry_at=None)
    record_on_timelines(mailing)
    return sent


def send_waiting(mailing):
    """Send every waiting delivery over one connection; returns how many went out. Raises
    ServerUnreachable when the mail server cannot be reached or the connection breaks."""
    sent = 0
    if not mailing.deliveries.filter(status=Delivery.Status.PENDING).exists():
        return sent
    with connection_to_the_server() as connection:
        while batch := list(mailing.deliveries.filter(status=Delivery.Status.PENDING)[:BATCH]):
            for delivery in batch:
                try:
                    sent += deliver(mailing, delivery, connection)
                except ServerUnreachable as problem:
                    problem.sent = sent
                    raise
    return sent


def wait_for_the_server(mailing, error):
    """Keep the server's error for the mailing's page and queue the next try: after as long as the server
    has been failing (network.mail_server.next_try), so that a long outage costs few tries. A run that
    finds the next try already queued for later (the worker was restarted meanwhile) queues no other."""
    logger.warning("Mailing %s: the mail server failed (%s); the rest waits", mailing.pk, error)
    now = timezone.now()
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        queued_already = mailing.retry_at is not None and mailing.retry_at > now
        mailing.server_failing_since = mailing.server_failing_since or now
        mailing.server_error = f"{type(error).__name__}: {error}"[:1000]
        if not queued_already:
            mailing.retry_at = next_try(mailing.server_failing_since, now)
        mailing.save(update_fields=["server_failing_since", "server_error", "retry_at"])
        # Without deferral (the immediate backend) the next try would be now, again and again: the
        # worker's restart resumes the mailing instead.
        if not queued_already and send_mailing.get_backend().supports_defer:
            send_mailing.using(run_after=mailing.retry_at).enqueue(mailing.pk)


@transaction.atomic
def take_recipients(mailing):
    """One delivery per member of the segment, taken once (later runs of the task keep the first list),
    with the rules of mailings.recipients. All of them or none: a worker stopped half way leaves no
    partial list for the next run to keep."""
    if mailing.deliveries.exists():
        return
    deliveries = [
        Delivery(
            mailing=mailing,
            contact_id=contact_id,
            address=address if not reason else "",
            language=mailing.version_for(language)[0],
            status=Delivery.Status.SKIPPED if reason else Delivery.Status.PENDING,
            reason=reason,
        )
        for contact_id, language, address, reason in recipients(mailing.segment.members())
    ]
    Delivery.objects.bulk_create(deliveries, batch_size=500, ignore_conflicts=True)


def deliver(mailing, delivery, connection):
    """Claim, send, confirm. Returns 1 if this call sent the message."""
    claimed = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENDING
    )
    if not claimed:
        return 0
    # The person may have unsubscribed since the list was taken, on this record or one with the address.
    if Contact.objects.filter(
        Q(pk=delivery.contact_id) | Q(emails__address__iexact=delivery.address), unsubscribed_at__isnull=False
    ).exists():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.SKIPPED, reason=Delivery.Reason.UNSUBSCRIBED
        )
        return 0
    try:
        message(mailing, delivery, connection).send()
    except Exception as error:
        if server_failed(error):
            after = Delivery.Status.PENDING if nothing_sent(error) else Delivery.Status.INTERRUPTED
            Delivery.objects.filter(pk=delivery.pk).update(status=after)
            raise ServerUnreachable(error) from error
        logger.exception("Mailing %s: delivery %s failed", mailing.pk, delivery.pk)
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
        return 0
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now())
    return 1


def message(mailing, delivery, connection):
    language, subject, body = mailing.version_for(delivery.language)
    link = unsubscribe_link(delivery.contact_id, SITE_LANGUAGE[language])
    with translation.override(SITE_LANGUAGE[language]):
        from_email = sender()
    return mail.EmailMessage(
        subject=subject,
        body=message_text(body, language, link),
        from_email=from_email,
        to=[delivery.address],
        headers=unsubscribe_headers(link),
        connection=connection,
    )


def message_text(body, language, unsubscribe_link):
    """A version's text as its recipients read it: the body, then the footer in the version's language.

    Plain text, not marked safe: the template renders it unescaped for the e-mail, and a page that
    shows it (the preview) must escape it like any other text, or markup in a body would come alive.
    """
    with translation.override(SITE_LANGUAGE[language]):
        text = render_to_string(
            "mailings/email/mailing.txt", {"body": body, "unsubscribe_link": unsubscribe_link}
        )
    return str.__str__(text)  # a plain str: render_to_string returns a SafeString


def record_on_timelines(mailing):
    """The mailing as one e-mail engagement with the people it reached and their cities; then it is sent."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if mailing.status == Mailing.Status.SENT:
            return
        if mailing.deliveries.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]).exists():
            return
        reached = Contact.objects.filter(
            deliveries__mailing=mailing, deliveries__status=Delivery.Status.SENT
        ).distinct()
        city_ids = set(reached.exclude(city__isnull=True).values_list("city", flat=True).distinct()) | set(
            reached.filter(organisation__city__isnull=False)
            .values_list("organisation__city", flat=True)
            .distinct()
        )
        if reached.exists():
            engagement = Engagement(
                date=timezone.localdate(),
                kind=Engagement.Kind.EMAIL,
                title=mailing.subject_es,
                summary=mailing.body_es,
                owner=mailing.sent_by,
            )
            engagement.cities = list(CityPage.objects.filter(pk__in=city_ids).only("pk"))
            engagement.participants = list(reached.only("pk"))
            engagement.save()
            mailing.engagement = engagement
        mailing.status = Mailing.Status.SENT
        mailing.finished_at = timezone.now()
        mailing.save(update_fields=["engagement", "status", "finished_at"])


def resume_interrupted():
    """After a worker stopped mid-way: the delivery it was sending is not sent again; the rest goes on.

    Returns the mailings enqueued again. `manage.py run_worker` calls this before it starts working.
    """
    unfinished = list(
        Mailing.objects.filter(Q(status=Mailing.Status.QUEUED) | Q(status=Mailing.Status.SENDING))
    )
    for mailing in unfinished:
        mailing.deliveries.filter(status=Delivery.Status.SENDING).update(status=Delivery.Status.INTERRUPTED)
        send_mailing.enqueue(mailing.pk)
    return unfinished


def hold_back_unfinished():
    """For a restored copy that must send nothing (`restore_site --drop-queued-tasks`): every mailing
    queued or being sent ends, its messages not sent marked held back; returns how many mailings."""
    unfinished = list(
        Mailing.objects.filter(Q(status=Mailing.Status.QUEUED) | Q(status=Mailing.Status.SENDING))
    )
    for mailing in unfinished:
        take_recipients(mailing)
        mailing.deliveries.filter(status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SKIPPED, reason=Delivery.Reason.HELD_BACK
        )
        mailing.deliveries.filter(status=Delivery.Status.SENDING).update(status=Delivery.Status.INTERRUPTED)
        Mailing.objects.filter(pk=mailing.pk).update(
            server_error="", server_failing_since=None, retry_at=None
        )
        record_on_timelines(mailing)
    return len(unfinished)
