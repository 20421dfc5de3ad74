"""iCalendar (RFC 5545) of the published events: one file per event and a feed of them all.

Made with the `icalendar` library. Public files carry only what the event page shows; the online link
goes only into the copy attached to a confirmed registrant's e-mail (`registrant_calendar`).
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .listing import published_events
from .page_context import with_host_places, written_place

PRODUCT = "-//Learning Cities Network//Events//ES"
FEED_MONTHS_BACK = 12


def calendar_of(events, name):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in with_host_places(list(events)):
        calendar.add_component(calendar_event(event, host_place=event.host_place))
    calendar.add_missing_timezones()
    return calendar


def calendar_event(event, online_url="", words=None, host_place=None):
    """One VEVENT, its times in the event's own time zone; UID from the event's translation key, so that
    every language's copy is the same event in a calendar. `words` is the page whose title, summary,
    place and address are given (a translation of `event`; `event` itself by default), `host_place` the
    host city visitors may see in that language (page_context.with_host_places)."""
    words = words or event
    item = CalendarEvent()
    item.add("uid", f"{event.translation_key}@{settings.WAGTAILADMIN_BASE_URL.split('//', 1)[-1]}")
    item.add("dtstamp", timezone.now())
    starts, ends = event.starts_at.astimezone(event.zone), event.ends_at.astimezone(event.zone)
    if event.all_day:  # DATE values; the end is exclusive (RFC 5545).
        item.add("dtstart", starts.date())
        item.add("dtend", ends.date() + timedelta(days=1))
    else:
        item.add("dtstart", starts)
        item.add("dtend", ends)
    item.add("summary", words.title)
    if event.last_published_at:
        item.add("last-modified", event.last_published_at)
    page_url = words.get_full_url() or ""
    description = [words.summary, page_url]
    if online_url:
        description.append(online_url)
    item.add("description", "\n\n".join(part for part in description if part))
    if page_url:
        item.add("url", page_url)
    place = written_place(words, host_place)
    if place:
        item.add("location", place)
    elif online_url:
        item.add("location", online_url)
    item.add("categories", [event.get_kind_display()])
    if event.is_cancelled:
        item.add("status", "CANCELLED")
    return item


def ics_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_response(event, request):
    return ics_response(calendar_of([event], event.title), f"{event.slug}.ics")


def feed_response(index, request):
    """Published events of this language, from a year back: calendar apps keep what they have seen."""
    since = timezone.now() - timezone.timedelta(days=30 * FEED_MONTHS_BACK)
    events = published_events(index).filter(ends_at__gte=since).order_by("starts_at", "pk")
    return ics_response(calendar_of(events, index.title), "events.ics")


def registrant_calendar(registration):
    """The event as attached to a registrant's e-mail, in their language (the event's translation, if it
    has one): the online link only for a confirmed place. The times are the original's, which
    registrations belong to."""
    event = registration.event
    online_url = event.online_url if registration.status == registration.Status.CONFIRMED else ""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    with translation.override(registration.site_language):
        [event] = with_host_places([event])
        words = registration.event_in_own_language()
        item = calendar_event(event, online_url=online_url, words=words, host_place=event.host_place)
    calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
