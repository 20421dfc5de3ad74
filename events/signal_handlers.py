"""What publishing an event sets going (the registrants' reminders follow the event's published time, more
places go to the people waiting), what deleting a confirmed registration does (its place goes to the
first person waiting, whatever deleted it: staff, a contact's deletion or erasure, a merge), and what the
background worker picks up when it starts (registration e-mails still waiting)."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published

from contacts.privacy import keep_whose_registration
from network.worker import worker_starting

from .models import EventPage, Registration
from .notices import resume_pending_notices, schedule_event_reminders
from .registration import places_freed


def event_published(sender, instance, **kwargs):
    if instance.locale.language_code == settings.LANGUAGE_CODE:
        schedule_event_reminders(instance)
        places_freed(instance.pk)  # In the publishing transaction: more places and who gets them, together.


def registration_deleted(sender, instance, **kwargs):
    """A confirmed person's place is given once the deletion has committed, under the event's lock taken
    then: taken inside a deletion (which has locked the registration rows already), it could deadlock with
    a cancellation, which locks the event first. The registration's history entries, which name the
    person, keep whose they were, for an erasure of the person to find them."""
    keep_whose_registration(instance)
    if instance.status == Registration.Status.CONFIRMED:
        transaction.on_commit(partial(places_freed, instance.event_id), robust=True)


def worker_started(sender, **kwargs):
    if queued := resume_pending_notices():
        return f"Registration e-mails queued again: {queued} registration(s)"
    return None


def register_signal_handlers():
    page_published.connect(event_published, sender=EventPage, dispatch_uid="events_reminders_on_publish")
    post_delete.connect(registration_deleted, sender=Registration, dispatch_uid="events_place_freed")
    worker_starting.connect(worker_started, dispatch_uid="events_resume_notices")
