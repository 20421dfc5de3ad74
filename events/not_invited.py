"""Who is on the list of an event by invitation, and the e-mail to an address that is not, typed on the
public form.

The form answers it as it answers every accepted form ("check your e-mail"), so that it tells nobody who
is on the list; this message tells the holder of the address instead. No registration, contact or notice
is made for the address: it travels in the queued task's arguments only (which the task queue keeps with
the finished task until its results are pruned). The background worker sends it, in the language chosen
on the form, and tries again later while the mail server fails (network/mail_server.py). It holds nothing
the form's sender typed but the address, so that a stranger cannot send text of their own to someone
else's mailbox through it.
"""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from network.mail_server import send_now_or_later
from network.senders import sender

from .models import SITE_LANGUAGE, EventPage


def invited(event, email):
    """Whether the address is a member's of the invited segment as it stands before the registration
    creates or fills in any contact: a city typed on the form must not put its writer on the list."""
    segment = event.invited_segment
    return segment is not None and segment.members().filter(emails__address__iexact=email).exists()


def tell_not_invited(event, email, language):
    """Queue the e-mail to `email` once the request's transaction has committed; `language` is the one
    chosen on the form (es, pt, en)."""
    # A queue that cannot be reached is logged: the page answers as it does for everyone.
    transaction.on_commit(partial(send_not_invited.enqueue, event.pk, email, language), robust=True)


@task(backend="background")
def send_not_invited(event_id, email, language, failing_since_iso=None):
    """Tell the address it is not on the event's list; returns whether the e-mail went out. Nothing for an
    event deleted or unpublished meanwhile."""
    event = EventPage.objects.live().filter(pk=event_id).first()
    if event is None:
        return False
    site_language = SITE_LANGUAGE.get(language, settings.LANGUAGE_CODE)
    with translation.override(site_language):
        # Its live translation only: a draft's title and address must not reach anyone.
        translated = event.in_language(site_language)
        subject = _("Registration for “%(title)s”: this address is not on the list") % {
            "title": translated.title
        }
        body = render_to_string(
            "events/email/not_invited.txt", {"event": translated, "event_url": translated.get_full_url()}
        )
        from_email = sender()

    def message(connection):
        return EmailMessage(
            subject=subject, body=body, from_email=from_email, to=[email], connection=connection
        )

    args = [event_id, email, language]
    return send_now_or_later(message, send_not_invited, args, failing_since_iso)
