"""What publishing an event sets going: the registrants' reminders follow the event's published time."""

from django.conf import settings
from wagtail.signals import page_published

from .models import EventPage
from .notices import schedule_event_reminders


def event_published(sender, instance, **kwargs):
    if instance.locale.language_code == settings.LANGUAGE_CODE:
        schedule_event_reminders(instance)


def register_signal_handlers():
    page_published.connect(event_published, sender=EventPage, dispatch_uid="events_reminders_on_publish")
