"""Staff cancel an event: everyone still registered (confirmed, waiting, awaiting approval) is cancelled and
told once, by e-mail in their own language, through the registrations' own e-mails (`registration.tell`).

The event's row is locked as for every change to its places (`registration.locked_event`), so a person
registering at that moment is either cancelled with the others or refused after. The cancellation is its
own record (`EventCancellation`, see its docstring): a second request finds it and changes nothing. E-mails
still waiting to go to those people (a confirmation, a reminder) are dropped, so that the cancellation is
the last and only word they get. The event's page, listing, calendars and the people's personal pages read
the record; the event's audit log says who cancelled it and how many were told.
"""

from django.db import transaction
from wagtail.log_actions import log

from .models import EventCancellation, Notice, Registration
from .registration import locked_event, tell

# The event page's audit log (formatted in wagtail_hooks.py).
EVENT_CANCELLED_ACTION = "events.event_cancelled"


def to_be_told(event):
    """The registrations a cancellation of `event` (its original page) cancels and tells."""
    return event.registrations.active()


def cancel_event(event, user, message=""):
    """Cancel `event` (its original page) and its active registrations, each person told by e-mail; returns
    how many were told, or None when the event was cancelled already (nothing changes)."""
    with transaction.atomic():
        event = locked_event(event.pk)
        if EventCancellation.objects.filter(event=event).exists():
            return None
        EventCancellation.objects.create(event=event, cancelled_by=user, message=message.strip())
        registrations = list(to_be_told(event).select_for_update().order_by("pk"))
        Notice.objects.filter(registration__in=registrations, status=Notice.Status.PENDING).exclude(
            kind=Notice.Kind.CERTIFICATE
        ).delete()
        for registration in registrations:
            registration.status = Registration.Status.CANCELLED
            registration.save(update_fields=["status", "updated_at"])
            tell(registration, Notice.Kind.EVENT_CANCELLED)
        log(event, EVENT_CANCELLED_ACTION, user=user, data={"told": len(registrations)})
    return len(registrations)
