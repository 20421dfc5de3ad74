"""What publishing an event sets going (the registrants' reminders follow the event's published time),
and what the background worker picks up when it starts (registration e-mails still waiting)."""

from django.conf import settings
from wagtail.signals import page_published

from network.worker import worker_starting

from .models import EventPage
from .notices import resume_pending_notices, schedule_event_reminders


def event_published(sender, instance, **kwargs):
    if instance.locale.language_code == settings.LANGUAGE_CODE:
        schedule_event_reminders(instance)


def worker_started(sender, **kwargs):
    if queued := resume_pending_notices():
        return f"Registration e-mails queued again: {queued} registration(s)"
    return None


def register_signal_handlers():
    page_published.connect(event_published, sender=EventPage, dispatch_uid="events_reminders_on_publish")
    worker_starting.connect(worker_started, dispatch_uid="events_resume_notices")
