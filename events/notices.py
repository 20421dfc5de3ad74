"""The e-mails to registrants, sent by the background worker, each once.

`send_notices` claims each waiting notice of a registration with a conditional UPDATE (waiting → being
sent) before sending and marks it sent after, as mailings do: a worker stopped between the two leaves
the notice "being sent", never sent a second time. Each message is in the registrant's language, with
their personal link to change or cancel and, while they hold a place, the event's .ics.
"""

import logging

from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from network.links import absolute_url

from .calendar import registrant_calendar
from .models import Notice, Registration

logger = logging.getLogger(__name__)
SITE_LANGUAGE = {"es": "es", "pt": "pt-br", "en": "en"}
SUBJECTS = {
    Notice.Kind.CONFIRMED: lambda: _("Your place at “%(title)s” is confirmed"),
    Notice.Kind.WAITING: lambda: _("You are on the waiting list for “%(title)s”"),
    Notice.Kind.PENDING: lambda: _("We have received your registration for “%(title)s”"),
    Notice.Kind.PROMOTED: lambda: _("A place is free: you are registered for “%(title)s”"),
    Notice.Kind.CANCELLED: lambda: _("Your registration for “%(title)s” is cancelled"),
    Notice.Kind.DECLINED: lambda: _("Your registration for “%(title)s” could not be accepted"),
}
HOLDS_A_PLACE = {Notice.Kind.CONFIRMED, Notice.Kind.PROMOTED}


def manage_link(registration):
    """The person's own link to change or cancel their registration (its key is the only secret)."""
    return absolute_url(reverse("events_registration", args=[registration.manage_key]))


@task(backend="background")
def send_notices(registration_id):
    sent = 0
    with mail.get_connection() as connection:
        for notice in Notice.objects.filter(registration_id=registration_id, status=Notice.Status.PENDING):
            sent += deliver(notice, connection)
    return sent


def deliver(notice, connection):
    claimed = Notice.objects.filter(pk=notice.pk, status=Notice.Status.PENDING).update(
        status=Notice.Status.SENDING
    )
    if not claimed:
        return 0
    try:
        message(notice, connection).send()
    except Exception:
        logger.exception("Registration notice %s failed", notice.pk)
        Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.FAILED)
        return 0
    Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.SENT, sent_at=timezone.now())
    return 1


def message(notice, connection):
    registration = Registration.objects.select_related("event").get(pk=notice.registration_id)
    event = registration.event
    language = SITE_LANGUAGE.get(registration.language, "es")
    with translation.override(language):
        translated = event.get_translation_or_none(locale_for(language)) or event
        context = {
            "registration": registration,
            "event": translated,
            "kind": notice.kind,
            "holds_a_place": notice.kind in HOLDS_A_PLACE,
            "online_url": event.online_url if notice.kind in HOLDS_A_PLACE else "",
            "event_url": translated.get_full_url(),
            "manage_link": manage_link(registration),
            "starts": timezone.localtime(event.starts_at, event.zone),
            "ends": timezone.localtime(event.ends_at, event.zone),
        }
        subject = SUBJECTS[notice.kind]() % {"title": translated.title}
        body = render_to_string("events/email/notice.txt", context)
    email = mail.EmailMessage(subject=subject, body=body, to=[registration.email], connection=connection)
    if notice.kind in HOLDS_A_PLACE:
        email.attach(f"{event.slug}.ics", registrant_calendar(registration), "text/calendar")
    return email


def locale_for(language):
    from wagtail.models import Locale

    return Locale.objects.filter(language_code=language).first()
