"""Deleting a page in the admin never deletes an event's registrations.

Deleting an event page would take its registrations along (and with them the check-ins, e-mails and issued
certificates, whose printed verification links would stop working): Wagtail's delete view, the explorer's
bulk deletion and the deletion of a page above such an event (the events index, a home) are refused with a
message that says what to do instead. Registrations belong to the event's original page, so deleting a
translation is never refused. The rule lives in Wagtail's hooks (registered in events/wagtail_hooks.py), not
in the models: code that deletes an event on purpose (a test, a data job) still may.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from .models import EventPage


def events_with_registrations(pages):
    """The events among `pages` and the pages under them that have registrations, by title."""
    if not pages:
        return EventPage.objects.none()
    within = reduce(or_, (Q(path__startswith=page.path) for page in pages))
    return EventPage.objects.filter(within, registrations__isnull=False).distinct().order_by("title")


def refusal(pages):
    """What staff are told when deleting `pages` would delete registrations, or None if it would not."""
    titles = list(events_with_registrations(pages).values_list("title", flat=True))
    if not titles:
        return None
    return _(
        "Nothing was deleted: people registered for %(events)s. Deleting an event would delete their "
        "registrations, check-ins and certificates. Unpublish the event instead, or cancel it to tell "
        "the people registered."
    ) % {"events": ", ".join(f"“{title}”" for title in titles)}


def refuse_deleting_registered_events(request, page):
    """The `before_delete_page` hook: the confirmation and the deletion are refused alike."""
    if reason := refusal([page]):
        messages.error(request, reason)
        back = get_valid_next_url_from_request(request) or reverse("wagtailadmin_pages:edit", args=[page.pk])
        return HttpResponseRedirect(back)
    return None


def refuse_bulk_deleting_registered_events(request, action_type, objects, action):
    """The `before_bulk_action` hook: the explorer's "Delete" of several pages keeps them all."""
    if action_type != "delete" or not issubclass(action.model, Page):
        return None
    if reason := refusal(list(objects)):
        messages.error(request, reason)
        return HttpResponseRedirect(action.next_url)
    return None
